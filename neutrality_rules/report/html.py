"""The caseload report as one self-contained HTML file: styles and charts inline, no script, no
network. A Bawaslu analyst reads it top-down: the key figures, where decisions departed from the law
(by region, by agency, prescribed against imposed), each departure explained, what the caseload is
made of, the doubts that drove the outcomes, and the cases the facts leave open.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..i18n import Lang, t
from ..ruleset.loader import RuleSet
from .aggregate import RESULTS, Caseload
from .svg import RESULT_COLOURS, hbar, heatmap, stacked
from .tables import Cell, Labels, Table

HTML_ROWS = 150
"""Long lists (departures, undetermined cases) show this many rows; the CSV and XLSX have them all."""

CSS = """
:root{--ink:#1d2733;--muted:#5b6775;--line:#dde3ea;--bg:#f6f8fa;--accent:#3b6ea8}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;
color:var(--ink);background:#fff}header{background:#17324d;color:#fff;padding:22px 32px}header h1{margin:0 0 4px;
font-size:24px}header p{margin:0;color:#c9d6e3}main{max-width:1180px;margin:0 auto;padding:8px 32px 48px}
h2{font-size:19px;margin:34px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line)}h3{font-size:15px;
margin:20px 0 6px}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}.card{flex:1 1 150px;background:var(--bg);
border:1px solid var(--line);border-radius:8px;padding:10px 14px}.card b{display:block;font-size:24px}.card span{
color:var(--muted);font-size:12px}.lead{font-size:15px;max-width:900px}.note{color:var(--muted);font-size:12px;
max-width:900px}table.data{border-collapse:collapse;margin:6px 0 4px;font-size:12.5px;width:100%}table.data th{
background:var(--bg);text-align:left;border-bottom:2px solid var(--line);padding:5px 7px;position:sticky;top:0}
table.data td{border-bottom:1px solid var(--line);padding:4px 7px;vertical-align:top}table.data td.num{
text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.scroll{max-height:520px;overflow:auto;
border:1px solid var(--line);border-radius:6px}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,
1fr));gap:10px 28px}.pill{display:inline-block;padding:0 7px;border-radius:9px;color:#fff;font-size:11.5px;
white-space:nowrap}footer{color:var(--muted);font-size:12px;border-top:1px solid var(--line);margin-top:40px;
padding-top:10px}svg.chart{max-width:100%;height:auto}
@media print{.scroll{max-height:none;overflow:visible}header{background:#fff;color:#000}}
"""


def fmt_int(value: int, lang: Lang) -> str:
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "id" else text


def fmt_rate(value: float | None, lang: Lang) -> str:
    if value is None:
        return "-"
    text = f"{100 * value:.1f}%"
    return text.replace(".", ",") if lang == "id" else text


def _cell(value: Cell, lang: Lang, rate: bool) -> str:
    if isinstance(value, bool) or value is None:
        return "<td></td>" if value is None else f"<td>{escape(str(value))}</td>"
    if isinstance(value, int):
        return f'<td class="num" data-value="{value}">{fmt_int(value, lang)}</td>'
    if isinstance(value, float):
        shown = fmt_rate(value, lang) if rate else f"{value}"
        return f'<td class="num" data-value="{value}">{shown}</td>'
    return f"<td>{escape(value)}</td>"


def html_table(table: Table, lang: Lang, limit: int | None = None, scroll: bool = False) -> str:
    rate_cols = {i for i, c in enumerate(table.columns) if c in RATE_HEADERS}
    rows = table.rows if limit is None else table.rows[:limit]
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(_cell(v, lang, i in rate_cols) for i, v in enumerate(r)) + "</tr>" for r in rows)
    html = (
        f'<table class="data" id="t-{table.id}" data-table="{table.id}" data-rows="{len(table.rows)}">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
    if scroll:
        html = f'<div class="scroll">{html}</div>'
    if limit is not None and len(table.rows) > limit:
        shown = t("report.shown_of", lang, shown=fmt_int(limit, lang), total=fmt_int(len(table.rows), lang))
        html += f'<p class="note">{escape(shown)}</p>'
    if table.note:
        html += f'<p class="note">{escape(table.note)}</p>'
    return html


RATE_HEADERS: set[str] = {t("report.col.departure_rate", "en"), t("report.col.departure_rate", "id")} | {
    t("report.col.deciding_share", "en"),
    t("report.col.deciding_share", "id"),
}


def _by_id(tables: Sequence[Table]) -> dict[str, Table]:
    return {tb.id: tb for tb in tables}


def render_html(cl: Caseload, rs: RuleSet, tables: Sequence[Table], lang: Lang, title: str, provenance: str) -> str:
    lb = Labels(rs, lang)
    tb = _by_id(tables)

    def n(value: int) -> str:
        return fmt_int(value, lang)

    rate = cl.departures / cl.comparable if cl.comparable else None
    cards = [
        (n(cl.checked), t("report.card.checked", lang)),
        (n(cl.status["violation"]), t("report.card.violation", lang)),
        (n(cl.status["not_determinable"]), t("report.card.not_determinable", lang)),
        (n(cl.decided), t("report.card.decided", lang)),
        (n(cl.comparable), t("report.card.comparable", lang)),
        (f"{n(cl.departures)} ({fmt_rate(rate, lang)})", t("report.card.departures", lang)),
    ]
    parts: list[str] = []
    parts.append('<div class="cards">')
    parts.extend(f'<div class="card"><b>{escape(v)}</b><span>{escape(label)}</span></div>' for v, label in cards)
    parts.append("</div>")
    parts.append(f'<p class="lead">{escape(_lead(cl, lang))}</p>')

    # 1. where decisions departed
    parts.append(f'<h2 id="departures-by-place">{escape(t("report.h.where", lang))}</h2>')
    parts.append(f'<p class="note">{escape(t("report.note.comparison", lang))}</p>')
    segments = [(r, lb.result(r)) for r in RESULTS]
    parts.append('<div class="grid"><div>')
    parts.append(f"<h3>{escape(t('report.table.results', lang))}</h3>")
    parts.append(
        hbar("results", t("report.table.results", lang), [(lb.result(r), cl.result[r]) for r in RESULTS], n, width=560)
    )
    parts.append(html_table(tb["results"], lang))
    parts.append("</div><div>")
    parts.append(f"<h3>{escape(t('report.table.decisions', lang))}</h3>")
    parts.append(
        hbar(
            "decisions",
            t("report.table.decisions", lang),
            [(lb.decision(k), v) for k, v in sorted(cl.decision.items(), key=lambda kv: -kv[1])],
            n,
            width=560,
        )
    )
    parts.append(html_table(tb["decisions"], lang))
    parts.append("</div></div>")
    by_province = sorted(cl.province.items(), key=lambda kv: (-kv[1].departures, -kv[1].decided, kv[0]))
    parts.append(f"<h3>{escape(t('report.h.by_province', lang))}</h3>")
    parts.append(
        stacked(
            "by-province",
            t("report.h.by_province", lang),
            [(k, {r: g.result[r] for r in RESULTS}) for k, g in by_province if g.decided][:40],
            segments,
            n,
        )
    )
    parts.append(f"<h3>{escape(t('report.table.by_region', lang))}</h3>")
    parts.append(html_table(tb["by_region"], lang, scroll=True))
    parts.append(f"<h3>{escape(t('report.table.by_agency', lang))}</h3>")
    by_agency = sorted(cl.agency.items(), key=lambda kv: (-kv[1].departures, -kv[1].decided, kv[0]))
    parts.append(
        stacked(
            "by-agency",
            t("report.table.by_agency", lang),
            [(k, {r: g.result[r] for r in RESULTS}) for k, g in by_agency if g.decided][:25],
            segments,
            n,
            width=880,
            label_width=370,
        )
    )
    parts.append(html_table(tb["by_agency"], lang, scroll=True))

    parts.append(f"<h3>{escape(t('report.table.prescribed_vs_imposed', lang))}</h3>")
    parts.append(_matrix(cl, rs, lb, n))
    parts.append(html_table(tb["prescribed_vs_imposed"], lang, scroll=True))
    if "recommendations_followed" in tb:
        parts.append(f"<h3>{escape(t('report.table.recommendations_followed', lang))}</h3>")
        parts.append(html_table(tb["recommendations_followed"], lang))

    # 2. the departures, explained
    parts.append(f'<h2 id="departures">{escape(t("report.table.departures", lang))}</h2>')
    parts.append(f'<p class="note">{escape(t("report.note.departures", lang))}</p>')
    parts.append(html_table(tb["departures"], lang, limit=HTML_ROWS, scroll=True))
    parts.append(f"<h3>{escape(t('report.table.not_comparable_reasons', lang))}</h3>")
    parts.append(html_table(tb["not_comparable_reasons"], lang))

    # 3. the caseload
    parts.append(f'<h2 id="caseload">{escape(t("report.h.caseload", lang))}</h2>')
    parts.append('<div class="grid">')
    for table_id, label_col, value_col in (
        ("by_subject", 0, 2),
        ("by_act", 0, 2),
        ("by_phase", 0, 2),
        ("by_track", 0, 2),
    ):
        table = tb[table_id]
        items = [(str(r[label_col]), int(r[value_col] or 0)) for r in table.rows]
        parts.append(f"<div><h3>{escape(table.title)}</h3>")
        parts.append(hbar(table_id.replace("_", "-"), table.title, items[:20], n, width=560))
        parts.append(html_table(table, lang) + "</div>")
    parts.append("</div>")
    parts.append(f"<h3>{escape(tb['by_tier'].title)}</h3>")
    parts.append(html_table(tb["by_tier"], lang))

    # 4. the doubts
    parts.append(f'<h2 id="doubts">{escape(t("report.table.flags", lang))}</h2>')
    flags = tb["flags"]
    parts.append(
        hbar(
            "flags", flags.title, [(str(r[0]), int(r[2] or 0)) for r in flags.rows[:15]], n, width=760, label_width=330
        )
    )
    parts.append(html_table(flags, lang, scroll=True))

    # 5. not determinable
    parts.append(f'<h2 id="undetermined">{escape(t("report.h.undetermined", lang))}</h2>')
    facts = tb["undetermined_facts"]
    parts.append(hbar("undetermined-facts", facts.title, [(str(r[0]), int(r[2] or 0)) for r in facts.rows[:15]], n))
    parts.append(html_table(facts, lang))
    parts.append(html_table(tb["undetermined"], lang, limit=HTML_ROWS, scroll=True))

    # 6. records that could not be checked
    if cl.errors:
        parts.append(f'<h2 id="errors">{escape(t("report.table.errors", lang))}</h2>')
        parts.append(html_table(tb["errors"], lang, limit=HTML_ROWS, scroll=True))

    parts.append(f"<footer>{escape(provenance)}<br>{escape(t('report.footer', lang))}</footer>")
    legend = "".join(
        f'<span class="pill" style="background:{RESULT_COLOURS[r]}">{escape(lb.result(r))}</span> ' for r in RESULTS
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1><p>{escape(t('report.subtitle', lang))}</p></header>"
        f'<main><p class="note">{legend}</p>{"".join(parts)}</main></body></html>\n'
    )


def _lead(cl: Caseload, lang: Lang) -> str:
    if not cl.comparable:
        return t("report.lead.none", lang, checked=fmt_int(cl.checked, lang), decided=fmt_int(cl.decided, lang))
    return t(
        "report.lead",
        lang,
        checked=fmt_int(cl.checked, lang),
        decided=fmt_int(cl.decided, lang),
        comparable=fmt_int(cl.comparable, lang),
        aligned=fmt_int(cl.result["aligned"], lang),
        lighter=fmt_int(cl.result["lighter"], lang),
        heavier=fmt_int(cl.result["heavier"], lang),
        other=fmt_int(cl.result["different_track"] + cl.result["mixed"], lang),
        rate=fmt_rate(cl.departures / cl.comparable, lang),
    )


def _matrix(cl: Caseload, rs: RuleSet, lb: Labels, n: object) -> str:
    severity = {k: (v.severity if v.on_scale else -1) for k, v in rs.sanctions.tiers.items()}
    special_rows = ["none", "not_determinable"]
    special_cols = ["outside_law", "not_proceeded", "no_violation", "pending"]
    prescribed = {p for p, _ in cl.matrix}
    imposed = {i for _, i in cl.matrix}
    order = lambda k: (k in special_rows or k in special_cols, -severity.get(k, -2), k)  # noqa: E731
    rows = [(k, lb.tier(k)) for k in sorted(prescribed, key=order)]
    cols = [(k, lb.tier(k)) for k in sorted(imposed, key=order)]
    fmt = n if callable(n) else str
    return heatmap(
        "prescribed-imposed",
        t("report.table.prescribed_vs_imposed", lb.lang),
        rows,
        cols,
        dict(cl.matrix),
        t("report.col.prescribed", lb.lang),
        t("report.col.imposed", lb.lang),
        fmt,
    )

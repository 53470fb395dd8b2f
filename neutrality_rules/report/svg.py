"""Charts as inline SVG, drawn in Python: the report opens offline, with no script and no CDN.

Three shapes cover the report: horizontal bars (counts by one term), stacked horizontal bars (the
comparison results of each region or agency) and a heat map (prescribed against imposed). Every mark
carries a <title> (the exact figure on hover) and the chart a role="img" with an accessible name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif"
BAR = "#3b6ea8"
RESULT_COLOURS = {
    "aligned": "#2e7d32",
    "lighter": "#ef6c00",
    "heavier": "#c62828",
    "different_track": "#6a1b9a",
    "mixed": "#8d6e63",
    "not_comparable": "#b0b0b0",
}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hbar(
    chart_id: str,
    title: str,
    items: Sequence[tuple[str, int]],
    fmt: Callable[[int], str] = str,
    width: int = 640,
    label_width: int = 260,
) -> str:
    """Horizontal bars, one per item, longest first as given."""
    row, top = 22, 8
    height = top * 2 + row * max(1, len(items))
    peak = max((v for _, v in items), default=0) or 1
    span = width - label_width - 70
    out = [
        f'<svg class="chart" id="chart-{chart_id}" data-chart="{chart_id}" role="img" aria-label="{escape(title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" style="{FONT};font-size:12px">',
        f"<title>{escape(title)}</title>",
    ]
    for k, (label, value) in enumerate(items):
        y = top + k * row
        w = max(1.0, span * value / peak) if value else 0.0
        out.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" fill="#222">'
            f"{escape(_clip(label, label_width // 7))}</text>"
            f'<rect class="bar" x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{BAR}" '
            f'data-value="{value}"><title>{escape(label)}: {escape(fmt(value))}</title></rect>'
            f'<text x="{label_width + w + 5:.1f}" y="{y + 15}" fill="#222">{escape(fmt(value))}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def stacked(
    chart_id: str,
    title: str,
    items: Sequence[tuple[str, dict[str, int]]],
    segments: Sequence[tuple[str, str]],
    fmt: Callable[[int], str] = str,
    width: int = 760,
    label_width: int = 250,
) -> str:
    """Horizontal bars split into coloured segments (`segments`: key and legend label), drawn to scale
    of the largest total, with a legend."""
    row, top, legend = 22, 8, 26
    height = top * 2 + legend + row * max(1, len(items))
    peak = max((sum(v.values()) for _, v in items), default=0) or 1
    span = width - label_width - 60
    out = [
        f'<svg class="chart" id="chart-{chart_id}" data-chart="{chart_id}" role="img" aria-label="{escape(title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" style="{FONT};font-size:12px">',
        f"<title>{escape(title)}</title>",
    ]
    x = label_width
    for key, label in segments:
        out.append(
            f'<rect x="{x}" y="{top}" width="12" height="12" fill="{RESULT_COLOURS.get(key, BAR)}"/>'
            f'<text x="{x + 16}" y="{top + 10}" fill="#222">{escape(label)}</text>'
        )
        x += 22 + 7 * len(label)
    for k, (label, values) in enumerate(items):
        y = top + legend + k * row
        out.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" fill="#222">'
            f"{escape(_clip(label, label_width // 7))}</text>"
        )
        x0 = float(label_width)
        for key, seg_label in segments:
            value = values.get(key, 0)
            if not value:
                continue
            w = span * value / peak
            out.append(
                f'<rect class="seg" x="{x0:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
                f'fill="{RESULT_COLOURS.get(key, BAR)}" data-key="{key}" data-value="{value}">'
                f"<title>{escape(label)}: {escape(seg_label)} {escape(fmt(value))}</title></rect>"
            )
            x0 += w
        out.append(f'<text x="{x0 + 5:.1f}" y="{y + 15}" fill="#222">{escape(fmt(sum(values.values())))}</text>')
    out.append("</svg>")
    return "".join(out)


def heatmap(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, str]],
    cols: Sequence[tuple[str, str]],
    values: dict[tuple[str, str], int],
    row_axis: str,
    col_axis: str,
    fmt: Callable[[int], str] = str,
    diagonal: Callable[[str, str], bool] = lambda r, c: r == c,
) -> str:
    """A matrix of counts (rows: prescribed, columns: imposed); the cells where both agree are outlined."""
    cell_w, cell_h, left, head = 92, 30, 230, 120
    width = left + cell_w * len(cols) + 10
    height = head + cell_h * len(rows) + 30
    peak = max(values.values(), default=0) or 1
    out = [
        f'<svg class="chart" id="chart-{chart_id}" data-chart="{chart_id}" role="img" aria-label="{escape(title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" style="{FONT};font-size:11px">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="14" font-weight="bold" fill="#222">{escape(col_axis)} →</text>',
        f'<text x="4" y="{head - 8}" font-weight="bold" fill="#222">{escape(row_axis)} ↓</text>',
    ]
    for j, (_, label) in enumerate(cols):
        x = left + j * cell_w + cell_w / 2
        out.append(
            f'<text transform="translate({x:.0f},{head - 6}) rotate(-40)" fill="#222">{escape(_clip(label, 22))}</text>'
        )
    for i, (rkey, rlabel) in enumerate(rows):
        y = head + i * cell_h
        out.append(
            f'<text x="{left - 6}" y="{y + 19}" text-anchor="end" fill="#222">{escape(_clip(rlabel, 36))}</text>'
        )
        for j, (ckey, clabel) in enumerate(cols):
            x = left + j * cell_w
            value = values.get((rkey, ckey), 0)
            shade = 0.08 + 0.85 * value / peak if value else 0.0
            colour = f"rgba(59,110,168,{shade:.3f})" if value else "#f4f4f4"
            stroke = ' stroke="#2e7d32" stroke-width="2.5"' if diagonal(rkey, ckey) else ' stroke="#fff"'
            ink = "#fff" if shade > 0.55 else "#222"
            out.append(
                f'<rect class="cell" x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" fill="{colour}"'
                f'{stroke} data-row="{rkey}" data-col="{ckey}" data-value="{value}">'
                f"<title>{escape(rlabel)} → {escape(clabel)}: {escape(fmt(value))}</title></rect>"
            )
            if value:
                out.append(
                    f'<text x="{x + cell_w / 2:.0f}" y="{y + 19}" text-anchor="middle" fill="{ink}">'
                    f"{escape(fmt(value))}</text>"
                )
    out.append("</svg>")
    return "".join(out)

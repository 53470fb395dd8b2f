"""The coverage audit: for every act type x subject role x election type x track, the rule that decides
it or the declaration that says, citing the law, why no rule applies.

Omissions of a whole track (a kepala desa's favouring act with no criminal referral, a camat's appeal
to vote with none) are invisible to the gap check, which only asks whether *some* rule covers an act for
a role. The audit asks it per track, and `nrules verify` fails on a cell that is neither decided nor
declared, on a declaration that speaks for no undecided cell, and on a criminal article whose named
subjects are neither ruled nor declared (or that a rule applies to a subject it does not name). The
table is generated from the rule set and committed (docs/audit.md), so a reader who did not write the
rules can check it against the texts. Its cells are per election type: an omission confined to some
dates or phases is the gap check's to find (`nrules verify`), not the table's.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from ..ruleset.loader import Problem, RuleSet
from ..ruleset.models import CriminalArticle, Declaration
from .checks import Matcher, calendar_slices, rules_by_act_role

ELECTION_TYPES: tuple[str, ...] = ("pemilu", "pilkada")


@dataclass
class Cell:
    election: str
    act: str
    role: str
    track: str
    rules: list[str] = field(default_factory=list)
    declarations: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.rules:
            return "decided"
        return "declared" if self.declarations else "missing"


@dataclass
class ArticleRow:
    article: CriminalArticle
    role: str
    named: bool
    rules: list[str]
    declared: bool


@dataclass
class Audit:
    cells: list[Cell]
    articles: list[ArticleRow]
    problems: list[Problem]

    def count(self, status: str) -> int:
        return sum(1 for c in self.cells if c.status == status)


def audit_roles(rs: RuleSet) -> list[str]:
    """Every role of the vocabulary (aliases are the same role; a role that counts as another, like the
    lurah, is audited on its own so that the inheritance is visible)."""
    return list(rs.vocabulary.roles)


def _expand_acts(rs: RuleSet, decl: Declaration) -> tuple[set[str], list[str]]:
    return expand_act_items(rs, decl.acts)


def expand_act_items(rs: RuleSet, items: list[str]) -> tuple[set[str], list[str]]:
    """Act types named by a declaration's `acts` (`*`, `@group` or act types), and the unknown items."""
    acts: set[str] = set()
    unknown: list[str] = []
    for item in items:
        if item == "*":
            acts |= set(rs.vocabulary.act_types)
        elif item.startswith("@"):
            group = rs.declarations.act_groups.get(item[1:])
            if group is None:
                unknown.append(item)
            else:
                acts |= set(group)
        elif item in rs.vocabulary.act_types:
            acts.add(item)
        else:
            unknown.append(item)
    return acts, unknown


def reachability(rs: RuleSet) -> dict[tuple[str, str, str], set[str]]:
    """(election type, act type, role) -> the rules that can match on some calendar date."""
    by_act_role = rules_by_act_role(rs)
    matcher = Matcher(rs)
    roles = audit_roles(rs)
    out: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for piece in calendar_slices(rs):
        etype = str(piece.facts["election.type"])
        for act in rs.vocabulary.act_types:
            for role in roles:
                candidates = by_act_role.get((act, role), ())
                if not candidates:
                    continue
                facts = {**piece.facts, "act.type": act, "subject.role": role}
                for rule, rt in candidates:
                    key = (etype, act, role)
                    if rule.id not in out[key] and matcher.can_match(rule, rt, facts, piece):
                        out[key].add(rule.id)
    return out


def run_audit(rs: RuleSet) -> Audit:
    problems: list[Problem] = []
    where = rs.locate("declarations.yaml", ())
    decl_where = {
        d.id: rs.locate("declarations.yaml", ("declarations", i)) for i, d in enumerate(rs.declarations.declarations)
    }
    reach = reachability(rs)
    roles = audit_roles(rs)
    tracks = list(rs.sanctions.tracks)
    by_id = rs.by_id
    # which cells each declaration claims
    claims: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    seen_ids: set[str] = set()
    for decl in rs.declarations.declarations:
        here = decl_where[decl.id]
        if decl.id in seen_ids:
            problems.append(Problem("audit", f"declaration {decl.id} defined twice", (here,)))
        seen_ids.add(decl.id)
        acts, unknown = _expand_acts(rs, decl)
        if unknown:
            problems.append(Problem("audit", f"declaration {decl.id}: unknown act types {unknown}", (here,)))
        for track in decl.tracks:
            if track not in rs.sanctions.tracks:
                problems.append(Problem("audit", f"declaration {decl.id}: unknown track {track}", (here,)))
        bad_subjects = [s for s in decl.subjects if s not in rs.vocabulary.roles and s not in rs.vocabulary.groups]
        if bad_subjects:
            problems.append(Problem("audit", f"declaration {decl.id}: unknown subjects {bad_subjects}", (here,)))
        missing = [k for k in decl.basis if k not in rs.sources.provisions]
        if missing:
            problems.append(Problem("audit", f"declaration {decl.id}: basis not in sources {missing}", (here,)))
        bad_flags = [f for f in decl.flags if f not in rs.flags.flags]
        if bad_flags:
            problems.append(Problem("audit", f"declaration {decl.id}: unknown flags {bad_flags}", (here,)))
        if decl.exemption is not None and (
            decl.exemption not in by_id or by_id[decl.exemption].rule.kind != "exemption"
        ):
            problems.append(
                Problem("audit", f"declaration {decl.id}: {decl.exemption} is not an exemption rule", (here,))
            )
        for role in rs.expand_subjects(decl.subjects):
            for act in acts:
                for election in decl.elections:
                    for track in decl.tracks:
                        claims[(election, act, role, track)].append(decl.id)
    cells: list[Cell] = []
    for etype in ELECTION_TYPES:
        for act in rs.vocabulary.act_types:
            for role in roles:
                reachable = reach.get((etype, act, role), set())
                for track in tracks:
                    deciding = sorted(
                        rid
                        for rid in reachable
                        if by_id[rid].rule.kind == "violation"
                        and by_id[rid].rule.outcome is not None
                        and by_id[rid].rule.outcome.track == track  # type: ignore[union-attr]
                    )
                    # a declaration speaks for the cells no rule decides; where a rule decides, the rule wins
                    declared = [] if deciding else claims.get((etype, act, role, track), [])
                    cells.append(Cell(etype, act, role, track, deciding, declared))
    missing_cells = [c for c in cells if c.status == "missing"]
    grouped: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for c in missing_cells:
        grouped[(c.election, c.role, c.track)].append(c.act)
    for (etype, role, track), acts_missing in sorted(grouped.items()):
        problems.append(
            Problem(
                "audit",
                f"neither decided nor declared: {etype} / {role} / track {track}: {', '.join(sorted(acts_missing))}",
                (where,),
            )
        )
    articles, article_problems = _articles(rs)
    problems.extend(article_problems)
    used = {d for c in cells for d in c.declarations}
    for decl in rs.declarations.declarations:
        if decl.id not in used:
            problems.append(
                Problem(
                    "audit",
                    f"declaration {decl.id} speaks for no cell (rules decide all it names)",
                    (decl_where[decl.id],),
                )
            )
    return Audit(cells=cells, articles=articles, problems=problems)


def _article_rules(rs: RuleSet, article: CriminalArticle) -> dict[str, list[str]]:
    """role -> rules whose basis cites one of the article's provisions."""
    out: dict[str, list[str]] = defaultdict(list)
    wanted = set(article.provisions)
    for rule in rs.rules:
        if rule.rule.kind != "violation" or not wanted & set(rule.rule.basis):
            continue
        for role in rule.subjects:
            out[role].append(rule.id)
    return out


def _articles(rs: RuleSet) -> tuple[list[ArticleRow], list[Problem]]:
    rows: list[ArticleRow] = []
    problems: list[Problem] = []
    roles = audit_roles(rs)
    for i, article in enumerate(rs.declarations.criminal_articles):
        here = rs.locate("declarations.yaml", ("criminal_articles", i))
        missing = [k for k in article.provisions if k not in rs.sources.provisions]
        if missing:
            problems.append(
                Problem("audit", f"criminal article {article.id}: provisions not in sources {missing}", (here,))
            )
        named = set(rs.expand_subjects(article.names))
        declared = {r for d in article.declared for r in rs.expand_subjects(d.subjects)}
        ruled = _article_rules(rs, article)
        for role in roles:
            rules = sorted(ruled.get(role, []))
            is_named = role in named
            is_declared = role in declared
            if is_named or rules or is_declared:
                rows.append(ArticleRow(article, role, is_named, rules, is_declared))
            if is_named and not rules and not is_declared:
                problems.append(
                    Problem(
                        "audit",
                        f"criminal article {article.id} names {role} but no rule applies it and none declares why",
                        (here,),
                    )
                )
            if rules and not is_named:
                problems.append(
                    Problem(
                        "audit",
                        f"criminal article {article.id} does not name {role}, yet {', '.join(rules)} apply it",
                        (here,),
                    )
                )
            if rules and is_declared:
                problems.append(
                    Problem(
                        "audit",
                        f"criminal article {article.id}: {role} is both ruled ({', '.join(rules)}) and declared",
                        (here,),
                    )
                )
    return rows, problems


# ---------------------------------------------------------------- rendering
def _cell_text(cell: Cell) -> str:
    if cell.rules:
        return "<br>".join(cell.rules)
    if cell.declarations:
        return "<br>".join(f"*{d}*" for d in cell.declarations)
    return "**MISSING**"


def render_markdown(rs: RuleSet, audit: Audit) -> str:
    tracks = list(rs.sanctions.tracks)
    lines: list[str] = []
    add = lines.append
    add("# Coverage audit: every act type, subject, election type and track")
    add("")
    add("Generated by `nrules rules audit` from the rule set (rules/) and its declarations")
    add("(rules/declarations.yaml); do not edit by hand. `nrules verify` fails when a cell is neither decided")
    add("nor declared. A cell names the rules that decide it (a rule decides a cell when it can match that act")
    add("type, for that subject, on some date of an election of that type), or, in italics, the declaration that")
    add("says why no rule applies; the declarations are listed with their reasons at the end.")
    add("")
    add(
        f"Cells: {len(audit.cells)}; decided by a rule: {audit.count('decided')}; declared: "
        f"{audit.count('declared')}; neither: {audit.count('missing')}."
    )
    add("")
    add("## Criminal articles and the subjects they name")
    add("")
    add("| article | subject | named by the text | rules that apply it | declared |")
    add("|---|---|---|---|---|")
    for row in audit.articles:
        add(
            f"| {row.article.id} ({row.article.election}) | {row.role} | {'yes' if row.named else 'no'} | "
            f"{'<br>'.join(row.rules) or '-'} | {'yes' if row.declared else '-'} |"
        )
    add("")
    for article in rs.declarations.criminal_articles:
        add(f"- **{article.id}**: {article.title.en}")
        if article.names_note:
            add(f"  - Also named: {article.names_note.en}")
        for d in article.declared:
            add(f"  - {', '.join(d.subjects)}: {d.reason.en}")
    add("")
    for etype in ELECTION_TYPES:
        add(f"## {etype.capitalize()}")
        add("")
        for role in audit_roles(rs):
            add(f"### {etype} / {role}: {rs.vocabulary.roles[role].label.en}")
            add("")
            add("| act type | " + " | ".join(tracks) + " |")
            add("|---|" + "---|" * len(tracks))
            index = {(c.act, c.track): c for c in audit.cells if c.election == etype and c.role == role}
            for act in rs.vocabulary.act_types:
                add(f"| {act} | " + " | ".join(_cell_text(index[(act, t)]) for t in tracks) + " |")
            add("")
    add("## Declarations")
    add("")
    for decl in rs.declarations.declarations:
        scope = f"{', '.join(decl.tracks)}; {', '.join(decl.subjects)}; {', '.join(decl.elections)}"
        add(f"- **{decl.id}** ({scope}): {decl.reason.en}")
        extra = []
        if decl.basis:
            extra.append("basis: " + ", ".join(decl.basis))
        if decl.exemption:
            extra.append("exemption rule: " + decl.exemption)
        if decl.flags:
            extra.append("flags: " + ", ".join(decl.flags))
        if extra:
            add("  (" + "; ".join(extra) + ")")
    add("")
    return "\n".join(lines)


def render_csv(audit: Audit) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["election", "act", "role", "track", "status", "rules", "declarations"])
    for c in audit.cells:
        writer.writerow([c.election, c.act, c.role, c.track, c.status, " ".join(c.rules), " ".join(c.declarations)])
    return buf.getvalue()


def audit_problems(rs: RuleSet) -> list[Problem]:
    """The audit's problems, for `nrules verify` (empty when the rule set declares no audit data)."""
    return run_audit(rs).problems


__all__ = ["Audit", "Cell", "audit_problems", "render_csv", "render_markdown", "run_audit"]

"""The decided outcome set against what the law prescribes.

An incident may record what was actually decided (`incident.decision`: who decided, when, the sanction
imposed or that nothing was). This module reads that record in the rule set's own terms (tracks,
tiers and option ids of rules/sanctions.yaml, bodies of rules/authorities.yaml) and compares it, line
by line, with the verdict's sanctions:

- a *line* is one consequence for the same conduct: kode etik and discipline are one line (the SKB 2022
  moves one act from sanksi moral to a disciplinary tier at candidate determination, and
  sanctions.yaml declares them `line: personnel`), every other track is its own line;
- on a line, tiers on the one scale of sanctions.yaml compare by severity: aligned, lighter, heavier;
  tiers off the scale (referrals, candidacy) align only with themselves;
- a line the law prescribes and the decision covers but imposed nothing on is lighter; a line the
  decision imposed on but the law prescribes nothing on is heavier; a line the decision does not
  cover (a court decides the criminal track, not discipline) is `not_recorded`, said and not counted.

The whole comparison is never silent: when it cannot be made (the matter is pending, the facts were
found not proven, the verdict is not determinable, the decision names no tier), the result is
`not_comparable` with the reason. The law stays in rules/: nothing here names a tier or an article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import IncidentError
from .i18n import Lang, t
from .incident import DecidedSanction, Decision, Incident
from .ruleset.loader import RuleSet
from .ruleset.parse import did_you_mean
from .verdict import (
    Bilingual,
    Comparison,
    ComparisonResult,
    LineComparison,
    LineResult,
    SanctionRef,
    TrackSanction,
    Verdict,
)

COURT = "court"
"""The one deciding body the rule set's authorities do not list: courts decide the criminal track."""


def body_ids(rs: RuleSet) -> list[str]:
    return [*rs.authorities.bodies, COURT]


def body_label(rs: RuleSet, body: str | None) -> Bilingual | None:
    if body is None:
        return None
    if body in rs.authorities.bodies:
        label = rs.authorities.bodies[body].label
        return Bilingual(en=label.en, id=label.id)
    return _both("decision.body.court")


def _both(key: str, **params: object) -> Bilingual:
    return Bilingual(en=t(key, "en", **params), id=t(key, "id", **params))


def _unknown(field_path: str, got: str, options: Iterable[str], key: str = "decision.unknown_term") -> IncidentError:
    opts = list(options)
    hint = did_you_mean(got, opts)
    params: dict[str, Any] = {"allowed": ", ".join(opts[:40]) + (" ..." if len(opts) > 40 else "")}
    if hint:
        params["hint"] = hint
    return IncidentError(key, field=field_path, got=repr(got), **params)


def option_ids(rs: RuleSet, track: str | None = None) -> list[str]:
    """Every sanction option id of the rule set (of one track's tiers when `track` is given)."""
    tiers = rs.sanctions.tiers
    seen: dict[str, None] = {}
    for oset in rs.sanctions.option_sets:
        if track is None or tiers[oset.tier].track == track:
            seen.update((o.id, None) for o in oset.options)
    return list(seen)


def validate_decision(rs: RuleSet, decision: Decision) -> None:
    """Every term of the decision exists in the rule set: tracks, tiers of that track, option ids of
    that track, deciding bodies. Raises IncidentError naming the field, with a "did you mean"."""
    if decision.decided_by is not None and decision.decided_by not in body_ids(rs):
        raise _unknown("decision.decided_by", decision.decided_by, body_ids(rs))
    for i, track in enumerate(decision.tracks or ()):
        if track not in rs.sanctions.tracks:
            raise _unknown(f"decision.tracks[{i}]", track, rs.sanctions.tracks)
    for i, sanction in enumerate(decision.sanctions):
        _validate_sanction(rs, sanction, f"decision.sanctions[{i}]")
    if decision.recommendation is not None:
        rec = decision.recommendation
        if rec.by not in body_ids(rs):
            raise _unknown("decision.recommendation.by", rec.by, body_ids(rs))
        for i, sanction in enumerate(rec.sanctions):
            _validate_sanction(rs, sanction, f"decision.recommendation.sanctions[{i}]")


def _validate_sanction(rs: RuleSet, s: DecidedSanction, where: str) -> None:
    tracks, tiers = rs.sanctions.tracks, rs.sanctions.tiers
    if s.track is not None and s.track not in tracks:
        raise _unknown(f"{where}.track", s.track, tracks)
    if s.tier is not None:
        if s.tier not in tiers:
            raise _unknown(f"{where}.tier", s.tier, tiers)
        if s.track is not None and tiers[s.tier].track != s.track:
            raise _unknown(f"{where}.tier", s.tier, tracks[s.track].tiers, "decision.tier_not_of_track")
    if s.option is not None:
        track = s.track or (tiers[s.tier].track if s.tier else None)
        allowed = option_ids(rs, track)
        if s.option not in allowed:
            key = "decision.unknown_term" if track is None else "decision.option_not_of_track"
            raise _unknown(f"{where}.option", s.option, allowed, key)


# ---------------------------------------------------------------- reading the decision in the law's terms
@dataclass
class _Side:
    """One sanction on one line, prescribed or decided, resolved to the rule set's terms."""

    track: str
    tier: str | None
    option: str | None = None
    outside_law: bool = False
    as_reported: str | None = None
    regime: str | None = None
    notes: list[Bilingual] = field(default_factory=list)


def _line(rs: RuleSet, track: str) -> str:
    return rs.sanctions.tracks[track].line or track


def _severity(rs: RuleSet, side: _Side) -> int | None:
    if side.outside_law:
        return 0
    if side.tier is None:
        return None
    tier = rs.sanctions.tiers[side.tier]
    return tier.severity if tier.on_scale else None


def _option_label(rs: RuleSet, option: str, tier: str | None, regime: str | None) -> Bilingual | None:
    candidates = [s for s in rs.sanctions.option_sets if tier is None or s.tier == tier]
    candidates.sort(key=lambda s: (s.regime != regime, s.status != "in_force"))
    for oset in candidates:
        for o in oset.options:
            if o.id == option:
                return Bilingual(en=o.label.en, id=o.label.id)
    return None


def _resolve(rs: RuleSet, s: DecidedSanction, prescribed: dict[str, TrackSanction]) -> _Side:
    """A decided sanction in the law's terms. The concrete option decides the tier when the record's
    tier and option disagree (the option is what was imposed); the disagreement becomes a note."""
    tiers, osets = rs.sanctions.tiers, rs.sanctions.option_sets
    track = s.track or (tiers[s.tier].track if s.tier else None)
    if track is None and s.option is not None:
        owners = {tiers[o.tier].track for o in osets if any(x.id == s.option for x in o.options)}
        track = owners.pop() if len(owners) == 1 else None
    if track is None:  # an option shared by several tracks, with neither track nor tier given
        track = "?"
    regime = prescribed[track].regime if track in prescribed else None
    tier = s.tier
    if tier is None and track in rs.sanctions.tracks and len(rs.sanctions.tracks[track].tiers) == 1:
        tier = rs.sanctions.tracks[track].tiers[0]
    notes: list[Bilingual] = []
    if s.option is not None and track in rs.sanctions.tracks:
        holders = [o for o in osets if tiers[o.tier].track == track and any(x.id == s.option for x in o.options)]
        in_regime = {o.tier for o in holders if o.regime == regime}
        anywhere = {o.tier for o in holders}
        found = in_regime if len(in_regime) == 1 else (anywhere if len(anywhere) == 1 else set())
        option_tier = found.pop() if found else (s.tier if s.tier in anywhere else None)
        if option_tier is not None and s.tier is not None and option_tier != s.tier:
            notes.append(
                _both_params(
                    "compare.note.tier_option_mismatch",
                    stated=_tier_word(rs, s.tier),
                    option=_option_label(rs, s.option, option_tier, regime) or s.option,
                    tier=_tier_word(rs, option_tier),
                )
            )
        tier = option_tier or tier
    return _Side(track, tier, s.option, s.outside_law, s.as_reported, regime, notes)


def _tier_word(rs: RuleSet, tier: str) -> Bilingual:
    law = rs.sanctions.tiers[tier].law
    return Bilingual(en=law.en, id=law.id)


def _both_params(key: str, **params: Bilingual | str | int | None) -> Bilingual:
    """A message in both languages whose parameters may themselves be bilingual."""

    def one(lang: Lang) -> str:
        return t(key, lang, **{k: (getattr(v, lang) if isinstance(v, Bilingual) else v) for k, v in params.items()})

    return Bilingual(en=one("en"), id=one("id"))


def _ref(rs: RuleSet, side: _Side) -> SanctionRef:
    if side.outside_law:
        words = side.as_reported
        label = _both_params("compare.outside_law_named", words=words) if words else _both("compare.outside_law")
    elif side.tier is not None and side.tier in rs.sanctions.tiers:
        law = _tier_word(rs, side.tier)
        opt = _option_label(rs, side.option, side.tier, side.regime) if side.option else None
        label = Bilingual(en=f"{law.en} ({opt.en})", id=f"{law.id} ({opt.id})") if opt is not None else law
    else:
        track = rs.sanctions.tracks.get(side.track)
        words = side.as_reported or (track.label.en if track else side.track)
        label = _both_params("compare.tier_not_stated", words=words)
    return SanctionRef(track=side.track, tier=side.tier, option=side.option, label=label, severity=_severity(rs, side))


# ---------------------------------------------------------------- the comparison
@dataclass
class _LineOut:
    line: str
    result: LineResult
    prescribed: _Side | None
    decided: _Side | None
    key: str
    notes: list[Bilingual]


def _heaviest(rs: RuleSet, sides: Sequence[_Side]) -> _Side:
    return max(sides, key=lambda s: (_severity(rs, s) or 0, s.tier is not None))


def _compare_lines(
    rs: RuleSet,
    prescribed: Sequence[_Side],
    decided: Sequence[_Side],
    scope: set[str],
    possible: dict[str, int],
    repeat_excluded: dict[str, set[str]],
    in_force: dict[str, set[str] | None],
) -> list[_LineOut]:
    """One result per consequence line. `scope` holds the lines the decision covers; `possible` the
    heaviest severity unknown facts could still bring per line (open questions)."""
    lines: list[str] = []
    for side in (*prescribed, *decided):
        line = _line(rs, side.track) if side.track in rs.sanctions.tracks else side.track
        if line not in lines:
            lines.append(line)
    out: list[_LineOut] = []
    for line in lines:
        ps = [s for s in prescribed if _line(rs, s.track) == line]
        ds = [s for s in decided if (_line(rs, s.track) if s.track in rs.sanctions.tracks else s.track) == line]
        p = _heaviest(rs, ps) if ps else None
        d = _heaviest(rs, ds) if ds else None
        notes = [n for s in ds for n in s.notes]
        result, key = _one_line(rs, p, d, line in scope, possible.get(line))
        if result == "aligned" and p is not None and d is not None and d.option is not None:
            if d.option in repeat_excluded.get(p.track, set()):
                result, key = "lighter", "compare.line.repeat_excluded"
            elif in_force.get(p.track) is not None and d.option not in (in_force[p.track] or set()):
                notes.append(_both("compare.note.option_not_in_force"))
        out.append(_LineOut(line, result, p, d, key, notes))
    return out


def _one_line(
    rs: RuleSet, p: _Side | None, d: _Side | None, in_scope: bool, possible: int | None
) -> tuple[LineResult, str]:
    if p is None and d is None:  # pragma: no cover - a line exists only through one of them
        return "not_recorded", "compare.line.not_recorded"
    if d is None:
        return (
            ("lighter", "compare.line.nothing_imposed") if in_scope else ("not_recorded", "compare.line.not_recorded")
        )
    dsev = _severity(rs, d)
    if p is None:
        if possible is not None and dsev is not None and possible >= dsev:
            return "not_comparable", "compare.line.possible_heavier"
        return "heavier", "compare.line.not_prescribed"
    psev = _severity(rs, p)
    if d.outside_law:
        return "lighter", "compare.line.outside_law"
    if d.tier is None:
        return "not_comparable", "compare.line.no_tier"
    if psev is not None and dsev is not None:
        if dsev == psev:
            return "aligned", "compare.line.aligned"
        if dsev < psev:
            return "lighter", "compare.line.lighter"
        if possible is not None and possible >= dsev:
            return "not_comparable", "compare.line.possible_heavier"
        return "heavier", "compare.line.heavier"
    if p.tier == d.tier:
        return "aligned", "compare.line.aligned"
    return "not_comparable", "compare.line.off_scale"


def _line_explanation(rs: RuleSet, lo: _LineOut) -> Bilingual:
    track = lo.prescribed.track if lo.prescribed else (lo.decided.track if lo.decided else lo.line)
    tdef = rs.sanctions.tracks.get(track)
    en, id_ = (tdef.label.en, tdef.label.id) if tdef else (track, track)
    track_label = Bilingual(en=en[:1].upper() + en[1:], id=id_[:1].upper() + id_[1:])
    return _both_params(
        lo.key,
        track=track_label,
        prescribed=_ref(rs, lo.prescribed).label if lo.prescribed else None,
        decided=_ref(rs, lo.decided).label if lo.decided else None,
    )


def body_tracks(rs: RuleSet, body: str | None) -> set[str]:
    """The tracks a body decides or recommends on, as authorities.yaml routes them (a PPK decides kode
    etik, discipline and dismissal alike, so its decree covers all three)."""
    return {
        tr
        for r in rs.authorities.routes
        if r.body == body and r.step in ("imposes", "recommends", "investigates")
        for tr in r.tracks
    }


def _scope(
    rs: RuleSet, tracks: Iterable[str] | None, decided: Sequence[_Side], everything: bool, body: str | None
) -> set[str]:
    """The lines the decision covers: those it names; else, when it imposed nothing, every line; else
    the lines of what it imposed and of the tracks its body decides."""
    if tracks is not None:
        return {_line(rs, tr) for tr in tracks}
    if everything:
        return {_line(rs, tr) for tr in rs.sanctions.tracks}
    lines = {_line(rs, s.track) if s.track in rs.sanctions.tracks else s.track for s in decided}
    return lines | {_line(rs, tr) for tr in body_tracks(rs, body)}


def _overall(lines: Sequence[_LineOut]) -> tuple[ComparisonResult, str]:
    counted = [lo for lo in lines if lo.result != "not_recorded"]
    if not lines:
        return "aligned", "nothing_prescribed"
    if not counted:
        return "not_comparable", "not_covered"
    p_lines = {lo.line for lo in lines if lo.prescribed is not None}
    d_lines = {lo.line for lo in lines if lo.decided is not None and not lo.decided.outside_law}
    if p_lines and d_lines and not p_lines & d_lines:
        return "different_track", "different_track"
    results = {lo.result for lo in counted}
    if results == {"aligned"}:
        return "aligned", "same_tier"
    if "lighter" in results and "heavier" in results:
        return "mixed", "mixed"
    if "lighter" in results:
        return "lighter", "lighter"
    if "heavier" in results:
        return "heavier", "heavier"
    return "not_comparable", "line_not_comparable"


def _possible(rs: RuleSet, verdict: Verdict) -> tuple[dict[str, int], list[str]]:
    """Per line, the heaviest severity that facts still unknown could bring, and those facts.

    Reads both verdict schemas: 1.0 (an open question names the rule's would-be track and tier) and
    2.0 (a sanction lists the heavier tiers still possible; scenarios list each possible outcome)."""
    best: dict[str, int] = {}
    facts: list[str] = []

    def note(track: str | None, tier_id: str | None) -> None:
        if track in rs.sanctions.tracks and tier_id in rs.sanctions.tiers:
            tier = rs.sanctions.tiers[tier_id]
            line = _line(rs, track)
            best[line] = max(best.get(line, 0), tier.severity if tier.on_scale else 0)

    questions: list[Any] = list(verdict.open_questions)
    for q in questions:
        facts.extend(f for f in q.unknown_facts if f not in facts)
        note(getattr(q, "would_be_track", None), getattr(q, "would_be_tier", None))
    sanctions: list[Any] = list(verdict.sanctions)
    for s in sanctions:
        if getattr(s, "certainty", "definite") != "definite":
            note(s.track, s.tier)
        for heavier in getattr(s, "possible_heavier", ()):
            note(s.track, getattr(heavier, "tier", None))
    for scenario in getattr(verdict, "scenarios", ()):
        for entry in getattr(scenario, "tracks", ()):
            note(entry.track, entry.tier)
    return best, facts


def _prescribed(verdict: Verdict) -> list[_Side]:
    """The sanctions the law certainly prescribes (schema 2.0 marks the merely possible ones)."""
    return [
        _Side(s.track, s.tier, regime=s.regime)
        for s in verdict.sanctions
        if not s.already_sanctioned and getattr(s, "certainty", "definite") == "definite"
    ]


def _repeat_excluded(verdict: Verdict) -> dict[str, set[str]]:
    return {
        s.track: {o.id for oset in s.option_sets for o in oset.options if o.excluded_by_repeat}
        for s in verdict.sanctions
    }


def _in_force(verdict: Verdict) -> dict[str, set[str] | None]:
    out: dict[str, set[str] | None] = {}
    for s in verdict.sanctions:
        live = {o.id for oset in s.option_sets if oset.status == "in_force" for o in oset.options}
        out[s.track] = live or None
    return out


def compare(rs: RuleSet, incident: Incident, verdict: Verdict) -> Comparison | None:
    """The comparison of incident.decision with the verdict, or None when the incident records none."""
    decision = incident.decision
    if decision is None:
        return None
    validate_decision(rs, decision)
    by_track = {s.track: s for s in verdict.sanctions}
    decided = [_resolve(rs, s, by_track) for s in decision.sanctions]
    possible, facts = _possible(rs, verdict)
    lines: list[_LineOut] = []
    result: ComparisonResult
    if decision.outcome == "pending":
        result, reason = "not_comparable", "pending"
    elif decision.reason in ("not_proven", "late_report"):
        result, reason = "not_comparable", decision.reason
    elif verdict.status == "not_determinable":
        result, reason = "not_comparable", "not_determinable"
    else:
        scope = _scope(
            rs, decision.tracks, decided, everything=decision.outcome != "sanctioned", body=decision.decided_by
        )
        lines = _compare_lines(
            rs, _prescribed(verdict), decided, scope, possible, _repeat_excluded(verdict), _in_force(verdict)
        )
        result, reason = _overall(lines)
    line_out = [
        LineComparison(
            line=lo.line,
            result=lo.result,
            prescribed=_ref(rs, lo.prescribed) if lo.prescribed else None,
            decided=_ref(rs, lo.decided) if lo.decided else None,
            explanation=_line_explanation(rs, lo),
            notes=lo.notes,
        )
        for lo in lines
    ]
    rec_result, followed = _recommendation(rs, decision, verdict, by_track, decided, possible)
    return Comparison(
        result=result,
        reason=reason,
        explanation=_explain(result, reason, decision, line_out, verdict, rs),
        outcome=decision.outcome,
        stage=decision.stage,
        decided_by=decision.decided_by,
        decided_by_label=body_label(rs, decision.decided_by),
        decided_on=decision.decided_on,
        number=decision.number,
        decided=[_ref(rs, side) for side in decided],
        lines=line_out,
        unknown_facts=facts if result == "not_comparable" or any(lo.result == "not_comparable" for lo in lines) else [],
        recommendation_result=rec_result,
        followed_recommendation=followed,
    )


def _recommendation(
    rs: RuleSet,
    decision: Decision,
    verdict: Verdict,
    by_track: dict[str, TrackSanction],
    decided: list[_Side],
    possible: dict[str, int],
) -> tuple[ComparisonResult | None, LineResult | None]:
    rec = decision.recommendation
    if rec is None:
        return None, None
    recommended = [_resolve(rs, s, by_track) for s in rec.sanctions]
    rec_scope = {_line(rs, s.track) for s in recommended if s.track in rs.sanctions.tracks}
    if verdict.status == "not_determinable":
        rec_result: ComparisonResult = "not_comparable"
    else:
        rec_lines = _compare_lines(
            rs, _prescribed(verdict), recommended, rec_scope, possible, _repeat_excluded(verdict), _in_force(verdict)
        )
        rec_result = _overall(rec_lines)[0]
    if decision.outcome == "pending":
        return rec_result, None
    if decision.outcome != "sanctioned":
        return rec_result, "lighter"
    vs = _compare_lines(rs, recommended, decided, rec_scope, {}, {}, {})
    results = {lo.result for lo in vs if lo.result != "not_recorded"}
    followed: LineResult
    if results == {"aligned"}:
        followed = "aligned"
    elif "lighter" in results and "heavier" not in results:
        followed = "lighter"
    elif "heavier" in results and "lighter" not in results:
        followed = "heavier"
    else:
        followed = "not_comparable"
    return rec_result, followed


def _explain(
    result: ComparisonResult,
    reason: str,
    decision: Decision,
    lines: Sequence[LineComparison],
    verdict: Verdict,
    rs: RuleSet,
) -> Bilingual:
    head = _both(f"compare.result.{result}")
    if reason in ("pending", "not_proven", "late_report", "not_determinable", "nothing_prescribed", "not_covered"):
        facts = ", ".join(dict.fromkeys(f for q in verdict.open_questions for f in q.unknown_facts))
        detail = _both_params(f"compare.reason.{reason}", facts=facts, why=decision.reason_text or "")
    else:
        shown = [lo for lo in lines if lo.result != "not_recorded"] or list(lines)
        detail = Bilingual(
            en=" ".join(lo.explanation.en for lo in shown), id=" ".join(lo.explanation.id for lo in shown)
        )
    by = body_label(rs, decision.decided_by)
    stage = decision.stage or "unknown"

    def one(lang: Lang) -> str:
        text = getattr(head, lang)
        body = decision.decided_by_name or (getattr(by, lang) if by else None)
        if body and decision.outcome == "pending":
            text += " " + t("compare.pending_before", lang, body=body)
        elif body:
            text += " " + t("compare.decided_by", lang, stage=t(f"decision.stage.{stage}", lang), body=body)
        words = getattr(detail, lang)
        return f"{text}. {words[:1].upper()}{words[1:]}" if words else f"{text}."

    return Bilingual(en=one("en"), id=one("id"))


def with_comparison(rs: RuleSet, incident: Incident, verdict: Verdict) -> Verdict:
    """The verdict with its `comparison` filled in when the incident records a decision (the hook the
    verdict assembly calls; the verdict is otherwise unchanged)."""
    comparison = compare(rs, incident, verdict)
    return verdict if comparison is None else verdict.model_copy(update={"comparison": comparison})


RESULTS: tuple[ComparisonResult, ...] = ("aligned", "lighter", "heavier", "different_track", "mixed", "not_comparable")
LINE_RESULTS: tuple[LineResult, ...] = ("aligned", "lighter", "heavier", "not_comparable", "not_recorded")
Departure = Literal["lighter", "heavier", "different_track", "mixed"]

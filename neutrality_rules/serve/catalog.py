"""Read-only views of the loaded rule set: the vocabulary a form is built from, and the rules.

Built once per worker (the rule set does not change while the process runs) and served as is.
"""

from __future__ import annotations

import typing
from typing import Any

from ..describe import describe
from ..i18n import both
from ..incident import Evidence, Report
from ..ruleset.loader import CompiledRule, RuleSet
from ..ruleset.models import Term as RsTerm
from ..verdict import Bilingual
from .models import (
    ActTypeTerm,
    Choice,
    ElectionTerm,
    FlagText,
    ModifierTerm,
    Provision,
    RoleTerm,
    RuleDetail,
    RuleSetInfo,
    RuleSummary,
    Term,
    Vocabulary,
)


def bi(text: Any) -> Bilingual:
    return Bilingual(en=text.en, id=text.id)


def _opt(text: Any) -> Bilingual | None:
    return None if text is None else bi(text)


def _term(key: str, term: RsTerm) -> Term:
    return Term(key=key, label=bi(term.label), definition=_opt(term.definition), note=_opt(term.note))


def ruleset_info(rs: RuleSet) -> RuleSetInfo:
    return RuleSetInfo(name=rs.meta.name, version=rs.meta.version, content_hash=rs.content_hash)


def _literal_values(model: Any, field: str) -> list[str]:
    annotation = model.model_fields[field].annotation
    values: list[str] = []
    candidates = (annotation,) if typing.get_origin(annotation) is typing.Literal else typing.get_args(annotation)
    for arg in candidates:
        if typing.get_origin(arg) is typing.Literal:
            values.extend(typing.get_args(arg))
    return values


def _not_mentioned(mod: Any) -> str:
    declared = getattr(mod, "not_mentioned", None)  # the lead's modifier-knowledge contract, when it lands
    if declared in ("false", "unknown"):
        return str(declared)
    if declared is False:
        return "false"
    if mod.default is False:
        return "false"
    if mod.default is None:
        return "unknown"
    return "default"


def vocabulary(rs: RuleSet) -> Vocabulary:
    v = rs.vocabulary
    elections = []
    for key, e in rs.elections.elections.items():
        elections.append(
            ElectionTerm(
                key=key,
                type=e.type,
                title=bi(e.title),
                contests=list(e.contests),
                window_from=e.window.from_,
                window_to=e.window.to,
                determination=dict(e.determination),
                campaign_from=e.campaign.from_,
                campaign_to=e.campaign.to,
                voting_day=e.voting_day,
            )
        )
    return Vocabulary(
        ruleset=ruleset_info(rs),
        roles=[
            RoleTerm(
                key=k,
                label=bi(r.label),
                definition=_opt(r.definition),
                note=_opt(r.note),
                aliases=list(r.aliases),
                counts_as=list(r.counts_as),
            )
            for k, r in v.roles.items()
        ],
        positions=[_term(k, x) for k, x in v.positions.items()],
        government_levels=[_term(k, x) for k, x in v.government_levels.items()],
        election_bodies=[_term(k, x) for k, x in v.election_bodies.items()],
        contests=[_term(k, x) for k, x in v.contests.items()],
        elections=elections,
        phases=[_term(k, x) for k, x in v.phases.items()],
        tracks=[_term(k, x) for k, x in v.tracks.items()],
        act_types=[
            ActTypeTerm(
                key=k,
                label=bi(a.label),
                definition=_opt(a.definition),
                note=_opt(a.note),
                subjects=list(rs.expand_subjects(a.subjects)),
            )
            for k, a in v.act_types.items()
        ],
        modifiers=[
            ModifierTerm(
                key=k,
                label=bi(m.label),
                definition=_opt(m.definition),
                note=_opt(m.note),
                type=m.type,
                values=list(m.values),
                default=m.default,
                not_mentioned=_not_mentioned(m),  # type: ignore[arg-type]
                aggravating=m.aggravating,
                informational=m.informational,
            )
            for k, m in v.modifiers.items()
        ],
        report_channels=[Choice(key=c, label=both(f"serve.channel.{c}")) for c in _literal_values(Report, "channel")],
        evidence_kinds=[Choice(key=c, label=both(f"serve.evidence.{c}")) for c in _literal_values(Evidence, "kind")],
    )


def rule_summary(rs: RuleSet, rule: CompiledRule) -> RuleSummary:
    return RuleSummary(**_summary_fields(rs, rule))


def _summary_fields(rs: RuleSet, rule: CompiledRule) -> dict[str, Any]:
    r = rule.rule
    tier = rs.sanctions.tiers.get(r.outcome.tier) if r.outcome else None
    return {
        "id": r.id,
        "kind": r.kind,
        "title": bi(r.title),
        "track": r.outcome.track if r.outcome else None,
        "tier": r.outcome.tier if r.outcome else None,
        "tier_label": bi(tier.law) if tier else None,
        "regime": r.regime,
        "subjects": list(rule.subjects),
        "acts": list(r.acts),
        "skb_row": r.skb_row,
        "file": str(rule.where),
    }


def rule_detail(rs: RuleSet, rule: CompiledRule) -> RuleDetail:
    r = rule.rule
    basis = []
    for key in r.basis:
        prov = rs.sources.provisions[key]
        basis.append(
            Provision(
                key=key,
                instrument=rs.sources.instruments[prov.instrument].short,
                article=prov.article,
                lead_in=prov.lead_in,
                text=prov.text,
                confidence=prov.confidence,
                source=prov.source,
            )
        )
    flags = [
        FlagText(id=f, severity=d.severity, text=bi(d.text), reference=d.reference)
        for f in r.flags
        if (d := rs.flags.flags.get(f)) is not None
    ]
    return RuleDetail(
        **_summary_fields(rs, rule),
        explanation=bi(r.explanation),
        in_force_from=r.in_force.from_,
        in_force_to=r.in_force.to,
        conditions_en=describe(rule.when, rs, "en") if rule.when is not None else [],
        conditions_id=describe(rule.when, rs, "id") if rule.when is not None else [],
        basis=basis,
        flags=flags,
        overrides=list(r.overrides),
    )

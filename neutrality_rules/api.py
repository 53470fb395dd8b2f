"""The stable embedding surface: load a rule set once, check incidents many times, from many threads.

`Engine.load()` compiles the rule set and builds the matcher once (durable rulesets are costly to
create and leak when recreated); `check()` is then pure with respect to the engine's state apart from
durable's pooled sessions, which are isolated per concurrent call.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from .bundled import bundled_rules
from .bundled import bundled_rules_path as bundled_rules_path  # re-exported: tests and embedders use it
from .compare import with_comparison
from .context import ActFacts, Context, build_context
from .engine.durable import FIX, DurableMatcher, load_module
from .engine.protocol import Matcher
from .engine.reference import ReferenceMatcher
from .errors import InputError, NrulesError, UsageError
from .explain import check_of, fact_label, near_miss, relevant, satisfied_leaves, unknown_paths
from .i18n import both, fmt_value, resolve_lang, t
from .incident import Incident
from .inputs import to_incident
from .route import deadlines_for, route_for
from .ruleset.conditions import Cmp, In, evaluate
from .ruleset.loader import CompiledRule, RuleSet, load_ruleset
from .sentencing import Hit, bi, sentence
from .verdict import (
    ActOut,
    BasisOut,
    Bilingual,
    ContextOut,
    Finding,
    FlagOut,
    Headline,
    NearMiss,
    OpenQuestion,
    Overridden,
    Provenance,
    RuleSetRef,
    Status,
    TrackSanction,
    Verdict,
)

Backend = Literal["durable", "reference"]
MAX_NEAR_MISSES = 5
_warned = threading.Event()


@functools.cache
def version() -> str:
    try:
        return metadata.version("neutrality_rules")
    except metadata.PackageNotFoundError:  # running from a source tree without install
        return "0+unknown"


class Engine:
    """A loaded rule set and its matcher. Thread-safe; create once, share."""

    def __init__(self, ruleset: RuleSet, matcher: Matcher, backend_note: Bilingual | None = None) -> None:
        self.ruleset = ruleset
        self.matcher = matcher
        self.backend_note = backend_note

    @classmethod
    def load(
        cls,
        rules: str | Path | None = None,
        *,
        layers: Sequence[str | Path] = (),
        backend: Backend = "durable",
        strict: bool = True,
    ) -> Engine:
        """Load the bundled rule set (or the folder `rules`), optionally layered with additional folders
        (a province's additional rules). With backend "durable" and durable-rules not importable, warns
        once with the fix and falls back to the reference backend; every verdict says so."""
        if rules is None:
            with bundled_rules() as folder:
                ruleset = load_ruleset([folder, *(Path(p) for p in layers)], strict=strict)
        else:
            ruleset = load_ruleset([Path(rules), *(Path(p) for p in layers)], strict=strict)
        if backend == "reference":
            return cls(ruleset, ReferenceMatcher(ruleset))
        if backend != "durable":
            raise UsageError("usage.bad_backend", got=str(backend))
        module, reason = load_module()
        if module is None:
            note = both("engine.fallback_note", reason=reason, fix=FIX)
            if not _warned.is_set():
                _warned.set()
                warnings.warn(getattr(note, resolve_lang(None)), RuntimeWarning, stacklevel=2)
            return cls(ruleset, ReferenceMatcher(ruleset), backend_note=note)
        return cls(ruleset, DurableMatcher(ruleset, module))

    @classmethod
    def with_durable(cls, ruleset: RuleSet) -> Engine | None:
        """A durable engine over an already loaded rule set, or None if durable-rules is not importable."""
        module, _reason = load_module()
        return None if module is None else cls(ruleset, DurableMatcher(ruleset, module))

    @property
    def backend(self) -> str:
        return self.matcher.name

    def check(
        self, incident: Incident | Mapping[str, Any], *, as_of: dt.date | None = None, today: dt.date | None = None
    ) -> Verdict:
        """Check one incident (a model or a dict). Raises an InputError subclass for bad input."""
        model = to_incident(incident)
        ctx = build_context(model, self.ruleset, as_of=as_of, today=today or dt.date.today())
        matched = self.matcher.match([a.facts for a in ctx.acts])
        verdict = _Assembler(self, ctx, matched).verdict()
        return with_comparison(self.ruleset, model, verdict)  # issue 16: the decided outcome vs the law

    def check_many(
        self,
        incidents: Iterable[Incident | Mapping[str, Any]],
        *,
        as_of: dt.date | None = None,
        today: dt.date | None = None,
    ) -> Iterator[Verdict | NrulesError]:
        """Check many, lazily, in order; a bad incident yields its error and the others go on."""
        day = today or dt.date.today()
        for item in incidents:
            try:
                yield self.check(item, as_of=as_of, today=day)
            except InputError as exc:
                yield exc


class _Assembler:
    """Builds a verdict from the matcher's answer; one per check, not shared."""

    def __init__(self, engine: Engine, ctx: Context, matched: list[frozenset[str]]) -> None:
        self.engine = engine
        self.rs = engine.ruleset
        self.ctx = ctx
        self.matched = matched
        self.flag_sources: dict[str, list[str]] = {}

    def _flag(self, flags: Iterable[str], source: str) -> list[str]:
        out = list(flags)
        for flag in out:
            self.flag_sources.setdefault(flag, [])
            if source not in self.flag_sources[flag]:
                self.flag_sources[flag].append(source)
        return out

    def verdict(self) -> Verdict:
        rs, ctx = self.rs, self.ctx
        findings: list[Finding] = []
        exemptions: list[Finding] = []
        overridden: list[Overridden] = []
        hits: list[Hit] = []
        open_questions: list[OpenQuestion] = []
        misses: list[tuple[int, int, str, CompiledRule, ActFacts, Cmp | In]] = []
        acts_out: list[ActOut] = []
        for act, ids in zip(ctx.acts, self.matched, strict=True):
            rules = [rs.by_id[i] for i in sorted(ids)]
            beaten = {o: r.id for r in rules for o in r.rule.overrides}
            for rule in rules:
                if rule.id in beaten:
                    overridden.append(Overridden(rule_id=rule.id, act_index=act.index, by=beaten[rule.id]))
                    continue
                finding = self._finding(rule, act)
                if rule.rule.kind == "exemption":
                    exemptions.append(finding)
                else:
                    findings.append(finding)
                    hits.append(Hit(rule, act.index))
            relevant_rules = [r for r in rs.rules_by_act.get(act.act.type, ()) if relevant(r, act)]
            for rule in relevant_rules:
                if rule.id in ids or rule.id in beaten or rule.rule.kind != "violation":
                    continue
                if evaluate(rule.condition, act.facts) is None:
                    outcome = rule.rule.outcome
                    open_questions.append(
                        OpenQuestion(
                            rule_id=rule.id,
                            act_index=act.index,
                            title=bi(rule.rule.title),
                            unknown_facts=(unknown := unknown_paths(rule.condition, act.facts)),
                            unknown_fact_labels=[fact_label(rs, p) for p in unknown],
                            would_be_track=outcome.track if outcome else None,
                            would_be_tier=outcome.tier if outcome else None,
                        )
                    )
                    continue
                leaf = near_miss(rule, act)
                if leaf is None or leaf.path.startswith("regime.") or leaf.path in ("act.type", "subject.role"):
                    continue
                outcome = rule.rule.outcome
                severity = rs.sanctions.tiers[outcome.tier].severity if outcome else 0
                misses.append((-severity, act.index, rule.id, rule, act, leaf))
            acts_out.append(
                ActOut(
                    index=act.index,
                    type=act.act.type,
                    type_label=bi(rs.vocabulary.act_types[act.act.type].label),
                    date=act.date,
                    phase=act.phase.phase,
                    phase_label=bi(rs.vocabulary.phases[act.phase.phase].label),
                    contest=str(act.facts["election.contest"]),
                    determination_date=act.phase.determination,
                    after_determination=act.phase.after_determination,
                    regimes=act.regimes,
                    covered=bool(relevant_rules),
                )
            )
            if not relevant_rules:
                self._flag(["act_not_covered"], f"acts[{act.index}]")
        sentences = sentence(rs, ctx.incident, hits, ctx.law_date, [a.date for a in ctx.acts])
        if ctx.election.confidence != "VV":
            self._flag(["calendar_secondary"], f"context.election.{ctx.election_key}")
        sanctions = [self._track(s) for s in sentences]
        misses.sort(key=lambda m: m[:3])  # heaviest would-be outcome first; explained only if shown
        if ctx.law_date_source in ("today", "as_of") and any(
            rs.sanctions.regimes[r].keyed_on == "law_date" for a in ctx.acts for r in a.regimes.values() if r
        ):
            self._flag(["law_date_assumed"], "provenance.law_as_of")
        status: Status = "violation" if findings else ("not_determinable" if open_questions else "no_violation")
        headline = self._headline(sanctions)
        return Verdict(
            incident_id=ctx.incident.incident_id,
            status=status,
            summary=self._summary(status, headline, findings, exemptions, open_questions),
            headline=headline,
            context=self._context(acts_out),
            findings=findings,
            exemptions=exemptions,
            sanctions=sanctions,
            open_questions=open_questions,
            near_misses=[self._near_miss(rule, act, leaf) for *_, rule, act, leaf in misses[:MAX_NEAR_MISSES]],
            overridden=overridden,
            flags=[
                FlagOut(
                    id=f,
                    severity=rs.flags.flags[f].severity,
                    text=bi(rs.flags.flags[f].text),
                    reference=rs.flags.flags[f].reference,
                    raised_by=src,
                )
                for f, src in sorted(self.flag_sources.items())
                if f in rs.flags.flags
            ],
            provenance=Provenance(
                nrules_version=version(),
                verdict_schema_version="1.0",
                ruleset=RuleSetRef(name=rs.meta.name, version=rs.meta.version, content_hash=rs.content_hash),
                backend=self.engine.backend,
                backend_note=self.engine.backend_note,
                law_as_of=ctx.law_date,
                law_as_of_source=ctx.law_date_source,
            ),
        )

    def _basis(self, keys: Iterable[str]) -> list[BasisOut]:
        out = []
        for key in keys:
            prov = self.rs.sources.provisions.get(key)
            if prov is None:  # only possible in a leniently loaded rule set (nrules verify)
                out.append(
                    BasisOut(
                        key=key,
                        instrument="?",
                        article=key,
                        lead_in=None,
                        text="(missing from sources)",
                        confidence="U",
                        source=None,
                    )
                )
                continue
            inst = self.rs.sources.instruments[prov.instrument]
            out.append(
                BasisOut(
                    key=key,
                    instrument=inst.short,
                    article=prov.article,
                    lead_in=prov.lead_in,
                    text=prov.text,
                    confidence=prov.confidence,
                    source=prov.source,
                )
            )
        return out

    def _finding(self, rule: CompiledRule, act: ActFacts) -> Finding:
        r = rule.rule
        tier = self.rs.sanctions.tiers.get(r.outcome.tier) if r.outcome else None
        regime = self.rs.sanctions.regimes[r.regime]
        return Finding(
            rule_id=r.id,
            kind=r.kind,
            act_index=act.index,
            act_type=act.act.type,
            act_date=act.date,
            phase=act.phase.phase,
            title=bi(r.title),
            explanation=bi(r.explanation),
            track=r.outcome.track if r.outcome else None,
            tier=r.outcome.tier if r.outcome else None,
            tier_label=bi(tier.law) if tier else None,
            card_tier=tier.card if tier else None,
            basis=self._basis(r.basis),
            # one line per fact: a later, more specific test (from `when`) replaces the guard's membership test
            facts=list(
                {
                    leaf.path: check_of(self.rs, leaf, act) for leaf in satisfied_leaves(rule.condition, act.facts)
                }.values()
            ),
            flags=self._flag(
                [
                    *r.flags,
                    *regime.flags,
                    *(regime.earlier_act_flags if regime.in_force.from_ and act.date < regime.in_force.from_ else []),
                ],
                r.id,
            ),
            skb_row=r.skb_row,
            pledge=r.pledge,
            rule_file=str(rule.where),
        )

    def _near_miss(self, rule: CompiledRule, act: ActFacts, leaf: Cmp | In) -> NearMiss:
        outcome = rule.rule.outcome
        tier = self.rs.sanctions.tiers[outcome.tier] if outcome else None
        check = check_of(self.rs, leaf, act)

        def text(lang: Literal["en", "id"]) -> str:
            return t(
                "why_not.explanation",
                lang,
                fact=getattr(check.label, lang),
                title=getattr(rule.rule.title, lang),
                tier=getattr(tier.law, lang) if tier else "",
                expected=(t("cond.not_prefix", lang) if check.test == "ne" else "") + fmt_value(check.expected, lang),
                actual=fmt_value(check.actual, lang),
            )

        explanation = Bilingual(en=text("en"), id=text("id"))
        return NearMiss(
            rule_id=rule.id,
            act_index=act.index,
            title=bi(rule.rule.title),
            failed=check,
            would_be_track=outcome.track if outcome else None,
            would_be_tier=outcome.tier if outcome else None,
            explanation=explanation,
        )

    def _track(self, s: Any) -> TrackSanction:
        rs = self.rs
        tier = rs.sanctions.tiers[s.tier]
        for oset in s.option_sets:
            self._flag(oset.flags, f"sanctions.{s.track}")
        route = route_for(rs, s.track, s.tier, self.ctx)
        deadlines = deadlines_for(rs, s.track, self.ctx)
        for body in route:
            self._flag(body.flags, f"route.{body.body}")
        return TrackSanction(
            track=s.track,
            track_label=bi(rs.vocabulary.tracks[s.track].label),
            regime=s.regime,
            tier=s.tier,
            tier_label=bi(tier.label),
            law_label=bi(tier.law),
            card_tier=tier.card,
            decided_by=list(s.decided_by),
            option_sets=list(s.option_sets),
            escalation=s.escalation,
            already_sanctioned=s.already_sanctioned,
            route=route,
            deadlines=[d.model_copy(update={"flags": self._flag(d.flags, f"deadlines.{d.id}")}) for d in deadlines],
            basis=list(s.basis),
            notes=list(s.notes),
        )

    def _headline(self, sanctions: list[TrackSanction]) -> Headline:
        tiers = self.rs.sanctions.tiers
        scaled = [s for s in sanctions if tiers[s.tier].on_scale and not s.already_sanctioned]
        criminal = any(s.track == "criminal" for s in sanctions)
        if not scaled:
            return Headline(
                tier="none",
                card_tier="none",
                label=both("tier.none"),
                criminal_referral=criminal,
                tracks=[s.track for s in sanctions],
            )
        top = max(scaled, key=lambda s: tiers[s.tier].severity)
        return Headline(
            tier=top.tier,
            card_tier=top.card_tier,
            label=top.law_label,
            criminal_referral=criminal,
            tracks=[s.track for s in sanctions],
        )

    def _summary(
        self,
        status: str,
        headline: Headline,
        findings: list[Finding],
        exemptions: list[Finding],
        open_questions: list[OpenQuestion],
    ) -> Bilingual:
        def make(lang: Literal["en", "id"]) -> str:
            if status == "violation":
                return t("summary.violation", lang, count=len(findings), tier=getattr(headline.label, lang))
            if status == "not_determinable":
                labels = {
                    f"{getattr(label, lang)} ({path})"
                    for q in open_questions
                    for path, label in zip(q.unknown_facts, q.unknown_fact_labels, strict=True)
                }
                return t("summary.not_determinable", lang, facts=", ".join(sorted(labels)))
            if exemptions:
                return t("summary.exempt", lang, count=len(exemptions))
            return t("summary.no_violation", lang)

        return Bilingual(en=make("en"), id=make("id"))

    def _context(self, acts: list[ActOut]) -> ContextOut:
        ctx, rs = self.ctx, self.rs
        e = ctx.election
        assert e.campaign.from_ is not None and e.campaign.to is not None
        return ContextOut(
            election=ctx.election_key,
            election_title=bi(e.title),
            election_type=e.type,
            contest=ctx.contest,
            determination_date=e.determination[ctx.contest],
            campaign_from=e.campaign.from_,
            campaign_to=e.campaign.to,
            voting_day=e.voting_day,
            role=ctx.role,
            role_label=bi(rs.vocabulary.roles[ctx.role].label),
            role_alias=ctx.role_alias,
            position_kind=ctx.incident.respondent.position_kind,
            acts=acts,
        )

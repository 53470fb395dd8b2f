"""Stage 6 of the pipeline: the verdict for one respondent, from what the earlier stages found.

Nothing is decided here: the context stage derived the facts and the open ones, the matcher said which
rules hold in each possible world, the sentencing stage gave the sanctions and the certain floor. This
stage puts them in the verdict a lawyer reads: definite findings and possible ones (with the facts
under which they apply), the sanction per track, the outcome for each value of a deciding fact, the
open facts that did not matter, near misses, routes, deadlines and every doubt the verdict rests on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from .calendar import before_stages
from .context import Context, Variable
from .context.dates import Segment
from .context.worlds import Worlds
from .explain import ActView, check_of, fact_label, near_miss, relevant
from .explain.route import deadlines_for, route_for
from .explain.scenarios import describe, reported_label, value_of, variable_label
from .i18n import both, fmt_value, t
from .match import ActMatch
from .ruleset.compiled import tests_of
from .ruleset.conditions import Cmp, Condition, In, satisfied_leaves
from .ruleset.loader import CompiledRule, RuleSet
from .sentence import bi
from .sentence.floor import Judgement, Placed
from .verdict import (
    ActOut,
    BasisOut,
    Bilingual,
    ContextOut,
    Finding,
    FlagOut,
    Headline,
    HeadlineEntry,
    NearMiss,
    OpenFact,
    OpenOutcome,
    OpenQuestion,
    OpenValue,
    Overridden,
    PossibleTier,
    Provenance,
    RespondentOut,
    RuleSetRef,
    Scenario,
    ScenarioTrack,
    Status,
    TrackSanction,
    Verdict,
)

Lang = Literal["en", "id"]
MAX_NEAR_MISSES = 5


def _relevant_rules(rs: RuleSet, act_type: str, role: object) -> tuple[CompiledRule, ...]:
    """The violation rules that concern an act type and a role: the candidates for a near miss
    (a function of the two alone, found once per rule set)."""
    key = ("relevant", act_type, role)
    found = rs.memo.get(key)
    if not isinstance(found, tuple):
        facts = {"act.type": act_type, "subject.role": role}
        found = tuple(
            r
            for r in rs.rules_by_act.get(act_type, ())
            if r.rule.kind == "violation" and relevant(rs, r, ActView(-1, facts, {}))  # type: ignore[arg-type]
        )
        rs.memo[key] = found
    return found


def pushed(rs: RuleSet, rule: CompiledRule) -> Condition:
    return tests_of(rs, rule).pushed


def basis_out(rs: RuleSet, keys: Iterable[str]) -> list[BasisOut]:
    """The provisions `keys` as a verdict quotes them, built once per rule set and list of keys (the same
    few bases recur in every verdict) and shared by the letter."""
    keys = tuple(keys)
    memo = rs.memo.get(("basis", keys))
    if isinstance(memo, list):
        return memo
    out = []
    for key in keys:
        prov = rs.sources.provisions.get(key)
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
        inst = rs.sources.instruments[prov.instrument]
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
    rs.memo[("basis", keys)] = out
    return out


class Assembler:
    """Builds one verdict; one per respondent per check, not shared."""

    def __init__(
        self,
        rs: RuleSet,
        provenance: tuple[str, str, Bilingual | None],
        ctx: Context,
        worlds: Worlds,
        matches: list[list[ActMatch]],
        judgement: Judgement,
    ) -> None:
        self.rs = rs
        self.version, self.backend, self.backend_note = provenance
        self.ctx = ctx
        self.worlds = worlds
        self.matches = matches
        self.j = judgement
        self.flag_sources: dict[str, list[str]] = {}
        self.count = len(worlds.worlds)

    # ------------------------------------------------------------------ helpers
    def _flag(self, flags: Iterable[str], source: str) -> list[str]:
        out = list(flags)
        for flag in out:
            sources = self.flag_sources.setdefault(flag, [])
            if source not in sources:
                sources.append(source)
        return out

    def _view(self, act_index: int, world: int) -> ActView:
        act = self.ctx.acts[act_index]
        doc = self.worlds.worlds[world].docs[act_index]
        chosen = dict(self.worlds.worlds[world].assignment)
        assumed: set[str] = set()
        for path, var in act.modifier_vars.items():
            if var in chosen:
                assumed.add(path)
        if act.date_var in chosen:
            assumed.update(("phase", "after_determination", "in_campaign", "date"))
        return ActView(act_index, doc or act.base, dict(act.origin), frozenset(assumed))

    def _when(self, members: Iterable[int]) -> list[list[OpenValue]]:
        members = sorted(set(members))
        if len(members) == self.count:
            return []
        return describe(self.ctx, self.rs, self.worlds, members, self.j.deciding)

    # ------------------------------------------------------------------ verdict
    def verdict(self) -> Verdict:
        rs, ctx, j = self.rs, self.ctx, self.j
        findings, exemptions, overridden = self._findings()
        sanctions = [self._track(p) for p in j.placed]
        if ctx.election.confidence != "VV":
            self._flag(["calendar_secondary"], f"context.election.{ctx.election_key}")
        self._flag(ctx.election.flags, f"context.election.{ctx.election_key}")
        inside = [[s for s in a.segments if not s.outside] for a in ctx.acts]
        if any(segs and all(before_stages(ctx.election, s.last) for s in segs) for segs in inside):
            self._flag(["early_candidacy_step"], f"context.election.{ctx.election_key}")
        if ctx.incident.election.region is None and any(
            r.regions and (not r.contests or a.contest in r.contests) and any(
                s.first <= r.end and r.start <= s.last for s in segs
            )
            for a, segs in zip(ctx.acts, inside, strict=True)
            for r in ctx.election.rounds
        ):
            self._flag(["region_limited_round_unknown"], "election.region")
        if ctx.law_date_source in ("today", "as_of") and any(
            rs.regime_families.get(path[7:]) == "law_date"
            for a in ctx.acts
            for path in a.base
            if path.startswith("regime.") and a.base[path] not in (None, "none")
        ):
            self._flag(["law_date_assumed"], "provenance.law_as_of")
        if self.worlds.capped:
            self._flag(["too_many_open_facts"], "open_questions")
        acts_out = [self._act_out(i) for i in range(len(ctx.acts))]
        for act in ctx.acts:
            act_type = rs.vocabulary.act_types.get(act.act.type)
            if act_type is not None and act_type.flags:
                self._flag(act_type.flags, f"acts[{act.index}]")
        for a in acts_out:
            if not a.covered and not a.undisclosed:
                self._flag(["act_not_covered"], f"acts[{a.index}]")
        status: Status = j.status  # type: ignore[assignment]
        headline = self._headline(sanctions)
        scenarios = self._scenarios() if len(j.groups) > 1 else []
        open_questions = self._open_questions()
        not_needed = self._not_needed()
        return Verdict(
            incident_id=ctx.incident.incident_id,
            respondent=self._respondent(),
            status=status,
            summary=self._summary(status, headline, findings, exemptions, sanctions),
            headline=headline,
            context=self._context(acts_out),
            findings=findings,
            exemptions=exemptions,
            sanctions=sanctions,
            scenarios=scenarios,
            open_questions=open_questions,
            not_needed=not_needed,
            near_misses=self._near_misses(),
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
                nrules_version=self.version,
                verdict_schema_version="2.0",
                ruleset=RuleSetRef(name=rs.meta.name, version=rs.meta.version, content_hash=rs.content_hash),
                backend=self.backend,
                backend_note=self.backend_note,
                law_as_of=ctx.law_date,
                law_as_of_source=ctx.law_date_source,
            ),
        )

    # ------------------------------------------------------------------ findings
    def _findings(self) -> tuple[list[Finding], list[Finding], list[Overridden]]:
        seen: dict[tuple[str, int, str], list[int]] = {}
        over: dict[tuple[str, int, str], None] = {}
        for w, row in enumerate(self.matches):
            for act_index, m in enumerate(row):
                for rid in m.violations:
                    seen.setdefault(("violation", act_index, rid), []).append(w)
                for rid in m.exemptions:
                    seen.setdefault(("exemption", act_index, rid), []).append(w)
                for rid, by in m.overridden:
                    over[(rid, act_index, by)] = None
        findings: list[Finding] = []
        exemptions: list[Finding] = []
        for (kind, act_index, rid), members in sorted(seen.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0])):
            finding = self._finding(self.rs.by_id[rid], act_index, members)
            (findings if kind == "violation" else exemptions).append(finding)
        overridden = [Overridden(rule_id=r, act_index=a, by=b) for r, a, b in over]
        return findings, exemptions, overridden

    def _finding(self, rule: CompiledRule, act_index: int, members: list[int]) -> Finding:
        r = rule.rule
        rs = self.rs
        tier = rs.sanctions.tiers.get(r.outcome.tier) if r.outcome else None
        regime = rs.sanctions.regimes[r.regime]
        world = members[0]
        view = self._view(act_index, world)
        day = self.worlds.worlds[world].days[act_index]
        act = self.ctx.acts[act_index]
        earlier = regime.in_force.from_ is not None and day is not None and day < regime.in_force.from_
        definite = len(members) == self.count
        phase = view.facts.get("phase")
        return Finding(
            rule_id=r.id,
            kind=r.kind,
            certainty="definite" if definite else "possible",
            holds_when=[] if definite else self._when(members),
            act_index=act_index,
            act_type=act.act.type,
            act_date=act.day,
            phase=str(phase) if phase is not None else "",
            title=bi(r.title),
            explanation=bi(r.explanation),
            track=r.outcome.track if r.outcome else None,
            tier=r.outcome.tier if r.outcome else None,
            tier_label=bi(tier.law) if tier else None,
            card_tier=tier.card if tier else None,
            basis=basis_out(self.rs, r.basis),
            # one line per fact: a later, more specific test (from `when`) replaces the guard's membership test
            facts=list(
                {
                    leaf.path: check_of(rs, leaf, view) for leaf in satisfied_leaves(pushed(rs, rule), view.facts)
                }.values()
            ),
            flags=self._flag([*r.flags, *regime.flags, *(regime.earlier_act_flags if earlier else [])], r.id),
            skb_row=r.skb_row,
            pledge=r.pledge,
            rule_file=str(rule.where),
        )

    # ------------------------------------------------------------------ sanctions
    def _track(self, p: Placed) -> TrackSanction:
        rs, s = self.rs, p.sentence
        tier = rs.sanctions.tiers[s.tier]
        for oset in s.option_sets:
            self._flag(oset.flags, f"sanctions.{s.track}")
        law_date = self.worlds.worlds[p.world].law_date
        route = route_for(rs, s.track, s.tier, self.ctx, law_date)
        for body in route:
            self._flag(body.flags, f"route.{body.body}")
        heavier = [
            PossibleTier(
                track=track,
                tier=tier_id,
                tier_label=bi(rs.sanctions.tiers[tier_id].law),
                when=self._when(members),
            )
            for (track, tier_id), members in sorted(
                p.heavier.items(), key=lambda kv: (rs.sanctions.tiers[kv[0][1]].severity, kv[0])
            )
        ]
        return TrackSanction(
            track=s.track,
            certainty="definite" if p.definite else "possible",
            possible_heavier=heavier,
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
            deadlines=[
                d.model_copy(update={"flags": self._flag(d.flags, f"deadlines.{d.id}")})
                for d in deadlines_for(rs, s.track, self.ctx)
            ],
            basis=list(s.basis),
            notes=list(s.notes),
        )

    def _headline(self, sanctions: list[TrackSanction]) -> Headline:
        tiers = self.rs.sanctions.tiers
        entries: dict[str, HeadlineEntry] = {}
        for s in sanctions:
            if s.certainty != "definite" or s.already_sanctioned:
                continue
            current = entries.get(s.track)
            if current is not None and tiers[current.tier].severity >= tiers[s.tier].severity:
                continue
            entries[s.track] = HeadlineEntry(
                track=s.track,
                track_label=s.track_label,
                tier=s.tier,
                tier_label=s.law_label,
                card_tier=s.card_tier,
                certainty=s.certainty,
                on_scale=tiers[s.tier].on_scale,
            )
        listed = list(entries.values())
        scaled = [e for e in listed if e.on_scale]
        top = max(scaled, key=lambda e: tiers[e.tier].severity) if scaled else (listed[0] if listed else None)
        violation = any(s.certainty == "possible" and not s.already_sanctioned for s in sanctions)
        label = (
            Bilingual(
                en=t("outcome.join", "en").join(e.tier_label.en for e in listed),
                id=t("outcome.join", "id").join(e.tier_label.id for e in listed),
            )
            if listed
            else both("tier.open" if violation else "tier.none")
        )
        fallback = "open" if violation else "none"
        return Headline(
            tier=top.tier if top else fallback,
            card_tier=top.card_tier if top else fallback,
            label=label,
            criminal_referral=any(e.track == "criminal" for e in listed),
            tracks=[e.track for e in listed],
            entries=listed,
        )

    # ------------------------------------------------------------------ open facts
    def _outcome_text(self, w: int) -> Bilingual:
        result = self.j.results[w]
        if not result.violation:
            none: Bilingual = both("outcome.none")
            return none
        tiers = self.rs.sanctions.tiers
        labels = [tiers[s.tier].law for s in result.sentences if not s.already_sanctioned]
        return Bilingual(
            en=t("outcome.join", "en").join(dict.fromkeys(x.en for x in labels)) or t("outcome.none", "en"),
            id=t("outcome.join", "id").join(dict.fromkeys(x.id for x in labels)) or t("outcome.none", "id"),
        )

    def _scenarios(self) -> list[Scenario]:
        out = []
        for members in self.j.groups:
            result = self.j.results[members[0]]
            rule_ids = sorted({rid for m in result.matches for rid in m.violations})
            out.append(
                Scenario(
                    when=self._when(members),
                    status="violation"
                    if result.violation
                    else ("not_determinable" if self.j.undetermined else "no_violation"),
                    summary=self._outcome_text(members[0]),
                    tracks=[
                        ScenarioTrack(track=s.track, tier=s.tier, tier_label=bi(self.rs.sanctions.tiers[s.tier].law))
                        for s in result.sentences
                        if not s.already_sanctioned
                    ],
                    rule_ids=rule_ids,
                )
            )
        return out

    def _open_questions(self) -> list[OpenQuestion]:
        ctx, rs = self.ctx, self.rs
        out: list[OpenQuestion] = []
        for key in self.j.deciding:
            var = ctx.variables[key]
            outcomes: list[OpenOutcome] = []
            by_value: dict[int, list[int]] = {}
            for w, world in enumerate(self.worlds.worlds):
                v = world.value(key)
                if v is not None:
                    by_value.setdefault(v, []).append(w)
            # merge values that lead to the same outcomes (e.g. consecutive spans of days)
            merged: dict[tuple[object, ...], list[int]] = {}
            for v, members in sorted(by_value.items()):
                sigs = tuple(sorted({repr(self.j.results[w].signature) for w in members}))
                merged.setdefault(sigs, []).append(v)
            for values in merged.values():
                members = [w for v in values for w in by_value[v]]
                texts = [self._outcome_text(w) for w in dict.fromkeys(self._representatives(members))]
                statuses = {self._status_of(w) for w in members}
                for value in value_of(ctx, rs, key, values):
                    outcomes.append(
                        OpenOutcome(
                            value=value.value,
                            status=statuses.pop() if len(statuses) == 1 else "not_determinable",
                            summary=Bilingual(
                                en=" / ".join(dict.fromkeys(x.en for x in texts)),
                                id=" / ".join(dict.fromkeys(x.id for x in texts)),
                            ),
                        )
                    )
            rules = sorted({rid for a in var.acts for rid in self.worlds.undecided.get(a, ())})
            out.append(
                OpenQuestion(
                    fact=key,
                    label=variable_label(ctx, rs, var),
                    act_indexes=list(var.acts),
                    rule_ids=rules,
                    unknown_facts=self._paths_of(var),
                    outcomes=outcomes,
                )
            )
        for stuck in self.worlds.stuck:
            if stuck.rule.rule.kind != "violation" or not stuck.paths:
                continue
            for path in stuck.paths:
                out.append(
                    OpenQuestion(
                        fact=f"{ctx.acts[stuck.act_index].where}.{path}",
                        label=fact_label(rs, path),
                        act_indexes=[stuck.act_index],
                        rule_ids=[stuck.rule.id],
                        unknown_facts=[path],
                        outcomes=[],
                    )
                )
        for act in ctx.acts:
            if act.undisclosed:
                out.append(
                    OpenQuestion(
                        fact=f"{act.where}.type",
                        label=both("open.act_undisclosed", n=act.index + 1),
                        act_indexes=[act.index],
                        rule_ids=[],
                        unknown_facts=["act.type"],
                        outcomes=[],
                    )
                )
        return out

    def _representatives(self, members: list[int]) -> list[int]:
        firsts: dict[object, int] = {}
        for w in members:
            firsts.setdefault(self.j.results[w].signature, w)
        return list(firsts.values())

    def _status_of(self, w: int) -> Status:
        if self.j.results[w].violation:
            return "violation"
        return "not_determinable" if self.j.undetermined else "no_violation"

    def _paths_of(self, var: Variable) -> list[str]:
        if var.kind == "date":
            return ["date"]
        if var.kind == "law_date":
            return ["regime"]
        if var.kind == "office":
            return ["subject.role"]
        return [var.path or var.key]

    def _not_needed(self) -> list[OpenFact]:
        ctx, rs = self.ctx, self.rs
        out: list[OpenFact] = []
        deciding = set(self.j.deciding)
        reported_dates: dict[str, None] = {}
        for act in ctx.acts:
            if act.day is None and not act.undisclosed:
                key = act.date_key
                if key not in deciding and key not in reported_dates:
                    reported_dates[key] = None
                    label = Bilingual(en=t("open.date_of_act", "en"), id=t("open.date_of_act", "id"))
                    if len(ctx.acts) > 1 and key != "event.date_of_act":
                        label = both("open.date_of_act_n", n=act.index + 1)
                    out.append(
                        OpenFact(
                            fact=key,
                            label=label,
                            act_indexes=[a.index for a in ctx.acts if a.date_key == key],
                            reported=reported_label(act.reported, act.stated_phase, rs),
                        )
                    )
        relevant = set(self.worlds.relevant)
        for key, var in ctx.variables.items():
            if key in deciding or var.kind == "date":
                continue
            if var.kind == "modifier" and key not in relevant:
                # an open fact nobody raised and no rule needed is not worth a line; one the report
                # raised (stated as unknown) is, so the officer knows it can stay open
                path = var.path or ""
                if all(ctx.acts[a].origin.get(path) != "unknown" for a in var.acts):
                    continue
            out.append(
                OpenFact(
                    fact=key,
                    label=variable_label(ctx, rs, var),
                    act_indexes=list(var.acts),
                    reported=both("cond.unknown"),
                )
            )
        return out

    # ------------------------------------------------------------------ near misses
    def _near_misses(self) -> list[NearMiss]:
        rs, ctx = self.rs, self.ctx
        floor_world = self.j.groups[0][0] if self.j.groups else 0
        misses: list[tuple[int, int, str, CompiledRule, ActView, Cmp | In]] = []
        for act in ctx.acts:
            if act.undisclosed:
                continue
            view = self._view(act.index, floor_world)
            held = (
                set(self.matches[floor_world][act.index].violations)
                | set(self.matches[floor_world][act.index].exemptions)
                | {r for r, _ in self.matches[floor_world][act.index].overridden}
            )
            undecided = set(self.worlds.undecided.get(act.index, ()))
            for rule in _relevant_rules(rs, act.act.type, view.facts.get("subject.role")):
                if rule.id in held or rule.id in undecided:
                    continue
                leaf = near_miss(rs, rule, view)
                if leaf is None or leaf.path.startswith("regime.") or leaf.path in ("act.type", "subject.role"):
                    continue
                if leaf.path in view.assumed:
                    continue
                outcome = rule.rule.outcome
                severity = rs.sanctions.tiers[outcome.tier].severity if outcome else 0
                misses.append((-severity, act.index, rule.id, rule, view, leaf))
        misses.sort(key=lambda m: m[:3])  # heaviest would-be outcome first; explained only if shown
        return [self._near_miss(rule, view, leaf) for *_, rule, view, leaf in misses[:MAX_NEAR_MISSES]]

    def _near_miss(self, rule: CompiledRule, view: ActView, leaf: Cmp | In) -> NearMiss:
        outcome = rule.rule.outcome
        tier = self.rs.sanctions.tiers[outcome.tier] if outcome else None
        check = check_of(self.rs, leaf, view)

        def text(lang: Lang) -> str:
            return t(
                "why_not.explanation",
                lang,
                fact=getattr(check.label, lang),
                title=getattr(rule.rule.title, lang),
                tier=getattr(tier.law, lang) if tier else "",
                expected=(t("cond.not_prefix", lang) if check.test == "ne" else "") + fmt_value(check.expected, lang),
                actual=fmt_value(check.actual, lang),
            )

        return NearMiss(
            rule_id=rule.id,
            act_index=view.index,
            title=bi(rule.rule.title),
            failed=check,
            would_be_track=outcome.track if outcome else None,
            would_be_tier=outcome.tier if outcome else None,
            explanation=Bilingual(en=text("en"), id=text("id")),
        )

    # ------------------------------------------------------------------ context
    def _act_out(self, i: int) -> ActOut:
        rs, ctx = self.rs, self.ctx
        act = ctx.acts[i]
        docs = [w.docs[i] for w in self.worlds.worlds]
        phases = sorted(
            {str(d["phase"]) for d in docs if d is not None and d.get("phase")}
            | ({str(act.base["phase"])} if act.base.get("phase") else set()),
            key=lambda p: list(rs.vocabulary.phases).index(p) if p in rs.vocabulary.phases else 99,
        )
        if not phases:  # a date no rule needed: the phases the reported days span
            from .calendar import phase_on

            region = ctx.incident.election.region
            phases = sorted(
                {phase_on(ctx.election, act.contest, s.first, region).phase for s in act.segments if not s.outside},
                key=lambda p: list(rs.vocabulary.phases).index(p) if p in rs.vocabulary.phases else 99,
            )
        phase = phases[0] if len(phases) == 1 else None
        after = act.base.get("after_determination")
        inside = [s for s in act.segments if not s.outside]
        return ActOut(
            index=i,
            type=act.act.type,
            type_label=bi(rs.vocabulary.act_types[act.act.type].label),
            date=act.day,
            date_reported=None if act.day else reported_label(act.reported, act.stated_phase, rs),
            first_day=inside[0].first if inside else None,
            last_day=inside[-1].last if inside else None,
            phase=phase,
            phase_label=bi(rs.vocabulary.phases[phase].label) if phase else None,
            phases=phases,
            contest=act.contest,
            determination_date=ctx.election.determination[act.contest],
            after_determination=after if isinstance(after, bool) else None,
            regimes={
                p[7:]: (str(v) if v is not None and v != "none" else None)
                for p, v in act.base.items()
                if p.startswith("regime.")
            },
            covered=bool(rs.rules_by_act.get(act.act.type)),
            undisclosed=act.undisclosed,
        )

    def _respondent(self) -> RespondentOut:
        ctx, rs = self.ctx, self.rs
        person = ctx.respondent
        return RespondentOut(
            index=ctx.respondent_index,
            role=ctx.role,
            role_label=bi(rs.vocabulary.roles[ctx.role].label),
            role_alias=ctx.role_alias,
            name=person.name,
            jabatan=person.jabatan,
            instansi=person.instansi,
            in_office=ctx.in_office,
        )

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
            campaign_from=e.campaign_start(ctx.contest),
            campaign_to=e.campaign.to,
            voting_day=e.voting_day,
            role=ctx.role,
            role_label=bi(rs.vocabulary.roles[ctx.role].label),
            role_alias=ctx.role_alias,
            position_kind=ctx.respondent.position_kind,
            acts=acts,
        )

    def _summary(
        self,
        status: Status,
        headline: Headline,
        findings: list[Finding],
        exemptions: list[Finding],
        sanctions: list[TrackSanction],
    ) -> Bilingual:
        deciding = [variable_label(self.ctx, self.rs, self.ctx.variables[k]) for k in self.j.deciding]

        def make(lang: Lang) -> str:
            facts = ", ".join(getattr(label, lang) for label in deciding)
            if status == "violation":
                if not headline.entries:
                    return t("summary.violation_depends", lang, facts=facts or "?")
                if any(s.possible_heavier for s in sanctions if s.certainty == "definite") or len(self.j.groups) > 1:
                    return t("summary.floor", lang, floor=getattr(headline.label, lang), facts=facts or "?")
                return t("summary.consequences", lang, count=len(findings), consequences=getattr(headline.label, lang))
            if status == "not_determinable":
                if facts:
                    return t("summary.depends", lang, facts=facts)
                if any(a.undisclosed for a in self.ctx.acts):
                    return t("summary.act_unknown", lang)
                labels = {getattr(fact_label(self.rs, p), lang) for s in self.worlds.stuck for p in s.paths}
                return t("summary.not_determinable", lang, facts=", ".join(sorted(labels)) or "?")
            if exemptions:
                return t("summary.exempt", lang, count=len(exemptions))
            return t("summary.no_violation", lang)

        return Bilingual(en=make("en"), id=make("id"))


__all__ = ["Assembler", "Segment"]

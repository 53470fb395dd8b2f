"""Cross-reference checks: every key a rule-set file uses must resolve to something defined."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from .factschema import PHASES

if TYPE_CHECKING:
    from .loader import CompiledRule, Located, Problem, RuleSet


def _field_at(rule: CompiledRule, name: str, index: int) -> Located:
    return rule.at(name, index)


def _entry_at(rs: RuleSet, file_key: str, loc: tuple[str | int, ...], index: int) -> Located:
    return rs.locate(file_key, (*loc, index))


def _hint(word: str, options: Iterable[str]) -> str:
    from .parse import did_you_mean

    close = did_you_mean(word, options)
    return f" (did you mean {close!r}?)" if close else ""


def check_references(rs: RuleSet) -> list[Problem]:
    from .loader import Problem

    problems: list[Problem] = []
    provisions = rs.sources.provisions
    flags = rs.flags.flags
    vocab = rs.vocabulary
    tracks = rs.sanctions.tracks
    tiers = rs.sanctions.tiers

    def missing(
        kind: str,
        keys: Iterable[str],
        known: Iterable[str],
        where: Located | Callable[[int], Located],
        what: str,
        rules: tuple[str, ...] = (),
    ) -> None:
        known_list = list(known)
        known_set = set(known_list)
        for i, key in enumerate(keys):
            if key not in known_set:
                place = where(i) if callable(where) else where
                problems.append(
                    Problem(
                        kind,
                        f"{what} refers to unknown {kind.split('-')[-1]} {key!r}" + _hint(key, known_list),
                        (place,),
                        rules,
                    )
                )

    for key, prov in provisions.items():
        if prov.instrument not in rs.sources.instruments:
            problems.append(
                Problem(
                    "dangling-instrument",
                    f"provision {key} names unknown instrument {prov.instrument}",
                    (rs.locate("sources.yaml", ("provisions", key)),),
                )
            )
    for rule in rs.rules:
        r = rule.rule
        missing(
            "dangling-citation", r.basis, provisions, partial(_field_at, rule, "basis"), f"rule {r.id} basis", (r.id,)
        )
        missing("unknown-flag", r.flags, flags, partial(_field_at, rule, "flags"), f"rule {r.id}", (r.id,))
        for other in r.overrides:
            if other == r.id:
                problems.append(Problem("self-override", f"rule {r.id} overrides itself", (rule.where,), (r.id,)))
            elif other not in rs.by_id:
                problems.append(
                    Problem(
                        "dangling-override",
                        f"rule {r.id} overrides unknown rule {other}" + _hint(other, list(rs.by_id)),
                        (rule.at("overrides", r.overrides.index(other)),),
                        (r.id,),
                    )
                )
        if r.outcome is not None:
            track = tracks.get(r.outcome.track)
            if track is None:
                problems.append(
                    Problem(
                        "unknown-track",
                        f"rule {r.id} outcome track {r.outcome.track} is not defined" + _hint(r.outcome.track, tracks),
                        (rule.at("outcome", "track"),),
                        (r.id,),
                    )
                )
            elif r.outcome.absorbed_by is not None and (
                r.outcome.absorbed_by not in tracks or r.outcome.absorbed_by == r.outcome.track
            ):
                problems.append(
                    Problem(
                        "unknown-track",
                        f"rule {r.id}: absorbed_by {r.outcome.absorbed_by} is not another defined track",
                        (rule.where,),
                        (r.id,),
                    )
                )
            elif r.outcome.tier not in track.tiers:
                problems.append(
                    Problem(
                        "unknown-tier",
                        f"rule {r.id}: tier {r.outcome.tier} is not a tier of track "
                        f"{r.outcome.track} ({', '.join(track.tiers)})" + _hint(r.outcome.tier, track.tiers),
                        (rule.at("outcome", "tier"),),
                        (r.id,),
                    )
                )
        if r.regime in rs.sanctions.regimes:
            regime = rs.sanctions.regimes[r.regime]
            if (r.in_force.from_ or r.in_force.to) and not regime.in_force.overlaps(r.in_force):
                problems.append(
                    Problem(
                        "never-in-force",
                        f"rule {r.id} is in force {r.in_force.from_}..{r.in_force.to} "
                        f"but its regime {r.regime} only {regime.in_force.from_}..{regime.in_force.to}",
                        (rule.where,),
                        (r.id,),
                    )
                )
    _check_cycles(rs, problems)
    for key, track in tracks.items():
        for tier in track.tiers:
            if tier not in tiers:
                problems.append(
                    Problem(
                        "unknown-tier",
                        f"track {key} lists unknown tier {tier}",
                        (rs.locate("sanctions.yaml", ("tracks", key)),),
                    )
                )
            elif tiers[tier].track != key:
                problems.append(
                    Problem(
                        "tier-track",
                        f"tier {tier} belongs to {tiers[tier].track}, listed under {key}",
                        (rs.locate("sanctions.yaml", ("tracks", key)),),
                    )
                )
    for key, regime in rs.sanctions.regimes.items():
        where = rs.locate("sanctions.yaml", ("regimes", key))
        if regime.instrument not in rs.sources.instruments:
            problems.append(
                Problem("dangling-instrument", f"regime {key} names unknown instrument {regime.instrument}", (where,))
            )
        missing(
            "dangling-citation",
            [*regime.keyed_on_basis, *regime.multiple_basis, *regime.repeat_basis, *regime.double_basis],
            provisions,
            where,
            f"regime {key}",
        )
        missing("unknown-flag", [*regime.flags, *regime.earlier_act_flags], flags, where, f"regime {key}")
    for i, oset in enumerate(rs.sanctions.option_sets):
        where = rs.locate("sanctions.yaml", ("option_sets", i))
        if oset.regime not in rs.sanctions.regimes:
            problems.append(
                Problem(
                    "unknown-regime",
                    f"option set {oset.id} names unknown regime {oset.regime}"
                    + _hint(oset.regime, rs.sanctions.regimes),
                    (rs.locate("sanctions.yaml", ("option_sets", i, "regime")),),
                )
            )
        if oset.tier not in tiers:
            problems.append(
                Problem(
                    "unknown-tier",
                    f"option set {oset.id} names unknown tier {oset.tier}" + _hint(oset.tier, tiers),
                    (rs.locate("sanctions.yaml", ("option_sets", i, "tier")),),
                )
            )
        missing(
            "dangling-citation",
            [*oset.basis, *(b for o in oset.options for b in o.basis)],
            provisions,
            where,
            f"option set {oset.id}",
        )
        missing("unknown-flag", oset.flags, flags, where, f"option set {oset.id}")
    for i, route in enumerate(rs.authorities.routes):
        where = rs.locate("authorities.yaml", ("routes", i))
        if route.body not in rs.authorities.bodies:
            problems.append(
                Problem(
                    "unknown-body",
                    f"route {route.id} names unknown body {route.body}" + _hint(route.body, rs.authorities.bodies),
                    (rs.locate("authorities.yaml", ("routes", i, "body")),),
                )
            )
        missing(
            "unknown-track",
            route.tracks,
            tracks,
            partial(_entry_at, rs, "authorities.yaml", ("routes", i, "tracks")),
            f"route {route.id}",
        )
        missing("unknown-subject", route.subjects or [], [*vocab.roles, *vocab.groups], where, f"route {route.id}")
        missing("unknown-position", route.positions or [], vocab.positions, where, f"route {route.id}")
        missing(
            "unknown-tier",
            route.tiers or [],
            tiers,
            partial(_entry_at, rs, "authorities.yaml", ("routes", i, "tiers")),
            f"route {route.id}",
        )
        missing("dangling-citation", route.basis, provisions, where, f"route {route.id}")
        missing("unknown-flag", route.flags, flags, where, f"route {route.id}")
    for key, body in rs.authorities.bodies.items():
        missing(
            "dangling-citation", body.basis, provisions, rs.locate("authorities.yaml", ("bodies", key)), f"body {key}"
        )
    for i, deadline in enumerate(rs.authorities.deadlines):
        where = rs.locate("authorities.yaml", ("deadlines", i))
        missing("unknown-track", deadline.tracks, tracks, where, f"deadline {deadline.id}")
        missing("dangling-citation", deadline.basis, provisions, where, f"deadline {deadline.id}")
        missing("unknown-flag", deadline.flags, flags, where, f"deadline {deadline.id}")
        if deadline.late_flag:
            missing("unknown-flag", [deadline.late_flag], flags, where, f"deadline {deadline.id}")
    vwhere = rs.locate("vocabulary.yaml", ())
    for section in (
        "roles",
        "positions",
        "government_levels",
        "election_bodies",
        "contests",
        "phases",
        "tracks",
        "act_types",
        "modifiers",
        "channels",
    ):
        for key, term in getattr(vocab, section).items():
            missing(
                "dangling-citation",
                term.basis,
                provisions,
                rs.locate("vocabulary.yaml", (section, key)),
                f"vocabulary {section}.{key}",
            )
    for key, role in vocab.roles.items():
        missing(
            "unknown-role", [*role.counts_as], vocab.roles, rs.locate("vocabulary.yaml", ("roles", key)), f"role {key}"
        )
    aliases: dict[str, str] = {}
    for key, role in vocab.roles.items():
        for alias in role.aliases:
            if alias in vocab.roles or alias in aliases:
                problems.append(
                    Problem(
                        "alias-clash",
                        f"alias {alias} of {key} is already a role or alias",
                        (rs.locate("vocabulary.yaml", ("roles", key)),),
                    )
                )
            aliases[alias] = key
    for section in ("roles", "positions", "government_levels", "election_bodies", "contests", "phases", "act_types"):
        _check_names(rs, section, problems)
    _check_names(rs, "modifiers", problems)
    for group, members in vocab.groups.items():
        missing("unknown-role", members, vocab.roles, rs.locate("vocabulary.yaml", ("groups", group)), f"group {group}")
    for key, act in vocab.act_types.items():
        missing(
            "unknown-subject",
            act.subjects,
            [*vocab.roles, *vocab.groups],
            rs.locate("vocabulary.yaml", ("act_types", key)),
            f"act type {key}",
        )
        missing("unknown-flag", act.flags, flags, rs.locate("vocabulary.yaml", ("act_types", key)), f"act type {key}")
    from ..incident import ACT_FIELDS

    clash = sorted(set(vocab.modifiers) & set(ACT_FIELDS))
    if clash:
        problems.append(
            Problem(
                "modifiers",
                f"modifier name(s) {clash} clash with an act's own fields ({', '.join(ACT_FIELDS)}): rename them",
                (vwhere,),
            )
        )
    for key, definition in vocab.act_types.items():
        if definition.undisclosed and key in rs.rules_by_act:
            problems.append(
                Problem(
                    "undisclosed-act",
                    f"act type {key} is declared undisclosed (the act is not yet known) but rules name it",
                    (rs.locate("vocabulary.yaml", ("act_types", key)),),
                )
            )
    office = vocab.office
    if office is not None and office.outside_role not in vocab.roles:
        problems.append(Problem("unknown-role", f"office.outside_role {office.outside_role} is not a role", (vwhere,)))
    if set(vocab.phases) != set(PHASES):
        problems.append(
            Problem(
                "phases",
                f"vocabulary labels phases {sorted(vocab.phases)}; the engine derives {list(PHASES)}",
                (vwhere,),
            )
        )
    if set(vocab.tracks) != set(tracks):
        problems.append(
            Problem(
                "tracks",
                f"vocabulary tracks and sanctions.yaml tracks differ: {sorted(set(vocab.tracks) ^ set(tracks))}",
                (vwhere,),
            )
        )
    for key, election in rs.elections.elections.items():
        where = rs.locate("elections.yaml", ("elections", key))
        missing("unknown-contest", election.contests, vocab.contests, where, f"election {key}")
        missing("unknown-flag", election.flags, flags, where, f"election {key}")
    return problems


def _check_cycles(rs: RuleSet, problems: list[Problem]) -> None:
    from .loader import Problem

    graph = {r.id: [o for o in r.rule.overrides if o in rs.by_id] for r in rs.rules}
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt] if nxt in stack else [node, nxt]
                problems.append(
                    Problem(
                        "override-cycle",
                        " -> ".join(cycle),
                        tuple(rs.by_id[c].where for c in dict.fromkeys(cycle)),
                        tuple(cycle),
                    )
                )
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [node])


def _check_names(rs: RuleSet, section: str, problems: list[Problem]) -> None:
    """An Indonesian name stands for one term only, and is never another term's key or local alias."""
    from .loader import Problem

    terms = getattr(rs.vocabulary, section)
    taken: dict[str, str] = {key: key for key in terms}
    if section == "roles":
        taken.update({alias: key for key, role in terms.items() for alias in role.aliases})
    for key, term in terms.items():
        for name in term.id_names:
            if name in taken and taken[name] != key:
                problems.append(
                    Problem(
                        "name-clash",
                        f"{section}: the name {name} of {key} is already {taken[name]}",
                        (rs.locate("vocabulary.yaml", (section, key, "id_names")),),
                    )
                )
            taken.setdefault(name, key)

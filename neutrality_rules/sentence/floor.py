"""The certain floor: what holds whatever the open facts of a report turn out to be.

Each possible world is sentenced as a tidy report would be. Then, per track, a sanction present in
every world is definite at the lightest tier any world gives (the floor), and the heavier tiers of
other worlds become possibilities with the facts that lead to them. Tracks on one `line` (kode etik and
discipline: the SKB 2022 moves one act from one to the other at candidate determination) are one
consequence, so when every world has some sanction on the line the lightest of the worlds' heaviest is
certain even if no single track is. A verdict is `violation` when every world has a violation,
`no_violation` when none has (and nothing stays undecidable), and `not_determinable` otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..context import Context
from ..context.worlds import World, Worlds
from ..match import ActMatch
from ..ruleset.loader import RuleSet
from . import Hit, Sentence, sentence

SentenceKey = tuple[str, str]
"""(track, "") for a track that gives one sanction; (track, rule id) for one that reports each finding."""


@dataclass(frozen=True)
class WorldResult:
    world: World
    matches: list[ActMatch]
    sentences: list[Sentence]
    violation: bool
    signature: tuple[object, ...]


@dataclass
class Placed:
    """A sanction of the verdict: definite (the floor) or possible, and the heavier tiers beyond it."""

    sentence: Sentence
    world: int
    definite: bool
    heavier: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """(track, tier) -> the worlds that give it, for tiers heavier than this one."""
    worlds: list[int] = field(default_factory=list)
    """The worlds this sanction (at this or a heavier tier) appears in."""


@dataclass
class Judgement:
    results: list[WorldResult]
    status: str
    undetermined: bool
    placed: list[Placed]
    groups: list[list[int]]
    """World indexes with the same outcome, lightest outcome first."""
    deciding: list[str]
    """The open facts whose value changes the outcome."""


def _key(rs: RuleSet, s: Sentence) -> SentenceKey:
    return (s.track, "" if rs.sanctions.tracks[s.track].combine == "heaviest" else ",".join(s.decided_by))


def _severity(rs: RuleSet, s: Sentence) -> int:
    return rs.sanctions.tiers[s.tier].severity if not s.already_sanctioned else -1


def judge(ctx: Context, rs: RuleSet, worlds: Worlds, matches: list[list[ActMatch]]) -> Judgement:
    results: list[WorldResult] = []
    priors = ctx.prior_sanctions
    for world, row in zip(worlds.worlds, matches, strict=True):
        hits = [Hit(rs.by_id[rid], act.index) for act, m in zip(ctx.acts, row, strict=True) for rid in m.violations]
        sentences = sentence(rs, priors, hits, world.law_date, world.days)  # type: ignore[arg-type]
        signature = (
            bool(hits),
            tuple(sorted((s.track, s.tier, s.already_sanctioned, _key(rs, s)[1]) for s in sentences)),
        )
        results.append(WorldResult(world, row, sentences, bool(hits), signature))
    undetermined = (
        worlds.capped
        or any(a.undisclosed for a in ctx.acts)
        or any(s.rule.rule.kind == "violation" for s in worlds.stuck)
    )
    any_violation = any(r.violation for r in results)
    every_violation = all(r.violation for r in results)
    if every_violation:
        status = "violation"
    elif any_violation or undetermined:
        status = "not_determinable"
    else:
        status = "no_violation"
    placed = _place(rs, results)
    groups = _groups(rs, results)
    return Judgement(results, status, undetermined, placed, groups, _deciding(worlds, results))


def _place(rs: RuleSet, results: list[WorldResult]) -> list[Placed]:
    count = len(results)
    by_key: dict[SentenceKey, list[tuple[int, Sentence]]] = defaultdict(list)
    for w, result in enumerate(results):
        for s in result.sentences:
            by_key[_key(rs, s)].append((w, s))
    placed: list[Placed] = []
    definite_tracks: set[str] = set()
    leftovers: dict[SentenceKey, list[tuple[int, Sentence]]] = {}
    for key, entries in by_key.items():
        worlds_with = {w for w, _ in entries}
        if len(worlds_with) == count:
            placed.append(_floor_of(rs, entries, definite=True))
            definite_tracks.add(key[0])
        else:
            leftovers[key] = entries
    # a line (kode etik -> discipline) certain as a whole even when no single track of it is
    tracks = rs.sanctions.tracks
    by_line: dict[str, list[SentenceKey]] = defaultdict(list)
    for key in leftovers:
        by_line[tracks[key[0]].line or key[0]].append(key)
    for line, keys in by_line.items():
        on_line = {t for t, d in tracks.items() if (d.line or t) == line}
        if len(on_line) < 2 or on_line & definite_tracks:
            continue
        heaviest: dict[int, tuple[int, Sentence]] = {}
        for key in keys:
            for w, s in leftovers[key]:
                if w not in heaviest or _severity(rs, s) > heaviest[w][0]:
                    heaviest[w] = (_severity(rs, s), s)
        if len(heaviest) != count:
            continue
        floor_world = min(heaviest, key=lambda w: (heaviest[w][0], w))
        floor = Placed(heaviest[floor_world][1], floor_world, True, worlds=sorted(heaviest))
        for key in keys:
            for w, s in leftovers.pop(key):
                if _severity(rs, s) > heaviest[floor_world][0]:
                    floor.heavier.setdefault((s.track, s.tier), []).append(w)
        placed.append(floor)
    for entries in leftovers.values():
        placed.append(_floor_of(rs, entries, definite=False))
    order = list(tracks)
    placed.sort(key=lambda p: (not p.definite, order.index(p.sentence.track), p.sentence.decided_by))
    return placed


def _floor_of(rs: RuleSet, entries: list[tuple[int, Sentence]], *, definite: bool) -> Placed:
    low = min(entries, key=lambda e: (_severity(rs, e[1]), e[0]))
    out = Placed(low[1], low[0], definite, worlds=sorted({w for w, _ in entries}))
    for w, s in entries:
        if _severity(rs, s) > _severity(rs, low[1]):
            out.heavier.setdefault((s.track, s.tier), []).append(w)
    return out


def _groups(rs: RuleSet, results: list[WorldResult]) -> list[list[int]]:
    by_sig: dict[tuple[object, ...], list[int]] = {}
    for w, result in enumerate(results):
        by_sig.setdefault(result.signature, []).append(w)

    def weight(ws: list[int]) -> tuple[int, int]:
        r = results[ws[0]]
        return (int(r.violation), max((_severity(rs, s) for s in r.sentences), default=-1))

    return sorted(by_sig.values(), key=lambda ws: (weight(ws), ws[0]))


def _deciding(worlds: Worlds, results: list[WorldResult]) -> list[str]:
    """The variables that change the outcome when they alone change."""
    out = []
    for var in worlds.relevant:
        seen: dict[tuple[tuple[str, int], ...], set[tuple[object, ...]]] = defaultdict(set)
        for result in results:
            rest = tuple(kv for kv in result.world.assignment if kv[0] != var)
            seen[rest].add(result.signature)
        if any(len(sigs) > 1 for sigs in seen.values()):
            out.append(var)
    return out

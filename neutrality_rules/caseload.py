"""A seeded generator of realistic caseloads for one election, with decided outcomes.

The mix (who, what, when, where, how matters end, how regions depart from practice) is a profile in
`profiles/<name>.yaml`, with the figures REFERENCE section 11 gives and every assumption marked there.
Dates come from the rule set's calendar; tiers and option ids are the rule set's, checked when the
profile is read. Nothing here encodes what the law prescribes: the decided outcome is drawn from a
model of *practice* (what deciding bodies typically impose for a kind of act, shifted by the region's
habits and by noise); the engine then says what the law prescribes, and the report measures the gap.

Fast and streaming, for benchmarks over 10k-100k incidents: incident `i` depends only on the seed and
`i` (its own random stream), so a caseload can be generated lazily, in shards, in any order, and the
same seed always gives the same incidents.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any, TypeVar, cast

import yaml

from .errors import RuleSetError
from .ruleset.loader import RuleSet
from .ruleset.models import Election

PROFILES = "profiles"
T = TypeVar("T")


def profile_names() -> list[str]:
    folder = resources.files(__package__).joinpath(PROFILES)
    return sorted(e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml"))


def load_profile(name: str | Path = "pemilu-2024") -> dict[str, Any]:
    """A profile by name (bundled) or path (a YAML file of the same shape)."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        text = path.read_text(encoding="utf-8")
    else:
        entry = resources.files(__package__).joinpath(PROFILES, f"{name}.yaml")
        if not entry.is_file():
            raise RuleSetError("caseload.unknown_profile", got=str(name), allowed=", ".join(profile_names()))
        text = entry.read_text(encoding="utf-8")
    return cast(dict[str, Any], yaml.safe_load(text))


class _Weighted:
    """Weighted choice by bisection over cumulative weights (random.choices re-sums on every call)."""

    def __init__(self, items: Mapping[Any, float] | Sequence[tuple[Any, float]]) -> None:
        pairs = list(items.items()) if isinstance(items, Mapping) else list(items)
        pairs = [(k, float(w)) for k, w in pairs if float(w) > 0]
        if not pairs:
            raise ValueError("no item with a positive weight")
        self.items = [k for k, _ in pairs]
        self.cum = list(itertools.accumulate(w for _, w in pairs))

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


@dataclass(frozen=True)
class _Region:
    name: str
    province: str
    practice: str
    cites_pending: bool


def _days(a: dt.date, b: dt.date) -> list[dt.date]:
    return [a + dt.timedelta(days=k) for k in range((b - a).days + 1)] if b >= a else []


class CaseloadGenerator:
    """Incidents for one election, each with the decision a deciding body plausibly took."""

    def __init__(self, ruleset: RuleSet, profile: Mapping[str, Any], seed: int = 2024) -> None:
        self.rs = ruleset
        self.p = profile
        self.seed = seed
        self.key: str = profile["election"]
        if self.key not in ruleset.elections.elections:
            raise RuleSetError("caseload.unknown_election", got=self.key)
        self.election: Election = ruleset.elections.elections[self.key]
        self._check_terms()
        self.contests = _Weighted({c: w for c, w in profile["contests"].items() if c in self.election.contests})
        self.phases = _Weighted(profile["phases"])
        self.n_acts = _Weighted({int(k): w for k, w in profile["acts_per_incident"].items()})
        self.roles = _Weighted(profile["roles"])
        self.positions = _Weighted({k: v["weight"] for k, v in profile["positions"].items()})
        self.levels = _Weighted(profile["government_levels"])
        self.channels = _Weighted(profile["channels"])
        self.regions_practice = _Weighted({k: v["weight"] for k, v in profile["regions_practice"].items()})
        self.regions = self._regions()
        self.region_pick = _Weighted(
            [
                (r, profile["provinces"][r.province]["weight"] / len(profile["provinces"][r.province]["regions"]))
                for r in self.regions
            ]
        )
        self.templates: list[dict[str, Any]] = profile["templates"]
        self.families: dict[str, _Weighted] = {}
        for group in ("asn", "village", "security"):
            weights = {
                f: w
                for f, w in profile["families"].items()
                if any(t["family"] == f and group in t["groups"] for t in self.templates)
            }
            self.families[group] = _Weighted(weights)
        self.ladders = {group: self._ladder(group) for group in ("asn", "pppk", "village")}
        self._ranges: dict[tuple[str, str], list[dt.date]] = {}

    # ------------------------------------------------------------ set-up
    def _check_terms(self) -> None:
        rs, p = self.rs, self.p
        tiers = rs.sanctions.tiers
        vocab = rs.vocabulary
        problems = []
        for t in p["templates"]:
            for tier in t["practice"].values():
                if tier not in tiers:
                    problems.append(f"template {t['id']}: tier {tier}")
            for act in t["acts"]:
                if act["type"] not in vocab.act_types:
                    problems.append(f"template {t['id']}: act type {act['type']}")
        for role in p["roles"]:
            if role not in vocab.roles:
                problems.append(f"role {role}")
        for pos in p["positions"]:
            if pos not in vocab.positions:
                problems.append(f"position {pos}")
        for group in p["regimes"].values():
            for track, regimes in group.items():
                if track not in rs.sanctions.tracks:
                    problems.append(f"track {track}")
                problems.extend(f"regime {r}" for r in regimes if r not in rs.sanctions.regimes)
        extra = [p["village_practice"], *p["security_practice"].values()]
        problems.extend(f"tier {tier}" for tier in extra if tier not in tiers)
        if problems:
            raise RuleSetError("caseload.bad_profile", got="; ".join(problems))

    def _regions(self) -> list[_Region]:
        out = []
        for province, spec in self.p["provinces"].items():
            for name in spec["regions"]:
                rng = random.Random(f"{self.seed}:{province}:{name}")
                practice = self.regions_practice.pick(rng)
                cites = rng.random() * 100 < self.p["cites_pending_options"]
                out.append(_Region(name, province, practice, cites))
        return out

    def _ladder(self, group: str) -> list[str]:
        """The on-scale tiers of the group's tracks, lightest first (sanctions.yaml severities)."""
        tracks = self.p["regimes"][group]
        tiers = self.rs.sanctions.tiers
        found = [t for tr in tracks for t in self.rs.sanctions.tracks[tr].tiers if tiers[t].on_scale]
        return sorted(found, key=lambda t: tiers[t].severity)

    def _phase_days(self, phase: str, contest: str) -> list[dt.date]:
        key = (phase, contest)
        if key not in self._ranges:
            e = self.election
            det = e.determination[contest]
            assert e.campaign.from_ and e.campaign.to and e.window.from_ and e.window.to
            assert e.quiet_period.from_ and e.quiet_period.to
            start = max(e.window.from_, det - dt.timedelta(days=int(self.p["pre_days"])))
            spans = {
                "pre_determination": (start, det - dt.timedelta(days=1)),
                "pre_campaign": (det, e.campaign.from_ - dt.timedelta(days=1)),
                "campaign": (max(e.campaign.from_, det), e.campaign.to),
                "quiet_period": (e.quiet_period.from_, e.quiet_period.to),
                "voting_day": (e.voting_day, e.voting_day),
                "post_voting": (
                    e.voting_day + dt.timedelta(days=1),
                    min(e.window.to, e.voting_day + dt.timedelta(days=int(self.p["post_days"]))),
                ),
            }
            self._ranges[key] = _days(*spans[phase])
        return self._ranges[key]

    # ------------------------------------------------------------ one incident
    def incident(self, i: int) -> dict[str, Any]:
        rng = random.Random(self.seed * 1_000_003 + i)
        p = self.p
        region: _Region = self.region_pick.pick(rng)
        role: str = self.roles.pick(rng)
        group = (
            "village"
            if role in ("kepala_desa", "perangkat_desa", "bpd")
            else "security"
            if role
            in (
                "tni",
                "polri",
            )
            else "asn"
        )
        contest: str = self.contests.pick(rng)
        first = self._template(rng, group)
        day = self._day(rng, contest)
        acts = [self._act(rng, first, None)]
        used = {first["id"]}
        chosen = [first]
        for _ in range(self.n_acts.pick(rng) - 1):
            more = self._companion(rng, group, first["online"], used)
            if more is None:
                break
            used.add(more["id"])
            chosen.append(more)
            shift = rng.randint(-int(p["companion_days"]), int(p["companion_days"]))
            other = self._clip(day + dt.timedelta(days=shift))
            acts.append(self._act(rng, more, other if other != day else None))
        known = self._clip(day + dt.timedelta(days=rng.randint(0, 5)), allow_after=True)
        received = known + dt.timedelta(days=rng.randint(0, 6))
        respondent = self._respondent(rng, role, group, region)
        det = self.election.determination[contest]
        dated = [dt.date.fromisoformat(a["date"]) if "date" in a else day for a in acts]
        practices = [
            tpl["practice"].get("pre" if d < det else "post") or tpl["practice"]["any"]
            for tpl, d in zip(chosen, dated, strict=True)
        ]
        decision, law_day = self._decision(rng, role, group, region, practices, day, received)
        return {
            "incident_id": f"{p['id_prefix']}-{self.seed}-{i:06d}",
            "report": {
                "number": f"{i % 997 + 1:03d}/PL/PW/{received.month:02d}/{received.year}",
                "channel": rng.choice(["sigaplapor", "bawaslu_office", "temuan", "sbt"]),
                "received_on": received.isoformat(),
            },
            "election": {"key": self.key, "contest": contest, "region": f"{region.name}, {region.province}"},
            "respondent": respondent,
            "event": {"date_of_act": day.isoformat(), "date_known": known.isoformat()},
            "acts": acts,
            "assessment_date": law_day.isoformat(),
            "decision": decision,
        }

    def _clip(self, day: dt.date, allow_after: bool = False) -> dt.date:
        e = self.election
        assert e.window.from_ and e.window.to
        return max(e.window.from_, day if allow_after else min(e.window.to, day))

    def _template(self, rng: random.Random, group: str) -> dict[str, Any]:
        family = self.families[group].pick(rng)
        options = [t for t in self.templates if t["family"] == family and group in t["groups"]]
        return rng.choice(options)

    def _companion(self, rng: random.Random, group: str, online: bool, used: set[str]) -> dict[str, Any] | None:
        options = [t for t in self.templates if t["online"] == online and group in t["groups"] and t["id"] not in used]
        options = [t for t in options if t["family"] != "party"]
        return rng.choice(options) if options else None

    def _day(self, rng: random.Random, contest: str) -> dt.date:
        for _ in range(10):
            days = self._phase_days(self.phases.pick(rng), contest)
            if days:
                return days[rng.randrange(len(days))]
        return self.election.voting_day

    def _act(self, rng: random.Random, template: dict[str, Any], day: dt.date | None) -> dict[str, Any]:
        act = dict(template["acts"][0])
        if template["online"] and "channel" not in act:
            act["channel"] = self.channels.pick(rng)
        if day is not None:
            act["date"] = day.isoformat()
        return act

    def _respondent(self, rng: random.Random, role: str, group: str, region: _Region) -> dict[str, Any]:
        p = self.p
        if group == "village":
            kind = "village_head" if role == "kepala_desa" else "village_staff" if role == "perangkat_desa" else "other"
            village = (
                f"Desa {rng.choice(['Sukamaju', 'Mekarsari', 'Sidomulyo', 'Tanjung', 'Karanganyar', 'Sumberrejo'])}"
            )
            title = {"kepala_desa": "Kepala Desa", "perangkat_desa": "Sekretaris Desa", "bpd": "Anggota BPD"}[role]
            return {
                "role": role,
                "jabatan": f"{title} {village.removeprefix('Desa ')}",
                "instansi": f"Pemerintah {village}, {region.name}",
                "position_kind": kind,
                "government_level": "desa",
            }
        if group == "security":
            unit = "Kodim" if role == "tni" else "Polres"
            return {"role": role, "instansi": f"{unit} {region.name}", "position_kind": "other"}
        if role == "lurah":
            level, position, jabatan = "kabupaten_kota", "pengawas", "Lurah"
        else:
            position = self.positions.pick(rng)
            level = self.levels.pick(rng)
            jabatan = rng.choice(p["positions"][position]["jabatan"])
        if level == "pusat":
            instansi = rng.choice(p["central_agencies"])
        elif level == "provinsi":
            instansi = f"Pemerintah Provinsi {region.province}"
        else:
            instansi = f"Pemerintah {region.name}"
        return {
            "role": role,
            "jabatan": jabatan,
            "instansi": instansi,
            "position_kind": position,
            "government_level": level,
        }

    # ------------------------------------------------------------ the decision, from practice
    def _decision(
        self,
        rng: random.Random,
        role: str,
        group: str,
        region: _Region,
        practices: list[str],
        day: dt.date,
        received: dt.date,
    ) -> tuple[dict[str, Any], dt.date]:
        p = self.p
        found_on = received + dt.timedelta(days=rng.randint(7, 30))
        recommender = self._recommender(found_on) if group != "village" else "bawaslu"
        if rng.random() * 100 >= p["outcomes"]["proven"]:
            return {
                "outcome": "no_violation",
                "stage": "finding",
                "decided_by": "bawaslu" if group != "asn" else recommender,
                "decided_on": found_on.isoformat(),
                "reason": "not_proven",
                "reason_text": rng.choice(
                    ["alat bukti tidak cukup", "akun tidak dapat dipastikan milik terlapor", "saksi tidak hadir"]
                ),
            }, found_on
        if group == "security":
            tier = p["security_practice"][role]
            body = "tni_institution" if role == "tni" else "polri_propam"
            if rng.random() * 100 < p["outcomes"]["security_decided"]:
                return {
                    "outcome": "sanctioned",
                    "stage": "imposed",
                    "decided_by": body,
                    "decided_on": (found_on + dt.timedelta(days=rng.randint(20, 90))).isoformat(),
                    "sanctions": [{"tier": tier, "as_reported": "hukuman disiplin oleh institusi"}],
                }, found_on
            return {"outcome": "pending", "stage": "finding", "decided_by": "bawaslu"}, found_on
        if group == "village":
            return self._village_decision(rng, region, day, found_on), found_on
        family = "pppk" if role == "pppk" else "asn"
        tiers = self.rs.sanctions.tiers
        # the practice for the heaviest act decides (deciding bodies look at the whole case)
        practice = max(practices, key=lambda tier: tiers[tier].severity)
        ladder = self._practice_ladder(family, practice)
        recommended = self._step(ladder, practice, 1 if rng.random() * 100 < p["noise"] / 2 else 0)
        rec_no = rng.randint(100, 3999)
        rec: dict[str, Any] = {
            "by": recommender,
            "number": (
                f"R-{rec_no}/KASN/{found_on.month}/{found_on.year}"
                if recommender == "kasn"
                else f"B-{rec_no}/BKN/{found_on.month}/{found_on.year}"
            ),
            "issued_on": found_on.isoformat(),
            "sanctions": [{"tier": recommended}] if recommended else [{"tier": practice}],
        }
        if rng.random() * 100 >= p["outcomes"]["sanctioned_of_proven"]:
            return {"outcome": "pending", "stage": "recommendation", "recommendation": rec}, found_on
        decided_on = found_on + dt.timedelta(days=rng.randint(14, 120))
        tier = self._regional(rng, region, ladder, practice)
        base: dict[str, Any] = {
            "stage": "imposed",
            "decided_by": "ppk",
            "decided_by_name": self._ppk_name(rng, region),
            "number": f"800.1.6/{rng.randint(10, 999)}/BKPSDM/{decided_on.year}",
            "decided_on": decided_on.isoformat(),
            "recommendation": rec,
        }
        if tier is None:
            return {**base, "outcome": "not_proceeded", "reason": "no_action"}, decided_on
        option = self._option(rng, family, tier, decided_on, region.cites_pending)
        sanction: dict[str, Any] = {"tier": tier}
        if option:
            sanction["option"] = option
        return {**base, "outcome": "sanctioned", "sanctions": [sanction]}, decided_on

    def _village_decision(self, rng: random.Random, region: _Region, day: dt.date, found_on: dt.date) -> dict[str, Any]:
        p = self.p
        e = self.election
        assert e.campaign.from_ and e.campaign.to
        in_campaign = e.campaign.from_ <= day <= e.campaign.to
        if in_campaign and rng.random() * 100 < p["outcomes"]["court_of_village_campaign"]:
            months = rng.randint(1, 4)
            text = rng.choice(
                [
                    f"pidana penjara {months} bulan dengan masa percobaan {months * 2} bulan dan denda Rp1.000.000",
                    f"pidana penjara {months} bulan dan denda Rp{rng.randint(1, 5)}.000.000",
                    f"pidana denda Rp{rng.randint(1, 6)}.000.000 subsider 1 bulan kurungan",
                ]
            )
            return {
                "outcome": "sanctioned",
                "stage": "court_first_instance",
                "decided_by": "court",
                "decided_by_name": f"Pengadilan Negeri {region.name.removeprefix('Kabupaten ').removeprefix('Kota ')}",
                "decided_on": (found_on + dt.timedelta(days=rng.randint(30, 75))).isoformat(),
                "sanctions": [{"track": "criminal", "as_reported": text}],
            }
        if rng.random() * 100 >= p["outcomes"]["sanctioned_of_proven"]:
            return {"outcome": "pending", "stage": "finding", "decided_by": "bawaslu"}
        tier = self._regional(rng, region, self.ladders["village"], p["village_practice"])
        decided = {
            "stage": "imposed",
            "decided_by": "bupati_walikota",
            "decided_by_name": ("Wali Kota " if region.name.startswith("Kota") else "Bupati ")
            + region.name.removeprefix("Kabupaten ").removeprefix("Kota "),
            "decided_on": (found_on + dt.timedelta(days=rng.randint(14, 90))).isoformat(),
        }
        if tier is None:
            return {**decided, "outcome": "not_proceeded", "reason": "no_action"}
        return {**decided, "outcome": "sanctioned", "sanctions": [{"tier": tier}]}

    def _recommender(self, day: dt.date) -> str:
        """KASN or BKN on that date, as authorities.yaml routes the recommendation."""
        for route in self.rs.authorities.routes:
            if route.step == "recommends" and route.body in ("kasn", "bkn") and route.in_force.contains(day):
                return route.body
        return "bkn"

    def _practice_ladder(self, family: str, practice: str) -> list[str]:
        """The tiers a region's habits move along: the practice tier's own consequence line, and for a
        tier on a line of its own (PTDH) the line below it too (a PPK imposing hukuman disiplin berat
        where the law dismisses). A strict region never crosses into dismissal for a disciplinary case."""
        tracks = self.rs.sanctions.tracks
        tiers = self.rs.sanctions.tiers
        line = tracks[tiers[practice].track].line or tiers[practice].track
        same = [t for t in self.ladders[family] if (tracks[tiers[t].track].line or tiers[t].track) == line]
        if len(same) > 1:
            return same
        below = [t for t in self.ladders[family] if tiers[t].severity < tiers[practice].severity]
        return [*below, practice]

    def _step(self, ladder: list[str], tier: str, shift: int) -> str | None:
        if tier not in ladder:
            return tier
        k = ladder.index(tier) + shift
        return None if k < 0 else ladder[min(k, len(ladder) - 1)]

    def _regional(self, rng: random.Random, region: _Region, ladder: list[str], practice: str) -> str | None:
        spec = self.p["regions_practice"][region.practice]
        tier: str | None = practice
        if spec["rate"] and rng.random() * 100 < spec["rate"]:
            if spec["shift"] == "none":
                return None
            tier = self._step(ladder, practice, int(spec["shift"]))
        if tier is not None and rng.random() * 100 < self.p["noise"]:
            tier = self._step(ladder, tier, rng.choice([-1, 1]))
        return tier

    def _option(self, rng: random.Random, family: str, tier: str, day: dt.date, cites_pending: bool) -> str | None:
        track = self.rs.sanctions.tiers[tier].track
        for regime in self.p["regimes"][family].get(track, ()):
            sets = [s for s in self.rs.sanctions.option_sets if s.regime == regime and s.tier == tier]
            live = [s for s in sets if s.status == "in_force" and s.in_force.contains(day)]
            pending = [s for s in sets if s.status == "pending"]
            chosen = pending if (cites_pending and pending) else live
            if chosen:
                return rng.choice(chosen[0].options).id
        return None

    def _ppk_name(self, rng: random.Random, region: _Region) -> str:
        short = region.name.removeprefix("Kabupaten ").removeprefix("Kota ")
        head = "Wali Kota" if region.name.startswith("Kota") else "Bupati"
        return rng.choice([f"{head} {short}", f"Pj {head} {short}", f"Sekretaris Daerah a.n. {head} {short}"])

    # ------------------------------------------------------------ many
    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self.incident(i) for i in itertools.count())

    def take(self, n: int, start: int = 0) -> Iterator[dict[str, Any]]:
        return (self.incident(i) for i in range(start, start + n))


def generate(
    n: int, *, seed: int = 2024, profile: str | Path = "pemilu-2024", ruleset: RuleSet | None = None
) -> Iterator[dict[str, Any]]:
    """`n` incidents (dicts, ready for Engine.check), lazily."""
    if ruleset is None:
        from .bundled import bundled_rules
        from .ruleset.loader import load_ruleset

        with bundled_rules() as folder:
            ruleset = load_ruleset([folder])
    return CaseloadGenerator(ruleset, load_profile(profile), seed).take(n)


def write_jsonl(out: IO[str], incidents: Iterator[dict[str, Any]]) -> int:
    """Write incidents as JSON Lines; returns how many."""
    count = 0
    for item in incidents:
        out.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count

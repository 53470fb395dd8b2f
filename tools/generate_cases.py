"""Generate the boundary golden cases in cases/generated/ (run by hand; the output is committed).

    .venv/bin/python tools/generate_cases.py            # rewrite cases/generated/
    .venv/bin/python tools/generate_cases.py --check    # exit 1 if the committed cases differ

The oracle is independent of the engine: nothing here calls nrules' checking code. The expected values
come from the law and the KPU calendars as recorded in rules/elections.yaml at generation time, through
the small tables below (the stage definitions of a KPU calendar; the regime dates of the laws), written
from the legal texts, not from nrules' output. Once generated, the cases are fixed data: a later change to
a calendar date or a regime edge in rules/ makes nrules disagree with them, which is the point.

- calendar/: for every election and contest, one act on the day before, of and after each date that
  decides a phase (determination, campaign start and end, voting day) and on the first and last day of
  the election's window; each act's expected phase follows the KPU stage definitions. The respondent is a
  TNI soldier liking a post: practical politics, prohibited at any time (UU 34/2004 Pasal 39 angka 2), so
  every act is a violation whatever its phase and the case pins only the calendar.
- calendar/*-outside-*: the day before the election's days begin (candidacy_from, else the window) and
  after they end (the window, or the last re-vote) are outside the election (the incident is refused,
  naming event.date_of_act).
- calendar/*-before-stages, *-first-stage: where the candidacy process is recorded before the KPU's
  stages (candidacy_from), an act the day before the first stage raises early_candidacy_step and an act
  on the first stage does not (rules/elections.yaml header, 4.).
- rules/: for every rule, each role it concerns and each act type, an incident that satisfies its
  condition, and for each fact its condition requires, an incident where only that fact fails. The
  incident is built from the rule's condition (a witness); the expectations are that the rule applies to
  the first and not to the others, and the tier of its finding is the one its cited provisions set
  (PROVISION_TIERS below: PP 94 Pasal 14 sets berat, PP 42 Pasal 15 sanksi moral, UU 5/2014 Pasal
  87(4)(c) PTDH...), never the rule's own `outcome`. These cases pin the rule set as it reads the law, so
  that no change to a rule goes unnoticed; whether a reading is right is for the hand-written cases.
- routes/, deadlines/, options/: every route entry, deadline and option set, pinned by incidents it
  covers and (for each filter) one it does not (tools/pins.py).
- combine/: per track, the same act twice, and two different offences (each decided by its own rule) by
  one respondent on one day: one sanction on a track where the law on several violations gives the
  heaviest, one per offence where each is its own offence or case (tools/pins.py, COMBINE).
- regimes/: the day before, of and after each regime change that an act or an examination can reach:
  the SKB 2022 (signed 22-09-2022), UU 20/2023 (in force 31-10-2023, replacing UU 5/2014), PP 94/2021
  (31-08-2021: examinations begun before it stay under PP 53/2010, PP 94 Pasal 40), PP 49/2018
  (28-11-2018: no PPPK discipline regime before it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "cases" / "generated"
ONE = dt.timedelta(days=1)


def phase_of(day: dt.date, determination: dt.date, campaign: tuple[dt.date, dt.date], voting: dt.date) -> str:
    """The stage of a KPU calendar a day falls in (elections.yaml header, 'HOW PHASES ARE DERIVED'):
    before the KPU determines the candidates; from determination to the campaign; the campaign (both
    ends included); the quiet days after it; voting day; after voting."""
    if day < determination:
        return "pre_determination"
    if day < campaign[0]:
        return "pre_campaign"
    if day <= campaign[1]:
        return "campaign"
    if day < voting:
        return "quiet_period"
    if day == voting:
        return "voting_day"
    return "post_voting"


# ---------------------------------------------------------------- rule witnesses
def rule_cases() -> dict[str, dict[str, Any]]:
    """Witnesses of every rule (see the module docstring). Reads the rule set's conditions to build the
    incidents; the expectations come from PROVISION_TIERS and the facts the condition names."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from witness import facts_of, witnesses  # tools/witness.py

    from neutrality_rules.ruleset.conditions import evaluate
    from neutrality_rules.ruleset.loader import load_ruleset

    rs = load_ruleset([ROOT / "rules"])
    out: dict[str, dict[str, Any]] = {}
    for rule in rs.rules:
        beaters = [r for r in rs.rules if rule.id in r.rule.overrides]
        for name, incident, positive, fact in witnesses(rs, rule):
            expect: dict[str, Any] = {}
            if positive and any(evaluate(r.condition, facts_of(rs, incident)) is True for r in beaters):
                continue  # a rule that overrides it holds too and decides instead
            if positive:
                if rule.rule.kind == "violation":
                    expect["status"] = "violation"
                    expect["rules_include"] = [rule.id]
                    tier = tier_from_basis(list(rule.rule.basis))
                    if tier is not None:
                        expect["finding_tiers"] = {rule.id: tier[1]}
                else:
                    expect["exemptions_include"] = [rule.id]
                why = (
                    f"The incident has every fact the condition of {rule.id} ({rule.where}) requires: "
                    + (
                        f"{'the exemption applies' if rule.rule.kind == 'exemption' else 'the rule applies'}"
                        + (
                            f", and its finding is {expect['finding_tiers'][rule.id]}, the tier its provisions "
                            f"set ({', '.join(rule.rule.basis)}; tools/generate_cases.py PROVISION_TIERS)"
                            if "finding_tiers" in expect
                            else ""
                        )
                    )
                    + "."
                )
            else:
                key = "rules_exclude" if rule.rule.kind == "violation" else "exemptions_exclude"
                expect[key] = [rule.id]
                why = (
                    f"The incident has every fact the condition of {rule.id} ({rule.where}) requires except "
                    f"{fact}: without it the provision does not apply, so the "
                    f"{'rule' if rule.rule.kind == 'violation' else 'exemption'} must not."
                )
            out[f"rules/{rule.id}/{name}.yaml"] = {
                "id": f"gen-rule-{rule.id}-{name}".replace(":", "-").lower()[:120],
                "title": f"{rule.id}: {'applies' if positive else 'does not apply without ' + str(fact)} ({name})",
                "justification": why,
                "tags": ["generated", "rules"],
                "incident": incident,
                "expect": expect,
            }
    return out


def pinned_cases() -> dict[str, dict[str, Any]]:
    """Routes, deadlines and option sets (tools/pins.py)."""
    from pins import pin_cases  # tools/pins.py (rule_cases put tools/ on the path)

    from neutrality_rules.ruleset.loader import load_ruleset

    rs = load_ruleset([ROOT / "rules"])
    out: dict[str, dict[str, Any]] = {}
    for kind, name, incident, expect, why in pin_cases(rs):
        out[f"{kind}/{name}.yaml"] = {
            "id": f"gen-{kind}-{name}".replace("/", "-").replace(":", "-").lower()[:120],
            "title": f"{kind}: {name}",
            "justification": why,
            "tags": ["generated", kind],
            "incident": incident,
            "expect": expect,
        }
    return out


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def calendar_cases(elections: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key, e in elections.items():
        # the days an act can be tied to the election (elections.yaml header, 1.): from the candidacy
        # process (candidacy_from, else the KPU's first stage) to the end of the stages or of the last
        # re-vote; rounds held only in some regions never apply to an incident that names none, and a
        # re-vote without a campaign or voting day of its own leaves its days post_voting (3.)
        window = (e.get("candidacy_from") or e["window"]["from"], e["window"]["to"])
        rounds = [*([e["second_round"]] if e.get("second_round") else []), *(e.get("re_votes") or [])]
        window = (window[0], max([window[1], *(r.get("to") or r["voting_day"] for r in rounds)]))
        voting = e["voting_day"]
        for contest in e["contests"]:
            det = e["determination"][contest]
            # a contest's campaign may start later (campaign_from, UU 8/2012 Pasal 83(1))
            campaign = ((e.get("campaign_from") or {}).get(contest, e["campaign"]["from"]), e["campaign"]["to"])
            days: set[dt.date] = {window[0], window[1], e["window"]["from"] - ONE, e["window"]["from"]}
            for edge in (det, campaign[0], campaign[1], voting):
                days |= {edge - ONE, edge, edge + ONE}
            days = {d for d in days if window[0] <= d <= window[1]}
            ordered = sorted(days)
            acts = [{"type": "social_media.like", "date": d.isoformat()} for d in ordered]
            out[f"calendar/{key}-{contest}.yaml"] = {
                "id": f"gen-calendar-{key}-{contest}",
                "title": f"{key} / {contest}: the phase of an act on each calendar boundary",
                "justification": (
                    f"KPU calendar of {key} (rules/elections.yaml at generation): determination of {contest} "
                    f"{det}, campaign {campaign[0]}..{campaign[1]}, voting day {voting}, days of the election "
                    f"{window[0]}..{window[1]}. Each act's phase follows the KPU stages (before determination; "
                    "determination to campaign; campaign, both ends included; quiet days; voting day; after "
                    "voting), computed by tools/generate_cases.py, not by nrules. A TNI soldier liking a post is "
                    "practical politics, prohibited at any time (UU 34/2004 Pasal 39 angka 2): every act is a "
                    "violation referred to the TNI, whatever its phase."
                ),
                "tags": ["generated", "calendar"],
                "incident": {
                    "incident_id": f"GEN-CAL-{key}-{contest}".upper(),
                    "election": {"key": key, "contest": contest},
                    "respondent": {"role": "tni"},
                    "event": {"date_of_act": ordered[0].isoformat()},
                    "acts": acts,
                    "assessment_date": (window[1] + ONE).isoformat(),
                },
                "expect": {
                    "status": "violation",
                    "acts": [{"phase": phase_of(d, det, campaign, voting)} for d in ordered],
                },
            }
        if e.get("candidacy_from"):
            # an act in the candidacy process before the KPU's first stage is pre_determination and raises
            # early_candidacy_step; from the first stage on it does not (elections.yaml header, 4.)
            first = e["window"]["from"]
            contest = e["contests"][0]
            for label, day, expect in (
                ("before-stages", first - ONE, {"flags": ["early_candidacy_step"]}),
                ("first-stage", first, {"flags_exclude": ["early_candidacy_step"]}),
            ):
                out[f"calendar/{key}-{label}.yaml"] = {
                    "id": f"gen-calendar-{key}-{label}",
                    "title": f"{key}: an act on {day}, "
                    + ("the day before the KPU's first stage" if label == "before-stages" else "the KPU's first stage"),
                    "justification": (
                        f"The KPU's stages of {key} begin {first}; the candidacy process is recorded from "
                        f"{e['candidacy_from']} (rules/elections.yaml at generation). An act on {day} is "
                        + (
                            "a step of the candidacy process before the stages: the verdict says so "
                            "(early_candidacy_step)."
                            if label == "before-stages"
                            else "within the KPU's stages: no early-candidacy flag."
                        )
                    ),
                    "tags": ["generated", "calendar"],
                    "incident": {
                        "incident_id": f"GEN-CAL-{key}-{label}".upper(),
                        "election": {"key": key, "contest": contest},
                        "respondent": {"role": "tni"},
                        "event": {"date_of_act": day.isoformat()},
                        "acts": [{"type": "social_media.like"}],
                        "assessment_date": (window[1] + ONE).isoformat(),
                    },
                    "expect": {"status": "violation", **expect},
                }
        for side, day in (("before", window[0] - ONE), ("after", window[1] + ONE)):
            contest = e["contests"][0]
            out[f"calendar/{key}-outside-{side}.yaml"] = {
                "id": f"gen-calendar-{key}-outside-{side}",
                "title": f"{key}: the day {side} the election's days is outside the election",
                "justification": (
                    f"The days of {key} run {window[0]}..{window[1]} (rules/elections.yaml at generation: "
                    "from the candidacy process to the last stage or re-vote); "
                    f"{day} is outside it, so the act belongs to no stage of this election and the incident "
                    "is refused, naming the date."
                ),
                "tags": ["generated", "calendar"],
                "incident": {
                    "incident_id": f"GEN-CAL-{key}-OUT-{side}".upper(),
                    "election": {"key": key, "contest": contest},
                    "respondent": {"role": "tni"},
                    "event": {"date_of_act": day.isoformat()},
                    "acts": [{"type": "social_media.like"}],
                    "assessment_date": (window[1] + 30 * ONE).isoformat(),
                },
                "expect": {"status": "input_error", "error_field": "event.date_of_act"},
            }
    return out


# The regime changes an act or an examination can reach, from the laws (REFERENCE.md sections 1.1, 4.1,
# 5.2, 9): (family, the day the new regime starts, the regime before, the regime from that day, what is
# dated, an election whose window holds the act, its contest, the law that sets the day).
REGIME_EDGES: list[tuple[str, dt.date, str | None, str, str, str, str, str]] = [
    (
        "asn_guideline",
        dt.date(2022, 9, 22),
        "asn-guideline-pre-skb2022",
        "skb2022",
        "act",
        "pemilu-2024",
        "presiden",
        "SKB 2022 (Nomor 2 Tahun 2022 dkk.) on the neutrality of ASN, signed 22-09-2022 (REFERENCE 4.1, 14.1)",
    ),
    (
        "asn_dismissal",
        dt.date(2023, 10, 31),
        "uu5-2014",
        "uu20-2023",
        "act",
        "pemilu-2024",
        "presiden",
        "UU 20/2023, in force on promulgation 31-10-2023 (Pasal 77), repealing UU 5/2014 (Pasal 76)",
    ),
    (
        "pppk_dismissal",
        dt.date(2023, 10, 31),
        "uu5-2014.pppk",
        "uu20-2023.pppk",
        "act",
        "pemilu-2024",
        "presiden",
        "UU 20/2023, in force on promulgation 31-10-2023 (Pasal 77), repealing UU 5/2014 (Pasal 76)",
    ),
    (
        "pns_discipline",
        dt.date(2021, 8, 31),
        "pp53-2010",
        "pp94-2021",
        "law",
        "pilkada-2020",
        "bupati",
        "PP 94/2021, in force 31-08-2021 (Pasal 46); an examination begun before it stays under PP 53/2010 "
        "(Pasal 40 ayat (4)), one begun later is under PP 94 (Pasal 40 ayat (3))",
    ),
    (
        "pppk_discipline",
        dt.date(2018, 11, 28),
        None,
        "pp49-2018",
        "law",
        "pilkada-2018",
        "bupati",
        "PP 49/2018 on PPPK, in force on promulgation 28-11-2018 (Pasal 102); before it no PPPK discipline "
        "regime is read",
    ),
]


def regime_cases(elections: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for family, start, before, after, dated, election, contest, law in REGIME_EDGES:
        e = elections[election]
        for offset, label in ((-1, "day-before"), (0, "day-of"), (1, "day-after")):
            day = start + offset * ONE
            expected = before if day < start else after
            if dated == "act":
                act_day, law_day = day, e["window"]["to"] + ONE
            else:
                act_day, law_day = e["voting_day"], day
            out[f"regimes/{family}-{label}.yaml"] = {
                "id": f"gen-regime-{family}-{label}",
                "title": f"{family}: the regime {'on' if offset == 0 else label.replace('-', ' ')} {start}",
                "justification": (
                    f"{law}. The {'act' if dated == 'act' else 'examination'} is dated {day}: "
                    f"{'before' if day < start else 'on or after'} {start}, so the {family} regime is "
                    f"{expected or 'none'} (tools/generate_cases.py, from the law's dates, not from nrules). "
                    "A TNI soldier's like is a violation at any time (UU 34/2004 Pasal 39 angka 2); the regimes "
                    "of every family are derived for every act, whoever the respondent."
                ),
                "tags": ["generated", "regimes"],
                "incident": {
                    "incident_id": f"GEN-REG-{family}-{label}".upper(),
                    "election": {"key": election, "contest": contest},
                    "respondent": {"role": "tni"},
                    "event": {"date_of_act": act_day.isoformat()},
                    "acts": [{"type": "social_media.like"}],
                    "examination_started_on": law_day.isoformat(),
                },
                "expect": {"status": "violation", "acts": [{"regimes": {family: expected}}]},
            }
    return out


# Which sanction each provision sets (the law's own tier articles), in order of precedence: a rule on
# standing for office cites the resignation requirement before the prohibition it also cites.
PROVISION_TIERS: list[tuple[str, tuple[str, str]]] = [
    # resignation before standing for office
    ("uu5-2014.p123.3", ("candidacy", "must_resign")),
    ("uu5-2014.p119", ("candidacy", "must_resign")),
    ("uu20-2023.p59.3", ("candidacy", "must_resign")),
    ("uu20-2023.p56", ("candidacy", "must_resign")),
    ("uu10-2016.p7.2.t", ("candidacy", "must_resign")),
    ("uu7-2017.p240.1.k", ("candidacy", "must_resign")),
    ("uu3-2024.p26.4.g", ("candidacy", "must_resign")),
    # dishonourable dismissal for party membership
    ("uu5-2014.p87.4.c", ("dismissal", "ptdh")),
    ("uu5-2014.p105.3.c", ("dismissal", "ptdh")),
    ("uu20-2023.p52.3.j", ("dismissal", "ptdh")),
    ("pp49-2018.p53.3.c", ("dismissal", "ptdh")),
    ("skb2022.l2.d5", ("dismissal", "ptdh")),
    # election crimes: referral with the penalty of the criminal article
    ("uu7-2017.p494", ("criminal", "criminal_referral")),
    ("uu7-2017.p490", ("criminal", "criminal_referral")),
    ("uu7-2017.p493", ("criminal", "criminal_referral")),
    ("uu1-2015.p188", ("criminal", "criminal_referral")),
    ("uu8-2015.p189", ("criminal", "criminal_referral")),
    # TNI and Polri: the institution's own law
    ("uu34-2004.p39", ("institutional", "tni_referral")),
    ("uu2-2002.p28", ("institutional", "polri_referral")),
    # civil-service discipline: the tier articles (PP 94 Pasal 9-14; PP 53 Pasal 10-13)
    ("pp94-2021.p14", ("discipline", "berat")),
    ("pp94-2021.p11", ("discipline", "berat")),
    ("pp94-2021.p13", ("discipline", "sedang")),
    ("pp94-2021.p10", ("discipline", "sedang")),
    ("pp94-2021.p12", ("discipline", "ringan")),
    ("pp94-2021.p9", ("discipline", "ringan")),
    ("pp53-2010.p13", ("discipline", "berat")),
    ("pp53-2010.p12", ("discipline", "sedang")),
    # the SKB 2022 annex rows (REFERENCE 14.2): kode etik rows are sanksi moral; D rows by their tier
    ("skb2022.l2.ke", ("kode_etik", "moral")),
    ("skb2022.l2.d3", ("discipline", "sedang")),
    ("skb2022.l2.d9", ("discipline", "sedang")),
    ("skb2022.l2.d13", ("case_by_case", "satgas_decides")),
    ("skb2022.l2.d", ("discipline", "berat")),
    # kode etik: sanksi moral (PP 42/2004 Pasal 15)
    ("pp42-2004.p15", ("kode_etik", "moral")),
    # village officials: the first sanction is a reprimand (UU 6/2014 Pasal 30 ayat (1), 52 ayat (1))
    ("uu6-2014.p30.1", ("village_admin", "village_teguran")),
    ("uu6-2014.p52.1", ("village_admin", "village_teguran")),
    ("uu6-2014.p64", ("village_admin", "village_prohibition_unspecified")),
]


def tier_from_basis(basis: list[str]) -> tuple[str, str] | None:
    """The sanction the first (by precedence) tier-setting provision among `basis` sets, or None."""
    for prefix, tier in PROVISION_TIERS:
        for key in basis:
            rest = key[len(prefix) :] if key.startswith(prefix) else None
            row = prefix.endswith(("ke", ".d")) and rest is not None and rest.isdigit()
            if rest is not None and (rest == "" or rest.startswith(".") or row):
                return tier
    return None


HEADER = "# Generated by tools/generate_cases.py; do not edit by hand (see its docstring for the oracle).\n"


def render(case: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=110)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if cases/generated/ is not up to date")
    args = parser.parse_args()
    elections = _read(ROOT / "rules" / "elections.yaml")["elections"]
    cases = {**calendar_cases(elections), **regime_cases(elections), **rule_cases(), **pinned_cases()}
    stale = []
    for rel, case in sorted(cases.items()):
        path = OUT / rel
        text = render(case)
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print(f"{len(stale)} generated case(s) differ from the generator: {', '.join(stale[:5])}")
        return 1
    print(f"{len(cases)} case(s) {'checked' if args.check else 'written'} under {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

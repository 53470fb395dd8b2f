"""The interview's questions, in order, branching on the answers so far.

Everything offered comes from the rule set: elections and their contests, roles (with local names),
positions, act types (only those the respondent's role can commit), and for each act only the modifiers
the rules for that act and role actually test, with their vocabulary labels and definitions. A new act
type or modifier in the rule set appears in the interview without a code change.

The flow is a pure function of the answers (`questions(answers)`), so a terminal, a web page and a
script (answers from a file) drive the same interview: ask `next_question(answers)`, `parse()` the reply,
store it, repeat; `build_incident(answers)` gives the incident.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, get_args

from pydantic import ValidationError

from ..i18n import t
from ..i18n.dates import fmt_date
from ..incident import Event, Evidence, Incident, Report
from ..ruleset.conditions import All, AnyOf, Cmp, Condition, In, Not, evaluate, leaves
from ..ruleset.loader import RuleSet
from ..ruleset.models import Text
from . import parse
from .model import NOT_MENTIONED, Choice, Kind, Problem, Question, Words

_INDEX = re.compile(r"\[(\d+)\]")


class _Partial(dict[str, Any]):
    """Facts known so far; every other fact is unknown (None) to the Kleene evaluation."""

    def __missing__(self, key: str) -> None:
        return None


def _reachable_paths(cond: Condition, known: _Partial) -> set[str]:
    """Fact paths in the branches of `cond` not already false given the known facts."""
    if evaluate(cond, known) is False:
        return set()
    if isinstance(cond, Cmp | In):
        return {cond.path}
    if isinstance(cond, All | AnyOf):
        return set().union(*(_reachable_paths(item, known) for item in cond.items))
    if isinstance(cond, Not):
        return {leaf.path for leaf in leaves(cond.item)}
    return set()


def w(key: str, **params: Any) -> Words:
    """A catalogue message in both languages."""
    return Words(en=t(key, "en", **params), id=t(key, "id", **params))


def _words(text: Text | None) -> Words | None:
    return None if text is None else Words(en=text.en, id=text.id)


@dataclass(frozen=True)
class Capabilities:
    """What the incident format accepts, probed from its model: the interview offers "unknown" and
    approximate dates, a phase without a date, and several respondents only where the format takes them."""

    partial_dates: bool
    unknown_date: bool
    phase: bool
    several_respondents: bool

    @classmethod
    def probe(cls) -> Capabilities:
        def accepts(data: dict[str, Any]) -> bool:
            try:
                Event.model_validate(data)
            except ValidationError:
                return False
            return True

        return cls(
            partial_dates=accepts({"date_of_act": "2024-10"}),
            unknown_date=accepts({}),
            phase="phase" in Event.model_fields,
            several_respondents="respondents" in Incident.model_fields,
        )


def modifiers_tested(rs: RuleSet, act_type: str, roles: list[str] | None = None) -> list[str]:
    """The modifiers some rule for this act (and role) tests, in the vocabulary's order: only in the
    branches of a condition that this act type and role can reach (a rule for "a like or a photo"
    asks "photo with whom" of a photo only)."""
    tested: set[str] = set()
    for rule in rs.rules_by_act.get(act_type, ()):
        candidates: list[str | None] = list(roles) if roles else [None]
        for role in candidates:
            if role is not None and role not in rule.subjects:
                continue
            known = _Partial({"act.type": act_type, "subject.role": role})
            for path in _reachable_paths(rule.condition, known):
                if path.startswith("act.") and path != "act.type":
                    tested.add(path[4:].split(".")[0])
    return [m for m in rs.vocabulary.modifiers if m in tested]


class Interview:
    """The questions for recording one report, drawn from `ruleset`."""

    def __init__(self, ruleset: RuleSet, *, today: dt.date | None = None) -> None:
        self.rs = ruleset
        self.today = today or dt.date.today()
        self.can = Capabilities.probe()

    # ------------------------------------------------------------ vocabulary-derived choices

    @cached_property
    def _role_choices(self) -> list[Choice]:
        return [
            Choice(
                value=key,
                label=Words(en=r.label.en, id=r.label.id),
                definition=_words(r.definition),
                aliases=r.aliases,
                names=list(r.id_names),
            )
            for key, r in self.rs.vocabulary.roles.items()
        ]

    def _role_of(self, value: str | None) -> str | None:
        if value is None:
            return None
        for key, role in self.rs.vocabulary.roles.items():
            if value == key or value in role.aliases:
                return key
        return None

    def _acts_for(self, roles: list[str]) -> list[Choice]:
        out = []
        for key, act in self.rs.vocabulary.act_types.items():
            reach = set(self.rs.expand_subjects(act.subjects))
            if roles and not reach & set(roles):
                continue
            out.append(
                Choice(
                    value=key,
                    label=_words(act.label) or Words(en=key, id=key),
                    definition=_words(act.definition),
                    names=list(act.id_names),
                )
            )
        return out

    def _modifiers_for(self, act_type: str, roles: list[str]) -> list[str]:
        return modifiers_tested(self.rs, act_type, roles)

    def _role_tests(self, role: str, fact: str) -> bool:
        """Whether any rule or route for `role` depends on a respondent fact (position, level, body)."""
        for rule in self.rs.rules:
            if role in rule.subjects and any(leaf.path == fact for leaf in leaves(rule.condition)):
                return True
        attr = {"subject.position": "positions", "subject.government_level": "government_levels"}.get(fact)
        if attr is None:
            return False
        for entry in self.rs.authorities.routes:
            if getattr(entry, attr) is not None and (
                entry.subjects is None or role in self.rs.expand_subjects(entry.subjects)
            ):
                return True
        return False

    def _phases(self) -> dict[str, list[str]]:
        return {key: [p.label.en, p.label.id] for key, p in self.rs.vocabulary.phases.items()}

    # ------------------------------------------------------------ the questions

    def _date_help(self) -> Words:
        if self.can.partial_dates:
            return w("new.help.reported_date")
        return w("new.help.day_only")

    def questions(self, answers: dict[str, Any]) -> Iterator[Question]:
        """Every question the answers so far lead to, in order (loops end where the answers end them)."""
        a = answers
        channels = [c for c in get_args(get_args(Report.model_fields["channel"].annotation)[0])]
        yield Question(
            id="report.channel",
            section="report",
            kind="choice",
            prompt=w("new.q.channel"),
            choices=[Choice(value=c, label=w(f"new.channel.{c}")) for c in channels],
            skip_means=w("new.skip.not_recorded"),
        )
        yield Question(id="report.number", section="report", kind="text", prompt=w("new.q.report_number"))
        yield Question(
            id="report.received_on",
            section="report",
            kind="date",
            prompt=w("new.q.received_on"),
            help=w("new.help.day"),
        )
        if a.get("report.channel") != "temuan":
            for field in ("name", "occupation", "address", "phone"):
                yield Question(
                    id=f"report.reporter.{field}", section="report", kind="text", prompt=w(f"new.q.reporter.{field}")
                )
        suggested = _safe_id(a.get("report.number")) or f"NR-{self.today:%Y%m%d}"
        yield Question(
            id="incident_id",
            section="report",
            kind="text",
            prompt=w("new.q.incident_id"),
            required=True,
            default=suggested,
            help=w("new.help.incident_id", default=suggested),
        )
        elections = [
            Choice(
                value=key,
                label=Words(en=e.title.en, id=e.title.id),
                definition=Words(
                    en=t(
                        "new.election_window",
                        "en",
                        start=fmt_date(e.window.from_, "en"),
                        end=fmt_date(e.window.to, "en"),
                    ),
                    id=t(
                        "new.election_window",
                        "id",
                        start=fmt_date(e.window.from_, "id"),
                        end=fmt_date(e.window.to, "id"),
                    ),
                ),
            )
            for key, e in self.rs.elections.elections.items()
        ]
        yield Question(
            id="election.key",
            section="election",
            kind="choice",
            prompt=w("new.q.election"),
            choices=elections,
            required=True,
            allow_skip=False,
        )
        election = self.rs.elections.elections.get(a.get("election.key") or "")
        contests = [
            Choice(value=c, label=_words(self.rs.vocabulary.contests[c].label) or Words(en=c, id=c))
            for c in (election.contests if election is not None else self.rs.vocabulary.contests)
            if c in self.rs.vocabulary.contests
        ]
        yield Question(
            id="election.contest",
            section="election",
            kind="choice",
            prompt=w("new.q.contest"),
            choices=contests,
            required=True,
            allow_skip=False,
        )
        yield Question(id="election.region", section="election", kind="text", prompt=w("new.q.region"))

        roles: list[str] = []
        i = 0
        while True:
            yield from self._respondent(a, i)
            role = self._role_of(a.get(f"respondents[{i}].role"))
            if role:
                roles.append(role)
            if not self.can.several_respondents:
                break
            more = f"respondents[{i}].more"
            yield Question(
                id=more, section="respondent", kind="yesno", prompt=w("new.q.more_respondents"), default=False
            )
            if a.get(more) is not True:
                break
            i += 1

        yield Question(
            id="event.date_of_act",
            section="event",
            kind="reported_date",
            prompt=w("new.q.date_of_act"),
            help=self._date_help(),
            required=not self.can.unknown_date,
            allow_skip=False,
            allow_unknown=self.can.unknown_date,
        )
        yield Question(
            id="event.date_known",
            section="event",
            kind="date",
            prompt=w("new.q.date_known"),
            help=w("new.help.date_known"),
        )
        yield Question(id="event.place", section="event", kind="text", prompt=w("new.q.place"))
        yield Question(id="event.description", section="event", kind="text", prompt=w("new.q.event_description"))

        j = 0
        while True:
            yield from self._act(a, j, roles)
            more = f"acts[{j}].more"
            yield Question(id=more, section="acts", kind="yesno", prompt=w("new.q.more_acts"), default=False)
            if a.get(more) is not True:
                break
            j += 1

        kinds = list(get_args(Evidence.model_fields["kind"].annotation))
        k = 0
        while True:
            kind_id = f"evidence[{k}].kind"
            yield Question(
                id=kind_id,
                section="evidence",
                kind="choice",
                prompt=w("new.q.evidence_kind" if k == 0 else "new.q.evidence_more"),
                choices=[Choice(value=x, label=w(f"letter.evidence.{x}")) for x in kinds],
                skip_means=w("new.skip.no_more"),
            )
            if a.get(kind_id) in (None, NOT_MENTIONED):
                break
            yield Question(
                id=f"evidence[{k}].description", section="evidence", kind="text", prompt=w("new.q.evidence_description")
            )
            yield Question(id=f"evidence[{k}].ref", section="evidence", kind="text", prompt=w("new.q.evidence_ref"))
            k += 1
        k = 0
        while True:
            name_id = f"witnesses[{k}].name"
            yield Question(
                id=name_id,
                section="witnesses",
                kind="text",
                prompt=w("new.q.witness" if k == 0 else "new.q.witness_more"),
                skip_means=w("new.skip.no_more"),
            )
            if a.get(name_id) in (None, NOT_MENTIONED):
                break
            yield Question(
                id=f"witnesses[{k}].address", section="witnesses", kind="text", prompt=w("new.q.witness_address")
            )
            k += 1
        yield Question(
            id="narrative",
            section="narrative",
            kind="longtext",
            prompt=w("new.q.narrative"),
            help=w("new.help.narrative"),
        )

        tiers = [
            Choice(value=key, label=_words(tier.label) or Words(en=key, id=key), definition=_words(tier.law))
            for key, tier in self.rs.sanctions.tiers.items()
            if tier.on_scale
        ]
        k = 0
        while True:
            tier_id = f"prior_sanctions[{k}].tier"
            yield Question(
                id=tier_id,
                section="record",
                kind="choice",
                prompt=w("new.q.prior" if k == 0 else "new.q.prior_more"),
                help=w("new.help.prior"),
                choices=tiers,
                skip_means=w("new.skip.none"),
            )
            if a.get(tier_id) in (None, NOT_MENTIONED):
                break
            yield Question(
                id=f"prior_sanctions[{k}].imposed_on", section="record", kind="date", prompt=w("new.q.prior_date")
            )
            yield Question(
                id=f"prior_sanctions[{k}].for_this_incident",
                section="record",
                kind="yesno",
                prompt=w("new.q.prior_this"),
                default=False,
            )
            k += 1
        yield Question(
            id="examination_started_on",
            section="procedure",
            kind="date",
            prompt=w("new.q.examination"),
            help=w("new.help.examination"),
        )
        yield Question(
            id="assessment_date",
            section="procedure",
            kind="date",
            prompt=w("new.q.assessment"),
            default=self.today.isoformat(),
            help=Words(
                en=t("new.help.assessment", "en", today=fmt_date(self.today, "en")),
                id=t("new.help.assessment", "id", today=fmt_date(self.today, "id")),
            ),
        )

    def _respondent(self, a: dict[str, Any], i: int) -> Iterator[Question]:
        p = f"respondents[{i}]"
        yield Question(
            id=f"{p}.role",
            section="respondent",
            kind="choice",
            prompt=w("new.q.role"),
            choices=self._role_choices,
            required=True,
            allow_skip=False,
        )
        role = self._role_of(a.get(f"{p}.role"))
        yield Question(id=f"{p}.name", section="respondent", kind="text", prompt=w("new.q.name"))
        yield Question(
            id=f"{p}.id_number",
            section="respondent",
            kind="idnumber",
            prompt=w("new.q.id_number"),
            help=w("new.help.id_number"),
        )
        yield Question(id=f"{p}.jabatan", section="respondent", kind="text", prompt=w("new.q.jabatan"))
        if role and self.rs.vocabulary.roles[role].aliases:
            yield Question(id=f"{p}.local_title", section="respondent", kind="text", prompt=w("new.q.local_title"))
        if role and self._role_tests(role, "subject.position"):
            positions = [
                Choice(value=k, label=_words(v.label) or Words(en=k, id=k))
                for k, v in self.rs.vocabulary.positions.items()
            ]
            yield Question(
                id=f"{p}.position_kind",
                section="respondent",
                kind="choice",
                prompt=w("new.q.position"),
                choices=positions,
                help=w("new.help.position"),
            )
        if role and self._role_tests(role, "subject.government_level"):
            levels = [
                Choice(value=k, label=_words(v.label) or Words(en=k, id=k))
                for k, v in self.rs.vocabulary.government_levels.items()
            ]
            yield Question(
                id=f"{p}.government_level",
                section="respondent",
                kind="choice",
                prompt=w("new.q.level"),
                choices=levels,
                help=w("new.help.level"),
            )
        yield Question(id=f"{p}.golongan", section="respondent", kind="text", prompt=w("new.q.golongan"))
        yield Question(id=f"{p}.instansi", section="respondent", kind="text", prompt=w("new.q.instansi"))
        if role and self._role_tests(role, "subject.election_body"):
            bodies = [
                Choice(value=k, label=_words(v.label) or Words(en=k, id=k))
                for k, v in self.rs.vocabulary.election_bodies.items()
            ]
            yield Question(
                id=f"{p}.election_body",
                section="respondent",
                kind="choice",
                prompt=w("new.q.election_body"),
                choices=bodies,
            )

    def _act(self, a: dict[str, Any], j: int, roles: list[str]) -> Iterator[Question]:
        p = f"acts[{j}]"
        yield Question(
            id=f"{p}.type",
            section="acts",
            kind="choice",
            prompt=w("new.q.act_type", n=j + 1),
            choices=self._acts_for(roles),
            required=True,
            allow_skip=False,
            help=w("new.help.act_type"),
        )
        yield Question(
            id=f"{p}.date",
            section="acts",
            kind="reported_date",
            prompt=w("new.q.act_date"),
            help=self._date_help(),
            allow_unknown=self.can.unknown_date,
            skip_means=w("new.skip.same_date"),
        )
        act_type = a.get(f"{p}.type")
        if act_type in self.rs.vocabulary.act_types:
            for name in self._modifiers_for(act_type, roles):
                yield self._modifier_question(p, name)
        yield Question(id=f"{p}.description", section="acts", kind="text", prompt=w("new.q.act_description"))

    def _modifier_question(self, p: str, name: str) -> Question:
        mod = self.rs.vocabulary.modifiers[name]
        label = Words(
            en=mod.label.en[:1].upper() + mod.label.en[1:] + "?", id=mod.label.id[:1].upper() + mod.label.id[1:] + "?"
        )
        if mod.default is True or mod.default is False:
            skip = w("new.skip.taken_as", value=t("cond.true" if mod.default else "cond.false", "en"))
            skip = Words(
                en=skip.en,
                id=t("new.skip.taken_as", "id", value=t("cond.true" if mod.default else "cond.false", "id")),
            )
        else:
            skip = w("new.skip.unknown")
        if mod.type == "bool":
            return Question(
                id=f"{p}.{name}",
                section="acts",
                kind="tristate",
                prompt=label,
                help=_words(mod.definition),
                allow_unknown=True,
                skip_means=skip,
            )
        choices = [Choice(value=v, label=_words(mod.value_labels.get(v)) or Words(en=v, id=v)) for v in mod.values]
        kind: Kind = "multi" if mod.type == "set" else ("choice" if mod.type == "enum" else "int")
        return Question(
            id=f"{p}.{name}",
            section="acts",
            kind=kind,
            prompt=label,
            help=_words(mod.definition),
            choices=choices,
            allow_unknown=True,
            skip_means=skip,
        )

    # ------------------------------------------------------------ driving it

    def next_question(self, answers: dict[str, Any]) -> Question | None:
        for q in self.questions(answers):
            if q.id not in answers:
                return q
        return None

    def reachable(self, answers: dict[str, Any]) -> list[Question]:
        return list(self.questions(answers))

    def prune(self, answers: dict[str, Any]) -> dict[str, Any]:
        """Only the answers the current flow still asks for (after an edit changed a branch)."""
        ids = {q.id for q in self.questions(answers)}
        return {k: v for k, v in answers.items() if k in ids}

    def parse(self, question: Question, raw: str, lang: str, answers: dict[str, Any] | None = None) -> Any:
        """The value of a typed answer, or raise `AnswerError` (message key in `.key`)."""
        text = raw.strip()
        if not text:
            if question.default is not None:
                return question.default
            if question.allow_skip and not question.required:
                return NOT_MENTIONED
            raise parse.AnswerError("new.error.required")
        if question.allow_unknown and parse.is_unknown(text):
            return None
        kind = question.kind
        if kind in ("text", "longtext"):
            return text
        if kind == "yesno" or kind == "tristate":
            return parse.yes_no(text)
        if kind == "choice":
            return self._choose(question, text, lang)
        if kind == "multi":
            return [self._choose(question, part.strip(), lang) for part in re.split(r"[,;]", text) if part.strip()]
        if kind == "date":
            value = parse.day(text)
            self._check_date(question, value, answers or {})
            return value.isoformat()
        if kind == "reported_date":
            result = parse.reported_date(text, self._phases(), partial=self.can.partial_dates)
            if isinstance(result, str) and len(result) == 10:
                self._check_in_window(dt.date.fromisoformat(result), answers or {})
            return result
        if kind == "idnumber":
            return list(parse.id_number(text))
        if kind == "int":
            return parse.integer(text)
        raise parse.AnswerError("new.error.required")

    def _choose(self, question: Question, text: str, lang: str) -> str:
        low = text.lower()
        if low.isdigit() and 1 <= int(low) <= len(question.choices):
            return question.choices[int(low) - 1].value
        key = re.sub(r"[\s-]+", "_", low)  # "wali nagari" is the alias wali_nagari
        for c in question.choices:
            if key == c.value.lower() or key in (x.lower() for x in c.aliases):
                return key if key in c.aliases else c.value
            if key in (x.lower() for x in c.names) or low in (x.lower() for x in c.names):
                return c.value
            if low in (c.label.en.lower(), c.label.id.lower()):
                return c.value
        matches = [c for c in question.choices if low in c.label.get(lang).lower() or low in c.value.lower()]
        if len(matches) == 1:
            return matches[0].value
        if len(matches) > 1:
            numbers = ", ".join(str(question.choices.index(c) + 1) for c in matches)
            raise parse.AnswerError("new.error.ambiguous", got=text, numbers=numbers)
        raise parse.AnswerError("new.error.choice", got=text, count=len(question.choices))

    def _check_in_window(self, day: dt.date, answers: dict[str, Any]) -> None:
        election = self.rs.elections.elections.get(answers.get("election.key") or "")
        if election is not None and not election.span.contains(day):  # candidacy process and re-votes included
            raise parse.AnswerError("new.error.outside_window", start=election.span.from_, end=election.span.to)

    def _check_date(self, question: Question, day: dt.date, answers: dict[str, Any]) -> None:
        if day > self.today and question.id != "assessment_date":
            raise parse.AnswerError("new.error.future", got=day)
        act = answers.get("event.date_of_act")
        early = isinstance(act, str) and len(act) == 10 and day < dt.date.fromisoformat(act)
        if question.id in ("event.date_known", "report.received_on") and early:
            raise parse.AnswerError("new.error.before_act", act=dt.date.fromisoformat(str(act)))
        known = answers.get("event.date_known")
        if question.id == "report.received_on" and isinstance(known, str) and day < dt.date.fromisoformat(known):
            raise parse.AnswerError("new.error.before_known", known=dt.date.fromisoformat(known))

    # ------------------------------------------------------------ the incident

    def build_incident(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The incident the answers describe, in the format `nrules check` reads."""
        out: dict[str, Any] = {}
        for q in self.questions(answers):
            if q.id not in answers or q.id.endswith(".more"):
                continue
            value = answers[q.id]
            if value == NOT_MENTIONED:
                continue
            path = q.id
            if path.endswith(".id_number") and isinstance(value, list):
                path, value = path.rsplit(".", 1)[0] + "." + value[0], value[1]
            if q.kind == "reported_date" and isinstance(value, dict) and "phase" in value:
                path, value = path.rsplit(".", 1)[0] + ".phase", value["phase"]
            _set(out, path, value)
        for item in out.get("prior_sanctions", []):
            tier = self.rs.sanctions.tiers.get(item.get("tier", ""))
            if tier is not None:
                item["track"] = tier.track
        respondents = out.pop("respondents", [])
        if len(respondents) == 1 or not self.can.several_respondents:
            if respondents:
                out["respondent"] = respondents[0]
        else:
            out["respondents"] = respondents
        for act in out.get("acts", []):
            if "date" in act and "date_of_act" in out.get("event", {}) and act["date"] == out["event"]["date_of_act"]:
                del act["date"]
        ordered = {k: out[k] for k in _ORDER if k in out}
        ordered.update({k: v for k, v in out.items() if k not in ordered})
        return ordered

    def problems(self, answers: dict[str, Any], lang: str) -> list[Problem]:
        """Every answer the incident format or the rule set refuses, at once (for a file of answers)."""
        from ..errors import InputError
        from ..inputs import to_incident

        try:
            to_incident(self.build_incident(answers), ruleset=self.rs)
        except InputError as exc:
            return [Problem(question=exc.field or "", message=exc.render(lang))]  # type: ignore[arg-type]
        return []


_ORDER = (
    "incident_id",
    "report",
    "election",
    "respondent",
    "respondents",
    "event",
    "acts",
    "evidence",
    "witnesses",
    "narrative",
    "prior_sanctions",
    "examination_started_on",
    "assessment_date",
)


def _safe_id(number: Any) -> str | None:
    if not isinstance(number, str) or number == NOT_MENTIONED:
        return None
    text = re.sub(r"[^A-Za-z0-9._/-]+", "-", number).strip("-")
    return text[:120] or None


def _set(target: dict[str, Any], path: str, value: Any) -> None:
    """Put `value` at a dotted path with list indices: `acts[1].party_attributes`."""
    parts = path.split(".")
    node: Any = target
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        m = _INDEX.search(part)
        name = part[: m.start()] if m else part
        if m:
            index = int(m.group(1))
            items = node.setdefault(name, [])
            while len(items) <= index:
                items.append({})
            if last:
                items[index] = value
            else:
                node = items[index]
        elif last:
            node[name] = value
        else:
            node = node.setdefault(name, {})

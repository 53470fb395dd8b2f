"""The interview of `nrules new`, over HTTP: the officer page asks the same questions, in the same order,
branching the same way, and checks each answer with the same parsers.

The page sends every answer as typed (raw text, keyed by question id) and gets back the questions the
answers lead to, each with its error if the answer does not fit, and, once nothing required is missing
and every answer fits, the incident the answers describe, ready for /v1/check and /v1/letter. The flow
is a pure function of the answers (interview/flow.py), so the server keeps no session.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..i18n import Lang, t
from ..i18n.dates import fmt_date
from ..interview import NOT_MENTIONED, AnswerError, Interview, Question
from ..ruleset.loader import RuleSet

MAX_QUESTIONS = 2000
"""A bound on the questions one answer set can open (each "another act?" adds a round)."""
MAX_ANSWERS = 1000
MAX_ANSWER_CHARS = 20_000


class InterviewAnswers(BaseModel):
    """The answers so far, as typed: question id -> text ("" = left blank)."""

    model_config = ConfigDict(extra="forbid")

    answers: dict[str, str] = Field(default_factory=dict, description="Question id -> the answer as typed")

    @field_validator("answers")
    @classmethod
    def _bounded(cls, value: dict[str, str]) -> dict[str, str]:
        if len(value) > MAX_ANSWERS:
            raise ValueError(f"at most {MAX_ANSWERS} answers")
        if any(len(k) > 200 or len(v) > MAX_ANSWER_CHARS for k, v in value.items()):
            raise ValueError(f"question ids of at most 200 characters, answers of at most {MAX_ANSWER_CHARS}")
        return value


class AskedQuestion(Question):
    """A question of the interview, with what became of its answer."""

    answered: bool = Field(description="An answer (possibly blank) was given")
    error: str | None = Field(description="Why the answer does not fit, in the negotiated language")


class InterviewProblem(BaseModel):
    question: str
    message: str


class InterviewState(BaseModel):
    """Where the interview stands: the questions to show, and the incident once it is complete."""

    questions: list[AskedQuestion]
    complete: bool = Field(description="Every required question answered, every answer fits, the incident is valid")
    incident: dict[str, Any] | None = Field(description="The incident the answers describe, when complete")
    problems: list[InterviewProblem] = Field(description="What the incident format refuses in the answers")


def _for_a_form(question: Question, lang: Lang) -> Question:
    """The question as a web form shows it: help written for the terminal ("Enter keeps ...", "type a
    number or a word") is dropped, since the form shows the choices and fills in the default itself."""
    if question.help is None:
        return question
    terminal = {
        t(key, "en", **params)
        for key, params in (
            ("new.help.act_type", {}),
            ("new.help.incident_id", {"default": question.default}),
            ("new.help.assessment", {"today": fmt_date(dt.date.fromisoformat(question.default), "en")})
            if isinstance(question.default, str) and len(question.default) == 10 and question.default[4] == "-"
            else ("", {}),
        )
        if key
    }
    return question.model_copy(update={"help": None}) if question.help.en in terminal else question


def run_interview(ruleset: RuleSet, raw: dict[str, str], lang: Lang, today: dt.date | None = None) -> InterviewState:
    interview = Interview(ruleset, today=today)
    parsed: dict[str, Any] = {}
    asked: list[AskedQuestion] = []
    missing = False
    for question in interview.questions(parsed):  # the flow reads `parsed` as it grows: it branches on it
        shown = _for_a_form(question, lang)
        error = None
        if question.id in raw:
            try:
                parsed[question.id] = interview.parse(question, raw[question.id], lang, parsed)
            except AnswerError as exc:
                error = exc.message(lang)
        elif question.default is not None:  # a blank the interview fills in (today, "no more acts")
            parsed[question.id] = interview.parse(question, "", lang, parsed)
        elif question.required:
            missing = True
        asked.append(AskedQuestion(**shown.model_dump(), answered=question.id in raw, error=error))
        if len(asked) >= MAX_QUESTIONS:
            break
    bad = missing or any(q.error for q in asked)
    bad = bad or any(q.required and parsed.get(q.id, NOT_MENTIONED) == NOT_MENTIONED for q in asked)
    problems: list[InterviewProblem] = []
    incident = None
    if not bad:
        problems = [InterviewProblem(question=p.question, message=p.message) for p in interview.problems(parsed, lang)]
        if not problems:
            incident = interview.build_incident(parsed)
    return InterviewState(questions=asked, complete=incident is not None, incident=incident, problems=problems)

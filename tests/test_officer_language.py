"""Indonesian output an Indonesian lawyer would sign: no English words, no internal codes, dates in words.

The English vocabulary is taken from the sources nrules prints from: the English side of the message
catalogue and the English texts of the rule set, minus every word that also occurs in an Indonesian
text (catalogue, rule-set labels, the quoted provisions). A word left over is English only; it must not
appear in `--lang id` output. Internal codes are the rule set's own identifiers (rule ids, act types,
modifiers, flags, regimes, provision keys, option sets), confidence codes and ISO dates.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel
from rich.console import Console

from neutrality_rules import Engine
from neutrality_rules.cli import main
from neutrality_rules.errors import NrulesError
from neutrality_rules.golden import case_files, load_case
from neutrality_rules.i18n import catalogue
from neutrality_rules.inputs import to_incident
from neutrality_rules.render.text import render_text
from neutrality_rules.ruleset.loader import RuleSet

from .conftest import ROOT

WORD = re.compile(r"[A-Za-z][A-Za-z']+")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
CONFIDENCE = re.compile(r"\[(VV|VQ|PS|U)\]")
# names and words both languages write alike, which a catalogue may happen to use on one side only
SHARED = {"nrules", "pns", "cpns", "pppk", "asn", "tni", "polri", "bawaslu", "bkn", "kasn", "ppk", "skb", "json"}


def _texts(value: Any, lang: str) -> Iterator[str]:
    """Every string on one language's side of a loaded model (Text has en/id; others recurse)."""
    if hasattr(value, "en") and hasattr(value, "id") and isinstance(value.en, str):
        yield getattr(value, lang)
        return
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), lang)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item, lang)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, lang)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _words(texts: Iterator[str] | list[str]) -> set[str]:
    return {w.lower().strip("'") for text in texts for w in WORD.findall(text)}


_VOCAB: dict[str, tuple[frozenset[str], frozenset[str]]] = {}


def vocabularies(rs: RuleSet) -> tuple[frozenset[str], frozenset[str]]:
    """(English-only words, internal identifiers) of the catalogue and the rule set."""
    if rs.content_hash not in _VOCAB:
        _VOCAB[rs.content_hash] = _vocabularies(rs)
    return _VOCAB[rs.content_hash]


def _vocabularies(rs: RuleSet) -> tuple[frozenset[str], frozenset[str]]:
    cat = catalogue()

    def plain(text: str) -> str:
        return re.sub(r"\{[^}]*\}", " ", text)  # placeholders are names, not words

    en = [plain(p) for entry in cat.values() for p in entry.get("en", {}).values()]
    indo = [plain(p) for entry in cat.values() for p in entry.get("id", {}).values()]
    models = [rs.vocabulary, rs.sanctions, rs.authorities, rs.flags, rs.elections, rs.meta]
    rule_models = [r.rule for r in rs.rules]
    for m in [*models, *rule_models]:
        en.extend(_texts(m, "en"))
        indo.extend(_texts(m, "id"))
    for prov in rs.sources.provisions.values():
        indo.extend([prov.text, prov.lead_in or "", prov.article])
    for inst in rs.sources.instruments.values():
        indo.extend([inst.short, inst.title])
    english = _words(en) - _words(indo) - SHARED
    idents = {r.id for r in rs.rules}
    idents |= set(rs.vocabulary.act_types) | set(rs.vocabulary.modifiers) | set(rs.flags.flags)
    idents |= set(rs.sanctions.regimes) | set(rs.sources.provisions) | {o.id for o in rs.sanctions.option_sets}
    idents |= {e.id for e in rs.authorities.routes} | {d.id for d in rs.authorities.deadlines}
    idents |= set(rs.elections.elections) | {f"regime.{g.family}" for g in rs.sanctions.regimes.values()}
    idents = {i for i in idents if re.search(r"[._\-0-9]", i)}  # plain words ("berat") are not codes
    return frozenset(english), frozenset(idents)


def problems(text: str, rs: RuleSet, *, identifiers: bool = True, data: Any = None) -> list[str]:
    """What in `text` is English or an internal code; words of the incident's own data (names, places,
    report numbers, as the officer typed them) are the user's, not nrules'."""
    english, idents = vocabularies(rs)
    english = english - _words(list(_strings(data))) - _words([rs.meta.name])
    # the rule set's content hash is hex, and hex spells English now and then ("...381ad231...")
    text = re.sub(r"\b(?=[0-9a-f]*[0-9])[0-9a-f]{8,}\b", " ", text)
    tokens = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9_.\-]*[A-Za-z0-9]", text))
    codes = tokens & idents
    if not identifiers:  # a listing for rule authors: every key it shows is there to be typed
        v = rs.vocabulary
        codes |= tokens & {*v.modifiers, *v.act_types, *v.roles, *v.positions, *v.contests, *v.phases}
    prose = re.sub(r"[A-Za-z0-9][A-Za-z0-9_.\-]*[A-Za-z0-9]", lambda m: " " if m.group() in codes else m.group(), text)
    found = sorted({w for w in _words([prose]) if w in english})
    out = [f"English word: {w}" for w in found]
    if identifiers:
        out += [f"internal code: {tok}" for tok in sorted(codes)]
        out += [f"confidence code: {m}" for m in CONFIDENCE.findall(text)]
        out += [f"ISO date: {m}" for m in ISO_DATE.findall(text)]
    return out


def render(verdict: Any, incident: Any, rs: RuleSet, lang: str, explain: bool) -> str:
    console = Console(width=80, record=True, file=io.StringIO(), color_system=None)
    console.print(render_text(verdict, lang, incident, rs, explain=explain))  # type: ignore[arg-type]
    return console.export_text()


def case_incidents() -> list[tuple[str, dict[str, Any]]]:
    """The hand-written golden cases, and of the generated ones (cases/generated: thousands of synthetic
    incidents pinning the rule set) the first of each folder: every rule, route, deadline and option set
    once, at a fraction of the time."""
    out = []
    generated = ROOT / "cases" / "generated"
    seen: set[object] = set()
    for path in case_files([ROOT / "cases"]):
        if path.is_relative_to(generated):
            if path.parent in seen:
                continue
            seen.add(path.parent)
        case = load_case(path)
        out.append((case.id, case.incident))
    return out


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(backend="reference")


def test_the_english_vocabulary_is_large_enough_to_catch_a_leak(engine: Engine) -> None:
    english, idents = vocabularies(engine.ruleset)
    assert {"violation", "deadline", "campaign", "severe"} <= english
    assert "pns.skb2022.d6.engagement-calon" in idents and "social_media.like" in idents
    # the same verdict in English is caught by the check: the test can fail
    incident = to_incident(_example())
    text = render(engine.check(incident), incident, engine.ruleset, "en", explain=True)
    assert len(problems(text, engine.ruleset)) > 20


def _example() -> dict[str, Any]:
    import json

    return json.loads((ROOT / "examples" / "like-after-determination.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("explain", [False, True], ids=["short", "explain"])
def test_indonesian_verdicts_have_no_english_and_no_internal_codes(engine: Engine, explain: bool) -> None:
    """Every golden case (each role, track, regime and outcome the rule set knows), rendered in Indonesian."""
    failures: dict[str, list[str]] = {}
    for case_id, data in case_incidents():
        try:
            incident = to_incident(data)
            verdict = engine.check(incident)
        except NrulesError:
            continue  # the bad-input cases
        found = problems(render(verdict, incident, engine.ruleset, "id", explain), engine.ruleset, data=data)
        if found:
            failures[case_id] = found
    assert failures == {}


def _command_names() -> set[str]:
    import click

    names: set[str] = {"nrules"}

    def walk(cmd: click.Command) -> None:
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                names.add(name)
                walk(sub)

    walk(main)
    return names


def _prose(output: str) -> str:
    """Help or error text without what the user types literally: options, metavars, choices, commands."""
    text = re.sub(r"('[^']*'|--?[a-z][a-z-]*|\[[a-z|]+\]|\b[A-Z_]{2,}\b)", " ", output)
    return " ".join(w for w in text.split() if w.strip(".,:;()") not in _command_names())


def _help_pages() -> Iterator[list[str]]:
    import click

    def walk(cmd: click.Command, path: list[str]) -> Iterator[list[str]]:
        yield [*path, "--help"]
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])

    yield from walk(main, [])


def test_help_pages_are_in_indonesian(engine: Engine) -> None:
    failures = {}
    for args in _help_pages():
        result = CliRunner().invoke(main, ["--lang", "id", *args])
        assert result.exit_code == 0, (args, result.output)
        found = problems(_prose(result.output), engine.ruleset, identifiers=False)
        if found:
            failures[" ".join(args)] = found
    assert failures == {}, (
        "a help text has no Indonesian: add `cli.<name>: {en: {message: <the English help, as in the code>}, "
        "id: {message: ...}}` to your area's file under neutrality_rules/i18n/messages/"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--bogus", "x"],
        ["check"],
        ["check", "--format", "pdf", "x.json"],
        ["rules", "show", "pns.skb2022.d6.engagement-calonx"],
    ],
)
def test_usage_errors_are_in_indonesian(engine: Engine, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["--lang", "id", *args])
    assert result.exit_code == 2
    assert problems(_prose(result.output), engine.ruleset, identifiers=False) == []


def test_rule_browsing_is_in_indonesian(engine: Engine) -> None:
    rs = engine.ruleset
    for args in (
        ["rules", "list"],
        ["rules", "table"],
        ["rules", "acts"],
        ["rules", "show", "pns.skb2022.d6.engagement-calon"],
    ):
        result = CliRunner().invoke(main, ["--lang", "id", *args])
        assert result.exit_code == 0
        # the listing's purpose is the rule ids a user types into `rules show`: ids are allowed there
        assert problems(result.output, rs, identifiers=False) == [], args


def test_flags_and_notes_cite_only_what_ships(engine: Engine) -> None:
    """No working documents or case numbers a user does not have (REFERENCE.md, DESIGN.md, RC-004)."""
    rs = engine.ruleset
    texts = [*_texts(rs.flags, "en"), *_texts(rs.flags, "id"), *(f.reference for f in rs.flags.flags.values())]
    texts += [*_texts(rs.authorities, "en"), *_texts(rs.authorities, "id"), *_texts(rs.vocabulary, "id")]
    texts += [t for r in rs.rules for t in (*_texts(r.rule, "en"), *_texts(r.rule, "id"))]
    bad = [t for t in texts if re.search(r"REFERENCE|DESIGN\.md|\bRC-\d+|cases-real", t)]
    assert bad == []


def test_dates_are_written_in_words(engine: Engine) -> None:
    incident = to_incident(_example())
    text = render(engine.check(incident), incident, engine.ruleset, "id", explain=False)
    text = " ".join(text.split())
    assert "10 Oktober 2024" in text and "2024-10-10" not in text
    assert "19 Oktober 2024" in text  # the reporting deadline: known 12 October + 7 days (UU 1/2015 Pasal 134(4))


def test_no_catalogue_placeholder_leaks(engine: Engine) -> None:
    incident = to_incident(_example())
    for lang in ("en", "id"):
        text = render(engine.check(incident), incident, engine.ruleset, lang, explain=True)
        assert not re.search(r"\b(officer|ui|cli|memo|letter|new)\.[a-z_]+\.?[a-z_]*\b", text), text

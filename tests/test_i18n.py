"""Every message exists in both languages with the same parts and placeholders."""

from __future__ import annotations

import string

import pytest

from neutrality_rules import Engine
from neutrality_rules.i18n import LANGS, catalogue, resolve_lang


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_has_both_languages_with_the_same_parts_and_placeholders() -> None:
    problems = []
    for key, entry in catalogue().items():
        if set(entry) != set(LANGS):
            problems.append(f"{key}: languages {sorted(entry)}")
            continue
        if set(entry["en"]) != set(entry["id"]):
            problems.append(f"{key}: parts differ {sorted(entry['en'])} vs {sorted(entry['id'])}")
        for part in entry["en"]:
            if part in entry["id"] and _placeholders(entry["en"][part]) != _placeholders(entry["id"][part]):
                problems.append(f"{key}.{part}: placeholders differ")
            if not str(entry["en"][part]).strip() or not str(entry["id"].get(part, "")).strip():
                problems.append(f"{key}.{part}: empty")
    assert problems == []


def test_rule_set_labels_exist_in_both_languages(ruleset) -> None:  # type: ignore[no-untyped-def]
    for rule in ruleset.rules:
        for text in (rule.rule.title, rule.rule.explanation):
            assert text.en.strip() and text.id.strip(), rule.id
            assert text.en != text.id, f"{rule.id}: the Indonesian text is a copy of the English"


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        ("id", {}, "id"),
        (None, {"NRULES_LANG": "id"}, "id"),
        (None, {"LANG": "id_ID.UTF-8"}, "id"),
        (None, {"LANG": "en_US.UTF-8"}, "en"),
        ("en", {"NRULES_LANG": "id"}, "en"),
    ],
)
def test_language_resolution_order(
    monkeypatch: pytest.MonkeyPatch, explicit: str | None, env: dict[str, str], expected: str
) -> None:
    for var in ("NRULES_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert resolve_lang(explicit) == expected


def test_a_model_built_in_python_is_refused_in_the_reader_s_language(reference_engine: Engine) -> None:
    """An embedding system that builds the Incident model itself skips the JSON intake; the vocabulary
    check of the pipeline still words every problem and its "did you mean" in Indonesian."""
    from neutrality_rules.errors import NrulesError
    from neutrality_rules.incident import Incident

    data = {
        "incident_id": "X",
        "election": {"key": "pemilu-2024", "contest": "presiden"},
        "respondent": {"role": "pns", "position_kind": "pelaksana", "government_level": "kabupaten_kota"},
        "event": {"date_of_act": "2024-01-10"},
        "acts": [{"type": "photo.with_candidate", "photo_with": ["kandidat"], "pubic": True}],
        "assessment_date": "2024-02-01",
    }
    with pytest.raises(NrulesError) as info:
        reference_engine.check(Incident.model_validate(data))
    errors = [info.value, *getattr(info.value, "others", [])]
    indonesian = [e.render("id") for e in errors]
    assert len(indonesian) == 2
    assert "daftar nilai dari candidate, campaign_team, campaign_props" in indonesian[0]
    assert "maksud Anda 'public'?" in indonesian[1]
    assert not any("did you mean" in x or "a list of values" in x for x in indonesian)

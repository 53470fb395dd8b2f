"""Every message exists in both languages with the same parts and placeholders."""

from __future__ import annotations

import string

import pytest

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

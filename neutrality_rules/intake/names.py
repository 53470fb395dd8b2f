"""The names an incident may use for the rule set's terms: the keys, and the Indonesian names the
vocabulary declares beside them (`id_names`, and `value_id_names` for modifier values).

An officer writes `pemberian_barang` or `media_sosial.menyukai`; nrules reads the key it stands for
(`giving_goods`, `social_media.like`) before anything else looks at the incident, so the rules, the
verdict and its explanations only ever see keys. Nothing here names a term: the index is built from
whatever vocabulary is loaded, so a province's rule set brings its own names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ruleset.loader import RuleSet
from ..ruleset.models import Term

SECTIONS = (
    "roles",
    "positions",
    "government_levels",
    "election_bodies",
    "contests",
    "phases",
    "act_types",
    "modifiers",
)


@dataclass(frozen=True)
class Names:
    """For each vocabulary section: every accepted name -> its key (keys map to themselves)."""

    sections: dict[str, dict[str, str]]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    """For each enum or set modifier: accepted value name -> value."""

    def key(self, section: str, name: str) -> str | None:
        return self.sections[section].get(name)

    def options(self, section: str) -> list[str]:
        return list(self.sections[section])


def _section(terms: dict[str, Term]) -> dict[str, str]:
    out = {key: key for key in terms}
    for key, term in terms.items():
        for name in term.id_names:
            out.setdefault(name, key)
    return out


def names_of(ruleset: RuleSet) -> Names:
    """The index for a loaded rule set, built once and kept with it."""
    cached = ruleset.intake_cache.get("names")
    if isinstance(cached, Names):
        return cached
    vocab = ruleset.vocabulary
    sections = {name: _section(getattr(vocab, name)) for name in SECTIONS}
    values: dict[str, dict[str, str]] = {}
    for key, mod in vocab.modifiers.items():
        if mod.type in ("enum", "set"):
            index = {value: value for value in mod.values}
            for value, names in mod.value_id_names.items():
                for name in names:
                    index.setdefault(name, value)
            values[key] = index
    built = Names(sections, values)
    ruleset.intake_cache["names"] = built
    return built

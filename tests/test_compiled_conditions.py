"""Compiled conditions say exactly what `evaluate` says, on every rule and on generated facts."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neutrality_rules.api import bundled_rules_path
from neutrality_rules.ruleset.compiled import tests_of as compiled_tests
from neutrality_rules.ruleset.conditions import conjuncts, evaluate
from neutrality_rules.ruleset.loader import load_ruleset

RULES = load_ruleset([bundled_rules_path()])


def _values(path: str) -> st.SearchStrategy[object]:
    ftype = RULES.fact_schema[path]
    if ftype.kind == "enum":
        return st.one_of(st.none(), st.sampled_from(ftype.values))
    if ftype.kind == "bool":
        return st.one_of(st.none(), st.booleans())
    return st.one_of(st.none(), st.integers(700_000, 760_000))


FACTS = st.fixed_dictionaries({path: _values(path) for path in RULES.fact_schema})


@settings(max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(FACTS)
def test_compiled_and_interpreted_conditions_agree_three_valued(facts: dict[str, object]) -> None:
    for rule in RULES.rules:
        compiled = compiled_tests(RULES, rule)
        assert compiled.whole(facts) is evaluate(rule.condition, facts), rule.id  # type: ignore[arg-type]
        for (part, test), plain in zip(compiled.parts, conjuncts(rule.condition), strict=True):
            assert part == plain
            assert test(facts) is evaluate(plain, facts), rule.id  # type: ignore[arg-type]

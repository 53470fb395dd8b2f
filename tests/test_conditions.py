"""The condition language: Kleene semantics, and negation push-down that durable relies on."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from neutrality_rules.ruleset.conditions import All, AnyOf, Cmp, Condition, In, Not, evaluate, negate, push_negations

PATHS = ["a", "b", "c"]
facts_st = st.fixed_dictionaries({p: st.sampled_from([None, 0, 1, 2]) for p in PATHS})
leaf_st = st.one_of(
    st.builds(
        Cmp, st.sampled_from(PATHS), st.sampled_from(["eq", "ne", "lt", "lte", "gt", "gte"]), st.sampled_from([0, 1, 2])
    ),
    st.builds(
        lambda p, vs: In(p, tuple(vs)),
        st.sampled_from(PATHS),
        st.lists(st.sampled_from([0, 1, 2]), min_size=1, max_size=3, unique=True),
    ),
)
cond_st: st.SearchStrategy[Condition] = st.recursive(
    leaf_st,
    lambda inner: st.one_of(
        st.builds(lambda xs: All(tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda xs: AnyOf(tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
        st.builds(Not, inner),
    ),
    max_leaves=8,
)


def _not3(value: bool | None) -> bool | None:
    return None if value is None else not value


def test_unknown_fact_makes_a_comparison_unknown_both_ways() -> None:
    facts = {"a": None}
    assert evaluate(Cmp("a", "eq", 1), facts) is None
    assert evaluate(Cmp("a", "ne", 1), facts) is None
    assert evaluate(Not(Cmp("a", "eq", 1)), facts) is None


def test_any_is_true_when_one_branch_is_true_even_if_another_is_unknown() -> None:
    facts = {"a": None, "b": 1}
    assert evaluate(AnyOf((Cmp("a", "eq", 1), Cmp("b", "eq", 1))), facts) is True
    assert evaluate(All((Cmp("a", "eq", 1), Cmp("b", "eq", 1))), facts) is None
    assert evaluate(All((Cmp("a", "eq", 1), Cmp("b", "eq", 2))), facts) is False


@settings(max_examples=300, deadline=None)
@given(cond_st, facts_st)
def test_negate_is_the_three_valued_complement(cond: Condition, facts: dict[str, int | None]) -> None:
    assert evaluate(negate(cond), facts) == _not3(evaluate(cond, facts))


@settings(max_examples=300, deadline=None)
@given(cond_st, facts_st)
def test_push_negations_preserves_meaning_and_removes_every_not(cond: Condition, facts: dict[str, int | None]) -> None:
    pushed = push_negations(cond)
    assert evaluate(pushed, facts) == evaluate(cond, facts)
    assert "Not(" not in repr(pushed)

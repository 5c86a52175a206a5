"""The conditions module: holds, reasons, unmet, leaves and alternatives."""

from __future__ import annotations

import pytest

from amltui.knowledge.conditions import (
    MAX_TERMS,
    AllOf,
    AnyOf,
    Is,
    Literal,
    Not,
    TooComplex,
    alternatives,
    leaves,
    reasons,
    unmet,
)

FIT = Is("fitness", frozenset({"fit"}))
CURE = Is("goals", frozenset({"cure"}))
FLT3 = Is("markers", frozenset({"flt3", "idh1"}))

GIVEN = {"fitness": frozenset({"fit"}), "goals": frozenset({"control"}), "markers": frozenset({"idh1", "tp53"})}


def lit(condition: Is, positive: bool = True) -> Literal:
    return Literal(condition.question, condition.answers, positive)


def test_is_holds_when_answers_intersect():
    assert FIT.holds(GIVEN)
    assert FLT3.holds(GIVEN)  # idh1 is among the markers given
    assert not CURE.holds(GIVEN)


def test_unanswered_question_holds_no_answer():
    assert not FIT.holds({})
    assert Not(FIT).holds({})


def test_all_any_not():
    assert AllOf((FIT, FLT3)).holds(GIVEN)
    assert not AllOf((FIT, CURE)).holds(GIVEN)
    assert AnyOf((CURE, FIT)).holds(GIVEN)
    assert not AnyOf((CURE,)).holds(GIVEN)
    assert Not(CURE).holds(GIVEN)
    assert not AnyOf(()).holds(GIVEN)  # the loader's stand-in for a broken condition never holds


def test_leaves_in_order():
    condition = AllOf((FIT, AnyOf((Not(CURE), FLT3))))
    assert list(leaves(condition)) == [FIT, CURE, FLT3]


def test_reasons_are_the_parts_that_hold():
    condition = AllOf((FIT, AnyOf((CURE, FLT3)), Not(CURE)))
    assert reasons(condition, GIVEN) == [FIT, FLT3, Not(CURE)]
    assert reasons(CURE, GIVEN) == []  # a false condition has no reasons


def test_unmet_says_what_is_missing():
    assert unmet(FIT, GIVEN) is None
    assert unmet(AllOf((FIT, CURE)), GIVEN) == CURE
    both = AllOf((CURE, Is("fitness", frozenset({"unfit"}))))
    assert unmet(AllOf((FIT, both)), GIVEN) == both
    choice = AnyOf((CURE, Is("fitness", frozenset({"unfit"}))))
    assert unmet(choice, GIVEN) == choice
    assert unmet(Not(FIT), GIVEN) == Not(FIT)


def test_alternatives_of_all_and_any():
    assert alternatives(AllOf((FIT, CURE))) == [frozenset({lit(FIT), lit(CURE)})]
    assert alternatives(AnyOf((FIT, CURE))) == [frozenset({lit(FIT)}), frozenset({lit(CURE)})]
    assert alternatives(AllOf((FIT, AnyOf((CURE, FLT3))))) == [
        frozenset({lit(FIT), lit(CURE)}),
        frozenset({lit(FIT), lit(FLT3)}),
    ]


def test_alternatives_of_negated_all_and_any():
    # not (a and b) == (not a) or (not b)
    assert alternatives(Not(AllOf((FIT, CURE)))) == [frozenset({lit(FIT, False)}), frozenset({lit(CURE, False)})]
    # not (a or b) == (not a) and (not b)
    assert alternatives(Not(AnyOf((FIT, CURE)))) == [frozenset({lit(FIT, False), lit(CURE, False)})]
    # double negation
    assert alternatives(Not(Not(FIT))) == [frozenset({lit(FIT)})]


def test_alternatives_agree_with_holds():
    condition = Not(AllOf((FIT, AnyOf((CURE, Not(FLT3))))))
    for given in ({}, GIVEN, {"fitness": frozenset({"fit"}), "goals": frozenset({"cure"})}):
        expected = condition.holds(given)
        found = any(
            all(bool(given.get(lit.question, frozenset()) & lit.answers) == lit.positive for lit in term)
            for term in alternatives(condition)
        )
        assert found == expected, given


def test_too_many_alternatives_raise():
    part = AnyOf((FIT, CURE))
    assert len(alternatives(AllOf((part,) * 9))) == MAX_TERMS
    with pytest.raises(TooComplex):
        alternatives(AllOf((part,) * 10))

"""Reachability against a brute-force walk over every possible session, plus long chains."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from amltui.knowledge import reachability
from amltui.knowledge.conditions import AllOf, AnyOf, Condition, Is, Not, TooComplex
from amltui.knowledge.models import Answer, Citation, KnowledgeBase, Note, Option, Question
from amltui.knowledge.reachability import Reachability
from amltui.knowledge.validate import validate


def make_kb(questions: list[Question]) -> KnowledgeBase:
    return KnowledgeBase(
        title="t", version="1", digest="", disclaimer="", region_question="", sources={},
        questions=tuple(questions), categories=(), options=(), notices=(), glossary={},
    )


def question(qid: str, answers: list[str], *, multiple: bool = False, exclusive: tuple[str, ...] = (),
             ask_if: Condition | None = None) -> Question:
    return Question(
        id=qid, title=qid, prompt=qid, help="", multiple=multiple, ask_if=ask_if,
        answers=tuple(Answer(id=a, label=a, exclusive=a in exclusive) for a in answers),
    )


def choices(q: Question) -> Iterator[frozenset[str]]:
    """Every answer a person can give to an asked question."""
    ids = [a.id for a in q.answers]
    if not q.multiple:
        yield from (frozenset({a}) for a in ids)
        return
    exclusive = {a.id for a in q.answers if a.exclusive}
    for size in range(1, len(ids) + 1):
        for chosen in combinations(ids, size):
            if size == 1 or not exclusive.intersection(chosen):
                yield frozenset(chosen)


def sessions(questions: list[Question]) -> Iterator[dict[str, frozenset[str]]]:
    """Every complete session: questions in order, each asked only when its ask_if holds."""
    def walk(index: int, given: dict[str, frozenset[str]]) -> Iterator[dict[str, frozenset[str]]]:
        if index == len(questions):
            yield given
            return
        q = questions[index]
        if q.ask_if is not None and not q.ask_if.holds(given):
            yield from walk(index + 1, given)
            return
        for choice in choices(q):
            yield from walk(index + 1, {**given, q.id: choice})

    yield from walk(0, {})


# Condition shapes are drawn once over question slots 0-2; `bind` points each slot at one of the
# questions that exist (building strategies per example is what makes hypothesis slow).
_LEAF = st.tuples(st.integers(0, 2), st.frozensets(st.sampled_from(["a0", "a1", "a2", "zz"]), min_size=1))
_SHAPES = st.recursive(
    _LEAF,
    lambda inner: st.one_of(
        inner.map(lambda part: ("not", part)),
        st.lists(inner, min_size=1, max_size=3).map(lambda parts: ("all", parts)),
        st.lists(inner, min_size=1, max_size=3).map(lambda parts: ("any", parts)),
    ),
    max_leaves=6,
)


def bind(shape, earlier: list[Question]) -> Condition:
    """A condition over the given questions ("zz", and a2 on a smaller question, are unknown answers)."""
    match shape:
        case ("not", part):
            return Not(bind(part, earlier))
        case ("all", parts):
            return AllOf(tuple(bind(p, earlier) for p in parts))
        case ("any", parts):
            return AnyOf(tuple(bind(p, earlier) for p in parts))
        case (int(slot), answers):
            return Is(earlier[slot % len(earlier)].id, answers)
    raise AssertionError(shape)


@st.composite
def knowledge(draw) -> tuple[list[Question], Condition]:
    questions: list[Question] = []
    for index in range(draw(st.integers(1, 3))):
        answers = [f"a{i}" for i in range(draw(st.integers(1, 3)))]
        multiple = draw(st.booleans())
        exclusive = tuple(a for a in answers if multiple and draw(st.booleans()))
        ask_if = bind(draw(_SHAPES), questions) if questions and draw(st.booleans()) else None
        questions.append(question(f"q{index}", answers, multiple=multiple, exclusive=exclusive, ask_if=ask_if))
    return questions, bind(draw(_SHAPES), questions)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(knowledge())
def test_can_hold_agrees_with_every_session(case):
    questions, condition = case
    reach = Reachability(make_kb(questions))
    try:
        found = reach.can_hold(condition)
    except TooComplex:
        assume(False)
    assert found == any(condition.holds(s) for s in sessions(questions))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(knowledge())
def test_can_ask_agrees_with_every_session(case):
    questions, _ = case
    reach = Reachability(make_kb(questions))
    everything = list(sessions(questions))
    for q in questions:
        try:
            found = reach.can_ask(q.id)
        except TooComplex:
            continue
        asked = any(q.ask_if is None or q.ask_if.holds(s) for s in everything)
        assert found == asked, q.id


def chain(length: int, first_answers: tuple[str, ...] = ("yes", "no")) -> list[Question]:
    """q0 always asked; each later question asked only when the one before it was "yes"."""
    questions = [question("q0", list(first_answers))]
    questions.extend(
        question(f"q{index}", ["yes", "no"], ask_if=Is(f"q{index - 1}", frozenset({"yes"}))) for index in range(1, length)
    )
    return questions


def test_long_chain_is_checked_without_recursion_limit():
    reach = Reachability(make_kb(chain(5_000)))
    assert reach.can_ask("q4999")
    assert reach.can_hold(AllOf((Is("q4999", frozenset({"no"})), Is("q10", frozenset({"yes"})))))
    # q10 = "no" skips every later question.
    assert not reach.can_hold(AllOf((Is("q4999", frozenset({"no"})), Is("q10", frozenset({"no"})))))


def test_broken_chain_is_never_asked():
    reach = Reachability(make_kb(chain(3_000, first_answers=("no", "maybe"))))
    assert not reach.can_ask("q1")
    assert not reach.can_ask("q2999")
    assert reach.can_hold(Not(Is("q2999", frozenset({"yes", "no"}))))


def test_search_gives_up_past_its_step_budget(monkeypatch):
    monkeypatch.setattr(reachability, "MAX_STEPS", 100)
    reach = Reachability(make_kb(chain(1_000)))
    with pytest.raises(TooComplex, match="passed 100 steps"):
        reach.can_hold(Is("q999", frozenset({"yes"})))


def test_validate_reports_a_search_past_its_budget(monkeypatch):
    monkeypatch.setattr(reachability, "MAX_STEPS", 100)
    questions = chain(1_000)
    # Asking the questions in file order stays cheap (each reuses the one before) ...
    assert validate(make_kb(questions)) == []
    # ... but this condition pairs the last question with a new context, a walk of 999 steps.
    show_if = AllOf((Is("q999", frozenset({"yes"})), Not(Is("q0", frozenset({"no"})))))
    option = Option(id="deep", name="Deep", category="", summary="", status="standard", show_if=show_if,
                    notes=(Note(text="", cites=Citation(source="", place="")),))
    kb = KnowledgeBase(
        title="t", version="1", digest="", disclaimer="", region_question="", sources={},
        questions=tuple(questions), categories=(), options=(option,), notices=(), glossary={},
    )
    [problem] = validate(kb)
    assert (problem.file, problem.item, problem.key) == ("options.toml", "option 'deep'", "show_if")
    assert problem.message == "condition too complex to check: the search passed 100 steps"

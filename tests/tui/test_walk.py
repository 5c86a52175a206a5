"""The walk: the questionnaire's state as a plain value, changed only through the engine."""

from __future__ import annotations

import pytest

from amltui.engine import AnswerError
from amltui.tui.walk import Walk


def answered(kb, *pairs: tuple[str, list[str]]) -> Walk:
    walk = Walk.start(kb)
    for question_id, answer_ids in pairs:
        walk, _ = walk.answer(question_id, answer_ids)
    return walk


#: A refractory walk up to Goals: the options wait for Goals, so they appear with its answer.
TO_GOALS = (("disease_status", ["refractory"]), ("markers", ["flt3"]), ("fitness", ["unfit"]))


def test_a_new_walk_asks_the_first_question(kb):
    walk = Walk.start(kb)
    assert walk.asking.id == "disease_status"
    assert walk.step == 1
    assert walk.last is None and not walk.changes.appeared


def test_answering_records_the_change_and_what_appeared(kb):
    walk, change = Walk.start(kb).answer("disease_status", ["relapsed"])
    assert change.answers == {"disease_status": frozenset({"relapsed"})}
    assert walk.last == "disease_status"
    assert walk.changes.appeared == ()  # every option waits for a question still to come
    assert walk.asking.id == "remission_length"
    assert walk.step == 2
    walk, _ = answered(kb, *TO_GOALS).answer("goals", ["control"])
    assert {"clinical-trials", "gilteritinib", "supportive-care"} <= set(walk.changes.appeared)


def test_a_refused_answer_raises_and_leaves_the_walk_alone(kb):
    walk = Walk.start(kb)
    with pytest.raises(AnswerError):
        walk.answer("disease_status", [])
    assert walk.answers == {}


def test_reopen_asks_an_earlier_question_and_keeps_its_answer(kb):
    walk = answered(kb, ("disease_status", ["relapsed"]), ("remission_length", ["unknown"]))
    reopened = walk.reopen("disease_status")
    assert reopened.asking.id == "disease_status"
    assert reopened.answers == walk.answers
    assert reopened.step == 1
    assert reopened.resume().asking.id == "prior_transplant"


def test_reopen_refuses_a_question_not_reached(kb):
    walk = Walk.start(kb)
    assert not walk.can_reopen("fitness")
    with pytest.raises(ValueError, match="fitness"):
        walk.reopen("fitness")


def test_changing_an_earlier_answer_drops_what_no_longer_applies(kb):
    walk = answered(kb, ("disease_status", ["relapsed"]), ("remission_length", ["unknown"]), ("prior_transplant", ["none"]))
    walk, change = walk.reopen("disease_status").answer("disease_status", ["refractory"])
    assert change.dropped == ("remission_length", "prior_transplant")
    assert walk.dropped == change.dropped
    assert walk.reopened is None
    assert walk.asking.id == "markers"


def test_previous_is_the_answered_question_before_the_one_asked(kb):
    walk = answered(kb, ("disease_status", ["relapsed"]), ("remission_length", ["unknown"]))
    assert walk.previous().id == "remission_length"
    assert walk.reopen("remission_length").previous().id == "disease_status"
    assert Walk.start(kb).previous() is None


def test_gone_options_and_what_would_show_them(kb):
    walk = answered(kb, *TO_GOALS, ("goals", ["control"]))
    assert "gilteritinib" in walk.evaluation.shown_ids
    walk, _ = walk.reopen("markers").answer("markers", ["none_found"])
    assert [o.id for o in walk.gone()] == list(walk.changes.disappeared)
    assert "gilteritinib" in walk.changes.disappeared
    assert "FLT3" in walk.would_show("gilteritinib")
    assert walk.would_show("clinical-trials") == ""


def test_start_from_given_answers(kb):
    walk = Walk.start(kb, {"disease_status": ["refractory"]})
    assert walk.asking.id == "markers"
    assert walk.labels(kb.question("disease_status")) == ("Refractory",)


def test_a_reopened_question_has_its_own_context_not_the_last_answers(kb):
    walk = answered(kb, *TO_GOALS, ("goals", ["control"]), ("region", ["us"]))
    assert walk.context() == ("region", walk.changes)  # the summary: the last answer
    reopened = walk.reopen("region")
    last, changes = reopened.context()
    assert last == "goals"  # the answer before it, and what that answer showed
    assert "clinical-trials" in changes.appeared and not changes.disappeared
    assert walk.reopen("disease_status").context()[0] is None  # nothing before the first


def test_changes_that_drop_later_answers_are_kept_for_the_summary(kb):
    walk = answered(kb, ("disease_status", ["relapsed"]), ("remission_length", ["up_to_12_months"]), ("prior_transplant", ["none"]))
    assert walk.drops == ()
    walk, _ = walk.answer("disease_status", ["refractory"])
    walk, _ = walk.answer("markers", ["pending"])
    (drop,) = walk.drops
    assert (drop.question, drop.was, drop.became) == ("disease_status", frozenset({"relapsed"}), frozenset({"refractory"}))
    assert drop.answers == (("remission_length", frozenset({"up_to_12_months"})), ("prior_transplant", frozenset({"none"})))

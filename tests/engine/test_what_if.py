"""What-if: another answer to an earlier question, and what it would change, without changing it."""

from __future__ import annotations

import pytest

from amltui import engine
from amltui.engine import AnswerError
from amltui.engine.what_if import can_try, tryable, what_if
from tests.answers import FULL, walk


def ids(options) -> list[str]:
    return [o.option.id for o in options]


def test_flt3_to_idh1_the_flt3_drugs_go_and_the_idh1_drugs_appear_with_region_wording(kb):
    given = walk(kb, **FULL)
    result = what_if(kb, given, "markers", ["idh1"])
    assert ids(result.appear) == ["ivosidenib", "olutasidenib"]
    assert ids(result.go) == ["gilteritinib", "hma-sorafenib"]
    ivosidenib = result.appear[0]
    assert ivosidenib.reasons == ("Genetic markers: IDH1 mutation", "Goals: Aim for cure")
    assert ivosidenib.approval is not None and ivosidenib.approval.region == "us"
    assert "FDA" in ivosidenib.approval.text
    gilteritinib = result.go[0]
    assert gilteritinib.no_longer == ("Genetic markers: FLT3 mutation",)
    assert gilteritinib.would_show == "Genetic markers: FLT3 mutation"
    assert result.dropped == () and result.new_questions == ()
    assert not result.no_change
    assert result.current_labels == ("FLT3 mutation",) and result.alternative_labels == ("IDH1 mutation",)
    # Everything else stays, and the answers given are not touched.
    assert set(ids(result.unchanged)) == set(result.before.shown_ids) - {"gilteritinib", "hma-sorafenib"}
    assert given == walk(kb, **FULL)
    assert result.change == engine.answer(kb, given, "markers", ["idh1"])


def test_disease_status_change_drops_later_answers_and_says_why_options_go(kb):
    given = walk(kb, **FULL)
    result = what_if(kb, given, "disease_status", ["refractory"])
    assert result.change.dropped == ("remission_length", "prior_transplant")
    assert [(d.question.title, d.labels) for d in result.dropped] == [
        ("First remission", ("More than 12 months",)),
        ("Previous transplant", ("No allogeneic transplant",)),
    ]
    assert "remission_length" not in result.change.answers
    assert ids(result.go) == ["retreat-first-induction"]
    assert result.go[0].no_longer == ("Disease status: Relapsed", "First remission: More than 12 months")
    assert result.appear == ()


def test_refractory_to_relapsed_asks_new_questions(kb):
    given = walk(kb, disease_status="refractory", markers="none_found")
    result = what_if(kb, given, "disease_status", ["relapsed"])
    assert [q.id for q in result.new_questions] == ["remission_length", "prior_transplant"]
    assert result.dropped == ()
    assert result.after.next_question is not None and result.after.next_question.id == "remission_length"


def test_a_several_answer_change(kb):
    given = walk(kb, **FULL)
    result = what_if(kb, given, "markers", ["flt3", "idh2", "cd33"])
    assert ids(result.appear) == ["enasidenib", "gemtuzumab-ozogamicin"]
    assert result.go == ()
    assert result.alternative_labels == ("FLT3 mutation", "IDH2 mutation", "CD33-positive")


def test_goals_supportive_only_hides_the_treatments_and_drops_the_donor(kb):
    given = walk(kb, **FULL)
    result = what_if(kb, given, "goals", ["supportive_only"])
    assert [d.question.id for d in result.dropped] == ["donor"]
    gone = {g.option.id: g for g in result.go}
    assert gone["allogeneic-transplant"].no_longer == ("Goals: Aim for cure", "Donor: A matched brother or sister")
    assert gone["clinical-trials"].would_show == "Goals: anything but Supportive care only"
    assert ids(result.unchanged) == ["supportive-care"]


def test_the_same_answer_is_no_change(kb):
    given = walk(kb, **FULL)
    result = what_if(kb, given, "markers", ["flt3"])
    assert result.no_change
    assert result.appear == () and result.go == () and result.dropped == () and result.new_questions == ()
    assert ids(result.unchanged) == list(result.before.shown_ids)


def test_the_next_question_can_be_tried(kb):
    given = walk(kb, disease_status="refractory")
    assert can_try(kb, given, "markers")
    result = what_if(kb, given, "markers", ["flt3"])
    assert result.current == frozenset() and not result.no_change
    assert ids(result.appear) == []  # the FLT3 drugs would wait for Goals
    waiting = {h.option.id: h.waits_for for h in result.after.hidden}
    assert waiting["gilteritinib"] == waiting["hma-sorafenib"] == ("goals",)


@pytest.mark.parametrize(
    ("question_id", "answer_ids", "message", "hint"),
    [
        ("markers", ["flt3", "none_found"], "'none_found' cannot be combined with other answers", ""),
        ("disease_status", ["relapsed", "refractory"], "only one answer may be chosen", ""),
        ("markers", [], "choose at least one answer", ""),
        ("markers", ["flt4"], "unknown answer 'flt4'", "did you mean 'flt3'?"),
        ("marker", ["flt3"], "unknown question", "did you mean 'markers'?"),
        ("post_transplant_finding", ["mrd_positive"], "not asked with the earlier answers", ""),
    ],
)
def test_an_invalid_alternative_is_refused_with_the_engines_words(kb, question_id, answer_ids, message, hint):
    given = walk(kb, **FULL)
    with pytest.raises(AnswerError) as error:
        what_if(kb, given, question_id, answer_ids)
    (problem,) = error.value.problems
    question = kb.question(question_id)  # the question is the place, named by its title
    assert (problem.file, problem.item) == ("", question.title if question else question_id)
    assert problem.message.startswith(message)
    assert problem.hint == hint


def test_a_question_past_the_next_one_is_refused(kb):
    given = walk(kb, disease_status="refractory")
    assert not can_try(kb, given, "goals")
    with pytest.raises(AnswerError) as error:
        what_if(kb, given, "goals", ["cure"])
    assert (error.value.problem.item, error.value.problem.message) == ("Goals", "not answered yet and not the next question")


def test_tryable_lists_the_answered_questions_then_the_next(kb):
    given = walk(kb, disease_status="refractory", markers="flt3")
    assert [q.id for q in tryable(kb, given)] == ["disease_status", "markers", "fitness"]
    assert [q.id for q in tryable(kb, walk(kb, **FULL))][-1] == "region"

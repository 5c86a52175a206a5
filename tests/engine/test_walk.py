"""The engine's walk through the questions: order, skipping, changing answers, checking answers."""

from __future__ import annotations

import pytest

from amltui import engine
from tests.answers import walk


def test_first_question_is_disease_status(kb):
    assert engine.next_question(kb, {}).id == "disease_status"


def test_refractory_skips_relapse_and_transplant_questions(kb):
    given = walk(kb, disease_status="refractory")
    assert engine.next_question(kb, given).id == "markers"


def test_relapse_asks_remission_length_then_transplant(kb):
    given = walk(kb, disease_status="relapsed")
    assert engine.next_question(kb, given).id == "remission_length"
    given = walk(kb, disease_status="relapsed", remission_length="unknown")
    assert engine.next_question(kb, given).id == "prior_transplant"


def test_transplant_follow_ups_only_after_allogeneic_transplant(kb):
    given = walk(kb, disease_status="relapsed", remission_length="unknown", prior_transplant="none")
    assert engine.next_question(kb, given).id == "markers"
    given = walk(kb, disease_status="relapsed", remission_length="unknown", prior_transplant="allogeneic")
    assert engine.next_question(kb, given).id == "original_donor"


def test_donor_question_only_when_fit_and_aiming_for_cure(kb):
    base = dict(disease_status="refractory", markers="none_found")
    assert engine.next_question(kb, walk(kb, **base, fitness="fit", goals="cure")).id == "donor"
    assert engine.next_question(kb, walk(kb, **base, fitness="fit", goals="control")).id == "region"
    assert engine.next_question(kb, walk(kb, **base, fitness="unfit", goals="cure")).id == "region"


def test_complete_when_every_applicable_question_is_answered(kb):
    given = walk(kb, disease_status="refractory", markers="pending", fitness="unfit", goals="control", region="us")
    evaluation = engine.evaluate(kb, given)
    assert evaluation.complete and evaluation.next_question is None
    assert [q.id for q in evaluation.answered] == ["disease_status", "markers", "fitness", "goals", "region"]


def test_changing_an_earlier_answer_drops_those_that_no_longer_apply(kb):
    given = walk(
        kb,
        disease_status="relapsed",
        remission_length="over_12_months",
        prior_transplant="allogeneic",
        original_donor="yes",
        markers="flt3",
    )
    change = engine.answer(kb, given, "disease_status", ["refractory"])
    assert change.dropped == ("remission_length", "prior_transplant", "original_donor")
    assert dict(change.answers) == {"disease_status": frozenset({"refractory"}), "markers": frozenset({"flt3"})}


def test_changing_an_answer_keeps_later_answers_that_still_apply(kb):
    given = walk(kb, disease_status="refractory", markers="flt3", fitness="fit", goals="cure", donor="sibling")
    change = engine.answer(kb, given, "markers", ["idh1"])
    assert change.dropped == ()
    assert change.answers["donor"] == frozenset({"sibling"})


def test_a_change_that_makes_an_earlier_question_apply_asks_it_next(kb):
    given = walk(kb, disease_status="refractory", markers="flt3", fitness="fit", goals="cure")
    change = engine.answer(kb, given, "disease_status", ["relapsed"])
    assert engine.next_question(kb, change.answers).id == "remission_length"
    assert change.answers["goals"] == frozenset({"cure"})


def test_evaluate_ignores_answers_to_questions_that_do_not_apply(kb):
    evaluation = engine.evaluate(kb, {"disease_status": frozenset({"refractory"}), "original_donor": frozenset({"yes"})})
    assert "original_donor" not in evaluation.answers


@pytest.mark.parametrize(
    ("question", "answers", "message"),
    [
        ("disease_stat", ["relapsed"], "unknown question (did you mean 'disease_status'?)"),
        ("disease_status", ["relapse"], "unknown answer 'relapse' (did you mean 'relapsed'?)"),
        ("disease_status", ["relapsed", "refractory"], "only one answer may be chosen"),
        ("markers", ["flt3", "pending"], "'pending' cannot be combined with other answers"),
        ("markers", [], "choose at least one answer"),
        ("remission_length", ["unknown"], "not asked with the earlier answers"),
    ],
)
def test_bad_answers_are_refused_with_a_clear_message(kb, question, answers, message):
    with pytest.raises(engine.AnswerError) as raised:
        engine.answer(kb, {}, question, answers)
    known = kb.question(question)  # named by its title, as the screens name it (issue 12, point 13)
    assert raised.value.problem.item == (known.title if known else question)
    assert message in raised.value.problem.text


def test_several_answers_to_a_multiple_question(kb):
    given = walk(kb, disease_status="refractory", markers="flt3,idh2,cd33")
    assert given["markers"] == frozenset({"flt3", "idh2", "cd33"})


def test_option_changes_name_what_appeared_and_what_went(kb):
    before = engine.evaluate(kb, walk(kb, disease_status="refractory", markers="flt3", fitness="unfit", goals="control"))
    after = engine.evaluate(kb, walk(kb, disease_status="refractory", markers="idh2", fitness="unfit", goals="control"))
    changes = engine.option_changes(before, after)
    assert changes.appeared == ("enasidenib",)
    assert changes.disappeared == ("gilteritinib", "hma-sorafenib")


def test_reasons_name_the_answers_actually_given(kb):
    evaluation = engine.evaluate(
        kb, walk(kb, disease_status="refractory", markers="none_found", fitness="fit", goals="cure", donor="unrelated")
    )
    shown = {s.option.id: s for s in evaluation.shown}
    assert "Donor: A matched unrelated donor" in shown["allogeneic-transplant"].reasons
    assert "Fitness: Fit for intensive treatment" in shown["allogeneic-transplant"].reasons


def test_hidden_options_say_what_would_show_them(kb):
    evaluation = engine.evaluate(kb, walk(kb, disease_status="refractory"))
    hidden = {h.option.id: h.would_show for h in evaluation.hidden}
    # Waiting for the markers and for Goals, which could still rule it out.
    assert hidden["gilteritinib"] == "Genetic markers: FLT3 mutation; Goals: anything but Supportive care only (not answered yet)"
    assert hidden["supportive-care"] == "once Goals is answered"  # every answer listed: any will do
    assert hidden["donor-lymphocyte-infusion"].startswith("Previous transplant: Yes, an allogeneic transplant")
    assert hidden["azacitidine"].startswith("(either Fitness: Not fit for intensive treatment, or Goals: Control")
    assert hidden["azacitidine"].endswith("Goals: one of \u201cAim for cure\u201d, \u201cControl and quality of life\u201d")


def test_every_shown_option_lists_its_sources(kb):
    evaluation = engine.evaluate(kb, walk(kb, disease_status="relapsed", remission_length="over_12_months"))
    for shown in evaluation.shown:
        assert shown.sources and all(s in kb.sources for s in shown.sources)


def test_a_reason_never_refers_to_a_question_that_is_not_asked(kb):
    evaluation = engine.evaluate(
        kb, walk(kb, disease_status="refractory", markers="none_found", fitness="fit", goals="cure", donor="sibling")
    )
    transplant = next(s for s in evaluation.shown if s.option.id == "allogeneic-transplant")
    assert any("Previous transplant" in r and "(not asked with these answers)" in r for r in transplant.reasons)
    assert not any("not answered yet" in r for r in transplant.reasons)


def test_each_reason_is_said_once(kb):
    evaluation = engine.evaluate(
        kb,
        walk(
            kb, disease_status="relapsed", remission_length="up_to_12_months", prior_transplant="none",
            markers="none_found", fitness="unfit", goals="control",
        ),
    )
    for shown in evaluation.shown:
        assert len(shown.reasons) == len(set(shown.reasons)), shown.option.id


def test_an_exclusion_leaving_one_answer_names_that_answer(kb):
    from amltui.knowledge.conditions import Is, Not

    question = kb.question("prior_transplant")
    [left] = [a for a in question.answers if a.id != "allogeneic"]
    assert engine.describe(kb, Not(Is("prior_transplant", frozenset({"allogeneic"})))) == f"Previous transplant: {left.label}"


def test_options_wait_for_every_question_still_to_be_asked_that_could_change_them(kb):
    """One rule (issue 12, point 16): an option is shown once the answers settle its condition,
    whether the question still to come would show it or rule it out."""
    evaluation = engine.evaluate(kb, walk(kb, disease_status="refractory", markers="flt3"))
    waiting = {h.option.id: h.waits_for for h in evaluation.hidden}
    assert evaluation.shown_ids == ()
    assert waiting["gilteritinib"] == ("goals",)  # "Supportive care only" would rule it out
    assert waiting["supportive-care"] == ("goals",)  # any answer to Goals shows it
    assert waiting["allogeneic-transplant"] == ("fitness", "goals", "donor")
    assert waiting["ivosidenib"] == ()  # ruled out by the markers answered: it waits for nothing
    assert evaluation.waited_for == ("fitness", "goals", "donor")
    assert engine.shown_ids(kb, walk(kb, disease_status="refractory", markers="flt3")) == ()

    settled = engine.evaluate(kb, walk(kb, disease_status="refractory", markers="flt3", fitness="unfit", goals="control"))
    assert {"gilteritinib", "hma-sorafenib", "clinical-trials", "supportive-care"} <= set(settled.shown_ids)
    assert settled.waiting == () and settled.waited_for == ()


def test_a_question_that_will_not_be_asked_settles_what_waits_for_it(kb):
    # Fit but aiming for control: the donor question is never asked, so the transplant is ruled out now.
    evaluation = engine.evaluate(kb, walk(kb, disease_status="refractory", markers="none_found", fitness="fit", goals="control"))
    assert evaluation.complete is False  # the region is still to come
    hidden = {h.option.id: h for h in evaluation.hidden}
    assert hidden["allogeneic-transplant"].waits_for == ()
    assert "clinical-trials" in evaluation.shown_ids


def test_notices_follow_the_same_rule(kb):
    # "Unfit but aiming for cure" waits for Goals; the refractory notice is settled at once.
    early = engine.evaluate(kb, walk(kb, disease_status="refractory", markers="none_found", fitness="unfit"))
    assert "cure-without-fitness" not in {n.id for n in early.notices}
    assert "refractory-no-transplant-questions" in {n.id for n in early.notices}
    later = engine.evaluate(kb, walk(kb, disease_status="refractory", markers="none_found", fitness="unfit", goals="cure"))
    assert "cure-without-fitness" in {n.id for n in later.notices}

"""Training mode without the screen: scoring predictions and summing up a saved training walk."""

from __future__ import annotations

from amltui.engine.training import score_prediction
from amltui.knowledge.models import Citation, Note, Scenario, ScenarioStep
from amltui.sessions import Session
from amltui.sessions.codec import dumps, loads
from amltui.sessions.training import summarise
from tests.sessions.fixtures import record

CASE = Scenario(
    id="refractory-flt3",
    title="Refractory with FLT3",
    story="Two cycles did not bring a remission. A FLT3 mutation is found.",
    steps=(
        ScenarioStep("disease_status", ("refractory",), (Note("Two cycles without remission.", Citation("lls-rr", "Refractory AML")),)),
        ScenarioStep("markers", ("flt3",), (Note("Test again at relapse.", Citation("bcuk-rr", "Targeted therapies")),)),
        ScenarioStep("fitness", ("fit",)),
        ScenarioStep("goals", ("cure",)),
    ),
    facilitator=("Ask why remission length is skipped.",),
)


# --- scoring ---------------------------------------------------------------------------------


def test_hits_misses_and_wrong_guesses_are_told_apart():
    score = score_prediction(["a", "b", "c"], ["a", "c", "d", "e"], ["b", "d", "a", "z"])
    assert score.appeared == ("d", "e") and score.disappeared == ("b",)
    assert score.hits == ("d", "b")
    assert score.missed == ("e",)
    assert score.wrong == ("a", "z")  # a stayed; z never showed
    assert (score.points, score.out_of) == (2, 5)
    assert not score.perfect


def test_predicting_no_change_when_nothing_changes_is_right():
    score = score_prediction(["a"], ["a"], [])
    assert (score.points, score.out_of, score.perfect) == (1, 1, True)


def test_predicting_nothing_when_options_change_scores_zero():
    score = score_prediction([], ["a", "b"], ())
    assert (score.points, score.out_of) == (0, 2)
    assert score.missed == ("a", "b") and score.wrong == ()


def test_a_perfect_prediction():
    score = score_prediction(["a", "b"], ["b", "c"], {"a", "c"})
    assert score.perfect and (score.points, score.out_of) == (2, 2)
    assert score.changed == ("c", "a")


# --- a whole run -----------------------------------------------------------------------------


def answered(kb, session: Session, question: str, answers: tuple[str, ...], predicted=None) -> Session:
    """Record an answer as the app does, through the engine and the recorder."""
    return record(kb, session, question, *answers, predicted=predicted)


def training_session(kb) -> Session:
    session = Session.new("Training: case", kb.version, kb.digest, mode="training", scenario=CASE.id)
    # Mismatch, with a prediction: nothing appears yet (options wait for Goals), so the guess is wrong.
    session = answered(kb, session, "disease_status", ("relapsed",), predicted=("clinical-trials",))
    # The case's answer applied.
    session = answered(kb, session, "disease_status", ("refractory",))
    # Match, with a perfect prediction: still nothing appears, the FLT3 drugs wait for Goals.
    session = answered(kb, session, "markers", ("flt3",), predicted=())
    # Match, no prediction.
    session = answered(kb, session, "fitness", ("fit",))
    return session


def test_the_summary_counts_matches_predictions_and_teaching(kb):
    summary = summarise(training_session(kb), CASE, kb)
    assert [(r.question, r.matched) for r in summary.results] == [
        ("disease_status", False),
        ("markers", True),
        ("fitness", True),
    ]
    assert summary.applied == ("disease_status",)
    assert summary.matched == 2 and len(summary.compared) == 3
    first = summary.results[0].prediction
    assert first is not None
    assert (first.hits, first.missed, first.wrong) == ((), (), ("clinical-trials",))
    assert summary.results[1].prediction.perfect
    assert summary.results[2].prediction is None
    assert (summary.prediction_points, summary.prediction_out_of) == (0 + 1, 1 + 1)
    assert [note.text for _, note in summary.teaching] == ["Two cycles without remission.", "Test again at relapse."]
    assert summary.not_reached == ("goals",)


def test_the_summary_is_the_same_from_the_saved_file(kb):
    session = training_session(kb)
    assert summarise(loads(dumps(session).encode("utf-8"), "memory"), CASE, kb) == summarise(session, CASE, kb)


def test_a_walk_that_left_the_case_says_where_the_case_has_no_answer(kb):
    session = Session.new("Training: case", kb.version, kb.digest, mode="training", scenario=CASE.id)
    session = answered(kb, session, "disease_status", ("relapsed",))  # kept: the walk leaves the case
    session = answered(kb, session, "remission_length", ("over_12_months",), predicted=())
    summary = summarise(session, CASE, kb)
    assert [r.matched for r in summary.results] == [False, None]
    assert summary.results[1].expected is None and summary.results[1].teaching == ()
    assert summary.applied == ()
    assert len(summary.compared) == 1


def test_a_question_answered_again_teaches_once(kb):
    session = Session.new("Training: case", kb.version, kb.digest, mode="training", scenario=CASE.id)
    session = answered(kb, session, "disease_status", ("refractory",))
    session = answered(kb, session, "disease_status", ("relapsed",), predicted=())  # reopened by the learner
    summary = summarise(session, CASE, kb)
    assert [r.matched for r in summary.results] == [True, False]
    assert summary.applied == ()
    assert len(summary.teaching) == 1

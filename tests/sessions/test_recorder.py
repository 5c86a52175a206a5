"""Recording a walk: a step per committed answer, saved at once, under the session's lock."""

from __future__ import annotations

import attrs
import pytest

from amltui import engine
from amltui.sessions import SessionError, SessionInUse
from amltui.sessions.recorder import Recorder, resumable_answers


def answer(kb, recorder: Recorder, question: str, *ids: str) -> None:
    change = engine.answer(kb, recorder.session.answers, question, ids)
    recorder.record(question, change, engine.evaluate(kb, change.answers))


def test_every_answer_is_on_disk_as_soon_as_it_is_recorded(kb, store):
    recorder = Recorder.start(store, kb, "Teaching walk")
    path = store.path_for(recorder.session)
    assert not path.exists()  # nothing answered, nothing written
    answer(kb, recorder, "disease_status", "relapsed")
    assert store.load(path).answers == {"disease_status": frozenset({"relapsed"})}
    answer(kb, recorder, "remission_length", "over_12_months")
    saved = store.load(path)
    assert saved == recorder.session
    assert [s.question for s in saved.steps] == ["disease_status", "remission_length"]
    assert saved.steps[-1].shown == engine.shown_ids(kb, saved.answers)
    recorder.close()


def test_a_change_records_what_was_dropped(kb, store):
    recorder = Recorder.start(store, kb, "Change")
    answer(kb, recorder, "disease_status", "relapsed")
    answer(kb, recorder, "remission_length", "over_12_months")
    answer(kb, recorder, "disease_status", "refractory")
    step = store.load(store.path_for(recorder.session)).steps[-1]
    assert step.previous == ("relapsed",) and step.dropped == ("remission_length",)
    recorder.close()


def test_a_recorded_session_is_in_use_until_closed(kb, store):
    recorder = Recorder.start(store, kb, "Held")
    answer(kb, recorder, "disease_status", "relapsed")
    with pytest.raises(SessionInUse):
        Recorder.resume(store, recorder.session)
    recorder.close()
    Recorder.resume(store, recorder.session).close()


def test_a_failed_save_keeps_the_step_and_the_next_save_writes_it(kb, store, monkeypatch):
    recorder = Recorder.start(store, kb, "Disk trouble")
    answer(kb, recorder, "disease_status", "relapsed")
    real_save = store.save

    def failing(session):
        raise SessionError(str(store.folder), "could not save: No space left on device")

    monkeypatch.setattr(store, "save", failing)
    with pytest.raises(SessionError):
        answer(kb, recorder, "remission_length", "over_12_months")
    assert recorder.unsaved == "could not save: No space left on device"
    assert len(recorder.session.steps) == 2  # kept in memory
    monkeypatch.setattr(store, "save", real_save)
    answer(kb, recorder, "prior_transplant", "none")
    assert recorder.unsaved == ""
    assert len(store.load(store.path_for(recorder.session)).steps) == 3
    recorder.close()


def test_a_training_session_names_its_scenario(kb, store):
    recorder = Recorder.start(store, kb, "Case 1", mode="training", scenario="early-relapse")
    assert (recorder.session.mode, recorder.session.scenario) == ("training", "early-relapse")
    recorder.close()


def test_a_prediction_is_saved_with_its_step(kb, store):
    recorder = Recorder.start(store, kb, "Case 1", mode="training", scenario="early-relapse")
    change = engine.answer(kb, {}, "disease_status", ["refractory"])
    recorder.record("disease_status", change, engine.evaluate(kb, change.answers), predicted=("hma-venetoclax",))
    answer(kb, recorder, "markers", "flt3")  # no prediction made
    saved = store.load(store.path_for(recorder.session))
    assert [step.predicted for step in saved.steps] == [("hma-venetoclax",), None]
    recorder.close()


def test_resume_leaves_out_what_todays_knowledge_base_no_longer_has(kb, relapse_session):
    questions = tuple(q for q in kb.questions if q.id != "prior_transplant")
    markers = kb.question("markers")
    fewer_markers = attrs.evolve(markers, answers=tuple(a for a in markers.answers if a.id != "flt3"))
    today = attrs.evolve(kb, questions=tuple(fewer_markers if q.id == "markers" else q for q in questions))
    answers, left_out = resumable_answers(today, relapse_session)
    assert answers == {"disease_status": frozenset({"relapsed"}), "remission_length": frozenset({"over_12_months"})}
    assert left_out == ("prior_transplant (no longer a question)", "Genetic markers: flt3 (no longer an answer)")


def test_resume_with_the_same_knowledge_base_keeps_every_answer(kb, relapse_session):
    assert resumable_answers(kb, relapse_session) == (relapse_session.answers, ())


def test_without_a_store_the_steps_are_kept_in_memory_only(kb):
    recorder = Recorder.start(None, kb, "Nothing to save to", mode="training", scenario="01-refractory-flt3")
    answer(kb, recorder, "disease_status", "refractory")
    assert [s.question for s in recorder.session.steps] == ["disease_status"]
    assert recorder.unsaved == ""
    recorder.close()

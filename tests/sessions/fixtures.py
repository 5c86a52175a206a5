from __future__ import annotations

import pytest

from amltui import engine
from amltui.sessions import Session, SessionStore
from amltui.sessions.recorder import Recorder


@pytest.fixture
def store(tmp_path):
    return SessionStore(tmp_path / "sessions")


def record(kb, session: Session, question: str, *answers: str, predicted: tuple[str, ...] | None = None) -> Session:
    """Answer as the app does: through the engine, and the step as the app's recorder writes it
    (nothing saved: the recorder has no store)."""
    change = engine.answer(kb, session.answers, question, answers)
    return Recorder(None, session).record(question, change, engine.evaluate(kb, change.answers), predicted)


@pytest.fixture
def relapse_session(kb):
    session = Session.new("Teaching case 1", kb.version, kb.digest)
    for question, answer in [
        ("disease_status", "relapsed"),
        ("remission_length", "over_12_months"),
        ("prior_transplant", "none"),
        ("markers", "flt3"),
    ]:
        session = record(kb, session, question, answer)
    return session

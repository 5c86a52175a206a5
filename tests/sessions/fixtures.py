from __future__ import annotations

import pytest

from amltui import engine
from amltui.sessions import Session, SessionStore


@pytest.fixture
def store(tmp_path):
    return SessionStore(tmp_path / "sessions")


def record(kb, session: Session, question: str, *answers: str) -> Session:
    """Answer as the app does: through the engine, recording the options then on screen."""
    change = engine.answer(kb, session.answers, question, answers)
    shown = engine.evaluate(kb, change.answers).shown_ids
    return session.with_step(question, tuple(answers), shown, change.dropped)


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

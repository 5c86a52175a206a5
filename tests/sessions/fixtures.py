from __future__ import annotations

import pytest

from amltui import engine
from amltui.sessions import Session, SessionStore
from amltui.sessions.recorder import Recorder


@pytest.fixture
def store(tmp_path):
    return SessionStore(tmp_path / "sessions")


def cache_rows_read(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The listing cache payloads whose rows are decoded from now on (the resume offer's quick
    path decodes none: it reads the first line alone)."""
    from amltui.sessions import listing_cache

    read: list[bytes] = []
    read_rows = listing_cache.read_rows
    monkeypatch.setattr("amltui.sessions.listing.read_rows", lambda payload: read.append(payload) or read_rows(payload))
    return read


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

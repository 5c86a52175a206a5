"""The app records every answer as it is committed, and a later start resumes it."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from amltui.sessions import SessionError, SessionInUse, SessionStore
from amltui.sessions.recorder import Recorder
from amltui.tui.app import AmlApp
from tests.sessions.fixtures import cache_rows_read
from tests.tui.conftest import TODAY, begin_recorded, flat, given, screen_text


@pytest.fixture
def store(tmp_path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


async def answer(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def test_each_committed_answer_is_on_disk_at_once(kb, store):
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await begin_recorded(pilot, "Recorded walk")
        await answer(pilot, "1", "enter")  # relapsed
        [listing] = store.listing()
        assert store.load(listing.path).answers == given(disease_status="relapsed")
        await answer(pilot, "1", "enter")  # more than 12 months
        saved = store.load(store.listing()[0].path)
        assert saved.answers == given(disease_status="relapsed", remission_length="over_12_months")
        assert saved.steps[-1].shown == app.walk.evaluation.shown_ids
        with pytest.raises(SessionInUse):  # held while the app records it
            Recorder.resume(store, saved)
    Recorder.resume(store, saved).close()  # and released when the app ends


async def test_as_the_app_leaves_the_listing_learns_the_walk_just_saved(kb, store, relapse_session, monkeypatch):
    """So that the next start's resume offer reads one line of the listing's cache, not its rows."""
    store.save(relapse_session)
    store.listing()  # a cache of the folder as it was
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin_recorded(pilot, "Left at once")
        await answer(pilot, "1", "enter")  # saved: the listing (read at the start) no longer knows the file
    rows_read = cache_rows_read(monkeypatch)
    assert store.latest_unfinished().title == "Left at once"
    assert rows_read == []


async def test_the_start_screen_offers_the_unfinished_session_first(kb, store, relapse_session):
    store.save(relapse_session)
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        text = flat(screen_text(pilot))
        assert "Resume “Teaching case 1” · 4 answers · saved" in text
        assert text.index("Resume") < text.index("Begin a new walk")
        await answer(pilot, "enter")
        assert app.walk.answers == relapse_session.answers
        assert "Resumed" in flat(screen_text(pilot))
        await answer(pilot, "2", "enter")  # the next question's answer goes into the same file
        saved = store.load(store.path_for(relapse_session))
        assert len(saved.steps) == len(relapse_session.steps) + 1


async def test_a_finished_session_is_not_offered_for_resume(kb, store, relapse_session):
    unfinished = relapse_session.renamed("Left unfinished")
    finished = attrs.evolve(
        relapse_session.copied("Finished later"), finished=True, updated=unfinished.updated + dt.timedelta(hours=1)
    )
    store.save(unfinished)
    store.save(finished)
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        text = flat(screen_text(pilot))
        assert "Resume “Left unfinished”" in text and "Finished later" not in text


async def test_a_failed_save_is_said_plainly_and_the_walk_goes_on(kb, store, monkeypatch):
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.new_session("Disk trouble")
        app.begin()
        await pilot.pause()

        def full(session):
            raise SessionError(str(store.folder), "could not save: No space left on device")

        monkeypatch.setattr(store, "save", full)
        await answer(pilot, "1", "enter")
        await pilot.pause()  # the toast arrives a frame later
        text = flat(screen_text(pilot))
        assert "Not saved" in text and "could not save: No space" in text
        assert app.walk.answers == given(disease_status="relapsed")
        monkeypatch.undo()
        await answer(pilot, "1", "enter")
        assert store.listing()[0].summary.step_count == 2  # the failed step was written with the next

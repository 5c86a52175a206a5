"""Nothing answered is lost: a stale resume offer builds on the file, and no way out of a walk
drops answers that are only in memory without asking first."""

from __future__ import annotations

import shutil

import pytest
from textual.command import CommandPalette

from amltui import engine
from amltui.sessions import SessionError, SessionStore
from amltui.sessions.recorder import Recorder
from amltui.tui.app import AmlApp
from amltui.tui.screens.replay import ReplayScreen
from amltui.tui.screens.start import StartScreen
from amltui.tui.screens.training import TrainingScreen
from amltui.tui.screens.unsaved import UnsavedAnswers
from tests.tui.conftest import TODAY, flat, given, screen_text, static_text
from tests.tui.test_training import answer as answer_case
from tests.tui.test_training import into_the_case, training_kb  # noqa: F401 (a fixture)


@pytest.fixture
def store(tmp_path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def seen(pilot) -> str:
    return flat(screen_text(pilot))


async def until_seen(pilot, text: str) -> str:
    """The screen once it shows `text` (the palette searches in a worker); fails after a deadline."""
    for _ in range(200):
        if text in seen(pilot):
            return seen(pilot)
        await pilot.pause()
    raise AssertionError(f"{text!r} never shown; the screen: {seen(pilot)}")


def notified(app) -> str:
    """Every notification's title and message (a toast's text wraps beside the screen's)."""
    return " ".join(f"{n.title}: {n.message}" for n in app._notifications)


def disk_full(store: SessionStore, monkeypatch) -> None:
    def full(session):
        raise SessionError(str(store.folder), "could not save: No space left on device")

    monkeypatch.setattr(store, "save", full)


async def walk_with_an_unsaved_answer(pilot, store, monkeypatch) -> None:
    """A new walk, its first answer saved, the second kept only in memory (the disk is full)."""
    await pilot.pause()
    assert pilot.app.new_session("Disk trouble")
    pilot.app.begin()
    await press(pilot, "1", "enter")  # relapsed: saved
    disk_full(store, monkeypatch)
    await press(pilot, "1", "enter")  # more than 12 months: only in memory
    assert pilot.app.recorder.unsaved


def copy_id(store: SessionStore) -> str:
    return store.listing()[0].summary.id


def saved_steps(store: SessionStore) -> int:
    return store.listing()[0].summary.step_count


# --- a stale offer -----------------------------------------------------------------------------


async def test_a_stale_resume_offer_resumes_every_answer_another_amltui_added(kb, store, relapse_session):
    store.save(relapse_session)
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "Resume “Teaching case 1” · 4 answers" in seen(pilot)  # left open on this
        other = Recorder.resume(SessionStore(store.folder), relapse_session)  # another amltui
        for question, answer in (("fitness", "fit"), ("goals", "cure"), ("donor", "sibling")):
            change = engine.answer(kb, other.session.answers, question, (answer,))
            other.record(question, change, engine.evaluate(kb, change.answers))
        other.close()
        await press(pilot, "enter")  # the stale offer
        assert app.walk.answers == other.session.answers
        assert "7 answers restored" in notified(app)
        await press(pilot, "1", "enter")  # the next answer goes after the other amltui's three
    saved = store.load(store.path_for(relapse_session))
    assert saved.steps[: len(other.session.steps)] == other.session.steps
    assert len(saved.steps) == len(other.session.steps) + 1


async def test_a_stale_offer_of_a_session_deleted_since_is_refused_and_withdrawn(kb, store, relapse_session):
    store.save(relapse_session)
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        store.delete(relapse_session)
        await press(pilot, "enter")
        assert isinstance(app.screen, StartScreen) and app.recorder is None
        assert "Cannot continue this session" in notified(app) and "no such file" in notified(app)
        assert "Resume" not in seen(pilot)
    assert list(store.folder.iterdir()) == []  # and no lock file left behind


async def test_a_copy_in_the_sessions_folder_opens_read_only_and_its_original_is_untouched(kb, store, relapse_session):
    own = store.save(relapse_session)
    shutil.copyfile(own, store.folder / "backup.toml")
    before = own.read_bytes()
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.resume_session(store.load(store.folder / "backup.toml"), store.folder / "backup.toml")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen) and app.recorder is None
        assert "A copy: read-only" in notified(app) and "a copy is never continued" in notified(app)
    assert own.read_bytes() == before


# --- leaving with answers only in memory ---------------------------------------------------------


async def test_q_with_unsaved_answers_asks_and_escape_stays(kb, store, monkeypatch):
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await walk_with_an_unsaved_answer(pilot, store, monkeypatch)
        await press(pilot, "q")
        assert isinstance(app.screen, UnsavedAnswers)
        text = static_text(pilot, "#unsaved-question")  # a long path wraps between the frame's bars
        assert "1 answer of “Disk trouble” is only in memory" in text
        assert "No space left on device" in text and f"Retry saves to {store.folder} again" in text
        assert "move it into the sessions folder as" in text
        await press(pilot, "q")  # q again does not pile up dialogs, nor quit
        assert isinstance(app.screen, UnsavedAnswers) and len(app.screen_stack) == 3
        await press(pilot, "escape")
        assert not isinstance(app.screen, UnsavedAnswers) and app.is_running
        assert app.walk.answers == given(disease_status="relapsed", remission_length="over_12_months")


async def test_retry_when_the_disk_has_room_again_saves_and_quits(kb, store, monkeypatch):
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await walk_with_an_unsaved_answer(pilot, store, monkeypatch)
        await press(pilot, "q")
        assert await pilot.click("#unsaved-retry")  # still full: asked again, with the reason
        await pilot.pause()
        assert isinstance(app.screen, UnsavedAnswers)
        monkeypatch.undo()  # room again
        assert await pilot.click("#unsaved-retry")
        await pilot.pause()
    assert app.return_code == 0
    assert saved_steps(store) == 2


async def test_quitting_after_the_disk_recovered_saves_without_asking(kb, store, monkeypatch):
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await walk_with_an_unsaved_answer(pilot, store, monkeypatch)
        monkeypatch.undo()
        await press(pilot, "q")
    assert app.return_code == 0 and saved_steps(store) == 2


async def test_save_a_copy_elsewhere_then_quit(kb, store, monkeypatch, tmp_path):
    target = tmp_path / "elsewhere" / "copy.toml"
    target.parent.mkdir()
    (tmp_path / "taken.toml").write_text("someone's file")
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await walk_with_an_unsaved_answer(pilot, store, monkeypatch)
        await press(pilot, "ctrl+q")
        path = app.screen.query_one("#unsaved-path")
        assert path.value.endswith(f"{app.recorder.session.id}.toml")  # a proposal, to edit
        path.value = str(tmp_path / "taken.toml")
        path.focus()
        await press(pilot, "enter")  # Enter in the path saves the copy there
        assert isinstance(app.screen, UnsavedAnswers)  # never written over an existing file
        assert "exists, and nothing is written over a file" in static_text(pilot, "#unsaved-problem")
        app.screen.query_one("#unsaved-path").value = str(target)
        await pilot.pause()
        assert await pilot.click("#unsaved-copy")
        await pilot.pause()
    assert app.return_code == 0
    assert str(target) in app.parting_words and f"as {copy_id(store)}.toml" in app.parting_words  # said after the app
    assert (tmp_path / "taken.toml").read_text() == "someone's file"
    copy = SessionStore(target.parent).load(target)
    assert copy.answers == given(disease_status="relapsed", remission_length="over_12_months")


async def test_leaving_unsaved_is_a_choice_made_in_the_dialog(kb, store, monkeypatch):
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await walk_with_an_unsaved_answer(pilot, store, monkeypatch)
        await press(pilot, "q")
        await press(pilot, "right", "right", "right", "enter")  # Stay → Retry → Copy → Leave unsaved
    assert app.return_code == 0 and saved_steps(store) == 1
    assert "1 answer of “Disk trouble” left unsaved, as chosen" in app.parting_words


async def test_ctrl_c_and_the_palettes_quit_never_drop_unsaved_answers(kb, store, monkeypatch):
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await walk_with_an_unsaved_answer(pilot, store, monkeypatch)
        await press(pilot, "ctrl+c")  # Textual: says how to quit, does not
        assert app.is_running and app.recorder.unsaved
        await press(pilot, "ctrl+p")
        assert CommandPalette.is_open(app)
        await press(pilot, *"quit")
        await until_seen(pilot, "Quit the application")  # the palette searches in a worker
        await press(pilot, "enter")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedAnswers)


async def test_leaving_a_training_case_with_unsaved_answers_asks_first(training_kb, store, monkeypatch):  # noqa: F811
    app = AmlApp(training_kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await into_the_case(pilot)
        disk_full(store, monkeypatch)
        await answer_case(pilot, "2")  # refractory: only in memory
        await press(pilot, "escape")  # leave the case
        assert isinstance(app.screen, UnsavedAnswers)
        assert "session is saved" not in seen(pilot)
        await press(pilot, "escape")  # stay
        assert isinstance(app.screen, TrainingScreen) and app.recorder is not None
        monkeypatch.undo()
        await press(pilot, "escape")  # the retry works: back to the start, saved
        assert isinstance(app.screen, StartScreen)
    assert [s.question for s in store.load(store.listing()[0].path).steps] == ["disease_status"]


async def test_a_copy_replayed_takes_no_comments_so_the_original_is_never_written(kb, store, relapse_session):
    own = store.save(relapse_session)
    copy = store.folder / "backup.toml"
    shutil.copyfile(own, copy)
    before = own.read_bytes()
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.replay_session(store.load(copy), copy)
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        assert "Read-only: a copy of another session's file" in seen(pilot)
        await press(pilot, "c")  # comment: no dialog opens
        assert isinstance(app.screen, ReplayScreen)
    assert own.read_bytes() == before and copy.read_bytes() == before


async def test_a_walk_left_before_its_first_answer_leaves_no_file_at_all(kb, store):
    app = AmlApp(kb, today=TODAY, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "enter")  # Begin, the proposed title
        assert app.recorder is not None and list(store.folder.glob(".*.lock"))
        await press(pilot, "q")
    assert app.return_code == 0
    assert list(store.folder.iterdir()) == []

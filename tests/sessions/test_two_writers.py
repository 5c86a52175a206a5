"""Two amltuis on one sessions folder: whatever one saved, the other builds on, never over."""

from __future__ import annotations

import shutil

import pytest

from amltui import engine
from amltui.sessions import SessionError, SessionInUse, SessionStore
from amltui.sessions.recorder import Recorder
from amltui.sessions.store import ChangedOnDisk, CopyOfSession


def answer(kb, recorder: Recorder, question: str, *answers: str) -> None:
    change = engine.answer(kb, recorder.session.answers, question, answers)
    recorder.record(question, change, engine.evaluate(kb, change.answers))


@pytest.fixture
def two_stores(tmp_path):
    folder = tmp_path / "sessions"
    return SessionStore(folder), SessionStore(folder)


def test_resuming_a_stale_copy_builds_on_what_the_other_amltui_saved(kb, two_stores, relapse_session):
    first, second = two_stores
    first.save(relapse_session)
    offer = first.latest_unfinished()  # a start screen shows this and is left open
    other = Recorder.resume(second, offer)
    answer(kb, other, "fitness", "fit")
    answer(kb, other, "goals", "cure")
    other.close()
    assert len(second.load(second.path_for(offer)).steps) == len(offer.steps) + 2

    recorder = Recorder.resume(first, offer)  # Enter on the stale offer
    assert recorder.session.steps == second.load(second.path_for(offer)).steps
    answer(kb, recorder, "fitness", "unfit")
    recorder.close()
    saved = first.load(first.path_for(offer))
    assert [s.question for s in saved.steps] == [s.question for s in offer.steps] + ["fitness", "goals", "fitness"]
    assert saved.steps[-1].previous == ("fit",)  # the change knows what the other amltui answered


def test_the_second_resumer_is_refused_while_the_first_records(kb, two_stores, relapse_session):
    first, second = two_stores
    first.save(relapse_session)
    recorder = Recorder.resume(first, relapse_session)
    with pytest.raises(SessionInUse):
        Recorder.resume(second, relapse_session)
    recorder.close()
    Recorder.resume(second, relapse_session).close()


def test_a_recorder_never_saves_over_a_file_changed_behind_its_lock(kb, two_stores, relapse_session):
    first, second = two_stores
    first.save(relapse_session)
    recorder = Recorder.resume(first, relapse_session)
    meddled = relapse_session.renamed("Written by a program that ignored the lock")
    second.save(meddled)  # no lock taken: nothing in amltui does this, but a script might
    before = second.path_for(meddled).read_bytes()
    with pytest.raises(ChangedOnDisk, match="changed on disk by another program"):
        answer(kb, recorder, "fitness", "fit")
    assert second.path_for(meddled).read_bytes() == before
    assert "changed on disk" in recorder.unsaved
    assert len(recorder.session.steps) == len(relapse_session.steps) + 1  # kept in memory
    recorder.close()


def test_a_new_session_never_saves_over_a_file_that_appeared_with_its_id(kb, store):
    recorder = Recorder.start(store, kb, "New")
    squatter = recorder.session.renamed("Someone else's")
    store.save(squatter)
    with pytest.raises(ChangedOnDisk):
        answer(kb, recorder, "disease_status", "relapsed")
    assert store.load(store.path_for(squatter)).title == "Someone else's"
    recorder.close()


def test_a_session_deleted_since_the_offer_is_not_resumed_and_its_lock_is_let_go(kb, two_stores, relapse_session):
    first, second = two_stores
    first.save(relapse_session)
    second.delete(relapse_session)
    with pytest.raises(SessionError, match="no such file"):
        Recorder.resume(first, relapse_session)
    assert list(first.folder.iterdir()) == []


def test_a_file_replaced_by_another_session_since_the_offer_is_not_resumed(kb, store, relapse_session):
    store.save(relapse_session)
    other = relapse_session.copied("Another")
    store.path_for(relapse_session).write_text(store.save(other).read_text())
    with pytest.raises(SessionError):
        Recorder.resume(store, relapse_session)


@pytest.mark.parametrize("where", ["backup in the folder", "own name outside the folder"])
def test_a_copy_is_never_continued_and_the_original_is_untouched(kb, store, relapse_session, tmp_path, where):
    own = store.save(relapse_session)
    copy = store.folder / "backup.toml" if where.startswith("backup") else tmp_path / own.name
    shutil.copyfile(own, copy)
    before = own.read_bytes()
    with pytest.raises(CopyOfSession, match=f"whose own file is {own}"):
        Recorder.resume(store, store.load(copy), copy)
    assert own.read_bytes() == before and copy.read_bytes() == before
    assert not list(store.folder.glob(".*.lock"))


def test_a_copy_in_the_folder_is_never_offered_for_resume(kb, store, relapse_session):
    own = store.save(relapse_session)
    shutil.copyfile(own, store.folder / "backup.toml")
    own.unlink()
    assert store.latest_unfinished() is None


def test_a_file_removed_behind_the_lock_is_not_written_again_unasked(kb, store, relapse_session):
    store.save(relapse_session)
    recorder = Recorder.resume(store, relapse_session)
    store.path_for(relapse_session).unlink()  # rm by hand while it is recorded
    with pytest.raises(ChangedOnDisk, match="removed by another program"):
        answer(kb, recorder, "fitness", "fit")
    assert not store.path_for(relapse_session).exists()
    recorder.close()


def test_an_update_of_a_session_removed_since_it_was_read_does_not_bring_it_back(store, relapse_session):
    store.save(relapse_session)
    store.delete(relapse_session)  # by another amltui, while a replay of it was open here
    with pytest.raises(SessionError, match="no longer exists"):
        store.update(relapse_session, lambda now: now.with_comment(1, "me", "late"))
    assert list(store.folder.iterdir()) == []

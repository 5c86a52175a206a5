"""Lock files and killed saves' temporary files: removed when nobody uses them, never otherwise."""

from __future__ import annotations

import fcntl
import os
import signal
import stat
import time

import pytest

from amltui.sessions import Session, SessionInUse, SessionStore
from amltui.sessions.recorder import Recorder
from amltui.sessions.store import ORPHAN_AGE_SECONDS, make_private_folders, save_elsewhere

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def dot_files(store: SessionStore) -> list[str]:
    return sorted(p.name for p in store.folder.iterdir() if p.name.startswith("."))


def orphan(store: SessionStore, session: Session, *, age: float) -> str:
    """A temporary file as a save killed before its rename leaves it, `age` seconds old."""
    path = store.folder / f".{session.id}.toml.k1ll3d__.tmp"
    path.write_text("half a sess")
    then = time.time() - age
    os.utime(path, (then, then))
    return path.name


def test_no_lock_file_stays_after_a_walk_a_lock_or_a_delete(kb, store, relapse_session):
    recorder = Recorder.start(store, kb, "Left before its first answer")
    assert dot_files(store) == [f".{recorder.session.id}.lock"]
    recorder.close()
    assert list(store.folder.iterdir()) == []  # no session file, no lock file
    store.save(relapse_session)
    Recorder.resume(store, relapse_session).close()
    with store.lock(relapse_session):
        store.delete(relapse_session)
    assert list(store.folder.iterdir()) == []


def test_a_lock_file_removed_between_open_and_flock_is_not_trusted(store, relapse_session, monkeypatch):
    """The holder lets go (removing the file) just after a taker opened it: the taker must lock the
    file now at the path, or two amltuis would both think they hold the session."""
    holder = store.hold(relapse_session)
    real_flock = fcntl.flock

    def holder_lets_go_first(handle, operation):
        holder.release()
        return real_flock(handle, operation)

    monkeypatch.setattr(fcntl, "flock", holder_lets_go_first)
    taker = store.hold(relapse_session)
    monkeypatch.undo()
    lock = store.folder / f".{relapse_session.id}.lock"
    assert os.path.samestat(os.fstat(taker._handle), os.stat(lock))
    with pytest.raises(SessionInUse):
        SessionStore(store.folder).hold(relapse_session)
    taker.release()


def test_tidy_removes_unheld_locks_and_old_temporary_files_only(store, relapse_session):
    store.save(relapse_session)
    other = relapse_session.copied("Other")
    store.save(other)
    (store.folder / f".{relapse_session.id}.lock").touch()  # left by a killed amltui
    old = orphan(store, relapse_session, age=ORPHAN_AGE_SECONDS + 5)
    young = orphan(store, other, age=1)  # may be a save still being written
    untouchable = {
        "README.md": "notes",
        ".notes.tmp": "not a save's",
        f".{relapse_session.id}.toml": "not a temporary file",
    }
    for name, text in untouchable.items():
        (store.folder / name).write_text(text)
    outside = store.folder.parent / "elsewhere.txt"
    outside.write_text("keep")
    link = store.folder / f".{other.id}.toml.l1nk____.tmp"
    link.symlink_to(outside)
    os.utime(link, (0, 0), follow_symlinks=False)
    store.tidy()
    assert dot_files(store) == sorted([".notes.tmp", f".{relapse_session.id}.toml", young, link.name])
    assert old not in dot_files(store)
    assert all((store.folder / name).read_text() == text for name, text in untouchable.items())
    assert outside.read_text() == "keep"
    assert store.load(store.path_for(relapse_session)) == relapse_session


@needs_fork
def test_tidy_leaves_what_a_live_amltui_holds_in_another_process(store, relapse_session):
    store.save(relapse_session)
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: a live amltui recording the session
        try:
            SessionStore(store.folder).hold(relapse_session)
            os.write(ready_w, b"x")
            time.sleep(60)
        finally:
            os._exit(0)
    try:
        assert os.read(ready_r, 1) == b"x"
        old = orphan(store, relapse_session, age=ORPHAN_AGE_SECONDS + 5)
        store.tidy()
        assert dot_files(store) == sorted([f".{relapse_session.id}.lock", old])
        with pytest.raises(SessionInUse):
            store.hold(relapse_session)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    store.tidy()  # the holder died (the kernel dropped its lock): now they are leftovers
    assert dot_files(store) == []
    assert store.load(store.path_for(relapse_session)) == relapse_session


def test_missing_parent_folders_are_private_whatever_the_umask(tmp_path, relapse_session):
    folder = tmp_path / "a" / "b" / "sessions"
    previous = os.umask(0)
    try:
        SessionStore(folder).save(relapse_session)
    finally:
        os.umask(previous)
    for made in (tmp_path / "a", tmp_path / "a" / "b", folder):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made


def test_an_existing_parent_keeps_its_mode(tmp_path, relapse_session):
    parent = tmp_path / "shared"
    parent.mkdir(mode=0o755)
    os.chmod(parent, 0o755)
    make_private_folders(parent / "sessions")
    assert stat.S_IMODE(parent.stat().st_mode) == 0o755
    assert stat.S_IMODE((parent / "sessions").stat().st_mode) == 0o700


def test_a_copy_elsewhere_is_private_and_never_written_over_a_file(tmp_path, relapse_session):
    into_folder = save_elsewhere(relapse_session, tmp_path)
    assert into_folder == tmp_path / f"{relapse_session.id}.toml"
    assert stat.S_IMODE(into_folder.stat().st_mode) == 0o600
    before = into_folder.read_bytes()
    with pytest.raises(FileExistsError):
        save_elsewhere(relapse_session.renamed("later"), into_folder)
    assert into_folder.read_bytes() == before
    assert SessionStore(tmp_path).load(into_folder) == relapse_session

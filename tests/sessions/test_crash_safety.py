"""A process saving in a loop is killed with SIGKILL at chosen moments of a save; the file on disk
is always one complete version, the one the last finished rename put there.

The moments are chosen by a seeded generator, not by a timer, so the test does the same on a fast
disk and a slow one: the child kills itself right after one of the steps a save takes (the
temporary file made, half the text written, the rest written and synced, permissions set, the
rename, the folder synced). What is on disk changes only at those steps, so together they cover
every state a crash can leave.
"""

from __future__ import annotations

import os
import random
import signal
import tempfile
from typing import Any

import pytest

from amltui.sessions import Session, SessionStore

KILLS = 120
#: Up to this many steps of saving before each kill: six make one save, so a kill lands in the
#: first, second or third save of its child, and every step of a save is hit many times.
MOMENTS = 14


class _HalfWayKill:
    """The temporary file's stream, which stops (a moment) halfway through writing the text."""

    def __init__(self, stream: Any, moment: Any) -> None:
        self.stream = stream
        self.moment = moment

    def __enter__(self) -> _HalfWayKill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.__exit__(*exc)

    def write(self, text: str) -> int:
        half = len(text) // 2
        self.stream.write(text[:half])
        self.stream.flush()
        self.moment()
        return half + self.stream.write(text[half:])

    def flush(self) -> None:
        self.stream.flush()

    def fileno(self) -> int:
        return int(self.stream.fileno())


def _save_until_killed(store: SessionStore, path, kill_at: int, renames: int) -> None:
    """The child: count each step of saving and SIGKILL itself at step `kill_at`; report each
    finished rename on the pipe `renames` (what the parent then expects on disk)."""
    steps = 0

    def moment() -> None:
        nonlocal steps
        steps += 1
        if steps == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def after(function, then=None):
        def wrapped(*args, **kwargs):
            result = function(*args, **kwargs)
            if then is not None:
                then()
            moment()
            return result

        return wrapped

    real_fdopen = os.fdopen
    tempfile.mkstemp = after(tempfile.mkstemp)
    os.fdopen = lambda *args, **kwargs: _HalfWayKill(real_fdopen(*args, **kwargs), moment)
    # A killed process loses nothing the kernel holds, so syncing to the device (slow, and what
    # depends on the disk) is not what this test is about: the moment is kept, the sync is not.
    os.fsync = after(lambda fd: None)
    os.chmod = after(os.chmod)
    os.replace = after(os.replace, then=lambda: os.write(renames, b"r"))
    session = store.load(path)
    while True:
        n = len(session.steps) + 1
        session = session.with_step(f"q{n}", ("a",), ("o",) * (n % 7)).renamed(f"version {n}")
        store.save(session)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_during_saves_never_leaves_a_partial_file(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    base = Session.new("version 0", "1", "d" * 64)
    store.save(base)
    path = store.path_for(base)
    rng = random.Random(20261121)
    seen_versions = set()
    on_disk = 0
    for _ in range(KILLS):
        kill_at = rng.randint(1, MOMENTS)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: save ever longer versions until it kills itself
            try:
                os.close(read_end)
                _save_until_killed(store, path, kill_at, write_end)
            finally:
                os._exit(1)  # only if it never reached its moment (or failed): the parent sees it
        os.close(write_end)
        _, status = os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as pipe:
            renamed = len(pipe.read())
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"child ended with {status:#x}"
        on_disk += renamed
        session = store.load(path)  # raises if the file is partial
        assert len(session.steps) == on_disk, "the version of the last finished rename, no older, no newer"
        assert session.title == f"version {on_disk}"
        assert [s.number for s in session.steps] == list(range(1, on_disk + 1))
        seen_versions.add(on_disk)
    leftovers = [p.name for p in store.folder.iterdir() if p.name != path.name and not p.name.endswith(".lock")]
    # A temporary file survives a kill between its creation and the rename; it is never the
    # session file itself and never read as one.
    assert leftovers, "some kills landed before a rename"
    assert all(name.startswith(f".{path.name}.") and name.endswith(".tmp") for name in leftovers)
    assert len(seen_versions) > 20, "the kills should land at many different moments"

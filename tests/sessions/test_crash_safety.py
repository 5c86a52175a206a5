"""A process saving in a loop is killed with SIGKILL at random moments; the file on disk is always
one complete version."""

from __future__ import annotations

import os
import random
import signal
import sys
import time

import pytest

from amltui.sessions import Session, SessionStore

KILLS = 200


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_during_saves_never_leaves_a_partial_file(tmp_path):
    store = SessionStore(tmp_path / "sessions")
    base = Session.new("version 0", "1", "d" * 64)
    store.save(base)
    path = store.path_for(base)
    rng = random.Random(20261121)
    seen_versions = set()
    for kill in range(KILLS):
        pid = os.fork()
        if pid == 0:  # child: save ever longer versions until killed
            try:
                session = store.load(path)
                while True:
                    n = len(session.steps) + 1
                    session = session.with_step(f"q{n}", ("a",), ("o",) * (n % 7)).renamed(f"version {n}")
                    store.save(session)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        session = store.load(path)  # raises if the file is partial
        assert session.title == f"version {len(session.steps)}"
        assert [s.number for s in session.steps] == list(range(1, len(session.steps) + 1))
        seen_versions.add(len(session.steps))
    leftovers = [p.name for p in store.folder.iterdir() if p.name != path.name and not p.name.endswith(".lock")]
    # A temporary file may survive a kill between its creation and the rename; it is never the
    # session file itself and never read as one.
    assert all(name.startswith(f".{path.name}.") and name.endswith(".tmp") for name in leftovers)
    assert len(seen_versions) > 20, "the kills should land at many different moments"
    print(f"{KILLS} kills, {len(seen_versions)} distinct versions on disk", file=sys.stderr)

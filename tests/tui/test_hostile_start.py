"""The start screen and the sessions browser over a folder holding the whole hostile session
corpus (tests/hostile): both appear, nothing hangs, bad files are listed with their problem, no
control character reaches the screen, and no file is touched."""

from __future__ import annotations

import os
import shutil

from amltui.sessions import SessionStore
from amltui.tui.app import AmlApp
from amltui.tui.screens.sessions import SessionsScreen
from amltui.tui.widgets.session_table import SessionTable
from tests.hostile import corpus
from tests.tui.conftest import TODAY, flat, screen_text


def hostile_folder(tmp_path):
    folder = tmp_path / "sessions"
    folder.mkdir()
    for name in corpus.SESSIONS_REFUSED + corpus.SESSIONS_LOADED:
        shutil.copy(corpus.HERE / "sessions" / name, folder / name)
    os.mkfifo(folder / "fifo.toml")
    (folder / "dev-zero.toml").symlink_to("/dev/zero")
    (folder / "loop.toml").symlink_to("loop.toml")
    (folder / "folder.toml").mkdir()
    corpus._big(folder / "big.toml", b'format = 1\nid = "big"\n# ')
    good = folder / "good.toml"
    shutil.copy(corpus.HERE / "sessions" / "good.toml", good)
    os.utime(good, (2_000_000_000, 2_000_000_000))  # the newest file: the one to offer
    return folder


async def test_the_start_screen_and_the_browser_hold_on_the_hostile_corpus(kb, tmp_path):
    folder = hostile_folder(tmp_path)
    watched = sorted(folder.iterdir())
    before = corpus.fingerprint(watched)
    store = SessionStore(folder)
    with corpus.deadline(60, "the start screen over the hostile corpus"):
        async with AmlApp(kb, today=TODAY, store=store).run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            text = flat(screen_text(pilot))
            assert "Resume “The good one”" in text
            assert not corpus.UNSEEN.search(screen_text(pilot))
            pilot.app.push_screen(SessionsScreen(store))
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            table = pilot.app.screen.query_one(SessionTable)
            cells = [" ".join(cell.plain for cell in table.get_row_at(i)) for i in range(table.row_count)]
            assert table.row_count == len(watched)
            assert not any(corpus.UNSEEN.search(cell) for cell in cells)
            assert not corpus.UNSEEN.search(screen_text(pilot))
            for name in ("fifo.toml", "dev-zero.toml", "loop.toml", "big.toml", "huge-integer.toml", "year-1.toml"):
                assert any(name in cell for cell in cells), name
    assert corpus.fingerprint(watched) == before

"""The sessions browser: listing (damaged files included), filter, open, compare, rename,
duplicate, delete, refusals while another amltui holds a session, and hostile titles.

Each test has its own sessions folder under tmp_path, and the local time zone is UTC so the
dates on screen are fixed. Behaviour is tested in a small host app that only records what the
browser asks for (OpenSession); the snapshot uses the real app.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from attrs import evolve
from textual import on
from textual.widgets import Input

import amltui.tui
from amltui.knowledge import KnowledgeBase
from amltui.sessions import Session, SessionStore
from amltui.sessions.store import load_file
from amltui.tui.app import AmlApp
from amltui.tui.messages import OpenSession
from amltui.tui.screens.confirm import Confirm
from amltui.tui.screens.sessions import SessionsScreen
from amltui.tui.screens.start import NO_IDENTIFIERS
from amltui.tui.screens.title_prompt import TitlePrompt
from amltui.tui.state import AppState
from amltui.tui.widgets.session_table import SessionTable
from tests.sessions.fixtures import record
from tests.tui.conftest import TODAY, flat, screen_text, until

HOSTILE = "[TODO] [/b] [@click=app.quit]x [unclosed \x1b[31mred"


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 5, tzinfo=dt.UTC)


def folder_of_sessions(kb: KnowledgeBase, folder: Path) -> SessionStore:
    """Six files: four readable with today's knowledge base (one finished, one with a hostile title),
    one recorded with another version, one with today's version but other content, and one damaged."""
    store = SessionStore(folder)
    case = Session.new("Teaching case 1: relapsed FLT3", kb.version, kb.digest)
    for question, answer in [("disease_status", "relapsed"), ("remission_length", "over_12_months")]:
        case = record(kb, case, question, answer)
    sessions = [
        evolve(case, id="aaaa00000001", created=at(18, 9), updated=at(21, 14)),
        evolve(case, id="bbbb00000002", title="Finished case", finished=True, created=at(18, 9), updated=at(20, 10)),
        evolve(case, id="cccc00000003", title="Older knowledge", knowledge_version="2025.3.1", knowledge_digest="0" * 64,
               created=at(17, 8), updated=at(19, 10)),
        evolve(case, id="dddd00000004", title="Edited since", knowledge_digest="1" * 64, created=at(16, 8), updated=at(18, 10)),
        evolve(case, id="eeee00000005", title=HOSTILE, steps=(), created=at(15, 8), updated=at(17, 10)),
    ]
    for session in sessions:
        store.save(session)
    (folder / "broken.toml").write_text("title = = 'half a file", encoding="utf-8")
    return store


@pytest.fixture
def store(kb, tmp_path) -> SessionStore:
    return folder_of_sessions(kb, tmp_path / "sessions")


class Host(AppState):
    """Just enough app for the browser: the app's state (knowledge base, store, today), the
    stylesheet, and a record of what the browser asked to open, instead of opening it."""

    CSS_PATH = str(Path(amltui.tui.__file__).parent / "amltui.tcss")

    def __init__(self, kb: KnowledgeBase, store: SessionStore) -> None:
        super().__init__(kb, today=TODAY, store=store)
        self.opened: list[OpenSession] = []
        self.notes: list[str] = []

    def notify(self, message, *, title="", severity="information", timeout=None, markup=True) -> None:
        assert markup is False, "notifications may quote titles and file names: never markup"
        self.notes.append(f"{title}: {message}")
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def get_default_screen(self) -> SessionsScreen:
        return SessionsScreen(self.store)

    @on(OpenSession)
    def _opened(self, event: OpenSession) -> None:
        self.opened.append(event)


async def settle(pilot) -> None:
    """Let the browser read the folder (in a thread) and show it."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def keys(pilot, *pressed: str) -> None:
    await pilot.press(*pressed)
    await settle(pilot)


def browser(pilot) -> SessionsScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SessionsScreen)
    return screen


def rows(pilot) -> list[str]:
    table = pilot.app.screen.query_one(SessionTable)
    return [" | ".join(cell.plain for cell in table.get_row_at(index)) for index in range(table.row_count)]


def dialog_text(pilot) -> str:
    """The screen text with dialog frames removed and whitespace folded, for phrases that wrap."""
    return flat(screen_text(pilot).replace("│", " "))


def noted(pilot) -> str:
    return "\n".join(pilot.app.notes)


def highlighted(pilot) -> str:
    item = browser(pilot).current()
    assert item is not None
    return item.path.name


async def go_to(pilot, name: str) -> None:
    """Move the cursor to a file with the keyboard (Home, then down)."""
    names = [item.path.name for item in browser(pilot).shown]
    assert name in names, f"{name} not in the list"
    await keys(pilot, "home", *["down"] * names.index(name))
    assert highlighted(pilot) == name


async def test_lists_every_file_newest_first_with_its_knowledge_and_state(kb, store):
    async with Host(kb, store).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert rows(pilot) == [
            "Teaching case 1: rela… | 2026-11-18 | 2026-11-21 14:05 | 2 | open | same",
            "Finished case | 2026-11-18 | 2026-11-20 10:05 | 2 | done | same",
            "Older knowledge | 2026-11-17 | 2026-11-19 10:05 | 2 | open | 2025.3.1",
            "Edited since | 2026-11-16 | 2026-11-18 10:05 | 2 | open | changed",
            "[TODO] [/b] [@click=a… | 2026-11-15 | 2026-11-17 10:05 | 0 | open | same",
            "⚠ broken.toml: damage… | — | — | — | — | —",
        ]
        text = screen_text(pilot)
        assert "6 of 6" in text
        assert "Knowledge: same = today's · changed = edited since · else the version used" in text
        assert "Teaching case 1: relapsed FLT3" in text  # the whole title, under the table
        assert "aaaa00000001 · explore · 2 steps · not finished: Enter continues it" in text
        await go_to(pilot, "cccc00000003.toml")
        assert f"recorded with 2025.3.1; today's is {kb.version}" in screen_text(pilot)
        await go_to(pilot, "dddd00000004.toml")
        assert f"version {kb.version} as today, but its content has changed since" in screen_text(pilot)
        await go_to(pilot, "broken.toml")
        text = screen_text(pilot)
        assert "⚠ Cannot be read: broken.toml" in text
        assert "damaged: not valid TOML" in text
        assert "It is left exactly as it is" in text


async def test_the_columns_fit_80_columns_and_the_title_widens_with_the_terminal(kb, store):
    async with Host(kb, store).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for line in screen_text(pilot).splitlines():
            assert len(line) <= 80
        assert "Knowledge" in screen_text(pilot).splitlines()[2]
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert rows(pilot)[0].startswith("Teaching case 1: relapsed FLT3 |")
        assert highlighted(pilot) == "aaaa00000001.toml"


async def test_an_empty_or_missing_folder_says_so(kb, tmp_path):
    async with Host(kb, SessionStore(tmp_path / "none")).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = flat(screen_text(pilot))
        assert "0 of 0" in text
        assert "No saved sessions in" in text
        await keys(pilot, "enter", "r", "c", "e", "d", "x")
        assert isinstance(pilot.app.screen, SessionsScreen)
        assert pilot.app.opened == []
        assert not (tmp_path / "none").exists()


async def test_filter_matches_title_and_id_without_case(kb, store):
    async with Host(kb, store).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, "slash", *"CASE")
        assert [row.split(" | ")[0] for row in rows(pilot)] == ["Teaching case 1: rela…", "Finished case"]
        assert "2 of 6" in screen_text(pilot)
        await keys(pilot, "ctrl+u", *"cccc0")
        assert [row.split(" | ")[0] for row in rows(pilot)] == ["Older knowledge"]
        await keys(pilot, "ctrl+u", *"broken")
        assert highlighted(pilot) == "broken.toml"
        await keys(pilot, "ctrl+u", *"no such")
        text = screen_text(pilot)
        assert "0 of 6" in text
        assert "No session matches “no such”. Esc clears the filter." in text
        await keys(pilot, "escape")  # clears the filter and goes back to the list
        assert "6 of 6" in screen_text(pilot)
        assert pilot.app.screen.query_one(SessionTable).has_focus
        await keys(pilot, "slash", *"edited", "enter")  # Enter: to the list, filter kept
        assert pilot.app.screen.query_one(SessionTable).has_focus
        assert highlighted(pilot) == "dddd00000004.toml"
        await keys(pilot, "escape")  # the filter first
        assert pilot.app.screen.query_one("#sessions-filter", Input).value == ""
        assert highlighted(pilot) == "dddd00000004.toml"  # the cursor stays on the same session


async def test_escape_closes_the_browser(kb, store, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        start = app.screen
        app.push_screen(SessionsScreen(store))
        await settle(pilot)
        await keys(pilot, "escape")
        assert app.screen is start


async def test_enter_continues_an_unfinished_session_and_replays_a_finished_one(kb, store):
    async with Host(kb, store).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        await go_to(pilot, "bbbb00000002.toml")
        await keys(pilot, "enter")
        await go_to(pilot, "cccc00000003.toml")
        await keys(pilot, "r")
        opened = [(event.action, event.session.id, event.other) for event in pilot.app.opened]
        assert opened == [("resume", "aaaa00000001", None), ("replay", "bbbb00000002", None), ("replay", "cccc00000003", None)]
        assert pilot.app.opened[0].session == load_file(store.folder / "aaaa00000001.toml")


async def test_opening_is_also_recorded_by_a_message_hook_in_the_real_app(kb, store, make_app):
    messages = []
    app = make_app()
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        app.push_screen(SessionsScreen(store))
        await settle(pilot)
        await go_to(pilot, "bbbb00000002.toml")
        await keys(pilot, "r")
    assert [(m.action, m.session.id) for m in messages if isinstance(m, OpenSession)] == [("replay", "bbbb00000002")]


async def test_compare_marks_one_then_compares_with_another(kb, store):
    async with Host(kb, store).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys(pilot, "c")
        assert rows(pilot)[0].startswith("◆ Teaching case")
        assert "◆ Compare Teaching case 1: relapsed FLT3 with the highlighted session" in screen_text(pilot)
        await keys(pilot, "c")  # c again on the same one: unmarked
        assert not rows(pilot)[0].startswith("◆")
        await keys(pilot, "c", "down", "down", "c")
        await keys(pilot, "down", "c", "escape")  # Escape drops the mark
        await keys(pilot, "c", "down", "enter")  # Enter compares too
        compared = [(event.action, event.session.id, event.other.id) for event in pilot.app.opened if event.other]
        assert compared == [("compare", "aaaa00000001", "cccc00000003"), ("compare", "dddd00000004", "eeee00000005")]
        assert all(event.action == "compare" for event in pilot.app.opened)
        assert "◆" not in screen_text(pilot)


async def test_a_damaged_file_is_not_opened_renamed_copied_or_deleted(kb, store):
    damaged = store.folder / "broken.toml"
    before = damaged.read_bytes()
    async with Host(kb, store).run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await go_to(pilot, "broken.toml")
        for key in ("enter", "r", "c", "e", "f2", "d", "x", "delete"):
            await keys(pilot, key)
            assert isinstance(pilot.app.screen, SessionsScreen), key
        assert "broken.toml cannot be opened: damaged: not valid TOML" in noted(pilot)
        assert pilot.app.opened == []
    assert damaged.read_bytes() == before
    assert sorted(p.name for p in store.folder.glob("*.toml")) == [
        "aaaa00000001.toml", "bbbb00000002.toml", "broken.toml", "cccc00000003.toml", "dddd00000004.toml", "eeee00000005.toml",
    ]


async def test_rename_saves_the_trimmed_title_and_reminds_of_identifiers(kb, store):
    path = store.folder / "bbbb00000002.toml"
    old = load_file(path)
    async with Host(kb, store).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, "bbbb00000002.toml")
        await keys(pilot, "e")
        assert isinstance(pilot.app.screen, TitlePrompt)
        assert pilot.app.screen.query_one(Input).value == "Finished case"
        text = dialog_text(pilot)
        assert "Rename session" in text
        assert flat(NO_IDENTIFIERS) in text
        pilot.app.screen.query_one(Input).value = "  Case [B]\tsecond\n look\x1b  "  # as if pasted
        await keys(pilot, "enter")
        assert isinstance(pilot.app.screen, SessionsScreen)
        saved = load_file(path)
        assert saved.title == "Case [B] second look"
        assert saved.steps == old.steps and saved.finished and saved.id == old.id
        assert saved.updated > old.updated
        assert highlighted(pilot) == path.name  # renamed: now the newest, the cursor went with it
        assert rows(pilot)[0].startswith("Case [B] second look |")
        await keys(pilot, "f2", "escape")  # F2 renames too; Escape changes nothing
        assert load_file(path) == saved


async def test_duplicate_saves_a_new_file_with_a_new_id_and_leaves_the_original(kb, store):
    original = store.folder / "cccc00000003.toml"
    before = original.read_bytes()
    async with Host(kb, store).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, original.name)
        await keys(pilot, "d")
        assert isinstance(pilot.app.screen, TitlePrompt)
        assert pilot.app.screen.query_one(Input).value == "Older knowledge (copy)"
        assert flat(NO_IDENTIFIERS) in dialog_text(pilot)
        await keys(pilot, "enter")
        files = sorted(store.folder.glob("*.toml"))
        assert len(files) == 7
        copy_path = next(p for p in files if p.name[:4] not in ("aaaa", "bbbb", "cccc", "dddd", "eeee", "brok"))
        copy = load_file(copy_path)
        source = load_file(original)
        assert copy.id != source.id and copy_path.name == copy.id + ".toml"
        assert copy.title == "Older knowledge (copy)"
        assert copy.steps == source.steps and copy.knowledge_version == "2025.3.1"
        assert highlighted(pilot) == copy_path.name
        assert "7 of 7" in screen_text(pilot)
        await keys(pilot, "d", "escape")  # Escape: no copy
        assert len(list(store.folder.glob("*.toml"))) == 7
    assert original.read_bytes() == before


async def test_delete_asks_first_and_escape_or_enter_keeps(kb, store):
    path = store.folder / "dddd00000004.toml"
    async with Host(kb, store).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, path.name)
        await keys(pilot, "x")
        assert isinstance(pilot.app.screen, Confirm)
        text = dialog_text(pilot)
        assert "Delete “Edited since”?" in text
        assert "cannot be undone" in text
        assert pilot.app.screen.focused.id == "confirm-no"
        await keys(pilot, "escape")
        assert path.exists()
        await keys(pilot, "delete", "enter")  # Enter on the focused (safe) button
        assert path.exists()
        assert isinstance(pilot.app.screen, SessionsScreen)


async def test_delete_confirmed_removes_the_file_and_the_cursor_moves_to_the_next(kb, store):
    path = store.folder / "dddd00000004.toml"
    async with Host(kb, store).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, path.name)
        await keys(pilot, "x", "right", "enter")
        assert not path.exists()
        assert "5 of 5" in screen_text(pilot)
        assert highlighted(pilot) == "eeee00000005.toml"
        assert all("Edited since" not in row for row in rows(pilot))
        await keys(pilot, "x", "tab", "enter")  # Tab reaches Delete too
        assert not (store.folder / "eeee00000005.toml").exists()
        assert highlighted(pilot) == "broken.toml"  # the last row left
        assert (store.folder / "broken.toml").exists()


async def test_rename_and_delete_are_refused_while_another_amltui_holds_the_session(kb, store):
    path = store.folder / "aaaa00000001.toml"
    before = path.read_bytes()
    held = store.hold(load_file(path))
    try:
        async with Host(kb, store).run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            await keys(pilot, "e")
            assert isinstance(pilot.app.screen, SessionsScreen), "no prompt for a session that cannot be renamed"
            assert "Another amltui is recording this session, so it cannot be renamed now" in noted(pilot)
            await keys(pilot, "x")
            assert isinstance(pilot.app.screen, SessionsScreen), "no question for a session that cannot be deleted"
            assert "so it cannot be deleted now" in noted(pilot)
            await keys(pilot, "d", "enter")  # a copy is a new file: allowed
            assert len(list(store.folder.glob("*.toml"))) == 7
        assert path.read_bytes() == before
    finally:
        held.release()


async def test_a_session_taken_while_the_prompt_is_open_is_left_unchanged(kb, store):
    path = store.folder / "aaaa00000001.toml"
    before = path.read_bytes()
    async with Host(kb, store).run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await keys(pilot, "e", *" again")
        held = store.hold(load_file(path))  # another amltui starts recording it meanwhile
        try:
            await keys(pilot, "enter")
            assert "cannot be renamed now. Nothing was changed." in noted(pilot)
            await keys(pilot, "x", "right")
            await keys(pilot, "enter")
            assert "cannot be deleted now" in noted(pilot)
        finally:
            held.release()
        assert path.read_bytes() == before
        assert rows(pilot)[0].startswith("Teaching case 1")


async def test_a_file_whose_name_is_not_its_id_is_not_changed(kb, store):
    """The store writes and deletes <id>.toml; renaming a copy called something else would write a
    second file and deleting it would remove nothing, so neither is offered."""
    stray = store.folder / "renamed-by-hand.toml"
    stray.write_bytes((store.folder / "bbbb00000002.toml").read_bytes())
    async with Host(kb, store).run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await keys(pilot, "slash", *"renamed", "enter")
        assert highlighted(pilot) == stray.name
        await keys(pilot, "e")
        assert isinstance(pilot.app.screen, SessionsScreen)
        await keys(pilot, "x")
        assert isinstance(pilot.app.screen, SessionsScreen)
        assert "only a file named bbbb00000002.toml can be renamed from here" in noted(pilot)
        assert "only a file named bbbb00000002.toml can be deleted from here" in noted(pilot)
    assert stray.exists() and (store.folder / "bbbb00000002.toml").exists()


async def test_hostile_titles_show_literally_and_safely(kb, store):
    async with Host(kb, store).run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await go_to(pilot, "eeee00000005.toml")
        text = screen_text(pilot)
        shown = "[TODO] [/b] [@click=app.quit]x [unclosed \\x1b[31mred"  # the escape as a visible \x1b
        assert shown in text  # the row and the whole title under the table
        assert "\x1b" not in "".join(rows(pilot)) and "\x1b" not in text
        await pilot.click(SessionTable, offset=(20, 5))  # on [@click=app.quit] (a click opens the row)
        await settle(pilot)
        assert pilot.app.is_running
        await keys(pilot, "x")
        assert f"Delete “{shown}”?" in dialog_text(pilot)
        await keys(pilot, "escape", "e")
        assert pilot.app.screen.query_one(Input).value == "[TODO] [/b] [@click=app.quit]x [unclosed [31mred"
        await keys(pilot, "escape", "slash", *"[/b", "enter")
        assert "1 of 6" in screen_text(pilot)
        assert pilot.app.is_running


async def test_the_cursor_survives_a_reload(kb, store):
    async with Host(kb, store).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, "cccc00000003.toml")
        later = evolve(load_file(store.folder / "eeee00000005.toml"), updated=at(22, 9))
        store.save(later)  # another amltui saved: that session is now the newest
        browser(pilot).reload()
        await settle(pilot)
        assert rows(pilot)[0].startswith("[TODO]")
        assert highlighted(pilot) == "cccc00000003.toml"


async def settled_browser(pilot) -> None:
    pilot.app.push_screen(SessionsScreen(pilot.app.snapshot_store))
    await settle(pilot)


def test_snapshot_browser_80x24(snap_compare, kb, tmp_path):
    app = AmlApp(kb, today=TODAY)
    app.snapshot_store = folder_of_sessions(kb, tmp_path / "sessions")  # type: ignore[attr-defined]
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled_browser)


def test_snapshot_browser_compare_mark_on_a_damaged_file_80x24(snap_compare, kb, tmp_path):
    app = AmlApp(kb, today=TODAY)
    app.snapshot_store = folder_of_sessions(kb, tmp_path / "sessions")  # type: ignore[attr-defined]
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled_browser, press=["c", "end"])


def many_sessions(kb: KnowledgeBase, folder: Path, count: int) -> list[str]:
    """`count` sessions, one an hour, titled by their number ("Case 7, even"), written as the
    program writes them but without syncing each; their file names, newest first."""
    from amltui.sessions.codec import dumps

    folder.mkdir(parents=True)
    case = Session.new("", kb.version, kb.digest)
    names = []
    for number in range(count):
        moment = at(1, 0) + dt.timedelta(hours=number)
        session = evolve(case, id=f"many{number:08d}", title=f"Case {number}, {'even' if number % 2 == 0 else 'odd'}",
                         created=moment, updated=moment)
        (folder / f"{session.id}.toml").write_text(dumps(session), encoding="utf-8")
        (folder / f"{session.id}.toml").chmod(0o600)
        names.append(f"{session.id}.toml")
    return names[::-1]


def row_names(pilot) -> list[str]:
    table = pilot.app.screen.query_one(SessionTable)
    return [str(table.coordinate_to_cell_key((index, 0)).row_key.value) for index in range(table.row_count)]


async def test_a_large_folder_shows_its_first_rows_first_then_every_row_and_the_filter_works_on_them(
    kb, tmp_path, monkeypatch
):
    """Hundreds of sessions: the newest screenful are rows at once, the rest arrive in batches
    (newest first throughout, none twice), and a filter typed while they arrive, or after, shows
    exactly the matching sessions, from every batch."""
    from amltui.tui.widgets import session_table
    from amltui.tui.widgets.session_table import BATCH, FIRST_ROWS

    count = FIRST_ROWS + 2 * BATCH + 7
    names = many_sessions(kb, tmp_path / "sessions", count)
    batches: list[int] = []  # the table's rows after each addition
    add_rows = session_table.SessionTable._add_rows

    typed: list[str] = []  # a filter to type the moment the first rows are in, before the others

    def counted(table: SessionTable, rows: int) -> None:
        add_rows(table, rows)
        batches.append(table.row_count)
        if typed and table.row_count == FIRST_ROWS:
            table.screen.query_one("#sessions-filter", Input).value = typed.pop()

    monkeypatch.setattr(session_table.SessionTable, "_add_rows", counted)
    async with Host(kb, SessionStore(tmp_path / "sessions")).run_test(size=(80, 24)) as pilot:
        table = pilot.app.screen.query_one(SessionTable)
        await until(pilot, lambda: table.row_count == count and table.filled, "every row")
        assert batches == [FIRST_ROWS, FIRST_ROWS + BATCH, FIRST_ROWS + 2 * BATCH, count]
        assert row_names(pilot) == names
        assert f"{count} of {count}" in screen_text(pilot)
        await keys(pilot, "end")
        assert highlighted(pilot) == names[-1]

        await keys(pilot, "home")  # (the cursor's row is one of the first rows: the end would be all)
        batches.clear()
        typed.append("ODD")
        browser(pilot).reload()  # read again; when its first rows are in, a filter is typed
        odd = [name for name in names if int(name[4:12]) % 2]
        await until(pilot, lambda: table.filled and row_names(pilot) == odd, "only the odd cases, all of them")
        assert batches[0] == FIRST_ROWS and not typed, "the filter came while the rows were arriving"
        assert f"{len(odd)} of {count}" in screen_text(pilot)
        await pilot.press("slash", "ctrl+u", *"case 1")
        ones = [name for name in names if str(int(name[4:12])).startswith("1")]
        await until(pilot, lambda: table.filled and row_names(pilot) == ones, "cases 1, 10-19, 100-199...")
        await keys(pilot, "escape")
        await until(pilot, lambda: table.filled and row_names(pilot) == names, "every row again")

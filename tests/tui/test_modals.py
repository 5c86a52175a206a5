"""The two small dialogs: TitlePrompt (a session title) and Confirm (yes or no)."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from amltui.tui.screens.confirm import Confirm
from amltui.tui.screens.start import NO_IDENTIFIERS
from amltui.tui.screens.title_prompt import EMPTY, MAX_TITLE, OVERRIDE, TitlePrompt, clean_title
from tests.tui.conftest import flat, screen_text, until

NASTY = "[TODO] [/b] [@click=app.quit]x [unclosed"


def dialog_text(pilot) -> str:
    return flat(screen_text(pilot).replace("│", " "))


async def ask(pilot, screen, answers: list | None = None) -> list:
    """Open a dialog; its answer is appended to `answers` (a new list if not given), returned."""
    answers = [] if answers is None else answers
    await pilot.pause()
    pilot.app.push_screen(screen, answers.append)
    await pilot.pause()
    return answers


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("  Teaching case  ", "Teaching case"),
        ("two\tparts\nand  lines", "two parts and lines"),
        ("red \x1b[31mtext\x1b[0m", "red [31mtext[0m"),  # the escape character goes, the rest is text
        ("bell\x07 and null\x00 and C1\x9b", "bell and null and C1"),
        ("right\u202eto left", "rightto left"),
        (NASTY, NASTY),
        ("\x1b \t ", ""),
        ("x" * 300, "x" * MAX_TITLE),
    ],
)
def test_clean_title(typed, saved):
    assert clean_title(typed) == saved


async def test_title_prompt_saves_the_trimmed_title_and_shows_the_reminder(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        answers = await ask(pilot, TitlePrompt("Case 1", heading="Rename session"))
        assert app.screen.query_one(Input).value == "Case 1"
        assert app.screen.query_one(Input).has_focus
        text = dialog_text(pilot)
        assert "Rename session" in text
        assert "No patient identifiers." in text
        assert flat(NO_IDENTIFIERS) in text
        assert "Enter saves · Esc cancels" in text
        await pilot.press(*"Case 2  ", "enter")  # the default is selected: typing replaces it
        await pilot.pause()
        assert answers == ["Case 2"]
        assert not isinstance(app.screen, TitlePrompt)
        answers = await ask(pilot, TitlePrompt("Case 1"))
        await pilot.press("end", *" and more", "enter")  # a key that moves keeps it, to edit
        await pilot.pause()
        assert answers == ["Case 1 and more"]


async def test_a_title_that_looks_like_it_holds_an_identifier_is_saved_only_on_a_second_enter(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        answers = await ask(pilot, TitlePrompt("Walk"))
        await pilot.press(*"John Smith DOB 12/03/1951 MRN 00123456", "enter")
        await until(pilot, lambda: "patient identifier" in dialog_text(pilot), "the warning")
        text = dialog_text(pilot)
        assert "“DOB”, “12/03/1951” (a date), “MRN”, “00123456” (a long number)" in text
        assert flat(OVERRIDE) in text
        assert answers == [] and isinstance(app.screen, TitlePrompt)
        await pilot.press("backspace", "enter")  # edited: warned again, about the text now
        await until(pilot, lambda: "“0012345” (a long number)" in dialog_text(pilot), "the new warning")
        assert answers == []
        await pilot.press("enter")  # the same text again: the user's choice
        await until(pilot, lambda: answers, "the title saved")
        assert answers == ["John Smith DOB 12/03/1951 MRN 0012345"]


async def test_keys_typed_in_one_burst_apply_in_order(make_app):
    """Over a slow link keys arrive together: ctrl+u, text, Enter must not become text, clear, submit."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        answers = await ask(pilot, TitlePrompt("Walk of today"))
        burst = [("ctrl+u", None), *((c, c) for c in "Case"), ("backspace", None), ("left", None), ("X", "X"), ("enter", "\r")]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        assert answers == ["CaXs"]


async def test_title_prompt_refuses_an_empty_title_and_escape_cancels(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        answers = await ask(pilot, TitlePrompt())
        assert "Session title" in dialog_text(pilot)  # the default heading
        await pilot.press("space", "space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TitlePrompt)
        assert answers == []
        assert flat(EMPTY) in dialog_text(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert flat(EMPTY) not in dialog_text(pilot)  # typing clears the message
        await pilot.press("escape")
        await pilot.pause()
        assert answers == [None]
        assert not isinstance(app.screen, TitlePrompt)


async def test_title_prompt_shows_heading_and_title_literally(make_app):
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        answers = await ask(pilot, TitlePrompt(f"{NASTY} \x1b[2J", heading=f"Heading {NASTY}"))
        assert app.screen.query_one(Input).value == f"{NASTY} [2J"  # prefilled as it would be saved
        text = dialog_text(pilot)
        assert f"Heading {NASTY}" in text
        assert f"{NASTY} [2J" in text
        await pilot.press("enter")
        await pilot.pause()
        assert answers == [f"{NASTY} [2J"]
        assert app.is_running


async def test_confirm_focuses_the_safe_choice_and_escape_says_no(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        answers = await ask(pilot, Confirm(f"Delete “{NASTY}”?"))
        assert app.screen.focused.id == "confirm-no"
        text = dialog_text(pilot)
        assert f"Delete “{NASTY}”?" in text
        assert "Keep" in text and "Delete" in text
        await pilot.press("escape")
        await pilot.pause()
        await ask(pilot, Confirm("Delete it?"), answers)
        await pilot.press("enter")  # the focused button: Keep
        await pilot.pause()
        await ask(pilot, Confirm("Delete it?"), answers)
        await pilot.press("right", "enter")
        await pilot.pause()
        await ask(pilot, Confirm("Delete it?"), answers)
        await pilot.press("tab", "left", "enter")  # Tab to Delete, then back to Keep
        await pilot.pause()
        await ask(pilot, Confirm("Delete it?", yes="Remove", no="Leave"), answers)
        assert "Remove" in dialog_text(pilot) and "Esc: Leave" in dialog_text(pilot)
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert answers == [False, False, True, False, True]
        assert app.is_running


async def with_title_prompt(pilot) -> None:
    pilot.app.push_screen(TitlePrompt("Teaching case 1: relapsed FLT3", heading="Rename session"))
    await pilot.pause()
    pilot.app.screen.query_one(Input).cursor_blink = False
    await pilot.pause()


async def with_empty_title(pilot) -> None:
    await with_title_prompt(pilot)
    await pilot.press("ctrl+u", "enter")
    await pilot.pause()


async def with_confirm(pilot) -> None:
    pilot.app.push_screen(
        Confirm("Delete “Teaching case 1: relapsed FLT3”?\n2 steps, last updated 2026-11-21 14:05. "
                "The file is removed; this cannot be undone.")
    )
    await pilot.pause()


def test_snapshot_title_prompt_80x24(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=with_title_prompt)


def test_snapshot_title_prompt_refusing_an_empty_title_80x24(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=with_empty_title)


def test_snapshot_confirm_80x24(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=with_confirm)

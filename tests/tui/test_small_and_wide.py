"""Small terminals (60x20) and wide ones (120 columns): the start menu in view, whole footer keys,
modals centred, wrapped lines hanging under their text."""

from __future__ import annotations

import re

import pytest
from textual.content import Content
from textual.widgets._footer import FooterKey

from amltui.tui.screens.start import StartMenu
from amltui.tui.widgets.hanging import Hanging, marks_width
from amltui.tui.widgets.key_footer import KeyFooter, fitting
from tests.tui.conftest import resume, screen_text, until


async def test_at_60x20_the_start_menu_is_in_view_and_the_footer_keys_are_whole(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await until(pilot, lambda: app.screen.query(StartMenu) and app.screen.query_one(KeyFooter).children, "the start screen")
        text = screen_text(pilot)
        assert "▶ Begin a new walk through the questions" in text
        menu = app.screen.query_one(StartMenu)
        assert menu.region.bottom <= app.screen.query_one("#start-card").region.bottom  # not cut by the card
        await resume(pilot, disease_status="relapsed", remission_length="up_to_12_months", prior_transplant="none")
        footer = app.screen.query_one(KeyFooter)
        await until(pilot, lambda: footer.children and all(k.region.right <= 60 for k in footer.children), "the footer")
        shown = [key.description for key in footer.query(FooterKey)]
        assert "Help" in shown and "Palette" in shown
        assert sum(k.region.width for k in footer.query(FooterKey)) <= 60
        def whole() -> bool:  # every key shown is drawn whole (the footer may still be recomposing)
            line = screen_text(pilot).splitlines()[-1]
            return all(f"{k.key_display} {k.description}" in line for k in footer.query(FooterKey))

        await until(pilot, whole, "whole footer keys")


def test_the_footer_leaves_out_whole_keys_from_the_end_but_keeps_help_and_the_palette():
    keys = [FooterKey(k, k, d, a) for k, d, a in [("⏎", "Confirm", "confirm"), ("b", "Back", "back"), ("t", "Tree", "app.tree"), ("?", "Help", "app.help")]]
    palette = FooterKey("^p", "^p", "Palette", "app.command_palette", classes="-command-palette")
    assert fitting([*keys, palette], 80, compact=True) == [*keys, palette]
    assert [k.description for k in fitting([*keys, palette], 36, compact=True)] == ["Confirm", "Back", "Help", "Palette"]
    assert [k.description for k in fitting([*keys, palette], 20, compact=True)] == ["Help", "Palette"]


@pytest.mark.parametrize("keys", [["question_mark"], ["w"]], ids=["help", "what-if"])
async def test_modals_at_120_columns_are_centred(make_app, keys):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, *keys, disease_status="relapsed")
        dialog = app.screen.query_one("#help-dialog, #what-if-dialog")
        await until(pilot, lambda: dialog.region.width > 0, "the dialog")
        left, right = dialog.region.x, 120 - dialog.region.right
        assert dialog.region.width >= 100 and abs(left - right) <= 1


@pytest.mark.parametrize(
    ("line", "marks"),
    [
        ("▶ 3 ( ) In remission", 8), ("  + new: A", 4), ("• Disease status", 2), ("12. Region", 4),
        ("  [x] FLT3", 6), ("plain", 0), ("▶ ", 0), ("   6 steps · A case", 3),
    ],
)
def test_marks_before_the_text_of_a_line(line, marks):
    assert marks_width(line) == marks


async def test_wrapped_lines_hang_under_their_text(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await resume(pilot, disease_status="relapsed", remission_length="up_to_12_months", prior_transplant="none")
        await until(pilot, lambda: "None of the listed markers" in screen_text(pilot), "the markers question")
        await pilot.press(*["down"] * 5)  # the cursor on it, so the screen shows it whole
        await until(pilot, lambda: "▶ 6 [ ] None of the listed markers" in screen_text(pilot), "the cursor on answer 6")
        lines = screen_text(pilot).splitlines()
        row = next(i for i, line in enumerate(lines) if "6 [ ] None of the listed markers" in line)
        assert re.match(r" ▊ {9}\S", lines[row + 1]), lines[row + 1]  # under "None", past "▶ 6 [ ] "
    assert str(Hanging(Content("▶ a\nb"))) == "▶ a\nb"  # what tests read of a prompt


async def test_at_60x20_the_highlighted_answer_stays_on_screen(make_app):
    """Eleven marker answers below the prompt: moving the cursor to the last scrolls the question
    view with it (the list alone scrolling left the cursor under the disclaimer)."""
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await resume(pilot, disease_status="relapsed", remission_length="up_to_12_months", prior_transplant="none")
        await until(pilot, lambda: "None of the listed markers" in screen_text(pilot), "the markers question")
        question = app.walk.asking
        for number in range(2, len(question.answers) + 1):
            await pilot.press("down")
            cursor = re.compile(rf"▶ +{number} \[ \] {re.escape(question.answers[number - 1].label[:20])}")
            await until(pilot, lambda cursor=cursor: cursor.search(screen_text(pilot)), f"answer {number} highlighted on screen")


async def test_the_footer_shows_its_keys_while_the_app_is_not_focused(make_app):
    """A browser page that has not taken the keyboard yet (or a projected one that never does):
    Textual's footer stays empty until the app is focused; ours shows the keys."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.app_focus = False
        app.action_tree()  # a screen whose footer is first drawn while the app is not focused
        await until(pilot, lambda: type(app.screen).__name__ == "TreeScreen" and len(app.screen.query(FooterKey)) > 2,
                    "the tree's keys in its footer, unfocused")
        assert "? Help" in screen_text(pilot).splitlines()[-1]
        assert not app.app_focus


async def test_at_80x24_the_start_screen_shows_the_no_identifiers_reminder_and_every_choice(kb, tmp_path):
    """With a sessions folder the menu has five choices; under the two-line disclaimer all of the
    start card must still be in view at 80x24, the reminder above all."""
    from amltui.sessions import SessionStore
    from amltui.tui.app import AmlApp

    app = AmlApp(kb, store=SessionStore(tmp_path / "sessions"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "Join a room" in screen_text(pilot), "the start menu")
        text = screen_text(pilot)
        assert "No patient identifiers. Do not enter names" in text
        assert "Open a saved session" in text and "Relapsed or refractory AML: treatment options named by five public sources" in text


async def test_at_60x20_pgdn_and_pgup_scroll_the_text_the_start_menu_leaves_no_room_for(kb, tmp_path):
    """At 60x20 the no-identifiers reminder is below the fold; only a mouse could reach it before."""
    from textual.containers import VerticalScroll

    from amltui.sessions import SessionStore
    from amltui.tui.app import AmlApp

    app = AmlApp(kb, store=SessionStore(tmp_path / "sessions"))
    async with app.run_test(size=(60, 20)) as pilot:
        await until(pilot, lambda: "Join a room" in screen_text(pilot), "the start menu")
        assert "No patient identifiers" not in screen_text(pilot)
        card = app.screen.query_one("#start-card", VerticalScroll)
        await pilot.press("pagedown")
        await until(pilot, lambda: "No patient identifiers" in screen_text(pilot), "the reminder scrolled into view")
        assert isinstance(app.focused, StartMenu) and app.focused.highlighted == 0  # the menu kept its place
        await pilot.press("pageup")
        await until(pilot, lambda: card.scroll_y == 0, "back at the top")

"""In a browser the app starts without the focus (textual's web driver blurs it at once), so
Textual skips each screen's AUTO_FOCUS; when the page gives the focus, or a key comes first,
the screen's own widget has it (before, Down and Enter did nothing until Tab)."""

from __future__ import annotations

from textual import events

from amltui.tui.app import AmlApp
from amltui.tui.screens.start import StartMenu
from tests.tui.conftest import screen_text, until


def blurred_from_the_start(app: AmlApp) -> AmlApp:
    app.set_reactive(AmlApp.app_focus, False)  # as the web driver leaves it, before the first screen
    return app


async def test_the_start_menu_has_the_focus_and_its_key_in_the_footer_before_the_page_gives_it(make_app):
    app = blurred_from_the_start(make_app())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen.focused, StartMenu), "the start menu focused")
        assert not app.app_focus  # the page has not taken the keyboard: Textual's AUTO_FOCUS did nothing
        await until(pilot, lambda: "Choose" in screen_text(pilot).splitlines()[-1], "Enter in the footer")
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert isinstance(app.screen.focused, StartMenu)


async def test_a_screen_opened_while_the_page_lacks_the_keyboard_focuses_its_widget_too(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.app_focus = False
        app.action_tree()  # opened while the page does not have the keyboard
        await until(pilot, lambda: type(app.screen).__name__ == "TreeScreen" and app.screen.focused is not None,
                    "the tree focused, though Textual skipped its AUTO_FOCUS")
        assert not app.app_focus


async def test_a_first_key_moves_the_start_menu(make_app):
    app = blurred_from_the_start(make_app())
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("down")
        menu = app.screen.query_one(StartMenu)
        await until(pilot, lambda: app.screen.focused is menu and menu.highlighted == 1, "Down on the menu")

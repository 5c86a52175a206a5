"""A screen's focus where Textual leaves none: in a browser the app starts without the page's
keyboard, and Textual then skips each screen's AUTO_FOCUS, so a key found nothing to move and
the footer lacked the focused widget's keys. Every amltui screen settles it as it is shown
(`AmlScreen.on_screen_resume`), and the app again when the page gives it the keyboard."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


def settle_focus(screen: Screen[Any]) -> None:
    """Give the focus to the widget `screen` names in AUTO_FOCUS (or the app's), if none has it."""
    if screen.focused is not None:
        return
    selector = screen.AUTO_FOCUS if screen.AUTO_FOCUS is not None else screen.app.AUTO_FOCUS
    if not selector:
        return
    for widget in screen.query(selector):
        if widget.focusable:
            screen.set_focus(widget, scroll_visible=False)
            return

"""Textual's Footer, rebuilt at most once per screen refresh.

The footer is told of every binding change (each focus change, each `refresh_bindings`), and
rebuilds all its keys each time; a single answer can cause several in one frame. Coalescing
them keeps a key press cheap. Behaviour and look are Textual's own: the first change of a frame
goes to Footer.bindings_changed (which schedules one recompose), the rest wait for it.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _rebuild_pending = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._rebuild_pending and screen is self.screen:
            return
        super().bindings_changed(screen)
        # The conditions under which Footer.bindings_changed schedules its recompose.
        self._rebuild_pending = screen.app.app_focus and self.is_attached and screen is self.screen

    async def recompose(self) -> None:
        self._rebuild_pending = False
        await super().recompose()

"""Textual's Footer, rebuilt at most once per screen refresh.

The footer is told of every binding change (each focus change, each `refresh_bindings`), and
rebuilds all its keys each time; a single answer can cause several in one frame. Coalescing
them keeps a key press cheap. Behaviour and look are Textual's own.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True  # what Footer.bindings_changed sets before composing
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()

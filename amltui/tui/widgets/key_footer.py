"""Textual's Footer, rebuilt at most once per screen refresh, showing only the keys that fit.

The footer is told of every binding change (each focus change, each `refresh_bindings`), and
rebuilds all its keys each time; a single answer can cause several in one frame. Coalescing
them keeps a key press cheap. Textual's footer also cuts the last key in half where the width
runs out ("g Te"); this one leaves out whole keys from the end instead, keeping Help (which
lists every key). Otherwise look and behaviour are Textual's own.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from amltui.tui.textual_private import FooterKey, footer_has_bindings, footer_keys_ready

#: The keys kept however narrow the footer: the way to every other key.
ALWAYS_SHOWN = frozenset({"help", "app.help"})


def key_width(key: FooterKey, compact: bool) -> int:
    """Cells a key takes in the footer (its margin and, for the palette key, its border included)."""
    padding = 0 if compact else 2
    width = cell_len(key.key_display) + padding + (cell_len(key.description) + 1 if key.description else 0)
    if key.has_class("-command-palette"):
        return width + 1 + (0 if compact else 1)  # the border on its left, its right padding
    return width + 1  # the margin to the next key


def fitting(keys: list[FooterKey], width: int, compact: bool) -> list[FooterKey]:
    """The keys to show in `width` cells, in their order: the palette key and Help first, then
    the others as they come while they fit."""
    kept = [key for key in keys if key.has_class("-command-palette") or key.action in ALWAYS_SHOWN]
    room = width - sum(key_width(key, compact) for key in kept)
    for key in keys:
        if key not in kept and key_width(key, compact) <= room:
            room -= key_width(key, compact)
            kept.append(key)
        elif key not in kept:
            room = -1  # a key left out: the ones after it go too, so the order stays as bound
    return [key for key in keys if key in kept]


class KeyFooter(Footer):
    _rebuild_pending = False
    _fitted_width = 0

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())
        keys = [widget for widget in widgets if isinstance(widget, FooterKey)]
        if len(keys) < len(widgets) or not self.size.width:
            yield from widgets  # key groups (none in amltui): Textual's footer as it is
            return
        self._fitted_width = self.size.width
        yield from fitting(keys, self.size.width, self.compact)

    def on_resize(self) -> None:
        if self.size.width != self._fitted_width and footer_has_bindings(self):
            self._schedule()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        footer_keys_ready(self)  # what Footer.bindings_changed does before composing
        # Unlike Textual's footer, also while the app is not focused: a browser page that has not
        # taken the keyboard yet still shows what the keys do (and a projected one may never take it).
        if not self.is_attached or screen is not self.screen:
            return
        self._schedule()

    def _schedule(self) -> None:
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()

"""The app on a terminal that cannot draw the special glyphs (TERM=linux, or --ascii).

`amltui.glyphs` says when (`plain_wanted`) and what each glyph becomes; the app's own marks are
routed through it where they are defined. This module covers what Textual draws itself: the
borders (light box lines instead of rounded corners and block elements, see
`textual_private.plain_borders`), the scroll bars (whole cells, no ▁▂▃ eighths) and the keys in
the footer (`key_display`: "Enter" for ⏎, "Space" for ␣, "<-" for ←); text Textual cuts with
"…" is clipped instead, by the stylesheet's rules for the app's class `-plain`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.scrollbar import ScrollBar, ScrollBarRender

from amltui import glyphs
from amltui.tui.textual_private import plain_borders

#: The app's class when it draws plain: the stylesheet's few rules for it (amltui.tcss).
PLAIN_CLASS = "-plain"


class PlainScrollBarRender(ScrollBarRender):
    """The thumb in whole cells (reverse video), without the eighth-block ends."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


def draw_plain() -> Callable[[], None]:
    """From now on Textual draws plain; returns what undoes it (when the app ends)."""
    restore_borders = plain_borders()
    renderer = ScrollBar.renderer
    ScrollBar.renderer = PlainScrollBarRender

    def restore() -> None:
        restore_borders()
        ScrollBar.renderer = renderer

    return restore


def key_display(shown: str) -> str:
    """A key as the footer shows it, plainly where the glyphs cannot be drawn."""
    return glyphs.glyphs(shown)

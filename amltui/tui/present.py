"""Text as Textual `Content`, always literal: the marks, the styles, times and cut text that
every screen uses (the knowledge base's items are in `knowledge_text`).

Everything that came from a knowledge file, a session file or the user goes through these
helpers, `knowledge_text`'s, or `Content(text)` directly: plain strings are never handed to a
widget as markup, so `[TODO]`, `[/b]`, `[@click=app.quit]` or an unclosed `[` show exactly as
written. Styles are added as spans with theme variables, so they follow the theme.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content
from textual.dom import DOMNode

from amltui import glyphs

#: Marks readable without colour.
NEW = "+ new"
GONE = "- gone"
# Each mark as this terminal draws it: plain on a Linux console or with --ascii (amltui.glyphs).
OUTDATED = glyphs.glyphs("⚠")  # followed by the source's own words (Source.currency)
CURRENT = glyphs.glyphs("→")
DONE = glyphs.glyphs("✓")
#: Before the layer's mark ("beyond the five sources, checked to ..."), on every item of it.
NEWER = glyphs.glyphs("◆")
#: Moving between buttons.
ARROWS = glyphs.glyphs("← →")
#: The end of cut text.
ELLIPSIS = glyphs.glyphs("…")

MUTED = "$text-muted"
HEADING = "bold $text-accent"
WARNING = "bold $text-warning"


def today(node: DOMNode) -> dt.date:
    """The app's date for "possibly outdated" marks (the app takes it as a parameter; fixed in tests)."""
    value = getattr(node.app, "today", None)
    return value if isinstance(value, dt.date) else dt.date.today()


def literal(text: str, style: str = "") -> Content:
    """Stored text as content, never parsed as markup."""
    content = Content(text)
    return content.stylize(style) if style else content


def when(moment: dt.datetime) -> str:
    """A saved time as a person reads it: local time, to the minute ("2026-11-21 14:05")."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def day(moment: dt.datetime) -> str:
    """The local date of a saved time ("2026-11-21")."""
    return moment.astimezone().strftime("%Y-%m-%d")


def answer_text(labels: Iterable[str]) -> str:
    return ", ".join(labels)


def fitted_title(prefix: str, text: str, width: int) -> Content:
    """A border title for a frame `width` cells wide (its outer width). Textual cuts a long title with "…", which a
    Linux console cannot draw: there (TERM=linux, --ascii) the title is cut here, with "..."."""
    if not glyphs.plain_wanted():
        return Content.assemble(prefix, text)
    if width <= 0:  # not laid out yet: the prefix alone, until the width is known
        return Content(prefix.rstrip(": "))
    room = width - 6 - cell_len(prefix)  # the corners, and a cell and a space on each side
    return Content.assemble(prefix, shortened(text, max(room, 1)))


def shortened(text: str, width: int) -> str:
    """`text` cut to `width` cells, ending in "…" ("..." where it cannot be drawn) when cut
    (Rich's own truncation, cell-aware)."""
    line = Text(text)
    if line.cell_len <= width:
        return text
    line.truncate(max(width - cell_len(ELLIPSIS), 0))
    return line.plain.rstrip() + ELLIPSIS

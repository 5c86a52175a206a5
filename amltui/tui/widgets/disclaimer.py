"""The knowledge base's disclaimer, always on screen and always whole.

At most two lines above the footer. Where the whole disclaimer does not fit in them, whole
sentences are left out from the middle, keeping its first and its last ("Educational tool, not
medical advice. ... Decisions belong to the person and their specialist team."); where even
those two do not fit, the first alone. Never a sentence cut short: the full text is on the start
screen and in the help. Only a first sentence too long for two lines (a knowledge base's own
choice) ends in "…".
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.geometry import Size
from textual.visual import Visual
from textual.widget import Widget

from amltui.tui.widgets.hanging import Hanging

#: The bar's height at most.
LINES = 2
MARK = "! "
#: A sentence ends at ".", "!" or "?" followed by a space and a capital, digit or quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'(])")


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(" ".join(text.split())) if part]


def line_count(text: str, width: int) -> int:
    """Lines `text` takes after the mark, its wrapped lines hanging under its first word."""
    return len(Content(text).wrap(max(width - len(MARK), 1)))


def fitting(disclaimer: str, width: int, lines: int = LINES) -> str:
    """The disclaimer as it fits in `lines` lines of `width` cells: whole if it fits, else the
    most whole sentences that do, keeping the first and the last, else the first alone (cut
    with "…" only if even that cannot fit)."""
    parts = sentences(disclaimer)
    if not parts:
        return ""
    first, last, middle = parts[0], parts[-1], parts[1:-1]
    choices = [parts]
    if len(parts) > 1:
        choices += [[first, *middle[:keep], last] for keep in range(len(middle) - 1, -1, -1)]
        choices.append([first])
    for choice in choices:
        text = " ".join(choice)
        if line_count(text, width) <= lines:
            return text
    room = max(width - len(MARK), 1)
    kept = [line.plain.strip() for line in Content(first).wrap(room)[:lines]]
    kept[-1] = kept[-1][: room - 1].rstrip() + "…"
    return " ".join(kept)


class DisclaimerBar(Widget):
    """One or two lines above the footer: the disclaimer, whole, as it fits the width."""

    DEFAULT_CSS = """
    DisclaimerBar {
        height: auto;
        max-height: 2;
        padding: 0 1;
    }
    """

    def __init__(self, disclaimer: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.disclaimer = disclaimer
        self._said: tuple[int, Hanging] | None = None

    def said(self, width: int) -> Hanging:
        """What the bar shows at `width` cells of content (kept for the last width asked)."""
        if self._said is None or self._said[0] != width:
            text = Content.assemble((MARK, "bold"), fitting(self.disclaimer, width))
            self._said = (width, Hanging(text, hang=lambda line: len(MARK) if len(line) > len(MARK) else 0))
        return self._said[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return min(LINES, line_count(fitting(self.disclaimer, width), width)) if width > 0 else 0

    def render(self) -> Visual:
        return self.said(self.size.width)

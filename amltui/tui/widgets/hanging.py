"""Text whose wrapped lines hang under the text of their line, past its marks.

Textual wraps a long line back to the left edge, so in a list the second line of an option
starts under its cursor mark and reads as a new item. `Hanging` wraps each line of a Content in
the width left after the line's marks (leading spaces, a "▶ " or "+ ", a number and a "( )" box),
and indents the lines it wraps by the same width:

    ▶ 3 ( ) In remission, but an MRD test is positive
            or donor cells are falling
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

#: What a line may start with before its text: spaces, one mark (or its plain fallback, "> " or
#: "-> ", on a Linux console: amltui.glyphs), a number ("3." or the "3" of "3 ( )"; not the "6"
#: of "6 steps"), an answer box.
MARKS = re.compile(r" *(?:(?:[▶+\-•→✓✗○●↳>]|->) +)? *(?:\d{1,2}\. +|\d{1,2} +(?=[(\[]))?(?:[(\[][ •x][)\]] +)?")

#: Narrower than this, wrapped lines go back to the left edge (an indent would leave no room).
MIN_TEXT = 12


def marks_width(line: str) -> int:
    """Characters of marks at the start of a line (0 for a line of marks alone)."""
    width = MARKS.match(line).end()  # type: ignore[union-attr]  # the pattern matches "" at worst
    return width if width < len(line) else 0


class Hanging(Visual):
    def __init__(self, content: Content, hang: Callable[[str], int] = marks_width) -> None:
        self.content = content
        #: Each line as (its marks, its text): the text wraps in the width left by the marks.
        self._lines = []
        for line in content.split("\n", allow_blank=True):
            cut = hang(line.plain)
            self._lines.append((line[:cut], line[cut:]))

    def __str__(self) -> str:
        return str(self.content)

    def __rich_repr__(self):  # type: ignore[no-untyped-def]
        yield self.content

    def _indent(self, marks: Content, width: int) -> int:
        indent = cell_len(marks.plain)
        return indent if width - indent >= MIN_TEXT else 0

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        height = 0
        for marks, text in self._lines:
            indent = self._indent(marks, width)
            whole = text if indent else marks + text
            height += whole.get_height(rules, width - indent) if whole.plain else 1
        return height

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if width <= 0:
            return []
        options = dataclasses.replace(options, selection=None, selection_style=None)  # offsets are per line here
        strips: list[Strip] = []
        for marks, text in self._lines:
            indent = self._indent(marks, width)
            if not indent:
                strips += (marks + text).render_strips(width, None, style, options) or [Strip.blank(0)]
                continue
            head = marks.render_strips(indent, 1, style, options)[0]
            blank = Strip.blank(indent, style.rich_style)
            for row, strip in enumerate(text.render_strips(width - indent, None, style, options)):
                strips.append(Strip.join([head if row == 0 else blank, strip]))
        return strips if height is None else strips[:height]

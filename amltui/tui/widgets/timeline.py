"""One line: the steps of a saved session, a window of them around the current one.

Only the steps that fit the width are rendered, so a session of thousands of steps costs no more
than one of ten. Each step is its number followed by its marks (readable without colour):
`↺` changed an earlier answer, `*` today's knowledge base shows other options, `✎` has comments.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from amltui import glyphs
from amltui.tui import present

CHANGED = glyphs.glyphs("↺")  # plain on a Linux console (amltui.glyphs)
DRIFTED = "*"
COMMENTED = glyphs.glyphs("✎")
LEGEND = f"{CHANGED} changed an earlier answer · {DRIFTED} shown differently today · {COMMENTED} comments"


def step_marks(changed: bool, drifted: bool, commented: bool) -> str:
    return (CHANGED if changed else "") + (DRIFTED if drifted else "") + (COMMENTED if commented else "")


class Timeline(Widget):
    """`Step 4/12  1 2 3 ▌4↺▐ 5* 6 7✎ …` (the current step in reverse video, between bars)."""

    DEFAULT_CSS = """
    Timeline {
        height: 1;
        padding: 0 1;
    }
    """

    #: The current step's position (0-based) in `marks`.
    index: reactive[int] = reactive(0, layout=False)

    def __init__(self, marks: Sequence[str] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._marks: Sequence[str] = marks
        self.tooltip = LEGEND

    def set_marks(self, marks: Sequence[str]) -> None:
        """The marks of every step, one string each (empty for a plain step)."""
        self._marks = marks
        self.refresh()

    def _label(self, position: int) -> str:
        return f"{position + 1}{self._marks[position]}"

    def render(self) -> Content:
        count = len(self._marks)
        if not count:
            return Content.styled("No steps were recorded in this session.", present.MUTED)
        current = min(max(self.index, 0), count - 1)
        head = Content.assemble((f"Step {current + 1}/{count}", "bold"), "  ")
        width = (self.content_region.width or self.size.width or 80) - head.cell_length
        # Grow a window of labels out from the current step while they fit (2 cells kept for "…").
        centre = f"▌{self._label(current)}▐"
        used = len(centre)
        left, right = current, current
        while True:
            grew = False
            for side in (-1, 1):
                position = left - 1 if side < 0 else right + 1
                if 0 <= position < count:
                    cost = len(self._label(position)) + 1
                    if used + cost + 4 > width:
                        continue
                    used += cost
                    if side < 0:
                        left = position
                    else:
                        right = position
                    grew = True
            if not grew:
                break
        parts: list[str | tuple[str, str] | Content] = [head]
        if left > 0:
            parts.append(("… ", present.MUTED))
        for position in range(left, right + 1):
            if position == current:
                parts.append((centre, "bold reverse"))
            else:
                parts.append(self._label(position))
            if position < right:
                parts.append(" ")
        if right < count - 1:
            parts.append((" …", present.MUTED))
        return Content.assemble(*parts)

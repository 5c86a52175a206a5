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

    def _window(self, current: int, room: int) -> tuple[int, int]:
        """The steps around `current` whose labels fit in `room` cells, grown out from it one
        label a side at a time (room kept for the "…" and a space at each end)."""
        used, left, right = 0, current, current
        grew = True
        while grew:
            grew = False
            for side in (-1, 1):
                position = left - 1 if side < 0 else right + 1
                if not 0 <= position < len(self._marks):
                    continue
                cost = len(self._label(position)) + 1
                if used + cost + 2 * (len(present.ELLIPSIS) + 1) > room:
                    continue
                used += cost
                left, right = (position, right) if side < 0 else (left, position)
                grew = True
        return left, right

    def render(self) -> Content:
        count = len(self._marks)
        if not count:
            return Content.styled("No steps were recorded in this session.", present.MUTED)
        current = min(max(self.index, 0), count - 1)
        head = Content.assemble((f"Step {current + 1}/{count}", "bold"), "  ")
        width = (self.content_region.width or self.size.width or 80) - head.cell_length
        centre = f"▌{self._label(current)}▐"
        left, right = self._window(current, width - len(centre))
        parts: list[str | tuple[str, str] | Content] = [head]
        if left > 0:
            parts.append((f"{present.ELLIPSIS} ", present.MUTED))
        for position in range(left, right + 1):
            if position == current:
                parts.append((centre, "bold reverse"))
            else:
                parts.append(self._label(position))
            if position < right:
                parts.append(" ")
        if right < count - 1:
            parts.append((f" {present.ELLIPSIS}", present.MUTED))
        return Content.assemble(*parts)

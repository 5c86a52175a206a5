"""An OptionList whose highlighted option carries a ▶ mark, so the cursor shows without colour.

Textual draws the cursor as a background colour; with NO_COLOR or on a monochrome terminal that
can vanish. Every selectable option gets a two-cell gutter, and the highlighted one a "▶" in it.
Disabled options (group headings) get no gutter, so they stand out to the left. Wrapped lines
hang under the text, past the marks (see `Hanging`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Self, Union

from textual.content import Content
from textual.geometry import Offset, Region
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from amltui import glyphs
from amltui.tui.widgets.hanging import Hanging

#: What OptionList accepts as an option (an Option, any visual, or None for a separator).
# Union, not |: Textual's VisualType is a string (a forward reference), which | cannot join at run time.
OptionListContent = Union[Option, VisualType, None]  # noqa: UP007

GUTTER = "  "
CURSOR = glyphs.glyphs("▶ ")  # "> " on a Linux console or with --ascii (amltui.glyphs)


class CursorList(OptionList):
    DEFAULT_CSS = """
    CursorList > .option-list--option-disabled {
        color: $text;
    }
    """

    def __init__(self, *content: OptionListContent, id: str | None = None, classes: str | None = None) -> None:
        self._bases: dict[Option, Content] = {}
        super().__init__(*content, id=id, classes=classes, markup=False)

    def set_options(self, options: Iterable[OptionListContent]) -> Self:
        self._bases.clear()
        return super().set_options(options)

    def add_options(self, new_options: Iterable[OptionListContent]) -> Self:
        marked: list[OptionListContent] = []
        for item in new_options:
            if isinstance(item, Option) and not item.disabled:
                base = item.prompt if isinstance(item.prompt, Content) else Content(str(item.prompt))
                hanging = Option(Hanging(Content.assemble(GUTTER, base)), id=item.id)
                self._bases[hanging] = base
                marked.append(hanging)
            else:
                marked.append(item)
        return super().add_options(marked)

    def set_prompt(self, index: int, prompt: Content) -> None:
        """Replace an option's text, keeping its cursor mark."""
        option = self.get_option_at_index(index)
        self._bases[option] = prompt
        self.replace_option_prompt_at_index(index, Hanging(Content.assemble(CURSOR if index == self.highlighted else GUTTER, prompt)))

    def scroll_to_region(self, region: Region, *args: Any, **kwargs: Any) -> Offset:
        """OptionList scrolls itself to the highlighted line; in a scrolling view (the answers in
        the question view) the list itself may be partly out of view, so the view around it
        scrolls too, once the list has: moving the cursor on a small terminal keeps the
        highlighted answer on screen."""
        delta = super().scroll_to_region(region, *args, **kwargs)
        parent = self.parent
        if isinstance(parent, Widget) and parent.max_scroll_y:
            self.call_after_refresh(self._show_in, parent, region)
        return delta

    def _show_in(self, parent: Widget, region: Region) -> None:
        top, _, _, left = self.styles.gutter
        parent.scroll_to_region(region.translate(self.virtual_region.offset + Offset(left, top) - self.scroll_offset), animate=False)

    def on_resize(self) -> None:
        """Keep the cursor in view when the width (and so the wrapping of long options) changes."""
        self.call_after_refresh(self.scroll_to_highlight)

    def on_mount(self) -> None:
        # A watcher beside OptionList's own (which keeps its one-argument signature), drawing the
        # mark where the cursor is now (init) and moving it on every change.
        self.watch(self, "highlighted", self._move_cursor)

    def _move_cursor(self, old: int | None, new: int | None) -> None:
        for index, mark in ((old, GUTTER), (new, CURSOR)):
            if index is None or not 0 <= index < self.option_count:
                continue
            option = self.get_option_at_index(index)
            base = self._bases.get(option)
            if base is not None:
                self.replace_option_prompt_at_index(index, Hanging(Content.assemble(mark, base)))

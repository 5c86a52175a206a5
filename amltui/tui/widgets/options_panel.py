"""A list of options and the highlighted option's notes, kept together.

The questionnaire and training (the options shown), the replay (the options recorded at a step)
and the not-shown dialog (the options hidden) all use it: the list announces the highlighted
option (`OptionFocused`) and the panel shows its notes. The screen's stylesheet says where the
two go (stacked, side by side, or one at a time when narrow); the panel moves the focus.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import OptionList

from amltui.tui.messages import OptionFocused
from amltui.tui.walk import Walk
from amltui.tui.widgets.cursor_list import CursorList
from amltui.tui.widgets.option_notes import NotesFor, OptionNotes, shown_notes

EMPTY = "Highlight an option to read what the sources say about it."
#: The notes when the list has no option at all (early in a walk, the options wait for answers).
NOTHING_LISTED = "No option is listed yet, so there are no notes to read. n lists the options not shown and what would show each."


class OptionsListing(CursorList):
    """A list of options in a panel: its highlighted option is announced with `OptionFocused`."""

    def highlight(self, option_id: str | None) -> None:
        """Highlight `option_id` if it is listed, else the first option, and announce it (also
        when the highlight does not move, or there is no option to highlight)."""
        ids = [o.id for o in self.options if not o.disabled and o.id is not None]
        if not ids:
            self.post_message(OptionFocused(None))
            return
        chosen = option_id if option_id in ids else ids[0]
        index = self.get_option_index(chosen)
        if self.highlighted == index:
            self.post_message(OptionFocused(chosen))
        self.highlighted = index

    @on(OptionList.OptionHighlighted)
    def _announce(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(OptionFocused(event.option_id))


class OptionsPanel(Vertical):
    """`listing` and an `OptionNotes` (id `notes_id`) for its highlighted option.

    `walk` (bound from the screen) is what the notes are read against; `notes` says what they
    are (default: the option's notes with the walk's answers); `reads_on_enter`: Enter on the
    list (`OptionList.OptionSelected`) goes up to the screen, to move to the notes (the
    not-shown dialog, where narrow shows one at a time).
    """

    walk: reactive[Walk | None] = reactive(None, init=False)
    option_id: reactive[str | None] = reactive(None, init=False)

    def __init__(
        self,
        listing: OptionsListing,
        *,
        notes_id: str,
        notes: NotesFor = shown_notes,
        empty: str = EMPTY,
        reads_on_enter: bool = False,
        says_nothing_listed: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.listing = listing
        self._notes = OptionNotes(notes, empty=empty, id=notes_id)
        self._empty = empty
        self.reads_on_enter = reads_on_enter
        #: With no option listed, the notes say so (not "highlight an option") and point to n.
        self.says_nothing_listed = says_nothing_listed

    def compose(self) -> ComposeResult:
        yield self.listing
        yield self._notes.data_bind(OptionsPanel.walk, OptionsPanel.option_id)

    @property
    def notes(self) -> OptionNotes:
        return self._notes

    def focus_list(self) -> None:
        self.listing.focus(scroll_visible=False)

    def focus_notes(self) -> None:
        self._notes.focus(scroll_visible=False)

    @on(OptionFocused)
    def _notes_follow(self, event: OptionFocused) -> None:
        event.stop()
        if event.option_id is None:
            listed = any(not o.disabled for o in self.listing.options)
            self._notes.empty = self._empty if listed or not self.says_nothing_listed else NOTHING_LISTED
            self._notes.show()
        self.option_id = event.option_id

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on the list: up to the screen when it reads the notes on Enter, else nothing."""
        if not self.reads_on_enter:
            event.stop()

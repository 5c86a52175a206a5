"""The sessions browser: every saved session, to open, replay, compare, rename, copy or delete.

Damaged files are listed with their problem and left alone: nothing that could not be read is
ever opened, written over or removed from here (the changes: session_changes.py). The folder is
read in a thread, so a large one does not freeze the screen.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import get_current_worker

from amltui.knowledge.models import KnowledgeBase
from amltui.sessions.codec import SessionError
from amltui.sessions.listing import Listing, Summary, newest_first
from amltui.sessions.store import SessionStore
from amltui.terminal_text import one_line
from amltui.tui import present
from amltui.tui.messages import OpenSession
from amltui.tui.screens.session_changes import SessionChanges
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.ordered_input import OrderedInput
from amltui.tui.widgets.session_detail import about
from amltui.tui.widgets.session_table import (
    DAMAGED,
    MARKED,
    SessionTable,
    matches,
    title_of,
)

HELP = "Knowledge: same = today's · changed = edited since · else the version used"
READING = f"Reading the sessions folder{present.ELLIPSIS}"
LEFT_ALONE = "It is left exactly as it is: it cannot be opened, renamed or deleted from here."


class SessionsScreen(SessionChanges):
    """The saved sessions in `store`, newest first, compared with today's knowledge base (`app.kb`).

    | Key        | Does                                                        |
    |------------|-------------------------------------------------------------|
    | Enter      | continue an unfinished session, replay a finished one       |
    | r          | replay (read-only review)                                   |
    | c          | mark for comparing; then c or Enter on another compares     |
    | e, F2      | rename                                                      |
    | d          | duplicate under a new title                                 |
    | x, Delete  | delete, after a confirmation                                |
    | /          | filter by title or id                                       |
    | Escape     | clear the filter or the mark; then close                    |
    """

    AUTO_FOCUS = "SessionTable"
    BINDINGS = [
        Binding("r", "replay", "Replay", id="sessions.replay", tooltip="Review the session step by step, read-only"),
        Binding("c", "compare", "Compare", id="sessions.compare",
                tooltip="Mark this session; then c or Enter on another shows how they differ"),
        Binding("e,f2", "rename", "Rename", id="sessions.rename", tooltip="Give the session a new title"),
        Binding("d", "duplicate", "Copy", id="sessions.duplicate",
                tooltip="Save a copy of the session under a new title (the original stays as it is)"),
        Binding("x,delete", "delete", "Delete", id="sessions.delete", tooltip="Delete the session file, after asking"),
        Binding("slash", "filter", "Filter", show=False, id="sessions.filter", tooltip="Type to show only titles or ids that match"),
        # The app's tree and glossary keys still work here, left out of this crowded footer.
        Binding("t", "app.tree", "Tree", show=False, id="sessions.tree", tooltip="The whole decision tree"),
        Binding("g", "app.glossary", "Terms", show=False, id="sessions.glossary", tooltip="Every term, searchable"),
        Binding("h", "app.home", "Home", show=False, id="sessions.home", tooltip="Back to the start screen"),
        Binding("down", "to_list", "List", show=False, id="sessions.to-list", tooltip="From the filter down to the list"),
        Binding("escape", "back", "Back", id="sessions.back",
                tooltip="Clear the filter or the compare mark; otherwise close the browser"),
    ]

    def __init__(self, store: SessionStore) -> None:
        super().__init__()
        self.store = store
        #: Every file in the folder, newest first (None until the first read finishes).
        self.listing: list[Listing] | None = None
        #: The rows on screen: `listing` filtered.
        self.shown: list[Listing] = []
        #: The file name of the session marked for comparing.
        self.marked: str | None = None

    @property
    def kb(self) -> KnowledgeBase:
        return self.app.kb

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="sessions-bar"):
            yield OrderedInput(placeholder="/ filter by title or id", id="sessions-filter", compact=True)
            yield Static(id="sessions-count", markup=False)
        yield SessionTable(id="sessions-table")
        yield Static(Content.styled(READING, present.MUTED), id="sessions-detail", markup=False)
        yield Static(Content.styled(HELP, present.MUTED), id="sessions-help", markup=False)
        yield KeyFooter(compact=True)
        yield DisclaimerBar(self.kb.disclaimer)

    def on_mount(self) -> None:
        self.sub_title = "Sessions"
        self.query_one(SessionTable).tooltip = (
            "Created: date · Updated: local time · Steps: answers recorded · State: open or done\n"
            "Knowledge: same = recorded with today's knowledge base; changed = same version number "
            "but its content was edited since; otherwise the version it was recorded with."
        )
        self.reload()

    # --- reading the folder ------------------------------------------------------------------

    def reload(self, keep: str | None = None, index: int | None = None) -> None:
        """Read the folder again (in a thread); then the cursor goes to file `keep` if it is
        shown, else to row `index`, else stays where it was."""
        self._read(keep, index)

    @work(thread=True, exclusive=True, group="sessions-listing", exit_on_error=False)
    def _read(self, keep: str | None, index: int | None) -> None:
        try:
            listing = self.store.listing()
            problem = ""
        except SessionError as error:
            listing, problem = [], one_line(str(error))
        except OSError as error:
            listing, problem = [], f"Cannot read {self.store.folder}: {error.strerror or error}"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, listing, problem, keep, index)

    def _loaded(self, listing: list[Listing], problem: str, keep: str | None, index: int | None) -> None:
        if not self.is_attached:
            return
        self.listing = listing
        if problem:
            self.notify(problem, title="Sessions", severity="error", markup=False)
        self._fill(keep, index)

    def _fill(self, keep: str | None = None, index: int | None = None) -> None:
        """Show the files that match the filter, keeping the cursor sensibly."""
        if self.listing is None:
            return
        table = self.query_one(SessionTable)
        current = self.current()
        if keep is None and index is None and current is not None:
            keep = current.path.name
        query = self.query_one("#sessions-filter", Input).value
        self.shown = [item for item in self.listing if matches(item, query)]
        names = [item.path.name for item in self.shown]
        if keep in names:
            cursor = names.index(keep)
        elif index is not None:
            cursor = index
        else:
            cursor = table.cursor_row
        table.show(self.shown, self.kb, marked=self.marked, cursor=cursor)
        count = f"{len(self.shown)} of {len(self.listing)}"
        self.query_one("#sessions-count", Static).update(Content.styled(count, present.MUTED))
        self._describe()

    def current(self) -> Listing | None:
        """The highlighted file, if any."""
        table = self.query_one(SessionTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    # --- the lines under the table -----------------------------------------------------------

    def _describe(self) -> None:
        detail = self.query_one("#sessions-detail", Static)
        item = self.current()
        if self.listing is not None and not self.listing:
            detail.update(Content.assemble(("No saved sessions in ", present.MUTED), str(self.store.folder)))
        elif item is None:
            query = self.query_one("#sessions-filter", Input).value
            detail.update(Content.assemble(("No session matches “", present.MUTED), query, ("”. Esc clears the filter.", present.MUTED)))
        elif item.summary is None:
            detail.update(
                Content("\n").join(
                    [
                        Content.assemble((f"{DAMAGED} Cannot be read: ", present.WARNING), one_line(item.path.name)),
                        Content(one_line(item.problem)),
                        Content.styled(LEFT_ALONE, present.MUTED),
                    ]
                )
            )
        else:
            detail.update(about(item.summary, self.kb))
        help_line = self.query_one("#sessions-help", Static)
        marked = self._marked_session()
        if marked is not None:
            help_line.update(
                Content.assemble(
                    (f"{MARKED}Compare ", present.HEADING),
                    title_of(marked),
                    (" with the highlighted session: c or Enter · Esc cancels", present.HEADING),
                )
            )
        else:
            help_line.update(Content.styled(HELP, present.MUTED))

    def _marked_session(self) -> Summary | None:
        if self.marked is None or self.listing is None:
            return None
        return next((item.summary for item in self.listing if item.path.name == self.marked), None)

    @on(DataTable.RowHighlighted, "#sessions-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._describe()

    # --- filter ------------------------------------------------------------------------------

    @on(Input.Changed, "#sessions-filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self._fill()

    @on(Input.Submitted, "#sessions-filter")
    def _filtered(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_to_list()

    def action_filter(self) -> None:
        self.query_one("#sessions-filter", Input).focus()

    def action_to_list(self) -> None:
        self.query_one(SessionTable).focus()

    def action_back(self) -> None:
        search = self.query_one("#sessions-filter", Input)
        if search.has_focus:
            search.value = ""
            self.action_to_list()
        elif self.marked is not None:
            self.marked = None
            self._fill()
        elif search.value:
            search.value = ""
        else:
            self.dismiss()

    # --- opening -----------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#sessions-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.marked is not None:
            self.action_compare()
            return
        found = self._usable("opened")
        if found is not None:
            item, session = found
            self.post_message(OpenSession("replay" if session.finished else "resume", session, path=item.path))

    def action_replay(self) -> None:
        found = self._usable("opened")
        if found is not None:
            self.post_message(OpenSession("replay", found[1], path=found[0].path))

    def action_compare(self) -> None:
        item = self.current()
        if item is None:
            return
        if self.marked is not None and item.path.name == self.marked:
            self.marked = None
            self._fill()
            return
        found = self._usable("compared")
        if found is None:
            return
        if self.marked is None or self._marked_session() is None:
            self.marked = item.path.name
            self._fill()
            return
        try:
            first = self.store.load(self.store.folder / self.marked)
        except SessionError as error:
            self.notify(one_line(str(error)), title="Cannot read the session", severity="error", markup=False)
            return
        finally:
            self.marked = None
            self._fill()
        self.post_message(OpenSession("compare", first, found[1]))

    def _changed(self, *, remove: Path | None = None, add: Listing | None = None) -> None:
        """Show a change made from here at once (the cursor on what was added, else on the row
        that took the removed one's place), then read the folder again for anyone else's."""
        if self.listing is None:
            return
        index = self.query_one(SessionTable).cursor_row
        listing = [item for item in self.listing if item.path != remove]
        if add is not None:
            listing.append(add)
        self.listing = newest_first(listing)
        self._fill(keep=add.path.name if add else None, index=index)
        self.reload()

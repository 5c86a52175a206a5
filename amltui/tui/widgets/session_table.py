"""The saved sessions as a table: one row per file, damaged files included with their problem.

Every cell is a rich `Text` built from plain strings (DataTable would read a `str` cell as
markup), and text from the files goes through `one_line`, so titles like `[TODO]` or an escape
sequence show as written and cannot move the cursor or restyle the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from amltui import glyphs
from amltui.knowledge.models import KnowledgeBase
from amltui.sessions.listing import Listing, Summary
from amltui.sessions.model import Session
from amltui.sessions.review import knowledge_match
from amltui.terminal_text import one_line
from amltui.tui import present

#: Column key, heading, width (None: the title takes what the others leave).
COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("title", "Title", None),
    ("created", "Created", 10),
    ("updated", "Updated", 16),
    ("steps", "Steps", 5),
    ("state", "State", 5),
    ("knowledge", "Knowledge", 9),
)
#: The title column never gets narrower than this (the table scrolls sideways instead).
MIN_TITLE = 12
#: Rows added at once, before the table is painted: more than the tallest screen shows. The
#: rest follow in batches, each after a paint, so a folder of thousands shows its newest rows
#: at once and keys are answered while the others arrive.
FIRST_ROWS = 80
BATCH = 250
DAMAGED = glyphs.glyphs("⚠")  # plain on a Linux console (amltui.glyphs)
MARKED = glyphs.glyphs("◆ ")
OPEN = "open"
DONE = "done"
UNTITLED = "(untitled)"



def title_of(session: Session | Summary) -> str:
    return one_line(session.title) or UNTITLED


def matches(item: Listing, query: str) -> bool:
    """Case-insensitive match on the title, the id and the file name (all a damaged file has)."""
    query = query.casefold().strip()
    if not query or query in item.path.name.casefold():
        return True
    return item.summary is not None and (query in item.summary.title.casefold() or query in item.summary.id.casefold())


class SessionTable(DataTable[Text]):
    """One row per session file, newest first; the row key is the file name.

    | Key       | Does                                   |
    |-----------|----------------------------------------|
    | ↑ ↓ PgUp PgDn | move                               |
    | Home, End | the first row, the last row            |
    | Enter     | open the highlighted session           |
    """

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", id="sessions.open",
                tooltip="Continue an unfinished session; replay a finished one"),
        Binding("home", "scroll_top", "First", show=False, id="sessions.first", tooltip="The newest session"),
        Binding("end", "scroll_bottom", "Last", show=False, id="sessions.last", tooltip="The oldest session"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", id=id)
        self._items: Sequence[Listing] = ()
        self._kb: KnowledgeBase | None = None
        self._marked: str | None = None
        self._title_width = 0
        #: How many of `_items` are rows so far; a new `show` starts again (older batches stop).
        self._added = 0
        self._filling = 0

    def title_width(self) -> int:
        """What the title column can have at the table's current width (1 cell for the scrollbar)."""
        if not self.size.width:
            return 22
        fixed = sum(width or 0 for _, _, width in COLUMNS) + 2 * self.cell_padding * len(COLUMNS)
        return max(MIN_TITLE, self.size.width - 1 - fixed)

    @property
    def filled(self) -> bool:
        """Whether every item given to `show` is a row yet."""
        return self._added >= len(self._items)

    def show(self, items: Sequence[Listing], kb: KnowledgeBase, *, marked: str | None = None, cursor: int = 0) -> None:
        """Replace the rows; the cursor goes to row `cursor` (clamped). The first screenful (and
        the cursor's row) are rows at once, the others follow, a batch after each paint."""
        self._items, self._kb, self._marked = items, kb, marked
        self._filling += 1
        self._added = 0
        width = self.title_width()
        if width != self._title_width or not self.columns:
            self._title_width = width
            self.clear(columns=True)
            for key, heading, fixed in COLUMNS:
                self.add_column(Text(heading), width=fixed or width, key=key)
        else:
            self.clear()
        row = min(max(cursor, 0), len(items) - 1)
        self._add_rows(max(FIRST_ROWS, row + 1))
        if items:
            self.move_cursor(row=row, animate=False, scroll=True)
        if not self.filled:
            self.call_after_refresh(self._add_batch, self._filling)

    def _add_rows(self, count: int) -> None:
        end = min(self._added + count, len(self._items))
        for item in self._items[self._added:end]:
            self.add_row(*self._cells(item), key=item.path.name)
        self._added = end

    def _add_batch(self, filling: int) -> None:
        if filling != self._filling or not self.is_attached:  # replaced by a newer `show`, or gone
            return
        self._add_rows(BATCH)
        if not self.filled:
            self.call_after_refresh(self._add_batch, filling)

    def action_scroll_bottom(self) -> None:
        """End: the oldest session, even while rows are still arriving."""
        self._add_rows(len(self._items))
        super().action_scroll_bottom()

    def _cells(self, item: Listing) -> list[Text]:
        width = self._title_width
        session = item.summary
        if session is None:
            title = present.shortened(f"{DAMAGED} {one_line(item.path.name)}: {one_line(item.problem)}", width)
            return [Text(title, style="italic"), *(Text("—") for _ in COLUMNS[1:])]
        assert self._kb is not None
        mark = MARKED if item.path.name == self._marked else ""
        return [
            Text(present.shortened(mark + title_of(session), width)),
            Text(present.day(session.created)),
            Text(present.when(session.updated)),
            Text(str(session.step_count), justify="right"),
            Text(DONE if session.finished else OPEN),
            Text(present.shortened(one_line(knowledge_match(session, self._kb)), 9)),
        ]

    def on_resize(self) -> None:
        if self._kb is not None and self.title_width() != self._title_width:
            self.show(self._items, self._kb, marked=self._marked, cursor=self.cursor_row)

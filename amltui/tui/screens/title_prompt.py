"""Asking for a session title: one line of free text, with the no-identifiers reminder in view."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.content import Content
from textual.widgets import Input, Static

from amltui.sessions.identifiers import findings, warning
from amltui.terminal_text import without_unseen
from amltui.tui import present
from amltui.tui.screens.base import AmlModal
from amltui.tui.screens.start import NO_IDENTIFIERS
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.ordered_input import OrderedInput

#: Far more than a title needs; keeps a pasted page of text out of the sessions list.
MAX_TITLE = 200

EMPTY = "A title is needed: type one, or press Esc to leave it as it was."

#: After an identifier warning: how to keep the title regardless.
OVERRIDE = "Edit it, or press Enter again to keep it as it is."


def clean_title(text: str) -> str:
    """The title as it is saved: control and bidirectional characters removed (the one rule of
    `terminal_text`), whitespace folded to single spaces and trimmed at both ends, at most
    MAX_TITLE characters."""
    text = without_unseen(text)
    return " ".join(text.split())[:MAX_TITLE]


class TitleInput(OrderedInput):
    """The title box; Enter is named in the footer. Keys apply in the order typed (see OrderedInput)."""

    BINDINGS = [Binding("enter", "submit", "Save", id="title-prompt.save", tooltip="Save this title")]


class TitlePrompt(AmlModal[str | None]):
    """Dismisses with the cleaned title (see `clean_title`), or None when cancelled.

    | Key    | Does                                          |
    |--------|-----------------------------------------------|
    | Enter  | save the title (an empty one is refused; one  |
    |        | that looks like it holds an identifier is      |
    |        | saved on a second Enter, after a warning)      |
    | Escape | cancel, nothing changes                        |
    """

    AUTO_FOCUS = "#title-input"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="title-prompt.cancel", tooltip="Close without changing anything")]

    def __init__(self, title: str = "", heading: str = "Session title", empty: str = EMPTY, max_length: int = MAX_TITLE) -> None:
        """`empty`: what an empty line is told (the prompt also asks for a room's code and a name);
        `max_length`: the most that can be typed (a display name is kept to fewer than a title)."""
        super().__init__()
        self.max_length = min(max_length, MAX_TITLE)
        self.initial = clean_title(title)[: self.max_length]
        self.heading = heading
        self.empty = empty
        #: The title last warned about: Enter on it again keeps it.
        self._warned = ""

    def compose(self) -> ComposeResult:
        with Container(classes="modal-body"), Vertical(id="title-dialog") as dialog:
            dialog.border_title = Content(self.heading)
            yield TitleInput(self.initial, id="title-input", max_length=self.max_length, compact=True, select_on_focus=True)
            yield Static(
                Content.assemble(("No patient identifiers. ", present.WARNING), NO_IDENTIFIERS),
                id="title-reminder",
                markup=False,
            )
            yield Static(id="title-problem", markup=False)
            yield Static(Content.styled("Enter saves · Esc cancels", present.MUTED), id="title-hint", markup=False)
        yield DisclaimerBar(self.app.kb.disclaimer)
        yield KeyFooter(compact=True)

    @on(Input.Submitted, "#title-input")
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        title = clean_title(event.value)[: self.max_length]
        if not title:
            self._say(Content.styled(self.empty, present.WARNING))
            return
        found = findings(title)
        if found and title != self._warned:
            self._warned = title
            self._say(Content.assemble((warning(found), present.WARNING), " ", OVERRIDE))
            return
        self.dismiss(title)

    def _say(self, problem: Content) -> None:
        shown = self.query_one("#title-problem", Static)
        shown.update(problem)
        shown.display = True

    @on(Input.Changed, "#title-input")
    def _typing(self) -> None:
        self.query_one("#title-problem", Static).display = False

    def action_cancel(self) -> None:
        self.dismiss(None)

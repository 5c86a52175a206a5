"""A dialog to write a reviewer's comment on one step of a saved session.

The dialog does not save: it hands the author and text to `save`, which returns None when the
comment is on disk, or the reason it is not (the dialog then stays open with the text as typed).
Closing without saving hands the draft to `keep`, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static, TextArea

from amltui.sessions.identifiers import findings, warning
from amltui.tui import present
from amltui.tui.screens.base import AmlModal
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter

#: How the comment is saved, said once: nothing is saved while typing (the heading used to say
#: "Saved at once", beside this).
SAVING = "Comment (Enter starts a new line; Ctrl+S saves it to the session file)"
#: save(author, text) -> None when saved, else what went wrong (shown to the reviewer).
Save = Callable[[str, str], "str | None"]
#: keep(author, text): remember an unsaved draft.
Keep = Callable[[str, str], None]


class CommentDialog(AmlModal[bool]):
    """Author (filled in, editable) and the comment; Ctrl+S saves, Escape closes keeping the draft."""

    AUTO_FOCUS = "#comment-text"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="comment.save", tooltip="Save the comment to the session file now"),
        Binding("escape", "close", "Close", id="comment.close", tooltip="Close; the text stays as a draft for this step"),
    ]

    def __init__(self, heading: Content, author: str, draft: str, save: Save, keep: Keep) -> None:
        super().__init__()
        self._heading = heading
        self._author = author
        self._draft = draft
        self._save = save
        self._keep = keep
        #: The text last warned about (it looked like it held an identifier): Ctrl+S again saves it.
        self._warned = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="comment-dialog"):
            yield Static(self._heading, id="comment-heading", markup=False)
            yield Label("Author", id="comment-author-label")
            yield Input(self._author, id="comment-author", placeholder="Your name")
            yield Label(SAVING, id="comment-text-label")
            yield TextArea(self._draft, id="comment-text", soft_wrap=True, show_line_numbers=False)
            yield Static(id="comment-problem", markup=False)
        yield DisclaimerBar(self.app.kb.disclaimer)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#comment-dialog").border_title = "Comment"
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)

    @property
    def author(self) -> str:
        return self.query_one("#comment-author", Input).value

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        author, text = self.author.strip(), self.text
        if not author:
            self.notify("Say who writes the comment.", title="No author", severity="warning", markup=False)
            self.query_one("#comment-author", Input).focus()
            return
        if not text.strip():
            self.notify("Write the comment first.", title="Nothing to save", severity="warning", markup=False)
            return
        found = findings(text)
        if found and text != self._warned:
            self._warned = text
            shown = self.query_one("#comment-problem", Static)
            shown.update(Content.assemble((warning(found), present.WARNING), " Edit it, or press Ctrl+S again to save it as it is."))
            shown.display = True
            return
        problem = self._save(author, text)
        if problem is not None:
            # The text stays in the dialog, exactly as typed.
            self.notify(problem, title="Comment not saved", severity="error", markup=False, timeout=10)
            return
        self.dismiss(True)

    def on_text_area_changed(self) -> None:
        self.query_one("#comment-problem", Static).display = False

    def action_close(self) -> None:
        self._keep(self.author, self.text)
        self.dismiss(False)


def heading(step: int, question: str) -> Content:
    return Content.assemble((f"Step {step}: ", "bold"), question)

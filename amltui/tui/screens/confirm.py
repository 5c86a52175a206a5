"""A yes-or-no question in a small dialog; the safe answer has the focus and Escape gives it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from amltui.tui import present
from amltui.tui.screens.base import AmlModal
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter


class Confirm(AmlModal[bool]):
    """Dismisses with True for `yes`, False for `no` (and for Escape).

    | Key          | Does                             |
    |--------------|----------------------------------|
    | Enter, space | the focused button               |
    | ← → Tab      | move between the buttons         |
    | Escape       | `no`                             |

    The question is shown literally: text from a session file can be part of it.
    """

    AUTO_FOCUS = "#confirm-no"
    BINDINGS = [
        Binding("escape", "no", "Cancel", id="confirm.cancel", tooltip="Answer no and close"),
        Binding("left", "app.focus_previous", "Move", show=False, id="confirm.left", tooltip="The button to the left"),
        Binding("right", "app.focus_next", "Move", show=False, id="confirm.right", tooltip="The button to the right"),
    ]

    def __init__(self, question: str | Content, yes: str = "Delete", no: str = "Keep") -> None:
        super().__init__()
        self.question = question if isinstance(question, Content) else Content(question)
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Container(classes="modal-body"), Vertical(id="confirm-dialog"):
            yield Static(self.question, id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(self.no), id="confirm-no", variant="primary", compact=True)
                yield Button(Content(self.yes), id="confirm-yes", variant="error", compact=True)
            yield Static(
                Content.styled(f"Enter: the highlighted button · {present.ARROWS}: move · Esc: {self.no}", present.MUTED),
                id="confirm-hint",
                markup=False,
            )
        yield DisclaimerBar(self.app.kb.disclaimer)
        yield KeyFooter(compact=True)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(False)

    def action_no(self) -> None:
        self.dismiss(False)

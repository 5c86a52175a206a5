"""Leaving a walk whose last answers could not be saved: say so, and where they can still go."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static

from amltui.tui import present
from amltui.tui.screens.base import AmlModal
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.ordered_input import OrderedInput

#: What the dialog dismisses with, beside the copy's path (None: stay).
Choice = Literal["retry", "copy", "drop"]
CHOICES: tuple[Choice, ...] = ("retry", "copy", "drop")


class CopyPath(OrderedInput):
    BINDINGS = [Binding("enter", "submit", "Save copy", id="unsaved.copy", tooltip="Save a copy of the session to this file")]


class UnsavedAnswers(AmlModal[tuple[Choice, str] | None]):
    """Asked before a walk with answers only in memory is left (quit, or back to the start).

    | Key          | Does                                                 |
    |--------------|------------------------------------------------------|
    | Enter, space | the focused button; in the path, save the copy there |
    | ← → Tab      | move between the buttons                             |
    | Escape       | stay in the walk                                     |

    The reason and the paths are shown literally: they come from the system and the user.
    """

    AUTO_FOCUS = "#unsaved-stay"
    BINDINGS = [
        Binding("escape", "stay", "Stay", id="unsaved.stay", tooltip="Close and go on with the walk"),
        Binding("left", "app.focus_previous", "Move", show=False, id="unsaved.left", tooltip="The button to the left"),
        Binding("right", "app.focus_next", "Move", show=False, id="unsaved.right", tooltip="The button to the right"),
    ]

    def __init__(
        self, *, unsaved: int, title: str, reason: str, folder: Path, own_name: str, copy_to: Path, problem: str = ""
    ) -> None:
        super().__init__()
        self.unsaved = unsaved
        self.title_text = title
        self.reason = reason
        self.folder = folder
        self.own_name = own_name
        self.copy_to = copy_to
        #: Why the last try to save a copy failed ("" the first time).
        self.problem = problem

    def compose(self) -> ComposeResult:
        count = f"{self.unsaved} answer{'s' if self.unsaved != 1 else ''}"
        with Container(classes="modal-body"), Vertical(id="unsaved-dialog") as dialog:
            dialog.border_title = Content("Answers not saved")
            yield Static(
                Content.assemble(
                    (f"{count} of “", "bold"), (self.title_text, "bold"),
                    (f"” {'is' if self.unsaved == 1 else 'are'} only in memory", "bold"),
                    f": leaving now loses {'it' if self.unsaved == 1 else 'them'}. The last save failed: ", self.reason, "\n\n",
                    "Retry saves to ", str(self.folder), " again. Or save a copy to the file below (another disk "
                    "if this one is full); to continue it later, move it into the sessions folder as ",
                    self.own_name, ".",
                ),
                id="unsaved-question",
                markup=False,
            )
            yield CopyPath(str(self.copy_to), id="unsaved-path", compact=True, select_on_focus=False)
            if self.problem:
                yield Static(Content.styled(self.problem, present.WARNING), id="unsaved-problem", markup=False)
            with Horizontal(id="unsaved-buttons"):
                yield Button(Content("Stay"), id="unsaved-stay", variant="primary", compact=True)
                yield Button(Content("Retry save"), id="unsaved-retry", compact=True)
                yield Button(Content("Save copy"), id="unsaved-copy", compact=True)
                yield Button(Content("Leave unsaved"), id="unsaved-drop", variant="error", compact=True)
            yield Static(
                Content.styled(f"Enter: the highlighted button · {present.ARROWS}: move · Esc: stay", present.MUTED),
                id="unsaved-hint",
                markup=False,
            )
        yield DisclaimerBar(self.app.kb.disclaimer)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.app.clear_notifications()  # a "Not saved" toast would cover the buttons; this says it all

    def _path(self) -> str:
        return self.query_one(CopyPath).value.strip()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        pressed = (event.button.id or "").removeprefix("unsaved-")
        choice = next((c for c in CHOICES if c == pressed), None)  # None: Stay
        self.dismiss(None if choice is None else (choice, self._path()))

    @on(Input.Submitted, "#unsaved-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(("copy", self._path()))

    def action_stay(self) -> None:
        self.dismiss(None)

"""The end of a training walk: answers matched, the prediction score, the teaching points met.

Computed from the session and its scenario by `training.summarise`, so it is the same whether
shown at the end of the walk or later from the saved session.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from amltui.knowledge.models import KnowledgeBase, Scenario
from amltui.sessions.model import Session
from amltui.sessions.training import summarise
from amltui.tui import present
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.training_feedback import summary_content


class TrainingSummaryScreen(Screen[None]):
    AUTO_FOCUS = "#training-summary"
    BINDINGS = [
        Binding("enter", "done", "Done", id="training-summary.done", tooltip="Back to the start screen"),
        Binding("escape", "app.pop_screen", "Back", id="training-summary.back", tooltip="Back to where you were (the last feedback, or the replay)"),
    ]

    def __init__(self, session: Session, scenario: Scenario, *, done: bool = True) -> None:
        """`done`: at the end of a walk, Enter goes back to the start screen; from a replay
        (False) there is only Escape, back to the replay."""
        super().__init__()
        self.session = session
        self.scenario = scenario
        self.done = done

    def compose(self) -> ComposeResult:
        kb: KnowledgeBase = self.app.kb  # type: ignore[attr-defined]
        yield Header(icon="≡")
        with VerticalScroll(id="training-summary") as scroll:
            scroll.border_title = "Training summary"
            yield Static(summary_content(kb, summarise(self.session, self.scenario, kb), present.today(self)), markup=False)
        yield KeyFooter(compact=True)
        yield DisclaimerBar(kb.disclaimer)

    def on_mount(self) -> None:
        self.sub_title = "Training · Summary"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.done if action == "done" else True

    def action_done(self) -> None:
        self.app.back_to_start()  # type: ignore[attr-defined]

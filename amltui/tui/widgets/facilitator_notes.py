"""A training case's notes for the trainer: hidden until asked for, and clearly labelled."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from amltui.knowledge.models import Scenario
from amltui.tui import present
from amltui.tui.widgets.hanging import Hanging


def facilitator_content(scenario: Scenario) -> Content:
    if not scenario.facilitator:
        return Content.styled("This case has no facilitator notes.", present.MUTED)
    return Content("\n").join(Content.assemble("• ", note) for note in scenario.facilitator)


class FacilitatorNotes(VerticalScroll):
    """The notes, one bullet each; the screen shows and hides the panel."""

    def __init__(self, scenario: Scenario, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.scenario = scenario
        self.border_title = "Facilitator notes"
        self.border_subtitle = "f hides"

    def compose(self) -> ComposeResult:
        yield Static(Hanging(facilitator_content(self.scenario)), markup=False)  # each note's lines under its text

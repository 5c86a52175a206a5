"""A training case's story, kept on screen while the learner answers (scrolls when focused)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from amltui.knowledge.models import Scenario
from amltui.tui import present


class StoryPanel(VerticalScroll):
    """The story as written in the scenario file, never parsed as markup."""

    def __init__(self, scenario: Scenario, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.scenario = scenario
        self.border_title = present.fitted_title("Case: ", scenario.title, self.outer_size.width)

    def on_mount(self) -> None:
        self.call_after_refresh(self.on_resize)  # its width is known after the first layout

    def on_resize(self) -> None:
        self.border_title = present.fitted_title("Case: ", self.scenario.title, self.outer_size.width)

    def compose(self) -> ComposeResult:
        yield Static(Content(self.scenario.story), markup=False)

    def show(self, scenario: Scenario) -> None:
        """Tell another case's story (the scenario list's preview)."""
        self.scenario = scenario
        self.border_title = present.fitted_title("Case: ", scenario.title, self.outer_size.width)
        self.query_one(Static).update(Content(scenario.story))
        self.scroll_home(animate=False)

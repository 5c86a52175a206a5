"""Training: the case scenarios to choose from; Enter starts the highlighted one.

Each case shows its title, the story's first sentence and its number of steps; at 100 columns
and more the highlighted case's whole story is shown beside the list.
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from amltui.knowledge.models import KnowledgeBase, Scenario
from amltui.tui import present
from amltui.tui.messages import StartRoom, StartTraining
from amltui.tui.screens.base import AmlScreen
from amltui.tui.widgets.cursor_list import GUTTER, CursorList
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.story_panel import StoryPanel

#: A full stop, ! or ? ending a sentence: followed by a space and a capital, digit or quote
#: (so "e.g. fit" does not end one).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'(])")


def first_sentence(story: str) -> str:
    """The story's first sentence (the whole story if it has one sentence)."""
    text = " ".join(story.split())
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def scenario_prompt(number: int, scenario: Scenario, count: int = 9) -> Content:
    """"1. Title", then "6 steps · first sentence" under the title: the list's gutter and the
    number as indent (`Hanging` keeps each line's wrapped rest under its text). Numbers are
    right-aligned to the widest of `count`, so every title starts in one column."""
    steps = len(scenario.steps)
    numbered = f"{number:>{len(str(count))}}. "
    return Content.assemble(
        (numbered, present.MUTED),
        (scenario.title, "bold"),
        "\n" + " " * (len(GUTTER) + len(numbered)),
        (f"{steps} step{'s' if steps != 1 else ''} · ", "italic"),
        (first_sentence(scenario.story), present.MUTED),
    )


class ScenarioList(CursorList):
    """The cases, in file-name order."""

    BINDINGS = [Binding("enter", "select", "Start", id="scenarios.start", tooltip="Start the highlighted case")]


class ScenariosScreen(AmlScreen[None]):
    AUTO_FOCUS = "ScenarioList"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="scenarios.back", tooltip="Back to where you were")]

    def __init__(self, *, room: bool = False) -> None:
        """`room`: the chosen case opens a training room instead of a walk of one's own."""
        super().__init__()
        self.room = room

    def compose(self) -> ComposeResult:
        kb: KnowledgeBase = self.app.kb
        yield Header(icon="≡")
        yield Static(
            Content.styled(
                "Invented cases, no real patients. After each answer: the case's answer and what to learn.",
                present.MUTED,
            ),
            id="scenarios-intro",
        )
        with Horizontal(id="scenarios-body"):
            scenarios = ScenarioList(
                *(Option(scenario_prompt(n, s, len(kb.scenarios)), id=s.id) for n, s in enumerate(kb.scenarios, 1)),
                id="scenarios-list",
            )
            scenarios.border_title = f"Case scenarios ({len(kb.scenarios)})"
            yield scenarios
            if kb.scenarios:
                yield StoryPanel(kb.scenarios[0], id="scenarios-story")
            else:
                yield Static(Content.styled("No case scenarios in this knowledge base.", present.MUTED), id="scenarios-story")
        yield KeyFooter(compact=True)
        yield DisclaimerBar(kb.disclaimer)

    def on_mount(self) -> None:
        self.sub_title = "Training room: choose the case" if self.room else "Training"

    @on(OptionList.OptionHighlighted, "#scenarios-list")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        kb: KnowledgeBase = self.app.kb
        scenario = kb.scenario(event.option_id or "")
        if scenario is not None:
            self.query_one("#scenarios-story", StoryPanel).show(scenario)

    @on(OptionList.OptionSelected, "#scenarios-list")
    def _start(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.post_message(StartRoom(event.option_id) if self.room else StartTraining(event.option_id))

"""The app: holds the walk through the questions and routes requests between screens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.command import Provider
from textual.reactive import var
from textual.screen import Screen

from amltui.engine import AnswerError
from amltui.knowledge.models import KnowledgeBase
from amltui.tui.messages import (
    AnswerChanged,
    AnswerChosen,
    ReopenQuestion,
    ShowOption,
    ShowSource,
    ShowTerm,
    StartChosen,
)
from amltui.tui.screens.start import BEGIN, StartScreen
from amltui.tui.walk import Walk


def knowledge_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (start-up stays light)."""
    from amltui.tui.commands import KnowledgeCommands

    return KnowledgeCommands


class AmlApp(App[int]):
    """amltui: explore treatment options in relapsed or refractory AML (educational, not medical advice)."""

    CSS_PATH = "amltui.tcss"
    TITLE = "amltui"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = App.COMMANDS | {knowledge_commands}
    BINDINGS = [
        Binding("ctrl+p", "command_palette", "Palette", show=False, priority=True, id="app.palette",
                tooltip="Jump to a question, an option, a source or a glossary term"),
        Binding("t", "tree", "Tree", id="app.tree", tooltip="The whole decision tree, with the current path marked"),
        Binding("g", "glossary", "Terms", id="app.glossary", tooltip="Every term, searchable; opens at this question's terms"),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="What the marks and status words mean, and every key"),
        Binding("q", "quit", "Quit", show=False, id="app.quit", tooltip="Leave amltui"),
    ]

    #: The walk through the questions: the only questionnaire state, replaced on every change.
    walk: var[Walk] = var(None, init=False)  # type: ignore[assignment]

    def __init__(self, kb: KnowledgeBase, *, today: dt.date | None = None) -> None:
        super().__init__()
        self.kb = kb
        #: The date "possibly outdated" is judged against (fixed in tests).
        self.today = today or dt.date.today()
        self.set_reactive(AmlApp.walk, Walk.start(kb))

    def get_default_screen(self) -> StartScreen:
        return StartScreen()

    # --- the walk ----------------------------------------------------------------------------

    def begin(self, answers: dict[str, frozenset[str]] | None = None) -> None:
        """Start a walk (from no answers, or from answers a session gives) and show the question."""
        self.walk = Walk.start(self.kb, answers)
        self.show_questionnaire()

    @on(StartChosen)
    def _start_chosen(self, event: StartChosen) -> None:
        if event.choice == BEGIN:
            self.begin()

    @on(AnswerChosen)
    def _commit(self, event: AnswerChosen) -> None:
        """Every answer goes through the engine; a refusal is a notification, never a traceback."""
        question = self.kb.question(event.question_id)
        try:
            walk, change = self.walk.answer(event.question_id, event.answer_ids)
        except AnswerError as error:
            title = question.title if question else "Answer"
            self.notify(str(error), title=f"{title}: not accepted", severity="error", markup=False)
            return
        self.walk = walk
        if change.dropped:
            titles = [q.title for q in map(self.kb.question, change.dropped) if q]
            self.notify(
                "No longer apply, so dropped: " + ", ".join(titles),
                title="Later answers dropped",
                severity="warning",
                markup=False,
            )
        self.post_message(AnswerChanged(event.question_id, walk.answers, change))

    @on(ReopenQuestion)
    def _reopen(self, event: ReopenQuestion) -> None:
        if event.question_id is None:
            self.walk = self.walk.resume()
        elif self.walk.can_reopen(event.question_id):
            self.walk = self.walk.reopen(event.question_id)
        else:
            question = self.kb.question(event.question_id)
            title = question.title if question else event.question_id
            self.notify(f"“{title}” is not asked with the answers so far.", title="Not asked yet", markup=False)
            return
        self.show_questionnaire()

    # --- screens -----------------------------------------------------------------------------

    def show_questionnaire(self) -> Screen[Any]:
        """Bring the questionnaire to the top (closing what is over it), or open it."""
        from amltui.tui.screens.questionnaire import QuestionnaireScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, QuestionnaireScreen):
            self.pop_screen()
        if not isinstance(self.screen, QuestionnaireScreen):
            self.push_screen(QuestionnaireScreen())
        return self.screen

    def _open(self, screen: Screen[Any]) -> None:
        """Open a full screen; from the tree or the glossary, replace it instead of piling up."""
        from amltui.tui.screens.glossary import GlossaryScreen
        from amltui.tui.screens.tree import TreeScreen

        if isinstance(self.screen, (TreeScreen, GlossaryScreen)):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_tree(self) -> None:
        from amltui.tui.screens.tree import TreeScreen

        if not isinstance(self.screen, TreeScreen):
            self._open(TreeScreen())

    def action_glossary(self, term_id: str | None = None) -> None:
        from amltui.tui.screens.glossary import GlossaryScreen

        asking = self.walk.asking
        if isinstance(self.screen, GlossaryScreen):
            self.screen.select(term_id)
            return
        self._open(GlossaryScreen(asking.terms if asking else (), asking.title if asking else "", term_id))

    def action_help(self) -> None:
        from amltui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    @on(ShowTerm)
    def _show_term(self, event: ShowTerm) -> None:
        self.action_glossary(event.term_id)

    @on(ShowSource)
    def _show_source(self, event: ShowSource) -> None:
        from amltui.tui.screens.source import SourceScreen

        self.push_screen(SourceScreen(event.source_id))

    @on(ShowOption)
    def _show_option(self, event: ShowOption) -> None:
        from amltui.tui.screens.not_shown import NotShownScreen
        from amltui.tui.screens.questionnaire import QuestionnaireScreen

        if event.option_id in self.walk.evaluation.shown_ids:
            screen = self.show_questionnaire()
            if isinstance(screen, QuestionnaireScreen):
                self.call_after_refresh(screen.show_option, event.option_id)
            return
        if isinstance(self.screen, NotShownScreen):
            self.pop_screen()
        self.push_screen(NotShownScreen(self.walk, event.option_id))

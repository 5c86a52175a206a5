"""The questionnaire: the question, the options shown with their notes, and the answers so far.

Layout follows the width (breakpoint classes `-narrow` / `-wide` from the app):
at 100 columns and more the question, answers, options and notes are all on screen; below that
one pane at a time ("question", "options" with notes beside, or "answers"), switched with o / a
and Escape. The screen mirrors the app's `walk` and passes it down by data binding.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header

from amltui.tui.messages import ReopenQuestion
from amltui.tui.screens import catalogue
from amltui.tui.screens.base import WalkScreen
from amltui.tui.walk import Walk
from amltui.tui.widgets.answer_choices import AnswerChoices
from amltui.tui.widgets.answered_list import AnsweredList
from amltui.tui.widgets.breadcrumb import Breadcrumb
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.options_list import OptionsList
from amltui.tui.widgets.options_panel import OptionsPanel
from amltui.tui.widgets.question_view import QuestionView
from amltui.tui.widgets.summary import SummaryView


class QuestionnaireScreen(WalkScreen):
    AUTO_FOCUS = ""  # the pane logic focuses (without scrolling the question away)
    BINDINGS = [
        Binding("b,backspace", "back", "Back", id="questionnaire.back", tooltip="Reopen the previous question to change its answer"),
        Binding("a", "pane('answers')", "Answers", id="questionnaire.answers", tooltip="The answers so far: Enter on one reopens it"),
        Binding("o", "pane('options')", "Options", id="questionnaire.options", tooltip="The options shown, and the notes of the highlighted one"),
        Binding("n", "not_shown", "Hidden", show=False, id="questionnaire.not-shown", tooltip="The options not shown, each with what would show it"),
        Binding("w", "what_if", "What if", show=False, id="questionnaire.what-if", tooltip="What if: try another answer to an earlier question"),
        Binding("escape", "pane('question')", "Question", id="questionnaire.question", tooltip="Back to the question"),
        Binding("escape", "keep", "Keep", id="questionnaire.keep", tooltip="Leave the reopened question unchanged and go on"),
        # Left out of the footer (full at 80 columns with h Home): the question names g under its terms.
        Binding("g", "app.glossary", "Terms", show=False, id="questionnaire.glossary", tooltip="Every term, searchable; opens at this question's terms"),
    ]
    PANES = (("options", "#side"), ("answers", "#answered"), ("question", "#left-switcher"))

    def __init__(self) -> None:
        super().__init__("question")

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Breadcrumb(id="breadcrumb").data_bind(QuestionnaireScreen.walk)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                with ContentSwitcher(id="left-switcher", initial="question"):
                    yield QuestionView(id="question").data_bind(QuestionnaireScreen.walk)
                    yield SummaryView(id="summary").data_bind(QuestionnaireScreen.walk)
                yield AnsweredList(id="answered").data_bind(QuestionnaireScreen.walk)
            options = OptionsList(id="options").data_bind(QuestionnaireScreen.walk)
            yield OptionsPanel(options, notes_id="notes", says_nothing_listed=True, id="side").data_bind(QuestionnaireScreen.walk)
        yield KeyFooter(compact=True)
        yield DisclaimerBar(self.app.kb.disclaimer)

    def follow(self, walk: Walk) -> None:
        previous = self.walk
        self.walk = walk
        self.query_one(ContentSwitcher).current = "summary" if walk.complete else "question"
        asking = walk.asking
        if asking is None:
            self.sub_title = "Summary"
        else:
            self.sub_title = f"Question {walk.step}: {asking.title}" + (" (reopened)" if walk.reopened else "")
        moved = previous is None or previous.asking != asking or previous.reopened != walk.reopened
        if moved:
            self.pane = "question"  # a new (or reopened) question is answered in the question pane
        if self.pane == "question":
            self._focus_pane("question")
        self.refresh_bindings()

    # --- panes -----------------------------------------------------------------------------

    def action_pane(self, pane: str) -> None:
        self.pane = pane
        self._focus_pane(pane)

    def _focus_pane(self, pane: str) -> None:
        widget: Widget
        if pane == "options":
            widget = self.query_one(OptionsList)
        elif pane == "answers":
            widget = self.query_one(AnsweredList)
        elif self.walk is not None and self.walk.complete:
            widget = self.query_one(SummaryView)
        else:
            widget = self.query_one(AnswerChoices)
        widget.focus(scroll_visible=False)

    def show_option(self, option_id: str) -> bool:
        """Bring a shown option into view with its notes; False if it is not in the list."""
        if not self.query_one(OptionsList).select_option(option_id):
            return False
        self.pane = "options"
        self._focus_pane("options")
        return True

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        walk = self.walk
        if action == "pane":
            # The key for the pane you are in is hidden (Escape goes back to the question).
            return self.pane != parameters[0]
        if action == "keep":
            return self.pane == "question" and walk is not None and walk.reopened is not None
        if action == "back":
            # Hidden on the first question, where there is nothing to go back to.
            return walk is not None and walk.previous() is not None
        return True

    def action_back(self) -> None:
        previous = self.walk.previous() if self.walk else None
        if previous is not None:
            self.pane = "question"
            self.post_message(ReopenQuestion(previous.id))

    def action_keep(self) -> None:
        self.post_message(ReopenQuestion(None))

    def action_what_if(self) -> None:
        if self.walk is not None:
            # Start at the reopened question, else at the one answered last.
            self.app.push_screen(catalogue.WHAT_IF.make(self.walk.answers, question_id=self.walk.reopened or self.walk.last))

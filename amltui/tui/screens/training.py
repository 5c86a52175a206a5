"""Training: a case scenario, question by question, with feedback after each answer.

The case's story stays on screen. Each question goes through three phases:

- "answer": the question, answered with the questionnaire's own `QuestionView`;
- "predict": before the options update, the learner may tick which will appear and which will
  go (`PredictionPicker`), or skip;
- "reveal": the learner's answer beside the case's (✓ / ✗), the prediction's score with what was
  missed and wrongly expected, the step's teaching points with citations, and the options panel
  updated with + new / - gone marks.

Answers are committed like any other (`AnswerChosen`, recorded with the prediction). On a
mismatch the learner goes on with the case's answer (a second step: the session keeps both) or
their own. The summary is computed from the session (`sessions.training.summarise`). Narrow:
the story, then one pane (question, prediction or feedback; `o` swaps in the options); wide: the
options and their notes beside.
"""

from __future__ import annotations

from dataclasses import dataclass

from attrs import evolve
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header

from amltui.engine.training import StepResult
from amltui.knowledge.labels import question_title
from amltui.knowledge.models import Scenario
from amltui.sessions.model import Session
from amltui.sessions.training import summarise
from amltui.tui import present
from amltui.tui.messages import AnswerChosen
from amltui.tui.screens import catalogue
from amltui.tui.screens.base import WalkScreen
from amltui.tui.walk import Walk
from amltui.tui.widgets.answer_choices import AnswerChoices
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.facilitator_notes import FacilitatorNotes
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.options_list import OptionsList
from amltui.tui.widgets.options_panel import OptionsPanel
from amltui.tui.widgets.predict_pane import PredictPane
from amltui.tui.widgets.prediction_picker import PredictionPicker
from amltui.tui.widgets.question_view import QuestionView, changes_text
from amltui.tui.widgets.story_panel import StoryPanel
from amltui.tui.widgets.training_feedback import FeedbackPanel, reveal_content

STORY_HINT = "Tab: read it all"
#: The facilitator notes: cut to a few lines under the story until Tab gives them the room.
FACILITATOR_HINT = "Tab: read it all · f hides"
FACILITATOR_FOCUSED = "↑↓ scroll · Tab or Esc: back · f hides"
WHAT_IF_HINT = "w: what another answer to an earlier question would change (nothing is applied)."

#: The content switcher's panes, by phase ("done": the last feedback stays, Enter opens the summary).
PANES = {"answer": "question", "predict": "training-predict", "reveal": "feedback", "done": "feedback"}


@dataclass(frozen=True)
class Pending:
    """An answer sent to the app, waiting for the walk it makes."""

    #: "learner": the learner's own answer (revealed next); "case": the case's answer applied.
    kind: str
    question: str


class TrainingScreen(WalkScreen):
    AUTO_FOCUS = ""  # the phases focus
    BINDINGS = [
        Binding("enter", "next", "Next", id="training.next", tooltip="On to the next question"),
        Binding("enter", "summary", "Summary", id="training.summary", tooltip="The summary of this training walk"),
        Binding("e", "case_answer", "Case answer", id="training.case-answer", tooltip="Continue with the case's expected answer (yours stays in the session)"),
        Binding("k", "keep", "Keep mine", id="training.keep", tooltip="Keep your answer: the walk may leave the case"),
        Binding("o", "options", "Options", id="training.options", tooltip="The options shown (+ new / - gone) and the notes of the highlighted one"),
        Binding("f", "facilitator", "Trainer", id="training.facilitator",
                tooltip="Show or hide the facilitator notes (for the trainer; hidden from learners by default)"),
        # Not in the footer (it is full at 80 columns); the feedback names it, as the questionnaire's help does.
        Binding("w", "what_if", "What if", show=False, id="training.what-if",
                tooltip="What another answer to an earlier question would change (read-only: the case goes on as answered)"),
        Binding("escape", "back", "Back", id="training.back", tooltip="Back to the question"),
        Binding("escape", "leave", "Leave", id="training.leave", tooltip="Leave the training; every answer so far is saved"),
        # The app's h (home), left out of this full footer: Escape's Leave is named there.
        Binding("h", "app.home", "Home", show=False, id="training.home", tooltip="Back to the start screen; every answer so far is saved"),
        # The options list's n, from anywhere on the screen (not while predicting: it would tell).
        Binding("n", "not_shown", "Hidden", show=False, id="training.not-shown", tooltip="The options not shown, each with what would show it"),
    ]
    #: "main" (the phase's pane), "options", "story" or "facilitator" (narrow: instead of the main pane).
    PANES = (("story", "#training-story"), ("facilitator", "#training-facilitator"), ("options", "#training-side"))
    ELSEWHERE = "main"

    phase: reactive[str] = reactive("answer", init=False, always_update=True)
    show_facilitator: reactive[bool] = reactive(False, init=False)

    def __init__(self, scenario: Scenario) -> None:
        super().__init__("main")
        self.scenario = scenario
        self.pending: Pending | None = None
        #: The answer being revealed.
        self.result: StepResult | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        story = StoryPanel(self.scenario, id="training-story")
        story.border_subtitle = STORY_HINT
        yield story
        notes = FacilitatorNotes(self.scenario, id="training-facilitator")
        notes.border_subtitle = FACILITATOR_HINT
        yield notes
        with Horizontal(id="training-main"):
            with ContentSwitcher(id="training-switcher", initial="question"):
                yield QuestionView(id="question").data_bind(TrainingScreen.walk)
                yield PredictPane(id="training-predict")
                yield FeedbackPanel(id="feedback")
            options = OptionsList(id="options").data_bind(TrainingScreen.walk)
            yield OptionsPanel(options, notes_id="notes", says_nothing_listed=True, id="training-side").data_bind(TrainingScreen.walk)
        yield KeyFooter(compact=True)
        yield DisclaimerBar(self.app.kb.disclaimer)

    # --- following the walk --------------------------------------------------------------------

    def follow(self, walk: Walk) -> None:
        before = self.walk
        self.walk = walk
        pending = self.pending
        if pending is not None and before is not None and walk is not before and walk.last == pending.question:
            self.pending = None
            if pending.kind == "learner":
                self._reveal(walk)
                return
        self._ask()

    @property
    def session(self) -> Session:
        """The training walk as the app records it (a resumed session brings its earlier steps)."""
        recorder = self.app.recorder
        assert recorder is not None, "training starts through new_session or resume_session"
        return recorder.session

    def _ask(self) -> None:
        """The question the walk asks now; at the end, the summary."""
        walk = self.walk
        self.result = None
        if walk is not None and walk.complete and self.session.steps:
            self.phase = "done"
            self.action_summary()
            return
        self.phase = "answer"

    def _reveal(self, walk: Walk) -> None:
        kb = walk.kb
        result = summarise(self.session, self.scenario, kb).results[-1]
        case = self.scenario.step(result.question)
        if case is not None and not result.teaching:  # a question answered again still teaches
            result = evolve(result, teaching=case.teaching)
        self.result = result
        feedback = reveal_content(kb, result, changes_text(walk), present.today(self))
        self.query_one(FeedbackPanel).show(Content("\n").join([feedback, Content(""), Content.styled(WHAT_IF_HINT, present.MUTED)]))
        self.phase = "reveal"

    # --- phases --------------------------------------------------------------------------------

    def watch_phase(self) -> None:
        self.query_one(ContentSwitcher).current = PANES[self.phase]
        self.pane = "main"
        self._focus_phase()
        self._subtitle()
        self.refresh_bindings()

    def watch_pane(self, old: str, new: str) -> None:
        super().watch_pane(old, new)
        # Tab into the story gives it the room; then it says how to give the room back.
        story = self.query_one(StoryPanel)
        story.border_subtitle = "Tab or Esc: back" if new == "story" else STORY_HINT
        notes = self.query_one(FacilitatorNotes)
        notes.border_subtitle = FACILITATOR_FOCUSED if new == "facilitator" else FACILITATOR_HINT

    def watch_show_facilitator(self, show: bool) -> None:
        self.set_class(show, "-facilitator")

    def _subtitle(self) -> None:
        walk = self.walk
        asking = walk.asking if walk else None
        where = f"Question {walk.step}: {asking.title}" if walk and asking else "Complete"
        if self.phase == "reveal" and self.result is not None:
            where = f"Feedback: {question_title(self.app.kb, self.result.question)}"
        elif self.phase == "predict":
            where += " · predict"
        self.sub_title = f"Training · {where}"

    def _focus_phase(self) -> None:
        widget: Widget
        if self.phase == "answer":
            widget = self.query_one(AnswerChoices)
        elif self.phase == "predict":
            widget = self.query_one(PredictionPicker)
        else:
            widget = self.query_one(FeedbackPanel)
        widget.focus(scroll_visible=False)

    @on(AnswerChosen)
    def _chosen(self, event: AnswerChosen) -> None:
        """The learner's answer, held back until the prediction is made (or skipped)."""
        event.stop()
        walk = self.walk
        if walk is not None and self.phase == "answer" and self.query_one(PredictPane).ask(walk, event):
            self.phase = "predict"

    @on(PredictPane.Predicted)
    def _predicted(self, event: PredictPane.Predicted) -> None:
        event.stop()
        self.query_one(PredictPane).drop()
        self.pending = Pending("learner", event.question)
        self.app.post_message(AnswerChosen(event.question, event.answers, event.predicted))

    # --- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase, result = self.phase, self.result
        mismatch = phase == "reveal" and result is not None and result.matched is False
        walk = self.walk
        complete = walk is not None and walk.complete
        if action == "next":
            return phase == "reveal" and not mismatch and not complete
        if action == "summary":
            return (phase == "reveal" and not mismatch and complete) or phase == "done"
        if action in ("case_answer", "keep"):
            return mismatch
        if action == "back":
            return self.pane != "main" or phase == "predict"
        if action == "leave":  # not before a mismatch is settled (one of e / k first)
            return self.pane == "main" and phase != "predict" and not mismatch
        if action == "what_if":
            return phase != "predict" and walk is not None and bool(walk.answers)
        if action == "options":  # while predicting, the picker lists every option
            return self.pane != "options" and phase != "predict"
        if action == "not_shown":  # while predicting, what would show each option tells
            return phase != "predict"
        return True

    def action_next(self) -> None:
        self._ask()

    def action_summary(self) -> None:
        self.phase = "done"
        self.app.push_screen(catalogue.TRAINING_SUMMARY.make(self.session, self.scenario))

    def action_case_answer(self) -> None:
        result = self.result
        if result is None or result.expected is None:
            return
        self.pending = Pending("case", result.question)
        self.app.post_message(AnswerChosen(result.question, frozenset(result.expected)))

    def action_keep(self) -> None:
        self._ask()

    def action_options(self) -> None:
        self.pane = "options"
        self.query_one(OptionsList).focus()

    def action_what_if(self) -> None:
        if self.walk is not None and self.walk.answers:
            self.app.push_screen(catalogue.WHAT_IF.make(self.walk.answers, can_apply=False, question_id=self.walk.last))

    def action_facilitator(self) -> None:
        self.show_facilitator = not self.show_facilitator
        if not self.show_facilitator and self.pane == "facilitator":  # hidden while read: back to the phase
            self.pane = "main"
            self._focus_phase()

    def action_back(self) -> None:
        if self.pane != "main":
            self.pane = "main"
        elif self.phase == "predict":
            self.query_one(PredictPane).drop()
            self.phase = "answer"
            return
        self._focus_phase()

    def action_leave(self) -> None:
        self.app.action_home()

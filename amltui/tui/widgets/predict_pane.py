"""The step between an answer and its result, as training and a room's learner both take it: the
answer checked by the engine (a refusal is said, and the question stays), then "which options
will appear and which will go?" over a `PredictionPicker`.

The screen composes a `PredictPane` beside its `QuestionView` and hands it each `AnswerChosen`
(`ask`); when the prediction is made (or skipped) the pane posts `Predicted`, the answer and the
prediction together, for the screen to commit its own way: training sends it to the app, a
room's learner writes it to their file (and `drop`s it once it is committed).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from amltui import engine
from amltui.tui import present
from amltui.tui.messages import AnswerChosen
from amltui.tui.problem_notice import notify_problem
from amltui.tui.walk import Walk
from amltui.tui.widgets.prediction_picker import PredictionPicker
from amltui.tui.widgets.training_feedback import predict_intro


class PredictPane(Vertical):
    """The intro and the picker; holds the answer being predicted about (`chosen`)."""

    @dataclass
    class Predicted(Message):
        """The answer held, and the prediction made about it (None: skipped)."""

        question: str
        answers: frozenset[str]
        predicted: tuple[str, ...] | None

    def __init__(self, *, enter: str = "submits", before: str = "the options update", id: str | None = None) -> None:
        """`enter`: what Enter does to the answer, as the intro says it ("submits", "commits");
        `before`: what the prediction comes before ("the options update", "the reveal")."""
        super().__init__(id=id)
        self.enter = enter
        self.before = before
        #: The answer waiting for its prediction: (question id, answer ids).
        self.chosen: tuple[str, frozenset[str]] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="predict-intro", markup=False)
        yield PredictionPicker(id="prediction")

    def ask(self, walk: Walk, event: AnswerChosen) -> bool:
        """Hold back this answer and ask for the prediction; False (the refusal said) if the engine
        will not take it there (an empty answer, one the question does not have)."""
        question = walk.kb.question(event.question_id)
        try:
            engine.check_answer(walk.kb, walk.answers, event.question_id, event.answer_ids)
        except engine.AnswerError as error:
            notify_problem(self, error, "not accepted", place=question.title if question else "")
            return False
        self.chosen = (event.question_id, event.answer_ids)
        labels = present.answer_text(question.labels(event.answer_ids)) if question else ""
        self.query_one("#predict-intro", Static).update(predict_intro(labels, self.enter, self.before))
        self.query_one(PredictionPicker).show(walk)
        return True

    @on(PredictionPicker.Made)
    def _made(self, event: PredictionPicker.Made) -> None:
        event.stop()
        if self.chosen is not None:
            question, answers = self.chosen
            self.post_message(self.Predicted(question, answers, event.predicted))

    def drop(self) -> None:
        """The answer held is let go (committed, or back to the question)."""
        self.chosen = None

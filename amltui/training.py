"""Training mode, without the screen: scoring a prediction, and summing up a training session.

Before the options change with an answer, a learner may predict which will appear and which will
go. `score_prediction` compares that with what happened. `summarise` rebuilds the whole run from
a saved session and its scenario, so the end of a training walk and a later replay of the session
say the same thing. Pure: data in, data out; no Textual and no files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from attrs import frozen

from amltui import engine
from amltui.knowledge.models import KnowledgeBase, Note, Scenario
from amltui.sessions.model import Session, Step


@frozen
class PredictionScore:
    """What the learner expected to change beside what did.

    `points` out of `out_of` is the share of the options in play (predicted or changed) that the
    learner got right; predicting no change when nothing changes is right, 1 out of 1.
    """

    #: Options that appeared with the answer, then those that went, in panel order.
    appeared: tuple[str, ...]
    disappeared: tuple[str, ...]
    #: Predicted and did change.
    hits: tuple[str, ...]
    #: Changed, not predicted.
    missed: tuple[str, ...]
    #: Predicted, did not change ("wrongly expected").
    wrong: tuple[str, ...]

    @property
    def changed(self) -> tuple[str, ...]:
        return self.appeared + self.disappeared

    @property
    def points(self) -> int:
        return len(self.hits) if self.hits or self.missed or self.wrong else 1

    @property
    def out_of(self) -> int:
        return len(self.hits) + len(self.missed) + len(self.wrong) or 1

    @property
    def perfect(self) -> bool:
        return not self.missed and not self.wrong


def score_prediction(before: Sequence[str], after: Sequence[str], predicted: Iterable[str]) -> PredictionScore:
    """Score the option ids a learner expected to change (appear or go) with one answer.

    `before` and `after` are the option ids shown before and after the answer, in panel order.
    """
    expected = set(predicted)
    old, new = set(before), set(after)
    appeared = tuple(i for i in after if i not in old)
    disappeared = tuple(i for i in before if i not in new)
    changed = appeared + disappeared
    order = dict.fromkeys([*before, *after, *sorted(expected)])
    return PredictionScore(
        appeared=appeared,
        disappeared=disappeared,
        hits=tuple(i for i in changed if i in expected),
        missed=tuple(i for i in changed if i not in expected),
        wrong=tuple(i for i in order if i in expected and i not in changed),
    )


@frozen
class StepResult:
    """One answer the learner gave, compared with the case."""

    #: The session step (1-based).
    number: int
    question: str
    given: tuple[str, ...]
    #: The case's answer; None when the case has no answer for this question (the walk left it).
    expected: tuple[str, ...] | None
    #: None when the learner did not predict.
    prediction: PredictionScore | None
    teaching: tuple[Note, ...]

    @property
    def matched(self) -> bool | None:
        """True or False against the case; None when the case has no expected answer here."""
        if self.expected is None:
            return None
        return set(self.given) == set(self.expected)


@frozen
class TrainingSummary:
    scenario: Scenario
    #: The learner's own answers, in the order given (a case answer applied after a mismatch is
    #: not the learner's and is counted in `applied` instead).
    results: tuple[StepResult, ...]
    #: Questions where the case's expected answer was applied after a mismatch.
    applied: tuple[str, ...]
    #: Questions of the case the walk never reached (it left the case, or stopped early).
    not_reached: tuple[str, ...]

    @property
    def compared(self) -> tuple[StepResult, ...]:
        """Answers to questions the case has an answer for."""
        return tuple(r for r in self.results if r.matched is not None)

    @property
    def matched(self) -> int:
        return sum(1 for r in self.results if r.matched)

    @property
    def predictions(self) -> tuple[PredictionScore, ...]:
        return tuple(r.prediction for r in self.results if r.prediction is not None)

    @property
    def prediction_points(self) -> int:
        return sum(p.points for p in self.predictions)

    @property
    def prediction_out_of(self) -> int:
        return sum(p.out_of for p in self.predictions)

    @property
    def teaching(self) -> tuple[tuple[str, Note], ...]:
        """The teaching points met (question id, note), in the order they were shown."""
        return tuple((r.question, note) for r in self.results for note in r.teaching)


def is_applied(step: Step, previous: Step | None, scenario: Scenario) -> bool:
    """Whether a step applies the case's answer after the learner's different one.

    In a training walk the learner's answer to a question may be followed at once by the case's
    answer to the same question (the learner chose to continue with the case). Such a step has no
    prediction; every other step is the learner's own (including a reopened question answered
    again).
    """
    case = scenario.step(step.question)
    return (
        case is not None
        and previous is not None
        and previous.question == step.question
        and step.predicted is None
        and set(step.answers) == set(case.expected)
        and set(previous.answers) != set(case.expected)
    )


def summarise(session: Session, scenario: Scenario, kb: KnowledgeBase) -> TrainingSummary:
    """The whole run, from the saved session alone (and the case and knowledge base it names)."""
    results: list[StepResult] = []
    applied: list[str] = []
    taught: set[str] = set()  # a question answered again (reopened) teaches once
    initially_shown = engine.shown_ids(kb, {})
    for previous, step in zip((None, *session.steps), session.steps):
        if is_applied(step, previous, scenario):
            applied.append(step.question)
            continue
        case = scenario.step(step.question)
        before = previous.shown if previous is not None else initially_shown
        results.append(
            StepResult(
                number=step.number,
                question=step.question,
                given=step.answers,
                expected=case.expected if case is not None else None,
                prediction=None if step.predicted is None else score_prediction(before, step.shown, step.predicted),
                teaching=case.teaching if case is not None and step.question not in taught else (),
            )
        )
        taught.add(step.question)
    answered = {step.question for step in session.steps}
    return TrainingSummary(
        scenario=scenario,
        results=tuple(results),
        applied=tuple(applied),
        not_reached=tuple(s.question for s in scenario.steps if s.question not in answered),
    )

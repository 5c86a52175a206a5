"""Training mode's scoring: a learner's prediction against what happened, and a run's results.

Before the options change with an answer, a learner may predict which will appear and which will
go. `score_prediction` compares that with what happened; `amltui.sessions.training` sums up a
saved training session with these pieces. Pure: data in, data out; no Textual and no files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from attrs import frozen

from amltui.knowledge.models import Note, Scenario


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

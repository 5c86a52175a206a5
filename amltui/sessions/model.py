"""A session: one walk through the questions, as an append-only record of steps.

Nothing is rewritten: changing an earlier answer adds a step that says what the answer was, what
it became, and which later answers were dropped. Reviewer comments sit beside the steps.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

from attrs import evolve, frozen

FORMAT = 1


def now() -> dt.datetime:
    """The current time in UTC, to the second (what a person reads; keeps files tidy)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@frozen
class Step:
    #: 1, 2, 3 ... in the order they happened.
    number: int
    at: dt.datetime
    question: str
    answers: tuple[str, ...]
    #: Option ids on screen after this answer.
    shown: tuple[str, ...]
    #: For a change of an earlier answer: what it was (empty for a first answer).
    previous: tuple[str, ...] = ()
    #: Questions whose answers this step dropped because they no longer applied.
    dropped: tuple[str, ...] = ()
    #: Training: option ids the learner predicted would appear or go with this answer (empty:
    #: predicted no change); None when no prediction was made.
    predicted: tuple[str, ...] | None = None

    @property
    def is_change(self) -> bool:
        return bool(self.previous)


@frozen
class Comment:
    step: int
    author: str
    at: dt.datetime
    text: str


@frozen
class Session:
    id: str
    title: str
    created: dt.datetime
    updated: dt.datetime
    mode: str
    knowledge_version: str
    knowledge_digest: str
    steps: tuple[Step, ...] = ()
    comments: tuple[Comment, ...] = ()
    finished: bool = False
    #: For training sessions: the scenario played.
    scenario: str = ""
    #: The walk hid the layer of what changed since the sources (`--sources-only`); False for
    #: files without the key, which were all recorded with the layer on.
    sources_only: bool = False

    @classmethod
    def new(
        cls,
        title: str,
        knowledge_version: str,
        knowledge_digest: str,
        mode: str = "explore",
        scenario: str = "",
        sources_only: bool = False,
    ) -> Session:
        moment = now()
        return cls(
            id=uuid.uuid4().hex[:12],
            title=title,
            created=moment,
            updated=moment,
            mode=mode,
            knowledge_version=knowledge_version,
            knowledge_digest=knowledge_digest,
            scenario=scenario,
            sources_only=sources_only,
        )

    def answers_at(self, step_number: int) -> dict[str, frozenset[str]]:
        """The answers in force just after step `step_number` (0: before any step)."""
        result: dict[str, frozenset[str]] = {}
        for step, answers in self.answers_by_step():
            if step.number > step_number:
                break
            result = answers
        return result

    def answers_by_step(self) -> Iterator[tuple[Step, dict[str, frozenset[str]]]]:
        """Each step with the answers in force just after it (a fresh dict each time)."""
        answers: dict[str, frozenset[str]] = {}
        for step in self.steps:
            for question in step.dropped:
                answers.pop(question, None)
            answers[step.question] = frozenset(step.answers)
            yield step, dict(answers)

    @property
    def answers(self) -> dict[str, frozenset[str]]:
        return self.answers_at(len(self.steps))

    @property
    def shown(self) -> tuple[str, ...]:
        return self.steps[-1].shown if self.steps else ()

    def with_step(
        self,
        question: str,
        answers: tuple[str, ...],
        shown: tuple[str, ...],
        dropped: tuple[str, ...] = (),
        finished: bool = False,
        predicted: tuple[str, ...] | None = None,
    ) -> Session:
        """A copy with one more step; a change records what the answer was before."""
        previous = self.answers.get(question, frozenset())
        moment = now()
        step = Step(
            number=len(self.steps) + 1,
            at=moment,
            question=question,
            answers=answers,
            shown=shown,
            previous=tuple(sorted(previous)),
            dropped=dropped,
            predicted=predicted,
        )
        return evolve(self, steps=(*self.steps, step), updated=moment, finished=finished)

    def with_comment(self, step: int, author: str, text: str) -> Session:
        moment = now()
        return evolve(self, comments=(*self.comments, Comment(step, author, moment, text)), updated=moment)

    def renamed(self, title: str) -> Session:
        return evolve(self, title=title, updated=now())

    def copied(self, title: str) -> Session:
        """A duplicate with a new id (the original stays as it was)."""
        return evolve(self, id=uuid.uuid4().hex[:12], title=title, updated=now())

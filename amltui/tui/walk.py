"""The walk through the questions: the one place that holds the questionnaire's state.

A `Walk` is an immutable value: the answers (as the engine evaluated them), what changed with the
last answer, and which question is being asked. Every change goes through `engine.answer`, so the
screens, a session recorder and a replay all see the same thing. No Textual here: the app keeps
the current `Walk` in one reactive and posts `AnswerChanged` when an answer is committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from attrs import evolve, frozen

from amltui import engine
from amltui.engine import Change, Evaluation, OptionChanges
from amltui.knowledge.models import KnowledgeBase, Option, Question

NO_CHANGES = OptionChanges(appeared=(), disappeared=())


@frozen
class Dropped:
    """A changed answer that dropped later answers, which no longer applied."""

    question: str
    was: frozenset[str]
    became: frozenset[str]
    #: The questions dropped, each with the answer it had.
    answers: tuple[tuple[str, frozenset[str]], ...]


@frozen(eq=False)
class Walk:
    kb: KnowledgeBase
    evaluation: Evaluation
    #: Options that appeared and went away with the last committed answer.
    changes: OptionChanges = NO_CHANGES
    #: Questions whose answers the last committed answer made inapplicable.
    dropped: tuple[str, ...] = ()
    #: The question answered last (None before the first answer).
    last: str | None = None
    #: An earlier question reopened to be changed; None while asking the next question.
    reopened: str | None = None
    #: Every change in this walk that dropped later answers, in order (for the summary).
    drops: tuple[Dropped, ...] = ()

    @classmethod
    def start(cls, kb: KnowledgeBase, answers: Mapping[str, Iterable[str]] | None = None) -> Walk:
        given = {qid: frozenset(ids) for qid, ids in (answers or {}).items()}
        return cls(kb, engine.evaluate(kb, given))

    @property
    def answers(self) -> Mapping[str, frozenset[str]]:
        return self.evaluation.answers

    @property
    def asking(self) -> Question | None:
        """The question on screen: the reopened one, else the next unanswered one."""
        if self.reopened is not None:
            return self.kb.question(self.reopened)
        return self.evaluation.next_question

    @property
    def complete(self) -> bool:
        return self.asking is None

    @property
    def step(self) -> int:
        """The position of the asked question among the questions asked (1-based)."""
        asking = self.asking
        if asking is None:
            return len(self.evaluation.answered)
        return 1 + sum(1 for q in self.evaluation.answered if self.kb.position(q.id) < self.kb.position(asking.id))

    def answer(self, question_id: str, answer_ids: Iterable[str]) -> tuple[Walk, Change]:
        """Commit an answer; raises `engine.AnswerError` with a readable message."""
        change = engine.answer(self.kb, self.answers, question_id, answer_ids)
        after = engine.evaluate(self.kb, change.answers)
        drops = self.drops
        if change.dropped:
            was = self.answers.get(question_id, frozenset())
            lost = tuple((qid, self.answers[qid]) for qid in change.dropped if qid in self.answers)
            drops += (Dropped(question_id, was, change.answers[question_id], lost),)
        walk = Walk(
            self.kb,
            after,
            changes=engine.option_changes(self.evaluation, after),
            dropped=change.dropped,
            last=question_id,
            drops=drops,
        )
        return walk, change

    def can_reopen(self, question_id: str) -> bool:
        next_question = self.evaluation.next_question
        return question_id in self.answers or (next_question is not None and next_question.id == question_id)

    def reopen(self, question_id: str) -> Walk:
        """Ask an earlier question again (its answer stays until a new one is committed)."""
        if not self.can_reopen(question_id):
            raise ValueError(f"{question_id!r} is not answered and not the next question")
        next_question = self.evaluation.next_question
        if next_question is not None and next_question.id == question_id:
            return evolve(self, reopened=None)
        return evolve(self, reopened=question_id)

    def resume(self) -> Walk:
        """Back to the next unanswered question (leaving a reopened one unchanged)."""
        return evolve(self, reopened=None) if self.reopened is not None else self

    def previous(self) -> Question | None:
        """The answered question just before the one asked, if any."""
        asking = self.asking
        limit = self.kb.position(asking.id) if asking else len(self.kb.questions)
        earlier = [q for q in self.evaluation.answered if self.kb.position(q.id) < limit]
        return earlier[-1] if earlier else None

    def context(self) -> tuple[str | None, OptionChanges]:
        """The answer before the question on screen, and what it changed in the options shown.

        For the next question: the last answer given. For a reopened one: the answer to the
        question just before it, with what it changed over the answers before that, as it was
        when the reopened question was asked in order (not what the last answer did elsewhere).
        """
        if self.reopened is None:
            return self.last, self.changes
        previous = self.previous()
        if previous is None:
            return None, NO_CHANGES
        limit = self.kb.position(previous.id)
        before = {qid: ids for qid, ids in self.answers.items() if self.kb.position(qid) < limit}
        after = {**before, previous.id: self.answers[previous.id]}
        return previous.id, engine.option_changes(engine.evaluate(self.kb, before), engine.evaluate(self.kb, after))

    def labels(self, question: Question) -> tuple[str, ...]:
        """The labels of the answers given to a question, in the question's order."""
        return question.labels(self.answers.get(question.id, frozenset()))

    def gone(self) -> tuple[Option, ...]:
        """The options that went away with the last answer."""
        return tuple(o for o in map(self.kb.option, self.changes.disappeared) if o is not None)

    def would_show(self, option_id: str) -> str:
        """What would show a hidden option ("" when it is shown)."""
        return next((h.would_show for h in self.evaluation.hidden if h.option.id == option_id), "")

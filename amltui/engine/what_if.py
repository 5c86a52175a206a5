"""What if an earlier answer were different? The difference, without changing anything.

Pure: it takes the knowledge base, the answers a session holds, one question (answered, or the
next one to ask) and another answer to it, and returns what the engine would do with it: the
`Change` (answers after, questions dropped), the options that would appear (with the engine's
reasons), the options that would go (with what no longer holds), the options that stay, and the
questions that would newly be asked. Nothing is recorded; applying the change is the caller's
business (the TUI posts the same `AnswerChosen` an answer on screen posts).
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

from amltui import engine
from amltui.engine import AnswerError, Change, Evaluation, ShownOption
from amltui.knowledge.conditions import Answers, reasons
from amltui.knowledge.models import KnowledgeBase, Option, Question


@frozen
class Going:
    """An option shown now that the alternative answer would hide."""

    option: Option
    #: The reasons it is shown now that would no longer hold, as readable lines, described with
    #: the current answers ("Genetic markers: FLT3 mutation").
    no_longer: tuple[str, ...]
    #: What would show it again after the change (the hidden option's `would_show`).
    would_show: str


@frozen
class DroppedAnswer:
    """A later answer the change would drop because its question would no longer be asked."""

    question: Question
    answer_ids: frozenset[str]

    @property
    def labels(self) -> tuple[str, ...]:
        return self.question.labels(self.answer_ids)


@frozen
class WhatIf:
    question: Question
    #: The answer given now (empty when the question is the next one, not answered yet).
    current: frozenset[str]
    alternative: frozenset[str]
    change: Change
    before: Evaluation
    after: Evaluation
    #: Options the alternative would show, with the engine's reasons and regional approval.
    appear: tuple[ShownOption, ...]
    go: tuple[Going, ...]
    #: Options shown both before and after (as they would be shown after).
    unchanged: tuple[ShownOption, ...]
    dropped: tuple[DroppedAnswer, ...]
    #: Questions not asked now that the alternative would bring in (not answered, in order).
    new_questions: tuple[Question, ...]

    @property
    def no_change(self) -> bool:
        """The alternative is the answer already given."""
        return self.alternative == self.current

    @property
    def current_labels(self) -> tuple[str, ...]:
        return self.question.labels(self.current)

    @property
    def alternative_labels(self) -> tuple[str, ...]:
        return self.question.labels(self.alternative)


def can_try(kb: KnowledgeBase, given: Answers, question_id: str) -> bool:
    """Whether a question can be tried another way: it is answered, or it is the next one."""
    evaluation = engine.evaluate(kb, given)
    return question_id in evaluation.answers or (
        evaluation.next_question is not None and evaluation.next_question.id == question_id
    )


def tryable(kb: KnowledgeBase, given: Answers) -> tuple[Question, ...]:
    """The questions a what-if can start from: those answered, in order, then the next one."""
    evaluation = engine.evaluate(kb, given)
    nxt = (evaluation.next_question,) if evaluation.next_question is not None else ()
    return evaluation.answered + nxt


def what_if(kb: KnowledgeBase, given: Answers, question_id: str, answer_ids: Iterable[str]) -> WhatIf:
    """What answering `question_id` with `answer_ids` would change; `given` is left as it is.

    Raises `AnswerError` (with the engine's wording) for an alternative the engine would refuse,
    and for a question that is neither answered nor the next one to ask.
    """
    before = engine.evaluate(kb, given)
    change = engine.answer(kb, before.answers, question_id, answer_ids)  # checks the answer first
    question = kb.question(question_id)
    assert question is not None  # engine.answer refuses an unknown question
    if not can_try(kb, before.answers, question_id):
        raise AnswerError(question_id, "not answered yet and not the next question")
    after = engine.evaluate(kb, change.answers)

    was_shown = {s.option.id: s for s in before.shown}
    now_shown = set(after.shown_ids)
    would_show = {h.option.id: h.would_show for h in after.hidden}
    appear = tuple(s for s in after.shown if s.option.id not in was_shown)
    unchanged = tuple(s for s in after.shown if s.option.id in was_shown)
    go = tuple(
        Going(shown.option, _no_longer(kb, shown.option, before.answers, after.answers), would_show.get(shown.option.id, ""))
        for shown in before.shown
        if shown.option.id not in now_shown
    )
    dropped = tuple(
        DroppedAnswer(q, before.answers[q.id]) for q in map(kb.question, change.dropped) if q is not None
    )
    new_questions = tuple(
        q
        for q in kb.questions
        if q.id != question_id
        and q.id not in after.answers
        and engine.is_asked(q, after.answers)
        and not engine.is_asked(q, before.answers)
    )
    return WhatIf(
        question=question,
        current=before.answers.get(question_id, frozenset()),
        alternative=frozenset(answer_ids),
        change=change,
        before=before,
        after=after,
        appear=appear,
        go=go,
        unchanged=unchanged,
        dropped=dropped,
        new_questions=new_questions,
    )


def _no_longer(kb: KnowledgeBase, option: Option, before: Answers, after: Answers) -> tuple[str, ...]:
    """The reasons an option is shown with `before` that fail with `after`, in words."""
    return tuple(
        engine.describe(kb, reason, before) for reason in reasons(option.show_if, before) if not reason.holds(after)
    )

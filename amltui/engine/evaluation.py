"""The decision engine: pure functions from a knowledge base and answers to what comes next.

No Textual and no files: it takes data and returns data, so the screens, the command line and the
sessions all share one source of truth about what is asked and shown, and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from attrs import frozen

from amltui.knowledge.asking import answer_problems, applicable_answers, is_asked, next_question, still_to_ask
from amltui.knowledge.conditions import Answers, Condition, leaves, reasons, settled, unmet, waiting_part
from amltui.knowledge.models import Approval, KnowledgeBase, Notice, Option, Question
from amltui.knowledge.wording import describe
from amltui.problems import Problem, ProblemError, did_you_mean


class AnswerError(ProblemError, ValueError):
    """An answer that does not fit the question (unknown id, too many answers, not asked now): a
    problem whose `item` is the question's title, as the screens name it ("Genetic markers: choose
    at least one answer"), or the id typed for an unknown question (no file: a person answered)."""

    def __init__(self, question_id: str, message: str, hint: str = "") -> None:
        super().__init__([Problem("", message, item=question_id, hint=hint)])


@frozen
class ShownOption:
    option: Option
    #: The answers that made it appear, as readable lines ("Genetic markers: FLT3 mutation").
    reasons: tuple[str, ...]
    #: Source ids cited by its notes and approvals, in order, without repeats.
    sources: tuple[str, ...]
    #: Every approval line for the region answered, the base's then the layer's (empty: no
    #: region answered, or no line for it).
    approvals: tuple[Approval, ...] = ()

    @property
    def approval(self) -> Approval | None:
        """The newest approval line for the region answered (the layer's when it has one)."""
        return self.approvals[-1] if self.approvals else None


@frozen
class HiddenOption:
    option: Option
    #: What would show it, as a readable sentence.
    would_show: str
    #: The questions still to be asked that it waits for, in the order they are asked (empty: the
    #: answers given rule it out).
    waits_for: tuple[str, ...] = ()


@frozen
class Evaluation:
    #: The answers that still apply, in the order the questions are asked.
    answers: Mapping[str, frozenset[str]]
    #: The questions asked so far (answered), in order.
    answered: tuple[Question, ...]
    next_question: Question | None
    shown: tuple[ShownOption, ...]
    hidden: tuple[HiddenOption, ...]
    notices: tuple[Notice, ...]
    #: The questions still to be asked that options wait for, in the order they are asked.
    waited_for: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.next_question is None

    @property
    def shown_ids(self) -> tuple[str, ...]:
        return tuple(s.option.id for s in self.shown)

    @property
    def waiting(self) -> tuple[HiddenOption, ...]:
        """The hidden options that wait for a question still to be asked."""
        return tuple(h for h in self.hidden if h.waits_for)


@frozen
class Change:
    """The result of answering (or re-answering) a question."""

    answers: Mapping[str, frozenset[str]]
    #: Questions whose answers were dropped because they no longer apply, in order.
    dropped: tuple[str, ...]


@frozen
class OptionChanges:
    appeared: tuple[str, ...]
    disappeared: tuple[str, ...]


def evaluate(kb: KnowledgeBase, given: Answers) -> Evaluation:
    """What the answers show. One rule for questions not answered yet: an option (or a notice) is
    shown once the answers settle its condition, and waits while a question still to be asked
    could change it, whether that question would show it or rule it out (`WAITING_RULE`)."""
    answers, _ = applicable_answers(kb, given)
    waiting = still_to_ask(kb, answers)
    shown: list[ShownOption] = []
    hidden: list[HiddenOption] = []
    for option in kb.options:
        value = settled(option.show_if, answers, waiting)
        if value:
            shown.append(
                ShownOption(
                    option=option,
                    # The same answer can satisfy two parts of a condition: say it once.
                    reasons=tuple(dict.fromkeys(describe(kb, r, answers) for r in reasons(option.show_if, answers))),
                    sources=option_sources(option),
                    approvals=regional_approvals(kb, option, answers),
                )
            )
        elif value is None:
            part = waiting_part(option.show_if, answers, waiting)
            assert part is not None  # a waiting condition has a waiting part
            hidden.append(HiddenOption(option, describe(kb, part, answers), _questions_in(kb, part, waiting)))
        else:
            missing = unmet(option.show_if, answers)
            hidden.append(HiddenOption(option, describe(kb, missing) if missing else ""))
    return Evaluation(
        answers=answers,
        answered=tuple(q for q in kb.questions if q.id in answers),
        next_question=next_question(kb, answers),
        shown=tuple(shown),
        hidden=tuple(hidden),
        notices=tuple(n for n in kb.notices if settled(n.show_if, answers, waiting)),
        waited_for=tuple(q.id for q in kb.questions if any(q.id in h.waits_for for h in hidden)),
    )


def shown_ids(kb: KnowledgeBase, given: Answers) -> tuple[str, ...]:
    """Only which options are shown: what replay and drift need, without the explanations."""
    answers, _ = applicable_answers(kb, given)
    waiting = still_to_ask(kb, answers)
    return tuple(option.id for option in kb.options if settled(option.show_if, answers, waiting))


def _questions_in(kb: KnowledgeBase, condition: Condition, waiting: frozenset[str]) -> tuple[str, ...]:
    named = {leaf.question for leaf in leaves(condition)} & waiting
    return tuple(q.id for q in kb.questions if q.id in named)


def answer(kb: KnowledgeBase, given: Answers, question_id: str, answer_ids: Iterable[str]) -> Change:
    """Answer a question (new or earlier); later answers that no longer apply are dropped."""
    chosen = check_answer(kb, given, question_id, answer_ids)
    updated = dict(given)
    updated[question_id] = chosen
    answers, dropped = applicable_answers(kb, updated)
    return Change(answers, dropped)


def check_answer(kb: KnowledgeBase, given: Answers, question_id: str, answer_ids: Iterable[str]) -> frozenset[str]:
    """The chosen answer ids, or AnswerError saying plainly what is wrong, naming the question by
    its title ("Genetic markers: choose at least one answer"), as the screens do."""
    question = kb.question(question_id)
    if question is None:
        hint = did_you_mean(question_id, [q.id for q in kb.questions])
        raise AnswerError(question_id, "unknown question", hint)
    chosen = frozenset(answer_ids)
    problems = answer_problems(question, chosen)
    if problems:  # the first is enough for a person choosing on screen or on the command line
        message, hint = problems[0]
        raise AnswerError(question.title, message, hint)
    earlier = {qid: a for qid, a in given.items() if kb.position(qid) < kb.position(question_id)}
    kept, _ = applicable_answers(kb, earlier)
    if not is_asked(question, kept):
        why = describe(kb, question.ask_if) if question.ask_if else ""
        raise AnswerError(question.title, f"not asked with the earlier answers (asked only if {why})")
    return chosen


def option_changes(before: Evaluation | None, after: Evaluation) -> OptionChanges:
    """Which options appeared and which went away between two evaluations."""
    old = set(before.shown_ids) if before else set()
    new = set(after.shown_ids)
    return OptionChanges(
        appeared=tuple(i for i in after.shown_ids if i not in old),
        disappeared=tuple(i for i in (before.shown_ids if before else ()) if i not in new),
    )


def option_sources(option: Option) -> tuple[str, ...]:
    cited = [note.cites.source for note in option.notes] + [a.cites.source for a in option.approvals]
    return tuple(dict.fromkeys(cited))


def regional_approvals(kb: KnowledgeBase, option: Option, given: Answers) -> tuple[Approval, ...]:
    """The option's approval lines for the region answered, in order (the base's, then the layer's)."""
    regions = given.get(kb.region_question, frozenset())
    return tuple(a for a in option.approvals if a.region in regions)

"""The decision engine: pure functions from a knowledge base and answers to what comes next.

No Textual and no files: it takes data and returns data, so the screens, the command line and the
sessions all share one source of truth about what is asked and shown, and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from attrs import frozen

from amltui.knowledge.conditions import AllOf, AnyOf, Answers, Condition, Is, Not, reasons, unmet
from amltui.knowledge.models import Approval, KnowledgeBase, Notice, Option, Question
from amltui.knowledge.problems import did_you_mean


class AnswerError(ValueError):
    """An answer that does not fit the question (unknown id, too many answers, not asked now)."""


@frozen
class ShownOption:
    option: Option
    #: The answers that made it appear, as readable lines ("Genetic markers: FLT3 mutation").
    reasons: tuple[str, ...]
    #: Source ids cited by its notes and approvals, in order, without repeats.
    sources: tuple[str, ...]
    #: What the sources say about approval in the region answered (None: no region or no word).
    approval: Approval | None


@frozen
class HiddenOption:
    option: Option
    #: What would show it, as a readable sentence.
    would_show: str


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

    @property
    def complete(self) -> bool:
        return self.next_question is None

    @property
    def shown_ids(self) -> tuple[str, ...]:
        return tuple(s.option.id for s in self.shown)


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


def applicable_answers(kb: KnowledgeBase, given: Answers) -> tuple[dict[str, frozenset[str]], tuple[str, ...]]:
    """Keep only the answers to questions that are asked given the earlier answers kept.

    Returns the kept answers in question order and the ids of the answers dropped.
    """
    kept: dict[str, frozenset[str]] = {}
    for question in kb.questions:
        if question.id in given and is_asked(question, kept):
            kept[question.id] = frozenset(given[question.id])
    dropped = tuple(q.id for q in kb.questions if q.id in given and q.id not in kept)
    return kept, dropped


def is_asked(question: Question, given: Answers) -> bool:
    return question.ask_if is None or question.ask_if.holds(given)


def next_question(kb: KnowledgeBase, given: Answers) -> Question | None:
    """The first question that applies and is not answered yet, or None when complete."""
    for question in kb.questions:
        if question.id not in given and is_asked(question, given):
            return question
    return None


def evaluate(kb: KnowledgeBase, given: Answers) -> Evaluation:
    answers, _ = applicable_answers(kb, given)
    shown: list[ShownOption] = []
    hidden: list[HiddenOption] = []
    for option in kb.options:
        if option.show_if.holds(answers):
            shown.append(
                ShownOption(
                    option=option,
                    # The same answer can satisfy two parts of a condition: say it once.
                    reasons=tuple(dict.fromkeys(describe(kb, r, answers) for r in reasons(option.show_if, answers))),
                    sources=option_sources(option),
                    approval=regional_approval(kb, option, answers),
                )
            )
        else:
            missing = unmet(option.show_if, answers)
            hidden.append(HiddenOption(option, describe(kb, missing) if missing else ""))
    return Evaluation(
        answers=answers,
        answered=tuple(q for q in kb.questions if q.id in answers),
        next_question=next_question(kb, answers),
        shown=tuple(shown),
        hidden=tuple(hidden),
        notices=tuple(n for n in kb.notices if n.show_if.holds(answers)),
    )


def shown_ids(kb: KnowledgeBase, given: Answers) -> tuple[str, ...]:
    """Only which options are shown: what replay and drift need, without the explanations."""
    answers, _ = applicable_answers(kb, given)
    return tuple(option.id for option in kb.options if option.show_if.holds(answers))


def answer(kb: KnowledgeBase, given: Answers, question_id: str, answer_ids: Iterable[str]) -> Change:
    """Answer a question (new or earlier); later answers that no longer apply are dropped."""
    chosen = check_answer(kb, given, question_id, answer_ids)
    updated = dict(given)
    updated[question_id] = chosen
    answers, dropped = applicable_answers(kb, updated)
    return Change(answers, dropped)


def check_answer(kb: KnowledgeBase, given: Answers, question_id: str, answer_ids: Iterable[str]) -> frozenset[str]:
    """The chosen answer ids, or AnswerError saying plainly what is wrong."""
    question = kb.question(question_id)
    if question is None:
        hint = did_you_mean(question_id, [q.id for q in kb.questions])
        raise AnswerError(f"unknown question {question_id!r}" + (f" ({hint})" if hint else ""))
    chosen = frozenset(answer_ids)
    known = [a.id for a in question.answers]
    for answer_id in sorted(chosen - set(known)):
        hint = did_you_mean(answer_id, known) or "answers: " + ", ".join(known)
        raise AnswerError(f"{question_id}: unknown answer {answer_id!r} ({hint})")
    if not chosen:
        raise AnswerError(f"{question_id}: choose at least one answer")
    if len(chosen) > 1 and not question.multiple:
        raise AnswerError(f"{question_id}: only one answer may be chosen")
    exclusive = [a.id for a in question.answers if a.exclusive and a.id in chosen]
    if exclusive and len(chosen) > 1:
        raise AnswerError(f"{question_id}: {exclusive[0]!r} cannot be combined with other answers")
    earlier = {qid: a for qid, a in given.items() if kb.position(qid) < kb.position(question_id)}
    kept, _ = applicable_answers(kb, earlier)
    if not is_asked(question, kept):
        why = describe(kb, question.ask_if) if question.ask_if else ""
        raise AnswerError(f"{question_id}: not asked with the earlier answers (asked only if {why})")
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


def regional_approval(kb: KnowledgeBase, option: Option, given: Answers) -> Approval | None:
    regions = given.get(kb.region_question, frozenset())
    return next((a for a in option.approvals if a.region in regions), None)


def describe(kb: KnowledgeBase, condition: Condition, given: Answers | None = None) -> str:
    """A condition in words, using the questions' titles and the answers' labels.

    With `given`, a true condition is described by the answers actually given ("Donor: A matched
    brother or sister"), which is how reasons read; without it, by what it asks for.
    """
    match condition:
        case Is(question_id, answer_ids):
            chosen = answer_ids & given.get(question_id, frozenset()) if given else answer_ids
            return f"{_title(kb, question_id)}: {_labels(kb, question_id, chosen or answer_ids)}"
        case Not(Is(question_id, answer_ids)):
            text = f"{_title(kb, question_id)}: anything but {_labels(kb, question_id, answer_ids)}"
            if given is not None and question_id not in given:
                question = kb.question(question_id)
                skipped = question is not None and not is_asked(question, given)
                return text + (" (not asked with these answers)" if skipped else " (not answered yet)")
            if given:
                return f"{_title(kb, question_id)}: {_labels(kb, question_id, given[question_id])}"
            return text
        case Not(part):
            return f"not ({describe(kb, part)})"
        case AllOf(parts):
            return "; ".join(_nested(kb, p, given) for p in parts)
        case AnyOf(parts):
            return "either " + ", or ".join(_nested(kb, p, given) for p in parts)
    raise TypeError(condition)  # pragma: no cover


def _title(kb: KnowledgeBase, question_id: str) -> str:
    question = kb.question(question_id)
    return question.title if question else question_id


def _labels(kb: KnowledgeBase, question_id: str, answer_ids: Iterable[str]) -> str:
    """Answer labels in the question's order; quoted when several, since labels may say "or"."""
    question = kb.question(question_id)
    ids = set(answer_ids)
    labels = question.labels(ids) if question else sorted(ids)
    if len(labels) == 1:
        return labels[0]
    return "one of " + ", ".join(f"\u201c{label}\u201d" for label in labels)


def _nested(kb: KnowledgeBase, condition: Condition, given: Answers | None) -> str:
    text = describe(kb, condition, given)
    return f"({text})" if isinstance(condition, (AllOf, AnyOf)) and len(condition.parts) > 1 else text

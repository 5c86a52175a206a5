"""Conditions in words, with the questions' titles and the answers' labels."""

from __future__ import annotations

from collections.abc import Iterable

from amltui.knowledge.asking import is_asked
from amltui.knowledge.conditions import AllOf, Answers, AnyOf, Condition, Is, Not
from amltui.knowledge.models import KnowledgeBase


def describe(kb: KnowledgeBase, condition: Condition, given: Answers | None = None) -> str:
    """A condition in words, using the questions' titles and the answers' labels.

    With `given`, a true condition is described by the answers actually given ("Donor: A matched
    brother or sister"), which is how reasons read; without it, by what it asks for.
    """
    match condition:
        case Is(question_id, answer_ids):
            chosen = answer_ids & given.get(question_id, frozenset()) if given else answer_ids
            if _every_answer(kb, question_id, answer_ids) and not (given and question_id in given):
                return f"once {_title(kb, question_id)} is answered"  # any answer will do
            return f"{_title(kb, question_id)}: {_labels(kb, question_id, chosen or answer_ids)}"
        case Not(Is(question_id, answer_ids)):
            return _describe_not(kb, question_id, answer_ids, given)
        case Not(part):
            return f"not ({describe(kb, part)})"
        case AllOf(parts):
            return "; ".join(_nested(kb, p, given) for p in parts)
        case AnyOf(parts):
            return "either " + ", or ".join(_nested(kb, p, given) for p in parts)
    raise TypeError(condition)  # pragma: no cover


def _describe_not(kb: KnowledgeBase, question_id: str, answer_ids: frozenset[str], given: Answers | None) -> str:
    """`not` on one question: what it excludes, or with `given` the answer that satisfies it."""
    question = kb.question(question_id)
    # Every answer listed: the condition means "not answered", and says so briefly.
    unanswered = _every_answer(kb, question_id, answer_ids)
    others = [a.id for a in question.answers if a.id not in answer_ids] if question else []
    if unanswered:
        text = f"{_title(kb, question_id)}: not answered"
    elif len(others) == 1 and question is not None and not question.multiple:
        text = f"{_title(kb, question_id)}: {_labels(kb, question_id, others)}"  # the one left
    else:
        text = f"{_title(kb, question_id)}: anything but {_labels(kb, question_id, answer_ids)}"
    if given is not None and question_id not in given:
        skipped = question is not None and not is_asked(question, given)
        if unanswered:
            return text + (" (not asked with these answers)" if skipped else " yet")
        return text + (" (not asked with these answers)" if skipped else " (not answered yet)")
    if given:
        return f"{_title(kb, question_id)}: {_labels(kb, question_id, given[question_id])}"
    return text


def _every_answer(kb: KnowledgeBase, question_id: str, answer_ids: frozenset[str]) -> bool:
    question = kb.question(question_id)
    return question is not None and answer_ids >= {a.id for a in question.answers}


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


#: The rule for questions not answered yet (`conditions.settled`), as the screens and reports say it.
WAITING_RULE = (
    "An option appears once the answers given settle it: while a question still to be asked could "
    "show it or rule it out, it waits for that question."
)


def waited_for(kb: KnowledgeBase, question_ids: Iterable[str]) -> str:
    """What options wait for, briefly: one or two questions by title ("Fitness and Goals"), more
    as "answers still to come" (a line on a narrow screen)."""
    ids = list(question_ids)
    return " and ".join(_title(kb, q) for q in ids) if len(ids) <= 2 else "answers still to come"

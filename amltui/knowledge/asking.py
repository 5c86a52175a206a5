"""Which questions are asked, in what order, and which answers fit a question.

Pure functions of the knowledge base and the answers given: the engine builds on them, and the
scenario checks use them to walk a case in the order the app asks.
"""

from __future__ import annotations

from collections.abc import Iterable

from amltui.knowledge.conditions import Answers, settled
from amltui.knowledge.models import KnowledgeBase, Question
from amltui.problems import did_you_mean


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


def still_to_ask(kb: KnowledgeBase, given: Answers) -> frozenset[str]:
    """The questions not answered that may still be asked: those whose `ask_if` the answers so
    far do not rule out (`ask_if` refers only to earlier questions, so one pass in order will do)."""
    waiting: set[str] = set()
    for question in kb.questions:
        if question.id in given:
            continue
        if question.ask_if is None or settled(question.ask_if, given, frozenset(waiting)) is not False:
            waiting.add(question.id)
    return frozenset(waiting)


def answer_problems(question: Question, answer_ids: Iterable[str]) -> list[tuple[str, str]]:
    """What is wrong with these answers to the question, as (message, hint) pairs; [] if they fit."""
    chosen = frozenset(answer_ids)
    known = [a.id for a in question.answers]
    problems = [
        (f"unknown answer {answer_id!r}", did_you_mean(answer_id, known) or "answers: " + ", ".join(known))
        for answer_id in sorted(chosen - set(known))
    ]
    if not chosen:
        problems.append(("choose at least one answer", ""))
    if len(chosen) > 1 and not question.multiple:
        problems.append(("only one answer may be chosen", ""))
    exclusive = [a.id for a in question.answers if a.exclusive and a.id in chosen]
    if exclusive and len(chosen) > 1:
        problems.append((f"{exclusive[0]!r} cannot be combined with other answers", ""))
    return problems

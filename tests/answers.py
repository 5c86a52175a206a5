"""Building answers in tests the way a person gives them: question by question, in order."""

from __future__ import annotations

from amltui import engine
from amltui.knowledge import KnowledgeBase

#: A complete walk: relapse after a long remission, no transplant, FLT3, fit, aiming for cure, US.
FULL = dict(
    disease_status="relapsed",
    remission_length="over_12_months",
    prior_transplant="none",
    markers="flt3",
    fitness="fit",
    goals="cure",
    donor="sibling",
    region="us",
)


def walk(kb: KnowledgeBase, **answers: str | list[str]) -> dict[str, frozenset[str]]:
    """Answer in the order the questions are asked; "a,b" gives several answers."""
    given: dict[str, frozenset[str]] = {}
    for question in kb.questions:
        if question.id in answers:
            value = answers[question.id]
            ids = value.split(",") if isinstance(value, str) else value
            given = dict(engine.answer(kb, given, question.id, ids).answers)
    return given

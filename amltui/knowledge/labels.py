"""What to call a question or its answers by id, including ids a newer knowledge base no longer has
(a saved session may name them): reports, replay, compare and the command line all say it so."""

from __future__ import annotations

from amltui.knowledge.models import KnowledgeBase


def question_title(kb: KnowledgeBase, question_id: str) -> str:
    question = kb.question(question_id)
    return question.title if question else f"{question_id} (question no longer in the knowledge base)"


def answer_labels(kb: KnowledgeBase, question_id: str, answer_ids: tuple[str, ...] | frozenset[str]) -> str:
    """Answer labels in the question's order; ids the knowledge base no longer has are said so."""
    question = kb.question(question_id)
    return ", ".join(question.labels(answer_ids) if question else sorted(answer_ids))

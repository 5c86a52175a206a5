"""Cross-checks of a built knowledge base (filled in by the validation work)."""

from __future__ import annotations

from amltui.knowledge.models import KnowledgeBase
from amltui.knowledge.problems import Problem


def validate(kb: KnowledgeBase) -> list[Problem]:
    return []

"""The knowledge base: models, loading and validation (no Textual, no screen)."""

from typing import TYPE_CHECKING, Any

from amltui.problems import KnowledgeError, Problem

if TYPE_CHECKING:
    from amltui.knowledge.loader import load_knowledge
    from amltui.knowledge.models import KnowledgeBase

__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "load_knowledge"]


def __getattr__(name: str) -> Any:
    """Imported when first asked for: the app's start shows a base's card (knowledge.card)
    without its models, the loader or the checks."""
    if name == "load_knowledge":
        from amltui.knowledge.loader import load_knowledge

        return load_knowledge
    if name == "KnowledgeBase":
        from amltui.knowledge.models import KnowledgeBase

        return KnowledgeBase
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The knowledge base: models, loading and validation (no Textual, no screen)."""

from typing import TYPE_CHECKING, Any

from amltui.knowledge.models import KnowledgeBase
from amltui.problems import KnowledgeError, Problem

if TYPE_CHECKING:
    from amltui.knowledge.loader import load_knowledge

__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "load_knowledge"]


def __getattr__(name: str) -> Any:
    """`load_knowledge` imports the loader and the checks when first asked for: the app's start
    takes a checked base from the cache (knowledge.cache) without either."""
    if name == "load_knowledge":
        from amltui.knowledge.loader import load_knowledge

        return load_knowledge
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

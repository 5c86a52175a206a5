"""The knowledge base: models, loading and validation (no Textual, no screen)."""

from amltui.knowledge.loader import load_knowledge
from amltui.knowledge.models import KnowledgeBase
from amltui.problems import KnowledgeError, Problem

__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "load_knowledge"]

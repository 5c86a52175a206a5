"""The knowledge base: models, loading and validation (no Textual, no screen)."""

from amltui.knowledge.loader import load_knowledge
from amltui.knowledge.models import KnowledgeBase
from amltui.knowledge.problems import KnowledgeError, Problem

__all__ = ["KnowledgeBase", "KnowledgeError", "Problem", "load_knowledge"]

"""The knowledge base shipped with the program loads and validates without a single problem."""

from __future__ import annotations

import pytest

from amltui.knowledge import KnowledgeError, load_knowledge
from amltui.locations import bundled_knowledge

FOLDER = bundled_knowledge()


@pytest.mark.skipif(
    not (FOLDER / "questions.toml").is_file(),
    reason="the bundled knowledge base (knowledge/questions.toml) is not written yet",
)
def test_bundled_knowledge_has_no_problems():
    try:
        kb = load_knowledge(FOLDER)
    except KnowledgeError as error:
        pytest.fail("\n".join(str(p) for p in error.problems))
    assert kb.questions and kb.options

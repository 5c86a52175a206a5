"""Shared fixtures: the bundled knowledge base, loaded once per test session."""

from __future__ import annotations

import pytest

from amltui.knowledge import KnowledgeBase, load_knowledge
from amltui.locations import bundled_knowledge


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(bundled_knowledge())


pytest_plugins = ["tests.sessions.fixtures"]

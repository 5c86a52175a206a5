"""Shared fixtures: the bundled knowledge base, loaded once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from amltui.glyphs import ASCII_VARIABLE
from amltui.knowledge import KnowledgeBase, load_knowledge
from amltui.locations import bundled_knowledge


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(bundled_knowledge())


def layered_knowledge(tmp_path: Path) -> KnowledgeBase:
    """The minimal fixture knowledge base with the fixture layer (neutral content), loaded."""
    folder = tmp_path / "knowledge"
    fixtures = Path(__file__).parent / "knowledge" / "fixtures"
    shutil.copytree(fixtures / "minimal", folder)
    shutil.copy(fixtures / "layer" / "since_sources.toml", folder)
    return load_knowledge(folder)


pytest_plugins = ["tests.sessions.fixtures"]

# Property tests: a quick profile for every run (the suite's 3 minutes on 2 cores include CI's),
# and a thorough one to run by hand: HYPOTHESIS_PROFILE=thorough pytest tests/sessions.
settings.register_profile("quick", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets a cache folder of its own ($AMLTUI_CACHE), so none reads the user's
    cache or another test's (apps started in a pty inherit the variable)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("AMLTUI_CACHE", str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_ascii_left_behind() -> Iterator[None]:
    """`amltui --ascii` sets AMLTUI_ASCII in its own process (for the app and its children); a
    command-line test runs main() in the test process, so the switch would stay on for every
    later test in that worker (the tree then drew "->" for "→")."""
    before = os.environ.get(ASCII_VARIABLE)
    yield
    if before is None:
        os.environ.pop(ASCII_VARIABLE, None)
    else:
        os.environ[ASCII_VARIABLE] = before

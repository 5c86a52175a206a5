"""A fresh copy of the minimal knowledge base for each test, and helpers to break it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from amltui.knowledge import KnowledgeError, Problem, load_knowledge

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


class KnowledgeCopy:
    """A writable copy of the minimal knowledge base."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def replace(self, file: str, old: str, new: str) -> None:
        """Replace text that must be in the file (so a changed fixture fails loudly)."""
        path = self.folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def append(self, file: str, text: str) -> None:
        with (self.folder / file).open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)

    def problems(self) -> tuple[Problem, ...]:
        """Every problem reported; fails if the knowledge base loads cleanly."""
        with pytest.raises(KnowledgeError) as caught:
            load_knowledge(self.folder)
        return caught.value.problems

    def problem(self, message: str) -> Problem:
        """The one problem whose message contains `message`."""
        found = [p for p in self.problems() if message in p.message]
        assert len(found) == 1, f"{message!r} in {[str(p) for p in self.problems()]}"
        return found[0]


@pytest.fixture
def kb_copy(tmp_path: Path) -> KnowledgeCopy:
    folder = tmp_path / "knowledge"
    shutil.copytree(MINIMAL, folder)
    return KnowledgeCopy(folder)

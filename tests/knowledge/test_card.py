"""The knowledge base's card: what the start screen shows of a base checked before, read without
building it; the base is built the same from it later, and a damaged, crafted or stale card is
never believed (the base is loaded at once instead)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from amltui import cache_files
from amltui.knowledge import KnowledgeError, load_knowledge
from amltui.knowledge.card import FORMAT, Card, Deferred, card_file, read_card, start_knowledge
from amltui.knowledge.fingerprint import files_digest
from amltui.knowledge.models import KnowledgeBase
from amltui.locations import bundled_knowledge


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge(), copy)
    return copy


def test_a_first_start_loads_the_base_and_keeps_its_card_for_the_next(folder):
    first = start_knowledge(folder)
    assert isinstance(first, KnowledgeBase)
    second = start_knowledge(folder)
    assert isinstance(second, Deferred)
    assert second.card == Card.of(first)
    assert second.load() == first


def test_the_card_says_what_the_base_holds(folder):
    kb = load_knowledge(folder)
    card = Card.of(kb)
    assert (card.title, card.version, card.disclaimer) == (kb.title, kb.version, kb.disclaimer)
    assert (card.questions, card.options, card.terms, card.scenarios) == (len(kb.questions), len(kb.options), len(kb.glossary),
                                                                            len(kb.scenarios))
    hidden = kb.sources_only()
    assert card.base_options == len(hidden.options) < card.options  # the layer adds options
    assert card.sources == len(kb.base_sources) == len(hidden.sources)
    assert kb.layer is not None
    assert (card.layer_title, card.layer_checked) == (kb.layer.title, kb.layer.checked_up_to)
    assert card.layer_documents == len(kb.sources) - len(hidden.sources) > 0


def test_a_changed_file_is_loaded_and_checked_now_not_taken_from_an_old_card(folder):
    start_knowledge(folder)
    kb_toml = folder / "kb.toml"
    kb_toml.write_text(kb_toml.read_text(encoding="utf-8").replace('version = "', 'version = "changed-'), encoding="utf-8")
    again = start_knowledge(folder)
    assert isinstance(again, KnowledgeBase)
    assert again.version.startswith("changed-")
    assert isinstance(start_knowledge(folder), Deferred)  # and that base's card is kept in turn


def test_a_changed_file_that_does_not_load_is_reported_at_once(folder):
    start_knowledge(folder)
    (folder / "questions.toml").write_text("[[question]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        start_knowledge(folder)


def _rewrite(folder: Path, change) -> None:
    """The card on disk rewritten by `change` (its payload), still signed as cache_files signs."""
    digest = files_digest(folder)
    assert digest is not None
    content = cache_files.read(card_file(digest), FORMAT, 1 << 20, place=digest)
    assert content is not None
    cache_files.write(card_file(digest), FORMAT, change(content), place=digest)


@pytest.mark.parametrize(
    "change",
    [
        lambda c: {**c, "title": "\x1b]0;owned\x07Relapsed"},  # a terminal escape in the text
        lambda c: {**c, "disclaimer": "safe\u202eevil"},  # a bidirectional override
        lambda c: {**c, "questions": -1},
        lambda c: {**c, "options": "28"},
        lambda c: {**c, "scenarios": True},  # a bool is not a count
        lambda c: {**c, "layer_checked": "yesterday"},
        lambda c: {**c, "layer_checked": 20261130},
        lambda c: {**c, "extra": 1},
        lambda c: {k: v for k, v in c.items() if k != "version"},
        lambda c: [c],
        lambda c: None,
    ],
    ids=["escape", "bidi", "negative", "text-count", "bool-count", "bad-day", "number-day", "extra", "missing", "list", "null"],
)
def test_a_crafted_card_is_not_believed_and_the_base_is_loaded(folder, change):
    start_knowledge(folder)
    _rewrite(folder, change)
    kb = start_knowledge(folder)
    assert isinstance(kb, KnowledgeBase)  # loaded now, as on a first start
    assert isinstance(start_knowledge(folder), Deferred)  # and a good card written in its place


def test_a_card_for_other_files_or_torn_or_not_private_is_not_believed(folder):
    start_knowledge(folder)
    digest = files_digest(folder)
    assert digest is not None
    path = card_file(digest)
    first, _, payload = path.read_bytes().partition(b"\n")
    path.write_bytes(json.dumps({**json.loads(first), "place": "0" * 64}).encode() + b"\n" + payload)  # another base's
    assert read_card(digest) is None
    path.write_bytes(path.read_bytes()[:-40])  # torn
    assert read_card(digest) is None
    start_knowledge(folder)
    assert read_card(digest) is not None
    os.chmod(path, 0o644)  # readable by others: not ours alone
    assert read_card(digest) is None


def test_without_a_cache_folder_every_start_loads_the_base(folder, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("AMLTUI_CACHE", str(blocked / "cache"))
    assert isinstance(start_knowledge(folder), KnowledgeBase)
    assert isinstance(start_knowledge(folder), KnowledgeBase)

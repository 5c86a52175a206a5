"""The cache of checked knowledge bases: the same base as a full load, a changed file checked in
full again, and a damaged, crafted or foreign cache never believed."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from amltui import cache_files
from amltui.knowledge import KnowledgeError, cache, load_knowledge, loader
from amltui.knowledge.cache import cache_file, load_cached
from amltui.knowledge.fingerprint import files_digest
from amltui.knowledge.scenarios import FOLDER
from amltui.locations import bundled_knowledge


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge(), copy)
    return copy


def full_loads(monkeypatch) -> list[Path]:
    """The folders loaded and checked in full from now on."""
    loads: list[Path] = []

    def load(folder: Path):
        loads.append(folder)
        return load_knowledge(folder)

    monkeypatch.setattr(loader, "load_knowledge", load)
    return loads


def test_a_cached_base_is_the_base_a_full_load_gives(folder, monkeypatch, private_cache):
    full = load_knowledge(folder)
    assert files_digest(folder) == full.digest
    assert load_cached(folder) == full
    path = cache_file(full.digest)
    assert path.parent == private_cache and stat.S_IMODE(path.stat().st_mode) == 0o600
    loads = full_loads(monkeypatch)
    cached = load_cached(folder)
    assert cached == full and loads == []
    assert cached.question("disease_status") == full.question("disease_status")
    assert cached.sources_only() == full.sources_only()


def test_a_changed_file_is_checked_in_full_again(folder, monkeypatch):
    load_cached(folder)
    loads = full_loads(monkeypatch)
    kb_file = folder / "kb.toml"
    kb_file.write_text(kb_file.read_text().replace('version = "', 'version = "x', 1))
    assert load_cached(folder).version.startswith("x") and loads == [folder]
    (folder / "questions.toml").write_text("[[question]]\nid = 1\n")
    with pytest.raises(KnowledgeError):
        load_cached(folder)  # a base with problems is never taken from anywhere


def test_a_new_scenario_file_changes_the_digest(folder, monkeypatch):
    load_cached(folder)
    loads = full_loads(monkeypatch)
    first = min((folder / FOLDER).glob("*.toml"))
    shutil.copy(first, folder / FOLDER / "99-copy.toml")
    assert len(load_cached(folder).scenarios) == len(load_knowledge(folder).scenarios) and loads == [folder]


def crafted(path: Path, change) -> None:
    """The cache's content changed by `change`, and signed again as cache_files signs."""
    content = cache_files.read(path, cache.FORMAT, cache.MAX_CACHE_BYTES)
    change(content)
    cache_files.write(path, cache.FORMAT, content)


def header_changed(path: Path, **changes) -> None:
    """The first line (format, place, length, digest) changed, the payload left as it is."""
    first, _, payload = path.read_bytes().partition(b"\n")
    path.write_bytes(json.dumps({**json.loads(first), **changes}).encode() + b"\n" + payload)


def first_option(payload):
    return payload["options"][0]


@pytest.mark.parametrize("damage", [
    lambda path: path.write_text(path.read_text()[:1000]),  # torn
    lambda path: path.write_text("[" * 100_000),
    lambda path: header_changed(path, format=cache.FORMAT + 1),
    lambda path: header_changed(path, check="0" * 64),
    lambda path: path.write_bytes(path.read_bytes().replace(b'"options"', b'"optionz"', 1)),  # edited, not signed again
    lambda path: os.chmod(path, 0o644),
    lambda path: crafted(path, lambda p: first_option(p).update(name=["not", "text"])),
    lambda path: crafted(path, lambda p: first_option(p).update({"!": "Popen"})),
    lambda path: crafted(path, lambda p: first_option(p).update(extra=1)),
    lambda path: crafted(path, lambda p: first_option(p).pop("show_if")),
    lambda path: crafted(path, lambda p: first_option(p).update(show_if={"!set": [1]})),
    lambda path: crafted(path, lambda p: first_option(p).update(newer="yes")),
    lambda path: crafted(path, lambda p: p.update(digest="another")),
    lambda path: crafted(path, lambda p: p["sources"].update({"!map": []})),
])
def test_a_damaged_or_crafted_cache_means_a_full_load(folder, monkeypatch, damage):
    full = load_cached(folder)
    damage(cache_file(full.digest))
    loads = full_loads(monkeypatch)
    assert load_cached(folder) == full and loads == [folder]
    loads.clear()
    assert load_cached(folder) == full and loads == []  # written anew, good again


def test_without_a_usable_cache_folder_the_base_loads_in_full(folder, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("AMLTUI_CACHE", str(blocker / "cache"))
    assert load_cached(folder) == load_knowledge(folder)

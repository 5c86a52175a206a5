"""The listing's cache: what it remembers is what reading the files would give, a changed file is
read again, and a damaged, foreign or hostile cache is ignored and written anew."""

from __future__ import annotations

import json
import os
import stat

import pytest
from attrs import evolve

from amltui.sessions import SessionStore
from amltui.sessions.listing import Summary, cache_file, list_folder
from amltui.sessions.store import load_file


def uncached(store: SessionStore) -> list[tuple[str, Summary | None, str]]:
    """What a listing is when every file is read."""
    found = []
    for path in sorted(store.folder.glob("*.toml")):
        try:
            found.append((path.name, Summary.of(load_file(path)), ""))
        except Exception as error:  # noqa: BLE001 - the listing gives the problem's reason
            found.append((path.name, None, getattr(error, "reason", str(error))))
    return sorted(found)


def listed(store: SessionStore) -> list[tuple[str, Summary | None, str]]:
    return sorted((item.path.name, item.summary, item.problem) for item in store.listing())


@pytest.fixture
def folder_of_three(store, relapse_session):
    store.save(relapse_session)
    store.save(relapse_session.copied("Second"))
    (store.folder / "damaged.toml").write_text("format = 1\nid = [\n")
    return store


def counting(monkeypatch) -> list[str]:
    """The files the listing reads from now on."""
    read: list[str] = []
    import amltui.sessions.store as module

    def load(path):
        read.append(path.name)
        return load_file(path)

    monkeypatch.setattr(module, "load_file", load)
    return read


def test_a_second_listing_reads_no_file_and_lists_the_same(folder_of_three, monkeypatch):
    first = listed(folder_of_three)
    assert first == uncached(folder_of_three)
    read = counting(monkeypatch)
    assert listed(folder_of_three) == first
    assert read == []


def test_the_cache_is_private_and_outside_the_sessions_folder(folder_of_three, private_cache):
    folder_of_three.listing()
    path = cache_file(folder_of_three.folder)
    assert path.parent == private_cache
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not any(p.name.startswith(".listing") for p in folder_of_three.folder.iterdir())


def test_a_saved_again_removed_or_added_file_is_seen(folder_of_three, relapse_session, monkeypatch):
    folder_of_three.listing()
    read = counting(monkeypatch)
    folder_of_three.save(relapse_session.renamed("Renamed"))
    (folder_of_three.folder / "damaged.toml").unlink()
    folder_of_three.save(relapse_session.copied("Third"))
    assert listed(folder_of_three) == uncached(folder_of_three)
    assert sorted(read) == sorted([f"{relapse_session.id}.toml", next(
        item.path.name for item in folder_of_three.listing() if item.summary and item.summary.title == "Third")])


def test_a_file_replaced_with_the_same_size_and_time_is_read_again(folder_of_three, relapse_session):
    folder_of_three.listing()
    path = folder_of_three.path_for(relapse_session)
    info = path.stat()
    text = path.read_text().replace(relapse_session.title, "X" * len(relapse_session.title), 1)
    assert len(text) == info.st_size
    replacement = path.with_name("replacement")
    replacement.write_text(text)
    os.replace(replacement, path)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, same mtime; another inode
    [item] = [item for item in folder_of_three.listing() if item.path == path]
    assert item.summary.title == "X" * len(relapse_session.title)


def test_a_file_edited_in_place_keeping_size_and_time_is_read_again(folder_of_three, relapse_session):
    folder_of_three.listing()
    path = folder_of_three.path_for(relapse_session)
    info = path.stat()
    with open(path, "r+b") as stream:  # same inode, same size, mtime put back: the ctime changes
        data = stream.read().replace(b'finished = false', b'finished = true ', 1)
        stream.seek(0)
        stream.write(data)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    [item] = [item for item in folder_of_three.listing() if item.path == path]
    assert item.summary.finished


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],  # torn
    lambda text: "",
    lambda text: "not json",
    lambda text: "[" * 100_000,  # nesting past the parser's recursion
    lambda text: text.replace('"format": 1', '"format": 2'),
    lambda text: json.dumps({**json.loads(text), "check": "0" * 64}),  # edited without its digest
    lambda text: json.dumps({**json.loads(text), "place": "/elsewhere"}),  # another folder's cache
])
def test_a_damaged_cache_is_ignored_and_written_anew(folder_of_three, monkeypatch, damage):
    expected = listed(folder_of_three)
    path = cache_file(folder_of_three.folder)
    path.write_text(damage(path.read_text()))
    read = counting(monkeypatch)
    assert listed(folder_of_three) == expected
    assert len(read) == 3
    read.clear()
    assert listed(folder_of_three) == expected and read == []  # the new cache is good


def rewritten(path, change) -> None:
    """The cache with its payload changed and its digest made to match (as a crafted one would)."""
    import hashlib

    outer = json.loads(path.read_text())
    payload = json.loads(outer["payload"])
    change(payload)
    outer["payload"] = json.dumps(payload)
    outer["check"] = hashlib.sha256(outer["payload"].encode()).hexdigest()
    path.write_text(json.dumps(outer))


def first_summary(payload):
    return next(entry[1] for entry in payload.values() if entry[1] is not None)


@pytest.mark.parametrize("change", [
    lambda p: first_summary(p).update(step_count="3"),
    lambda p: first_summary(p).update(finished=1),
    lambda p: first_summary(p).update(id="../../etc/passwd"),
    lambda p: first_summary(p).update(updated="2026-01-01T00:00:00"),  # no time zone
    lambda p: first_summary(p).update(updated="tomorrow"),
    lambda p: first_summary(p).update(knowledge_version="1\x1b[2J"),
    lambda p: first_summary(p).update(mode="root"),
    lambda p: first_summary(p).update(extra=True),
    lambda p: p.update({name: [entry[0][:4], entry[1], entry[2]] for name, entry in p.items()}),
    lambda p: p.update({name: [entry[0], None, ""] for name, entry in p.items()}),
])
def test_a_crafted_cache_with_a_matching_digest_is_still_checked(folder_of_three, monkeypatch, change):
    expected = listed(folder_of_three)
    rewritten(cache_file(folder_of_three.folder), change)
    read = counting(monkeypatch)
    assert listed(folder_of_three) == expected
    assert len(read) == 3


def test_a_cache_others_can_read_is_not_believed(folder_of_three, monkeypatch):
    expected = listed(folder_of_three)
    path = cache_file(folder_of_three.folder)
    os.chmod(path, 0o644)
    read = counting(monkeypatch)
    assert listed(folder_of_three) == expected and len(read) == 3
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_without_a_usable_cache_folder_the_listing_is_still_right(folder_of_three, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("AMLTUI_CACHE", str(blocker / "cache"))  # under a file: cannot be made
    assert listed(folder_of_three) == uncached(folder_of_three)


def test_latest_unfinished_is_read_from_its_file_not_from_the_cache(store, relapse_session):
    store.save(relapse_session)
    store.listing()
    longer = evolve(relapse_session, title="Now longer")
    store.save(longer)
    assert store.latest_unfinished() == longer
    store.save(evolve(longer, finished=True))
    assert store.latest_unfinished() is None


def test_list_folder_passes_over_hidden_and_other_files(store, relapse_session):
    store.save(relapse_session)
    (store.folder / ".hidden.toml").write_text("x")
    (store.folder / "notes.txt").write_text("x")
    assert [item.path.name for item in list_folder(store.folder, load_file)] == [f"{relapse_session.id}.toml"]

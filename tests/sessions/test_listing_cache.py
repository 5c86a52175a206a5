"""The listing's cache: what it remembers is what reading the files would give, a changed file is
read again, and a damaged, foreign or hostile cache is ignored and written anew."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time

import pytest
from attrs import evolve

from amltui.sessions import SessionStore
from amltui.sessions.listing import Summary, list_folder
from amltui.sessions.listing_cache import cache_file
from amltui.sessions.store import load_file
from tests.sessions.fixtures import cache_rows_read


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


def header_and_rows(path):
    """The cache's first line (a JSON object) and its rows (the payload's second line)."""
    header, _, payload = path.read_bytes().partition(b"\n")
    return json.loads(header), json.loads(payload.partition(b"\n")[2])


def offer_line(path):
    """The payload's first line: the files' digest and the names the resume offer looks at."""
    return json.loads(path.read_bytes().split(b"\n")[1])


def files_digest(rows) -> str:
    """What the offer's line says of the rows: a digest of their names and keys, in order."""
    return hashlib.sha256(json.dumps([[row[0], row[1:6]] for row in rows], separators=(",", ":")).encode()).hexdigest()


def write_cache(path, header, line, rows) -> None:
    """A cache of these parts, its first line's length and digest made to match the payload."""
    payload = json.dumps(line).encode() + b"\n" + json.dumps(rows).encode()
    header = {**header, "length": len(payload), "check": hashlib.sha256(payload).hexdigest()}
    path.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def with_header(data: bytes, **change) -> bytes:
    """The cache's bytes with its first line's values changed (the payload as it was)."""
    first, newline, payload = data.partition(b"\n")
    return json.dumps({**json.loads(first), **change}).encode() + newline + payload


def edited_payload(data: bytes) -> bytes:
    first, newline, payload = data.partition(b"\n")
    assert b"true" in payload or b"false" in payload
    return first + newline + payload.replace(b"false", b"true ", 1).replace(b"true,", b"false", 1)


def old_format(path) -> bytes:
    """What format 1 wrote: one JSON document whose payload is the entries' JSON as a string."""
    payload = json.dumps({"s.toml": [[1, 2, 3, 4, 5], None, "not valid TOML"]})
    return json.dumps({"format": 1, "place": str(path), "check": hashlib.sha256(payload.encode()).hexdigest(),
                       "payload": payload}).encode()


@pytest.mark.parametrize("damage", [
    lambda data, path: data[: len(data) // 2],  # torn in the payload
    lambda data, path: data[: data.index(b"\n") // 2],  # torn in the first line
    lambda data, path: data[: data.index(b"\n") + 1],  # the first line alone
    lambda data, path: data[:-1],  # one byte short
    lambda data, path: data + b" ",  # one byte more
    lambda data, path: b"",
    lambda data, path: b"not json",
    lambda data, path: b"[" * 100_000,  # nesting past the parser's recursion
    lambda data, path: with_header(data, format=1),
    lambda data, path: with_header(data, format=True),
    lambda data, path: with_header(data, check="0" * 64),  # edited without its digest
    lambda data, path: with_header(data, place="/elsewhere"),  # another folder's cache
    lambda data, path: with_header(data, extra=1),
    lambda data, path: edited_payload(data),  # edited in the payload, the digest left as it was
    lambda data, path: data.replace(b"\n", b" ", 1),  # one line: no payload after it
    lambda data, path: b"\xff\xfe" + data,
    lambda data, path: old_format(path),  # a cache of format 1, with its own digest right
])
def test_a_damaged_or_foreign_cache_is_ignored_and_written_anew(folder_of_three, monkeypatch, damage):
    expected = listed(folder_of_three)
    path = cache_file(folder_of_three.folder)
    path.write_bytes(damage(path.read_bytes(), path))
    read = counting(monkeypatch)
    assert listed(folder_of_three) == expected
    assert len(read) == 3
    read.clear()
    assert listed(folder_of_three) == expected and read == []  # the new cache is good
    assert header_and_rows(path)[0]["format"] == 2


def rewritten(path, change) -> None:
    """The cache with its rows changed and everything else made to match them, as a crafted one
    would: the offer's line (the rows' digest and unfinished names), the length and the digest."""
    header, rows = header_and_rows(path)
    change(rows)
    try:
        line = {"files": files_digest(rows), "unfinished": sorted(
            row[0] for row in rows if len(row) == len(AT) and row[AT["finished"]] is False and row[0] == f"{row[AT['id']]}.toml")}
    except (TypeError, KeyError):  # rows no longer rows: the line as it was
        line = offer_line(path)
    write_cache(path, header, line, rows)


#: Where a summary's fields are in a cache row: the file's name and its key's five parts come first.
AT = {name: index for index, name in enumerate((
    "name", "dev", "ino", "size", "mtime", "ctime", "id", "title", "created", "updated", "mode", "knowledge_version",
    "knowledge_digest", "finished", "scenario", "sources_only", "step_count"))}


def first_summary(rows, **change):
    row = next(row for row in rows if len(row) == len(AT))
    for name, value in change.items():
        row[AT[name]] = value


def a_row_read_in_full(folder_of_three):
    """The cache's rows: one of each kind (a summary's, a problem's)."""
    folder_of_three.listing()
    _, rows = header_and_rows(cache_file(folder_of_three.folder))
    assert sorted(len(row) for row in rows) == [7, len(AT), len(AT)]
    return rows


def test_the_cache_rows_are_what_reading_the_files_gives(folder_of_three):
    rows = a_row_read_in_full(folder_of_three)
    summaries = {name: summary for name, summary, _ in uncached(folder_of_three)}
    for row in rows:
        if len(row) == len(AT):
            assert row[AT["created"]] == summaries[row[0]].created.isoformat()
            assert row[AT["step_count"]] == summaries[row[0]].step_count


@pytest.mark.parametrize("change", [
    lambda rows: first_summary(rows, step_count="3"),
    lambda rows: first_summary(rows, step_count=-1),
    lambda rows: first_summary(rows, step_count=3.0),
    lambda rows: first_summary(rows, finished=1),
    lambda rows: first_summary(rows, id="../../etc/passwd"),
    lambda rows: first_summary(rows, id=""),
    lambda rows: first_summary(rows, updated="2026-01-01T00:00:00"),  # no time zone
    lambda rows: first_summary(rows, created="2026-01-01T00:00:00"),
    lambda rows: first_summary(rows, updated="tomorrow"),
    lambda rows: first_summary(rows, knowledge_version="1\x1b[2J"),
    lambda rows: first_summary(rows, scenario="case\u202e"),
    lambda rows: first_summary(rows, mode="root"),
    lambda rows: first_summary(rows, name=".hidden.toml"),
    lambda rows: first_summary(rows, name="notes.txt"),
    lambda rows: first_summary(rows, dev=True),  # a bool is not an int here
    lambda rows: first_summary(rows, title=None),
    lambda rows: rows[0].append(True),  # an extra field
    lambda rows: rows.append(list(rows[0])),  # one file twice
    lambda rows: rows.append({}),
    lambda rows: rows.append("s.toml"),
    lambda rows: [row.pop(1) for row in rows],  # keys of four parts
    lambda rows: rows.__setitem__(slice(None), [[*row[:6], ""] for row in rows]),  # problem rows without a problem
    lambda rows: rows.__setitem__(slice(None), [[*row[:6], None] for row in rows]),
])
def test_a_crafted_cache_with_a_matching_digest_is_still_checked(folder_of_three, monkeypatch, change):
    expected = listed(folder_of_three)
    a_row_read_in_full(folder_of_three)
    rewritten(cache_file(folder_of_three.folder), change)
    read = counting(monkeypatch)
    assert listed(folder_of_three) == expected
    assert len(read) == 3


@pytest.mark.parametrize("rows", [{}, None, 7, "rows"])
def test_a_crafted_cache_that_is_not_a_list_of_rows_is_not_believed(folder_of_three, monkeypatch, rows):
    expected = listed(folder_of_three)
    path = cache_file(folder_of_three.folder)
    header, _ = header_and_rows(path)
    write_cache(path, header, offer_line(path), rows)
    read = counting(monkeypatch)
    assert listed(folder_of_three) == expected and len(read) == 3


@pytest.fixture
def offer_cached(folder_of_three, relapse_session):
    """Three sessions (two unfinished, one finished), a damaged file, and the offer made once."""
    folder_of_three.save(evolve(relapse_session.copied("Done"), finished=True))
    expected = folder_of_three.latest_unfinished()
    assert expected is not None and not expected.finished
    return folder_of_three, expected


def test_while_no_file_changed_the_offer_reads_only_its_line_and_the_file_it_offers(offer_cached, monkeypatch):
    store, expected = offer_cached
    path = cache_file(store.folder)
    header, rows = header_and_rows(path)
    first_summary(rows, finished="no")
    write_cache(path, header, offer_line(path), rows)  # rows the listing refuses, the line as it was
    read = counting(monkeypatch)
    assert store.latest_unfinished() == expected
    assert read == [store.path_for(expected).name]
    read.clear()
    assert listed(store) == uncached(store) and len(read) == 4  # the listing checks the rows: refused
    read.clear()
    assert store.latest_unfinished() == expected and len(read) == 1  # the cache written anew is good


def test_an_offer_line_that_disagrees_with_the_rows_is_refused_by_the_listing(offer_cached, monkeypatch):
    store, expected = offer_cached
    path = cache_file(store.folder)
    header, rows = header_and_rows(path)
    write_cache(path, header, {**offer_line(path), "unfinished": []}, rows)  # hides the unfinished ones
    read = counting(monkeypatch)
    assert store.latest_unfinished() is None and read == []  # the offer believes its line ...
    assert listed(store) == uncached(store) and len(read) == 4  # ... the listing does not
    read.clear()
    assert store.latest_unfinished() == expected


def test_a_lying_offer_line_never_has_a_finished_session_offered(offer_cached, monkeypatch):
    store, _ = offer_cached
    path = cache_file(store.folder)
    rewritten(path, lambda rows: [row.__setitem__(AT["finished"], not row[AT["finished"]])
                                  for row in rows if len(row) == len(AT)])  # well formed, but lying
    read = counting(monkeypatch)
    offered = store.latest_unfinished()
    assert offered is None or not offered.finished  # what is offered is read from its file first
    assert len(read) == 1  # the one its line names


@pytest.mark.parametrize("change", [
    lambda line, names: {**line, "files": None},
    lambda line, names: {**line, "files": "0" * 64},  # another folder's files
    lambda line, names: {**line, "unfinished": "s.toml"},
    lambda line, names: {**line, "unfinished": [*line["unfinished"], 7]},
    lambda line, names: {**line, "unfinished": [*line["unfinished"], line["unfinished"][0]]},
    lambda line, names: {**line, "unfinished": [".hidden.toml"]},
    lambda line, names: {**line, "unfinished": ["gone.toml"]},  # a file not in the folder
    lambda line, names: {**line, "more": True},
    lambda line, names: [line],
])
def test_a_damaged_offer_line_means_the_whole_cache_is_refused(offer_cached, monkeypatch, change):
    store, expected = offer_cached
    path = cache_file(store.folder)
    header, rows = header_and_rows(path)
    line = offer_line(path)
    write_cache(path, header, change(line, [row[0] for row in rows]), rows)
    read = counting(monkeypatch)
    assert store.latest_unfinished() == expected
    assert len(read) == 4 + 1  # every file, then the one offered
    read.clear()
    assert store.latest_unfinished() == expected and len(read) == 1  # and the cache was written anew


def test_the_offer_sees_a_file_changed_in_place_keeping_its_size_and_time(offer_cached):
    store, expected = offer_cached
    done = next(path for path in store.folder.glob("*.toml") if b"finished = true" in path.read_bytes())
    os.utime(done, ns=(time.time_ns(), time.time_ns() + 10**9))  # written last
    assert store.latest_unfinished() == expected  # (and cached so)
    info = done.stat()
    with open(done, "r+b") as stream:  # unfinished again, same inode, size and mtime: the ctime changes
        data = stream.read().replace(b"finished = true", b"finished = false", 1)
        stream.seek(0)
        stream.write(data.replace(b"\n\n", b"\n", 1))  # as long as it was: one blank line less
    os.utime(done, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert done.stat().st_size == info.st_size
    offered = store.latest_unfinished()
    assert offered is not None and store.path_for(offered) == done and not offered.finished


def test_the_offer_sees_a_file_added_or_removed(offer_cached, relapse_session):
    store, expected = offer_cached
    store.path_for(expected).unlink()
    other = store.latest_unfinished()
    assert other is not None and other.id != expected.id
    store.path_for(other).unlink()
    assert store.latest_unfinished() is None
    store.save(expected)
    assert store.latest_unfinished() == expected


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


def test_a_file_name_the_system_gives_undecodable_is_cached_too(folder_of_three, relapse_session, monkeypatch):
    source = folder_of_three.path_for(relapse_session)
    os.link(source, os.path.join(os.fsencode(folder_of_three.folder), b"copy-\xff.toml"))
    first = listed(folder_of_three)
    assert "copy-\udcff.toml" in [name for name, _, _ in first]
    read = counting(monkeypatch)
    assert listed(folder_of_three) == first and read == []


def test_after_a_refresh_the_offer_reads_one_line_not_the_rows(folder_of_three, relapse_session, monkeypatch):
    """What the app does as it leaves: the session just saved is in the cache, so the next
    start's resume offer needs only the cache's first line (and the offered file itself)."""
    folder_of_three.listing()
    folder_of_three.save(evolve(relapse_session, title="Saved again as the app left"))
    folder_of_three.refresh_listing()
    rows_read = cache_rows_read(monkeypatch)
    read = counting(monkeypatch)
    assert folder_of_three.latest_unfinished().title == "Saved again as the app left"
    assert rows_read == [] and read == [f"{relapse_session.id}.toml"]  # the offered file, read to be sure of it

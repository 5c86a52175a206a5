"""Listing a sessions folder quickly: what each file is, remembered between runs.

A folder of thousands of sessions (a training programme keeps a thousand a year) took seconds to
list, because every file was read and parsed. The listing keeps, for each file, what a list
shows of it (a `Summary`) or why it cannot be read, in a cache file in the per-user cache folder,
keyed by the file's device, inode, size, modification and change times: a file that is saved
again, replaced, edited or touched has another key and is read again. The cache is untrusted
input like any file: it is private to the user, carries a digest of its contents and is checked
field by field, and anything wrong with it (damaged, of another folder, another format, other
permissions) means it is ignored and written anew. It is never needed: without it (a read-only
cache folder, say) the listing reads every file, as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from attrs import frozen

from amltui import cache_files, locations
from amltui.sessions.errors import SessionError
from amltui.sessions.model import MODES, Session
from amltui.terminal_text import UNSEEN

FORMAT = 1
#: Far beyond the cache of 10,000 sessions (about 3 MB).
MAX_CACHE_BYTES = 64 * 1024 * 1024
#: What tells one version of a file from another: device, inode, size, mtime and ctime in ns.
Key = tuple[int, int, int, int, int]
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TEXTS = ("id", "title", "mode", "knowledge_version", "knowledge_digest", "scenario")
_FIELDS = frozenset({*_TEXTS, "created", "updated", "finished", "sources_only", "step_count"})


@frozen
class Summary:
    """What a list of sessions shows of one: its header and how many steps it has."""

    id: str
    title: str
    created: dt.datetime
    updated: dt.datetime
    mode: str
    knowledge_version: str
    knowledge_digest: str
    finished: bool
    scenario: str
    sources_only: bool
    step_count: int

    @classmethod
    def of(cls, session: Session) -> Summary:
        return cls(session.id, session.title, session.created, session.updated, session.mode,
                   session.knowledge_version, session.knowledge_digest, session.finished, session.scenario,
                   session.sources_only, len(session.steps))


@frozen
class Listing:
    """One file in the folder: a session's summary, or the reason it could not be read."""

    path: Path
    summary: Summary | None
    problem: str = ""


def newest_first(items: Iterable[Listing]) -> list[Listing]:
    """Most recently updated first; unreadable files last."""
    return sorted(items, key=lambda item: item.summary.updated.timestamp() if item.summary else 0.0, reverse=True)


def key_of(info: os.stat_result) -> Key:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def list_folder(folder: Path, read: Callable[[Path], Session]) -> list[Listing]:
    """Every `*.toml` file of `folder` (not hidden ones), newest first, each read with `read`
    unless the cache knows its present version."""
    cache_path = cache_file(folder)
    known = _read_cache(cache_path, folder) if cache_path is not None else {}
    fresh: dict[str, tuple[Key, Summary | None, str]] = {}
    found = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        name = entry.name
        if name.startswith(".") or not name.endswith(".toml"):
            continue
        path = folder / name
        try:
            key = key_of(entry.stat())  # before reading: a change after it gives another key next time
        except OSError:
            key = None
        cached = known.get(name)
        if key is not None and cached is not None and cached[0] == key:
            summary, problem = cached[1], cached[2]
        else:
            try:
                summary, problem = Summary.of(read(path)), ""
            except SessionError as error:
                summary, problem = None, error.reason
        if key is not None:
            fresh[name] = (key, summary, problem)
        found.append(Listing(path, summary, problem))
    if cache_path is not None and fresh != known:
        _write_cache(cache_path, folder, fresh)
    return newest_first(found)


def cache_file(folder: Path) -> Path | None:
    """The cache of `folder`'s listing (None: the folder cannot be named)."""
    try:
        name = str(folder.resolve())
    except (OSError, RuntimeError):
        return None
    return locations.cache_folder() / f"listing-{hashlib.sha256(name.encode('utf-8', 'surrogateescape')).hexdigest()[:24]}.json"


def _read_cache(path: Path, folder: Path) -> dict[str, tuple[Key, Summary | None, str]]:
    """The cache's entries, or none at all if anything about it is wrong."""
    content = cache_files.read(path, FORMAT, MAX_CACHE_BYTES, place=str(folder.resolve()))
    if content is None:
        return {}
    try:
        return {name: _entry(name, value) for name, value in _table(content).items()}
    except (ValueError, KeyError, TypeError, RecursionError, _Damaged):
        return {}


class _Damaged(Exception):
    """A cache entry that is not what this module writes."""


def _table(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Damaged
    return value


def _entry(name: str, value: Any) -> tuple[Key, Summary | None, str]:
    if not isinstance(value, list) or len(value) != 3:
        raise _Damaged
    key, summary, problem = value
    if not isinstance(key, list) or len(key) != 5 or not isinstance(problem, str):
        raise _Damaged
    for part in key:
        if type(part) is not int:
            raise _Damaged
    if summary is None:
        if not problem:
            raise _Damaged
        return (key[0], key[1], key[2], key[3], key[4]), None, problem
    return (key[0], key[1], key[2], key[3], key[4]), _summary(_table(summary)), problem


def _summary(table: dict[str, Any]) -> Summary:
    """A summary as `_write_cache` wrote it, checked as the codec checks a file."""
    if table.keys() != _FIELDS:
        raise _Damaged
    for name in _TEXTS:
        if not isinstance(table[name], str):
            raise _Damaged
    if type(table["finished"]) is not bool or type(table["sources_only"]) is not bool:
        raise _Damaged
    if type(table["step_count"]) is not int or table["step_count"] < 0 or table["mode"] not in MODES:
        raise _Damaged
    if not _ID.match(table["id"]) or any(UNSEEN.search(table[k]) for k in ("knowledge_version", "knowledge_digest", "scenario")):
        raise _Damaged  # the codec makes these printable as it reads them: a cache holds them so
    return Summary(
        table["id"], table["title"], _moment(table["created"]), _moment(table["updated"]), table["mode"],
        table["knowledge_version"], table["knowledge_digest"], table["finished"], table["scenario"],
        table["sources_only"], table["step_count"],
    )


def _moment(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise _Damaged
    moment = dt.datetime.fromisoformat(value)  # ValueError: damaged
    if moment.tzinfo is None:
        raise _Damaged
    return moment


def _write_cache(path: Path, folder: Path, entries: dict[str, tuple[Key, Summary | None, str]]) -> None:
    content = {name: [list(key), None if summary is None else _summary_table(summary), problem]
               for name, (key, summary, problem) in entries.items()}
    cache_files.write(path, FORMAT, content, place=str(folder.resolve()))


def _summary_table(summary: Summary) -> dict[str, Any]:
    return {
        "id": summary.id, "title": summary.title, "created": summary.created.isoformat(),
        "updated": summary.updated.isoformat(), "mode": summary.mode, "knowledge_version": summary.knowledge_version,
        "knowledge_digest": summary.knowledge_digest, "finished": summary.finished, "scenario": summary.scenario,
        "sources_only": summary.sources_only, "step_count": summary.step_count,
    }

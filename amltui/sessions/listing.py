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

The cache is read at every start screen (its "resume" offer), so reading it is kept cheap: its
format is `sessions.listing_cache`'s. A `Summary` is built only for what asks for summaries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from amltui.sessions.errors import SessionError
from amltui.sessions.listing_cache import (
    UPDATED_AT,
    Cache,
    Fields,
    Key,
    Known,
    cache_of,
    is_offered,
    read_payload,
    read_rows,
    unfinished_if_unchanged,
    write_cache,
)
from amltui.sessions.locks import is_session_name

if TYPE_CHECKING:
    from amltui.sessions.model import Session


# Stdlib dataclasses, as `amltui.problems` says why: the start screen's resume offer lists the
# folder before its first frame.
@dataclasses.dataclass(frozen=True, slots=True)
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
        return cls(*_fields(session))


def _fields(session: Session) -> Fields:
    return (session.id, session.title, session.created, session.updated, session.mode, session.knowledge_version,
            session.knowledge_digest, session.finished, session.scenario, session.sources_only, len(session.steps))


@dataclasses.dataclass(frozen=True, slots=True)
class Listing:
    """One file in the folder: a session's summary, or the reason it could not be read."""

    path: Path
    summary: Summary | None
    problem: str = ""


def newest_first(items: Iterable[Listing]) -> list[Listing]:
    """Most recently updated first; unreadable files last."""
    return sorted(items, key=lambda item: item.summary.updated.timestamp() if item.summary else 0.0, reverse=True)


def list_folder(folder: Path, read: Callable[[Path], Session]) -> list[Listing]:
    """Every `*.toml` file of `folder` (not hidden ones), newest first, each read with `read`
    unless the cache knows its present version."""
    cache = cache_of(folder)
    found = _resolve(folder, read, _scan(folder), read_payload(cache), cache)
    return newest_first([Listing(folder / name, None if fields is None else Summary(*fields), problem)
                         for name, _key, fields, problem in found])


def unfinished_files(folder: Path, read: Callable[[Path], Session]) -> list[Path]:
    """The files of the listing (see `list_folder`) that hold an unfinished session and are its
    own file (named after its id), the last written first. When no file changed since the cache
    was written, only the cache's offer line is decoded, and no session file is read here."""
    cache = cache_of(folder)
    payload = read_payload(cache)
    scanned = _scan(folder)
    names = None if payload is None else unfinished_if_unchanged(payload, scanned)
    if names is None:
        found = [(name, key, fields) for name, key, fields, _problem in _resolve(folder, read, scanned, payload, cache)
                 if fields is not None and is_offered(name, fields)]
        found.sort(key=lambda item: item[2][UPDATED_AT], reverse=True)  # ties as the listing orders them
        names, keys = [name for name, _key, _fields in found], {name: key for name, key, _fields in found}
    else:
        keys = dict(scanned)
    names.sort(key=lambda name: _mtime(keys[name]), reverse=True)
    return [folder / name for name in names]


def _mtime(key: Key | None) -> int:
    return 0 if key is None else key[3]


def _scan(folder: Path) -> list[tuple[str, Key | None]]:
    """Each session file's name, in order, and its key (None: it could not be stat'ed)."""
    # Each file is stat'ed relative to the open folder rather than by its whole path: 2,000
    # files take ~16% less (5.0 -> 4.2 ms warm, against os.scandir and DirEntry.stat).
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        scanned: list[tuple[str, Key | None]] = []
        for name in sorted(filter(is_session_name, os.listdir(handle))):
            try:  # before reading: a change after it gives another key next time
                info = os.stat(name, dir_fd=handle)
                scanned.append((name, (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)))
            except OSError:
                scanned.append((name, None))
        return scanned
    finally:
        os.close(handle)


def _resolve(folder: Path, read: Callable[[Path], Session], scanned: list[tuple[str, Key | None]], payload: bytes | None,
             cache: Cache | None) -> list[Known]:
    """What the listing knows of each scanned file, reading those the cache does not know in
    their present version, and writing the cache anew if anything changed."""
    known = {} if payload is None else read_rows(payload)
    found: list[Known] = []
    changed, kept = False, 0
    for name, key in scanned:
        cached = known.get(name)
        if key is not None and cached is not None and cached[0] == key:
            found.append((name, key, cached[1], cached[2]))
            kept += 1
            continue
        try:
            found.append((name, key, _fields(read(folder / name)), ""))
        except SessionError as error:
            found.append((name, key, None, error.reason))
        changed = changed or key is not None  # a file without a key is read every time, never cached
    if cache is not None and (changed or kept != len(known)):
        write_cache(cache, found)  # else nothing was read anew, nothing known is gone
    return found

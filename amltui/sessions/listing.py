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

The cache is read at every start screen (its "resume" offer), so reading it is kept cheap. Its
payload (`cache_files.read_payload`: the digest is over the payload's bytes) is two lines of JSON:
- first, a digest of every file's name and key as they were when the cache was written, and the
  names of those that held an unfinished session in its own file. The offer reads this line
  alone: if the folder's names and keys now give the same digest, that list is its answer (each
  file offered is read, and checked, before it is offered);
- then one flat row per file (its name, key, and its summary's fields or its problem), whose
  types are checked in one comparison. The listing reads both lines, and believes them only if
  they agree (the digest is of the rows' names and keys, the names are the rows' unfinished ones).
A `Summary` is built only for what asks for summaries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final

from attrs import frozen

from amltui import cache_files, locations
from amltui.sessions.errors import SessionError
from amltui.sessions.locks import SUFFIX
from amltui.sessions.model import MODES, Session
from amltui.terminal_text import UNSEEN

#: 2: the offer's line and the rows after cache_files.write_payload's first line; 1 was a JSON
#: document whose payload was JSON again, and is ignored (and replaced) as any other format is.
FORMAT = 2
#: Far beyond the cache of 10,000 sessions (about 3 MB).
MAX_CACHE_BYTES = 64 * 1024 * 1024
#: What tells one version of a file from another: device, inode, size, mtime and ctime in ns.
Key = tuple[int, int, int, int, int]
#: A Summary's fields in its order (what the cache holds; a Summary is built only when asked for).
Fields = tuple[str, str, dt.datetime, dt.datetime, str, str, str, bool, str, bool, int]
_ID_AT: Final = 0
_UPDATED_AT: Final = 3
_FINISHED_AT: Final = 7
#: What the listing knows of one file: its name, key (None: it could not be stat'ed), and either
#: its summary's fields or the reason it could not be read.
_Known = tuple[str, Key | None, Fields | None, str]
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: The types of a cache row, exactly (bool is not int here): the name, the key's five parts, then
#: either a summary's fields (times as ISO text) or the problem that kept the file from being read.
_SUMMARY_ROW = (str, int, int, int, int, int, str, str, str, str, str, str, str, bool, str, bool, int)
_PROBLEM_ROW = (str, int, int, int, int, int, str)


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
        return cls(*_fields(session))


def _fields(session: Session) -> Fields:
    return (session.id, session.title, session.created, session.updated, session.mode, session.knowledge_version,
            session.knowledge_digest, session.finished, session.scenario, session.sources_only, len(session.steps))


@frozen
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
    place, cache_path = _cache_of(folder)
    payload = _read_payload(cache_path, place)
    found = _resolve(folder, read, _scan(folder), payload, cache_path, place)
    return newest_first([Listing(folder / name, None if fields is None else Summary(*fields), problem)
                         for name, _key, fields, problem in found])


def unfinished_files(folder: Path, read: Callable[[Path], Session]) -> list[Path]:
    """The files of the listing (see `list_folder`) that hold an unfinished session and are its
    own file (named after its id), the last written first. When no file changed since the cache
    was written, only the cache's offer line is decoded, and no session file is read here."""
    place, cache_path = _cache_of(folder)
    payload = _read_payload(cache_path, place)
    scanned = _scan(folder)
    names = None if payload is None else _unfinished_if_unchanged(payload, scanned)
    if names is None:
        found = [(name, key, fields) for name, key, fields, _problem in _resolve(folder, read, scanned, payload, cache_path, place)
                 if fields is not None and _offered(name, fields)]
        found.sort(key=lambda item: item[2][_UPDATED_AT], reverse=True)  # ties as the listing orders them
        names, keys = [name for name, _key, _fields in found], {name: key for name, key, _fields in found}
    else:
        keys = dict(scanned)
    names.sort(key=lambda name: _mtime(keys[name]), reverse=True)
    return [folder / name for name in names]


def _offered(name: str, fields: Fields) -> bool:
    """Whether the resume offer looks at the file: an unfinished session, in its own file."""
    return not fields[_FINISHED_AT] and name == fields[_ID_AT] + SUFFIX


def _mtime(key: Key | None) -> int:
    return 0 if key is None else key[3]


def _scan(folder: Path) -> list[tuple[str, Key | None]]:
    """Each session file's name, in order, and its key (None: it could not be stat'ed)."""
    # Where it can be, each file is stat'ed relative to the open folder rather than by its whole
    # path: 2,000 files take ~16% less (5.0 -> 4.2 ms warm, against os.scandir and DirEntry.stat).
    handle = None
    if os.listdir in os.supports_fd and os.stat in os.supports_dir_fd:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        names = sorted(name for name in os.listdir(folder if handle is None else handle)
                       if name.endswith(SUFFIX) and not name.startswith("."))
        scanned: list[tuple[str, Key | None]] = []
        for name in names:
            try:  # before reading: a change after it gives another key next time
                info = os.stat(name if handle is not None else os.path.join(folder, name), dir_fd=handle)
                scanned.append((name, (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)))
            except OSError:
                scanned.append((name, None))
        return scanned
    finally:
        if handle is not None:
            os.close(handle)


def _resolve(folder: Path, read: Callable[[Path], Session], scanned: list[tuple[str, Key | None]], payload: bytes | None,
             cache_path: Path | None, place: str | None) -> list[_Known]:
    """What the listing knows of each scanned file, reading those the cache does not know in
    their present version, and writing the cache anew if anything changed."""
    known = {} if payload is None else _read_rows(payload)
    found: list[_Known] = []
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
    if cache_path is not None and place is not None and (changed or kept != len(known)):
        _write_cache(cache_path, place, found)  # else nothing was read anew, nothing known is gone
    return found


def _cache_of(folder: Path) -> tuple[str | None, Path | None]:
    place = _place(folder)
    return place, None if place is None else _cache_path(place)


def cache_file(folder: Path) -> Path | None:
    """The cache of `folder`'s listing (None: the folder cannot be named)."""
    return _cache_of(folder)[1]


def _place(folder: Path) -> str | None:
    """The folder's full name, which names its cache and is written in it (None: it has none)."""
    try:
        return str(folder.resolve())
    except (OSError, RuntimeError):
        return None


def _cache_path(place: str) -> Path:
    return locations.cache_folder() / f"listing-{hashlib.sha256(place.encode('utf-8', 'surrogateescape')).hexdigest()[:24]}.json"


def _read_payload(path: Path | None, place: str | None) -> bytes | None:
    if path is None or place is None:
        return None
    return cache_files.read_payload(path, FORMAT, MAX_CACHE_BYTES, place)


def _files_digest(files: Iterable[tuple[str, Key | None]]) -> str:
    """A digest of the files' names and keys, in order (the encoder is C: about 1 ms for 2,000)."""
    return hashlib.sha256(_ENCODER.encode(list(files)).encode("ascii")).hexdigest()


_ENCODER = json.JSONEncoder(ensure_ascii=True, check_circular=False, separators=(",", ":"))
_OFFER_LINE = frozenset({"files", "unfinished"})


def _offer_line(payload: bytes) -> tuple[str, list[str], bytes]:
    """The payload's first line, checked: the files' digest and the names the offer looks at;
    and the rest of the payload (the rows)."""
    first, newline, rest = payload.partition(b"\n")
    line = json.loads(first.decode("utf-8"))
    if not newline or type(line) is not dict or line.keys() != _OFFER_LINE:
        raise _Damaged
    files, names = line["files"], line["unfinished"]
    if type(files) is not str or type(names) is not list or set(map(type, names)) - {str} or len(set(names)) != len(names):
        raise _Damaged
    for name in names:
        if not name.endswith(SUFFIX) or name.startswith("."):
            raise _Damaged
    return files, names, rest


def _unfinished_if_unchanged(payload: bytes, scanned: list[tuple[str, Key | None]]) -> list[str] | None:
    """The offer line's names, if the scanned files are those it describes (None: they are not,
    or the line is not one this module writes)."""
    try:
        files, names, _rest = _offer_line(payload)
    except (ValueError, RecursionError, _Damaged):
        return None
    if files != _files_digest(scanned):
        return None
    present = {name for name, _key in scanned}
    return names if all(name in present for name in names) else None


def _read_rows(payload: bytes) -> dict[str, tuple[Key, Fields | None, str]]:
    """The cache's entries, or none at all if anything about it is wrong (its offer line too,
    which must say what the rows say)."""
    try:
        files, names, rest = _offer_line(payload)
        entries = _entries(json.loads(rest.decode("utf-8")))
    except (ValueError, RecursionError, _Damaged):  # ValueError: not UTF-8, not JSON, not a time
        return {}
    if files != "" and files != _files_digest((name, key) for name, (key, _fields, _problem) in entries.items()):
        return {}  # ("": a file could not be stat'ed when it was written; the offer reads the rows)
    offered = [name for name, (_key, fields, _problem) in entries.items() if fields is not None and _offered(name, fields)]
    return entries if sorted(offered) == sorted(names) else {}


class _Damaged(Exception):
    """A cache entry that is not what this module writes."""


def _entries(rows: Any) -> dict[str, tuple[Key, Fields | None, str]]:
    """The rows as `_write_cache` wrote them, each checked as the codec checks a file."""
    if type(rows) is not list:
        raise _Damaged
    entries: dict[str, tuple[Key, Fields | None, str]] = {}
    shown = []  # the texts the codec makes printable as it reads them: a cache holds them so
    moment = dt.datetime.fromisoformat  # ValueError: damaged
    for row in rows:
        if type(row) is not list:
            raise _Damaged
        types = tuple(map(type, row))
        if types == _SUMMARY_ROW:
            name, dev, inode, size, mtime, ctime, id_, title, created, updated, mode, version, digest, finished, \
                scenario, sources_only, steps = row
            if steps < 0 or mode not in MODES or not _ID.fullmatch(id_):
                raise _Damaged
            created_at, updated_at = moment(created), moment(updated)
            if created_at.tzinfo is None or updated_at.tzinfo is None:
                raise _Damaged
            fields: Fields | None = (id_, title, created_at, updated_at, mode, version, digest, finished, scenario,
                                     sources_only, steps)
            shown.append(version + digest + scenario)
            problem = ""
        elif types == _PROBLEM_ROW and row[6]:
            name, dev, inode, size, mtime, ctime, problem = row
            fields = None
        else:
            raise _Damaged
        if not name.endswith(SUFFIX) or name.startswith(".") or name in entries:
            raise _Damaged
        entries[name] = ((dev, inode, size, mtime, ctime), fields, problem)
    if UNSEEN.search("".join(shown)):  # one character each: found in the whole iff in a part
        raise _Damaged
    return entries


def _write_cache(path: Path, place: str, found: list[_Known]) -> None:
    rows: list[list[Any]] = []
    for name, key, fields, problem in found:
        if key is None:
            continue
        if fields is None:
            rows.append([name, *key, problem])
        else:
            id_, title, created, updated, *rest = fields
            rows.append([name, *key, id_, title, created.isoformat(), updated.isoformat(), *rest])
    complete = all(key is not None for _name, key, _fields, _problem in found)  # else the offer reads them all
    offered = [(name, fields) for name, key, fields, _problem in found
               if key is not None and fields is not None and _offered(name, fields)]
    offered.sort(key=lambda item: item[1][_UPDATED_AT], reverse=True)  # ties as the listing orders them
    first = {"files": _files_digest((name, key) for name, key, _fields, _problem in found) if complete else "",
             "unfinished": [name for name, _fields in offered]}
    # Escaped to ASCII: a name the system gives with undecodable bytes (surrogates) is cached too.
    payload = b"%s\n%s" % (json.dumps(first).encode("ascii"), json.dumps(rows).encode("ascii"))
    cache_files.write_payload(path, FORMAT, payload, place)

"""The sessions listing's cache file: its format, read and written (see `sessions.listing`).

The cache is read at every start screen (its "resume" offer), so reading it is kept cheap. Its
payload (`cache_files.read_payload`: the digest is over the payload's bytes) is two lines of JSON:
- first, a digest of every file's name and key as they were when the cache was written, and the
  names of those that held an unfinished session in its own file. The offer reads this line
  alone: if the folder's names and keys now give the same digest, that list is its answer (each
  file offered is read, and checked, before it is offered);
- then one flat row per file (its name, key, and its summary's fields or its problem), whose
  types are checked in one comparison. The listing reads both lines, and believes them only if
  they agree (the digest is of the rows' names and keys, the names are the rows' unfinished ones).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from amltui import cache_files, locations
from amltui.sessions.locks import SUFFIX, is_session_name
from amltui.sessions.modes import MODES
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
UPDATED_AT: Final = 3
_FINISHED_AT: Final = 7
#: What the listing knows of one file: its name, key (None: it could not be stat'ed), and either
#: its summary's fields or the reason it could not be read.
Known = tuple[str, Key | None, Fields | None, str]
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: The types of a cache row, exactly (bool is not int here): the name, the key's five parts, then
#: either a summary's fields (times as ISO text) or the problem that kept the file from being read.
_SUMMARY_ROW = (str, int, int, int, int, int, str, str, str, str, str, str, str, bool, str, bool, int)
_PROBLEM_ROW = (str, int, int, int, int, int, str)


def is_offered(name: str, fields: Fields) -> bool:
    """Whether the resume offer looks at the file: an unfinished session, in its own file."""
    return not fields[_FINISHED_AT] and name == fields[_ID_AT] + SUFFIX


#: A folder's listing cache: the file, and the folder's full name ("place"), which names the
#: file and is written in it.
Cache = tuple[Path, str]


def cache_of(folder: Path) -> Cache | None:
    """The cache of `folder`'s listing (None: the folder cannot be named)."""
    try:
        place = str(folder.resolve())
    except (OSError, RuntimeError):
        return None
    name = hashlib.sha256(place.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return locations.cache_folder() / f"listing-{name}.json", place


def cache_file(folder: Path) -> Path | None:
    """The file of `folder`'s listing cache (None: the folder cannot be named)."""
    cache = cache_of(folder)
    return None if cache is None else cache[0]


def read_payload(cache: Cache | None) -> bytes | None:
    if cache is None:
        return None
    path, place = cache
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
    if not all(map(is_session_name, names)):
        raise _Damaged
    return files, names, rest


def unfinished_if_unchanged(payload: bytes, scanned: list[tuple[str, Key | None]]) -> list[str] | None:
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


def read_rows(payload: bytes) -> dict[str, tuple[Key, Fields | None, str]]:
    """The cache's entries, or none at all if anything about it is wrong (its offer line too,
    which must say what the rows say)."""
    try:
        files, names, rest = _offer_line(payload)
        entries = _entries(json.loads(rest.decode("utf-8")))
    except (ValueError, RecursionError, _Damaged):  # ValueError: not UTF-8, not JSON, not a time
        return {}
    if files != "" and files != _files_digest((name, key) for name, (key, _fields, _problem) in entries.items()):
        return {}  # ("": a file could not be stat'ed when it was written; the offer reads the rows)
    offered = [name for name, (_key, fields, _problem) in entries.items() if fields is not None and is_offered(name, fields)]
    return entries if sorted(offered) == sorted(names) else {}


class _Damaged(Exception):
    """A cache entry that is not what this module writes."""


def _entries(rows: Any) -> dict[str, tuple[Key, Fields | None, str]]:
    """The rows as `write_cache` wrote them, each checked as the codec checks a file."""
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
        if not is_session_name(name) or name in entries:
            raise _Damaged
        entries[name] = ((dev, inode, size, mtime, ctime), fields, problem)
    if UNSEEN.search("".join(shown)):  # one character each: found in the whole iff in a part
        raise _Damaged
    return entries


def write_cache(cache: Cache, found: list[Known]) -> None:
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
               if key is not None and fields is not None and is_offered(name, fields)]
    offered.sort(key=lambda item: item[1][UPDATED_AT], reverse=True)  # ties as the listing orders them
    first = {"files": _files_digest((name, key) for name, key, _fields, _problem in found) if complete else "",
             "unfinished": [name for name, _fields in offered]}
    # Escaped to ASCII: a name the system gives with undecodable bytes (surrogates) is cached too.
    payload = b"%s\n%s" % (json.dumps(first).encode("ascii"), json.dumps(rows).encode("ascii"))
    path, place = cache
    cache_files.write_payload(path, FORMAT, payload, place)

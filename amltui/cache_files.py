"""A file in the per-user cache folder: private to the user, replaced whole, checked when read.

A cache is untrusted input like any other file. It is believed only if it is this user's alone,
within its size, of the expected format and place, and its payload matches the digest written
beside it; anything else reads as None and the caller builds afresh. Writes are not synced: a
cache lost in a crash is rebuilt, and one torn is refused by the digest.

The layout: a first line, a JSON object holding the format, the place, the payload's length and
its digest, then the payload's bytes as they are (`read_payload`/`write_payload`), which `read`
and `write` decode and encode as JSON, once. A file torn anywhere, or in the layout before this
one (a JSON document holding the payload as a string, so decoded twice), fails the first line's
checks.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from amltui import files, locations


def read(path: Path, form: int, limit: int, place: str = "") -> Any | None:
    """The content `write` stored at `path`, or None if the file is not one to believe."""
    payload = read_payload(path, form, limit, place)
    if payload is None:
        return None
    try:
        return json.loads(payload)
    except (ValueError, RecursionError):
        return None


def write(path: Path, form: int, content: Any, place: str = "") -> None:
    """Replace the cache file with `content` (JSON); a failure leaves no cache, never an error."""
    try:
        payload = json.dumps(content, ensure_ascii=False).encode("utf-8")
    except ValueError:  # text UTF-8 cannot hold (a lone surrogate): no cache
        return
    write_payload(path, form, payload, place)


def read_payload(path: Path, form: int, limit: int, place: str = "") -> bytes | None:
    """The payload `write_payload` stored at `path`, or None if the file is not one to believe:
    its first line must be of this format and place, and the bytes after it of the length and
    digest it gives."""
    try:
        data = _private_bytes(path, limit)
        if data is None:
            return None
        first, newline, payload = data.partition(b"\n")
        header = json.loads(first)  # ValueError: not a first line of ours
        if (not newline or type(header) is not dict or header.keys() != _HEADER or type(header["format"]) is not int
                or header["format"] != form or header["place"] != place or header["length"] != len(payload)
                or header["check"] != _digest(payload)):
            return None
        return payload
    except (OSError, ValueError, RecursionError):
        return None


def write_payload(path: Path, form: int, payload: bytes, place: str = "") -> None:
    """Replace the cache file with `payload` after a first line that describes it (see
    `read_payload`); a failure leaves no cache, never an error."""
    header = {"format": form, "place": place, "length": len(payload), "check": _digest(payload)}
    _replace(path, json.dumps(header).encode("ascii") + b"\n" + payload)  # JSON escapes any newline in the place


_HEADER = frozenset({"format", "place", "length", "check"})


def _private_bytes(path: Path, limit: int) -> bytes | None:
    """The file's bytes if it is this user's alone (None if not); OSError or ValueError if it
    cannot be read within `limit`."""
    info = os.stat(path)
    if info.st_uid != os.getuid() or info.st_mode & 0o077:  # not ours alone: not believed
        return None
    return files.read_bytes(path, limit, lambda message, line, column: ValueError(message))


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to a private temporary file beside `path` and rename it over `path`."""
    temporary = None
    try:
        locations.make_private_folders(path.parent)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")  # 0600
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except (OSError, ValueError):  # no cache this time: the caller builds afresh next time
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()

"""A file in the per-user cache folder: private to the user, replaced whole, checked when read.

A cache is untrusted input like any other file. It is believed only if it is this user's alone,
within its size, of the expected format and place, and its payload matches the digest written
beside it; anything else reads as None and the caller builds afresh. Writes are not synced: a
cache lost in a crash is rebuilt, and one torn is refused by the digest.
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
    try:
        info = os.stat(path)
        if info.st_uid != os.getuid() or info.st_mode & 0o077:  # not ours alone: not believed
            return None
        outer = json.loads(files.read_bytes(path, limit, lambda message, line, column: ValueError(message)))
        payload = outer["payload"]
        if (outer["format"] != form or outer.get("place", "") != place or not isinstance(payload, str)
                or outer["check"] != _digest(payload)):
            return None
        return json.loads(payload)
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def write(path: Path, form: int, content: Any, place: str = "") -> None:
    """Replace the cache file with `content` (JSON); a failure leaves no cache, never an error."""
    payload = json.dumps(content, ensure_ascii=False)
    document = {"format": form, "place": place, "check": _digest(payload), "payload": payload}
    temporary = None
    try:
        locations.make_private_folders(path.parent)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")  # 0600
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(document, stream, ensure_ascii=False)
        os.replace(temporary, path)
    except (OSError, ValueError):  # no cache this time: the caller builds afresh next time
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _digest(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()

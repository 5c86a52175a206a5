"""Session locks: one writer per session, across processes, and the tidying of what killed
processes leave (unheld lock files, temporary files of an interrupted save)."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

from amltui.sessions.errors import SessionError

SUFFIX = ".toml"


def is_session_name(name: str) -> bool:
    """A name the listing takes for a session's file: `*.toml`, not hidden (the locks and the
    temporary files of a save are hidden)."""
    return name.endswith(SUFFIX) and not name.startswith(".")
LOCK = ".lock"
#: A temporary file of a save older than this is left over from a save that was killed (a save
#: takes well under a second); younger ones may still be being written.
ORPHAN_AGE_SECONDS = 60.0

# Locks use flock, which the kernel releases when the process dies, even by SIGKILL. Windows has
# no flock: there sessions are saved unlocked (a platform check, which mypy understands).
if sys.platform != "win32":
    import fcntl


class SessionInUse(SessionError):
    """Another amltui has this session open for writing."""


def take(path: Path, session_file: Path) -> Held:
    """Lock `path` (the lock file of `session_file`); SessionInUse if another process holds it."""
    for _ in range(10):
        try:
            handle = os.open(path, os.O_CREAT | os.O_RDWR | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError as error:
            raise SessionError(str(path), f"cannot create the lock file: {error.strerror}") from None
        if sys.platform == "win32":
            return Held(handle, path)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise SessionInUse(str(session_file), "in use by another amltui; open it read-only to look at it") from None
        except OSError as error:  # a file system without locks (some network mounts)
            os.close(handle)
            raise SessionError(str(path), f"cannot lock it: {error.strerror or error}") from None
        # A holder removes the lock file as it lets go (see Held.release): if that happened
        # between our open and our flock, we hold a removed file, which guards nothing.
        if _is_file_at(handle, path):
            return Held(handle, path)
        os.close(handle)
    raise SessionInUse(str(session_file), "its lock keeps changing hands; try again")


def tidy(folder: Path, take_for: Callable[[str], Held]) -> None:
    """Remove what killed processes leave behind: lock files nobody holds, and temporary files
    of an interrupted save. A session's leftovers are removed only while holding its lock (so
    never while another amltui records it), and a temporary file only once it is older than
    ORPHAN_AGE_SECONDS (a save without the lock, such as a copy's, may be writing it)."""
    if sys.platform == "win32":  # without locks, nothing tells a leftover from a file in use
        return
    try:
        names = [name for name in os.listdir(folder) if name.startswith(".")]  # leftovers are hidden
    except OSError:
        return
    ids = set()
    for name in names:
        if name.endswith(LOCK):
            ids.add(name[1 : -len(LOCK)])
        elif name.endswith(".tmp") and SUFFIX + "." in name:
            ids.add(name[1 : name.index(SUFFIX + ".")])
    for session_id in sorted(ids):
        try:
            held = take_for(session_id)
        except SessionError:  # in use, or a name that is not a session's
            continue
        try:
            prefix = f".{session_id}{SUFFIX}."
            for name in names:
                if name.startswith(prefix) and name.endswith(".tmp"):
                    _remove_if_orphan(folder / name)
        finally:
            held.release()


class Held:
    """A session lock this process holds; the kernel drops it if the process dies."""

    def __init__(self, handle: int, path: Path) -> None:
        self._handle: int | None = handle
        self.path = path

    def release(self) -> None:
        """Let go, removing the lock file first: safe while holding it, as a taker checks that the
        file it locked is still the one at the path (a killed holder's file is left to `tidy`)."""
        if self._handle is None:
            return
        try:
            if sys.platform != "win32" and _is_file_at(self._handle, self.path):
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
        finally:
            os.close(self._handle)
            self._handle = None


def _is_file_at(handle: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle), os.stat(path, follow_symlinks=False))
    except OSError:
        return False


def _remove_if_orphan(path: Path) -> None:
    """Remove a save's temporary file if it is a regular file of ours, old enough to be left over."""
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and time.time() - info.st_mtime > ORPHAN_AGE_SECONDS:
            os.unlink(path)
    except OSError:
        return

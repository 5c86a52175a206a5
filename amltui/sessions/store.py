"""The sessions folder: atomic saves, safe file names, locks, and listing.

A save writes a temporary file in the same folder, flushes and syncs it, then renames it over the
old one, so at every instant the file on disk is a complete version. File names come from the
session id, never from anything a user types, and every path is checked to stay in the folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from attrs import frozen

from amltui import files
from amltui.sessions.codec import MAX_BYTES, SessionError, dumps, failure, loads
from amltui.sessions.model import Session

SUFFIX = ".toml"

try:  # Locks use flock, which the kernel releases when the process dies, even by SIGKILL.
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]


class SessionInUse(SessionError):
    """Another amltui has this session open for writing."""


@frozen
class Listing:
    """One file in the folder: a session, or the reason it could not be read."""

    path: Path
    session: Session | None
    problem: str = ""


def newest_first(items: Iterable[Listing]) -> list[Listing]:
    """Most recently updated first; unreadable files last."""
    return sorted(items, key=lambda item: item.session.updated.timestamp() if item.session else 0.0, reverse=True)


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash at any moment leaves the old or the new file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IRUSR | stat.S_IWUSR)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


class SessionStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def ensure_folder(self) -> None:
        """Create the folder, private to the user; a clear SessionError if that is impossible."""
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise SessionError(str(self.folder), f"cannot create the sessions folder: {error.strerror}") from None
        if not os.access(self.folder, os.W_OK | os.X_OK):
            raise SessionError(str(self.folder), "no permission to write in the sessions folder")
        self._make_private()

    def _make_private(self) -> None:
        """Close a folder others can read (a checkout's sessions/ comes from git as 0755).

        Only a folder of ours that holds nothing but sessions: a folder the user named that also
        holds other things keeps the permissions they gave it.
        """
        try:
            info = self.folder.stat()
            if not info.st_mode & 0o077 or info.st_uid != os.getuid():
                return
            ours = all(
                entry.name.endswith((SUFFIX, ".lock", ".tmp")) or entry.name == "README.md"
                for entry in os.scandir(self.folder)
            )
            if ours:
                os.chmod(self.folder, 0o700)
        except OSError:  # a folder we cannot inspect keeps its permissions; saving still works
            return

    def path_for(self, session: Session) -> Path:
        return self.inside(session.id + SUFFIX)

    def inside(self, name: str) -> Path:
        """A file name in the folder; refuses anything that would land outside it."""
        if not name or name != Path(name).name or name in (".", "..") or "\x00" in name:
            raise SessionError(name, f"not a plain file name inside {self.folder}")
        path = self.folder / name
        if path.resolve().parent != self.folder.resolve():
            raise SessionError(name, f"resolves outside {self.folder}")
        return path

    def save(self, session: Session) -> Path:
        self.ensure_folder()
        path = self.path_for(session)
        try:
            write_atomically(path, dumps(session))
        except OSError as error:
            raise SessionError(str(path), f"could not save: {error.strerror or error}") from None
        return path

    def load(self, path: Path) -> Session:
        return load_file(path)

    def delete(self, session: Session) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_for(session).unlink()

    def listing(self) -> list[Listing]:
        """Every session file, newest first; unreadable files are listed with their problem.
        A folder that is not there holds no sessions; one that cannot be read is a SessionError."""
        problem = files.folder_problem(self.folder)
        if problem == "no such file":
            return []
        if problem:
            raise SessionError(str(self.folder), f"cannot read the sessions folder: {problem}")
        found = []
        for path in sorted(self.folder.glob("*" + SUFFIX)):
            try:
                found.append(Listing(path, load_file(path)))
            except SessionError as error:
                found.append(Listing(path, None, error.reason))
        return newest_first(found)

    def latest_unfinished(self) -> Listing | None:
        """The most recently saved session not yet finished (what a dropped connection leaves).

        Read newest file first and stop at the first unfinished one, so the start screen does not
        wait for every file in a folder of hundreds: each save rewrites the file, so the file's
        time follows the session's `updated`.
        """
        if files.folder_problem(self.folder):
            return None  # the sessions browser and `amltui sessions` say why

        def saved_at(path: Path) -> float:
            try:
                return path.stat().st_mtime
            except OSError:
                return 0.0
        for path in sorted(self.folder.glob("*" + SUFFIX), key=saved_at, reverse=True):
            try:
                session = load_file(path)
            except SessionError:
                continue
            if not session.finished:
                return Listing(path, session)
        return None

    def hold(self, session: Session) -> Held:
        """Take the session for writing until `release()`; SessionInUse if another process has it."""
        self.ensure_folder()
        path = self.inside(f".{session.id}.lock")
        try:
            handle = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        except OSError as error:
            raise SessionError(str(path), f"cannot create the lock file: {error.strerror}") from None
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                raise SessionInUse(
                    str(self.path_for(session)), "in use by another amltui; open it read-only to look at it"
                ) from None
        return Held(handle)

    @contextlib.contextmanager
    def lock(self, session: Session) -> Iterator[None]:
        """Hold the session for writing while the block runs; SessionInUse if another process holds it."""
        held = self.hold(session)
        try:
            yield
        finally:
            held.release()

    def update(self, session: Session, change: Callable[[Session], Session]) -> Session:
        """Apply `change` to the session as it is on disk now, under its lock, and save it.

        For edits made outside the recording instance (a comment, a new title): re-reading under the
        lock means a change saved by someone else in the meantime is kept, not overwritten.
        """
        with self.lock(session):
            path = self.path_for(session)
            current = load_file(path) if path.exists() else session
            changed = change(current)
            self.save(changed)
        return changed


class Held:
    """A session lock this process holds; the kernel drops it if the process dies."""

    def __init__(self, handle: int) -> None:
        self._handle: int | None = handle

    def release(self) -> None:
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None

def load_file(path: Path) -> Session:
    """Read one session file through the guarded read path (a regular file, within the size
    limit: a FIFO or a device is refused, never waited on); never writes to it."""
    return loads(files.read_bytes(path, MAX_BYTES, failure(str(path))), str(path))

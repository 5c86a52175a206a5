"""The sessions folder: atomic saves, safe file names, and where locks and listing are asked for.

A save writes a temporary file in the same folder, flushes and syncs it, then renames it over the
old one, so at every instant the file on disk is a complete version. File names come from the
session id, never from anything a user types, and every path is checked to stay in the folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from amltui import files
from amltui.locations import make_private_folders
from amltui.sessions.errors import SessionError
from amltui.sessions.listing import Listing, list_folder, newest_first, unfinished_files
from amltui.sessions.locks import (
    LOCK,
    ORPHAN_AGE_SECONDS,
    SUFFIX,
    Held,
    SessionInUse,
    take,
    tidy,
)

if TYPE_CHECKING:
    from amltui.sessions.model import Session

# Where they were before sessions.listing and sessions.locks took them.
__all__ = ["ORPHAN_AGE_SECONDS", "Held", "Listing", "SessionInUse", "make_private_folders", "newest_first"]

_T = TypeVar("_T")

#: What a file was when this process last read or wrote it: (device, inode, size, mtime in ns).
Fingerprint = tuple[int, int, int, int]

class CopyOfSession(SessionError):
    """A file that holds a session whose own file is another one: it is read, never continued."""


class ChangedOnDisk(SessionError):
    """The session's file is not the version this process last read or wrote."""


def write_atomically(path: Path, text: str, mode: int = stat.S_IRUSR | stat.S_IWUSR) -> None:
    """Replace `path` with `text` so that a crash at any moment leaves the old or the new file.
    `mode`: private by default; a shared training room's files are also readable by its group."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
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
            make_private_folders(self.folder)
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
                entry.name.endswith((SUFFIX, LOCK, ".tmp")) or entry.name == "README.md"
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
        """Every session file, newest first, as a list shows them (see `sessions.listing`: files
        unchanged since the last listing are not read again); unreadable files are listed with
        their problem. A folder that is not there holds no sessions; one that cannot be read is
        a SessionError."""
        return self._from_folder(list_folder)

    def refresh_listing(self) -> None:
        """Bring the listing's cache up to date with the folder (as the app leaves: the next
        start's resume offer then reads one line of it instead of every row; see listing_cache)."""
        with contextlib.suppress(SessionError):
            self._from_folder(unfinished_files)

    def _from_folder(self, how: Callable[[Path, Callable[[Path], Session]], list[_T]]) -> list[_T]:
        """What `how` (a function of `sessions.listing`) finds in the folder, as `listing` says."""
        problem = files.folder_problem(self.folder)
        if problem == "no such file":
            return []
        if problem:
            raise SessionError(str(self.folder), f"cannot read the sessions folder: {problem}")
        try:
            return how(self.folder, load_file)
        except OSError as error:
            raise SessionError(str(self.folder), f"cannot read the sessions folder: {files.problem_opening(error)}") from None

    def latest_unfinished(self) -> Session | None:
        """The most recently saved session not yet finished (what a dropped connection leaves),
        read from its file now; never a copy (a file not named after its session's id).

        The listing says which files hold unfinished sessions (without reading the others again,
        nor making a summary of each); of those, the one whose file was written last is the one
        left."""
        try:
            unfinished = self._from_folder(unfinished_files)
        except SessionError:
            return None  # the sessions browser and `amltui sessions` say why
        for path in unfinished:
            try:
                session = load_file(path)
            except SessionError:
                continue
            if not session.finished and path.name == session.id + SUFFIX:  # as it is now
                return session
        return None

    def hold(self, session: Session) -> Held:
        """Take the session for writing until `release()`; SessionInUse if another process has it."""
        self.ensure_folder()
        return self._take(session.id)

    def hold_name(self, name: str) -> Held:
        """Take a lock by name in the folder as it is (a training room's learner seat); SessionInUse
        if another process has it."""
        return self._take(name)

    def _take(self, session_id: str) -> Held:
        return take(self.inside(f".{session_id}{LOCK}"), self.inside(session_id + SUFFIX))

    def tidy(self) -> None:
        """Remove what killed processes left in the folder (see `locks.tidy`)."""
        tidy(self.folder, self._take)

    def fingerprint(self, path: Path) -> Fingerprint | None:
        """What the file is now (None: there is none), to tell whether anyone changed it since."""
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise SessionError(str(path), f"cannot read it: {error.strerror or error}") from None
        return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)

    def save_over(self, session: Session, expected: Fingerprint | None) -> Fingerprint | None:
        """Save, but only over the version of the file this process last read or wrote
        (`expected`; None: no file yet); returns the new version's fingerprint.

        Under the session's lock no amltui writes the file but its holder; this makes that rule
        checked rather than assumed, so a program that ignored the lock is never overwritten.
        """
        path = self.path_for(session)
        now = self.fingerprint(path)
        if now != expected:
            if now is None:
                raise ChangedOnDisk(str(path), "removed by another program since this amltui read it; not written again")
            raise ChangedOnDisk(str(path), "changed on disk by another program since this amltui read it; not overwritten")
        self.save(session)
        return self.fingerprint(path)

    def check_own_file(self, path: Path, session: Session) -> None:
        """CopyOfSession unless `path` is the session's own file (its id + .toml in this folder).

        Only that file is continued: the lock, the start screen's offer and the sessions browser
        all know a session by its id, and saving a copy's steps to the id's file would overwrite
        the original; saving them beside it would leave two diverging files with one id.
        """
        own = self.path_for(session)
        try:
            same = Path(path).resolve() == own.resolve()
        except (OSError, RuntimeError):  # a symlink loop
            same = False
        if not same:
            raise CopyOfSession(
                str(path),
                f"holds session {session.id}, whose own file is {own}; a copy is never continued (its "
                "answers would overwrite the original's): replay it read-only, or copy it under a new id "
                "in the sessions browser (d) and continue that",
            )

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
            if not path.exists():  # removed since it was read: not brought back from that old copy
                raise SessionError(str(path), "no longer exists (removed since it was read); nothing was changed")
            current = load_file(path)
            changed = change(current)
            self.save(changed)
        return changed


def save_elsewhere(session: Session, target: Path) -> Path:
    """Write the session to `target` (a file, or a folder to put `<id>.toml` in), never over an
    existing file: where answers go when the sessions folder cannot take them."""
    target = target.expanduser()
    if target.is_dir():
        target = target / (session.id + SUFFIX)
    handle = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(dumps(session))
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:  # a partial copy is no copy (the target was ours: made just now)
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise
    return target


def load_file(path: Path) -> Session:
    """Read one session file through the guarded read path (a regular file, within the size
    limit: a FIFO or a device is refused, never waited on); never writes to it."""
    from amltui.sessions.codec import MAX_BYTES, failure, loads  # at the first read (see `dumps`)

    return loads(files.read_bytes(path, MAX_BYTES, failure(str(path))), str(path))


def dumps(session: Session) -> str:
    """The session's file text. The codec is imported at the first read or write: a start screen
    with nothing to resume needs neither (the listing's cache has what it shows)."""
    from amltui.sessions import codec

    return codec.dumps(session)

"""The sessions folder: atomic saves, safe file names, locks, and listing.

A save writes a temporary file in the same folder, flushes and syncs it, then renames it over the
old one, so at every instant the file on disk is a complete version. File names come from the
session id, never from anything a user types, and every path is checked to stay in the folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from attrs import frozen

from amltui import files
from amltui.sessions.codec import MAX_BYTES, SessionError, dumps, failure, loads
from amltui.sessions.model import Session

SUFFIX = ".toml"
LOCK = ".lock"
#: A temporary file of a save older than this is left over from a save that was killed (a save
#: takes well under a second); younger ones may still be being written.
ORPHAN_AGE_SECONDS = 60.0
#: What a file was when this process last read or wrote it: (device, inode, size, mtime in ns).
Fingerprint = tuple[int, int, int, int]

# Locks use flock, which the kernel releases when the process dies, even by SIGKILL. Windows has
# no flock: there sessions are saved unlocked (a platform check, which mypy understands).
if sys.platform != "win32":
    import fcntl


class SessionInUse(SessionError):
    """Another amltui has this session open for writing."""


class CopyOfSession(SessionError):
    """A file that holds a session whose own file is another one: it is read, never continued."""


class ChangedOnDisk(SessionError):
    """The session's file is not the version this process last read or wrote."""


@frozen
class Listing:
    """One file in the folder: a session, or the reason it could not be read."""

    path: Path
    session: Session | None
    problem: str = ""


def newest_first(items: Iterable[Listing]) -> list[Listing]:
    """Most recently updated first; unreadable files last."""
    return sorted(items, key=lambda item: item.session.updated.timestamp() if item.session else 0.0, reverse=True)


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
            if not session.finished and path.name == session.id + SUFFIX:  # a copy is not continued
                return Listing(path, session)
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
        path = self.inside(f".{session_id}{LOCK}")
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
                raise SessionInUse(
                    str(self.inside(session_id + SUFFIX)), "in use by another amltui; open it read-only to look at it"
                ) from None
            except OSError as error:  # a file system without locks (some network mounts)
                os.close(handle)
                raise SessionError(str(path), f"cannot lock it: {error.strerror or error}") from None
            # A holder removes the lock file as it lets go (see Held.release): if that happened
            # between our open and our flock, we hold a removed file, which guards nothing.
            if _is_file_at(handle, path):
                return Held(handle, path)
            os.close(handle)
        raise SessionInUse(str(self.inside(session_id + SUFFIX)), "its lock keeps changing hands; try again")

    def tidy(self) -> None:
        """Remove what killed processes leave behind: lock files nobody holds, and temporary files
        of an interrupted save. A session's leftovers are removed only while holding its lock (so
        never while another amltui records it), and a temporary file only once it is older than
        ORPHAN_AGE_SECONDS (a save without the lock, such as a copy's, may be writing it)."""
        if sys.platform == "win32":  # without locks, nothing tells a leftover from a file in use
            return
        try:
            names = [entry.name for entry in os.scandir(self.folder)]
        except OSError:
            return
        ids = set()
        for name in names:
            if name.startswith(".") and name.endswith(LOCK):
                ids.add(name[1 : -len(LOCK)])
            elif name.startswith(".") and name.endswith(".tmp") and SUFFIX + "." in name:
                ids.add(name[1 : name.index(SUFFIX + ".")])
        for session_id in sorted(ids):
            try:
                held = self._take(session_id)
            except SessionError:  # in use, or a name that is not a session's
                continue
            try:
                prefix = f".{session_id}{SUFFIX}."
                for name in names:
                    if name.startswith(prefix) and name.endswith(".tmp"):
                        _remove_if_orphan(self.folder / name)
            finally:
                held.release()

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


def make_private_folders(folder: Path) -> None:
    """Create `folder` and any missing parents as 0700, whatever the umask (mkdir's `parents`
    would make the parents 0777 less the umask: open to everyone under umask 000)."""
    missing = []
    while not os.path.lexists(folder) and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:  # made meanwhile by another amltui: keeps its mode
            continue
        os.chmod(path, 0o700)
    if not missing and not folder.is_dir():
        raise FileExistsError(17, "File exists (not a folder)", str(folder))


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
    return loads(files.read_bytes(path, MAX_BYTES, failure(str(path))), str(path))

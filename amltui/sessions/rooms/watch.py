"""Following a room's files by polling: cheap when nothing changes (one `scandir` of the room,
or one `stat` of its state), and only a changed file is read again.

The trainer watches the learners' files; a learner watches the room's state. Every file read is
untrusted: a damaged, oversized, mismatched or hostile file is set aside with its problem (the
screen notes it), never a crash, and the rest of the room goes on.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from pathlib import Path

from amltui import files
from amltui.sessions.rooms.folder import HERE, LEARNER, STATE, SUFFIX, failure, learner_name, read_state
from amltui.sessions.rooms.records import MAX_LEARNER_BYTES, LearnerRecord, RoomError, RoomState, loads_learner

#: Learner files read at most (a room of thousands is a hostile folder, not a class).
MAX_LEARNERS = 1000
#: What a file was when last read: (inode, size, mtime in ns); atomic writes change the inode.
Version = tuple[int, int, int]
#: A learner's app refreshes its heartbeat this often (seconds)...
HEARTBEAT_SECONDS = 2.0
#: ...and one not refreshed for this long is away (a dropped connection, a closed laptop).
AWAY_SECONDS = 3 * HEARTBEAT_SECONDS
#: Heartbeats are looked at this often at most (a poll in between only lists the folder).
BEATS_SECONDS = 1.0


class LearnerWatch:
    """The learners of one room, as their files say now (see `poll`)."""

    def __init__(self, folder: Path, code: str, digest: str) -> None:
        self.folder = folder
        self.code = code
        self.digest = digest
        #: By file name: the learner's record, or why the file was set aside.
        self.learners: dict[str, LearnerRecord] = {}
        self.problems: dict[str, str] = {}
        self._seen: dict[str, Version] = {}
        #: Files past MAX_LEARNERS, not read.
        self.left_out = 0
        #: By learner file name: the owner and time of its heartbeat file (see `Seat.beat`).
        self._beats: dict[str, tuple[int, float]] = {}
        #: The file names of the learners here now (their heartbeat is fresh), as of the last poll.
        self.here: frozenset[str] = frozenset()
        self._owners: dict[str, int] = {}
        #: When the heartbeats were last looked at (time.monotonic).
        self._beats_at = -BEATS_SECONDS
        self._beat_names: frozenset[str] = frozenset()

    def poll(self, clock: float | None = None) -> bool:
        """Read what changed since the last poll (and see who is here at `clock`, by default
        now); True when anything did."""
        found: dict[str, Version] = {}
        beats: list[os.DirEntry[str]] = []
        try:
            entries = []
            for e in os.scandir(self.folder):
                if e.name.startswith(LEARNER):
                    if e.name.endswith(SUFFIX):
                        entries.append(e)
                    elif e.name.endswith(HERE):
                        beats.append(e)
        except OSError as error:
            problem = f"cannot read the room folder: {files.problem_opening(error)}"
            changed = self.problems.get("") != problem
            self.problems[""] = problem
            return changed
        self.problems.pop("", None)
        entries.sort(key=lambda e: e.name)
        self.left_out = max(len(entries) - MAX_LEARNERS, 0)
        changed = False
        for entry in entries[:MAX_LEARNERS]:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            version = (info.st_ino, info.st_size, info.st_mtime_ns)
            found[entry.name] = version
            self._owners[entry.name] = info.st_uid
            if self._seen.get(entry.name) != version:
                changed = True
                self._read(entry.name, entry.is_symlink())
        for gone in set(self._seen) - set(found):
            changed = True
            self.learners.pop(gone, None)
            self.problems.pop(gone, None)
            self._owners.pop(gone, None)
        self._seen = found
        return self._look_at_beats(beats, found, clock) or changed

    def _look_at_beats(self, beats: list[os.DirEntry[str]], found: dict[str, Version], clock: float | None) -> bool:
        """Who is here now, from the heartbeat files (at most every BEATS_SECONDS, unless one
        came or went); True when that changed."""
        names = frozenset(entry.name for entry in beats)  # one gone: a learner left, away at once
        if clock is None and names == self._beat_names and time.monotonic() - self._beats_at < BEATS_SECONDS:
            return False
        self._beats_at, self._beat_names = time.monotonic(), names
        self._beats = {}
        for entry in beats:
            if entry.name.removesuffix(HERE) + SUFFIX not in found:
                continue  # no learner's file (or one past MAX_LEARNERS): nobody to be here
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode):
                    self._beats[entry.name.removesuffix(HERE) + SUFFIX] = (info.st_uid, info.st_mtime)
        here = self._here_now(time.time() if clock is None else clock)
        changed = here != self.here
        self.here = here
        return changed

    def _here_now(self, clock: float) -> frozenset[str]:
        """The learners whose heartbeat is fresh: made by the account that owns their file (no one
        else can make another seem here), not older than AWAY_SECONDS, and not from the future
        beyond what clocks on a shared file system differ by."""
        here = set()
        for name, (uid, beat) in self._beats.items():
            owner = self._owners.get(name)
            if owner is not None and owner == uid and -AWAY_SECONDS <= clock - beat <= AWAY_SECONDS:
                here.add(name)
        return frozenset(n for n in here if n in self.learners)

    def _read(self, name: str, symlink: bool) -> None:
        self.learners.pop(name, None)
        self.problems.pop(name, None)
        path = self.folder / name
        try:
            if symlink:
                raise RoomError(str(path), "a symbolic link, not a learner's file; not read")
            record = loads_learner(files.read_bytes(path, MAX_LEARNER_BYTES, failure(path)), str(path))
            if learner_name(record.name) != name:
                raise RoomError(str(path), "its name is not the one its file is named for; not counted")
            if record.room != self.code:
                raise RoomError(str(path), f"a learner file of room {record.room}, not of this room")
            if record.knowledge_digest != self.digest:
                raise RoomError(str(path), f"{record.name}: another knowledge base than the room's; not scored")
        except RoomError as error:
            self.problems[name] = str(error)
            return
        self.learners[name] = record

    def by_name(self) -> dict[str, LearnerRecord]:
        return {record.name: record for record in self.learners.values()}

    def names_here(self) -> set[str]:
        """The display names of the learners here now (see `here`)."""
        return {record.name for file, record in self.learners.items() if file in self.here}


class StateWatch:
    """The room's state as the trainer last wrote it (see `poll`)."""

    def __init__(self, folder: Path, state: RoomState) -> None:
        self.folder = folder
        self.state = state
        #: Why the state file could not be read at the last poll ("" when it could).
        self.problem = ""
        self._seen: Version | None = self._version()

    def _version(self) -> Version | None:
        try:
            info = os.stat(self.folder / STATE)
        except OSError:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns)

    def poll(self) -> bool:
        """True when the state changed (or stopped or started being readable)."""
        version = self._version()
        if version == self._seen and not self.problem:
            return False
        self._seen = version
        try:
            state = read_state(self.folder)
        except RoomError as error:
            changed = self.problem != error.reason
            self.problem = error.reason
            return changed
        if state.code != self.state.code:
            self.problem = f"the state file now names room {state.code}"
            return True
        self.problem = ""
        changed = state != self.state
        self.state = state
        return changed

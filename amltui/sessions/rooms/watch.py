"""Following a room's files by polling: cheap when nothing changes (one `scandir` of the room,
or one `stat` of its state), and only a changed file is read again.

The trainer watches the learners' files; a learner watches the room's state. Every file read is
untrusted: a damaged, oversized, mismatched or hostile file is set aside with its problem (the
screen notes it), never a crash, and the rest of the room goes on.
"""

from __future__ import annotations

import os
from pathlib import Path

from amltui import files
from amltui.sessions.rooms.folder import LEARNER, STATE, SUFFIX, failure, learner_name, read_state
from amltui.sessions.rooms.records import MAX_LEARNER_BYTES, LearnerRecord, RoomError, RoomState, loads_learner

#: Learner files read at most (a room of thousands is a hostile folder, not a class).
MAX_LEARNERS = 1000
#: What a file was when last read: (inode, size, mtime in ns); atomic writes change the inode.
Version = tuple[int, int, int]


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

    def poll(self) -> bool:
        """Read what changed since the last poll; True when anything did."""
        found: dict[str, Version] = {}
        try:
            entries = [e for e in os.scandir(self.folder) if e.name.startswith(LEARNER) and e.name.endswith(SUFFIX)]
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
            if self._seen.get(entry.name) != version:
                changed = True
                self._read(entry.name, entry.is_symlink())
        for gone in set(self._seen) - set(found):
            changed = True
            self.learners.pop(gone, None)
            self.problems.pop(gone, None)
        self._seen = found
        return changed

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

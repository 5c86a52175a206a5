"""Who sits in a room: a learner's seat (their file, written only by their app, its lock and its
heartbeat) and the trainer's seat (one trainer's screen per room, taken up again by its owner)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from attrs import evolve

from amltui import files
from amltui.engine.room import Commit
from amltui.sessions.codec import SessionError
from amltui.sessions.model import now
from amltui.sessions.rooms.access import file_mode, user_name
from amltui.sessions.rooms.folder import STATE, TRAINER_LOCK, failure, here_name, knowledge_problem, learner_name
from amltui.sessions.rooms.records import MAX_LEARNER_BYTES, LearnerRecord, RoomError, RoomState, dumps_learner, loads_learner
from amltui.sessions.store import Held, SessionStore, write_atomically


class Seat:
    """A learner's place in a room: their file (written only here) and its lock (one process per
    name: a second one is told, and a dropped one's lock goes with its process)."""

    def __init__(self, folder: Path, record: LearnerRecord, held: Held) -> None:
        self.folder = folder
        self.record = record
        self._held: Held | None = held
        self.path = folder / learner_name(record.name)
        self.here = folder / here_name(self.path.name)

    @classmethod
    def take(cls, folder: Path, state: RoomState, name: str, digest: str, version: str = "") -> Seat:
        """Join (or join again: the same name on the same account keeps its commits); RoomError
        if the name is taken, or this knowledge base is not the one the room is pinned to."""
        problem = knowledge_problem(state, digest, version)
        if problem:
            raise RoomError(state.code, problem)
        path = folder / learner_name(name)
        with contextlib.suppress(FileNotFoundError):
            if os.lstat(path).st_uid != os.geteuid():
                raise RoomError(name, "this name is taken in the room by another account; choose another")
        try:
            held = SessionStore(folder).hold_name(path.stem)
        except SessionError:
            raise RoomError(name, "someone on this account is in the room under this name now; choose another "
                            "(a dropped connection frees it as soon as its amltui has ended)") from None
        try:
            earlier = loads_learner(files.read_bytes(path, MAX_LEARNER_BYTES, failure(path)), str(path)) if path.exists() else None
        except RoomError:
            earlier = None  # a damaged own file: started again (its commits cannot be trusted)
        again = earlier is not None and earlier.room == state.code and learner_name(earlier.name) == path.name
        commits = earlier.commits if again and earlier is not None else {}
        if again and earlier is not None:
            name = earlier.name  # "bo" again is Bo: one spelling in the room's counts and summary
        seat = cls(folder, LearnerRecord(name, state.code, digest, now(), commits), held)
        try:
            seat.save()
        except BaseException:
            seat.release()
            raise
        seat.beat()
        return seat

    def beat(self) -> bool:
        """Say "still here": the heartbeat file's time set to now (made if it is missing). False
        if it could not be (the room goes on; the trainer shows this learner as away)."""
        if self._held is None:  # left the room
            return False
        try:
            handle = os.open(self.here, os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), file_mode(self.folder))
        except OSError:
            return False
        try:
            os.utime(handle)
        except OSError:
            return False
        finally:
            os.close(handle)
        return True

    def commit(self, step: int, commit: Commit) -> None:
        """Commit (or change, before the reveal) the answer and prediction at a step."""
        self.record = evolve(self.record, updated=now(), commits={**self.record.commits, step: commit})
        self.save()

    def save(self) -> None:
        try:
            write_atomically(self.path, dumps_learner(self.record), file_mode(self.folder))
        except OSError as error:
            raise RoomError(str(self.path), f"could not save your answer: {error.strerror or error}") from None

    def release(self) -> None:
        """Leave the room: away at once on the trainer's screen (the file and its commits stay)."""
        if self._held is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.here)
            self._held.release()
            self._held = None


class TrainerSeat:
    """The trainer's hold on a room: one trainer's screen per room at a time, across processes
    (a lock that goes with its process, so a dropped terminal frees it)."""

    def __init__(self, held: Held) -> None:
        self._held: Held | None = held

    @classmethod
    def take(cls, folder: Path, code: str) -> TrainerSeat:
        try:
            return cls(SessionStore(folder).hold_name(TRAINER_LOCK))
        except SessionError:
            raise RoomError(
                code,
                "the room's trainer has it open now (another amltui holds it): only one trainer's screen "
                "per room; close the other, or wait until its amltui has ended (a dropped terminal frees it)",
            ) from None

    def release(self) -> None:
        if self._held is not None:
            self._held.release()
            self._held = None


def check_trainer(folder: Path, state: RoomState) -> None:
    """RoomError unless this account may take the room up again: it wrote the room's state (the
    trainer alone does), and the room has not ended."""
    try:
        owner = os.lstat(folder / STATE).st_uid
    except OSError as error:
        raise RoomError(str(folder / STATE), f"cannot read the room: {error.strerror or error}") from None
    if owner != os.geteuid():
        raise RoomError(state.code, f"opened by another account ({user_name(owner)}): only the trainer who opened it can take it up")
    if state.ended:
        raise RoomError(state.code, f"the room has ended; its summary: amltui room summary {state.code}")

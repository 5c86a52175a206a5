"""A training room on disk: a folder named by its join code, in the rooms folder.

The trainer makes the folder and is the only writer of `room.json`; each learner writes only
`learner-<key>.json`, the key a hash of their display name (so a name never becomes a path, and
the same name finds the same file when a learner joins again). Every write is atomic, as a
session's save is. A rooms folder others can use (group access) is a shared one: its rooms are
made group-writable and setgid, and their files group-readable, so that learners on other Unix
accounts can take part; what is wrong with such a folder is said exactly, with the fix.
"""

from __future__ import annotations

import contextlib
import grp
import hashlib
import os
import pwd
import stat
from collections.abc import Iterable
from pathlib import Path

from attrs import evolve

from amltui import files
from amltui.engine.room import Commit, RoomStep, StepTally, new_code, normal_code
from amltui.sessions.codec import SessionError
from amltui.sessions.model import now
from amltui.sessions.rooms import records
from amltui.sessions.rooms.records import (
    MAX_LEARNER_BYTES,
    MAX_STATE_BYTES,
    LearnerRecord,
    RoomError,
    RoomState,
    dumps_learner,
    dumps_state,
    loads_learner,
    loads_state,
)
from amltui.sessions.store import Held, SessionStore, make_private_folders, write_atomically

STATE = "room.json"
LEARNER = "learner-"
SUFFIX = ".json"
#: Beside a learner's file, an empty file whose modification time the learner's app refreshes
#: (see `Seat.beat`): who is here now, without the trainer reading a file again.
HERE = ".here"
#: The lock a trainer holds on their room while its screen is open (one trainer at a time).
TRAINER_LOCK = "trainer"
SHARED_HINT = (
    "For learners on other accounts, the rooms folder is shared: a group they all belong to, "
    "then `chgrp GROUP DIR && chmod 2770 DIR` (see the README, “Training rooms”)"
)


def learner_name(key_of: str) -> str:
    """The file of the learner with this display name."""
    return f"{LEARNER}{hashlib.sha256(key_of.casefold().encode()).hexdigest()[:20]}{SUFFIX}"


def here_name(learner_file: str) -> str:
    """The heartbeat file beside a learner's file (`learner-<key>.json` -> `learner-<key>.here`)."""
    return learner_file.removesuffix(SUFFIX) + HERE


def is_shared(folder: Path) -> bool:
    try:
        return bool(folder.stat().st_mode & 0o070)
    except OSError:
        return False


def file_mode(folder: Path) -> int:
    """Private files in a private room; group-readable ones in a shared room."""
    return 0o640 if is_shared(folder) else 0o600


def _user(uid: int) -> str:
    with contextlib.suppress(KeyError):
        return pwd.getpwuid(uid).pw_name
    return str(uid)


def _group(gid: int) -> str:
    with contextlib.suppress(KeyError):
        return grp.getgrgid(gid).gr_name
    return str(gid)


def describe(path: Path) -> str:
    """"owned by user ann and group teach, mode drwxrws---" (what a person fixes it from)."""
    info = path.stat()
    return f"owned by user {_user(info.st_uid)} and group {_group(info.st_gid)}, mode {stat.filemode(info.st_mode)}"


def who_am_i() -> str:
    groups = ", ".join(sorted({_group(g) for g in (os.getegid(), *os.getgroups())}))
    return f"you are user {_user(os.geteuid())}, in groups {groups}"


def access_problem(folder: Path, *, write: bool) -> str:
    """Why this account cannot read (and, with `write`, write in) a room or rooms folder; "" when it can."""
    problem = files.folder_problem(folder)
    if problem:
        return f"{folder}: {problem}"
    if not os.access(folder, os.R_OK | os.X_OK):
        return f"no permission to read {folder} ({describe(folder)}; {who_am_i()}). {SHARED_HINT}"
    if write and not os.access(folder, os.W_OK | os.X_OK):
        return f"no permission to write in {folder} ({describe(folder)}; {who_am_i()}). {SHARED_HINT}"
    info = folder.stat()
    foreign = info.st_uid != os.geteuid() and info.st_gid != os.getegid()
    if write and foreign and info.st_mode & 0o070 and not info.st_mode & stat.S_ISGID:
        return (
            f"{folder} is shared with group {_group(info.st_gid)} but has no setgid bit, so your file would "
            f"belong to your own group {_group(os.getegid())}, which the trainer may not read: `chmod g+s {folder}`"
        )
    return ""


def open_room(rooms: Path, state: RoomState) -> tuple[Path, RoomState]:
    """Make a new room folder under a fresh code and write its first state; RoomError if the
    rooms folder cannot take it (`state.code` is replaced by the code found free)."""
    if not os.path.lexists(rooms):
        try:
            make_private_folders(rooms)
        except OSError as error:
            raise RoomError(str(rooms), f"cannot create the rooms folder: {error.strerror or error}") from None
    problem = access_problem(rooms, write=True)
    if problem:
        raise RoomError(str(rooms), problem)
    shared = is_shared(rooms)
    for _ in range(50):
        code = new_code()
        folder = rooms / code
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            continue
        except OSError as error:
            raise RoomError(str(folder), f"cannot create the room: {error.strerror or error}") from None
        os.chmod(folder, 0o2770 if shared else 0o700)
        opened = state.moved(code=code)
        write_state(folder, opened)
        return folder, opened
    raise RoomError(str(rooms), "no free room code found (50 tries): remove old rooms from the folder")


def write_state(folder: Path, state: RoomState) -> None:
    try:
        write_atomically(folder / STATE, dumps_state(state), file_mode(folder))
    except OSError as error:
        raise RoomError(str(folder / STATE), f"could not save the room: {error.strerror or error}") from None


def write_frozen(folder: Path, state: RoomState, step: int, tally: StepTally) -> None:
    """The step's frozen commits and tally, in their own file (written before the state says
    "revealed")."""
    path = folder / f"step-{step}{SUFFIX}"
    try:
        write_atomically(path, records.dumps_frozen(state, step, tally), file_mode(folder))
    except OSError as error:
        raise RoomError(str(path), f"could not save the reveal: {error.strerror or error}") from None


def read_step(folder: Path, state: RoomState, step: RoomStep, only: str | None = None) -> records.StepFile:
    """One step's file: the tally, and the frozen commits (`only`: of that learner alone)."""
    path = folder / f"step-{step.number}{SUFFIX}"
    return records.loads_frozen(files.read_bytes(path, MAX_STATE_BYTES, failure(path)), str(path), state.code, step, only)


def read_frozen(folder: Path, state: RoomState, steps: Iterable[RoomStep]) -> RoomState:
    """The state with every frozen commit of these steps read in (RoomError if one cannot be)."""
    frozen = {name: dict(by_step) for name, by_step in state.frozen.items()}
    for step in steps:
        for name, commit in read_step(folder, state, step).commits.items():
            frozen.setdefault(name, {})[step.number] = commit
    return state.moved(frozen=frozen)


def read_state(folder: Path) -> RoomState:
    path = folder / STATE
    data = files.read_bytes(path, MAX_STATE_BYTES, failure(path))
    return loads_state(data, str(path))


def failure(path: Path) -> files.Fail:
    """A room file's read problem; a permission problem says whose the file is, and who you are."""
    fail = records.failure(str(path))

    def with_owner(message: str, line: int | None, column: int | None) -> Exception:
        if "no permission" in message:
            with contextlib.suppress(OSError):
                message += f" ({describe(path)}; {who_am_i()})"
        return fail(message, line, column)

    return with_owner


def find_room(rooms: Path, code_text: str) -> Path:
    """The folder of the room with this code, readable and writable by this account; RoomError
    saying exactly what is wrong (no such code, no such rooms folder, permissions)."""
    code = normal_code(code_text)
    if code is None:
        raise RoomError(code_text[:20], "not a room code: six letters and digits, as the trainer's screen shows them")
    problem = files.folder_problem(rooms)
    if problem == "no such file":
        raise RoomError(str(rooms), "no rooms folder here: the trainer's rooms folder (--rooms, AMLTUI_ROOMS) must be yours too")
    folder = rooms / code
    if not os.path.lexists(folder) and not access_problem(rooms, write=False):
        raise RoomError(code, f"no room with this code in {rooms} (check the code with the trainer's screen)")
    problem = access_problem(folder, write=True)
    if problem:
        raise RoomError(code, problem)
    return folder


def knowledge_problem(state: RoomState, digest: str, version: str = "") -> str:
    """Why a learner with this knowledge base cannot be scored in the room ("" when they can)."""
    if digest == state.knowledge_digest:
        return ""
    yours = f"version {version}, " if version else ""
    return (
        f"this room is pinned to the knowledge base it was opened with (version {state.knowledge_version}, "
        f"digest {state.knowledge_digest[:12]}); yours is another ({yours}digest {digest[:12]}): join with the "
        "trainer's knowledge base (--knowledge DIR or AMLTUI_KNOWLEDGE), so your answers are scored on the same tree"
    )


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
        raise RoomError(state.code, f"opened by another account ({_user(owner)}): only the trainer who opened it can take it up")
    if state.ended:
        raise RoomError(state.code, f"the room has ended; its summary: amltui room summary {state.code}")


def resumable_rooms(rooms: Path) -> list[RoomState]:
    """This account's rooms that have not ended, the one its trainer moved on last first (by its
    state file's time; unreadable ones left out): what `amltui room resume` without a code
    chooses from."""
    found: list[tuple[int, RoomState]] = []
    try:
        entries = sorted(os.scandir(rooms), key=lambda e: e.name)[:2000]
    except OSError:
        return []
    for entry in entries:
        if normal_code(entry.name) != entry.name:
            continue
        try:
            info = os.lstat(Path(entry.path) / STATE)
            if info.st_uid != os.geteuid():
                continue
            state = read_state(Path(entry.path))
        except (OSError, RoomError):
            continue
        if not state.ended and state.code == entry.name:
            found.append((info.st_mtime_ns, state))
    return [state for _, state in sorted(found, key=lambda pair: pair[0], reverse=True)]

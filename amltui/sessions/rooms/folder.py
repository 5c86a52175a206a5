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
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from amltui import files
from amltui.engine.room import RoomStep, StepTally, new_code, normal_code
from amltui.sessions.rooms import records
from amltui.sessions.rooms.access import access_problem, describe, file_mode, is_shared, who_am_i
from amltui.sessions.rooms.records import (
    MAX_STATE_BYTES,
    RoomError,
    RoomState,
    dumps_state,
    loads_state,
)
from amltui.sessions.store import make_private_folders, write_atomically

STATE = "room.json"
LEARNER = "learner-"
SUFFIX = ".json"
#: Beside a learner's file, an empty file whose modification time the learner's app refreshes
#: (see `Seat.beat`): who is here now, without the trainer reading a file again.
HERE = ".here"
#: The lock a trainer holds on their room while its screen is open (one trainer at a time).
TRAINER_LOCK = "trainer"
def learner_name(key_of: str) -> str:
    """The file of the learner with this display name."""
    return f"{LEARNER}{hashlib.sha256(key_of.casefold().encode()).hexdigest()[:20]}{SUFFIX}"


def here_name(learner_file: str) -> str:
    """The heartbeat file beside a learner's file (`learner-<key>.json` -> `learner-<key>.here`)."""
    return learner_file.removesuffix(SUFFIX) + HERE


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

"""Where `amltui serve` can be reached, for a room's trainer to show beside the join code.

While it runs, `amltui serve` keeps a small record in a per-user runtime folder
(`$XDG_RUNTIME_DIR/amltui`, else `run/` in the per-user state folder; `$AMLTUI_RUNTIME` names
another): `serve-<pid>.json`, its address, its process id and the rooms folder its visitors use.
It removes the record as it stops; one left by a killed server is passed over (its process is
gone) and removed by the next server. The trainer reads the records as untrusted input (a size
limit, every key checked, the address of one plain form, the process alive and an amltui, the
folder and the file this account's own and nobody else's to write) and shows an address only
for a server whose visitors reach the trainer's rooms folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from pathlib import Path

from amltui import files
from amltui.locations import make_private_folders
from amltui.sessions.store import write_atomically

FORMAT = 1
PREFIX = "serve-"
SUFFIX = ".json"
#: A record is a hundred bytes or so; anything much larger is not one.
MAX_BYTES = 4096
#: Records looked at, at most (one per running server: a handful).
MAX_RECORDS = 20
#: Where a process's command line can be read (Linux).
PROC = Path("/proc/self/cmdline").exists()
#: The one form of address a server writes (see `amltui.serve.listening.page_url`).
ADDRESS = re.compile(r"http://(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.%A-Za-z]{2,60}\]):[0-9]{1,5}/")


def runtime_folder() -> Path:
    """$AMLTUI_RUNTIME, else $XDG_RUNTIME_DIR/amltui (a folder only this user can use), else run/
    in the per-user state folder."""
    chosen = os.environ.get("AMLTUI_RUNTIME")
    if chosen:
        return files.expand(chosen)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime) and _private(Path(runtime)):
        return Path(runtime) / "amltui"
    from platformdirs import user_state_path

    return user_state_path("amltui") / "run"


def _private(path: Path, *, is_folder: bool = True) -> bool:
    """This account's own, not a link, and no one else may write in it."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    kind = stat.S_ISDIR(info.st_mode) if is_folder else stat.S_ISREG(info.st_mode)
    return kind and info.st_uid == os.geteuid() and not info.st_mode & 0o022


def record_path(pid: int, folder: Path | None = None) -> Path:
    return (folder or runtime_folder()) / f"{PREFIX}{pid}{SUFFIX}"


def write_record(url: str, rooms: Path, pid: int | None = None) -> Path | None:
    """Say that this server is reachable at `url` (its visitors' rooms folder: `rooms`); the path
    written, to remove at the end (None: it could not be written, and the trainer shows no
    address, which is all that is lost). Records of servers no longer running are removed."""
    pid = os.getpid() if pid is None else pid
    folder = runtime_folder()
    try:
        make_private_folders(folder)
        if not _private(folder):
            return None
        path = record_path(pid, folder)
        document = {"format": FORMAT, "pid": pid, "url": url, "rooms": os.path.abspath(rooms.expanduser())}
        write_atomically(path, json.dumps(document) + "\n")
    except OSError:
        return None
    for entry in _entries(folder):
        pid_of = _pid_of(entry.name)
        if pid_of is not None and pid_of != pid and not _alive(pid_of):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
    return path


def remove_record(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        found = [e for e in os.scandir(folder) if e.name.startswith(PREFIX) and e.name.endswith(SUFFIX)]
    except OSError:
        return []
    return sorted(found, key=lambda e: e.name)[:MAX_RECORDS]


def _pid_of(name: str) -> int | None:
    digits = name[len(PREFIX) : -len(SUFFIX)]
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 10 else None


def _alive(pid: int) -> bool:
    """Whether the process runs (signal 0 asks, sending nothing); on Linux, and an amltui too (a
    process id is used again after a reboot or a long while)."""
    if pid <= 1:
        return False
    try:
        os.kill(pid, 0)
    except OSError:  # none, or another account's (PermissionError): not a server of ours
        return False
    if PROC:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()[:4096]
        except OSError:
            return False
        return b"amltui" in command
    return True


def _read(entry: os.DirEntry[str]) -> tuple[str, Path] | None:
    """(address, rooms folder) of one record, if it is well formed and its server runs."""
    pid = _pid_of(entry.name)
    if pid is None or not _private(Path(entry.path), is_folder=False):
        return None
    try:
        data = files.read_bytes(Path(entry.path), MAX_BYTES, lambda message, line, column: OSError(message))
        document = json.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("pid") != pid:
        return None
    url, rooms = document.get("url"), document.get("rooms")
    if not isinstance(url, str) or not ADDRESS.fullmatch(url) or not isinstance(rooms, str) or not os.path.isabs(rooms):
        return None
    if len(rooms) > 4096 or "\x00" in rooms or not _alive(pid):
        return None
    return url, Path(rooms)


def same_folder(one: Path, other: Path) -> bool:
    with contextlib.suppress(OSError):
        if os.path.samefile(one, other):
            return True
    return os.path.normpath(one.expanduser().absolute()) == os.path.normpath(other.expanduser().absolute())


def serve_addresses(rooms: Path) -> list[str]:
    """The addresses of the `amltui serve`s running for this account on this host whose visitors
    use the rooms folder `rooms` (none: no such server)."""
    folder = runtime_folder()
    if not _private(folder):
        return []
    found = []
    for entry in _entries(folder):
        record = _read(entry)
        if record is not None and same_folder(record[1], rooms) and record[0] not in found:
            found.append(record[0])
    return found

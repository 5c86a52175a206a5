"""Who may read and write a rooms folder: private rooms, shared ones (a group, setgid), and what
is wrong with a folder said exactly, with the fix (see the README, "Training rooms")."""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import stat
from pathlib import Path

from amltui import files

SHARED_HINT = (
    "For learners on other accounts, the rooms folder is shared: a group they all belong to, "
    "then `chgrp GROUP DIR && chmod 2770 DIR` (see the README, “Training rooms”)"
)



def is_shared(folder: Path) -> bool:
    try:
        return bool(folder.stat().st_mode & 0o070)
    except OSError:
        return False


def file_mode(folder: Path) -> int:
    """Private files in a private room; group-readable ones in a shared room."""
    return 0o640 if is_shared(folder) else 0o600


def user_name(uid: int) -> str:
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
    return f"owned by user {user_name(info.st_uid)} and group {_group(info.st_gid)}, mode {stat.filemode(info.st_mode)}"


def who_am_i() -> str:
    groups = ", ".join(sorted({_group(g) for g in (os.getegid(), *os.getgroups())}))
    return f"you are user {user_name(os.geteuid())}, in groups {groups}"


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

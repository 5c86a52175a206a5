"""Browser visitors' own sessions folders: each visitor of `amltui serve` sees, resumes, renames
and deletes only their own sessions; the person running the server sees them all.

The page makes a token (32 random hex digits) and keeps it in the browser's storage for the
server's address; it sends it with its connection, and the visitor's app is given the folder
visitors/<digest of the token> inside the sessions folder. The folder is named by a digest, not
by the token, so that a path shown on a screen (or a projected listing) never gives anyone the
token that opens it. A token that is not exactly 32 hex digits is refused here (None): it can
never name a path outside visitors/."""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

#: The folder of visitors' folders, inside the sessions folder.
VISITORS = "visitors"
#: What the page's script makes (16 random bytes), and how a visitor's folder is named.
TOKEN, FOLDER = re.compile(r"[0-9a-f]{32}"), re.compile(r"[0-9a-f]{24}")


def visitor_folder(sessions: Path, token: str) -> Path | None:
    """The visitor's sessions folder for `token`, or None if it is not a token the page makes."""
    if not TOKEN.fullmatch(token):
        return None
    return sessions / VISITORS / hashlib.sha256(token.encode("ascii")).hexdigest()[:24]


def new_token() -> str:
    """A token for a visitor whose page sent none that is valid (a space for this visit only)."""
    return secrets.token_hex(16)


def visitor_folders(sessions: Path) -> list[Path]:
    """Every visitor's folder in `sessions`, for the person who runs the server; anything else
    in visitors/ (another name, a link, a file) is not a visitor's and is left out."""
    try:
        entries = sorted((sessions / VISITORS).iterdir())
    except OSError:  # none yet, or not a folder
        return []
    return [path for path in entries if FOLDER.fullmatch(path.name) and path.is_dir() and not path.is_symlink()]

"""Where things live on disk: the bundled knowledge base, the sessions folder, the cache folder."""

from __future__ import annotations

import os
from pathlib import Path

from amltui import files

PACKAGE = Path(__file__).resolve().parent
#: In a checkout (or an editable install) the package sits beside the repository's folders.
CHECKOUT = PACKAGE.parent


def in_checkout() -> bool:
    return (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "knowledge").is_dir()


def bundled_knowledge() -> Path:
    """The knowledge base shipped with the program: inside the wheel, or the checkout's folder."""
    installed = PACKAGE / "bundled_knowledge"
    if installed.is_dir():
        return installed
    return CHECKOUT / "knowledge"


def knowledge_folder(option: str | None = None) -> Path:
    """--knowledge, else $AMLTUI_KNOWLEDGE, else the bundled knowledge base."""
    chosen = option or os.environ.get("AMLTUI_KNOWLEDGE")
    return files.expand(chosen) if chosen else bundled_knowledge()


def rooms_folder(option: str | None = None, sessions: Path | None = None) -> Path:
    """--rooms, else $AMLTUI_ROOMS, else rooms/ in the sessions folder (a shared place for
    learners on other accounts is named with --rooms or AMLTUI_ROOMS)."""
    chosen = option or os.environ.get("AMLTUI_ROOMS")
    if chosen:
        return files.expand(chosen)
    return (sessions or sessions_folder()) / "rooms"


def sessions_folder(option: str | None = None) -> Path:
    """--sessions, else $AMLTUI_SESSIONS, else the checkout's sessions/, else the user data folder."""
    chosen = option or os.environ.get("AMLTUI_SESSIONS")
    if chosen:
        return files.expand(chosen)
    if in_checkout():
        return CHECKOUT / "sessions"
    from platformdirs import user_data_path

    return user_data_path("amltui") / "sessions"


def cache_folder() -> Path:
    """$AMLTUI_CACHE, else the per-user cache folder: what can be rebuilt (listings, checked
    knowledge bases), never anything that would be missed."""
    chosen = os.environ.get("AMLTUI_CACHE")
    if chosen:
        return files.expand(chosen)
    from platformdirs import user_cache_path

    return user_cache_path("amltui")


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


def knowledge_origin(option: str | None = None) -> str:
    """Why `knowledge_folder(option)` is the folder it is, for the command line to say."""
    if option:
        return "from --knowledge"
    if os.environ.get("AMLTUI_KNOWLEDGE"):
        return "from $AMLTUI_KNOWLEDGE"
    if (PACKAGE / "bundled_knowledge").is_dir():
        return "the copy installed with the program; --knowledge DIR checks another"
    return "this checkout's knowledge folder"


def sessions_origin(option: str | None = None) -> str:
    """Why `sessions_folder(option)` is the folder it is, for the command line to say."""
    if option:
        return "from --sessions"
    if os.environ.get("AMLTUI_SESSIONS"):
        return "from $AMLTUI_SESSIONS"
    if in_checkout():
        return "this checkout's sessions folder"
    return "the per-user data folder; --sessions DIR or $AMLTUI_SESSIONS picks another"

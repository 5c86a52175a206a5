"""Where things live on disk: the bundled knowledge base and the sessions folder."""

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

"""Saved sessions: the record, its TOML file, the folder that holds them, review and export."""

from typing import TYPE_CHECKING, Any

from amltui.sessions.errors import SessionError
from amltui.sessions.store import SessionInUse, SessionStore

if TYPE_CHECKING:
    from amltui.sessions.model import Comment, Session, Step

__all__ = ["Comment", "Session", "SessionError", "SessionInUse", "SessionStore", "Step"]


def __getattr__(name: str) -> Any:
    """The record's classes are imported when first asked for: the start screen lists the folder
    (sessions.listing) without them."""
    if name in ("Comment", "Session", "Step"):
        from amltui.sessions import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

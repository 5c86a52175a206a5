"""Saved sessions: the record, its TOML file, the folder that holds them, review and export."""

from amltui.sessions.errors import SessionError
from amltui.sessions.model import Comment, Session, Step
from amltui.sessions.store import SessionInUse, SessionStore

__all__ = ["Comment", "Session", "SessionError", "SessionInUse", "SessionStore", "Step"]

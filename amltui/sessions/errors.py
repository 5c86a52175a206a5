"""The error every session operation raises: a file that cannot be used, and why.

Apart from the codec so that what only lists, locks or offers sessions does not import the
reading and writing of their files (the start screen draws without it)."""

from __future__ import annotations


class SessionError(Exception):
    """A session file that cannot be used; the message names the file and what is wrong."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}")

"""Sessions to and from TOML: a readable, diffable file, checked key by key when read.

Written by `writer` (tomli_w's layout, quickly) and read back by `canonical` when it is in that
layout, else by tomllib through the guards of `amltui.files`; either way checked key by key here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypeVar

from amltui import files
from amltui.sessions import canonical, writer
from amltui.sessions.errors import SessionError
from amltui.sessions.model import FORMAT, Comment, Session, Step
from amltui.sessions.modes import MODES
from amltui.terminal_text import UNSEEN, printable

__all__ = ["MAX_BYTES", "SessionError", "dumps", "failure", "loads"]  # SessionError: where it was

#: Far beyond a real session (1,000 steps are about 200 KB); refuses a huge or hostile file, and
#: bounds the parse time (tomllib reads a crafted 2 MB file in a few seconds, 8 MB in half a minute).
MAX_BYTES = 2 * 1024 * 1024
#: The times a session may hold: a day inside the calendar's ends, so that showing one in any
#: time zone (or adding to it) cannot overflow.
EARLIEST = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
LATEST = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)
#: The escapes that could write an unseen character into a basic string (\\b, \\f, \\r, \\u...).
_UNSEEN_ESCAPE = re.compile(r"\\[bfruUex]")

T = TypeVar("T")


class _Missing:
    """The default of a key that must be there (None and "" are defaults some keys have)."""


_MISSING = _Missing()


def dumps(session: Session) -> str:
    if writer.writes_like_tomli_w(session):
        return writer.session_text(session)
    import tomli_w  # a session the codec would not read back (a step without answers)

    return tomli_w.dumps(document(session))


def document(session: Session) -> dict[str, Any]:
    """The session as a TOML document (what the file's text says)."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "id": session.id,
        "title": session.title,
        "mode": session.mode,
        "created": session.created,
        "updated": session.updated,
        "finished": session.finished,
        "knowledge": {"version": session.knowledge_version, "digest": session.knowledge_digest},
    }
    if session.scenario:
        document["scenario"] = session.scenario
    if session.sources_only:  # optional: files of walks with the layer on stay as they were
        document["sources_only"] = True
    document["step"] = [_step_table(step) for step in session.steps]
    document["comment"] = [
        {"step": c.step, "author": c.author, "at": c.at, "text": c.text} for c in session.comments
    ]
    return document


def _step_table(step: Step) -> dict[str, Any]:
    table: dict[str, Any] = {
        "number": step.number,
        "at": step.at,
        "question": step.question,
        "answers": list(step.answers),
        "shown": list(step.shown),
    }
    if step.previous:
        table["previous"] = list(step.previous)
    if step.dropped:
        table["dropped"] = list(step.dropped)
    if step.predicted is not None:  # optional, so files without it (format 1) stay valid
        table["predicted"] = list(step.predicted)
    return table


def failure(path: str, prefix: str = "") -> files.Fail:
    """How the guarded read path (amltui.files) reports a problem with a session file."""

    def fail(message: str, line: int | None, column: int | None) -> SessionError:
        message = message.replace("TOML syntax error", "not valid TOML", 1)  # what a session reader says
        return SessionError(path, f"{prefix}{message}", line=line, column=column)

    return fail


def loads(data: bytes, path: str) -> Session:
    """A session from a file's bytes, or SessionError saying exactly what is wrong.

    Identifiers and versions (which come from a knowledge base, where `amltui check` refuses
    control and bidirectional characters) are made printable here, where they enter: such a
    character in one is a crafted file, and becomes a visible placeholder (see terminal_text).
    Free text (title, comments) is kept as typed; every output makes it printable."""
    if len(data) > MAX_BYTES:
        raise SessionError(path, f"the file is {files.size_text(len(data))}, larger than the limit of {files.size_text(MAX_BYTES)}")
    text = files.decode(data, failure(path))
    document = canonical.read(text)
    if document is None:
        document = files.parse_toml(text, failure(path, "damaged: "))
    # Most files hold no control or bidirectional character, raw or escaped: their ids need no
    # replacing, one by one (a third of the reading time of a long session).
    clean = UNSEEN.search(text) is None and _UNSEEN_ESCAPE.search(text) is None
    if "format" not in document or "id" not in document:
        raise SessionError(path, "not an amltui session (no 'format' key)")
    version = document["format"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionError(path, "not an amltui session ('format' is not a number)")
    if version > FORMAT:
        shown = str(version) if version < 10**9 else "a very large number"
        raise SessionError(
            path, f"made by a newer amltui (session format {shown}; this version reads up to {FORMAT}); upgrade to open it"
        )
    if version < 1:
        raise SessionError(path, f"unknown session format {version}")
    return Reader(path, clean).session(document)


class Reader:
    """Reads a parsed document key by key, each refusal a SessionError naming where (sessions,
    and the files of a training room: sessions.rooms.records). `clean`: the text held no control
    or bidirectional character, so ids need no replacing."""

    def __init__(self, path: str, clean: bool = False) -> None:
        self.path = path
        #: No string in the file holds an unseen character: `printable` would change nothing.
        self.clean = clean

    def fail(self, where: str, message: str, key: str = "") -> SessionError:
        return SessionError(self.path, message, item=where, key=key)

    def get(self, table: dict[str, Any], key: str, kind: type[T], where: str, default: T | _Missing = _MISSING) -> T:
        if key not in table:
            if isinstance(default, _Missing):
                raise self.fail(where, "missing", key)
            return default
        value = table[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise self.fail(where, f"has the wrong type ({type(value).__name__})", key)
        return value

    def texts(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        values: list[Any] = self.get(table, key, list, where, [])
        if not all(isinstance(v, str) for v in values):
            raise self.fail(where, "must be a list of texts", key)
        return tuple(values) if self.clean else tuple(printable(v) for v in values)  # ids: see `loads`

    def identifier(self, table: dict[str, Any], key: str, where: str, default: str | _Missing = _MISSING) -> str:
        """A question id, scenario id or knowledge version: printable (see `loads`)."""
        value = self.get(table, key, str, where, default)
        return value if self.clean else printable(value)

    def moment(self, table: dict[str, Any], key: str, where: str) -> dt.datetime:
        value = self.get(table, key, dt.datetime, where)
        if value.tzinfo is None:
            raise self.fail(where, "has no time zone", key)
        try:
            inside = EARLIEST <= value.astimezone(dt.UTC) <= LATEST
        except OverflowError:
            inside = False
        if not inside:
            raise self.fail(where, f"{value.isoformat()} is too near an end of the calendar "
                            "(this program shows times from 0001-01-02 to 9999-12-30, UTC)", key)
        return value

    def session(self, document: dict[str, Any]) -> Session:
        knowledge = self.get(document, "knowledge", dict, "session")
        mode = self.get(document, "mode", str, "session")
        if mode not in MODES:
            raise self.fail("session", f"unknown mode {mode!r} (expected {', '.join(MODES)})", "mode")
        steps = []
        for index, table in enumerate(self.get(document, "step", list, "session", []), start=1):
            where = f"step {index}"
            if not isinstance(table, dict):
                raise self.fail(where, "not a table")
            number = self.get(table, "number", int, where)
            if number != index:
                raise self.fail(where, f"steps out of order (found number {number})", "number")
            answers = self.texts(table, "answers", where)
            if not answers:
                raise self.fail(where, "no answers", "answers")
            steps.append(
                Step(
                    number=number,
                    at=self.moment(table, "at", where),
                    question=self.identifier(table, "question", where),
                    answers=answers,
                    shown=self.texts(table, "shown", where),
                    previous=self.texts(table, "previous", where),
                    dropped=self.texts(table, "dropped", where),
                    predicted=self.texts(table, "predicted", where) if "predicted" in table else None,
                )
            )
        comments = []
        for index, table in enumerate(self.get(document, "comment", list, "session", []), start=1):
            where = f"comment {index}"
            if not isinstance(table, dict):
                raise self.fail(where, "not a table")
            step = self.get(table, "step", int, where)
            if not 0 <= step <= len(steps):
                raise self.fail(where, f"refers to step {step}, but the session has {len(steps)}", "step")
            comments.append(
                Comment(
                    step=step,
                    author=self.get(table, "author", str, where),
                    at=self.moment(table, "at", where),
                    text=self.get(table, "text", str, where),
                )
            )
        return Session(
            id=self._id(document),
            title=self.get(document, "title", str, "session"),
            created=self.moment(document, "created", "session"),
            updated=self.moment(document, "updated", "session"),
            mode=mode,
            knowledge_version=self.identifier(knowledge, "version", "[knowledge]"),
            knowledge_digest=self.identifier(knowledge, "digest", "[knowledge]"),
            steps=tuple(steps),
            comments=tuple(comments),
            finished=self.get(document, "finished", bool, "session", False),
            scenario=self.identifier(document, "scenario", "session", ""),
            sources_only=self.get(document, "sources_only", bool, "session", False),
        )

    def _id(self, document: dict[str, Any]) -> str:
        value = self.get(document, "id", str, "session")
        if not value or not all(c.isalnum() or c in "-_" for c in value) or len(value) > 64:
            raise self.fail("session", f"invalid id {value!r}", "id")
        return value

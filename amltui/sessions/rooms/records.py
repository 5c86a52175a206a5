"""A training room's two kinds of file, to and from JSON, checked key by key when read.

JSON, not TOML as sessions are: every learner reads the state at each reveal, and tomllib (pure
Python) took 80 ms on the state of a room of 200, where the json module takes well under one.

`room.json` is the room's state, written only by the trainer: the case, the knowledge base it
is pinned to, where the room is (step, revealed, paused, ended). `step-<n>.json`, also the
trainer's, holds the commits read at step n's reveal (frozen, so the summary is what the room
saw): one file per step keeps the state small, and a learner reads only the step revealed. `learner-<key>.json` is one
learner's commits, written only by that learner. Both are untrusted when read (any account in a
shared folder may write a file there): size limits, every key checked, names cleaned.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from attrs import evolve, field, frozen

from amltui import files
from amltui.engine.room import CODE_LENGTH, Commit, RoomStep, StepTally, normal_code
from amltui.sessions.codec import Reader, SessionError
from amltui.terminal_text import json_text, printable, without_unseen

FORMAT = 1
#: A learner's file: a name and one commit per question (a case has well under 64) fit in 8 KB.
MAX_LEARNER_BYTES = 64 * 1024
#: A step file holds a commit per learner: 1,000 learners at ~150 bytes is about 150 KB.
MAX_STATE_BYTES = 4 * 1024 * 1024
MAX_NAME = 40
#: Ids in a commit (answers, predicted options): more than any question or option list holds.
MAX_IDS = 200


class RoomError(SessionError):
    """A room, or one of its files, that cannot be used; the message says what and where."""


def clean_name(text: str) -> str:
    """A display name as shown and saved: no control or bidi characters, spaces folded, cut."""
    return " ".join(without_unseen(text).split())[:MAX_NAME]


@frozen
class RoomState:
    code: str
    title: str
    scenario: str
    knowledge_version: str
    knowledge_digest: str
    sources_only: bool
    opened: dt.datetime
    #: The room record's session id (replay opens it like any saved session).
    session: str
    #: 1-based step of the case on screen; `revealed`: its answer is shown.
    step: int = 1
    revealed: bool = False
    paused: bool = False
    ended: bool = False
    #: Highest step revealed so far (back one step shows an earlier reveal again).
    reached: int = 0
    #: By learner name, by step number: the commits read at each reveal (kept in the step files,
    #: not in room.json; see folder.read_frozen).
    frozen: dict[str, dict[int, Commit]] = field(factory=dict)

    def moved(self, **changes: Any) -> RoomState:
        return evolve(self, **changes)


@frozen
class LearnerRecord:
    name: str
    room: str
    knowledge_digest: str
    updated: dt.datetime
    #: By step number.
    commits: dict[int, Commit] = field(factory=dict)


def _commit_table(step: int, commit: Commit, name: str | None = None) -> dict[str, Any]:
    table: dict[str, Any] = {"step": step, "question": commit.question, "answers": list(commit.answers)}
    if name is not None:
        table = {"name": name, **table}
    if commit.predicted is not None:  # absent: the prediction was skipped
        table["predicted"] = list(commit.predicted)
    return table


def dumps_state(state: RoomState) -> str:
    document: dict[str, Any] = {
        "format": FORMAT,
        "code": state.code,
        "title": state.title,
        "scenario": state.scenario,
        "session": state.session,
        "opened": state.opened.isoformat(),
        "sources_only": state.sources_only,
        "knowledge": {"version": state.knowledge_version, "digest": state.knowledge_digest},
        "now": {"step": state.step, "revealed": state.revealed, "paused": state.paused, "ended": state.ended, "reached": state.reached},
    }
    return json_text(document, indent=None) + "\n"


def dumps_frozen(state: RoomState, step: int, tally: StepTally) -> str:
    """The commits frozen at one step's reveal, and the room's tally of them (counted once by the
    trainer, so that no learner scores the whole room again)."""
    commits = [_commit_table(step, by_step[step], name) for name, by_step in state.frozen.items() if step in by_step]
    counts = {key: getattr(tally, key) for key in TALLY_COUNTS}
    lists = {key: [[list(k) if isinstance(k, tuple) else k, n] for k, n in getattr(tally, key)] for key in TALLY_LISTS}
    document = {"format": FORMAT, "room": state.code, "step": step, "tally": {**counts, **lists}, "frozen": commits}
    return json_text(document, indent=None) + "\n"


TALLY_COUNTS = ("committed", "matched", "perfect", "skipped")
TALLY_LISTS = ("expected_by", "answers", "missed", "wrong")


@frozen
class StepFile:
    """One step file as read: the trainer's tally, and the frozen commits by learner name (all,
    or only the reader's own: a learner need not check 200 others')."""

    tally: StepTally
    commits: dict[str, Commit]


def loads_frozen(data: bytes, path: str, code: str, step: RoomStep, only: str | None = None) -> StepFile:
    """A step file (RoomError if it is damaged, or not that step's)."""
    document = _document(data, path, MAX_STATE_BYTES, "step file")
    read = _RoomReader(path)
    if read.code(document, "room", "step file") != code or read.get(document, "step", int, "step file") != step.number:
        raise RoomError(path, f"not the file of step {step.number} of room {code}")
    table = read.get(document, "tally", dict, "step file")
    counts = {key: read.get(table, key, int, "tally") for key in TALLY_COUNTS}
    lists = {key: read.pairs(table, key) for key in TALLY_LISTS}
    answers = tuple((tuple(read.ids({"a": k}, "a", "tally")) if isinstance(k, list) else (), n) for k, n in lists.pop("answers"))
    named = {k: tuple((str(i), n) for i, n in v) for k, v in lists.items()}
    tally = StepTally(
        step=step, committed=counts["committed"], matched=counts["matched"], perfect=counts["perfect"],
        skipped=counts["skipped"], expected_by=named["expected_by"], answers=answers, missed=named["missed"],
        wrong=named["wrong"],
    )
    found: dict[str, Commit] = {}
    for index, entry in enumerate(read.get(document, "frozen", list, "step file", []), 1):
        if only is not None and (not isinstance(entry, dict) or clean_name(str(entry.get("name", ""))) != only):
            continue
        number, commit = read.commit(entry, f"frozen commit {index}")
        if number == step.number:
            found[read.name(entry, f"frozen commit {index}")] = commit
    return StepFile(tally, found)


def dumps_learner(record: LearnerRecord) -> str:
    document: dict[str, Any] = {
        "format": FORMAT,
        "name": record.name,
        "room": record.room,
        "knowledge_digest": record.knowledge_digest,
        "updated": record.updated.isoformat(),
        "commit": [_commit_table(n, c) for n, c in sorted(record.commits.items())],
    }
    return json_text(document, indent=None) + "\n"


class _RoomReader(Reader):
    def fail(self, where: str, message: str, key: str = "") -> RoomError:
        return RoomError(self.path, message, item=where, key=key)

    def pairs(self, table: dict[str, Any], key: str) -> list[tuple[Any, int]]:
        """[[id or [ids], count], ...] of a tally, checked."""
        values = self.get(table, key, list, "tally")
        if len(values) > MAX_IDS or not all(
            isinstance(v, list) and len(v) == 2 and isinstance(v[0], (str, list)) and isinstance(v[1], int) for v in values
        ):
            raise self.fail("tally", f"'{key}' is not a list of counts")
        return [(v[0] if isinstance(v[0], list) else printable(v[0][:100]), v[1]) for v in values]

    def moment(self, table: dict[str, Any], key: str, where: str) -> dt.datetime:
        """JSON has no times: an ISO 8601 text with its zone, then the session reader's checks."""
        text = self.get(table, key, str, where)
        try:
            value = dt.datetime.fromisoformat(text[:40])
        except ValueError:
            raise self.fail(where, f"'{key}' is not a time") from None
        return super().moment({key: value}, key, where)

    def ids(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        values = self.texts(table, key, where)
        if len(values) > MAX_IDS or any(len(v) > 100 for v in values):
            raise self.fail(where, f"'{key}' is longer than any question or option list")
        return values

    def name(self, table: dict[str, Any], where: str) -> str:
        name = clean_name(self.get(table, "name", str, where))
        if not name:
            raise self.fail(where, "the name is empty")
        return name

    def commit(self, table: Any, where: str) -> tuple[int, Commit]:
        if not isinstance(table, dict):
            raise self.fail(where, "not a table")
        step = self.get(table, "step", int, where)
        if not 1 <= step <= 1000:
            raise self.fail(where, f"step {step} is not a step of a case")
        answers = self.ids(table, "answers", where)
        if not answers:
            raise self.fail(where, "no answers")
        predicted = self.ids(table, "predicted", where) if "predicted" in table else None
        return step, Commit(self.identifier(table, "question", where), answers, predicted)

    def code(self, document: dict[str, Any], key: str, where: str) -> str:
        code = normal_code(self.get(document, key, str, where)[: CODE_LENGTH + 2])
        if code is None:
            raise self.fail(where, f"'{key}' is not a room code")
        return code


def failure(path: str, prefix: str = "") -> files.Fail:
    """How the guarded read path reports a problem with a room's file (as a RoomError)."""

    def fail(message: str, line: int | None, column: int | None) -> RoomError:
        where = f", at line {line}, column {column}" if line is not None else ""
        return RoomError(path, prefix + message + where)

    return fail


def _document(data: bytes, path: str, limit: int, kind: str) -> dict[str, Any]:
    if len(data) > limit:
        raise RoomError(path, f"the file is {files.size_text(len(data))}, larger than the limit of {files.size_text(limit)}")
    text = files.decode(data, failure(path))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise RoomError(path, f"damaged: not valid JSON ({error.msg}), at line {error.lineno}, column {error.colno}") from None
    except (RecursionError, ValueError) as error:  # nesting too deep; a number too long
        raise RoomError(path, f"damaged: {type(error).__name__}: {str(error)[:200]}") from None
    if not isinstance(document, dict):
        raise RoomError(path, f"not an amltui {kind} (not a JSON object)")
    version = document.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RoomError(path, f"not an amltui {kind} (no 'format' number)")
    if version > FORMAT:
        raise RoomError(path, f"made by a newer amltui ({kind} format {min(version, 10**9)}; this one reads {FORMAT}); upgrade amltui")
    return document


def loads_state(data: bytes, path: str) -> RoomState:
    document = _document(data, path, MAX_STATE_BYTES, "room state file")
    read = _RoomReader(path)
    knowledge = read.get(document, "knowledge", dict, "room")
    now = read.get(document, "now", dict, "room")
    step = read.get(now, "step", int, "[now]")
    if not 1 <= step <= 1000:
        raise read.fail("[now]", f"step {step} is not a step of a case")
    return RoomState(
        code=read.code(document, "code", "room"),
        title=read.get(document, "title", str, "room"),
        scenario=read.identifier(document, "scenario", "room"),
        knowledge_version=read.identifier(knowledge, "version", "[knowledge]"),
        knowledge_digest=read.identifier(knowledge, "digest", "[knowledge]"),
        sources_only=read.get(document, "sources_only", bool, "room", False),
        opened=read.moment(document, "opened", "room"),
        session=read.identifier(document, "session", "room"),
        step=step,
        revealed=read.get(now, "revealed", bool, "[now]", False),
        paused=read.get(now, "paused", bool, "[now]", False),
        ended=read.get(now, "ended", bool, "[now]", False),
        reached=read.get(now, "reached", int, "[now]", 0),
    )


def loads_learner(data: bytes, path: str) -> LearnerRecord:
    document = _document(data, path, MAX_LEARNER_BYTES, "learner file")
    read = _RoomReader(path)
    commits: dict[int, Commit] = {}
    for index, table in enumerate(read.get(document, "commit", list, "learner", []), 1):
        step, commit = read.commit(table, f"commit {index}")
        commits[step] = commit
    return LearnerRecord(
        name=read.name(document, "learner"),
        room=read.code(document, "room", "learner"),
        knowledge_digest=read.identifier(document, "knowledge_digest", "learner"),
        updated=read.moment(document, "updated", "learner"),
        commits=commits,
    )

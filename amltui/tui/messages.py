"""Messages the widgets and screens send: requests go up to the app, news comes back as state.

Widgets never reach into their siblings: they post one of these, the app (which holds the `Walk`)
acts on it, and the screens follow the app's `walk` reactive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from amltui.engine import Change
    from amltui.sessions.model import Session


@dataclass
class AnswerChosen(Message):
    """The person confirmed answers to a question (not yet checked by the engine)."""

    question_id: str
    answer_ids: frozenset[str]
    #: Training: option ids the learner predicted would appear or go (None: no prediction).
    predicted: tuple[str, ...] | None = None


@dataclass
class AnswerChanged(Message):
    """News: an answer was committed through `engine.answer` (and recorded).

    Posted by the app after the new walk is in place; `answers` are the answers that still apply
    and `change.dropped` the questions whose answers no longer do.
    """

    question_id: str
    answers: Mapping[str, frozenset[str]]
    change: Change


@dataclass
class ReopenQuestion(Message):
    """Ask an earlier (or the next) question again, to change its answer.

    None: leave a reopened question as it is and go on to the next unanswered one.
    """

    question_id: str | None


@dataclass
class ShowOption(Message):
    """Bring an option's notes into view (shown options in the panel, hidden ones in their list)."""

    option_id: str


@dataclass
class ShowTerm(Message):
    """Open the glossary at a term."""

    term_id: str


@dataclass
class ShowSource(Message):
    """Open a source's details and everything that cites it."""

    source_id: str


@dataclass
class OptionFocused(Message):
    """An option was highlighted in a list; its notes should be shown beside it."""

    option_id: str | None


#: The start menu's choices.
RESUME, BEGIN, OPEN, TRAIN, ROOM_OPEN, ROOM_JOIN = "resume", "begin", "open", "train", "room-open", "room-join"


@dataclass
class StartChosen(Message):
    """A choice on the start menu (one of RESUME, BEGIN, OPEN, TRAIN, ROOM_OPEN, ROOM_JOIN)."""

    choice: str


@dataclass
class OpenSession(Message):
    """Open a saved session: "resume" (continue answering and recording), "replay" (read-only
    review), or "compare" (with `other`). Sent by the sessions browser; the app acts on it."""

    action: str
    session: Session
    other: Session | None = None
    #: The file `session` was read from (None: its own file in the sessions folder).
    path: Path | None = None


@dataclass
class StartTraining(Message):
    """Training: start the case with this id, recorded as a training session (None: list the cases)."""

    scenario_id: str | None = None


@dataclass
class StartRoom(Message):
    """A training room: open one on the case with this id (None: choose the case first), or
    take up again the room with the code `resume` (its trainer's terminal dropped)."""

    scenario_id: str | None = None
    resume: str | None = None


@dataclass
class JoinRoom(Message):
    """A training room: join the one with this code (None: ask for the code first)."""

    code: str | None = None


class ToggleLayer(Message):
    """Hide or show the layer of what changed since the sources, for the walk on screen."""

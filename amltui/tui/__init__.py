"""The Textual app: the only part of amltui that imports Textual.

`run_app(kb, ...)` is what the command line calls, after it has validated the knowledge base and
read any session it was given.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from amltui.knowledge.card import Deferred
    from amltui.knowledge.models import KnowledgeBase
    from amltui.sessions import Session, SessionStore

__all__ = ["run_app"]


def run_app(  # noqa: PLR0913 - one keyword each for what the command line asks the app to open
    kb: KnowledgeBase | Deferred,
    *,
    store: SessionStore | None = None,
    resume: Session | None = None,
    replay: Session | None = None,
    replay_path: Path | None = None,
    train: str | None = None,
    today: dt.date | None = None,
    sources_only: bool | None = None,
    room: tuple[str, str | None] | None = None,
    rooms: Path | None = None,
) -> int:
    """Run the app on an already-validated knowledge base (or one known by its card until it is
    first needed: `amltui.knowledge.card`); returns the exit code.

    `resume` continues a saved session in the questionnaire; `replay` (read from `replay_path`)
    opens one read-only; `train` opens training: "" the list of case scenarios, else the case with that id.
    `sources_only`: hide (True) or show (False) the layer of changes since the sources; None shows
    it for a new walk and follows the record for a saved session. `room`: ("open", case id or
    None), ("join", code or None) or ("resume", code), in the rooms folder `rooms` (default: in the sessions folder).
    """
    from amltui.tui.app import AmlApp
    from amltui.tui.messages import JoinRoom, OpenSession, StartRoom, StartTraining

    opening: OpenSession | StartTraining | StartRoom | JoinRoom | None = None
    if resume is not None:
        opening = OpenSession("resume", resume)
    elif replay is not None:
        opening = OpenSession("replay", replay, path=replay_path)
    elif train is not None:
        opening = StartTraining(train or None)
    elif room is not None:
        opening = JoinRoom(room[1]) if room[0] == "join" else StartRoom(room[1]) if room[0] == "open" else StartRoom(resume=room[1])
    app = AmlApp(kb, today=today, store=store, opening=opening, sources_only=sources_only)
    app.rooms = rooms
    app.run()
    if app.parting_words:
        import sys

        from amltui.terminal_text import printable

        sys.stderr.write(printable(app.parting_words) + "\n")
    return app.return_code or 0

"""Opening a walk or a saved session: resume it (recording again), replay it (read-only),
compare two; and bringing the questionnaire (or training) to the top."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.screen import Screen

from amltui.sessions import SessionError, SessionInUse
from amltui.sessions.store import CopyOfSession
from amltui.tui import present
from amltui.tui.messages import OpenSession
from amltui.tui.screens import catalogue
from amltui.tui.state import AppState

if TYPE_CHECKING:
    from amltui.sessions import Session

#: Why a session opened from a copy of its file takes no comments (they would go to the original).
COPY_READ_ONLY = "a copy of another session's file"


class OpeningApp(AppState):
    def begin(self, answers: dict[str, frozenset[str]] | None = None) -> None:
        """Start a walk (from no answers, or from answers a session gives) and show the question."""
        self.walk = self.walk_from(answers)
        self.show_questionnaire()

    def show_questionnaire(self) -> Screen[Any]:
        """Bring the questionnaire to the top (closing what is over it), or open it."""
        while len(self.screen_stack) > 1 and not self._walking(self.screen):
            self.pop_screen()
        if not self._walking(self.screen):
            self.push_screen(catalogue.QUESTIONNAIRE.make())
        return self.screen

    @staticmethod
    def _walking(screen: object) -> bool:
        """The questionnaire, or training (which asks the questions its own way)."""
        return catalogue.QUESTIONNAIRE.holds(screen) or catalogue.TRAINING.holds(screen)

    def resume_session(self, session: Session, path: Path | None = None) -> None:
        """Continue a saved walk where it stopped, from its file as it is now (`session`, read
        earlier from `path`, only names it); if another amltui has it, or it is a copy, offer it
        read-only."""
        from amltui.sessions.recorder import Recorder, resumable_answers  # with the engine: see AppState

        self.stop_recording()
        if self.store is not None:
            try:
                self.recorder = Recorder.resume(self.store, session, path)
            except SessionInUse as error:
                self.problem(error, "Session in use", severity="warning")
                self.replay_session(self._reread(session, path), read_only_reason="in use by another amltui")
                return
            except CopyOfSession as error:
                self.problem(error, "A copy: read-only", severity="warning")
                self.replay_session(session, read_only_reason=COPY_READ_ONLY)
                return
            except SessionError as error:
                self.problem(error, "Cannot continue this session")
                self._offer_again()
                return
            session = self.recorder.session
        hidden = session.sources_only if self.sources_only is None else self.sources_only
        self.kb = self.knowledge.sources_only() if hidden else self.knowledge
        self.record_layer(hidden)
        answers, left_out = resumable_answers(self.kb, session)
        if left_out:
            self.notify(
                "Today's knowledge base does not have: " + "; ".join(left_out),
                title="Some answers left out",
                severity="warning",
                markup=False,
                timeout=10,
            )
        count = len(answers)
        self.notify(
            f"“{session.title}”: {count} answer{'s' if count != 1 else ''} restored, saved {present.when(session.updated)}.",
            title="Resumed",
            markup=False,
        )
        scenario = self.kb.scenario(session.scenario) if session.mode == "training" else None
        if scenario is None:
            self.begin(answers)
            return
        self.pop_to_start()  # a training walk goes on as training
        self.walk = self.walk_from(answers)
        self.push_screen(catalogue.TRAINING.make(scenario))

    def _reread(self, session: Session, path: Path | None) -> Session:
        """The session as its file holds it now (the one given, if it cannot be read)."""
        assert self.store is not None
        try:
            return self.store.load(path or self.store.path_for(session))
        except SessionError:
            return session

    def _offer_again(self) -> None:
        """The start menu's offer read again (the one chosen may have gone)."""
        screen = self.screen
        if catalogue.START.holds(screen):
            self.unfinished = self.find_unfinished()
            screen.refresh_choices()

    def replay_session(self, session: Session, path: Path | None = None, *, read_only_reason: str = "") -> None:
        """Review a session read from `path` (None: its own file); a copy takes no comments."""
        if not read_only_reason and self.store is not None and path is not None:
            try:
                self.store.check_own_file(path, session)
            except CopyOfSession:
                read_only_reason = COPY_READ_ONLY
        if self.recorder is not None and self.recorder.session.id == session.id:
            read_only_reason = "it is the walk being recorded now"
        self.push_screen(catalogue.REPLAY.make(session, self.store, read_only_reason=read_only_reason))

    @on(OpenSession)
    def _open_session(self, event: OpenSession) -> None:
        if event.action == "resume":
            self.resume_session(event.session, event.path)
        elif event.action == "replay":
            self.replay_session(event.session, event.path)
        elif event.action == "compare" and event.other is not None:
            self.push_screen(catalogue.COMPARE.make(event.session, event.other))

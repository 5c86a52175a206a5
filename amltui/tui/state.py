"""What every screen reads from the app, and the keeping of the session being recorded.

`AppState` is the app without its routing (that is `app.AmlApp`): the knowledge, the walk, the
session store and recorder, and the rule that no answer is lost by leaving a walk. Screens type
their `app` as an `AppState` (see `screens.base`), so they never import the app module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import App
from textual.notifications import SeverityLevel
from textual.reactive import var

from amltui.knowledge.card import Card, Deferred
from amltui.sessions import SessionError, SessionStore
from amltui.sessions.store import save_elsewhere
from amltui.tui.problem_notice import notify_problem
from amltui.tui.screens import catalogue

if TYPE_CHECKING:
    # The knowledge models, the engine and the recorder are imported once the base is built
    # (`AppState.load_knowledge`), after the start screen's first frame.
    from amltui.engine import Change
    from amltui.knowledge.models import KnowledgeBase
    from amltui.sessions import Session
    from amltui.sessions.recorder import Recorder
    from amltui.tui.screens.unsaved import Choice
    from amltui.tui.walk import Walk


class AppState(App[int]):
    #: The walk through the questions: the only questionnaire state, replaced on every change.
    walk: var[Walk] = var(cast("Walk", None), init=False)  # set with the knowledge base (`_built`), before anything reads it

    def __init__(
        self,
        kb: KnowledgeBase | Deferred,
        *,
        today: dt.date | None = None,
        store: SessionStore | None = None,
        sources_only: bool | None = None,
    ) -> None:
        """`kb`: the knowledge base, or (from the command line's start) one known by its card
        until it is first needed (see `load_knowledge`)."""
        super().__init__()
        self._deferred = kb if isinstance(kb, Deferred) else None
        #: What the start screen shows of the knowledge base.
        self.card = kb.card if isinstance(kb, Deferred) else Card.of(kb)
        self._knowledge: KnowledgeBase | None = None
        self._kb: KnowledgeBase | None = None
        #: --sources-only (True) or --no-sources-only (False) from the command line; None: new walks
        #: show the layer, and a saved session opens as it was recorded.
        self.sources_only = sources_only
        #: The date "possibly outdated" is judged against (fixed in tests).
        self.today = today or dt.date.today()
        #: Where sessions are saved; None runs without saving (tests of the questionnaire alone).
        self.store = store
        #: The session of the walk on screen (saved when there is a store); None until a walk
        #: begins through `new_session` or `resume_session`.
        self.recorder: Recorder | None = None
        #: The most recent unfinished session, offered first on the start screen.
        self.unfinished: Session | None = None
        #: The command line's --rooms (None: AMLTUI_ROOMS, else rooms/ in the sessions folder).
        self.rooms: Path | None = None
        #: Said on the terminal after the app has left it (where a copy of unsaved answers went).
        self.parting_words = ""
        if not isinstance(kb, Deferred):
            self._built(kb)

    @property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge base as loaded, with its layer of changes since the sources (if any)."""
        if self._knowledge is None:
            self.load_knowledge()
        assert self._knowledge is not None
        return self._knowledge

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge the walk on screen uses: `knowledge`, or `knowledge.sources_only()`."""
        if self._kb is None:
            self.load_knowledge()
        assert self._kb is not None
        return self._kb

    @kb.setter
    def kb(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def load_knowledge(self) -> None:
        """Build the knowledge base the app was started with as a card: after the first frame
        (`AmlApp.on_ready`), or sooner if a key typed ahead needs it. KnowledgeError if its files
        changed since the start and no longer load."""
        if self._knowledge is None and self._deferred is not None:
            self._built(self._deferred.load())

    def _built(self, kb: KnowledgeBase) -> None:
        self._knowledge = kb
        self._kb = kb.sources_only() if self.sources_only else kb
        self.set_reactive(AppState.walk, self.walk_from())

    def walk_from(self, answers: Mapping[str, Iterable[str]] | None = None) -> Walk:
        """A walk of `kb` from these answers (none: from the first question)."""
        from amltui.tui.walk import Walk  # the engine with it, once a walk is needed

        return Walk.start(self.kb, answers)

    def back_to_start(self) -> None:
        """Leave the walk on screen for the start screen: it stops being recorded (so it can be
        resumed, here or elsewhere) and the start menu offers it if it is unfinished. Answers
        only in memory are not dropped unasked (see `leave_walk`)."""
        self.leave_walk(self._to_start)

    def action_home(self) -> None:
        """h, or the palette's Home: back to the start screen, the walk saved (or asked about)."""
        recorder = self.recorder
        if recorder is not None and self.store is not None and recorder.session.steps and not recorder.unsaved:
            count = len(recorder.session.steps)
            self.notify(f"Left after {count} answer{'s' if count != 1 else ''}; the session is saved.", title="Home", markup=False)
        self.back_to_start()

    def _to_start(self) -> None:
        self.stop_recording()
        self.unfinished = self.find_unfinished()
        self.pop_to_start()
        screen = self.screen
        if catalogue.START.holds(screen):
            screen.refresh_choices()

    def pop_to_start(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def problem(self, error: SessionError, title: str, severity: SeverityLevel = "error") -> None:
        """A session's problem, said in a notification (never a traceback)."""
        notify_problem(self, error, title, severity=severity)

    # --- the session being recorded -------------------------------------------------------------

    def find_unfinished(self) -> Session | None:
        if self.store is None:
            return None
        return self.store.latest_unfinished()

    def stop_recording(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
            self.recorder = None

    def last_save(self) -> None:
        """Leaving without asking (a signal): one more try for answers only in memory."""
        if self.recorder is not None and self.recorder.unsaved:
            with contextlib.suppress(SessionError):
                self.recorder.save()

    def new_session(self, title: str, *, mode: str = "explore", scenario: str = "") -> bool:
        """Begin recording a new walk (saved from its first answer); False if that is impossible.
        A new walk starts with the layer as the command line says (shown by default)."""
        self.stop_recording()
        self.kb = self.knowledge.sources_only() if self.sources_only else self.knowledge
        from amltui.sessions.recorder import Recorder  # with the engine: see load_knowledge

        try:
            self.recorder = Recorder.start(self.store, self.kb, title, mode=mode, scenario=scenario)
        except SessionError as error:
            self.problem(error, "Cannot record this walk")
            return False
        return True

    def record_layer(self, hidden: bool) -> None:
        if self.recorder is None:
            return
        try:
            self.recorder.set_sources_only(hidden)
        except SessionError as error:
            self.problem(error, "Not saved")

    def record(self, question_id: str, change: Change, walk: Walk, predicted: tuple[str, ...] | None) -> None:
        """Autosave, before anything follows the new walk: every committed answer is in the session
        (and on disk, with a store) by the time a screen shows its result."""
        if self.recorder is None:
            return
        was_unsaved = self.recorder.unsaved
        try:
            self.recorder.record(question_id, change, walk.evaluation, predicted)
        except SessionError as error:
            self.notify(
                f"{error}\nYour answers are kept in memory; saving is tried again with each answer.",
                title="Not saved",
                severity="error",
                markup=False,
                timeout=15,
            )
            return
        if was_unsaved:
            self.notify("Every answer is saved again.", title="Saved", markup=False)

    # --- leaving a walk without losing an answer ------------------------------------------------

    def leave_walk(self, then: Callable[[], object], problem: str = "", copy_to: str = "") -> None:
        """Run `then` (quit, back to the start) once no answer would be lost by it: every answer
        is on disk (the failed save is tried once more first), or the user chose, in a dialog that
        says where the answers can still go, to save a copy elsewhere or to leave them."""
        if any(catalogue.UNSAVED.holds(screen) for screen in self.screen_stack):
            return  # already asked (q again, or the palette's Quit over the dialog)
        recorder = self.recorder
        if recorder is not None and recorder.unsaved:
            with contextlib.suppress(SessionError):
                recorder.save()
        if recorder is None or not recorder.unsaved or self.store is None:
            then()
            return

        def decided(choice: tuple[Choice, str] | None) -> None:
            if choice is None:
                return
            action, where = choice
            if action == "drop":
                count = len(recorder.session.steps) - recorder.saved_steps
                self.parting_words = f"amltui: {count} answer{'s' if count != 1 else ''} of “{recorder.session.title}” left unsaved, as chosen."
                then()
            elif action == "retry":
                self.leave_walk(then)
            elif action == "copy":
                problem = self._save_copy(recorder.session, where)
                if problem:
                    self.leave_walk(then, problem, where)
                else:
                    then()

        own = self.store.path_for(recorder.session)
        self.push_screen(
            catalogue.UNSAVED.make(
                unsaved=len(recorder.session.steps) - recorder.saved_steps,
                title=recorder.session.title,
                reason=recorder.unsaved,
                folder=self.store.folder,
                own_name=own.name,
                copy_to=Path(copy_to) if copy_to else Path("~", f"amltui-{own.name}"),
                problem=problem,
            ),
            decided,
        )

    def _save_copy(self, session: Session, where: str) -> str:
        """Save a copy of the session to `where`; why not, or "" when it is saved."""
        if not where:
            return "Type the file to save the copy to."
        try:
            path = save_elsewhere(session, Path(where))
        except OSError as error:
            if isinstance(error, FileExistsError):
                return f"No copy saved: {where} exists, and nothing is written over a file. Choose another name."
            return f"No copy saved to {where}: {error.strerror or error}"
        self.notify(f"A copy of every answer is in {path}.", title="Copy saved", markup=False, timeout=15)
        self.parting_words = (
            f"amltui: every answer of “{session.title}” is in {path} (the sessions folder could not take them); "
            f"to continue it, move it into {self.store.folder if self.store else 'the sessions folder'} as {session.id}.toml."
        )
        return ""

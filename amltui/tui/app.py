"""The app: holds the walk through the questions and routes requests between screens."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.command import Provider
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen

from amltui.engine import AnswerError, Change
from amltui.knowledge.models import KnowledgeBase
from amltui.sessions import Session, SessionError, SessionInUse, SessionStore
from amltui.sessions.recorder import Recorder, resumable_answers
from amltui.sessions.store import CopyOfSession, save_elsewhere
from amltui.tui import present
from amltui.tui.focus import settle_focus
from amltui.tui.messages import (
    AnswerChanged,
    AnswerChosen,
    OpenSession,
    ReopenQuestion,
    ShowOption,
    ShowSource,
    ShowTerm,
    JoinRoom,
    StartChosen,
    StartRoom,
    StartTraining,
    ToggleLayer,
)
from amltui.tui.problem_notice import notify_problem
from amltui.tui.screens.start import BEGIN, OPEN, RESUME, ROOM_JOIN, ROOM_OPEN, TRAIN, StartScreen
from amltui.tui.walk import Walk

#: Why a session opened from a copy of its file takes no comments (they would go to the original).
COPY_READ_ONLY = "a copy of another session's file"

#: How long SIGTERM waits for a clean exit (terminal restored) before leaving regardless.
TERM_GRACE_SECONDS = 3.0


def knowledge_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (start-up stays light)."""
    from amltui.tui.commands import KnowledgeCommands

    return KnowledgeCommands


class AmlApp(App[int]):
    """amltui: explore treatment options in relapsed or refractory AML (educational, not medical advice)."""

    CSS_PATH = "amltui.tcss"
    TITLE = "amltui"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = {knowledge_commands}  # Textual's system commands come through it, after the app's
    BINDINGS = [
        Binding("ctrl+p", "command_palette", "Palette", show=False, priority=True, id="app.palette",
                tooltip="Jump to a question, an option, a source or a glossary term"),
        Binding("t", "tree", "Tree", id="app.tree", tooltip="The whole decision tree, with the current path marked"),
        Binding("g", "glossary", "Terms", id="app.glossary", tooltip="Every term, searchable; opens at this question's terms"),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="What the marks and status words mean, and every key"),
        Binding("l", "toggle_layer", "Layer", show=False, id="app.layer",
                tooltip="Show or hide what changed since the five sources, for this walk (--sources-only hides it)"),
        Binding("q", "quit", "Quit", show=False, id="app.quit", tooltip="Leave amltui"),
    ]

    #: The walk through the questions: the only questionnaire state, replaced on every change.
    walk: var[Walk] = var(None, init=False)  # type: ignore[assignment]

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        today: dt.date | None = None,
        store: SessionStore | None = None,
        opening: Message | None = None,
        sources_only: bool | None = None,
    ) -> None:
        super().__init__()
        #: The knowledge base as loaded, with its layer of changes since the sources (if any).
        self.knowledge = kb
        #: --sources-only (True) or --no-sources-only (False) from the command line; None: new walks
        #: show the layer, and a saved session opens as it was recorded.
        self.sources_only = sources_only
        #: The knowledge the walk on screen uses: `knowledge`, or `knowledge.sources_only()`.
        self.kb = kb.sources_only() if sources_only else kb
        #: The date "possibly outdated" is judged against (fixed in tests).
        self.today = today or dt.date.today()
        #: Where sessions are saved; None runs without saving (tests of the questionnaire alone).
        self.store = store
        #: The session of the walk on screen (saved when there is a store); None until a walk
        #: begins through `new_session` or `resume_session`.
        self.recorder: Recorder | None = None
        #: The most recent unfinished session, offered first on the start screen.
        self.unfinished: Session | None = None
        #: What to open first, from the command line (`amltui resume`, `amltui replay`).
        self._opening = opening
        #: Said on the terminal after the app has left it (where a copy of unsaved answers went).
        self.parting_words = ""
        self.set_reactive(AmlApp.walk, Walk.start(self.kb))

    def get_default_screen(self) -> StartScreen:
        if self.store is not None:  # what killed runs left: unheld locks, old temporary files
            self.store.tidy()
        self.unfinished = self._find_unfinished()
        return StartScreen()

    def back_to_start(self) -> None:
        """Leave the walk on screen for the start screen: it stops being recorded (so it can be
        resumed, here or elsewhere) and the start menu offers it if it is unfinished. Answers
        only in memory are not dropped unasked (see `leave_walk`)."""
        self.leave_walk(self._to_start)

    async def action_quit(self) -> None:
        """Every way to quit (q, ctrl+q, the palette) asks first if answers are only in memory."""
        self.leave_walk(self.exit)

    def _to_start(self) -> None:
        self._stop_recording()
        self.unfinished = self._find_unfinished()
        self._pop_to_start()
        if isinstance(self.screen, StartScreen):
            self.screen.refresh_choices()

    def on_mount(self) -> None:
        if not self.is_headless:  # not under a test's Pilot, whose event loop is the test's
            self._handle_signals()
        if self._opening is not None:
            self.post_message(self._opening)

    def on_unmount(self) -> None:
        self._stop_recording()

    def watch_app_focus(self, focused: bool) -> None:
        """The browser's page took the keyboard (or a key came): the screen's focus, if none."""
        if focused:
            settle_focus(self.screen)

    # --- signals -----------------------------------------------------------------------------

    def _handle_signals(self) -> None:
        """A dropped connection or a kill ends the app at once and cleanly.

        Every answer is already on disk (saved when it was committed), so nothing is lost by
        leaving. SIGHUP means the terminal is gone: writing to it to restore it could block or
        fail, so the process leaves without touching it. SIGTERM asks for a normal exit, and
        leaves anyway if that has not happened within a few seconds (a Textual process must never
        be left spinning).
        """
        try:
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGHUP, self._hang_up)
            loop.add_signal_handler(signal.SIGTERM, self._terminate)
        except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover - not the main thread, or Windows
            pass

    def _hang_up(self) -> None:
        self._last_save()
        self._stop_recording()
        os._exit(128 + signal.SIGHUP)

    def _terminate(self) -> None:
        self._last_save()
        self._stop_recording()
        timer = threading.Timer(TERM_GRACE_SECONDS, os._exit, args=(128 + signal.SIGTERM,))
        timer.daemon = True
        timer.start()
        self.exit(return_code=128 + signal.SIGTERM)

    # --- sessions ----------------------------------------------------------------------------

    def _find_unfinished(self) -> Session | None:
        if self.store is None:
            return None
        found = self.store.latest_unfinished()
        return found.session if found else None

    def _stop_recording(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
            self.recorder = None

    def _last_save(self) -> None:
        """Leaving without asking (a signal): one more try for answers only in memory."""
        if self.recorder is not None and self.recorder.unsaved:
            with contextlib.suppress(SessionError):
                self.recorder.save()

    def leave_walk(self, then: Callable[[], object], problem: str = "", copy_to: str = "") -> None:
        """Run `then` (quit, back to the start) once no answer would be lost by it: every answer
        is on disk (the failed save is tried once more first), or the user chose, in a dialog that
        says where the answers can still go, to save a copy elsewhere or to leave them."""
        from amltui.tui.screens.unsaved import COPY, DROP, RETRY, UnsavedAnswers

        if any(isinstance(screen, UnsavedAnswers) for screen in self.screen_stack):
            return  # already asked (q again, or the palette's Quit over the dialog)
        recorder = self.recorder
        if recorder is not None and recorder.unsaved:
            with contextlib.suppress(SessionError):
                recorder.save()
        if recorder is None or not recorder.unsaved or self.store is None:
            then()
            return

        def decided(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            action, where = choice
            if action == DROP:
                count = len(recorder.session.steps) - recorder.saved_steps
                self.parting_words = f"amltui: {count} answer{'s' if count != 1 else ''} of “{recorder.session.title}” left unsaved, as chosen."
                then()
            elif action == RETRY:
                self.leave_walk(then)
            elif action == COPY:
                problem = self._save_copy(recorder.session, where)
                if problem:
                    self.leave_walk(then, problem, where)
                else:
                    then()

        own = self.store.path_for(recorder.session)
        self.push_screen(
            UnsavedAnswers(
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

    def new_session(self, title: str, *, mode: str = "explore", scenario: str = "") -> bool:
        """Begin recording a new walk (saved from its first answer); False if that is impossible.
        A new walk starts with the layer as the command line says (shown by default)."""
        self._stop_recording()
        self.kb = self.knowledge.sources_only() if self.sources_only else self.knowledge
        try:
            self.recorder = Recorder.start(self.store, self.kb, title, mode=mode, scenario=scenario)
        except SessionError as error:
            self._session_problem(error, "Cannot record this walk")
            return False
        return True

    def resume_session(self, session: Session, path: Path | None = None) -> None:
        """Continue a saved walk where it stopped, from its file as it is now (`session`, read
        earlier from `path`, only names it); if another amltui has it, or it is a copy, offer it
        read-only."""
        self._stop_recording()
        if self.store is not None:
            try:
                self.recorder = Recorder.resume(self.store, session, path)
            except SessionInUse as error:
                self._session_problem(error, "Session in use", severity="warning")
                self.replay_session(self._reread(session, path), read_only_reason="in use by another amltui")
                return
            except CopyOfSession as error:
                self._session_problem(error, "A copy: read-only", severity="warning")
                self.replay_session(session, read_only_reason=COPY_READ_ONLY)
                return
            except SessionError as error:
                self._session_problem(error, "Cannot continue this session")
                self._offer_again()
                return
            session = self.recorder.session
        hidden = session.sources_only if self.sources_only is None else self.sources_only
        self.kb = self.knowledge.sources_only() if hidden else self.knowledge
        if self.recorder is not None:
            self._record_layer(hidden)
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
        from amltui.tui.screens.training import TrainingScreen  # a training walk goes on as training

        self._pop_to_start()
        self.walk = Walk.start(self.kb, answers)
        self.push_screen(TrainingScreen(scenario))

    def _reread(self, session: Session, path: Path | None) -> Session:
        """The session as its file holds it now (the one given, if it cannot be read)."""
        assert self.store is not None
        try:
            return self.store.load(path or self.store.path_for(session))
        except SessionError:
            return session

    def _offer_again(self) -> None:
        """The start menu's offer read again (the one chosen may have gone)."""
        if isinstance(self.screen, StartScreen):
            self.unfinished = self._find_unfinished()
            self.screen.refresh_choices()

    def replay_session(self, session: Session, path: Path | None = None, *, read_only_reason: str = "") -> None:
        """Review a session read from `path` (None: its own file); a copy takes no comments."""
        from amltui.tui.screens.replay import ReplayScreen

        if not read_only_reason and self.store is not None and path is not None:
            try:
                self.store.check_own_file(path, session)
            except CopyOfSession:
                read_only_reason = COPY_READ_ONLY

        if self.recorder is not None and self.recorder.session.id == session.id:
            read_only_reason = "it is the walk being recorded now"
        self.push_screen(ReplayScreen(session, self.store, read_only_reason=read_only_reason))

    def _pop_to_start(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def _session_problem(self, error: SessionError, title: str, severity: SeverityLevel = "error") -> None:
        notify_problem(self, error, title, severity=severity)

    def _ask_title(self) -> None:
        """A new walk is named first; the prompt reminds the user not to enter identifiers."""
        from amltui.tui.screens.title_prompt import TitlePrompt

        def begin_titled(title: str | None) -> None:
            if title is not None and self.new_session(title):
                self.begin()

        default = f"Walk of {dt.datetime.now():%Y-%m-%d %H:%M}"
        self.push_screen(TitlePrompt(default, heading="Name this walk"), begin_titled)

    @on(OpenSession)
    def _open_session(self, event: OpenSession) -> None:
        if event.action == "resume":
            self.resume_session(event.session, event.path)
        elif event.action == "replay":
            self.replay_session(event.session, event.path)
        elif event.action == "compare" and event.other is not None:
            from amltui.tui.screens.compare import CompareScreen

            self.push_screen(CompareScreen(event.session, event.other))

    # --- the layer of what changed since the sources ----------------------------------------

    def action_toggle_layer(self) -> None:
        """Hide or show the layer for the walk on screen (recorded in its session)."""
        hidden = not self.kb.layer_hidden
        self.kb = self.knowledge.sources_only() if hidden else self.knowledge
        self._record_layer(hidden)
        walk = self.walk
        self.walk = Walk.start(self.kb, walk.answers)
        layer = self.knowledge.layer
        title = layer.title if layer else "The layer"
        said = "hidden: sources only" if hidden else f"shown, each item marked “{self.kb.layer_mark}”"
        self.notify(f"{title}: {said}.", title="Sources only" if hidden else "Layer shown", markup=False)

    def _record_layer(self, hidden: bool) -> None:
        if self.recorder is None:
            return
        try:
            self.recorder.set_sources_only(hidden)
        except SessionError as error:
            self._session_problem(error, "Not saved")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_layer":
            from amltui.tui.screens.questionnaire import QuestionnaireScreen
            from amltui.tui.screens.training import TrainingScreen

            # Only for a walk: a replay or an export follows what its session recorded.
            return self.knowledge.layer is not None and isinstance(self.screen, (QuestionnaireScreen, TrainingScreen))
        return True

    @on(ToggleLayer)
    def _toggle_layer(self) -> None:
        if self.check_action("toggle_layer", ()):
            self.action_toggle_layer()

    # --- the walk ----------------------------------------------------------------------------

    def begin(self, answers: dict[str, frozenset[str]] | None = None) -> None:
        """Start a walk (from no answers, or from answers a session gives) and show the question."""
        self.walk = Walk.start(self.kb, answers)
        self.show_questionnaire()

    @on(StartChosen)
    def _start_chosen(self, event: StartChosen) -> None:
        if event.choice == RESUME and self.unfinished is not None:
            self.resume_session(self.unfinished)
        elif event.choice == BEGIN:
            if self.store is None:
                self.begin()
            else:
                self._ask_title()
        elif event.choice == OPEN and self.store is not None:
            from amltui.tui.screens.sessions import SessionsScreen

            self.push_screen(SessionsScreen(self.store))
        elif event.choice == TRAIN:
            self.action_train()
        elif event.choice in (ROOM_OPEN, ROOM_JOIN):
            self.post_message(StartRoom() if event.choice == ROOM_OPEN else JoinRoom())

    @on(StartRoom)
    @on(JoinRoom)
    def _room(self, event: StartRoom | JoinRoom) -> None:
        from amltui.tui import rooms  # training rooms: their own module, so the app stays one thing

        if isinstance(event, StartRoom):
            rooms.open_room(self, event.scenario_id)
        else:
            rooms.join_room(self, event.code)

    def action_train(self) -> None:
        from amltui.tui.screens.scenarios import ScenariosScreen

        self.push_screen(ScenariosScreen())

    @on(StartTraining)
    def _start_training(self, event: StartTraining) -> None:
        """Training: the list of cases, or one case from its first question, recorded in training
        mode under a title the user confirms (proposed: "Training: <case title>")."""
        from amltui.tui.screens.title_prompt import TitlePrompt
        from amltui.tui.screens.training import TrainingScreen

        scenario = self.kb.scenario(event.scenario_id) if event.scenario_id else None
        if scenario is None:
            self.action_train()
            return

        def begin_titled(title: str | None) -> None:
            if title is None or not self.new_session(title, mode="training", scenario=scenario.id):
                return
            self._pop_to_start()
            self.walk = Walk.start(self.kb)
            self.push_screen(TrainingScreen(scenario))

        if self.store is None:
            begin_titled(f"Training: {scenario.title}")
        else:
            self.push_screen(TitlePrompt(f"Training: {scenario.title}", heading="Name this training session"), begin_titled)

    @on(AnswerChosen)
    def _commit(self, event: AnswerChosen) -> None:
        """Every answer goes through the engine; a refusal is a notification, never a traceback."""
        question = self.kb.question(event.question_id)
        try:
            walk, change = self.walk.answer(event.question_id, event.answer_ids)
        except AnswerError as error:
            notify_problem(self, error, "not accepted", place=question.title if question else "")
            return
        self._record(event, change, walk)
        self.walk = walk
        if change.dropped:
            titles = [q.title for q in map(self.kb.question, change.dropped) if q]
            self.notify(
                "No longer apply, so dropped: " + ", ".join(titles),
                title="Later answers dropped",
                severity="warning",
                markup=False,
            )
        self.post_message(AnswerChanged(event.question_id, walk.answers, change))

    def _record(self, event: AnswerChosen, change: Change, walk: Walk) -> None:
        """Autosave, before anything follows the new walk: every committed answer is in the session
        (and on disk, with a store) by the time a screen shows its result."""
        if self.recorder is None:
            return
        was_unsaved = self.recorder.unsaved
        try:
            self.recorder.record(event.question_id, change, walk.evaluation, event.predicted)
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

    @on(ReopenQuestion)
    def _reopen(self, event: ReopenQuestion) -> None:
        if event.question_id is None:
            self.walk = self.walk.resume()
        elif self.walk.can_reopen(event.question_id):
            self.walk = self.walk.reopen(event.question_id)
        else:
            question = self.kb.question(event.question_id)
            title = question.title if question else event.question_id
            self.notify(f"“{title}” is not asked with the answers so far.", title="Not asked yet", markup=False)
            return
        self.show_questionnaire()

    # --- screens -----------------------------------------------------------------------------

    def show_questionnaire(self) -> Screen[Any]:
        """Bring the questionnaire to the top (closing what is over it), or open it."""
        from amltui.tui.screens.questionnaire import QuestionnaireScreen
        from amltui.tui.screens.training import TrainingScreen

        walking = (QuestionnaireScreen, TrainingScreen)  # training asks the questions its own way
        while len(self.screen_stack) > 1 and not isinstance(self.screen, walking):
            self.pop_screen()
        if not isinstance(self.screen, walking):
            self.push_screen(QuestionnaireScreen())
        return self.screen

    def _open(self, screen: Screen[Any]) -> None:
        """Open a full screen; from the tree or the glossary, replace it instead of piling up."""
        from amltui.tui.screens.glossary import GlossaryScreen
        from amltui.tui.screens.tree import TreeScreen

        if isinstance(self.screen, (TreeScreen, GlossaryScreen)):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_tree(self) -> None:
        from amltui.tui.screens.tree import TreeScreen

        if not isinstance(self.screen, TreeScreen):
            self._open(TreeScreen())

    def action_glossary(self, term_id: str | None = None) -> None:
        from amltui.tui.screens.glossary import GlossaryScreen

        asking = self.walk.asking
        if isinstance(self.screen, GlossaryScreen):
            self.screen.select(term_id)
            return
        self._open(GlossaryScreen(asking.terms if asking else (), asking.title if asking else "", term_id))

    def action_help(self) -> None:
        from amltui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    @on(ShowTerm)
    def _show_term(self, event: ShowTerm) -> None:
        self.action_glossary(event.term_id)

    @on(ShowSource)
    def _show_source(self, event: ShowSource) -> None:
        from amltui.tui.screens.source import SourceScreen

        self.push_screen(SourceScreen(event.source_id))

    @on(ShowOption)
    def _show_option(self, event: ShowOption) -> None:
        from amltui.tui.screens.not_shown import NotShownScreen
        from amltui.tui.screens.questionnaire import QuestionnaireScreen

        if event.option_id in self.walk.evaluation.shown_ids:
            screen = self.show_questionnaire()
            if isinstance(screen, QuestionnaireScreen):
                self.call_after_refresh(screen.show_option, event.option_id)
            return
        if isinstance(self.screen, NotShownScreen):
            self.pop_screen()
        self.push_screen(NotShownScreen(self.walk, event.option_id))

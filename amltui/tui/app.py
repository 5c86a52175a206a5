"""The app: routes requests between screens (the state it keeps is `state.AppState`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.message import Message
from textual.screen import Screen

from amltui import glyphs
from amltui.problems import KnowledgeError
from amltui.tui import keys, plain, start_up
from amltui.tui.focus import settle_focus
from amltui.tui.messages import (
    BEGIN,
    OPEN,
    RESUME,
    ROOM_JOIN,
    ROOM_OPEN,
    TRAIN,
    AnswerChanged,
    AnswerChosen,
    JoinRoom,
    ReopenQuestion,
    ShowOption,
    ShowSource,
    ShowTerm,
    StartChosen,
    StartRoom,
    StartTraining,
    ToggleLayer,
)
from amltui.tui.opening import OpeningApp
from amltui.tui.problem_notice import notify_problem
from amltui.tui.screens import catalogue
from amltui.tui.screens.base import AmlScreen
from amltui.tui.signals import handle_signals

if TYPE_CHECKING:
    from amltui.knowledge.card import Deferred
    from amltui.knowledge.models import KnowledgeBase
    from amltui.sessions import SessionStore


def knowledge_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (start-up stays light)."""
    from amltui.tui.commands import KnowledgeCommands

    return KnowledgeCommands


#: The app stylesheet, and where its rules for the screens after the start screen begin.
class AmlApp(OpeningApp):
    """amltui: explore treatment options in relapsed or refractory AML (educational, not medical advice)."""

    CSS_PATH = "amltui.tcss"
    TITLE = "amltui"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = {knowledge_commands}  # Textual's system commands come through it, after the app's
    BINDINGS = keys.APP

    def __init__(
        self,
        kb: KnowledgeBase | Deferred,
        *,
        today: dt.date | None = None,
        store: SessionStore | None = None,
        opening: Message | None = None,
        sources_only: bool | None = None,
    ) -> None:
        super().__init__(kb, today=today, store=store, sources_only=sources_only)
        #: What to open first, from the command line (`amltui resume`, `amltui replay`).
        self._opening = opening
        #: The stylesheet's rules for the other screens, read after the first frame (start_up).
        self._other_screens_css = start_up.start_screen_css_first(self) if opening is None else ""
        #: TERM=linux or --ascii: Textual's borders, scroll bars and keys drawn plainly too.
        self._undo_plain = plain.draw_plain() if glyphs.plain_wanted() else None

    def get_default_screen(self) -> Screen[Any]:
        if self.store is not None:  # what killed runs left: unheld locks, old temporary files
            self.store.tidy()
        self.unfinished = self.find_unfinished()
        return catalogue.START.make()

    async def action_quit(self) -> None:
        """Every way to quit (q, ctrl+q, the palette) asks first if answers are only in memory."""
        self.leave_walk(self.exit)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if self.check_action("home", ()):
            yield SystemCommand("Home", "Back to the start screen (h); the walk is saved", self.action_home)
        yield from super().get_system_commands(screen)

    def on_mount(self) -> None:
        if self._undo_plain is not None:
            self.add_class(plain.PLAIN_CLASS)  # the stylesheet's plain rules (amltui.tcss)
        if not self.is_headless:  # not under a test's Pilot, whose event loop is the test's
            handle_signals(self)
        if self._opening is not None:
            self.post_message(self._opening)

    def on_ready(self) -> None:
        """The first frame is on screen: the knowledge base is built (the start screen needed only
        its card), and what start-up put off is done now (start_up)."""
        try:
            self.load_knowledge()
        except KnowledgeError as error:  # its files changed, this instant, into a base that does not load
            self.parting_words = f"amltui: the knowledge base changed while amltui started, and no longer loads ({error}; `amltui check` says why)"
            self.exit(return_code=1)
            return
        others, self._other_screens_css = self._other_screens_css, ""
        start_up.after_first_frame(self, others)

    def on_unmount(self) -> None:
        self.stop_recording()
        if self.store is not None:  # the walk just saved is then known to the next start's offer
            self.store.refresh_listing()
        if self._undo_plain is not None:
            self._undo_plain()

    def get_key_display(self, binding: Binding) -> str:
        """The footer's and the help's keys: "Enter", "Space", "<-" where ⏎ ␣ ← cannot be drawn."""
        return plain.key_display(super().get_key_display(binding))

    def watch_app_focus(self, focused: bool) -> None:
        """The browser's page took the keyboard (or a key came): the screen's focus, if none."""
        if focused:
            settle_focus(self.screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        screen = self.screen
        if action == "toggle_layer":
            # Only for a walk: a replay or an export follows what its session recorded.
            return self._walking(screen) and self.knowledge.layer is not None
        if action == "home":
            return isinstance(screen, AmlScreen) and screen.HOME and not catalogue.START.holds(screen)
        return True

    def _ask_title(self, default: str, heading: str, then: Callable[[str], object]) -> None:
        """A walk is named first (the prompt reminds the user not to enter identifiers); without
        a store nothing is saved, so the default is taken unasked."""

        def titled(title: str | None) -> None:
            if title is not None:
                then(title)

        if self.store is None:
            then(default)
        else:
            self.push_screen(catalogue.TITLE_PROMPT.make(default, heading=heading), titled)

    # --- the layer of what changed since the sources ----------------------------------------

    def action_toggle_layer(self) -> None:
        """Hide or show the layer for the walk on screen (recorded in its session)."""
        hidden = not self.kb.layer_hidden
        self.kb = self.knowledge.sources_only() if hidden else self.knowledge
        self.record_layer(hidden)
        self.walk = self.walk_from(self.walk.answers)
        layer = self.knowledge.layer
        title = layer.title if layer else "The layer"
        said = "hidden: sources only" if hidden else f"shown, each item marked “{self.kb.layer_mark}”"
        self.notify(f"{title}: {said}.", title="Sources only" if hidden else "Layer shown", markup=False)

    @on(ToggleLayer)
    def _toggle_layer(self) -> None:
        if self.check_action("toggle_layer", ()):
            self.action_toggle_layer()

    # --- the walk ----------------------------------------------------------------------------

    @on(StartChosen)
    def _start_chosen(self, event: StartChosen) -> None:
        if event.choice == RESUME and self.unfinished is not None:
            self.resume_session(self.unfinished)
        elif event.choice == BEGIN and self.store is None:
            self.begin()  # nothing is saved, so nothing is named
        elif event.choice == BEGIN:
            default = f"Walk of {dt.datetime.now().astimezone():%Y-%m-%d %H:%M}"  # local time, as the user reads it
            self._ask_title(default, "Name this walk", self._begin_titled)
        elif event.choice == OPEN and self.store is not None:
            self.push_screen(catalogue.SESSIONS.make(self.store))
        elif event.choice == TRAIN:
            self.action_train()
        elif event.choice in (ROOM_OPEN, ROOM_JOIN):
            self.post_message(StartRoom() if event.choice == ROOM_OPEN else JoinRoom())

    @on(StartRoom)
    @on(JoinRoom)
    def _room(self, event: StartRoom | JoinRoom) -> None:
        from amltui.tui import rooms  # training rooms: their own module, so the app stays one thing

        if isinstance(event, StartRoom):
            if event.resume is not None:
                rooms.resume_room(self, event.resume)
            else:
                rooms.open_room(self, event.scenario_id)
        else:
            rooms.join_room(self, event.code)

    def _begin_titled(self, title: str) -> None:
        if self.new_session(title):
            self.begin()

    def action_train(self) -> None:
        self.push_screen(catalogue.SCENARIOS.make())

    @on(StartTraining)
    def _start_training(self, event: StartTraining) -> None:
        """Training: the list of cases, or one case from its first question, recorded in training
        mode under a title the user confirms (proposed: "Training: <case title>")."""
        scenario = self.kb.scenario(event.scenario_id) if event.scenario_id else None
        if scenario is None:
            self.action_train()
            return

        def begin_titled(title: str) -> None:
            if not self.new_session(title, mode="training", scenario=scenario.id):
                return
            self.pop_to_start()
            self.walk = self.walk_from()
            self.push_screen(catalogue.TRAINING.make(scenario))

        self._ask_title(f"Training: {scenario.title}", "Name this training session", begin_titled)

    @on(AnswerChosen)
    def _commit(self, event: AnswerChosen) -> None:
        """Every answer goes through the engine; a refusal is a notification, never a traceback."""
        from amltui.engine import AnswerError  # imported with the walk already

        question = self.kb.question(event.question_id)
        try:
            walk, change = self.walk.answer(event.question_id, event.answer_ids)
        except AnswerError as error:
            notify_problem(self, error, "not accepted", place=question.title if question else "")
            return
        self.record(event.question_id, change, walk, event.predicted)
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

    def _open(self, screen: Screen[Any]) -> None:
        """Open a full screen; from the tree or the glossary, replace it instead of piling up."""
        if catalogue.TREE.holds(self.screen) or catalogue.GLOSSARY.holds(self.screen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_tree(self) -> None:
        if not catalogue.TREE.holds(self.screen):
            # From the start screen (or a replay, sessions, ...) no walk is under way.
            walking = any(self._walking(screen) for screen in self.screen_stack)
            self._open(catalogue.TREE.make(walking=walking))

    def action_glossary(self, term_id: str | None = None) -> None:
        screen = self.screen
        if catalogue.GLOSSARY.holds(screen):
            screen.select(term_id)
            return
        asking = self.walk.asking
        self._open(catalogue.GLOSSARY.make(asking.terms if asking else (), asking.title if asking else "", term_id))

    def action_help(self) -> None:
        if not catalogue.HELP.holds(self.screen):
            self.push_screen(catalogue.HELP.make())

    @on(ShowTerm)
    def _show_term(self, event: ShowTerm) -> None:
        self.action_glossary(event.term_id)

    @on(ShowSource)
    def _show_source(self, event: ShowSource) -> None:
        self.push_screen(catalogue.SOURCE.make(event.source_id))

    @on(ShowOption)
    def _show_option(self, event: ShowOption) -> None:
        if event.option_id in self.walk.evaluation.shown_ids:
            screen = self.show_questionnaire()
            if catalogue.QUESTIONNAIRE.holds(screen):
                self.call_after_refresh(screen.show_option, event.option_id)
            return
        if catalogue.NOT_SHOWN.holds(self.screen):
            self.pop_screen()
        self.push_screen(catalogue.NOT_SHOWN.make(self.walk, event.option_id))

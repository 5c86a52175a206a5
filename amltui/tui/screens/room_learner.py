"""A learner's screen in a training room: the step the trainer is on, answered and predicted as in
training mode, committed to the learner's own file.

Phases: "answer" (the questionnaire's `QuestionView`), "predict" (`PredictionPicker`), "committed"
(waiting for the reveal; `c` changes the answer until then), "revealed" (the learner's own
feedback, as training shows it, then how the room answered and predicted), "ended" (the room's
summary with the learner's line marked). The room's state is polled a few times a second; a
pause stops commits until the trainer goes on.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import evolve
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import ContentSwitcher, Header, Static

from amltui.engine.room import Commit, RoomStep, commit_problem, room_steps, score
from amltui.knowledge.models import Scenario
from amltui.sessions.codec import SessionError
from amltui.sessions.rooms.folder import read_frozen, read_step
from amltui.sessions.rooms.records import RoomState
from amltui.sessions.rooms.seats import Seat
from amltui.sessions.rooms.trainer import room_summary
from amltui.sessions.rooms.watch import HEARTBEAT_SECONDS, StateWatch
from amltui.terminal_text import one_line
from amltui.tui import present
from amltui.tui.messages import AnswerChosen
from amltui.tui.screens.base import AmlScreen
from amltui.tui.screens.room_trainer import POLL_SECONDS
from amltui.tui.walk import Walk
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.predict_pane import PredictPane
from amltui.tui.widgets.question_view import QuestionView, changes_text
from amltui.tui.widgets.room_tally import reveal_lines, summary_content, teaching_block
from amltui.tui.widgets.story_panel import StoryPanel
from amltui.tui.widgets.training_feedback import FeedbackPanel, reveal_content

PANES = {"answer": "question", "predict": "training-predict", "committed": "room-wait", "revealed": "feedback", "ended": "feedback"}


class RoomLearnerScreen(AmlScreen[None]):
    AUTO_FOCUS = ""  # the phases focus
    BINDINGS = [
        Binding("c", "change", "Change", id="room-learner.change", tooltip="Change your answer and prediction (until the reveal)"),
        Binding("escape", "back", "Back", id="room-learner.back", tooltip="Back to the question"),
        Binding("escape", "leave", "Leave", id="room-learner.leave", tooltip="Leave the room (join again with the same name to go on)"),
    ]

    #: Seconds between looks at the room's state (tests look more often), and between heartbeats.
    poll_seconds = POLL_SECONDS
    heartbeat_seconds = HEARTBEAT_SECONDS

    walk: reactive[Walk | None] = reactive(None, init=False)
    phase: reactive[str] = reactive("answer", init=False, always_update=True)

    def __init__(self, seat: Seat, watch: StateWatch, scenario: Scenario) -> None:
        super().__init__()
        self.seat = seat
        self.room_watch = watch
        self.scenario = scenario
        self.steps: tuple[RoomStep, ...] = ()
        #: (step, revealed, ended) last shown: a poll that changes none of them leaves the phase be.
        self.shown: tuple[int, bool, bool] | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(id="room-status", markup=False)
        story = StoryPanel(self.scenario, id="training-story")
        story.border_subtitle = "Tab: read it all"
        yield story
        with ContentSwitcher(id="training-switcher", initial="question"):
            yield QuestionView(id="question").data_bind(RoomLearnerScreen.walk)
            yield PredictPane(enter="commits", before="the reveal", id="training-predict")
            with VerticalScroll(id="room-wait"):
                yield Static(id="room-wait-text", markup=False)
            yield FeedbackPanel(id="feedback")
        yield KeyFooter(compact=True)
        yield DisclaimerBar(self.app.kb.disclaimer)

    def on_mount(self) -> None:
        self.steps = room_steps(self.app.kb, self.scenario)
        self._follow()
        self.set_interval(self.poll_seconds, self._poll)
        self.set_interval(self.heartbeat_seconds, self.seat.beat)  # "here" on the trainer's screen

    def on_unmount(self) -> None:
        self.seat.release()

    @property
    def learner(self) -> str:
        """The display name this learner joined with."""
        return self.seat.record.name

    @property
    def step(self) -> RoomStep:
        return self.steps[min(self.room_watch.state.step, len(self.steps)) - 1]

    def _poll(self) -> None:
        if self.room_watch.poll():
            self._follow()

    # --- following the room ---------------------------------------------------------------------

    def _follow(self) -> None:
        state = self.room_watch.state
        self._status()
        key = (state.step, state.revealed, state.ended)
        if key == self.shown:
            return
        self.shown = key
        if state.ended:
            state = self._frozen(self.steps[: state.reached])
            summary = room_summary(self.app.kb, self.scenario, state)
            self.query_one(FeedbackPanel).show(summary_content(self.app.kb, summary, you=self.learner))
            self.phase = "ended"
        elif state.revealed:
            self._reveal()
        else:
            self.query_one(PredictPane).drop()
            self.walk = Walk.start(self.app.kb, self.step.answers_before)
            self.phase = "committed" if self.step.number in self.seat.record.commits else "answer"

    def _status(self) -> None:
        state = self.room_watch.state
        parts: list[Content | str | tuple[str, str]] = [
            (f"Room {state.code}", "bold"), " · you are ", (present.shortened(one_line(self.learner), 40), "bold"),
            f" · step {self.step.number} of {len(self.steps)}",
        ]
        if state.ended:
            parts.append((" · the room has ended", present.WARNING))
        elif state.paused:
            parts.append((" · paused by the trainer", present.WARNING))
        if self.room_watch.problem:
            parts.append((f" · cannot read the room: {self.room_watch.problem}", present.WARNING))
        self.query_one("#room-status", Static).update(Content.assemble(*parts))
        self.sub_title = f"Room {state.code} · {self.phase}"

    def _reveal(self) -> None:
        kb = self.app.kb
        step = self.step
        try:  # the trainer's tally, and this learner's own frozen commit
            found = read_step(self.room_watch.folder, self.room_watch.state, step, only=self.learner)
        except SessionError as error:
            self.notify(str(error), title="Cannot read the reveal", severity="warning", markup=False, timeout=10)
            return
        today = present.today(self)
        case_walk, _ = Walk.start(kb, step.answers_before).answer(step.question, step.expected)
        mine = found.commits.get(self.learner)
        if mine is not None and not commit_problem(kb, step, mine):  # yours first, teaching after the room's
            lines = [reveal_content(kb, evolve(score(kb, self.scenario, step, mine), teaching=()), Content(""), today, choice=False)]
        else:
            lines = [Content.styled("You did not commit before the reveal: nothing of yours is scored here.", present.WARNING)]
        lines += [Content(""), Content.styled("The room", present.HEADING), *reveal_lines(kb, found.tally)]
        lines += [*teaching_block(kb, self.scenario, step.question, today), Content(""), changes_text(case_walk)]
        lines += [Content(""), Content.styled("The trainer moves the room on; your screen follows.", present.MUTED)]
        self.query_one(FeedbackPanel).show(Content("\n").join(lines))
        self.phase = "revealed"

    def _frozen(self, steps: Iterable[RoomStep]) -> RoomState:
        """The room's state with the commits frozen at these steps' reveals (none, with the
        problem said, if the trainer's step file cannot be read)."""
        try:
            return read_frozen(self.room_watch.folder, self.room_watch.state, steps)
        except SessionError as error:
            self.notify(str(error), title="Cannot read the reveal", severity="warning", markup=False, timeout=10)
            return self.room_watch.state

    def _waiting(self) -> None:
        kb = self.app.kb
        commit = self.seat.record.commits.get(self.step.number)
        if commit is None:
            return
        question = kb.question(commit.question)
        answer = present.answer_text(question.labels(commit.answers) if question else commit.answers)
        predicted = "skipped" if commit.predicted is None else (", ".join(o.name if (o := kb.option(i)) else i for i in commit.predicted) or "no change")
        self.query_one("#room-wait-text", Static).update(
            Content("\n").join(
                [
                    Content.styled("Committed. Waiting for the trainer's reveal.", present.HEADING),
                    Content.assemble(("Your answer: ", "bold"), answer),
                    Content.assemble(("Your prediction: ", "bold"), predicted),
                    Content(""),
                    Content.styled("c changes your answer and prediction until the reveal.", present.MUTED),
                ]
            )
        )

    # --- phases --------------------------------------------------------------------------------

    def watch_phase(self) -> None:
        self.query_one(ContentSwitcher).current = PANES[self.phase]
        self.set_class(self.phase in ("revealed", "ended"), "-revealed")
        if self.phase == "committed":
            self._waiting()
        focus = {"answer": "AnswerChoices", "predict": "PredictionPicker", "committed": "#room-wait"}.get(self.phase, "FeedbackPanel")
        self.query_one(focus).focus(scroll_visible=False)
        self._status()
        self.refresh_bindings()

    @on(AnswerChosen)
    def _chosen(self, event: AnswerChosen) -> None:
        event.stop()
        walk = self.walk
        if walk is not None and self.phase == "answer" and self.query_one(PredictPane).ask(walk, event):
            self.phase = "predict"

    @on(PredictPane.Predicted)
    def _predicted(self, event: PredictPane.Predicted) -> None:
        event.stop()
        state = self.room_watch.state
        if state.revealed or state.ended:
            return
        if state.paused:  # the answer stays held: Enter again once the trainer goes on
            self.notify("The trainer has paused the room: commit when they go on.", title="Paused", markup=False)
            return
        try:
            self.seat.commit(self.step.number, Commit(event.question, tuple(sorted(event.answers)), event.predicted))
        except SessionError as error:
            self.notify(str(error), title="Not committed", severity="error", markup=False, timeout=10)
            return
        self.query_one(PredictPane).drop()
        self.phase = "committed"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.room_watch.state
        if action == "change":
            return self.phase == "committed" and not state.revealed and not state.ended
        if action == "back":
            return self.phase == "predict"
        if action == "leave":
            return self.phase != "predict"
        return True

    def action_change(self) -> None:
        self.phase = "answer"

    def action_back(self) -> None:
        self.query_one(PredictPane).drop()
        self.phase = "answer"

    def action_leave(self) -> None:
        self.app.back_to_start()

"""The trainer's side of a room: the state it alone writes, and the learners it counts.

Nothing here waits for a learner: counting reads what the files say now, a reveal freezes the
valid commits of the step as they are at that moment, and a learner who joins late, drops out or
writes a damaged file changes only what is counted. Each first reveal of a step adds the case's
answer to the room record (a training session, so replay opens it step by step).
"""

from __future__ import annotations

from pathlib import Path

from amltui import engine
from amltui.engine.room import Commit, RoomStep, RoomSummary, StepTally, commit_problem, room_steps, summarise, tally
from amltui.knowledge.models import KnowledgeBase, Scenario
from amltui.sessions.model import now
from amltui.sessions.recorder import Recorder
from amltui.sessions.rooms.folder import open_room, read_frozen, read_state, write_frozen, write_state
from amltui.sessions.rooms.records import RoomError, RoomState
from amltui.sessions.rooms.seats import TrainerSeat, check_trainer
from amltui.sessions.rooms.watch import LearnerWatch


class TrainerRoom:
    def __init__(
        self, kb: KnowledgeBase, scenario: Scenario, folder: Path, state: RoomState, recorder: Recorder | None,
        seat: TrainerSeat | None = None,
    ) -> None:
        #: The trainer's lock on the room (None: a room looked at, not run; see `open`, `take_up`).
        self.seat = seat
        self.kb = kb
        self.scenario = scenario
        self.folder = folder
        self.state = state
        self.recorder = recorder
        self.steps = room_steps(kb, scenario)
        self.watch = LearnerWatch(folder, state.code, state.knowledge_digest)
        #: Commits set aside at the last count or reveal: learner name -> why.
        self.set_aside: dict[str, str] = {}

    @classmethod
    def open(cls, kb: KnowledgeBase, scenario: Scenario, rooms: Path, recorder: Recorder | None = None) -> TrainerRoom:
        """A new room on the case (RoomError if the rooms folder cannot take one)."""
        title = recorder.session.title if recorder else f"Room: {scenario.title}"
        state = RoomState(
            code="",
            title=title,
            scenario=scenario.id,
            knowledge_version=kb.version,
            knowledge_digest=kb.digest,
            sources_only=kb.layer_hidden,
            opened=now(),
            session=recorder.session.id if recorder else "",
        )
        folder, state = open_room(rooms, state)
        return cls(kb, scenario, folder, state, recorder, TrainerSeat.take(folder, state.code))

    @classmethod
    def take_up(cls, kb: KnowledgeBase, folder: Path, recorder: Recorder | None = None) -> TrainerRoom:
        """The room in `folder` taken up again by its trainer (after a dropped terminal): at the
        step it is on, with what was frozen at each reveal read back, and nothing written (the
        learners' files are theirs, and stay as they are). RoomError if another trainer's screen
        has it, it is another account's, it has ended, or it is not on this knowledge base."""
        state = read_state(folder)
        check_trainer(folder, state)
        seat = TrainerSeat.take(folder, state.code)
        try:
            state = read_state(folder)  # as it is now that no other trainer can change it
            check_trainer(folder, state)
            if state.knowledge_digest != kb.digest:
                raise RoomError(state.code, f"opened on another knowledge base (version {state.knowledge_version}); take it up with that one (--knowledge DIR)")
            scenario = kb.scenario(state.scenario)
            if scenario is None:
                raise RoomError(state.code, f"its case {state.scenario!r} is not in this knowledge base")
            room_kb = kb.sources_only() if state.sources_only else kb
            state = read_frozen(folder, state, room_steps(room_kb, scenario)[: state.reached])
            return cls(room_kb, scenario, folder, state, recorder, seat)
        except BaseException:
            seat.release()
            raise

    def record_in(self, recorder: Recorder) -> None:
        """Record the room's reveals in `recorder`'s session from now on (the state names it)."""
        self.recorder = recorder
        if recorder.session.id != self.state.session:
            self._write(session=recorder.session.id)

    def release(self) -> None:
        """Let go of the room (the trainer's screen closed): another screen may take it up."""
        if self.seat is not None:
            self.seat.release()
            self.seat = None

    @property
    def step(self) -> RoomStep:
        return self.steps[self.state.step - 1]

    def poll(self) -> bool:
        return self.watch.poll()

    def names(self) -> list[str]:
        """Everyone who joined, in the order of their names."""
        return sorted(self.watch.by_name(), key=str.casefold)

    def here(self) -> set[str]:
        """Those who joined and are here now (their app's heartbeat is fresh); the others are away."""
        return self.watch.names_here()

    def commits(self, step: RoomStep | None = None) -> dict[str, Commit]:
        """The valid commits at a step now, by name (those set aside are in `set_aside`)."""
        step = step or self.step
        found: dict[str, Commit] = {}
        self.set_aside = {}
        for name, record in self.watch.by_name().items():
            commit = record.commits.get(step.number)
            if commit is None:
                continue
            problem = commit_problem(self.kb, step, commit)
            if problem:
                self.set_aside[name] = problem
            else:
                found[name] = commit
        return found

    def tally(self, step: RoomStep | None = None) -> StepTally:
        """How the room predicted a revealed step (the commits frozen at its reveal)."""
        return frozen_tally(self.kb, self.scenario, self.state, step or self.step)

    def _write(self, **changes: object) -> None:
        state = self.state.moved(**changes)
        write_state(self.folder, state)  # RoomError: the state stays as it was
        self.state = state

    def reveal(self) -> None:
        """Freeze the step's commits as they are now and show its answer (once per step)."""
        if self.state.revealed or self.state.ended:
            return
        self.poll()
        step = self.step
        frozen = {name: dict(by_step) for name, by_step in self.state.frozen.items()}
        for name, commit in self.commits(step).items():
            frozen.setdefault(name, {})[step.number] = commit
        first = step.number > self.state.reached
        revealed = self.state.moved(frozen=frozen)
        write_frozen(self.folder, revealed, step.number, frozen_tally(self.kb, self.scenario, revealed, step))
        self._write(revealed=True, frozen=frozen, reached=max(self.state.reached, step.number))
        if first and self.recorder is not None:
            given = dict(step.answers_before)
            change = engine.answer(self.kb, given, step.question, step.expected)
            self.recorder.record(step.question, change, engine.evaluate(self.kb, change.answers))

    def next(self) -> None:
        """On to the next step: asked if not yet revealed, shown revealed if it was."""
        if self.state.step < len(self.steps):
            number = self.state.step + 1
            self._write(step=number, revealed=number <= self.state.reached, paused=False)

    def back(self) -> None:
        if self.state.step > 1:
            self._write(step=self.state.step - 1, revealed=True, paused=False)

    def pause(self) -> None:
        self._write(paused=not self.state.paused)

    def end(self) -> None:
        self._write(ended=True, paused=False)

    @property
    def last_step(self) -> bool:
        return self.state.step == len(self.steps)

    def summary(self) -> RoomSummary:
        return room_summary(self.kb, self.scenario, self.state)


def frozen_commits(kb: KnowledgeBase, state: RoomState, step: RoomStep) -> dict[str, Commit]:
    """The commits frozen at a step's reveal, by name, that can be scored there (the state file
    is read back from disk, so it is checked like any other)."""
    found = {name: by_step[step.number] for name, by_step in state.frozen.items() if step.number in by_step}
    return {name: commit for name, commit in found.items() if not commit_problem(kb, step, commit)}


def frozen_tally(kb: KnowledgeBase, scenario: Scenario, state: RoomState, step: RoomStep) -> StepTally:
    return tally(kb, scenario, step, frozen_commits(kb, state, step).values())


def room_summary(kb: KnowledgeBase, scenario: Scenario, state: RoomState) -> RoomSummary:
    """The summary of a room from its state alone (the trainer's screen, a learner's at the end,
    and `amltui room summary`)."""
    steps = room_steps(kb, scenario)[: state.reached]
    by_name: dict[str, dict[int, Commit]] = {}
    for step in steps:
        for name, commit in frozen_commits(kb, state, step).items():
            by_name.setdefault(name, {})[step.number] = commit
    return summarise(kb, scenario, steps, by_name)

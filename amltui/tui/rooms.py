"""Opening and joining a training room from the app: the steps before a room's screen.

Opening: the case (chosen, or given on the command line), a room record recorded like any
training session, and the room's folder; then the trainer's screen. Joining: the code, a check of
the room (its folder, permissions, knowledge base), a display name, the learner's seat; then the
learner's screen. Every refusal is a notification saying what is wrong; nothing is half made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from amltui import locations
from amltui.sessions.codec import SessionError
from amltui.sessions.rooms.folder import Seat, find_room, knowledge_problem, read_state
from amltui.sessions.rooms.records import RoomState, clean_name
from amltui.sessions.rooms.trainer import TrainerRoom
from amltui.sessions.rooms.watch import StateWatch

if TYPE_CHECKING:
    from amltui.tui.app import AmlApp

CODE_EMPTY = "Type the room's code (six letters and digits, on the trainer's screen), or press Esc."
NAME_EMPTY = "Type a display name (a pseudonym is fine), or press Esc."


def rooms_folder(app: AmlApp) -> Path:
    """The command line's --rooms, else AMLTUI_ROOMS, else rooms/ in the app's sessions folder."""
    return app.rooms or locations.rooms_folder(None, app.store.folder if app.store else None)


def open_room(app: AmlApp, scenario_id: str | None) -> None:
    from amltui.tui.screens.room_trainer import RoomTrainerScreen
    from amltui.tui.screens.scenarios import ScenariosScreen

    scenario = app.kb.scenario(scenario_id) if scenario_id else None
    if scenario is None:
        app.push_screen(ScenariosScreen(room=True))
        return
    if not app.new_session(f"Training room: {scenario.title}", mode="training", scenario=scenario.id):
        return
    try:
        room = TrainerRoom.open(app.kb, scenario, rooms_folder(app), app.recorder)
    except SessionError as error:
        app.notify(str(error), title="Cannot open a room", severity="error", markup=False, timeout=15)
        app.back_to_start()
        return
    while len(app.screen_stack) > 1:
        app.pop_screen()
    app.push_screen(RoomTrainerScreen(room))


def join_room(app: AmlApp, code: str | None) -> None:
    from amltui.tui.screens.title_prompt import TitlePrompt

    if code is None:
        app.push_screen(
            TitlePrompt("", heading="Join a room: its code", empty=CODE_EMPTY),
            lambda typed: join_room(app, typed) if typed else None,
        )
        return
    try:
        folder = find_room(rooms_folder(app), code)
        state = read_state(folder)
        problem = knowledge_problem(state, app.knowledge.digest, app.knowledge.version)
        if problem:
            raise SessionError(state.code, problem)
    except SessionError as error:
        app.notify(str(error), title="Cannot join the room", severity="error", markup=False, timeout=15)
        return
    app.push_screen(
        TitlePrompt("", heading=f"Room {state.code}: your display name (a pseudonym)", empty=NAME_EMPTY),
        lambda name: _take_seat(app, folder, state, clean_name(name)) if name else None,
    )


def _take_seat(app: AmlApp, folder: Path, state: RoomState, name: str) -> None:
    from amltui.tui.screens.room_learner import RoomLearnerScreen

    scenario = app.knowledge.scenario(state.scenario)
    try:
        if scenario is None:
            raise SessionError(state.code, f"the room's case {state.scenario!r} is not in this knowledge base")
        seat = Seat.take(folder, read_state(folder), name, app.knowledge.digest, app.knowledge.version)
    except SessionError as error:
        app.notify(str(error), title="Cannot join the room", severity="error", markup=False, timeout=15)
        return
    app.kb = app.knowledge.sources_only() if state.sources_only else app.knowledge  # as the room shows it
    while len(app.screen_stack) > 1:
        app.pop_screen()
    app.push_screen(RoomLearnerScreen(seat, StateWatch(folder, read_state(folder)), scenario))

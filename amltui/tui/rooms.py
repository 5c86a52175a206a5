"""Opening and joining a training room from the app: the steps before a room's screen.

Opening: the case (chosen, or given on the command line), the room's title (the no-identifiers
reminder and warning, as for any title), a room record recorded like any training session, and
the room's folder; then the trainer's screen. Taking up again (`amltui room resume`): the room's
folder, the trainer's lock (one trainer's screen at a time), the commits frozen at each reveal,
the room record resumed; the trainer's screen at the step the room is on. Joining: the code, a
check of the room (its folder, permissions, knowledge base), a display name (warned about, as a
title is), the learner's seat; then the learner's screen. Every refusal is a notification
saying what is wrong; nothing is half made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from amltui import locations
from amltui.sessions.codec import SessionError
from amltui.sessions.locks import SUFFIX
from amltui.sessions.recorder import Recorder
from amltui.sessions.rooms.folder import find_room, knowledge_problem, read_state
from amltui.sessions.rooms.records import MAX_NAME, RoomState, clean_name
from amltui.sessions.rooms.seats import Seat
from amltui.sessions.rooms.trainer import TrainerRoom
from amltui.sessions.rooms.watch import StateWatch
from amltui.tui.screens.title_prompt import TitlePrompt

if TYPE_CHECKING:
    from amltui.tui.app import AmlApp

CODE_EMPTY = "Type the room's code (six letters and digits, on the trainer's screen), or press Esc."
NAME_EMPTY = "Type a display name (a pseudonym is fine), or press Esc."


def rooms_folder(app: AmlApp) -> Path:
    """The command line's --rooms, else AMLTUI_ROOMS, else rooms/ in the app's sessions folder."""
    return app.rooms or locations.rooms_folder(None, app.store.folder if app.store else None)


def open_room(app: AmlApp, scenario_id: str | None) -> None:
    from amltui.tui.screens.scenarios import ScenariosScreen

    scenario = app.kb.scenario(scenario_id) if scenario_id else None
    if scenario is None:
        app.push_screen(ScenariosScreen(room=True))
        return
    default = f"Training room: {scenario.title}"
    if app.store is None:  # nothing is recorded, so nothing is named
        _open_titled(app, scenario.id, default)
        return
    app.push_screen(
        TitlePrompt(default, heading="Name this training room (shown to the room)"),
        lambda title: _open_titled(app, scenario.id, title) if title else None,
    )


def _open_titled(app: AmlApp, scenario_id: str, title: str) -> None:
    from amltui.tui.screens.room_trainer import RoomTrainerScreen

    scenario = app.kb.scenario(scenario_id)
    if scenario is None or not app.new_session(title, mode="training", scenario=scenario.id):
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


def resume_room(app: AmlApp, code: str) -> None:
    """The trainer takes up their room again (their terminal dropped): at its step, with every
    commit, never reset; refused, saying why, if another trainer's screen has it."""
    from amltui.tui.screens.room_trainer import RoomTrainerScreen

    try:
        room = TrainerRoom.take_up(app.knowledge, find_room(rooms_folder(app), code))
    except SessionError as error:
        app.notify(str(error), title="Cannot take up the room", severity="error", markup=False, timeout=15)
        return
    app.stop_recording()
    app.kb = room.kb
    try:
        room.recorder = _room_record(app, room)
    except SessionError as error:
        app.notify(f"{error}\nThe room goes on; its record is not kept.", title="Room record", severity="warning", markup=False, timeout=15)
    app.recorder = room.recorder
    app.pop_to_start()
    app.push_screen(RoomTrainerScreen(room))
    state = room.state
    where = f"step {state.step} of {len(room.steps)}" + (" (revealed)" if state.revealed else "") + (", paused" if state.paused else "")
    app.notify(
        f"Room {state.code} taken up again at {where}; every learner's commits are as they were.",
        title="Room taken up again", markup=False, timeout=10,
    )


def _room_record(app: AmlApp, room: TrainerRoom) -> Recorder | None:
    """The room record resumed (its steps so far kept), or started anew if none was saved yet
    (a record is saved from its first reveal); the room's state then names the new one."""
    store = app.store
    if store is None:
        return None
    state = room.state
    try:
        path = store.inside(state.session + SUFFIX) if state.session else None
    except SessionError:
        path = None
    if path is not None and path.exists():
        return Recorder.resume(store, store.load(path), path)
    recorder = Recorder.start(store, room.kb, state.title, mode="training", scenario=state.scenario)
    room.record_in(recorder)
    return recorder


def join_room(app: AmlApp, code: str | None) -> None:
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
        TitlePrompt("", heading=f"Room {state.code}: your display name (a pseudonym)", empty=NAME_EMPTY, max_length=MAX_NAME),
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

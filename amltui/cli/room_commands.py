"""`amltui room open [SCENARIO]`, `amltui room resume [CODE]`, `amltui room join CODE`,
`amltui room summary CODE`.

Opening and joining start the app on the room's screen; what can be checked before the screen is
taken over (an unknown case, a code with no room, a folder this account cannot use, another
knowledge base) is said here, on stderr, with exit status 1 (2 for wrong arguments).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from amltui import locations
from amltui.problems import EXIT_INVALID, UsageError, did_you_mean
from amltui.terminal_text import printable

if TYPE_CHECKING:
    from amltui.knowledge import KnowledgeBase
    from amltui.sessions.rooms.records import RoomState



def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]) -> None:
    rooms = argparse.ArgumentParser(add_help=False)
    rooms.add_argument("--rooms", metavar="DIR", help="rooms folder (default: $AMLTUI_ROOMS, else rooms/ in the sessions folder)")
    room = commands.add_parser("room", help="training rooms: a trainer and many learners, each on their own screen")
    actions = room.add_subparsers(dest="room_action", metavar="ACTION", required=True)
    opening = actions.add_parser("open", parents=[*parents, rooms], help="open a room on a case (default: choose one)")
    opening.add_argument("scenario", metavar="SCENARIO", nargs="?", help="a scenario id (its file name in scenarios/, without .toml)")
    resume = actions.add_parser(
        "resume", parents=[*parents, rooms],
        help="take your room up again after your terminal dropped: at its step, every commit kept (never reset)",
        description="Take up again a room you opened, after your terminal dropped: the room goes on at the step it "
        "is on, every learner's commits as they were; nothing is reset. Only one trainer's screen per room at a "
        "time: while another amltui has it open, this is refused.",
    )
    resume.add_argument("code", metavar="CODE", nargs="?", help="the room's code (default: your room that has not ended, the one run last)")
    join = actions.add_parser("join", parents=[*parents, rooms], help="join a room by the code on the trainer's screen")
    join.add_argument("code", metavar="CODE")
    summary = actions.add_parser("summary", parents=[*parents, rooms], help="a room's summary as Markdown or JSON")
    summary.add_argument("code", metavar="CODE")
    summary.add_argument("--format", choices=("md", "json"), default="md")
    summary.add_argument("-o", "--output", metavar="OUT", help="write to OUT (never over an existing file) instead of printing")


#: Starts the app on a room: ("open", case id or None), ("resume", code) or ("join", code), in the
#: rooms folder given.
RoomStart = Callable[[tuple[str, str | None], Path], int]


def run(kb: KnowledgeBase, args: argparse.Namespace, start_app: RoomStart) -> int:
    """`start_app(room, rooms)` starts the app (the command line's, with its folders)."""
    from amltui.sessions.codec import SessionError
    from amltui.sessions.rooms.folder import find_room, knowledge_problem, read_state

    if args.rooms is not None and not args.rooms.strip():
        raise UsageError("--rooms: the folder name is empty; name a folder, or leave --rooms out for the default")
    sessions = locations.sessions_folder(args.sessions or getattr(args, "app_sessions", None))
    rooms = locations.rooms_folder(args.rooms, sessions)
    if args.room_action == "open":
        if args.scenario and kb.scenario(args.scenario) is None:
            known = [s.id for s in kb.scenarios]
            raise UsageError(f"unknown scenario {args.scenario!r} ({did_you_mean(args.scenario, known) or 'scenarios: ' + ', '.join(known)})")
        return start_app(("open", args.scenario), rooms)
    if args.room_action == "resume":
        return _resume(kb, rooms, args.code, start_app)
    try:
        folder = find_room(rooms, args.code)
        state = read_state(folder)
        problem = knowledge_problem(state, kb.digest, kb.version)
        if problem:
            raise SessionError(state.code, problem)
    except SessionError as error:
        print(f"amltui: {printable(str(error))}", file=sys.stderr)
        return EXIT_INVALID
    if args.room_action == "join":
        return start_app(("join", state.code), rooms)
    return _summary(kb, folder, state, args.format, args.output)


def _resume(kb: KnowledgeBase, rooms: Path, code: str | None, start_app: RoomStart) -> int:
    """What can be checked before the screen is taken over: the room, that it is this account's
    and running, and that no other trainer's screen has it (the app takes the lock itself)."""
    from amltui.sessions.codec import SessionError
    from amltui.sessions.rooms.folder import find_room, read_state, resumable_rooms
    from amltui.sessions.rooms.seats import TrainerSeat, check_trainer

    try:
        if code is None:
            running = resumable_rooms(rooms)
            if not running:
                print(f"amltui: no room of yours to take up in {printable(str(rooms))} (every one has ended, or none was opened "
                      "there); amltui room open starts one", file=sys.stderr)
                return EXIT_INVALID
            code = running[0].code
            if len(running) > 1:
                others = ", ".join(s.code for s in running[1:6])
                print(f"amltui: taking up room {code}, the one you ran last (also running: {others}; "
                      "name one: amltui room resume CODE)", file=sys.stderr)
        folder = find_room(rooms, code)
        state = read_state(folder)
        check_trainer(folder, state)
        TrainerSeat.take(folder, state.code).release()
    except SessionError as error:
        print(f"amltui: {printable(str(error))}", file=sys.stderr)
        return EXIT_INVALID
    return start_app(("resume", state.code), rooms)


def _summary(kb: KnowledgeBase, folder: Path, state: RoomState, kind: str, output: str | None) -> int:
    from amltui.cli.session_commands import write_report
    from amltui.engine.room import room_steps
    from amltui.sessions.codec import SessionError
    from amltui.sessions.rooms.folder import read_frozen
    from amltui.sessions.rooms.summary_export import to_json, to_markdown
    from amltui.sessions.rooms.trainer import room_summary

    scenario = kb.scenario(state.scenario)
    if scenario is None:
        print(f"amltui: room {state.code}: its case {printable(state.scenario)!r} is not in this knowledge base", file=sys.stderr)
        return EXIT_INVALID
    room_kb = kb.sources_only() if state.sources_only else kb
    try:
        state = read_frozen(folder, state, room_steps(room_kb, scenario)[: state.reached])
    except SessionError as error:
        print(f"amltui: {printable(str(error))}", file=sys.stderr)
        return EXIT_INVALID
    summary = room_summary(room_kb, scenario, state)
    report = to_json(room_kb, state, summary) if kind == "json" else to_markdown(room_kb, state, summary)
    return write_report(report, output)

"""`amltui room summary` and the refusals `room join` gives before any screen."""

from __future__ import annotations

import json

from amltui.cli.main import main
from amltui.engine.room import Commit
from amltui.sessions.rooms.seats import Seat
from amltui.sessions.rooms.trainer import TrainerRoom


def test_a_room_summary_in_markdown_and_json(kb, tmp_path, capsys):
    rooms = tmp_path / "rooms"
    room = TrainerRoom.open(kb, kb.scenario("01-refractory-flt3"), rooms)
    seat = Seat.take(room.folder, room.state, "Bo | *x* <b>", kb.digest)
    seat.commit(1, Commit(room.step.question, room.step.expected, None))
    room.poll()
    room.reveal()
    room.end()
    assert main(["room", "summary", room.state.code, "--rooms", str(rooms)]) == 0
    report = capsys.readouterr().out
    assert "Bo \\| \\*x\\* &lt;b&gt; | 1 | 1 | none made |" in report and "Answered as the case: 1 of 1 (100%)" in report
    assert main(["room", "summary", room.state.code, "--rooms", str(rooms), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["learners"][0]["name"] == "Bo | *x* <b>" and document["steps"][0]["matched"] == 1


def test_joining_what_is_not_a_room_is_said_before_any_screen(tmp_path, capsys):
    assert main(["room", "join", "222222", "--rooms", str(tmp_path / "none")]) == 1
    assert "no rooms folder here" in capsys.readouterr().err
    assert main(["room", "open", "no-such-case", "--rooms", str(tmp_path)]) == 2
    assert "unknown scenario" in capsys.readouterr().err


def test_a_trainer_takes_their_room_up_again_by_its_code_or_the_last_one(kb, tmp_path, capsys, monkeypatch):
    started = []
    monkeypatch.setattr("amltui.cli.main._start_app", lambda kb, args, room, rooms: started.append(room) or 0)
    rooms = tmp_path / "rooms"
    assert main(["room", "resume", "--rooms", str(rooms)]) == 1
    assert "no room of yours to take up" in capsys.readouterr().err
    room = TrainerRoom.open(kb, kb.scenario("01-refractory-flt3"), rooms)
    assert main(["room", "resume", room.state.code, "--rooms", str(rooms)]) == 1  # its screen is open
    assert "only one trainer's screen per room" in capsys.readouterr().err and started == []
    room.release()
    assert main(["room", "resume", "--rooms", str(rooms)]) == 0
    assert main(["room", "resume", room.state.code.lower(), "--rooms", str(rooms)]) == 0
    assert started == [("resume", room.state.code)] * 2
    room.end()
    assert main(["room", "resume", room.state.code, "--rooms", str(rooms)]) == 1
    assert f"the room has ended; its summary: amltui room summary {room.state.code}" in capsys.readouterr().err

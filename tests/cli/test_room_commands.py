"""`amltui room summary` and the refusals `room join` gives before any screen."""

from __future__ import annotations

import json

from amltui.cli.main import main
from amltui.engine.room import Commit
from amltui.sessions.rooms.folder import Seat
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

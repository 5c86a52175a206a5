"""A room through its files, without screens: a trainer and several learners, each a process
of its own in life, here objects sharing one folder."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from attrs import evolve

from amltui.engine.room import Commit
from amltui.sessions import SessionStore
from amltui.sessions.recorder import Recorder
from amltui.sessions.rooms.access import access_problem
from amltui.sessions.rooms.folder import STATE, find_room, learner_name, read_frozen, read_state
from amltui.sessions.rooms.records import RoomError
from amltui.sessions.rooms.seats import Seat
from amltui.sessions.rooms.trainer import TrainerRoom, room_summary
from amltui.sessions.rooms.watch import StateWatch

CASE = "01-refractory-flt3"


@pytest.fixture
def room(kb, tmp_path):
    store = SessionStore(tmp_path / "sessions")
    recorder = Recorder.start(store, kb, "Room: case", mode="training", scenario=CASE)
    trainer = TrainerRoom.open(kb, kb.scenario(CASE), tmp_path / "rooms", recorder)
    yield trainer
    recorder.close()


def join(kb, trainer, name) -> Seat:
    folder = find_room(trainer.folder.parent, trainer.state.code.lower())
    return Seat.take(folder, read_state(folder), name, kb.digest, kb.version)


def right(trainer) -> Commit:
    step = trainer.step
    return Commit(step.question, step.expected, tuple(sorted(step.changed)))


def test_a_room_from_the_first_commit_to_the_summary(kb, room):
    ann, bo, cy = (join(kb, room, name) for name in ("Ann", "Bo", "Cy"))
    room.poll()
    assert room.names() == ["Ann", "Bo", "Cy"] and room.commits() == {}
    ann.commit(1, right(room))
    bo.commit(1, Commit(room.step.question, ("relapsed",), None))
    bo.commit(1, right(room))  # a change of mind before the reveal: the last commit counts
    room.poll()
    assert set(room.commits()) == {"Ann", "Bo"}
    room.reveal()
    cy.commit(1, right(room))  # after the reveal: not frozen, not counted
    counted = room.tally()
    assert (counted.committed, counted.matched, counted.perfect) == (2, 2, 2)
    learner_view = StateWatch(ann.folder, read_state(ann.folder))
    room.next()
    assert learner_view.poll() and learner_view.state.step == 2 and not learner_view.state.revealed
    late = join(kb, room, "Dee")  # a late join starts at the step the room is on
    late.commit(2, right(room))
    room.reveal()
    room.end()
    state = read_state(room.folder)
    assert state.frozen == {}  # the room's state stays small: the commits are in the step files
    summary = room_summary(kb, room.scenario, read_frozen(room.folder, state, room.steps[: state.reached]))
    assert [t.committed for t in summary.steps] == [2, 1]
    assert {s.name for s in summary.learners} == {"Ann", "Bo", "Dee"}
    record = room.recorder.session
    assert [s.question for s in record.steps] == [s.question for s in room.steps[:2]]
    assert record.mode == "training" and record.scenario == CASE


def test_back_shows_a_revealed_step_and_is_not_recorded_twice(kb, room):
    room.reveal()
    room.next()
    room.back()
    assert (room.state.step, room.state.revealed) == (1, True)
    room.reveal()
    room.next()
    assert (room.state.step, room.state.revealed) == (2, False)
    assert len(room.recorder.session.steps) == 1


def test_a_dropped_learner_joins_again_with_their_answers(kb, room):
    cy = join(kb, room, "Cy")
    cy.commit(1, right(room))
    with pytest.raises(RoomError, match="under this name now"):
        join(kb, room, "cy")  # the first process is still there
    cy.release()  # the connection dropped: its amltui ended
    again = join(kb, room, "Cy")
    assert again.record.commits == {1: right(room)}


def test_a_damaged_or_hostile_learner_file_is_set_aside(kb, room):
    join(kb, room, "Ann").commit(1, right(room))
    (room.folder / "learner-0000.json").write_bytes(b'{"name": [\x00')
    forged = room.folder / learner_name("Eve")
    forged.write_text((room.folder / learner_name("Ann")).read_text().replace("Ann", "Mallory"))
    (room.folder / learner_name("Big")).write_bytes(b"#" * (1 << 20))
    os.symlink("/dev/zero", room.folder / learner_name("Link"))
    room.poll()
    assert room.names() == ["Ann"]
    problems = " ".join(room.watch.problems.values())
    assert "damaged" in problems or "not UTF-8" in problems
    assert "not the one its file is named for" in problems and "larger than the limit" in problems
    assert "symbolic link" in problems
    room.reveal()
    assert room.tally().committed == 1


def test_a_commit_that_does_not_fit_the_step_is_set_aside(kb, room):
    join(kb, room, "Ann").commit(1, Commit(room.step.question, ("not-an-answer",), None))
    room.poll()
    assert room.commits() == {} and "Ann" in room.set_aside


def test_a_learner_on_another_knowledge_base_is_told(kb, room):
    folder = find_room(room.folder.parent, room.state.code)
    with pytest.raises(RoomError, match="pinned to the knowledge base"):
        Seat.take(folder, read_state(folder), "Ann", "0" * 64, "other")
    seat = join(kb, room, "Bo")
    seat.record = evolve(seat.record, knowledge_digest="f" * 64)
    seat.save()
    room.poll()
    assert room.names() == [] and "another knowledge base" in " ".join(room.watch.problems.values())


def test_codes_and_folders_that_are_not_rooms(kb, room, tmp_path):
    with pytest.raises(RoomError, match="not a room code"):
        find_room(room.folder.parent, "hello")
    with pytest.raises(RoomError, match="no room with this code"):
        find_room(room.folder.parent, "222222" if room.state.code != "222222" else "333333")
    with pytest.raises(RoomError, match="no rooms folder"):
        find_room(tmp_path / "nowhere", room.state.code)
    (room.folder / STATE).write_text('{"format": 99}')
    with pytest.raises(RoomError, match="newer amltui"):
        read_state(room.folder)


def test_a_private_room_stays_private_and_a_shared_one_is_setgid(kb, tmp_path):
    private = TrainerRoom.open(kb, kb.scenario(CASE), tmp_path / "private")
    assert stat.S_IMODE(private.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((private.folder / STATE).stat().st_mode) == 0o600
    shared_rooms = tmp_path / "shared"
    shared_rooms.mkdir()
    os.chmod(shared_rooms, 0o2770)
    shared = TrainerRoom.open(kb, kb.scenario(CASE), shared_rooms)
    assert stat.S_IMODE(shared.folder.stat().st_mode) == 0o2770
    assert stat.S_IMODE((shared.folder / STATE).stat().st_mode) == 0o640
    seat = join(kb, shared, "Ann")
    assert stat.S_IMODE(seat.path.stat().st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_permission_problems_say_whose_folder_and_how_to_share_it(tmp_path):
    closed = tmp_path / "closed"
    closed.mkdir()
    os.chmod(closed, 0o500)
    try:
        problem = access_problem(closed, write=True)
    finally:
        os.chmod(closed, 0o700)
    assert "no permission to write in" in problem and "mode dr-x------" in problem
    assert "you are user" in problem and "chmod 2770" in problem


def test_a_learner_reads_the_trainers_tally_and_only_their_own_commit(kb, room):
    from amltui.sessions.rooms.folder import read_step

    for name in ("Ann", "Bo"):
        join(kb, room, name).commit(1, right(room))
    room.poll()
    room.reveal()
    found = read_step(room.folder, read_state(room.folder), room.step, only="Bo")
    assert list(found.commits) == ["Bo"] and found.tally == room.tally()
    (room.folder / "step-1.json").write_text(json.dumps({"format": 1, "room": room.state.code, "step": 1, "tally": {"committed": "x"}}))
    with pytest.raises(RoomError, match="wrong type"):
        read_step(room.folder, read_state(room.folder), room.step)


# --- who is here now, the trainer taking a room up again, a running `amltui serve` -----------


def test_who_is_here_now_apart_from_who_joined(kb, room):
    from amltui.sessions.rooms.folder import here_name
    from amltui.sessions.rooms.watch import AWAY_SECONDS

    ann, bo = join(kb, room, "Ann"), join(kb, room, "Bo")
    ann.commit(1, right(room))
    room.poll()
    assert room.names() == ["Ann", "Bo"] and room.here() == {"Ann", "Bo"}
    bo.release()  # left the room: away at once, still joined
    assert room.poll() and room.names() == ["Ann", "Bo"] and room.here() == {"Ann"}
    later = os.stat(ann.here).st_mtime + AWAY_SECONDS + 1
    assert room.watch.poll(clock=later) and room.here() == set()  # a dropped connection: no heartbeat
    assert ann.beat() and room.watch.poll(clock=os.stat(ann.here).st_mtime) and room.here() == {"Ann"}
    room.reveal()  # nobody blocks it: Ann's commit counts, Bo (away, nothing committed) does not
    assert room.tally().committed == 1
    again = join(kb, room, "bo")  # the same name again (any case): here, and counted again
    room.poll()
    assert room.here() == {"Ann", "Bo"} and again.path == bo.path
    # A heartbeat file with no learner's file, or a link, makes nobody here.
    (room.folder / here_name("learner-0000.json")).touch()
    os.unlink(again.here)
    os.symlink(ann.here, again.here)
    room.poll()
    assert room.here() == {"Ann"}


def test_the_trainer_takes_a_room_up_again_at_its_step_with_every_commit(kb, room):
    ann, bo = join(kb, room, "Ann"), join(kb, room, "Bo")
    ann.commit(1, right(room))
    bo.commit(1, Commit(room.step.question, ("relapsed",), None))
    room.reveal()
    room.next()
    ann.commit(2, right(room))
    before = read_state(room.folder)
    # While the trainer's screen has it, a second trainer is refused, and nothing is written.
    with pytest.raises(RoomError, match="only one trainer's screen per room"):
        TrainerRoom.take_up(kb, room.folder)
    room.release()  # the terminal dropped
    again = TrainerRoom.take_up(kb, room.folder)
    assert read_state(room.folder) == before  # never reset
    assert (again.state.step, again.state.revealed, again.state.reached) == (2, False, 1)
    assert set(again.state.frozen) == {"Ann", "Bo"} and again.tally(again.steps[0]).committed == 2
    again.poll()
    assert set(again.commits()) == {"Ann"}  # step 2's commit, made while no trainer was there
    again.reveal()
    assert again.summary().learners[0].name == "Ann"
    again.end()
    again.release()
    with pytest.raises(RoomError, match="has ended"):
        TrainerRoom.take_up(kb, room.folder)


def test_only_this_accounts_running_rooms_are_offered_to_take_up(kb, room, tmp_path):
    from amltui.sessions.rooms.folder import resumable_rooms

    other = TrainerRoom.open(kb, kb.scenario(CASE), tmp_path / "rooms")
    assert [s.code for s in resumable_rooms(tmp_path / "rooms")] == [other.state.code, room.state.code]
    other.end()
    (tmp_path / "rooms" / "NOTAROOM").mkdir()
    (tmp_path / "rooms" / "2345AC").mkdir()  # no state file
    assert [s.code for s in resumable_rooms(tmp_path / "rooms")] == [room.state.code]
    other.release()


def test_a_running_serve_is_found_by_its_record_and_a_stale_or_forged_one_is_not(tmp_path, monkeypatch):
    from amltui.sessions.rooms import serve_address
    from amltui.sessions.rooms.serve_address import record_path, remove_record, serve_addresses, write_record

    monkeypatch.setenv("AMLTUI_RUNTIME", str(tmp_path / "runtime"))
    monkeypatch.setattr(serve_address, "_alive", lambda pid: pid == os.getpid())
    rooms = tmp_path / "rooms"
    written = write_record("http://teaching-host:8080/", rooms)
    assert written == record_path(os.getpid()) and stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "runtime").stat().st_mode) == 0o700
    assert serve_addresses(rooms) == ["http://teaching-host:8080/"]
    assert serve_addresses(tmp_path / "other-rooms") == []  # its visitors would not find this room
    hostile = {
        "a markup address": {"format": 1, "pid": os.getpid(), "url": "[@click=app.quit]x[/]", "rooms": str(rooms)},
        "another pid": {"format": 1, "pid": 1, "url": "http://h:1/", "rooms": str(rooms)},
        "not a format": {"pid": os.getpid(), "url": "http://h:1/", "rooms": str(rooms)},
        "a relative folder": {"format": 1, "pid": os.getpid(), "url": "http://h:1/", "rooms": "rooms"},
    }
    for what, document in hostile.items():
        written.write_text(json.dumps(document), encoding="utf-8")
        assert serve_addresses(rooms) == [], what
    written.write_text("{" * 100_000, encoding="utf-8")  # too large; then damaged
    assert serve_addresses(rooms) == []
    written.write_text("\x00not json", encoding="utf-8")
    assert serve_addresses(rooms) == []
    written.write_text(json.dumps({"format": 1, "pid": os.getpid(), "url": "http://h:1/", "rooms": str(rooms)}), encoding="utf-8")
    os.chmod(written, 0o622)  # others may write it: not trusted
    assert serve_addresses(rooms) == []
    os.chmod(written, 0o600)
    assert serve_addresses(rooms) == ["http://h:1/"]
    # A server that was killed left its record: its process is gone, so no address.
    stale = record_path(99_999_999)
    stale.write_text(json.dumps({"format": 1, "pid": 99_999_999, "url": "http://old:1/", "rooms": str(rooms)}), encoding="utf-8")
    assert serve_addresses(rooms) == ["http://h:1/"]
    write_record("http://h:1/", rooms)  # the next server removes it
    assert not stale.exists()
    monkeypatch.chdir(tmp_path)
    write_record("http://h:2/", Path("rooms"))  # AMLTUI_ROOMS=rooms: found from anywhere
    monkeypatch.chdir(tmp_path / "runtime")
    assert serve_addresses(rooms) == ["http://h:2/"]
    remove_record(written)
    assert serve_addresses(rooms) == []


def test_a_process_is_alive_only_if_it_runs_and_is_an_amltui(tmp_path):
    import subprocess
    import sys
    import time

    from amltui.sessions.rooms.serve_address import _alive

    assert not _alive(99_999_999) and not _alive(0) and not _alive(1)
    assert not _alive(os.getpid())  # pytest: not an amltui
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", "amltui"])
    try:
        deadline = time.monotonic() + 10
        while not _alive(child.pid) and time.monotonic() < deadline:  # until its command line is read
            time.sleep(0.01)
        assert _alive(child.pid)
    finally:
        child.kill()
        child.wait()
    assert not _alive(child.pid)

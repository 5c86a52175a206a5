"""A room through its files, without screens: a trainer and several learners, each a process
of its own in life, here objects sharing one folder."""

from __future__ import annotations

import json
import os
import stat

import pytest
from attrs import evolve

from amltui.engine.room import Commit
from amltui.sessions import SessionStore
from amltui.sessions.recorder import Recorder
from amltui.sessions.rooms.folder import STATE, Seat, access_problem, find_room, learner_name, read_frozen, read_state
from amltui.sessions.rooms.records import RoomError
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

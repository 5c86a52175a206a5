"""The room's screens, driven as people use them: a trainer's app and a learner's app side by
side on one rooms folder (the files between them are tested in tests/sessions/test_rooms.py)."""

from __future__ import annotations

import os

import pytest

from amltui.engine.room import Commit
from amltui.sessions import SessionStore
from amltui.sessions.model import now
from amltui.sessions.rooms.folder import learner_name
from amltui.sessions.rooms.records import LearnerRecord, clean_name, dumps_learner
from amltui.tui.app import AmlApp
from amltui.tui.messages import JoinRoom, StartRoom
from amltui.tui.screens.room_learner import RoomLearnerScreen
from amltui.tui.screens.room_trainer import RoomTrainerScreen
from tests.tui.conftest import TODAY, screen_text, static_text, until

CASE = "01-refractory-flt3"


@pytest.fixture(autouse=True)
def quick_polls(monkeypatch, tmp_path):
    """The screens look at the files every frame or so, so `until`'s frame deadline is enough;
    a runtime folder of the test's own (no developer's `amltui serve` shows up on a screen)."""
    monkeypatch.setattr(RoomTrainerScreen, "poll_seconds", 0.01)
    monkeypatch.setattr(RoomTrainerScreen, "serve_seconds", 0.05)
    monkeypatch.setattr(RoomLearnerScreen, "poll_seconds", 0.01)
    monkeypatch.setattr(RoomLearnerScreen, "heartbeat_seconds", 0.01)
    monkeypatch.setenv("AMLTUI_RUNTIME", str(tmp_path / "runtime"))


def app(kb, tmp_path) -> AmlApp:
    made = AmlApp(kb, today=TODAY, store=SessionStore(tmp_path / "sessions"))
    made.rooms = tmp_path / "rooms"  # type: ignore[attr-defined]
    return made


async def open_room(pilot, title: str = "") -> RoomTrainerScreen:
    pilot.app.post_message(StartRoom(CASE))
    await until(pilot, lambda: "Name this training room" in screen_text(pilot), "the room's title prompt")
    if title:
        await pilot.press("ctrl+a", "ctrl+k", *title)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, RoomTrainerScreen), "the trainer's screen")
    return pilot.app.screen


async def test_a_learner_commits_the_trainer_reveals_and_ends(kb, tmp_path):
    trainer_app, learner_app = app(kb, tmp_path), app(kb, tmp_path)
    async with trainer_app.run_test(size=(80, 24)) as trainer, learner_app.run_test(size=(80, 24)) as learner:
        room = await open_room(trainer)
        code = room.room.state.code
        learner_app.post_message(JoinRoom(code.lower()))
        await until(learner, lambda: "display name" in screen_text(learner), "the name prompt")
        await learner.press(*"Ann", "enter")
        await until(learner, lambda: isinstance(learner_app.screen, RoomLearnerScreen), "the learner's screen")
        await until(trainer, lambda: "1 joined · 1 here · 0 committed" in screen_text(trainer), "the join counted")
        here = learner_app.screen.seat.here
        beat = here.stat().st_mtime_ns
        os.utime(here, ns=(beat - 10**10, beat - 10**10))  # ten seconds old: the app's next heartbeat renews it
        await until(learner, lambda: here.stat().st_mtime_ns >= beat, "the learner's app's heartbeat")
        await learner.press("2", "enter")  # refractory, as the case
        await until(learner, lambda: learner_app.screen.phase == "predict", "the prediction")
        await learner.press("s")  # skip predicting
        await until(learner, lambda: "Committed. Waiting" in screen_text(learner), "committed")
        await until(trainer, lambda: "1 committed at step 1" in screen_text(trainer), "the commit counted")
        await trainer.press("r")
        await until(learner, lambda: learner_app.screen.phase == "revealed", "the reveal on the learner's screen")
        feedback = static_text(learner, "#feedback-text")
        assert "✓ Your answer: Refractory" in feedback and "How the room answered (1 committed)" in feedback
        assert "Case answer: Refractory" in static_text(trainer, "#room-main-text")
        await trainer.press("e")
        await until(learner, lambda: learner_app.screen.phase == "ended", "the end on the learner's screen")
        assert "→ Ann: answers 1 of 1 as the case" in static_text(learner, "#feedback-text")
        assert "Room " + code + ": summary" in screen_text(trainer)
    saved = SessionStore(tmp_path / "sessions").listing()
    assert [(s.summary.mode, s.summary.scenario, s.summary.step_count) for s in saved] == [("training", CASE, 1)]


async def test_names_from_learner_files_show_literally(kb, tmp_path):
    trainer_app = app(kb, tmp_path)
    async with trainer_app.run_test(size=(80, 24)) as trainer:
        room = await open_room(trainer)
        nasty = "[b]Eve[/b] \x1b[2J\u202e"
        record = LearnerRecord(nasty, room.room.state.code, kb.digest, now())
        (room.room.folder / learner_name(clean_name(nasty))).write_text(dumps_learner(record), encoding="utf-8")
        await until(trainer, lambda: "1 joined" in screen_text(trainer), "the learner counted")
        shown = static_text(trainer, "#room-people")
        assert "[b]Eve[/b]" in shown and "\x1b" not in shown and "\u202e" not in shown


def said(app) -> str:
    return " ".join(f"{n.title}: {n.message}" for n in app._notifications)


async def test_the_projected_screen_shows_a_running_serves_address(kb, tmp_path, monkeypatch):
    import os

    from amltui.sessions.rooms import serve_address

    monkeypatch.setattr(serve_address, "_alive", lambda pid: pid == os.getpid())
    trainer_app = app(kb, tmp_path)
    async with trainer_app.run_test(size=(80, 24)) as trainer:
        await open_room(trainer)
        assert "http://" not in screen_text(trainer)  # no server, no address
        record = serve_address.write_record("http://teaching-host:8080/", tmp_path / "rooms")
        await until(trainer, lambda: "http://teaching-host:8080/" in static_text(trainer, "#room-browser"), "the address beside the code")
        assert "in a browser: http://teaching-host:8080/, then “Join a room”" in static_text(trainer, "#room-people")
        serve_address.write_record("http://teaching-host:8080/", tmp_path / "elsewhere")  # another rooms folder
        serve_address.remove_record(record)  # the server stopped
        await until(trainer, lambda: "http://" not in screen_text(trainer), "the address gone")


def test_an_address_only_this_machine_can_open_is_marked():
    from amltui.tui.screens.room_trainer import browser_hint

    assert browser_hint(["http://127.0.0.1:8000/"]).plain == "http://127.0.0.1:8000/ (this machine only)"
    assert browser_hint(["http://ward-pc:8000/"]).plain == "http://ward-pc:8000/"
    assert browser_hint([]).plain == ""


async def test_the_trainer_takes_the_room_up_again_and_a_second_trainer_is_refused(kb, tmp_path):
    from amltui.sessions.rooms.folder import read_state
    from amltui.sessions.rooms.seats import Seat

    first = app(kb, tmp_path)
    async with first.run_test(size=(80, 24)) as trainer:
        screen = await open_room(trainer)
        room = screen.room
        code, folder = room.state.code, room.folder
        seat = Seat.take(folder, read_state(folder), "Ann", kb.digest)
        seat.commit(1, Commit(room.step.question, room.step.expected, None))
        await until(trainer, lambda: "1 committed at step 1" in screen_text(trainer), "the commit counted")
        await trainer.press("r", "n")
        await until(trainer, lambda: "Step 2 of" in screen_text(trainer), "step 2")
        second = app(kb, tmp_path)
        async with second.run_test(size=(80, 24), notifications=True) as other:
            second.post_message(StartRoom(resume=code))
            await until(other, lambda: "only one trainer's screen per room" in said(second), "the refusal")
            assert not isinstance(second.screen, RoomTrainerScreen)
    # The first trainer's terminal dropped (its app ended): the room is as it was.
    again = app(kb, tmp_path)
    async with again.run_test(size=(80, 24), notifications=True) as trainer:
        again.post_message(StartRoom(resume=code.lower()))
        await until(trainer, lambda: isinstance(again.screen, RoomTrainerScreen), "the trainer's screen again")
        assert f"Room {code} taken up again at step 2 of 6" in said(again)
        assert "Step 2 of 6" in screen_text(trainer) and "1 joined · 1 here · 0 committed at step 2" in screen_text(trainer)
        await trainer.press("b")
        await until(trainer, lambda: "How the room answered (1 committed)" in screen_text(trainer), "step 1's reveal, kept")
        seat.release()
        await until(trainer, lambda: "Ann (away)" in screen_text(trainer), "Ann away")
        await trainer.press("e")
        await until(trainer, lambda: "summary" in screen_text(trainer), "the summary")
    saved = SessionStore(tmp_path / "sessions").listing()
    assert [(s.summary.mode, s.summary.step_count) for s in saved] == [("training", 1)]  # one record, resumed


async def test_room_titles_and_display_names_are_checked_for_identifiers(kb, tmp_path):
    trainer_app, learner_app = app(kb, tmp_path), app(kb, tmp_path)
    async with trainer_app.run_test(size=(80, 24)) as trainer, learner_app.run_test(size=(80, 24)) as learner:
        trainer_app.post_message(StartRoom(CASE))
        await until(trainer, lambda: "Name this training room" in screen_text(trainer), "the title prompt")
        assert "No patient identifiers" in screen_text(trainer)
        await trainer.press("ctrl+a", "ctrl+k", *"Mr Smith, MRN 1234567", "enter")
        await until(trainer, lambda: "may hold a patient identifier" in screen_text(trainer), "the warning")
        await trainer.press("ctrl+a", "ctrl+k", *"Ward teaching", "enter")  # a title without one
        await until(trainer, lambda: isinstance(trainer_app.screen, RoomTrainerScreen), "the trainer's screen")
        assert trainer_app.screen.room.state.title == "Ward teaching"
        learner_app.post_message(JoinRoom(trainer_app.screen.room.state.code))
        await until(learner, lambda: "display name" in screen_text(learner), "the name prompt")
        await learner.press(*"DOB 12/03/1951", "enter")
        await until(learner, lambda: "may hold a patient identifier" in screen_text(learner), "the warning")
        await learner.press("ctrl+a", "ctrl+k", *"Dr Who", "enter")
        await until(learner, lambda: "may hold a patient identifier" in screen_text(learner), "the warning again")
        await learner.press("enter")  # kept as it is, on a second Enter (a pseudonym is the user's call)
        await until(learner, lambda: isinstance(learner_app.screen, RoomLearnerScreen), "the learner's screen")
        await until(trainer, lambda: "· Dr Who" in screen_text(trainer), "the name on the projected screen")


async def test_a_display_name_stops_at_the_length_a_room_keeps(kb, tmp_path):
    """Once a name of 200 characters was taken and cut to 40 in silence; now typing stops at 40."""
    from textual.widgets import Input

    from amltui.sessions.rooms.records import MAX_NAME
    from amltui.sessions.rooms.trainer import TrainerRoom

    trainer = TrainerRoom.open(kb, kb.scenario(CASE), tmp_path / "rooms")
    learner_app = app(kb, tmp_path)
    async with learner_app.run_test(size=(80, 24)) as learner:
        learner_app.post_message(JoinRoom(trainer.state.code))
        await until(learner, lambda: "display name" in screen_text(learner), "the name prompt")
        await learner.press(*("Annabel" * 10))
        await until(learner, lambda: len(learner_app.screen.query_one(Input).value) == MAX_NAME, "the name at its length")
        await learner.press("x", "enter")
        await until(learner, lambda: isinstance(learner_app.screen, RoomLearnerScreen), "the learner's screen")
        assert learner_app.screen.seat.record.name == ("Annabel" * 10)[:MAX_NAME]


async def test_an_answer_the_engine_refuses_is_said_and_never_committed(kb, tmp_path):
    """A several-answer question confirmed with nothing ticked: refused as training refuses it
    (once the learner's file held a commit with no answers, and the trainer set the file aside)."""
    from amltui.sessions.rooms.trainer import TrainerRoom

    trainer = TrainerRoom.open(kb, kb.scenario(CASE), tmp_path / "rooms")
    several = next(s for s in trainer.steps if kb.question(s.question).multiple)
    while trainer.state.step < several.number:
        trainer.reveal()
        trainer.next()
    learner_app = app(kb, tmp_path)
    async with learner_app.run_test(size=(80, 24), notifications=True) as learner:
        learner_app.post_message(JoinRoom(trainer.state.code))
        await until(learner, lambda: "display name" in screen_text(learner), "the name prompt")
        await learner.press(*"Ann", "enter")
        await until(learner, lambda: isinstance(learner_app.screen, RoomLearnerScreen), "the learner's screen")
        await learner.press("enter")  # nothing ticked
        await until(learner, lambda: "not accepted" in said(learner_app), "the refusal")
        assert learner_app.screen.phase == "answer" and learner_app.screen.seat.record.commits == {}
        await learner.press("1", "enter")
        await until(learner, lambda: "Before the reveal:" in screen_text(learner), "the prediction")
        await learner.press("s")
        await until(learner, lambda: learner_app.screen.phase == "committed", "committed")
    trainer.poll()
    assert set(trainer.commits()) == {"Ann"} and trainer.watch.problems == {}
    trainer.release()


# --- snapshots: the reveal, on the projected screen and on a learner's ----------------------

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def fixed_code(monkeypatch):
    monkeypatch.setattr("amltui.sessions.rooms.folder.new_code", lambda: "7AC2F5")


def others(kb, trainer) -> list:
    """Three learners who committed: one as the case, with every change; two otherwise (their
    seats, here until released)."""
    from amltui.engine.room import Commit
    from amltui.sessions.rooms.folder import read_state
    from amltui.sessions.rooms.seats import Seat

    step = trainer.step
    commits = {
        "Ann": Commit(step.question, step.expected, tuple(sorted(step.changed))),
        "Bo": Commit(step.question, ("relapsed",), ("clinical-trials",)),
        "Cy": Commit(step.question, step.expected, None),
    }
    seats = []
    for name, commit in commits.items():
        seat = Seat.take(trainer.folder, read_state(trainer.folder), name, kb.digest)
        seat.commit(step.number, commit)
        seats.append(seat)
    return seats


@pytest.fixture
def never_away(monkeypatch):
    """A snapshot's learners stay "here" however slowly the machine takes it."""
    monkeypatch.setattr("amltui.sessions.rooms.watch.AWAY_SECONDS", 3600.0)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_trainer_reveal(snap_compare, kb, tmp_path, fixed_code, never_away, size):
    async def run_before(pilot) -> None:
        screen = await open_room(pilot)
        others(kb, screen.room)  # released as their app (the test's) ends
        await until(pilot, lambda: "3 committed" in screen_text(pilot), "the commits counted")
        await pilot.press("r")
        await until(pilot, lambda: "Case answer" in screen_text(pilot), "the reveal")

    assert snap_compare(app(kb, tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_learner_reveal(snap_compare, kb, tmp_path, fixed_code, never_away, size):
    from amltui.sessions.rooms.trainer import TrainerRoom

    trainer = TrainerRoom.open(kb, kb.scenario(CASE), tmp_path / "rooms")

    async def run_before(pilot) -> None:
        others(kb, trainer)
        pilot.app.post_message(JoinRoom(trainer.state.code))
        await until(pilot, lambda: "display name" in screen_text(pilot), "the name prompt")
        await pilot.press(*"Dee", "enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, RoomLearnerScreen), "the learner's screen")
        await pilot.press("1", "enter", "space", "enter")  # relapsed; clinical trial will appear
        await until(pilot, lambda: pilot.app.screen.phase == "committed", "committed")
        trainer.reveal()
        await until(pilot, lambda: pilot.app.screen.phase == "revealed", "the reveal")

    assert snap_compare(app(kb, tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_trainer_with_a_serve_address_and_one_learner_away(snap_compare, kb, tmp_path, fixed_code, never_away, monkeypatch, size):
    import os

    from amltui.sessions.rooms import serve_address

    monkeypatch.setattr(serve_address, "_alive", lambda pid: pid == os.getpid())
    serve_address.write_record("http://teaching-host.example.org:8080/", tmp_path / "rooms")

    async def run_before(pilot) -> None:
        screen = await open_room(pilot)
        *_here, cy = others(kb, screen.room)  # Ann and Bo stay here
        cy.release()  # left: away, their commit kept
        await until(pilot, lambda: "Cy (away)" in screen_text(pilot), "Cy away")
        await until(pilot, lambda: "teaching-host.example.org" in screen_text(pilot), "the address")

    assert snap_compare(app(kb, tmp_path), terminal_size=size, run_before=run_before)


def test_who_committed_is_marked_plainly_on_a_linux_console(monkeypatch):
    from amltui.tui.widgets.room_tally import people_line

    assert people_line(["Ann", "Bo"], {"Ann"}).plain.split() == ["✓", "Ann", "·", "Bo"]
    monkeypatch.setenv("TERM", "linux")
    assert people_line(["Ann", "Bo"], {"Ann"}).plain.split() == ["+", "Ann", ".", "Bo"]


def test_a_long_name_is_cut_with_the_ellipsis_the_terminal_can_draw(monkeypatch):
    """The room's widgets cut names through present.shortened, whose mark is "..." on a Linux
    console (terminal_text.one_line's own "…" cannot follow amltui.glyphs: a layer apart)."""
    from amltui.tui import present
    from amltui.tui.widgets.room_tally import people_line

    monkeypatch.setattr(present, "ELLIPSIS", "...")  # as the app sets it on a Linux console
    line = people_line(["Bartholomew-Alexander Smythe"], set()).plain
    assert line.endswith("...") and "…" not in line and len(line) <= 2 + 20

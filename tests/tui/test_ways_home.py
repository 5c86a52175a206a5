"""A way home from every screen, and no key that does nothing (issue 12 #1 and #11)."""

from __future__ import annotations

import attrs

from amltui.sessions import SessionStore
from amltui.tui.app import AmlApp
from amltui.tui.messages import OpenSession, StartTraining
from amltui.tui.screens.not_shown import NotShownScreen
from amltui.tui.screens.replay import ReplayScreen
from amltui.tui.screens.start import StartScreen
from amltui.tui.screens.training import TrainingScreen
from tests.sessions.fixtures import record, relapse_session  # noqa: F401 (a fixture)
from tests.tui.conftest import TODAY, begin, resume, screen_text, until
from tests.tui.test_training import CASE, OTHER


def footer(pilot) -> str:
    return screen_text(pilot).rstrip("\n").splitlines()[-1]


async def test_h_goes_home_from_the_summary_and_the_palette_offers_it(kb, tmp_path):
    app = AmlApp(kb, today=TODAY, store=SessionStore(tmp_path / "sessions"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert not app.check_action("home", ()), "no Home on the start screen itself"
        assert app.new_session("Walk home")
        await resume(pilot, "1", "enter", disease_status="refractory")  # one answer recorded
        await until(pilot, lambda: "h Home" in footer(pilot), "h Home in the footer")
        assert "Home" in [command.title for command in app.get_system_commands(app.screen)]
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, StartScreen), "the start screen")
        await until(pilot, lambda: "Resume “Walk home”" in screen_text(pilot), "the walk offered for resume")
        assert app.recorder is None


async def test_back_is_hidden_on_the_first_question(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        assert app.screen.check_action("back", ()) is False
        await until(pilot, lambda: "a Answers" in footer(pilot), "the footer")
        assert "b Back" not in footer(pilot)
        await begin(pilot, "1", "enter")
        assert app.screen.check_action("back", ())


async def test_training_shows_what_is_not_shown_except_while_predicting(kb):
    app = AmlApp(attrs.evolve(kb, scenarios=(CASE, OTHER)), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(StartTraining(CASE.id))
        await until(pilot, lambda: isinstance(app.screen, TrainingScreen), "training")
        screen = app.screen
        assert screen.query_one("#training-story").border_subtitle == "Tab: read it all"
        screen.query_one("#training-story").focus()
        await until(pilot, lambda: screen.pane == "story", "the story's pane")
        assert screen.query_one("#training-story").border_subtitle == "Tab or Esc: back"
        await pilot.press("escape")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NotShownScreen), "the options not shown")
        await pilot.press("escape")
        await pilot.press("2", "enter")
        await until(pilot, lambda: screen.phase == "predict", "the prediction")
        assert screen.check_action("not_shown", ()) is False


async def test_replay_hides_drift_without_drift_and_comment_when_read_only(kb, relapse_session):  # noqa: F811
    app = AmlApp(kb, today=TODAY, opening=OpenSession("replay", relapse_session))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen), "the replay")
        await until(pilot, lambda: "? Help" in footer(pilot) and "h Home" in footer(pilot), "Help and Home in the footer")
        assert app.screen.check_action("next_drift", ()) is False and "d Drift" not in footer(pilot)
        assert app.screen.check_action("comment", ()) is False and "c Comment" not in footer(pilot)  # no store: read-only

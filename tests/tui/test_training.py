"""Training mode: the scenario list, a case walked with a mismatch and a prediction, the facilitator
notes, the summary, and the session it saves.

The cases are built here (not read from knowledge/scenarios), so the tests and snapshots follow
the questions and options alone. The story carries markup-like text, which must show literally.
"""

from __future__ import annotations

import re

import attrs
import pytest

from amltui.cli import main as cli
from amltui.knowledge.models import (
    Citation,
    KnowledgeBase,
    Note,
    Scenario,
    ScenarioStep,
)
from amltui.sessions import SessionStore
from amltui.sessions.training import summarise
from amltui.tui.app import AmlApp
from amltui.tui.messages import StartTraining
from amltui.tui.screens.replay import ReplayScreen
from amltui.tui.screens.scenarios import ScenariosScreen, first_sentence
from amltui.tui.screens.title_prompt import TitlePrompt
from amltui.tui.screens.training import TrainingScreen
from amltui.tui.screens.training_summary import TrainingSummaryScreen
from amltui.tui.widgets.facilitator_notes import FacilitatorNotes
from amltui.tui.widgets.prediction_picker import PredictionPicker
from tests.tui.conftest import TODAY, flat, screen_text, static_text, until

STORY = (
    "A 47-year-old office worker was diagnosed with AML four months ago. Two cycles of induction "
    "have not brought a remission [TODO] [/b] [@click=app.quit] [. A FLT3 mutation is new. She is "
    "fit, wants to aim for cure, has a matched brother, and lives in Germany."
)

CASE = Scenario(
    id="refractory-flt3",
    title="Refractory AML with a new FLT3 mutation",
    story=STORY,
    steps=(
        ScenarioStep(
            "disease_status",
            ("refractory",),
            (Note("Two cycles without a complete remission is refractory [TODO].", Citation("lls-rr", "Refractory AML")),),
        ),
        ScenarioStep("markers", ("flt3",), (Note("Test the markers again at relapse.", Citation("bcuk-rr", "Targeted therapies")),)),
        ScenarioStep("fitness", ("fit",)),
        ScenarioStep("goals", ("cure",)),
        ScenarioStep("donor", ("sibling",)),
        ScenarioStep("region", ("eu",)),
    ),
    facilitator=("Ask why remission length is not asked [b]here[/b].", "Show the options not shown."),
)

OTHER = Scenario(
    id="late-relapse",
    title="Late relapse in a fit adult",
    story="A 52-year-old man relapsed three years after remission. He is fit.",
    steps=(ScenarioStep("disease_status", ("relapsed",)), ScenarioStep("remission_length", ("over_12_months",))),
)


@pytest.fixture
def training_kb(kb: KnowledgeBase) -> KnowledgeBase:
    return attrs.evolve(kb, scenarios=(CASE, OTHER))


def training_app(kb: KnowledgeBase, store: SessionStore | None = None, opening=None) -> AmlApp:
    return AmlApp(kb, today=TODAY, store=store, opening=opening)


FRAME = str.maketrans(dict.fromkeys("│▊▎▁▂▃▄▅▆▇█", " "))


def seen(pilot) -> str:
    """The screen's text without panel frames and scroll bars, whitespace collapsed (so wrapped
    phrases read whole)."""
    return flat(screen_text(pilot).translate(FRAME))


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def into_the_case(pilot) -> None:
    """Start screen → scenario list → the first case, named as proposed (with a sessions folder)."""
    await pilot.pause()
    await press(pilot, "down", "down", "enter")  # Begin, Open, Training
    assert isinstance(pilot.app.screen, ScenariosScreen)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, TitlePrompt)
    assert "Name this training session" in screen_text(pilot)
    await press(pilot, "enter")  # "Training: <case title>"
    assert isinstance(pilot.app.screen, TrainingScreen)


async def mismatch_with_prediction(pilot) -> None:
    """Answer "Relapsed" (the case expects "Refractory"), predicting that the clinical trial and
    re-treatment with the first regimen appear: both wrongly expected, since every option waits for
    a question still to come (Goals, at least)."""
    await press(pilot, "1", "enter")
    picker = pilot.app.screen.query_one(PredictionPicker)
    assert picker.has_focus
    await press(pilot, "space", "down", "down", "space", "enter")


async def answer(pilot, *keys: str) -> None:
    """Answer with the keys, skip predicting, then go on from the feedback."""
    await press(pilot, *keys, "enter", "s")
    screen = pilot.app.screen
    assert isinstance(screen, TrainingScreen) and screen.phase == "reveal"
    await press(pilot, "enter")


# --- the scenario list -----------------------------------------------------------------------


def test_first_sentence():
    assert first_sentence("One. Two.") == "One."
    assert first_sentence("Aged 47, e.g. fit? Yes. More") == "Aged 47, e.g. fit?"
    assert first_sentence("No full stop") == "No full stop"


async def test_the_scenario_list_shows_title_first_sentence_and_steps(training_kb):
    app = training_app(training_kb)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Training: 2 case scenarios" in screen_text(pilot)
        await press(pilot, "down", "enter")  # no store: Begin, Training
        await until(pilot, lambda: "⏎ Start" in seen(pilot), "the scenario list's footer")
        text = seen(pilot)
        assert "Case scenarios (2)" in text
        assert "1. Refractory AML with a new FLT3 mutation" in text
        assert "6 steps · A 47-year-old office worker was diagnosed with AML four months ago." in text
        assert "2 steps · A 52-year-old man relapsed" in text
        assert "Two cycles of induction" not in text  # the full story only when wide
        assert "⏎ Start" in text and "esc Back" in text
        await press(pilot, "escape")
        assert not isinstance(app.screen, ScenariosScreen)


async def test_a_cases_second_line_and_every_wrapped_line_hang_under_its_title(kb):
    """The bundled 14 cases at 80 columns: "▶  1. Title", then "6 steps · ..." and its wrapped
    rest in the title's column (numbers right-aligned, so every title starts in one column)."""
    app = training_app(kb)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_train()
        await until(pilot, lambda: "⏎ Start" in seen(pilot), "the scenario list")
        rows = [line[2:] for line in screen_text(pilot).splitlines() if line.startswith("│ ")]
        titles = [row for row in rows if re.match(r"[▶ ] +\d+\. ", row)]
        assert len(titles) >= 4
        column = {re.match(r"[▶ ] +\d+\. ", row).end() for row in titles}
        assert column == {6}  # "▶  1. " and "  10. " alike
        body = [row for row in rows if row.strip() and row not in titles and row.strip() not in "▁▂▃▄▅▆▇█"]
        assert any(" steps · " in row for row in body)
        for row in body:
            text = row.rstrip(" ▁▂▃▄▅▆▇█│")
            assert text.startswith(" " * 6) and text[6] != " ", row


async def test_the_highlighted_story_is_shown_in_full_when_wide(training_kb):
    app = training_app(training_kb)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_train()
        await pilot.pause()
        assert "[TODO] [/b] [@click=app.quit] [." in seen(pilot)
        await press(pilot, "down")
        text = seen(pilot)
        assert "Case: Late relapse in a fit adult" in text and "He is fit." in text


# --- a whole case ----------------------------------------------------------------------------


async def test_a_case_with_a_mismatch_a_prediction_and_the_summary(training_kb, store):
    app = training_app(training_kb, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await into_the_case(pilot)
        screen = app.screen
        text = seen(pilot)
        assert "Case: Refractory AML with a new FLT3 mutation" in text
        assert "have not brought a remission [TODO] [/b] [@click=app.quit] [." in text  # literally
        assert "Training · Question 1: Disease status" in text
        assert "Facilitator notes" not in text, "hidden from learners by default"

        await mismatch_with_prediction(pilot)
        assert screen.phase == "reveal"
        text = seen(pilot)
        assert "✗ Your answer: Relapsed" in text
        assert "Expected: Refractory" in text
        assert "Prediction: 0 of 2 right" in text
        assert "✗ wrongly expected: Clinical trial" in text
        assert "✗ wrongly expected: Re-treatment with the first induction regimen" in text
        assert "e Case answer" in text and "k Keep mine" in text and "⏎ Next" not in text
        feedback = flat(str(screen.query_one("#feedback-text").content))
        assert "Teaching points (1)" in feedback
        assert "Two cycles without a complete remission is refractory [TODO]." in feedback
        assert "Refractory AML" in feedback  # the citation's place

        # The options panel, swapped in (narrow), says that the options wait.
        await press(pilot, "o")
        assert "28 options wait for answers still to" in screen_text(pilot)
        await press(pilot, "escape")

        await press(pilot, "f")
        text = seen(pilot)
        assert "Facilitator notes" in text
        assert "Ask why remission length is not asked [b]here[/b]." in text
        await press(pilot, "f")
        assert "Facilitator notes" not in screen_text(pilot)

        await press(pilot, "e")  # continue with the case's answer
        assert app.walk.answers["disease_status"] == frozenset({"refractory"})
        assert screen.phase == "answer" and app.walk.asking.id == "markers"

        await answer(pilot, "1")  # FLT3 (ticked by its number)
        await answer(pilot, "1")  # fit
        await answer(pilot, "1")  # cure
        await answer(pilot, "1")  # sibling
        await press(pilot, "2", "enter", "s")  # EU: the last question
        assert app.walk.complete
        assert "✓ Your answer: European Union (EMA) (as the case expects)" in seen(pilot)
        assert "⏎ Summary" in screen_text(pilot)
        await press(pilot, "enter")

        assert isinstance(app.screen, TrainingSummaryScreen)
        text = seen(pilot)
        assert "Answers matched: 5 of 6" in text
        assert "✗ 1. Disease status: Relapsed expected: Refractory (case answer applied)" in text
        assert "✓ 2. Genetic markers: FLT3 mutation" in text
        summary = flat(str(app.screen.query_one("#training-summary Static").content))
        assert "Prediction score: 0 of 2 right, over 1 prediction (5 skipped)" in summary
        assert "Teaching points met (2)" in summary
        assert "Test the markers again at relapse." in summary

        [listing] = store.listing()
        saved = store.load(listing.path)
        assert (saved.mode, saved.scenario, saved.finished) == ("training", CASE.id, True)
        assert saved.title == "Training: Refractory AML with a new FLT3 mutation"
        assert [(s.question, s.answers, s.predicted) for s in saved.steps[:3]] == [
            ("disease_status", ("relapsed",), ("clinical-trials", "retreat-first-induction")),
            ("disease_status", ("refractory",), None),
            ("markers", ("flt3",), None),
        ]
        assert summarise(saved, CASE, training_kb) == summarise(app.screen.session, CASE, training_kb)

        await press(pilot, "enter")  # done: back to the start
        assert len(app.screen_stack) == 1

        # The replay of the saved training session: the case's answer beside the learner's.
        app.push_screen(ReplayScreen(saved, store))
        await pilot.pause()
        step = static_text(pilot, "#replay-step-text")
        assert "Answer: Relapsed ✗ Expected: Refractory (different) Prediction: 0 of 2 right" in step
        assert "s shows the training summary" in step
        await press(pilot, "right")
        assert "Training: the case's expected answer, applied after the learner's" in static_text(pilot, "#replay-step-text")
        await press(pilot, "right")
        step = static_text(pilot, "#replay-step-text")
        assert "Answer: FLT3 mutation ✓ Expected: FLT3 mutation (matched) Prediction: skipped" in step
        await press(pilot, "s")
        assert isinstance(app.screen, TrainingSummaryScreen)
        assert "Answers matched: 5 of 6" in seen(pilot) and "⏎ Done" not in screen_text(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, ReplayScreen)


async def test_the_replay_of_another_session_has_no_training_summary(training_kb, relapse_session):
    app = training_app(training_kb)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ReplayScreen(relapse_session, None))
        await pilot.pause()
        step = static_text(pilot, "#replay-step-text")
        assert "Expected" not in step and "training summary" not in step
        await press(pilot, "s")
        assert isinstance(app.screen, ReplayScreen)


async def test_keeping_a_different_answer_leaves_the_case(training_kb):
    app = training_app(training_kb)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(StartTraining(CASE.id))
        await pilot.pause()
        await press(pilot, "1", "enter", "s", "k")  # relapsed, kept
        assert app.walk.asking.id == "remission_length"
        await press(pilot, "1", "enter", "enter")  # predicting nothing changes
        text = seen(pilot)
        assert "· Your answer: More than 12 months" in text
        assert "The case has no expected answer for this question: your walk has left the case." in text
        assert "Prediction: 1 of 1 right no option changed, as you predicted" in text
        assert "⏎ Next" in text


async def test_what_if_is_offered_read_only(training_kb):
    app = training_app(training_kb)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(StartTraining(CASE.id))
        await pilot.pause()
        await press(pilot, "w")
        assert isinstance(app.screen, TrainingScreen), "nothing answered yet"
        await press(pilot, "2", "enter", "s")
        # The undated source's "date unknown, may be outdated" mark takes a line: the hint is the
        # feedback's last line, below the fold at 80x24, so read the feedback itself.
        assert "w: what another answer to an earlier question would change" in static_text(pilot, "#feedback-text")
        await press(pilot, "w")
        assert type(app.screen).__name__ == "WhatIfScreen" and not app.screen.can_apply
        await press(pilot, "escape")
        assert isinstance(app.screen, TrainingScreen)


async def test_escape_goes_back_from_predicting_and_leaves_from_a_question(training_kb):
    app = training_app(training_kb)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(StartTraining(CASE.id))
        await pilot.pause()
        screen = app.screen
        await press(pilot, "2", "enter")
        assert screen.phase == "predict"
        await press(pilot, "escape")
        assert screen.phase == "answer" and app.walk.answers == {}
        await press(pilot, "escape")
        assert len(app.screen_stack) == 1


async def test_tab_into_the_story_gives_it_the_screen(training_kb):
    app = training_app(training_kb)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(StartTraining(CASE.id))
        await pilot.pause()
        app.screen.query_one("#training-story").focus()
        await pilot.pause()
        text = seen(pilot)
        assert "lives in Germany." in text and "esc Back" in text
        await press(pilot, "escape")
        assert app.screen.query_one("AnswerChoices").has_focus


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_long_facilitator_notes_are_read_in_full_with_the_keys(kb, size):
    """The bundled first case's seven notes overflow their few lines: a scroll bar shows there is
    more, Tab gives them the room, and the arrow keys (End, Home) reach the last and first words."""
    scenario = kb.scenario("01-refractory-flt3")
    app = training_app(kb)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.post_message(StartTraining(scenario.id))
        await until(pilot, lambda: isinstance(app.screen, TrainingScreen), "the case")
        await press(pilot, "f")
        notes = app.screen.query_one(FacilitatorNotes)
        await until(pilot, lambda: notes.region.height > 0, "the notes shown")
        assert notes.max_scroll_y > 0 and notes.show_vertical_scrollbar  # more than fits, and it shows
        for _ in range(4):  # the story, then the notes
            if app.screen.pane == "facilitator":
                break
            await press(pilot, "tab")
        assert app.screen.pane == "facilitator" and notes.has_focus
        assert "↑↓ scroll · Tab or Esc: back · f hides" in screen_text(pilot)
        # A note's wrapped lines hang under its text, past the "• ".
        box = screen_text(pilot).splitlines()[notes.region.y : notes.region.bottom]
        rows = [r for r in box if r.startswith("│ ")]
        assert any(r.startswith("│ • ") for r in rows) and not any(r[2:3].isalpha() for r in rows), rows
        last = " ".join(scenario.facilitator[-1].split()[-4:])
        first = " ".join(scenario.facilitator[0].split()[:4])
        await press(pilot, "end")
        await until(pilot, lambda: last in seen(pilot), "the last words of the last note")
        await press(pilot, "home")
        await until(pilot, lambda: first in seen(pilot), "the first words")
        await press(pilot, "escape")
        assert app.screen.pane == "main" and app.screen.query_one("AnswerChoices").has_focus


async def test_opening_with_a_case_or_the_list(training_kb):
    app = training_app(training_kb, opening=StartTraining(OTHER.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TrainingScreen) and app.screen.scenario.id == OTHER.id
    app = training_app(training_kb, opening=StartTraining(None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScenariosScreen)


def test_train_with_an_unknown_scenario_exits_2_before_the_app(capsys):
    assert cli.main(["train", "01-refractory-flt4"]) == 2
    err = capsys.readouterr().err
    assert "unknown scenario '01-refractory-flt4' (did you mean '01-refractory-flt3'?)" in err


# --- snapshots (80x24, checked by eye) -------------------------------------------------------


async def _still(pilot) -> None:
    await pilot.pause()


def test_snapshot_scenario_list(snap_compare, training_kb):
    assert snap_compare(training_app(training_kb), terminal_size=(80, 24), press=["down", "enter"], run_before=_still)


def test_snapshot_reveal(snap_compare, training_kb):
    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.post_message(StartTraining(CASE.id))
        await pilot.pause()
        await mismatch_with_prediction(pilot)

    assert snap_compare(training_app(training_kb), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_summary(snap_compare, training_kb):
    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.post_message(StartTraining(CASE.id))
        await pilot.pause()
        await mismatch_with_prediction(pilot)
        await press(pilot, "e")
        for key in ("1", "1", "1", "1"):
            await answer(pilot, key)
        await press(pilot, "2", "enter", "s", "enter")

    assert snap_compare(training_app(training_kb), terminal_size=(80, 24), run_before=run_before)


# --- for the replay of a training session ----------------------------------------------------


def test_replay_lines_put_the_expected_answer_beside_the_learners(training_kb):
    from amltui import engine
    from amltui.sessions import Session
    from amltui.tui.widgets.training_feedback import replay_lines

    def answered(session, question, answers, predicted=None):
        change = engine.answer(training_kb, session.answers, question, answers)
        return session.with_step(question, answers, engine.shown_ids(training_kb, change.answers), change.dropped, predicted=predicted)

    session = Session.new("Training", training_kb.version, training_kb.digest, mode="training", scenario=CASE.id)
    session = answered(session, "disease_status", ("relapsed",), predicted=("clinical-trials",))
    session = answered(session, "disease_status", ("refractory",))
    session = answered(session, "markers", ("flt3",))
    first, applied, third = (" / ".join(str(line) for line in replay_lines(training_kb, session, s)) for s in session.steps)
    assert first.startswith("✗ Expected: Refractory  (different) / Prediction: 0 of 1 right")
    assert "applied after the learner's" in applied
    assert third == "✓ Expected: FLT3 mutation  (matched) / Prediction: skipped (not scored) / s shows the training summary"
    explore = attrs.evolve(session, mode="explore")
    assert replay_lines(training_kb, explore, session.steps[0]) == []


async def test_a_training_session_resumes_as_training_with_its_earlier_steps(training_kb, store):
    app = training_app(training_kb, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await into_the_case(pilot)
        await answer(pilot, "2")  # refractory, as the case expects
        await answer(pilot, "1")  # FLT3
    [listing] = store.listing()
    assert listing.summary.mode == "training" and not listing.summary.finished

    again = training_app(training_kb, store)
    async with again.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "Resume “Training: Refractory" in seen(pilot)
        await press(pilot, "enter")
        screen = again.screen
        assert isinstance(screen, TrainingScreen) and screen.scenario.id == CASE.id
        assert again.walk.asking.id == "fitness"
        assert "Case: Refractory AML with a new FLT3 mutation" in seen(pilot)
        assert len(screen.session.steps) == 2  # the summary will count the earlier answers
        await answer(pilot, "1")  # fit
        saved = store.load(listing.path)
        assert [s.question for s in saved.steps] == ["disease_status", "markers", "fitness"]


async def test_leaving_a_case_offers_it_for_resume_on_the_start_screen(training_kb, store):
    app = training_app(training_kb, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await into_the_case(pilot)
        await answer(pilot, "2")  # refractory
        await press(pilot, "escape")  # leave the case
        assert "Resume “Training: Refractory" in seen(pilot)
        assert app.recorder is None  # no longer held, so it can be resumed here
        await press(pilot, "enter")
        assert isinstance(app.screen, TrainingScreen) and app.walk.asking.id == "markers"

"""80x24 and 120x40, resizing, no colour, themes, the disclaimer everywhere, and bindings."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from textual.binding import Binding

import amltui.tui
from amltui.tui.app import AmlApp
from amltui.tui.widgets.answer_choices import AnswerChoices
from amltui.tui.widgets.answered_list import AnsweredList
from amltui.tui.widgets.disclaimer import DisclaimerBar, fitting, sentences
from amltui.tui.widgets.option_notes import OptionNotes
from amltui.tui.widgets.options_list import OptionsList
from tests.tui.conftest import TODAY, begin, resume, screen_text, static_text, until


def visible(pilot, widget_type) -> bool:
    widget = pilot.app.screen.query_one(widget_type)
    return widget.display and widget.region.area > 0


async def test_narrow_shows_one_pane_at_a_time(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "1", "enter")
        assert app.screen.has_class("-narrow")
        assert visible(pilot, AnswerChoices)
        assert not visible(pilot, OptionsList) and not visible(pilot, AnsweredList)
        await pilot.press("o")
        await pilot.pause()
        assert visible(pilot, OptionsList) and visible(pilot, OptionNotes)
        assert not visible(pilot, AnswerChoices)
        assert app.focused is app.screen.query_one(OptionsList)
        assert "esc Question" in screen_text(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert visible(pilot, AnsweredList) and not visible(pilot, OptionsList)
        await pilot.press("escape")
        await pilot.pause()
        assert visible(pilot, AnswerChoices) and app.focused is app.screen.query_one(AnswerChoices)


async def test_wide_shows_everything_at_once(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await begin(pilot, "1", "enter")
        assert app.screen.has_class("-wide")
        for widget in (AnswerChoices, OptionsList, OptionNotes, AnsweredList):
            assert visible(pilot, widget), widget
        choices = app.screen.query_one(AnswerChoices).region
        options = app.screen.query_one(OptionsList).region
        assert options.x >= choices.right, "options beside the question"


async def test_resizing_while_running_keeps_working(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await begin(pilot, "1", "enter", "o")
        assert visible(pilot, AnswerChoices) and app.focused is app.screen.query_one(OptionsList)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        assert visible(pilot, OptionsList) and not visible(pilot, AnswerChoices)
        await pilot.press("escape", "3", "enter")
        await pilot.pause()
        assert app.walk.answers["remission_length"] == frozenset({"unknown"})
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.screen.has_class("-wide")
        assert visible(pilot, OptionsList) and visible(pilot, AnswerChoices)


async def test_readable_without_colour(make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await begin(pilot, "2", "enter", "down", "space")
        text = screen_text(pilot)
        assert "▶ 2 [x] IDH1 mutation" in text, "cursor and tick are text, not colour"
        await resume(pilot, "2", "enter", disease_status="refractory", markers="idh1", fitness="unfit")
        # The line of changes may sit below the fold at 80x24: read it.
        assert "+ new: Clinical trial" in static_text(pilot, "#changes")
        await pilot.press("o")
        await until(pilot, lambda: "Status: Standard approach" in screen_text(pilot), "the notes of the highlighted option")
        text = screen_text(pilot)
        assert "▶ + Clinical trial" in text
        assert "standard · + new" in text


async def test_theme_switching_restyles_the_app(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot)
        bar = app.screen.query_one("DisclaimerBar")
        dark = bar.styles.background
        app.theme = "textual-light"
        await pilot.pause()
        assert bar.styles.background != dark
        assert "Disease status" in screen_text(pilot)


def bar_text(pilot) -> str:
    """The disclaimer bar's lines as drawn, joined."""
    bar = pilot.app.screen.query_one(DisclaimerBar)
    rows = screen_text(pilot).splitlines()[bar.region.y : bar.region.bottom]
    return " ".join(row.strip() for row in rows)


#: From the start screen: the title prompt, a walk, the tree, glossary, options not shown, help,
#: what-if; then home (Resume now first), the training list, a case named, with the trainer's notes.
SCREENS = (("enter",), ("enter",), ("1", "enter", "t"), ("escape", "g"), ("escape", "n"), ("escape", "question_mark"),
           ("escape", "w"), ("escape", "h"), ("down", "down", "down", "enter"), ("enter",), ("enter",), ("f",))


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)], ids=["60x20", "80x24", "120x40"])
async def test_the_disclaimer_is_on_every_screen_and_always_whole(make_app, kb, store, size):
    """Whole sentences only, never cut: at 120 columns the whole text in two lines; narrower, the
    first and last sentences (the middle one is on the start screen and in the help)."""
    app = AmlApp(kb, today=TODAY, store=store)
    width, height = size
    first, *_, last = sentences(kb.disclaimer)
    visited: list[str] = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for keys in SCREENS:
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            screen = type(app.screen).__name__
            visited.append(screen)
            await until(pilot, lambda: any(b.size.width for b in app.screen.query(DisclaimerBar)), f"the bar on {screen}")
            bar = app.screen.query_one(DisclaimerBar)
            said = bar_text(pilot)  # the screen read once: a screenshot is the slow part
            assert said == "! " + fitting(kb.disclaimer, bar.size.width), (screen, said)
            assert first in said and last in said and not said.endswith("…"), (screen, said)
            assert all(part in kb.disclaimer for part in sentences(said[2:])), (screen, said)
            assert 1 <= bar.region.height <= 2 and bar.region.bottom <= height and bar.region.right <= width, screen
            if width >= 120:
                assert said == "! " + " ".join(kb.disclaimer.split()), screen  # all of it
        assert visited == ["TitlePrompt", "QuestionnaireScreen", "TreeScreen", "GlossaryScreen", "NotShownScreen", "HelpScreen",
                           "WhatIfScreen", "StartScreen", "ScenariosScreen", "TitlePrompt", "TrainingScreen", "TrainingScreen"], visited


def test_the_disclaimer_keeps_whole_sentences_first_and_last_first():
    text = "One two three. Four five six seven. Eight nine."
    assert fitting(text, 60) == text
    assert fitting(text, 20) == "One two three. Eight nine."
    assert fitting(text, 12) == "One two three."
    assert fitting("A long first sentence that cannot fit. B.", 12, lines=1) == "A long…"


def all_bindings() -> list[tuple[str, Binding]]:
    found: list[tuple[str, Binding]] = []
    for info in pkgutil.walk_packages(amltui.tui.__path__, "amltui.tui."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__ and "BINDINGS" in vars(value):
                found += [(name, b) for b in value.BINDINGS]
    return found


def test_every_binding_has_an_id_and_a_tooltip():
    bindings = all_bindings()
    assert len(bindings) > 20
    for owner, binding in bindings:
        assert isinstance(binding, Binding), owner
        assert binding.id, f"{owner}: {binding.key} has no id"
        assert binding.tooltip, f"{owner}: {binding.key} has no tooltip"
    ids = [b.id for _, b in bindings]
    assert len(ids) == len(set(ids)), "binding ids are unique"


async def test_footer_shows_the_questionnaire_keys_at_80_columns(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "2", "enter")  # a several-answer question: the widest footer
        footer = screen_text(pilot).splitlines()[-1]
        for key in ("⏎ Confirm", "␣ Tick", "b Back", "a Answers", "o Options", "h Home", "t Tree", "? Help", "^p Palette"):
            assert key in footer
        assert "(g: glossary)" in static_text(pilot, "#why"), "g, left out of the footer, is named under the question's terms"

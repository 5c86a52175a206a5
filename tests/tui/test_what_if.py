"""The what-if view: try another answer, see what would appear and go, apply it or leave it."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from amltui.tui.messages import AnswerChanged
from amltui.tui.screens.questionnaire import QuestionnaireScreen
from amltui.tui.screens.what_if import AlternativeChoices, WhatIfScreen
from amltui.tui.widgets.what_if_questions import WhatIfQuestions
from amltui.tui.widgets.what_if_result import WhatIfResult
from tests.answers import FULL
from tests.tui.conftest import flat, given, resume, screen_text, until
from tests.tui.test_markup import NASTY, nasty_kb  # noqa: F401 (a fixture)
from tests.tui.test_snapshots import app as snapshot_app
from tests.tui.test_snapshots import still


def pane_text(pilot, selector: str) -> str:
    """Everything in one part of the difference (including what is scrolled out of view), flat."""
    part = pilot.app.screen.query_one(selector)
    statics = [part] if isinstance(part, Static) else list(part.query(Static))
    return flat(" ".join(str(s.content) for s in statics))


async def pick(pilot, question_id: str) -> None:
    """In the what-if's list of questions, move to one and press Enter."""
    questions = pilot.app.screen.query_one(WhatIfQuestions)
    questions.highlighted = questions.get_option_index(question_id)
    await pilot.press("enter")
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def compare(pilot, question_id: str, *keys: str) -> None:
    """Open the what-if with w, pick a question, then the keys (ending with enter to compare)."""
    await press(pilot, "w")
    assert isinstance(pilot.app.screen, WhatIfScreen)
    await pick(pilot, question_id)
    await press(pilot, *keys)


async def test_w_opens_it_with_the_answers_so_far_at_the_last_answer(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, **{k: v for k, v in FULL.items() if k != "region"})
        await press(pilot, "1", "enter")  # answer the region by key: it is the last answer
        await press(pilot, "w")
        assert isinstance(app.screen, WhatIfScreen)
        await until(pilot, lambda: "⏎ Try another" in screen_text(pilot), "the what-if footer")
        text = screen_text(pilot)
        assert "Pick an answer (Enter) to try another. Nothing changes unless you apply it." in text
        assert "✓ 4. Genetic markers: FLT3 mutation" in text
        assert "✓ 8. Region: United States (FDA)" in text
        assert app.screen.query_one(WhatIfQuestions).highlighted_option.id == "region"
        assert "⏎ Try another" in text and "esc Close" in text


async def test_side_by_side_when_wide_and_escape_changes_nothing(make_app):
    app = make_app()
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await resume(pilot, **FULL)
        before = dict(app.walk.answers)
        await compare(pilot, "markers", "space", "down", "space", "enter")  # untick FLT3, tick IDH1
        text = screen_text(pilot)
        assert "What if Genetic markers: IDH1 mutation?" in text
        assert "Now: FLT3 mutation" in text
        assert "+2 would appear · -2 would go · 13 stay" in text
        assert any("Would appear (2)" in line and "Would go (2)" in line for line in text.splitlines()), "side by side"
        appear = pane_text(pilot, "#what-if-appear")
        assert appear.startswith("+ Ivosidenib (Tibsovo) approved targeted · + new United States (FDA): Approved by the FDA")
        assert "shown for: Genetic markers: IDH1 mutation; Goals: Aim for cure" in appear
        go = pane_text(pilot, "#what-if-go")
        assert go == (
            "- Gilteritinib (Xospata) approved targeted · - gone no longer: Genetic markers: FLT3 mutation"
            " - Azacitidine or decitabine with sorafenib listed · - gone no longer: Genetic markers: FLT3 mutation"
        )
        assert "None: every later answer still applies." in text
        assert "a Apply" in text.splitlines()[-1]
        await press(pilot, "escape")
        assert app.screen.query_one(AlternativeChoices).ticked == {"idh1"}, "the alternative is kept to adjust"
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert dict(app.walk.answers) == before
        assert not [m for m in messages if isinstance(m, AnswerChanged)]


async def test_narrow_stacks_the_panes_and_scrolls_to_the_end(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, **FULL)
        await compare(pilot, "disease_status", "down", "enter")  # refractory
        text = screen_text(pilot)
        assert "What if Disease status: Refractory?" in text
        assert not any("Would appear" in line and "Would go" in line for line in text.splitlines())
        result = app.screen.query_one(WhatIfResult)
        assert result.has_focus
        await press(pilot, "end")
        flat_text = flat(screen_text(pilot))
        assert "- Re-treatment with the first induction regimen (such as 7+3)" in flat_text
        assert "no longer: Disease status: Relapsed; First remission: More than 12 months" in pane_text(pilot, "#what-if-go")
        assert "Later answers that would be dropped" in flat_text and "New questions that would be asked" in flat_text
        assert pane_text(pilot, "#what-if-later") == (
            "Later answers that would be dropped - First remission: More than 12 months"
            " - Previous transplant: No allogeneic transplant New questions that would be asked None."
        )


async def test_new_questions_that_would_be_asked(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, disease_status="refractory", markers="none_found")
        await compare(pilot, "disease_status", "up", "enter")  # relapsed
        text = flat(screen_text(pilot))
        assert "? First remission: How long did the first remission last" in text
        assert "? Previous transplant:" in text


async def test_apply_commits_through_the_normal_path(make_app):
    app = make_app()
    messages: list = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await resume(pilot, **FULL)
        await compare(pilot, "markers", "2", "1", "enter")  # tick IDH1, untick FLT3
        await press(pilot, "a")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.walk.answers["markers"] == frozenset({"idh1"})
        changed = [m for m in messages if isinstance(m, AnswerChanged)]
        assert [(m.question_id, m.change.dropped) for m in changed] == [("markers", ())]
        assert app.walk.changes.appeared == ("ivosidenib", "olutasidenib")


async def test_apply_asks_once_more_when_later_answers_would_be_dropped(make_app):
    app = make_app()
    messages: list = []
    async with app.run_test(size=(80, 24), message_hook=messages.append, notifications=True) as pilot:
        await resume(pilot, **FULL)
        await compare(pilot, "goals", "down", "enter")  # control: the donor question goes
        await press(pilot, "a")
        assert isinstance(app.screen, WhatIfScreen)
        assert "Later answers would be dropped: Donor. Press a again to apply, Escape to keep" in flat(screen_text(pilot))
        await press(pilot, "escape")  # cancels the confirmation only
        assert isinstance(app.screen, WhatIfScreen) and app.screen.level == "result"
        assert "Press a again" not in screen_text(pilot)
        assert "donor" in app.walk.answers
        await press(pilot, "a", "a")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.walk.answers["goals"] == frozenset({"control"})
        assert "donor" not in app.walk.answers
        changed = [m for m in messages if isinstance(m, AnswerChanged)]
        assert [(m.question_id, m.change.dropped) for m in changed] == [("goals", ("donor",))]
        notes = [(n.title, n.message) for n in app._notifications]
        assert ("Later answers dropped", "No longer apply, so dropped: Donor") in notes


async def test_the_same_answer_says_no_change_and_an_empty_one_is_refused(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, **FULL)
        await compare(pilot, "markers", "enter")
        assert app.screen.level == "answers"
        assert "No change: “FLT3 mutation” is the current answer. Choose another to compare." in screen_text(pilot)
        await press(pilot, "down")
        assert "No change" not in screen_text(pilot)
        await press(pilot, "up", "space", "enter")  # nothing ticked
        assert "Not possible: choose at least one answer" in screen_text(pilot)
        assert app.screen.level == "answers"


async def test_an_answer_that_stands_alone_clears_the_others(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, **{**FULL, "markers": "flt3,idh2"})
        await compare(pilot, "markers", "6", "enter")  # "None of the listed markers found"
        assert app.screen.result.alternative == frozenset({"none_found"})
        text = flat(screen_text(pilot))
        assert "What if Genetic markers: None of the listed markers found?" in text
        assert "Now: FLT3 mutation, IDH2 mutation" in text
        assert "- Enasidenib (Idhifa)" in pane_text(pilot, "#what-if-go")


async def test_the_next_question_can_be_tried_too(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, disease_status="refractory", markers="flt3", fitness="unfit")
        await compare(pilot, "goals", "down", "enter")  # control and quality of life
        assert "Now: not answered yet" in flat(screen_text(pilot))
        # The options that waited for Goals would appear.
        assert pane_text(pilot, "#what-if-appear").startswith("+ Clinical trial")
        assert "+ Gilteritinib (Xospata)" in pane_text(pilot, "#what-if-appear")


async def test_read_only_from_any_answers_hides_apply(make_app):
    """As replay will use it: answers that are not the app's walk, and no way to change them."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(WhatIfScreen(given(**FULL), can_apply=False, question_id="markers"))
        await pilot.pause()
        assert "Read-only: nothing changes." in screen_text(pilot)
        await press(pilot, "enter", "2", "enter")  # tick IDH1 as well
        text = screen_text(pilot)
        assert "Read-only: this session is not changed." in text
        assert "a Apply" not in text.splitlines()[-1]
        await press(pilot, "a")
        assert isinstance(app.screen, WhatIfScreen)
        assert app.walk.answers == {}
        await press(pilot, "escape", "escape", "escape")
        assert not isinstance(app.screen, WhatIfScreen)


async def test_knowledge_text_is_shown_literally(nasty_kb, make_app):  # noqa: F811
    app = make_app(nasty_kb)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, **FULL)
        await press(pilot, "w")
        questions = app.screen.query_one(WhatIfQuestions)
        assert f"1. Status {NASTY}: Relapsed {NASTY}" in str(questions.get_option("disease_status").prompt)
        await pick(pilot, "disease_status")
        await press(pilot, "down", "enter")
        text = flat(screen_text(pilot))
        assert isinstance(app.screen, WhatIfScreen)
        assert f"What if Status {NASTY}: Refractory?" in text
        assert f"Now: Relapsed {NASTY}" in text
        assert f"no longer: Status {NASTY}: Relapsed {NASTY}; First remission" in pane_text(pilot, "#what-if-go")


# --- snapshots (checked by eye) --------------------------------------------------------------

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def with_full_answers(pilot) -> None:
    pilot.app.begin(given(**FULL))
    await still(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_questions(snap_compare, size):
    assert snap_compare(snapshot_app(), terminal_size=size, press=["w"], run_before=with_full_answers)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_markers_flt3_to_idh1(snap_compare, size):
    keys = ["w", "down", "down", "down", "enter", "1", "2", "enter"]  # markers: FLT3 off, IDH1 on
    assert snap_compare(snapshot_app(), terminal_size=size, press=keys, run_before=with_full_answers)


def test_snapshot_confirm_dropping_80x24(snap_compare):
    keys = ["w", *["down"] * 5, "enter", "down", "enter", "a"]  # goals: control drops the donor
    assert snap_compare(snapshot_app(), terminal_size=(80, 24), press=keys, run_before=with_full_answers)


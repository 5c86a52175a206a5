"""The compare screen: answers that differ side by side in question order, options only in one or
the other, names from today's knowledge base, and ids it no longer has said so."""

from __future__ import annotations

import pytest
from attrs import evolve

from amltui.knowledge import load_knowledge
from amltui.locations import bundled_knowledge
from amltui.sessions import Session, Step
from amltui.tui.app import AmlApp
from amltui.tui.screens.compare import CompareScreen
from tests.tui.conftest import TODAY, flat, screen_text
from tests.tui.test_replay import MOMENT, NASTY, walked

FIRST = [
    ("disease_status", "relapsed"),
    ("remission_length", "over_12_months"),
    ("prior_transplant", "none"),
    ("markers", "flt3"),
    ("fitness", "unfit"),
    ("goals", "control"),  # the options wait for Goals
]
SECOND = [
    ("disease_status", "relapsed"),
    ("remission_length", "up_to_12_months"),
    ("prior_transplant", "none"),
    ("markers", "idh1"),
    ("fitness", "unfit"),
    ("goals", "control"),
]


async def open_compare(pilot, first: Session, second: Session) -> None:
    await pilot.pause()
    await pilot.app.push_screen(CompareScreen(first, second))
    await pilot.pause()


def body(pilot) -> str:
    """Every line of the compare body (including what is scrolled out of view)."""
    return flat(" | ".join(str(w.content) for w in pilot.app.screen.query("#compare-body Static")))


async def test_differing_answers_side_by_side_and_options_only_in_one(make_app, kb):
    first, second = walked(kb, "Case A", FIRST), walked(kb, "Case B", SECOND)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_compare(pilot, first, second)
        text = body(pilot)
        assert "Answers that differ (2) · 4 the same in both" in text
        # Question order, one row each: question | A | B.
        assert "First remission | More than 12 months | 12 months or less | Genetic markers | FLT3 mutation | IDH1 mutation" in text
        assert "Disease status" not in text  # the same in both
        assert "Only in A (2) | Only in B (2)" in text
        assert "• Gilteritinib (Xospata)" in text and "• Ivosidenib (Tibsovo)" in text
        screen = flat(screen_text(pilot))
        assert "A: Case A · 6 steps · knowledge base" in screen
        assert "B: Case B · 6 steps" in screen
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, CompareScreen)


async def test_a_question_answered_in_one_only_and_ids_no_longer_known(make_app, kb):
    first = walked(kb, "Case A", FIRST)
    second = walked(kb, "Case B", FIRST[:2])
    extra = Step(3, MOMENT, "old_question", ("yes",), (*second.steps[-1].shown, "old-drug"))
    second = evolve(second, steps=(*second.steps, extra))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_compare(pilot, first, second)
        text = body(pilot)
        assert "Previous transplant | No allogeneic transplant | not answered" in text
        assert "old_question (question no longer in the knowledge base) | not answered | yes" in text
        assert "• old-drug (no longer in the knowledge base)" in text


async def test_a_question_one_session_skips_is_not_asked_not_unanswered(make_app, kb):
    refractory = walked(kb, "Case B", [("disease_status", "refractory")])
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_compare(pilot, walked(kb, "Case A", FIRST), refractory)
        text = body(pilot)
        assert "First remission | More than 12 months | not asked" in text  # refractory: never put to them
        assert "Fitness | Not fit for intensive treatment | not answered" in text  # asked, not reached


async def test_the_same_sessions_are_said_to_be_the_same(make_app, kb):
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_compare(pilot, walked(kb, "Case A", FIRST), walked(kb, "Case A again", FIRST))
        text = body(pilot)
        assert "Both sessions end with the same answers and the same options." in text
        assert "Only in A (0) | Only in B (0) | none | none" in text


async def test_titles_show_literally(make_app, kb):
    first = walked(kb, f"A {NASTY} \x1b[31m", FIRST)
    async with make_app().run_test(size=(160, 40)) as pilot:
        await open_compare(pilot, first, walked(kb, "B", SECOND))
        screen = flat(screen_text(pilot))
        assert f"A: A {NASTY} \\x1b[31m" in screen
        assert "\x1b" not in screen_text(pilot)
        assert pilot.app.is_running


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")])
def test_snapshot_compare(snap_compare, size):
    kb = load_knowledge(bundled_knowledge())
    first = walked(kb, "Teaching case A", FIRST)
    second = walked(kb, "Teaching case B", [*SECOND, ("fitness", "fit")])
    second = evolve(second, knowledge_version="2025.1", knowledge_digest="older")

    async def run_before(pilot) -> None:
        await open_compare(pilot, first, second)

    assert snap_compare(AmlApp(kb, today=TODAY), terminal_size=size, run_before=run_before)

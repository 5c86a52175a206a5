"""What the main screens look like at 80x24 and 120x40 (SVGs in __snapshots__, checked by eye).

Deterministic: the app's date is fixed (possibly-outdated marks), there is no clock, and the
search box's cursor does not blink.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from amltui.knowledge import load_knowledge
from amltui.locations import bundled_knowledge
from amltui.tui.app import AmlApp
from tests.tui.conftest import TODAY, given

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

#: Relapsed, remission over 12 months, no transplant, FLT3 and IDH1, fit, aim for cure; then the
#: donor question answered by key (sibling), so the last question (region) is on screen with most
#: options shown and what the donor answer changed.
LATE_ANSWERS = {
    "disease_status": "relapsed",
    "remission_length": "over_12_months",
    "prior_transplant": "none",
    "markers": "flt3,idh1",
    "fitness": "fit",
    "goals": "cure",
}
LATE = ["1", "enter"]


def app() -> AmlApp:
    return AmlApp(load_knowledge(bundled_knowledge()), today=TODAY)


async def still(pilot) -> None:
    for search in pilot.app.screen.query(Input):
        search.cursor_blink = False
    await pilot.pause()


async def late(pilot) -> None:
    """Resume with the earlier answers given (as a saved session would), then answer by key."""
    pilot.app.begin(given(**LATE_ANSWERS))
    await still(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_start(snap_compare, size):
    assert snap_compare(app(), terminal_size=size, run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_questionnaire_early(snap_compare, size):
    assert snap_compare(app(), terminal_size=size, press=["enter", "1", "enter"], run_before=still)


@pytest.mark.parametrize("size", SIZES)
def test_questionnaire_late(snap_compare, size):
    assert snap_compare(app(), terminal_size=size, press=LATE, run_before=late)


def test_questionnaire_options_pane_80x24(snap_compare):
    assert snap_compare(app(), terminal_size=(80, 24), press=[*LATE, "o"], run_before=late)


@pytest.mark.parametrize("size", SIZES)
def test_tree(snap_compare, size):
    assert snap_compare(app(), terminal_size=size, press=[*LATE, "t"], run_before=late)


@pytest.mark.parametrize("size", SIZES)
def test_glossary(snap_compare, size):
    assert snap_compare(app(), terminal_size=size, press=["enter", "1", "enter", "1", "enter", "g"], run_before=still)

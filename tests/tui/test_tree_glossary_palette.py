"""The decision tree, the glossary and the command palette."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.notifications import Notify
from textual.widgets import Input

from amltui.tui.messages import ReopenQuestion
from amltui.tui.screens.glossary import GlossaryScreen, TermList
from amltui.tui.screens.not_shown import NotShownScreen
from amltui.tui.screens.questionnaire import QuestionnaireScreen
from amltui.tui.screens.source import SourceScreen
from amltui.tui.screens.tree import TreeScreen
from amltui.tui.widgets.decision_tree import DecisionTree
from amltui.tui.widgets.option_notes import OptionNotes
from amltui.tui.widgets.options_list import OptionsList
from tests.tui.conftest import begin, flat, resume, screen_text, searched, static_text, until


async def test_tree_marks_the_path_and_enter_jumps_back(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "1", "enter", "2", "enter", "t")
        await until(pilot, lambda: isinstance(app.screen, TreeScreen) and "asked now" in screen_text(pilot), "the tree drawn")
        text = screen_text(pilot)
        assert "✓ 1. Disease status: Relapsed" in text
        assert "✓ 2. First remission: 12 months or less" in text
        assert "→ 3. Previous transplant  ← asked now" in text
        assert "· 4. Finding after transplant" in text
        tree = app.screen.query_one(DecisionTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == ("question", "prior_transplant")
        await pilot.press("up", "up", "enter")
        await until(pilot, lambda: "Question 1: Disease status (reopened)" in screen_text(pilot), "the reopened question drawn")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.walk.reopened == "disease_status"
        assert "(•) Relapsed" in screen_text(pilot)


async def test_enter_on_a_question_not_reached_stays_in_the_tree(make_app):
    app = make_app()
    messages: list = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        # From "1. Disease status": its three answers, "2. First remission", "3. Previous transplant".
        await begin(pilot, "t", "down", "down", "down", "down", "down", "enter")
        assert app.screen.query_one(DecisionTree).cursor_node.data == ("question", "prior_transplant")
        assert isinstance(app.screen, TreeScreen)
        assert app.walk.reopened is None
        notes = [m.notification.message for m in messages if isinstance(m, Notify)]
        assert notes == ["“Previous transplant” is not asked with the answers so far."]


@pytest.mark.parametrize("left_a_walk", [False, True], ids=["fresh", "after-a-walk"])
async def test_the_tree_from_the_start_screen_says_nothing_of_a_walk(make_app, left_a_walk):
    """No walk under way: no question "asked now", no answer marked, no option "shown"; Enter
    has nowhere to go back to (it is not offered) and leaves nobody in a walk."""
    app = make_app()
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        if left_a_walk:  # a walk begun and left for the start screen: its answers are not the tree's
            await begin(pilot, "1", "enter", "h")
            await until(pilot, lambda: "Begin a new walk" in screen_text(pilot), "the start screen")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TreeScreen) and "no walk under way" in screen_text(pilot), "the tree drawn")
        await until(pilot, lambda: "State:" in screen_text(pilot), "the details of the first question")
        text = screen_text(pilot)
        assert "asked now" not in text.lower() and "←" not in text and "→" not in text and "✓" not in text
        assert "· 1. Disease status" in text and "Relapsed" in text and "●" not in text
        assert "State: No walk under way (begin one from the start screen)" in static_text(pilot, "#tree-detail-text")
        assert "+ shown" not in text and "0 of 28 shown" not in text
        assert "Go there" not in text  # the footer does not offer it
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TreeScreen)
        assert not [m for m in messages if isinstance(m, ReopenQuestion)]


async def test_skipped_questions_are_marked(make_app):
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await resume(pilot, "t", disease_status="refractory")
        await until(pilot, lambda: "asked now" in screen_text(pilot), "the tree drawn")
        text = screen_text(pilot)
        assert "– 2. First remission  (does not apply with these answers)" in text
        assert "→ 6. Genetic markers  ← asked now" in text


async def test_glossary_opens_at_the_questions_terms_and_searches(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "g")
        assert isinstance(app.screen, GlossaryScreen)
        terms = app.screen.query_one(TermList)
        ids = [o.id for o in terms.options if not o.disabled]
        assert ids[:4] == ["here:relapse", "here:refractory", "here:complete-remission", "here:induction"]
        assert str(terms.get_option_at_index(0).prompt) == "In this question: Disease status"
        assert "In this question:" in screen_text(pilot)
        assert static_text(pilot, "#term-text").startswith("Relapse Also called: relapsed AML")
        await pilot.press("slash")
        await pilot.press(*"minimal")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "minimal"
        # MRD is also a term of this question (its third answer), so it is found in both lists.
        assert [o.id for o in terms.options if o.id] == ["here:mrd", "mrd"]
        assert "MRD (measurable residual disease)" in static_text(pilot, "#term-text")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)


async def test_glossary_lists_every_term(make_app, kb):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        terms = app.screen.query_one(TermList)
        listed = [o.id for o in terms.options if not o.disabled and not o.id.startswith("here:")]
        assert sorted(listed) == sorted(kb.glossary)
        assert f"Terms ({len(kb.glossary)} of {len(kb.glossary)})" in screen_text(pilot)


async def run_palette(pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert CommandPalette.is_open(pilot.app)
    await pilot.press(*query)
    await until(pilot, lambda: searched(pilot), "the palette's results")  # it searches in a worker
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


def palette_entries(pilot) -> list[str]:
    from textual.command import CommandList

    listed = pilot.app.screen.query_one(CommandList)
    return [str(listed.get_option_at_index(i).prompt).split("\n")[0] for i in range(listed.option_count)]


async def test_palette_lists_the_apps_entries_first_without_textuals_keys_maximize_or_screenshot(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, disease_status="relapsed")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: searched(pilot), "the palette's first entries")
        listed = palette_entries(pilot)
        assert listed[0] == "Question: Disease status"
        assert "Theme" in listed and listed.index("Theme") > max(i for i, e in enumerate(listed) if e.startswith("Question: "))
        assert not {"Keys", "Maximize", "Screenshot"} & set(listed)
        lines = screen_text(pilot).splitlines()
        assert lines[-3].startswith(" ! Educational tool")  # the disclaimer stays in view (two lines)
        assert lines[-2].endswith("specialist team.")
        await pilot.press(*"screen")
        await until(pilot, lambda: searched(pilot), "the search")
        assert "Screenshot" not in palette_entries(pilot)


async def test_palette_jumps_to_a_question_and_to_a_shown_option(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, disease_status="relapsed", remission_length="unknown", prior_transplant="none", markers="pending",
                     fitness="unfit", goals="control")
        await run_palette(pilot, "disease")
        assert app.walk.reopened == "disease_status"
        assert isinstance(app.screen, QuestionnaireScreen)
        await run_palette(pilot, "repeat")
        screen = app.screen
        assert screen.pane == "options"
        assert screen.query_one(OptionsList).highlighted_option.id == "repeat-genetic-testing"
        assert screen.query_one(OptionNotes).option_id == "repeat-genetic-testing"


async def test_palette_opens_a_hidden_option_a_source_and_a_term(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, disease_status="relapsed")
        await run_palette(pilot, "gilt")
        assert isinstance(app.screen, NotShownScreen)
        hidden = app.screen.query_one("#hidden")
        assert hidden.highlighted_option.id == "gilteritinib"
        assert "would show with: Genetic markers: FLT3 mutation" in flat(screen_text(pilot))
        await pilot.press("escape")
        await run_palette(pilot, "blood cancer uk")
        assert isinstance(app.screen, SourceScreen)
        text = flat(screen_text(pilot))
        assert "Relapse and refractory AML treatments" in text
        assert "Cited by" in text
        await pilot.press("escape")
        await run_palette(pilot, "glossary dli")
        assert isinstance(app.screen, GlossaryScreen)
        assert app.screen.query_one(TermList).highlighted_option.id == "dli"
        assert static_text(pilot, "#term-text").startswith("Donor lymphocyte infusion (DLI)")

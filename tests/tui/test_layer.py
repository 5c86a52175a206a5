"""On screen: the layer's mark, the standing notice, the region-aware badge, and `l` (sources only)
for the walk on screen (a small test base with a layer; no medical content)."""

from __future__ import annotations

import pytest

from amltui import engine
from amltui.sessions import Session, SessionStore
from amltui.tui.app import AmlApp
from amltui.tui.messages import AnswerChosen
from amltui.tui.widgets.options_list import OptionsList
from tests.conftest import layered_knowledge
from tests.tui.conftest import TODAY, begin_recorded, flat, given, resume, screen_text, static_text

MARK = "beyond the two sources, checked to 30 Nov 2026"
BETA = dict(region="south", stage="late", fitness="fit", markers="beta")


@pytest.fixture
def layered(tmp_path):
    return layered_knowledge(tmp_path)


def option_text(pilot, option_id: str) -> str:
    return flat(str(pilot.app.screen.query_one(OptionsList).get_option(option_id).prompt))


def listed(pilot) -> list[str]:
    return [o.id for o in pilot.app.screen.query_one(OptionsList).options if not o.disabled]


async def test_the_mark_and_the_standing_notice_are_on_screen(layered):
    app = AmlApp(layered, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, region="south", stage="late")
        notices = static_text(pilot, "#notices")
        assert "i About the sources: The two sources are from 2024 or earlier, or undated." in notices
        assert f"Each of its items is marked “{MARK}”" in notices
        app.begin(given(**BETA))
        await pilot.pause()
        assert f"Drug Gamma ◆ {MARK}" in option_text(pilot, "drug-gamma")
        assert "◆" not in option_text(pilot, "plan-b")
        summary = static_text(pilot, "#summary-text")
        assert "i About the sources:" in summary
        assert f"Newer guidance for beta. — [1] Example Regulator: “An approval notice” · Notice · 2025-10-24 ◆ {MARK}" in summary
        pilot.app.screen.query_one(OptionsList).select_option("drug-gamma")
        await pilot.pause()
        assert f"Drug Gamma ◆ {MARK} Status:" in static_text(pilot, "#notes-text")


async def test_a_note_the_layer_added_is_marked_in_the_notes(layered):
    app = AmlApp(layered, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, **BETA)
        pilot.app.screen.query_one(OptionsList).select_option("plan-b")
        await pilot.pause()
        notes = static_text(pilot, "#notes-text")
        assert "2. The regulator said nothing new on plan B." in notes
        assert notes.endswith(f"Notice · 2025-10-24 ◆ {MARK}")
        assert notes.count("◆") == 1  # only the layer's note


async def test_the_badge_follows_the_region(layered):
    app = AmlApp(layered, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, region="south", stage="late", fitness="fit", markers="alpha")
        text = option_text(pilot, "drug-alpha")
        assert "targeted · not approved in this region" in text and "approved targeted" not in text
        assert f"South: Not approved in the south. ◆ {MARK}" in text


async def test_bundled_ivosidenib_in_the_eu_is_not_shown_as_approved(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, disease_status="refractory", markers="idh1", fitness="unfit", goals="control", region="eu")
        text = option_text(pilot, "ivosidenib")
        assert "approved targeted" not in text
        assert "targeted · not approved in this region European Union (EMA): Not approved by the EMA" in text


async def test_l_hides_the_layer_for_the_walk_and_records_it(layered, tmp_path):
    store = SessionStore(tmp_path / "sessions")
    app = AmlApp(layered, today=TODAY, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin_recorded(pilot, "Layer walk")
        for question, answer in BETA.items():
            app.post_message(AnswerChosen(question, frozenset({answer})))
            await pilot.pause()
        assert "drug-gamma" in listed(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert "drug-gamma" not in listed(pilot)
        assert "Sources only: what changed since (Since the sources, checked to 30 Nov 2026) is hidden." in static_text(pilot, "#summary-text")
        assert app.recorder.session.sources_only is True
        assert store.load(store.inside(f"{app.recorder.session.id}.toml")).sources_only is True
        await pilot.press("l")
        await pilot.pause()
        assert "drug-gamma" in listed(pilot) and app.recorder.session.sources_only is False


async def test_the_app_starts_sources_only_from_the_command_line(layered):
    app = AmlApp(layered, today=TODAY, sources_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, **BETA)
        assert "drug-gamma" not in listed(pilot)
        assert MARK not in flat(screen_text(pilot))


async def test_replay_follows_the_recorded_setting_and_says_so(layered, tmp_path):
    kb = layered.sources_only()
    session = Session.new("Sources only walk", kb.version, kb.digest, sources_only=True)
    for question, answer in BETA.items():
        change = engine.answer(kb, session.answers, question, [answer])
        session = session.with_step(question, (answer,), engine.evaluate(kb, change.answers).shown_ids, change.dropped)
    app = AmlApp(layered, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.replay_session(session)
        await pilot.pause()
        info = static_text(pilot, "#replay-info")
        assert "Layer: Since the sources (checked to 30 Nov 2026): hidden (sources only), as recorded" in info
        assert "shows the same options at every step" in info  # no drift from the layer it hid


def test_the_palette_offers_the_setting_for_the_walk(layered):
    from amltui.tui.commands import entries
    from amltui.tui.messages import ToggleLayer
    from amltui.tui.walk import Walk

    found = {text: message for text, _, message in entries(layered, Walk.start(layered))}
    assert isinstance(found["Setting: sources only (l)"], ToggleLayer)
    hidden = layered.sources_only()
    assert "Setting: show since the sources (l)" in {text for text, _, _ in entries(hidden, Walk.start(hidden))}
    assert not any(text.startswith("Setting:") for text, _, _ in entries(layered, None))


async def test_the_tree_marks_the_layers_options(layered):
    from amltui.tui.widgets.decision_tree import DecisionTree

    app = AmlApp(layered, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, "t", **BETA)
        tree = app.screen.query_one(DecisionTree)
        nodes, labels = [tree.root], {}
        while nodes:
            node = nodes.pop()
            nodes += node.children
            if node.data and node.data[0] == "option" and node.children:  # the option, not its "shown if" leaf
                labels[node.data[1]] = node.label.plain
        assert labels["drug-gamma"] == f"+ shown  Drug Gamma  ◆ {MARK}"
        assert "◆" not in labels["plan-b"]

"""What the app does for a quick first screen, without changing it: the stylesheet's rules for
the other screens are read just after the start screen's first frame, in the file's order, and
none of them applies to anything on the start screen, at any size or without colour; a knowledge
base checked before starts as its card and is built after the first frame."""

from __future__ import annotations

import shutil

import pytest
from textual.css.match import match
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.widgets import Static

from amltui.knowledge.card import Card, Deferred, start_knowledge
from amltui.locations import bundled_knowledge
from amltui.sessions import Session, SessionStore
from amltui.tui.app import AmlApp
from amltui.tui.messages import OpenSession
from amltui.tui.screens import catalogue
from amltui.tui.screens.start import StartScreen, about
from amltui.tui.start_up import OTHER_SCREENS, STYLESHEET
from tests.sessions.fixtures import record
from tests.tui.conftest import TODAY, until


def rules_of(app: AmlApp, css: str, where: str) -> list:
    sheet = Stylesheet(variables=app.get_css_variables())
    sheet.add_source(css, read_from=(str(STYLESHEET), where))
    return sheet.rules


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (40, 12)])
@pytest.mark.parametrize("no_color", [False, True])
async def test_no_rule_for_the_other_screens_applies_to_the_start_screen(kb, monkeypatch, size, no_color):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = AmlApp(kb, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StartScreen) and not app._other_screens_css, "the whole stylesheet")
        others = STYLESHEET.read_text(encoding="utf-8").partition(OTHER_SCREENS)[2]
        assert others, "the stylesheet has its marker"
        nodes = list(app.screen.walk_children(with_self=True))
        assert len(nodes) > 10
        for node in list(nodes):  # as Textual styles a component class: a virtual node under its widget
            for component in sorted(node._get_component_classes()):
                virtual = DOMNode(classes=component)
                virtual._attach(node)
                nodes.append(virtual)
        applying = [(rule.css.splitlines()[0], node) for rule in rules_of(app, OTHER_SCREENS + others, "the other screens")
                    for node in nodes if rule.styles.get_rules() and match(rule.selector_set, node)]
        # (A rule with nothing of its own, such as `.-wide` around nested rules, sets nothing.)
        assert applying == [], "rules below the marker apply to the start screen: move them above it"


async def test_after_the_first_frame_the_app_has_every_rule_of_the_file_in_its_order(kb):
    app = AmlApp(kb, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: not app._other_screens_css, "the rest of the stylesheet")
        whole = rules_of(app, STYLESHEET.read_text(encoding="utf-8"), "")
        ours = [rule for rule in app.stylesheet.rules if not rule.is_default_rules]
        assert [rule.css for rule in ours] == [rule.css for rule in whole]


async def test_an_app_that_opens_on_another_screen_reads_the_whole_stylesheet_first(kb, tmp_path):
    store = SessionStore(tmp_path)
    session = record(kb, Session.new("t", kb.version, kb.digest), "disease_status", "relapsed")
    app = AmlApp(kb, today=TODAY, store=store, opening=OpenSession("replay", session))
    assert app._other_screens_css == ""
    assert app.css_path == [STYLESHEET]


@pytest.fixture
def known_by_card(tmp_path) -> Deferred:
    """The bundled base started twice: the second start knows it by its card."""
    folder = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge(), folder)
    start_knowledge(folder)
    started = start_knowledge(folder)
    assert isinstance(started, Deferred)
    return started


async def test_a_base_known_by_its_card_is_built_after_the_first_frame_and_a_walk_begins(known_by_card):
    app = AmlApp(known_by_card, today=TODAY)
    assert app._knowledge is None
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app._knowledge is not None and not app._other_screens_css, "the base built")
        about = str(app.screen.query_one("#about", Static).render())
        card = known_by_card.card
        assert card.title in about and f"Version {card.version}" in about and f"{card.options} options" in about
        assert app.kb.version == card.version and app.walk is not None
        await pilot.press("enter")  # Begin (no store: the walk is not named)
        await until(pilot, lambda: catalogue.QUESTIONNAIRE.holds(app.screen), "the questionnaire")


def test_a_key_typed_before_the_first_frame_builds_the_base_it_needs(known_by_card):
    app = AmlApp(known_by_card, today=TODAY)
    assert app.kb.question("disease_status") is not None  # built on first use
    assert app.walk.kb is app.kb


async def test_a_base_whose_files_broke_as_the_app_started_ends_it_with_a_message(known_by_card, private_cache):
    for cached in private_cache.glob("knowledge-*.json"):
        cached.unlink()  # the base must be loaded from its files again
    (known_by_card.folder / "questions.toml").write_text("[[question]\n", encoding="utf-8")
    app = AmlApp(known_by_card, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.return_code == 1, "the app ending")
    assert "no longer loads" in app.parting_words and "amltui check" in app.parting_words


def test_the_start_card_counts_the_layer_it_hides(kb):
    shown, hidden = about(Card.of(kb), layer_shown=True).plain, about(Card.of(kb), layer_shown=False).plain
    documents = len(kb.sources) - len(kb.base_sources)
    assert f"(shown): {documents} documents" in shown and f"(hidden): {documents} documents" in hidden
    assert f"{len(kb.options)} options" in shown and f"{len(kb.sources_only().options)} options" in hidden

"""The status badge follows the region answered, and the engine on `sources_only()` is the engine
on the five sources alone (the minimal test base with a small layer; no medical content)."""

from __future__ import annotations

import pytest

from amltui import engine
from amltui.engine import badges
from tests.answers import walk
from tests.conftest import layered_knowledge


@pytest.fixture
def layered(tmp_path):
    return layered_knowledge(tmp_path)


def shown(kb, **answers):
    answers = {"stage": "late", "fitness": "fit", **answers}  # markers are asked of the fit only
    evaluation = engine.evaluate(kb, walk(kb, **answers))
    return {s.option.id: s for s in evaluation.shown}, evaluation


def test_the_layer_is_on_by_default(layered):
    options, evaluation = shown(layered, markers="beta")
    assert "drug-gamma" in options and options["drug-gamma"].option.newer
    assert "newer-beta" in [n.id for n in evaluation.notices]


def test_sources_only_shows_what_the_base_alone_shows(layered):
    options, evaluation = shown(layered.sources_only(), markers="beta")
    assert "drug-gamma" not in options
    assert not any(n.newer for n in evaluation.notices)
    assert not any(note.newer for s in options.values() for note in s.option.notes)


def test_every_line_for_the_region_base_then_layer(layered):
    layered_alpha, _ = shown(layered, region="south", markers="alpha")
    assert [a.newer for a in layered_alpha["drug-alpha"].approvals] == [True]
    north, _ = shown(layered, region="north", markers="alpha")
    assert [a.text for a in north["drug-alpha"].approvals] == ["Approved in the north."]
    assert north["drug-alpha"].approval.text == "Approved in the north."


def test_badge_without_a_region_says_it_differs(layered):
    options, evaluation = shown(layered, markers="alpha")
    badge = badges.badge(layered, options["drug-alpha"].option, evaluation.answers)
    assert badge.word == "targeted · approval differs by region"
    assert badge.plain == badges.ANSWER_REGION


def test_badge_with_a_line_that_says_not_approved(layered):
    options, evaluation = shown(layered, region="south", markers="alpha")
    badge = badges.badge(layered, options["drug-alpha"].option, evaluation.answers)
    assert badge.word == "targeted · not approved in this region"
    assert badge.region == "South" and [a.region for a in badge.lines] == ["south"]


def test_badge_with_a_line_that_does_not_say(layered):
    options, evaluation = shown(layered, region="north", markers="alpha")
    badge = badges.badge(layered, options["drug-alpha"].option, evaluation.answers)
    assert badge.word == "targeted · approval not stated for this region"


def test_badge_with_no_line_for_the_region(layered):
    kb = layered.sources_only()
    options, evaluation = shown(kb, region="south", markers="alpha")
    badge = badges.badge(kb, options["drug-alpha"].option, evaluation.answers)
    assert badge.word == "targeted · no approval line for this region"
    assert badge.plain == badges.NO_LINE_FOR


def test_badge_approved(layered):
    options, evaluation = shown(layered, region="north", markers="beta")
    badge = badges.badge(layered, options["drug-gamma"].option, evaluation.answers)
    assert badge.word == "approved targeted"


def test_badge_of_an_option_without_approval_lines_is_its_status(layered):
    options, evaluation = shown(layered, region="north", fitness="fit")
    assert badges.badge(layered, options["plan-a"].option, evaluation.answers).word == "standard"


def test_the_newest_stated_line_decides(layered):
    north = list(layered.option("drug-gamma").approvals)
    assert badges.approval_state(tuple(north)) is True
    assert badges.approval_state(()) is None


def test_bundled_idh_inhibitor_in_the_eu_is_not_badged_approved(kb):
    given = walk(kb, disease_status="refractory", markers="idh1", fitness="unfit", goals="control", region="eu")
    option = next(s.option for s in engine.evaluate(kb, given).shown if s.option.id == "ivosidenib")
    badge = badges.badge(kb, option, given)
    assert "approved targeted" not in badge.word
    assert badge.word == "targeted · not approved in this region"
    assert badges.badge(kb, option, {**given, "region": frozenset({"us"})}).word == "approved targeted"


def test_standing_notice_says_how_old_the_sources_are_and_what_the_layer_covers(layered, kb):
    text = badges.standing_notice(layered)
    assert text.startswith("The two sources are from 2024 or earlier, or undated. Since the sources, checked to 30 Nov 2026:")
    assert layered.layer.summary in text and layered.layer_mark in text
    assert "Sources only" in badges.standing_notice(layered.sources_only())
    assert badges.standing_notice(kb).startswith("The five sources are from 2021 or earlier")

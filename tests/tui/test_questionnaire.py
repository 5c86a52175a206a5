"""Answering questions with the keyboard, the panels after each answer, and going back."""

from __future__ import annotations

import re

from amltui.tui.messages import AnswerChanged, ReopenQuestion
from amltui.tui.widgets.answer_choices import AnswerChoices
from amltui.tui.widgets.answered_list import AnsweredList
from amltui.tui.widgets.option_notes import OptionNotes
from amltui.tui.widgets.options_list import OptionsList
from amltui.tui.widgets.question_view import context_line
from tests.tui.conftest import begin, flat, given, resume, screen_text, static_text, until


def option_ids(pilot) -> list[str]:
    return [o.id for o in pilot.app.screen.query_one(OptionsList).options if not o.disabled]


def option_text(pilot, option_id: str) -> str:
    options = pilot.app.screen.query_one(OptionsList)
    return str(options.get_option(option_id).prompt)


async def test_start_screen_says_educational_and_no_identifiers(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = flat(screen_text(pilot))
        assert "! Educational tool, not medical advice. It shows what five public sources" in text
        assert "Not medical advice. Educational" not in text  # said once, not twice
        assert "No patient identifiers. Do not enter names" in text
        assert "Begin a new walk" in text
        assert "⏎ Choose" in text and "^p Palette" in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.walk.asking.id == "disease_status"
        assert "1. Where does the AML stand now" in screen_text(pilot)


async def test_single_choice_by_number_needs_enter_to_confirm(make_app):
    app = make_app()
    messages: list = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await begin(pilot, "2")
        assert app.walk.answers == {}, "a number only moves to the answer"
        assert app.screen.query_one(AnswerChoices).highlighted == 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.walk.answers == {"disease_status": frozenset({"refractory"})}
        assert app.walk.asking.id == "markers"
        assert "Genetic markers" in screen_text(pilot)
        changed = [m for m in messages if isinstance(m, AnswerChanged)]
        assert [(m.question_id, dict(m.answers)) for m in changed] == [
            ("disease_status", {"disease_status": frozenset({"refractory"})})
        ]
        assert changed[0].change.dropped == ()
        # Arrows and Enter: the first answer of the markers question is "FLT3", ticked with space.
        await pilot.press("down", "up", "space", "enter")
        await pilot.pause()
        assert app.walk.answers["markers"] == frozenset({"flt3"})


async def test_multiple_choice_space_ticks_and_enter_confirms(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "2", "enter")  # refractory: next is the markers question
        assert app.walk.asking.id == "markers"
        await pilot.press("space", "down", "down", "space")
        await pilot.pause()
        choices = app.screen.query_one(AnswerChoices)
        assert choices.ticked == {"flt3", "idh2"}
        assert "[x] FLT3 mutation" in screen_text(pilot)
        assert "[ ] IDH1 mutation" in screen_text(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.walk.answers["markers"] == frozenset({"flt3", "idh2"})
        assert app.walk.asking.id == "fitness"


async def test_an_answer_that_stands_alone_and_confirming_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await resume(pilot, "1", "2", "6", disease_status="refractory")
        assert app.screen.query_one(AnswerChoices).ticked == {"none_found"}
        await pilot.press("1")
        assert app.screen.query_one(AnswerChoices).ticked == {"flt3"}
        await pilot.press("1", "enter")  # untick: nothing is chosen
        await pilot.pause()
        await pilot.pause()
        assert "markers" not in app.walk.answers
        text = flat(screen_text(pilot))
        assert "Genetic markers: not accepted" in text
        assert "choose at least one answer" in text


async def test_panels_show_what_appeared_with_each_answer(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await begin(pilot)
        assert option_ids(pilot) == []
        await pilot.press("1", "enter")
        await pilot.pause()
        # Every option waits for a question still to come, and the panel says so (issue 12, point 16).
        assert option_ids(pilot) == []
        assert option_text(pilot, "category:waiting") == (
            "28 options wait for answers still to come: an option appears once the answers settle it. n lists them."
        )
        assert "28 options wait for answers" in screen_text(pilot)
        assert static_text(pilot, "#notes-text").startswith("No option is listed yet, so there are no notes to read.")
        assert static_text(pilot, "#changes") == "The answer to “Disease status”: no change in the options shown"
        await resume(pilot, "2", "enter", disease_status="refractory", markers="pending", fitness="unfit")
        assert app.walk.last == "goals"
        assert option_ids(pilot)[:2] == ["clinical-trials", "repeat-genetic-testing"]
        assert "+ new" in option_text(pilot, "clinical-trials")
        assert "standard" in option_text(pilot, "clinical-trials")
        text = screen_text(pilot)
        assert "Clinical trials" in text and "Tests that guide treatment" in text
        assert static_text(pilot, "#changes").startswith("The answer to “Goals”: + new: Clinical trial, Repeat genetic testing of the leukemia")
        assert "category:waiting" not in [o.id for o in app.screen.query_one(OptionsList).options]  # nothing waits now


def test_the_context_line_reads_well_for_every_question_title(kb):
    """Not "After “After transplant”": the line names the answer, whatever the title begins with."""
    for title in [*(q.title for q in kb.questions), "After transplant", "after the first remission"]:
        line = str(context_line(title))
        assert line == f"The answer to “{title}”: "
        assert not line.lower().startswith("after")


async def test_gone_options_are_marked_and_listed(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        # Refractory, FLT3, unfit, control: gilteritinib is shown. Then reopen the markers: none found.
        await resume(pilot, "2", "enter", disease_status="refractory", markers="flt3", fitness="unfit")
        assert "gilteritinib" in option_ids(pilot)
        app.screen.post_message(ReopenQuestion("markers"))
        await until(pilot, lambda: app.walk.asking.id == "markers", "the markers reopened")
        await pilot.press("1", "6", "enter")  # untick FLT3, tick "none found"
        await pilot.pause()
        assert "gilteritinib" in option_ids(pilot), "a gone option stays listed after the last answer"
        assert "- gone" in option_text(pilot, "gilteritinib")
        assert "category:gone" in [o.id for o in app.screen.query_one(OptionsList).options]
        assert "- gone: Gilteritinib (Xospata)" in static_text(pilot, "#changes")


async def test_approved_targeted_options_show_the_regions_approval(make_app, kb):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, disease_status="refractory", markers="flt3", fitness="unfit", goals="control")
        assert "approval differs by region" in option_text(pilot, "gilteritinib")
        app.begin(given(disease_status="refractory", markers="flt3", fitness="unfit", goals="control", region="eu"))
        await pilot.pause()
        assert "European Union (EMA): Approved by the EMA" in option_text(pilot, "gilteritinib")


async def test_notes_follow_the_highlighted_option_and_mark_old_sources(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot, "2", "enter", "o", disease_status="refractory", markers="pending", fitness="unfit")
        notes = app.screen.query_one(OptionNotes)
        assert notes.option_id == "clinical-trials"
        assert "Notes: Clinical trial" in screen_text(pilot)
        text = static_text(pilot, "#notes-text")
        assert "Why it is shown • Disease status: Refractory" in text
        assert "1. LLS puts clinical trials first" in text
        assert "— [1] The Leukemia & Lymphoma Society (LLS): “Relapsed and Refractory" in text
        await pilot.press("down")
        await pilot.pause()
        assert notes.option_id == "repeat-genetic-testing"
        assert "Notes: Repeat genetic testing" in flat(screen_text(pilot))
        await pilot.press("up")
        await pilot.pause()
        text = static_text(pilot, "#notes-text")
        # The 2011 LLS page is cited by the clinical-trial option and is more than five years old.
        assert "former website: “Refractory and Relapsed” · Clinical Trials · 2011-03-19 ⚠ possibly outdated" in text
        assert "Treatment options list · undated ⚠" not in text, "an undated source is not marked"
        notes = app.screen.query_one(OptionNotes)
        notes.focus()
        await pilot.press("end")
        await pilot.pause()
        assert "⚠ possibly outdated" in screen_text(pilot)


async def test_the_notes_pane_cites_each_source_in_full_once_then_by_number(make_app, kb):
    """Clinical trial: Blood Cancer UK is cited by two of its notes; at 80 columns (the notes in
    a narrow pane) its title is given once, the second citation is "— [n], place"."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, "2", "enter", "o", disease_status="refractory", markers="pending", fitness="unfit")
        notes = app.screen.query_one(OptionNotes)
        await until(pilot, lambda: notes.option_id == "clinical-trials", "the notes of the clinical trial")
        text = static_text(pilot, "#notes-text")
        option = kb.option("clinical-trials")
        bcuk = kb.sources["bcuk-rr"]
        places = [n.cites.place for n in option.notes if n.cites.source == "bcuk-rr"]
        assert len(places) == 2
        assert text.count(bcuk.title) == 1
        firsts = [int(n) for n in re.findall(r"— \[(\d+)\] ", text)]  # in full: numbered in order, once each
        assert firsts == list(range(1, len({n.cites.source for n in option.notes}) + 1))
        number = re.search(r"— \[(\d+)\] " + re.escape(bcuk.publisher), text)[1]
        assert f"— [{number}], {places[1]}" in text
        for source in {n.cites.source for n in option.notes}:
            assert text.count(kb.sources[source].title) == 1


async def test_going_back_and_changing_an_answer_drops_later_answers(make_app):
    app = make_app()
    messages: list = []
    async with app.run_test(size=(120, 40), message_hook=messages.append, notifications=True) as pilot:
        await resume(pilot, disease_status="relapsed", remission_length="unknown", prior_transplant="none")
        assert list(app.walk.answers) == ["disease_status", "remission_length", "prior_transplant"]
        await pilot.press("a")
        await pilot.pause()
        answered = app.screen.query_one(AnsweredList)
        assert answered.has_focus
        await pilot.press("home", "enter")
        await pilot.pause()
        assert app.walk.reopened == "disease_status"
        assert "(•) Relapsed" in screen_text(pilot)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert dict(app.walk.answers) == {"disease_status": frozenset({"refractory"})}
        assert app.walk.asking.id == "markers"
        assert "dropped, no longer apply: First remission, Previous transplant" in static_text(pilot, "#changes")
        await pilot.pause()
        assert "Later answers dropped" in flat(screen_text(pilot))
        last = [m for m in messages if isinstance(m, AnswerChanged)][-1]
        assert last.change.dropped == ("remission_length", "prior_transplant")


async def test_back_and_escape_keeps_a_reopened_answer(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, "b")
        assert app.walk.asking.id == "disease_status" and app.walk.reopened is None, "nothing before the first"
        app.begin(given(disease_status="relapsed", remission_length="unknown"))
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert app.walk.asking.id == "remission_length"
        await pilot.press("escape")
        await pilot.pause()
        assert app.walk.reopened is None
        assert app.walk.asking.id == "prior_transplant"
        assert app.walk.answers["remission_length"] == frozenset({"unknown"})


async def test_a_reopened_question_shows_its_own_context_and_its_place_at_60x20(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        long_walk = dict(disease_status="relapsed", remission_length="up_to_12_months", prior_transplant="none",
                         markers="pending", fitness="unfit", goals="control")
        await resume(pilot, **long_walk)
        pilot.app.post_message(ReopenQuestion("remission_length"))
        await until(pilot, lambda: app.walk.reopened == "remission_length", "the question reopened")
        await until(pilot, lambda: static_text(pilot, "#changes").startswith("The answer to “Disease status”:"), "its own context")
        assert "Goals" not in static_text(pilot, "#changes")
        crumbs = screen_text(pilot).splitlines()[1]
        assert crumbs.startswith(" Disease status: Relapsed › → First remission ›") and crumbs.endswith("…")


async def test_the_summary_records_answers_dropped_by_a_change(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, disease_status="relapsed", remission_length="up_to_12_months", prior_transplant="none",
                     markers="pending", fitness="unfit", goals="control", region="eu")
        pilot.app.post_message(ReopenQuestion("disease_status"))
        await until(pilot, lambda: app.walk.reopened == "disease_status", "the question reopened")
        await pilot.press("2", "enter")
        await until(pilot, lambda: app.walk.complete, "the summary")
        text = static_text(pilot, "#summary-text")
        assert ("Answers dropped by a change (2) • Disease status: Relapsed → Refractory dropped First remission "
                "(12 months or less), Previous transplant (No allogeneic transplant) (they no longer applied)") in text


async def test_complete_walk_shows_a_summary(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        # refractory, markers pending, unfit, control; the last answer (region EU) by key
        await resume(pilot, "2", "enter", disease_status="refractory", markers="pending", fitness="unfit", goals="control")
        assert app.walk.complete
        assert "Every question that applies is answered" in screen_text(pilot)
        text = static_text(pilot, "#summary-text")
        assert "5. Region: European Union (EMA)" in text
        assert "Options shown" in text and "Azacitidine" in text
        assert "Notices" in text and "Enter the results when they arrive" in text


async def test_notices_say_when_the_sources_are_silent(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, disease_status="refractory")
        text = static_text(pilot, "#notices")
        assert text.startswith("! The sources do not cover this: For disease that never reached remission")

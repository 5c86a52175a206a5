"""The replay screen: moving along the timeline, changed answers, drift against today's knowledge
base, questions that no longer exist, comments saved at once (or refused, keeping the text), and
stored text shown literally. Snapshots at 80x24 and 120x40."""

from __future__ import annotations

import datetime as dt

import pytest
from attrs import evolve
from textual import events
from textual.widgets import Input, TextArea

from amltui.knowledge import KnowledgeBase, load_knowledge
from amltui.locations import bundled_knowledge
from amltui.sessions import Session, SessionStore, Step
from amltui.tui.app import AmlApp
from amltui.tui.screens.comment import CommentDialog
from amltui.tui.screens.replay import ReplayScreen
from amltui.tui.widgets.recorded_options import RecordedOptions
from tests.sessions.fixtures import record
from tests.tui.conftest import TODAY, flat, screen_text, static_text, until

NASTY = "[TODO] [/b] [@click=app.quit]x[/] [unclosed"
ESCAPE = "\x1b[31mred\x1b]0;retitled\x07"
MOMENT = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)

#: Relapsed, over 12 months, no transplant, FLT3, unfit, control (the options wait for Goals, so
#: they appear at step 6); then the status changed to refractory (which drops the remission and
#: transplant answers), then FLT3 and IDH1.
WALK = [
    ("disease_status", "relapsed"),
    ("remission_length", "over_12_months"),
    ("prior_transplant", "none"),
    ("markers", "flt3"),
    ("fitness", "unfit"),
    ("goals", "control"),
    ("disease_status", "refractory"),
    ("markers", "flt3", "idh1"),
]


def still(session: Session) -> Session:
    """Fixed times and id, so what is on screen does not depend on the clock."""
    steps = tuple(evolve(s, at=MOMENT + dt.timedelta(minutes=s.number)) for s in session.steps)
    comments = tuple(evolve(c, at=MOMENT + dt.timedelta(hours=1, minutes=i)) for i, c in enumerate(session.comments))
    return evolve(session, id="replay0test1", created=MOMENT, updated=MOMENT, steps=steps, comments=comments)


def walked(kb: KnowledgeBase, title: str = "Teaching case 2", steps=WALK) -> Session:
    session = Session.new(title, kb.version, kb.digest)
    for question, *answers in steps:
        session = record(kb, session, question, *answers)
    return still(session)


def today_kb(kb: KnowledgeBase) -> KnowledgeBase:
    """Today's base: clinical trials removed, a new option shown whenever trials were, a new version."""
    trials = kb.option("clinical-trials")
    assert trials is not None
    added = evolve(trials, id="new-approach", name="New approach")
    options = (*(o for o in kb.options if o.id != "clinical-trials"), added)
    return evolve(kb, options=options, version="2099.1", digest="changed")


async def open_replay(pilot, session: Session, store: SessionStore | None, **kwargs) -> ReplayScreen:
    await pilot.pause()
    screen = ReplayScreen(session, store, **kwargs)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def step_title(pilot) -> str:
    return str(pilot.app.screen.query_one("#replay-step").border_title)


def options_text(pilot) -> str:
    return flat(" | ".join(str(o.prompt) for o in pilot.app.screen.query_one(RecordedOptions).options))


# --- moving along the timeline ---------------------------------------------------------------


async def test_arrows_home_and_end_move_along_the_timeline(make_app, kb, store):
    session = walked(kb)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, session, store)
        assert step_title(pilot) == "Step 1 of 8"
        assert "Step 1/8" in screen_text(pilot)
        await press(pilot, "right", "right")
        assert step_title(pilot) == "Step 3 of 8"
        assert "Previous transplant" in static_text(pilot, "#replay-step-text")
        await press(pilot, "left")
        assert step_title(pilot) == "Step 2 of 8"
        await press(pilot, "end", "right")  # nothing after the last step
        assert step_title(pilot) == "Step 8 of 8"
        await press(pilot, "home", "left")
        assert step_title(pilot) == "Step 1 of 8"
        # The options list has the focus (up/down move in it), yet Home/End still move the timeline.
        assert isinstance(pilot.app.focused, RecordedOptions)
        await press(pilot, "escape")
        assert not isinstance(pilot.app.screen, ReplayScreen)


async def test_each_step_shows_its_question_answer_and_recorded_options(make_app, kb, store):
    session = walked(kb)
    async with make_app().run_test(size=(120, 40)) as pilot:
        await open_replay(pilot, session, store)
        await press(pilot, "right", "right", "right", "right", "right")
        text = static_text(pilot, "#replay-step-text")
        assert "Question: Goals" in text
        assert "Answer: Control and quality of life" in text
        assert "Recorded 2026-11-20 09:36" in text
        names = options_text(pilot)
        assert session.steps[5].shown
        for option_id in session.steps[5].shown:
            assert kb.option(option_id).name in names
        assert "today" not in names  # same knowledge base: no drift marks
        assert "shows the same options at every step" in flat(screen_text(pilot))
        # The highlighted option's notes are beside the list.
        assert "Shown at this step; today's knowledge base shows it too." in static_text(pilot, "#replay-notes #notes-text")


async def test_a_changed_answer_says_what_it_was_became_and_dropped(make_app, kb, store):
    session = walked(kb)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, session, store)
        await press(pilot, "end", "left")
        text = static_text(pilot, "#replay-step-text")
        assert "Changed an earlier answer" in text
        assert "Was: Relapsed" in text
        assert "Became: Refractory" in text
        assert "Dropped later answers: First remission" in text
        assert "Step 7/8" in screen_text(pilot) and "7↺" in screen_text(pilot)


# --- drift against today's knowledge base ----------------------------------------------------


async def test_options_today_would_show_differently_are_marked(make_app, kb, store):
    session = walked(kb)
    async with make_app(today_kb(kb)).run_test(size=(120, 40)) as pilot:
        await open_replay(pilot, session, store)
        screen = flat(screen_text(pilot))
        assert f"Recorded with knowledge base {kb.version}; notes are from today's 2099.1." in screen
        assert "other options at 3 of 8 steps; first: step 6." in screen
        await press(pilot, "d")  # to the first step that drifts
        assert step_title(pilot) == "Step 6 of 8"
        names = options_text(pilot)
        assert "clinical-trials (no longer in the knowledge base)" in names
        assert "clinical-trials (no longer in the knowledge base) − today" in names
        assert "New approach standard · + today" in names
        text = static_text(pilot, "#replay-step-text")
        assert "+ today: would also show New approach" in text
        assert "− today: would no longer show clinical-trials (no longer in the knowledge base)" in text


async def test_a_recorded_option_today_hides_for_the_same_answers(make_app, kb, store):
    """Same base, but the record says one more option was on screen at step 2: marked − today."""
    session = walked(kb)
    steps = list(session.steps)
    steps[1] = evolve(steps[1], shown=(*steps[1].shown, "gilteritinib"))
    session = evolve(session, steps=tuple(steps))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, session, store)
        assert "other options at 1 of 8 steps; first: step 2." in flat(screen_text(pilot))
        await press(pilot, "d")  # the next step that drifts
        assert step_title(pilot) == "Step 2 of 8"
        assert "Gilteritinib" in options_text(pilot) and "− today" in options_text(pilot)
        assert "2*" in screen_text(pilot)


async def test_a_question_that_no_longer_exists_is_said_so(make_app, kb, store):
    session = walked(kb)
    gone = Step(9, MOMENT, "old_question", ("yes",), session.steps[-1].shown)
    session = evolve(session, steps=(*session.steps, gone))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, session, store)
        await press(pilot, "end")
        text = static_text(pilot, "#replay-step-text")
        assert "Question: old_question (question no longer in the knowledge base)" in text
        assert "Answer: yes" in text
        assert "Answers questions that no longer exist: old_question" in text


# --- comments --------------------------------------------------------------------------------


async def type_comment(pilot, text: str, author: str = "") -> CommentDialog:
    await press(pilot, "c")
    dialog = pilot.app.screen
    assert isinstance(dialog, CommentDialog)
    if author:
        dialog.query_one("#comment-author", Input).value = author
    pilot.app.post_message(events.Paste(text))  # as the terminal driver delivers a paste
    await pilot.pause()
    return dialog


async def test_a_comment_is_saved_to_disk_at_once(make_app, kb, store):
    session = walked(kb)
    path = store.save(session)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, session, store)
        await press(pilot, "right")
        await type_comment(pilot, "Check the remission length.", author="Dr Reviewer")
        await press(pilot, "ctrl+s")
        saved = store.load(path)
        assert [(c.step, c.author, c.text) for c in saved.comments] == [(2, "Dr Reviewer", "Check the remission length.")]
        assert isinstance(pilot.app.screen, ReplayScreen)
        text = static_text(pilot, "#replay-step-text")
        assert "Comments (1)" in text and "Dr Reviewer" in text and "Check the remission length." in text
        assert "2✎" in screen_text(pilot)
        # The author is asked once: the next comment's dialog already has it.
        await press(pilot, "c")
        assert pilot.app.screen.query_one("#comment-author", Input).value == "Dr Reviewer"


async def test_the_comment_dialog_says_only_what_is_true_ctrl_s_saves(make_app, kb, store):
    session = walked(kb)
    path = store.save(session)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, session, store)
        await type_comment(pilot, "Typed, not saved.", author="Dr Reviewer")
        text = flat(screen_text(pilot))
        assert text.count("Ctrl+S saves it to the session file") == 1
        assert "at once" not in text.lower()
        assert store.load(path).comments == ()  # typing saves nothing
        await press(pilot, "escape")  # closing keeps a draft, in memory only
        assert isinstance(pilot.app.screen, ReplayScreen) and store.load(path).comments == ()


async def test_a_comment_that_looks_like_it_holds_an_identifier_is_saved_on_a_second_ctrl_s(make_app, kb, store):
    session = walked(kb)
    path = store.save(session)
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, session, store)
        dialog = await type_comment(pilot, "Mrs Jones, MRN 00123456: relapsed after 7+3", author="Dr Reviewer")
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: "patient identifier" in flat(screen_text(pilot)), "the warning")
        assert "“Mrs Jones” (a name), “MRN”, “00123456” (a long number)" in static_text(pilot, "#comment-problem")
        assert pilot.app.screen is dialog and store.load(path).comments == ()
        await press(pilot, "ctrl+s")  # the user's choice: saved as it is
        assert [c.text for c in store.load(path).comments] == ["Mrs Jones, MRN 00123456: relapsed after 7+3"]


async def test_the_author_defaults_to_the_user_name(make_app, kb, store, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "reviewer7")
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, walked(kb), store)
        await press(pilot, "c")
        assert pilot.app.screen.query_one("#comment-author", Input).value == "reviewer7"


async def test_a_locked_session_refuses_the_comment_and_keeps_the_text(make_app, kb, store):
    session = walked(kb)
    path = store.save(session)
    held = store.hold(session)
    try:
        async with make_app().run_test(size=(80, 24), notifications=True) as pilot:
            await open_replay(pilot, session, store)
            dialog = await type_comment(pilot, "Typed while someone records.", author="Ann")
            await press(pilot, "ctrl+s")
            assert pilot.app.screen is dialog  # still open
            assert dialog.query_one(TextArea).text == "Typed while someone records."
            assert "Comment not saved" in screen_text(pilot)
            assert "Another amltui is recording this" in screen_text(pilot)
            assert store.load(path).comments == ()
            held.release()
            await press(pilot, "ctrl+s")  # once the other amltui lets go, the same text saves
            assert [c.text for c in store.load(path).comments] == ["Typed while someone records."]
    finally:
        held.release()


async def test_closing_the_dialog_keeps_the_draft(make_app, kb, store):
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, walked(kb), store)
        await type_comment(pilot, "half a thought")
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, ReplayScreen)
        await press(pilot, "c")
        assert pilot.app.screen.query_one(TextArea).text == "half a thought"


@pytest.mark.parametrize("reason", ["", "in use by another amltui"])
async def test_read_only_replay_says_why_and_takes_no_comment(make_app, kb, store, reason):
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, walked(kb), None if not reason else store, read_only_reason=reason)
        why = reason or "opened without a sessions folder"
        assert f"Read-only: {why}; comments cannot be saved." in flat(screen_text(pilot))
        await press(pilot, "c")
        assert isinstance(pilot.app.screen, ReplayScreen)


# --- text shown literally --------------------------------------------------------------------


async def test_hostile_title_and_comments_show_literally_and_are_stored_as_typed(make_app, kb, store):
    session = walked(kb, title=f"Case {NASTY} {ESCAPE}")
    session = still(session.with_comment(1, f"Eve {NASTY}", f"Old {NASTY}\nline two {ESCAPE}"))
    path = store.save(session)
    typed = f"New {NASTY} {ESCAPE}\x07end"
    async with make_app().run_test(size=(160, 50)) as pilot:
        await open_replay(pilot, session, store)
        screen = flat(screen_text(pilot))
        assert f"Replay: Case {NASTY} \\x1b[31mred\\x1b]0;retitled\\x07" in screen
        text = static_text(pilot, "#replay-step-text")
        assert f"Eve {NASTY}" in text
        assert f"Old {NASTY} line two \\x1b[31mred" in text
        await type_comment(pilot, typed, author="Mallory")
        await press(pilot, "ctrl+s")
        assert store.load(path).comments[-1].text == typed  # stored exactly as typed
        text = static_text(pilot, "#replay-step-text")
        assert "New [TODO] [/b] [@click=app.quit]x[/] [unclosed \\x1b[31mred\\x1b]0;retitled\\x07\\x07end" in text
        assert "\x1b" not in screen_text(pilot)
        assert pilot.app.is_running  # [@click=app.quit] did nothing


# --- layout ----------------------------------------------------------------------------------


async def test_narrow_swaps_the_step_for_the_notes_and_wide_shows_all(make_app, kb, store):
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, walked(kb), store)
        step, notes = pilot.app.screen.query_one("#replay-step"), pilot.app.screen.query_one("#replay-notes")
        assert step.display and not notes.display
        await press(pilot, "n")
        assert notes.display and not step.display
        assert pilot.app.focused is notes
        await press(pilot, "n")
        assert step.display and not notes.display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert step.display and notes.display


async def test_a_long_session_opens_and_moves_to_its_end(make_app, kb, store):
    session = walked(kb)
    last = session.steps[-1]
    many = tuple(evolve(last, number=n) for n in range(len(session.steps) + 1, 1001))
    session = evolve(session, steps=(*session.steps, *many))
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, session, store)
        assert "Step 1/1000" in screen_text(pilot)
        await press(pilot, "end")
        assert "Step 1000/1000" in screen_text(pilot)
        assert step_title(pilot) == "Step 1000 of 1000"


# --- snapshots -------------------------------------------------------------------------------


def snapshot_app() -> tuple[AmlApp, Session]:
    kb = load_knowledge(bundled_knowledge())
    session = walked(kb, title="Teaching case 2 (no patient data)")
    session = session.with_comment(7, "Dr Reviewer", "Why was the status changed here? The remission answer went with it.")
    session = still(session.with_comment(7, "Trainer", "Discussed in class."))
    return AmlApp(today_kb(kb), today=TODAY), session


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")])
def test_snapshot_replay_with_drift_and_comments(snap_compare, tmp_path, size):
    app, session = snapshot_app()

    async def run_before(pilot) -> None:
        await open_replay(pilot, session, SessionStore(tmp_path))
        await press(pilot, "end", "left")  # step 7: the changed answer, with its comments

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_snapshot_replay_notes_pane_80x24(snap_compare, tmp_path):
    app, session = snapshot_app()

    async def run_before(pilot) -> None:
        await open_replay(pilot, session, SessionStore(tmp_path), read_only_reason="in use by another amltui")
        await press(pilot, "n")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_what_if_from_a_step_is_read_only_and_changes_nothing(make_app, kb, store):
    from amltui.tui.screens.what_if import WhatIfScreen

    session = walked(kb)
    path = store.save(session)
    before = path.read_bytes()
    async with make_app().run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, session, store)
        await press(pilot, "right")  # step 2: the answers in force after it
        await press(pilot, "w")
        screen = pilot.app.screen
        assert isinstance(screen, WhatIfScreen) and not screen.can_apply
        assert screen.answers == dict(session.answers_at(2))
        await press(pilot, "escape")  # from the first level, Escape closes the what-if view
        assert isinstance(pilot.app.screen, ReplayScreen)
    assert path.read_bytes() == before

"""Drift against today's knowledge base, comparing sessions, and the reports."""

from __future__ import annotations

import datetime as dt
import json
import re

from attrs import evolve

from amltui.sessions import Session
from amltui.sessions.export import to_json, to_markdown
from amltui.sessions.review import compare, drift
from tests.sessions.fixtures import record


def with_goals(kb, session: Session) -> Session:
    """The relapse session answered up to the goals, so every option that depends on them is decided."""
    return record(kb, record(kb, session, "fitness", "unfit"), "goals", "control")


def test_no_drift_when_recorded_with_the_same_knowledge(kb, relapse_session):
    assert not any(d.any for d in drift(relapse_session, kb))


def test_drift_names_options_that_would_now_differ_and_questions_that_are_gone(kb, relapse_session):
    relapse_session = with_goals(kb, relapse_session)
    last = relapse_session.steps[-1]
    tampered = evolve(last, shown=(*last.shown[1:], "option-since-removed"))
    session = evolve(relapse_session, steps=(*relapse_session.steps[:-1], tampered))
    session = session.with_step("question_since_removed", ("x",), tampered.shown)
    final = drift(session, kb)[-2]
    assert final.appeared == (last.shown[0],)
    assert final.disappeared == ("option-since-removed",)
    assert drift(session, kb)[-1].missing_questions == ("question_since_removed",)


def test_compare_two_sessions(kb, relapse_session):
    relapse_session = with_goals(kb, relapse_session)
    other = record(kb, relapse_session, "markers", "idh2")
    difference = compare(relapse_session, other, kb)
    assert [(d.question, d.first, d.second) for d in difference.answers] == [("markers", ("flt3",), ("idh2",))]
    assert difference.only_first == ("gilteritinib", "hma-sorafenib")
    assert difference.only_second == ("enasidenib",)
    assert compare(relapse_session, relapse_session, kb).same


def test_markdown_report_has_every_part_and_shows_stored_text_literally(kb, relapse_session):
    session = record(kb, relapse_session.renamed("[TODO] \x1b[2J *bold* <script>"), "disease_status", "refractory")
    session = with_goals(kb, record(kb, session, "markers", "flt3"))
    session = session.with_comment(5, "rev\x07", "check [/b] and [@click=app.quit]")
    report = to_markdown(session, kb, today=dt.date(2026, 11, 21))
    assert "\x1b" not in report and "\x07" not in report
    assert report.startswith("# \\[TODO\\] \\\\x1b\\[2J \\*bold\\* &lt;script&gt;")
    for heading in ("## Answers", "## Options shown at the last step", "## Changed answers", "## Drift", "## Comments"):
        assert heading in report
    assert "Educational tool, not medical advice" in report
    assert "Disease status changed from Relapsed to Refractory; dropped: First remission, Previous transplant" in report
    assert "possibly outdated" in report  # the 2011 page and the 2021 review, as of 2026-11-21
    assert "check \\[/b\\] and \\[@click=app.quit\\]" in report


def test_json_report(kb, relapse_session):
    data = json.loads(to_json(relapse_session.renamed("a\x1bb"), kb))
    assert data["title"] == "a\\x1bb"
    assert data["answers"]["markers"] == ["flt3"]
    assert data["knowledge"]["same_content"] is True
    assert len(data["steps"]) == 4 and data["steps"][0]["question"] == "disease_status"


def test_a_training_report_puts_each_answer_beside_the_cases_and_scores_predictions(kb):
    from amltui import engine

    scenario = kb.scenario("01-refractory-flt3")
    session = Session.new("Training: case 1", kb.version, kb.digest, mode="training", scenario=scenario.id)
    # The learner says "relapsed" (the case says refractory), predicting only the clinical trial.
    change = engine.answer(kb, {}, "disease_status", ["relapsed"])
    session = session.with_step(
        "disease_status", ("relapsed",), engine.shown_ids(kb, change.answers), predicted=("clinical-trials",)
    )
    change = engine.answer(kb, session.answers, "disease_status", ["refractory"])
    session = session.with_step("disease_status", ("refractory",), engine.shown_ids(kb, change.answers), change.dropped)
    report = to_markdown(session, kb)
    training = report.split("## Training", 1)[1]
    assert "Case: Primary refractory AML with a new FLT3 mutation (`01-refractory-flt3`)" in training
    assert "Answers matched: 0 of 1" in training
    # Nothing appears yet (every option waits for a question still to come): the guess was wrong.
    assert "Step 1, Disease status: Relapsed (expected Refractory); prediction 0 of 1, wrongly expected: Clinical trial" in training
    assert "The case's answer was applied after a different one at: Disease status" in training
    document = json.loads(to_json(session, kb))
    assert document["scenario"] == scenario.id
    assert [s["predicted"] for s in document["steps"]] == [["clinical-trials"], None]


def test_an_explore_report_has_no_training_section(kb, relapse_session):
    assert "## Training" not in to_markdown(relapse_session, kb)


def report_section(report: str, heading: str) -> list[str]:
    """The lines under one '## ' heading of a Markdown report."""
    part = report.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return [line for line in part.splitlines()[1:] if line.strip()]


def test_the_report_keeps_the_notices_the_screen_showed(kb):
    session = Session.new("Notices", kb.version, kb.digest)
    for question, answer in [("disease_status", "refractory"), ("markers", "tp53"), ("fitness", "unfit"),
                             ("goals", "control"), ("region", "uk")]:
        session = record(kb, session, question, answer)
    report = to_markdown(session, kb, today=dt.date(2026, 11, 21))
    notices = report_section(report, "Notices at the last step")
    from amltui import engine

    expected = engine.evaluate(kb, session.answers).notices
    assert len(notices) == len(expected) and expected
    ids = {n.id for n in expected}
    assert {"tp53-no-approved-drug", "approvals-outside-us-eu", "refractory-no-transplant-questions"} <= ids
    silent = [line for line in notices if "**The sources are silent here:**" in line]
    assert len(silent) == sum(1 for n in expected if n.kind == "gap")
    newer = [n for n in expected if n.newer]
    assert sum(1 for line in notices if kb.layer_mark in line) == len(newer)  # the layer's mark kept


def test_the_report_lists_what_was_not_shown_and_what_would_show_it(kb, relapse_session):
    from amltui import engine

    report = to_markdown(relapse_session, kb)
    lines = report_section(report, "Options not shown at the last step, and what would show each")
    hidden = engine.evaluate(kb, relapse_session.answers).hidden
    entries = [line for line in lines if line.startswith("- ")]
    assert len(entries) == len(hidden)
    supportive = next(line for line in entries if line.startswith("- **Supportive care"))
    assert supportive.endswith("would show with once Goals is answered")


def test_answers_are_in_question_order_and_the_history_comes_after(kb, relapse_session):
    # markers answered, then the first answer changed back and forth: time order differs from
    # question order.
    session = record(kb, relapse_session, "disease_status", "refractory")
    session = record(kb, session, "markers", "flt3")
    session = record(kb, session, "fitness", "fit")
    answers = [line.split("**")[1] for line in report_section(to_markdown(session, kb), "Answers")]
    order = [q.title for q in kb.questions if q.id in session.answers]
    assert answers == order
    report = to_markdown(session, kb)
    assert report.index("## Answers") < report.index("## Options not shown") < report.index("## Changed answers")


def test_each_source_is_cited_in_full_once_then_referred_to(kb, relapse_session):
    session = with_goals(kb, relapse_session)
    report = to_markdown(session, kb, today=dt.date(2026, 11, 21))
    source = kb.sources["thol-2021"]
    assert report.count(source.title) == 1
    read = report.replace("\\[", "[").replace("\\]", "]")  # Markdown's escaped brackets, as a reader sees them
    first = re.search(r"Source: \[(\d+)\] " + re.escape(source.publisher), read)
    assert first is not None
    assert f"Source: [{first[1]}], " in read  # cited again: by its number and the place


def test_json_report_has_the_notices_and_the_options_not_shown(kb, relapse_session):
    data = json.loads(to_json(relapse_session, kb))
    assert list(data["answers"]) == [q.id for q in kb.questions if q.id in relapse_session.answers]
    assert {"id", "kind", "text", "newer", "cites"} <= set(data["notices"][0])
    assert {"id", "name", "newer", "would_show"} <= set(data["not_shown"][0])

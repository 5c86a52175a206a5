"""A training room's summary as a report: Markdown for people, JSON for programs.

Names come from learners' files: in Markdown they are written literally (the escapes of session
reports, `export.md`), in JSON as strings with every unseen character escaped (`json_text`).
"""

from __future__ import annotations

from typing import Any

from amltui.engine.room import RoomSummary
from amltui.knowledge import KnowledgeBase
from amltui.knowledge.labels import answer_labels, question_title
from amltui.sessions.export import md
from amltui.sessions.rooms.records import RoomState
from amltui.terminal_text import json_text


def _names(kb: KnowledgeBase, counted: tuple[tuple[str, int], ...]) -> list[dict[str, Any]]:
    return [{"option": i, "name": o.name if (o := kb.option(i)) else i, "learners": n} for i, n in counted]


def _percent(count: int, out_of: int) -> str:
    return f"{count} of {out_of} ({round(100 * count / out_of)}%)" if out_of else "none"


def to_markdown(kb: KnowledgeBase, state: RoomState, summary: RoomSummary) -> str:
    lines = [
        f"# Training room {state.code}: {md(summary.scenario.title)}",
        "",
        f"Opened {state.opened:%Y-%m-%d %H:%M} UTC · knowledge base {md(state.knowledge_version)} · "
        f"{len(summary.steps)} of {len(summary.scenario.steps)} steps revealed"
        + (" · ended" if state.ended else " · still open"),
        "",
        "Educational use only, not medical advice. Names are the display names learners chose.",
        "",
        "## Steps",
        "",
    ]
    for tally in summary.steps:
        step = tally.step
        lines += [
            f"### {step.number}. {md(question_title(kb, step.question))}",
            "",
            f"- Case answer: {md(answer_labels(kb, step.question, step.expected))}",
            f"- Answered as the case: {_percent(tally.matched, tally.committed)}",
            f"- Predicted every change right: {_percent(tally.perfect, tally.predicted)}"
            + (f" ({tally.skipped} skipped)" if tally.skipped else ""),
        ]
        for title, counted in (("Most missed", tally.missed), ("Most wrongly expected", tally.wrong)):
            if counted:
                lines.append(f"- {title}: " + ", ".join(f"{md(d['name'])} ({d['learners']})" for d in _names(kb, counted[:3])))
        lines.append("")
    lines += ["## Learners", "", "| Learner | Steps | Answers as the case | Prediction |", "| --- | --- | --- | --- |"]
    for score in summary.learners:
        prediction = f"{score.points} of {score.out_of}" if score.out_of else "none made"
        lines.append(f"| {md(score.name)} | {score.committed} | {score.matched} | {prediction} |")
    return "\n".join(lines) + "\n"


def to_json(kb: KnowledgeBase, state: RoomState, summary: RoomSummary) -> str:
    document = {
        "room": state.code,
        "scenario": {"id": summary.scenario.id, "title": summary.scenario.title},
        "knowledge": {"version": state.knowledge_version, "digest": state.knowledge_digest},
        "opened": state.opened.isoformat(),
        "ended": state.ended,
        "record": state.session,
        "steps": [
            {
                "number": t.step.number,
                "question": t.step.question,
                "expected": list(t.step.expected),
                "committed": t.committed,
                "matched": t.matched,
                "predicted": t.predicted,
                "perfect": t.perfect,
                "skipped": t.skipped,
                "expected_by": _names(kb, t.expected_by),
                "missed": _names(kb, t.missed),
                "wrongly_expected": _names(kb, t.wrong),
                "appeared": list(t.step.appeared),
                "disappeared": list(t.step.disappeared),
            }
            for t in summary.steps
        ],
        "learners": [
            {"name": s.name, "committed": s.committed, "matched": s.matched, "points": s.points, "out_of": s.out_of}
            for s in summary.learners
        ],
    }
    return json_text(document) + "\n"

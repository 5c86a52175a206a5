"""Session reports: Markdown for people, JSON for programs.

Stored text may hold anything: control characters become visible placeholders, and in Markdown
HTML's `&`, `<` and `>` are written as entities and the characters that would start formatting
are escaped, so the report shows what was typed and a Markdown viewer runs none of it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from amltui import engine
from amltui.engine.badges import approval_text, badge, region_label, standing_notice
from amltui.knowledge import KnowledgeBase
from amltui.knowledge.labels import answer_labels, question_title
from amltui.knowledge.sources import Note
from amltui.sessions.model import Session
from amltui.sessions.review import drift, layer_use, same_knowledge
from amltui.sessions.training import summarise
from amltui.terminal_text import one_line, printable

# Characters that start inline formatting, links, code or tables; the text sits after "- " or
# "> ", so characters that matter only at the start of a line need no escape.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
# HTML: entities, which every Markdown viewer shows as the character (a backslash before `<`
# is not honoured by all of them, and `&` starts an entity of its own).
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md(text: str) -> str:
    """Stored text as literal Markdown on one line."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))
    return re.sub(r"[&<>]", lambda found: _HTML[found[0]], escaped)


def to_markdown(
    session: Session, kb: KnowledgeBase, today: dt.date | None = None, sources_only: bool | None = None
) -> str:
    """`sources_only`: hide (True) or show (False) the layer of changes since the sources; None:
    as the session recorded it. The report says which was used."""
    today = today or dt.date.today()
    use = layer_use(session, kb, sources_only)
    kb = use.kb
    lines = [
        f"# {md(session.title) or 'Untitled session'}",
        "",
        f"> {md(kb.disclaimer)}",
        "",
        f"- Session: `{session.id}`, mode {session.mode}, {'finished' if session.finished else 'not finished'}",
        f"- Created {session.created.isoformat()}, updated {session.updated.isoformat()}",
        f"- Knowledge base: version {md(session.knowledge_version)} when recorded; today {md(kb.version)}"
        + ("" if same_knowledge(session, kb) else " (content differs: see Drift)"),
        f"- Layer: {md(use.describe(session))}",
        f"- About the sources: {md(standing_notice(kb))}",
        "",
        "## Answers",
        "",
    ]
    for question_id, answer_ids in session.answers.items():
        lines.append(f"- **{md(question_title(kb, question_id))}**: {md(answer_labels(kb, question_id, answer_ids))}")
    lines += ["", "## Options shown at the last step", ""]
    lines += _options_markdown(session, kb, today)
    lines += ["", "## Changed answers", ""]
    lines += _changes_markdown(session, kb)
    lines += ["", "## Drift against today's knowledge base", ""]
    lines += _drift_markdown(session, kb)
    lines += training_markdown(session, kb)
    lines += ["", "## Comments", ""]
    if not session.comments:
        lines.append("No comments.")
    for comment in session.comments:
        lines.append(f"- Step {comment.step}, {md(comment.author)}, {comment.at.isoformat()}: {md(comment.text)}")
    return "\n".join(lines) + "\n"


def _options_markdown(session: Session, kb: KnowledgeBase, today: dt.date) -> list[str]:
    """Each option shown at the last step: its badge, why and where it is approved (if shown
    today too), and its notes with their sources."""
    evaluation = engine.evaluate(kb, session.answers)
    shown_now = {s.option.id: s for s in evaluation.shown}
    lines: list[str] = []
    for option_id in session.shown:
        option = kb.option(option_id)
        if option is None:
            lines.append(f"- {md(option_id)} (no longer in the knowledge base)")
            continue
        mark = f" ({md(kb.layer_mark)})" if option.newer else ""
        status = badge(kb, option, evaluation.answers)
        lines.append(f"- **{md(option.name)}** ({md(status.word)}){mark}")
        shown = shown_now.get(option_id)
        if shown:
            lines.append(f"  - Why: {md('; '.join(shown.reasons))}")
            lines.extend(
                f"  - Approval ({md(region_label(kb, line.region))}): {md(approval_text(kb, line))}" for line in status.lines
            )
            if status.plain:
                lines.append(f"  - Approval: {md(status.plain)}")
        for note in option.notes:
            newer = f" ({md(kb.layer_mark)})" if note.newer else ""
            lines.append(f"  - {md(note.text)} Source: {md(_cited(kb, note, today))}{newer}")
    return lines


def _cited(kb: KnowledgeBase, note: Note, today: dt.date) -> str:
    """Where a note comes from: publisher, title, place and date (with its currency), or the
    source id alone when the knowledge base no longer has that source."""
    source = kb.sources.get(note.cites.source)
    if source is None:
        return note.cites.source
    dated = [source.date] if source.published is not None else []  # undated: currency says so
    currency = [source.currency(today)] if source.currency(today) else []
    return f"{source.publisher}, {source.title}, {note.cites.place} (" + ", ".join(dated + currency) + ")"


def _changes_markdown(session: Session, kb: KnowledgeBase) -> list[str]:
    history = [s for s in session.steps if s.is_change]
    if not history:
        return ["No answer was changed."]
    lines = []
    for step in history:
        text = (
            f"- Step {step.number}, {step.at.isoformat()}: {md(question_title(kb, step.question))} changed from "
            f"{md(answer_labels(kb, step.question, step.previous))} to {md(answer_labels(kb, step.question, step.answers))}"
        )
        if step.dropped:
            text += "; dropped: " + md(", ".join(question_title(kb, q) for q in step.dropped))
        lines.append(text)
    return lines


def _drift_markdown(session: Session, kb: KnowledgeBase) -> list[str]:
    drifted = [d for d in drift(session, kb) if d.any]
    if not drifted:
        return ["Today's knowledge base shows the same options at every step."]
    lines = []
    for d in drifted:
        parts = []
        if d.appeared:
            parts.append("would now also show " + md(", ".join(d.appeared)))
        if d.disappeared:
            parts.append("would no longer show " + md(", ".join(d.disappeared)))
        if d.missing_questions:
            parts.append("answers questions that no longer exist: " + md(", ".join(d.missing_questions)))
        lines.append(f"- Step {d.step}: " + "; ".join(parts))
    return lines


def training_markdown(session: Session, kb: KnowledgeBase) -> list[str]:
    """For a training session: the case, each answer beside the case's, and the prediction scores."""
    if session.mode != "training":
        return []
    lines = ["", "## Training", ""]
    scenario = kb.scenario(session.scenario)
    if scenario is None:
        return [*lines, f"Case {md(session.scenario)} is not in today's knowledge base; no comparison is possible."]
    summary = summarise(session, scenario, kb)
    lines += [
        f"- Case: {md(scenario.title)} (`{md(scenario.id)}`)",
        f"- Answers matched: {summary.matched} of {len(summary.compared)}",
        (
            f"- Prediction score: {summary.prediction_points} of {summary.prediction_out_of} right, "
            f"over {len(summary.predictions)} prediction{'s' if len(summary.predictions) != 1 else ''}"
        ),
        "",
    ]
    for result in summary.results:
        title = md(question_title(kb, result.question))
        given = md(answer_labels(kb, result.question, result.given))
        if result.expected is None:
            text = f"- Step {result.number}, {title}: {given} (the case has no answer here)"
        else:
            mark = "matches" if result.matched else "expected " + md(answer_labels(kb, result.question, result.expected))
            text = f"- Step {result.number}, {title}: {given} ({mark})"
        score = result.prediction
        if score is not None:
            text += f"; prediction {score.points} of {score.out_of}"
            for label, ids in (("missed", score.missed), ("wrongly expected", score.wrong)):
                if ids:
                    names = [option.name if (option := kb.option(i)) else i for i in ids]
                    text += f", {label}: " + md(", ".join(names))
        lines.append(text)
    if summary.applied:
        lines += ["", "The case's answer was applied after a different one at: " + md(", ".join(question_title(kb, q) for q in summary.applied))]
    return lines


def to_json(session: Session, kb: KnowledgeBase, sources_only: bool | None = None) -> str:
    use = layer_use(session, kb, sources_only)
    kb = use.kb
    evaluation = engine.evaluate(kb, session.answers)
    document: dict[str, Any] = {
        "disclaimer": kb.disclaimer,
        "about_the_sources": standing_notice(kb),
        "id": session.id,
        "title": printable(session.title),
        "mode": session.mode,
        "scenario": session.scenario,
        "finished": session.finished,
        "created": session.created.isoformat(),
        "updated": session.updated.isoformat(),
        "knowledge": {
            "recorded_version": session.knowledge_version,
            "recorded_digest": session.knowledge_digest,
            "current_version": kb.version,
            "same_content": same_knowledge(session, kb),
        },
        "layer": {
            "in_knowledge_base": kb.layer is not None,
            "shown": kb.layer_on,
            "recorded_sources_only": session.sources_only,
            "as_recorded": use.as_recorded,
            "checked_up_to": kb.layer.checked_up_to.isoformat() if kb.layer and kb.layer.checked_up_to else None,
            "mark": kb.layer_mark if kb.layer else None,
            "said": use.describe(session),
        },
        "answers": {q: sorted(a) for q, a in session.answers.items()},
        "shown": list(session.shown),
        # The options shown at the last step, as today's knowledge base describes them.
        "options": [
            {
                "id": s.option.id,
                "name": s.option.name,
                "badge": badge(kb, s.option, evaluation.answers).word,
                "newer": s.option.newer,
                "approvals": [
                    {"region": a.region, "text": a.text, "approved": a.approved, "newer": a.newer} for a in s.approvals
                ],
            }
            for s in evaluation.shown
            if s.option.id in session.shown
        ],
        "steps": [
            {
                "number": s.number,
                "at": s.at.isoformat(),
                "question": s.question,
                "answers": list(s.answers),
                "shown": list(s.shown),
                "previous": list(s.previous),
                "dropped": list(s.dropped),
                "predicted": None if s.predicted is None else list(s.predicted),
            }
            for s in session.steps
        ],
        "drift": [
            {"step": d.step, "appeared": list(d.appeared), "disappeared": list(d.disappeared), "missing_questions": list(d.missing_questions)}
            for d in drift(session, kb)
            if d.any
        ],
        "comments": [
            {"step": c.step, "author": printable(c.author), "at": c.at.isoformat(), "text": printable(c.text)}
            for c in session.comments
        ],
    }
    # ensure_ascii keeps every control or escape character as a \u escape in the JSON text.
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"

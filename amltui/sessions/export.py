"""Session reports: Markdown for people (JSON for programs is in `export_json`).

A printed report carries everything the screen showed at the last step that bears on the
decision: the answers in question order, the notices (guidance, the regional-approval warning,
every "the sources are silent here"), the options shown with why and what the sources say, the
options not shown with what would show each, and then the history, drift, training and comments.
Each source is cited in full once, then referred back to. The layer's items keep their mark.
"""

from __future__ import annotations

import datetime as dt

from amltui import engine
from amltui.engine.badges import approval_text, badge, region_label, standing_notice
from amltui.knowledge import KnowledgeBase
from amltui.knowledge.citing import Citer
from amltui.knowledge.labels import answer_labels, question_title
from amltui.knowledge.models import Notice
from amltui.knowledge.sources import Citation
from amltui.knowledge.wording import WAITING_RULE
from amltui.sessions.export_json import to_json
from amltui.sessions.markdown_text import in_question_order, md
from amltui.sessions.model import Session
from amltui.sessions.review import drift, layer_use, same_knowledge

__all__ = ["answer_labels", "md", "question_title", "to_json", "to_markdown"]


def to_markdown(
    session: Session, kb: KnowledgeBase, today: dt.date | None = None, sources_only: bool | None = None
) -> str:
    """`sources_only`: hide (True) or show (False) the layer of changes since the sources; None:
    as the session recorded it. The report says which was used."""
    from amltui.sessions.export_training import training_markdown  # it builds on this module's pieces

    use = layer_use(session, kb, sources_only)
    kb = use.kb
    evaluation = engine.evaluate(kb, session.answers)
    citer = Citer(kb, today or dt.date.today())
    lines = [
        *header(session, kb, use.describe(session)),
        *answers_section(session, kb),
        *notices_section(kb, evaluation, citer),
        *shown_section(session, kb, evaluation, citer),
        *not_shown_section(kb, evaluation),
        *history_section(session, kb),
        *drift_section(session, kb),
        *training_markdown(session, kb),
        *comments_section(session),
    ]
    return "\n".join(lines) + "\n"


def header(session: Session, kb: KnowledgeBase, layer: str) -> list[str]:
    return [
        f"# {md(session.title) or 'Untitled session'}",
        "",
        f"> {md(kb.disclaimer)}",
        "",
        f"- Session: `{session.id}`, mode {session.mode}, {'finished' if session.finished else 'not finished'}",
        f"- Created {session.created.isoformat()}, updated {session.updated.isoformat()}",
        f"- Knowledge base: version {md(session.knowledge_version)} when recorded; today {md(kb.version)}"
        + ("" if same_knowledge(session, kb) else " (content differs: see Drift)"),
        f"- Layer: {md(layer)}",
        f"- About the sources: {md(standing_notice(kb))}",
    ]


def answers_section(session: Session, kb: KnowledgeBase) -> list[str]:
    """In the order the questions are asked (not the order they were answered); answers to
    questions the knowledge base no longer has come last."""
    answers = session.answers
    order = in_question_order(kb, answers)
    lines = ["", "## Answers", ""]
    lines.extend(
        f"- **{md(question_title(kb, question_id))}**: {md(answer_labels(kb, question_id, answers[question_id]))}"
        for question_id in order
    )
    return lines if order else [*lines, "No question was answered."]


def notices_section(kb: KnowledgeBase, evaluation: engine.Evaluation, citer: Citer) -> list[str]:
    lines = ["", "## Notices at the last step", ""]
    lines.extend(f"- {notice_line(kb, notice, citer)}" for notice in evaluation.notices)
    return lines if evaluation.notices else [*lines, "No notice applies to these answers."]


def notice_line(kb: KnowledgeBase, notice: Notice, citer: Citer) -> str:
    """A gap is said plainly ("The sources are silent here"); guidance carries its citations."""
    head = "**The sources are silent here:**" if notice.kind == "gap" else "**Guidance:**"
    text = f"{head} {md(notice.text)}{mark(kb, notice.newer)}"
    return text + "".join(f" {cited(citer, c)}" for c in notice.cites)


def shown_section(session: Session, kb: KnowledgeBase, evaluation: engine.Evaluation, citer: Citer) -> list[str]:
    """The options recorded at the last step, as today's knowledge base explains them."""
    shown_now = {s.option.id: s for s in evaluation.shown}
    lines = ["", "## Options shown at the last step", ""]
    for option_id in session.shown:
        option = kb.option(option_id)
        if option is None:
            lines.append(f"- {md(option_id)} (no longer in the knowledge base)")
            continue
        status = badge(kb, option, evaluation.answers)
        lines.append(f"- **{md(option.name)}** ({md(status.word)}){mark(kb, option.newer)}")
        shown = shown_now.get(option_id)
        if shown:
            lines.append(f"  - Why: {md('; '.join(shown.reasons) or 'shown for every answer')}")
            lines.extend(
                f"  - Approval ({md(region_label(kb, line.region))}): {md(approval_text(kb, line))} {cited(citer, line.cites)}"
                for line in status.lines
            )
            if status.plain:
                lines.append(f"  - Approval: {md(status.plain)}")
        lines.extend(f"  - {md(note.text)} {cited(citer, note.cites)}{mark(kb, note.newer)}" for note in option.notes)
    return lines if session.shown else [*lines, "No option was shown."]


def not_shown_section(kb: KnowledgeBase, evaluation: engine.Evaluation) -> list[str]:
    lines = ["", "## Options not shown at the last step, and what would show each", "", md(WAITING_RULE), ""]
    for hidden in evaluation.hidden:
        would = hidden.would_show or "no answer shows it"
        lines.append(f"- **{md(hidden.option.name)}**{mark(kb, hidden.option.newer)}: would show with {md(would)}")
    return lines if evaluation.hidden else [*lines, "Every option is shown."]


def history_section(session: Session, kb: KnowledgeBase) -> list[str]:
    history = [s for s in session.steps if s.is_change]
    lines = ["", "## Changed answers", ""]
    for step in history:
        text = (
            f"- Step {step.number}, {step.at.isoformat()}: {md(question_title(kb, step.question))} changed from "
            f"{md(answer_labels(kb, step.question, step.previous))} to {md(answer_labels(kb, step.question, step.answers))}"
        )
        if step.dropped:
            text += "; dropped: " + md(", ".join(question_title(kb, q) for q in step.dropped))
        lines.append(text)
    return lines if history else [*lines, "No answer was changed."]


def drift_section(session: Session, kb: KnowledgeBase) -> list[str]:
    drifted = [d for d in drift(session, kb) if d.any]
    lines = ["", "## Drift against today's knowledge base", ""]
    for d in drifted:
        parts = []
        if d.appeared:
            parts.append("would now also show " + md(", ".join(d.appeared)))
        if d.disappeared:
            parts.append("would no longer show " + md(", ".join(d.disappeared)))
        if d.missing_questions:
            parts.append("answers questions that no longer exist: " + md(", ".join(d.missing_questions)))
        lines.append(f"- Step {d.step}: " + "; ".join(parts))
    return lines if drifted else [*lines, "Today's knowledge base shows the same options at every step."]


def comments_section(session: Session) -> list[str]:
    lines = ["", "## Comments", ""]
    lines.extend(
        f"- Step {comment.step}, {md(comment.author)}, {comment.at.isoformat()}: {md(comment.text)}"
        for comment in session.comments
    )
    return lines if session.comments else [*lines, "No comments."]


def cited(citer: Citer, cites: Citation) -> str:
    return f"Source: {md(citer.cite(cites).text)}."


def mark(kb: KnowledgeBase, newer: bool) -> str:
    """The layer's mark after an item of the layer."""
    return f" ({md(kb.layer_mark)})" if newer else ""

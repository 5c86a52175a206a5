"""What the replay says: about the session's knowledge and drift, and everything at one step."""

from __future__ import annotations

import getpass
from collections.abc import Sequence

from textual.content import Content

from amltui.knowledge.labels import answer_labels, question_title
from amltui.knowledge.models import KnowledgeBase
from amltui.sessions import Comment, Session, Step
from amltui.sessions.review import LayerUse, StepDrift, same_knowledge
from amltui.terminal_text import one_line, printable
from amltui.tui import present
from amltui.tui.widgets.recorded_options import MINUS_TODAY, PLUS_TODAY, option_name

NO_STORE = "opened without a sessions folder"


def default_author() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name in the environment or the password file
        return ""


def knowledge_line(session: Session, kb: KnowledgeBase) -> Content:
    """Said plainly when the session was recorded with other knowledge than today's."""
    if same_knowledge(session, kb):
        return Content.assemble(("Recorded with today's knowledge base", present.MUTED), f" (version {one_line(kb.version)}).")
    recorded = one_line(session.knowledge_version)
    if session.knowledge_version == kb.version:
        recorded += " (its content has changed since)"
    return Content.assemble(
        ("⚠ ", present.WARNING),
        f"Recorded with knowledge base {recorded}; notes are from today's {one_line(kb.version)}.",
    )


def layer_line(use: LayerUse, session: Session) -> Content:
    """Which knowledge the replay uses: with the layer of later changes, or the sources alone."""
    return Content.assemble(("Layer: ", present.MUTED), use.describe(session))


def drift_line(drifts: tuple[StepDrift, ...]) -> Content:
    differing = [d for d in drifts if d.any]
    if not differing:
        return Content.styled("Today's knowledge base shows the same options at every step.", present.MUTED)
    return Content.assemble(
        ("Drift: ", present.WARNING),
        f"today's base shows other options at {len(differing)} of {len(drifts)} steps; first: step {differing[0].step}.",
    )


def _names(kb: KnowledgeBase, option_ids: tuple[str, ...]) -> Content:
    return Content(", ").join(option_name(kb, i) for i in option_ids)


def step_content(
    kb: KnowledgeBase,
    step: Step,
    change: StepDrift,
    comments: list[Comment],
    comment_hint: str,
    training: Sequence[Content] = (),
) -> Content:
    """Everything recorded at one step, with what today's knowledge base makes of it.

    `training`: for a training session, the case's expected answer (and the prediction), shown
    under the learner's answer (`training_feedback.replay_lines`).
    """
    question = kb.question(step.question)
    lines: list[Content] = [Content.styled(f"Recorded {present.when(step.at)}", present.MUTED)]
    if question is None:
        lines.append(Content.assemble(("Question: ", "bold"), (printable(question_title(kb, step.question)), present.WARNING)))
    else:
        lines += [Content.assemble(("Question: ", "bold"), question.title), Content.styled(question.prompt, present.MUTED)]
    lines.append(Content.assemble(("Answer: ", "bold"), printable(answer_labels(kb, step.question, step.answers))))
    lines += training
    if step.is_change:
        lines += [Content(""), Content.styled("Changed an earlier answer", present.HEADING)]
        lines.append(Content.assemble(("Was: ", "bold"), printable(answer_labels(kb, step.question, step.previous))))
        lines.append(Content.assemble(("Became: ", "bold"), printable(answer_labels(kb, step.question, step.answers))))
        dropped = ", ".join(question_title(kb, q) for q in step.dropped)
        lines.append(Content.assemble(("Dropped later answers: ", "bold"), printable(dropped) if dropped else "none"))
    elif step.dropped:
        dropped = ", ".join(question_title(kb, q) for q in step.dropped)
        lines.append(Content.assemble(("Dropped later answers: ", "bold"), printable(dropped)))
    if change.any:
        lines += [Content(""), Content.styled("Today, same answers", present.HEADING)]
        if change.appeared:
            lines.append(Content.assemble((f"{PLUS_TODAY}: ", "bold $text-success"), "would also show ", _names(kb, change.appeared)))
        if change.disappeared:
            lines.append(Content.assemble((f"{MINUS_TODAY}: ", "bold $text-error"), "would no longer show ", _names(kb, change.disappeared)))
        if change.missing_questions:
            missing = ", ".join(one_line(q) for q in change.missing_questions)
            lines.append(Content.assemble(("Answers questions that no longer exist: ", present.WARNING), missing))
    lines += [Content(""), Content.styled(f"Comments ({len(comments)})", present.HEADING)]
    for comment in comments:
        lines.append(Content.assemble((one_line(comment.author), "bold"), (f" · {present.when(comment.at)}", present.MUTED)))
        lines.append(Content("  " + printable(comment.text).replace("\n", "\n  ")))
    lines.append(Content.styled(comment_hint, present.MUTED))
    return Content("\n").join(lines)

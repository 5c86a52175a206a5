"""The training part of a session's Markdown report: the case, each answer beside the case's,
and the prediction scores."""

from __future__ import annotations

from amltui.knowledge import KnowledgeBase
from amltui.knowledge.labels import answer_labels, question_title
from amltui.sessions.markdown_text import md
from amltui.sessions.model import Session
from amltui.sessions.training import summarise


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



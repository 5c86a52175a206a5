"""What a training step and a whole training run come to, as `Content` (always literal).

`reveal_content` is what the learner reads after an answer: theirs beside the case's (✓ / ✗,
readable without colour), the prediction's score with what was missed and wrongly expected, the
step's teaching points with their citations, and what changed in the options. `summary_content`
is the end of a run, built from `training.summarise` so a replay of the session can show it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from amltui import glyphs
from amltui.engine.training import PredictionScore, StepResult, TrainingSummary
from amltui.knowledge.citing import Citer
from amltui.knowledge.labels import answer_labels, question_title
from amltui.knowledge.models import KnowledgeBase, Note, Question
from amltui.sessions.model import Session, Step
from amltui.sessions.training import summarise
from amltui.tui import knowledge_text, present
from amltui.tui.widgets.hanging import Hanging

MATCH = glyphs.glyphs("✓")  # "+" and "x" on a Linux console or with --ascii (amltui.glyphs)
MISMATCH = glyphs.glyphs("✗")
NOT_IN_CASE = "·"

NO_EXPECTED = "The case has no expected answer for this question: your walk has left the case."


def _names(kb: KnowledgeBase, option_ids: Iterable[str]) -> str:
    return ", ".join(option.name if (option := kb.option(i)) else i for i in option_ids)


def answer_lines(kb: KnowledgeBase, question: Question, result: StepResult) -> list[Content]:
    """"✓ Your answer: X (as the case)" or "✗ Your answer: X" then "  Expected: Y"."""
    given = answer_labels(kb, question.id, result.given)
    if result.expected is None:
        return [
            Content.assemble((f"{NOT_IN_CASE} Your answer: ", "bold"), given),
            Content.styled(f"  {NO_EXPECTED}", present.MUTED),
        ]
    if result.matched:
        return [Content.assemble((f"{MATCH} Your answer: ", "bold $text-success"), given, ("  (as the case expects)", present.MUTED))]
    return [
        Content.assemble((f"{MISMATCH} Your answer: ", "bold $text-error"), given),
        Content.assemble(("  Expected:    ", "bold"), answer_labels(kb, question.id, result.expected)),
    ]


def predict_intro(labels: str, enter: str = "submits", before: str = "the options update") -> Content:
    """Over the prediction picker: what is asked, and the keys (`enter`: what Enter does;
    `before`: what the prediction comes before)."""
    return Content.assemble(
        (f"Before {before}: ", "bold"),
        "after “",
        labels,
        "”, which options will appear and which will go? ",
        (f"Space ticks, Enter {enter}, s skips.", present.MUTED),
    )


MISMATCH_CHOICE = "e continues with the case's answer (yours stays in the session); k keeps yours, and the walk may leave the case."


def prediction_lines(kb: KnowledgeBase, score: PredictionScore | None) -> list[Content]:
    if score is None:
        return [Content.styled("Prediction: skipped (not scored)", present.MUTED)]
    lines = [Content.assemble(("Prediction: ", "bold"), f"{score.points} of {score.out_of} right")]

    def direction(option_id: str) -> str:
        return "appeared" if option_id in score.appeared else "went"

    for option_id in score.hits:
        lines.append(Content.assemble((f"  {MATCH} right: ", "bold $text-success"), _names(kb, [option_id]), f" ({direction(option_id)})"))
    for option_id in score.missed:
        lines.append(Content.assemble((f"  {MISMATCH} missed: ", "bold $text-error"), _names(kb, [option_id]), f" ({direction(option_id)})"))
    for option_id in score.wrong:
        lines.append(Content.assemble((f"  {MISMATCH} wrongly expected: ", "bold $text-error"), _names(kb, [option_id]), " (no change)"))
    if not score.changed and not score.wrong:
        lines.append(Content.styled("  no option changed, as you predicted", present.MUTED))
    return lines


def teaching_lines(kb: KnowledgeBase, notes: Iterable[Note], today: dt.date, cite: Citer | None = None) -> list[Content]:
    """Teaching points with their citations (`cite`: the numbering of the block they are in)."""
    return knowledge_text.cited_notes(kb, notes, today, cite)


def reveal_content(kb: KnowledgeBase, result: StepResult, changes: Content, today: dt.date, *, choice: bool = True) -> Content:
    """The feedback after one answer: the answers compared, the prediction, teaching, changes.

    `choice`: on a mismatch, say what e and k do (the learner is about to choose).
    """
    question = kb.question(result.question)
    assert question is not None
    lines = [Content.styled(question.title, present.HEADING), *answer_lines(kb, question, result)]
    if choice and result.matched is False:
        lines.append(Content.styled(MISMATCH_CHOICE, "italic"))
    lines.append(Content(""))
    lines += prediction_lines(kb, result.prediction)
    if result.teaching:
        lines += [Content(""), Content.styled(f"Teaching points ({len(result.teaching)})", present.HEADING)]
        lines += teaching_lines(kb, result.teaching, today)
    if changes:
        lines += [Content(""), changes]
    return Content("\n").join(lines)


def summary_content(kb: KnowledgeBase, summary: TrainingSummary, today: dt.date) -> Content:
    """Answers matched, the prediction score, what was not reached, and every teaching point met."""
    compared = summary.compared
    predictions = summary.predictions
    skipped = len(summary.results) - len(predictions)
    lines: list[Content] = [
        Content.assemble(("Case: ", "bold"), summary.scenario.title),
        Content(""),
        Content.assemble(("Answers matched: ", "bold"), f"{summary.matched} of {len(compared)}"),
    ]
    for number, result in enumerate(summary.results, 1):
        title = question_title(kb, result.question)
        mark = {True: MATCH, False: MISMATCH, None: NOT_IN_CASE}[result.matched]
        line: list[str | tuple[str, str]] = [f"  {mark} {number}. ", (title + ": ", "bold"), answer_labels(kb, result.question, result.given)]
        if result.matched is False and result.expected is not None:
            line += [("  expected: ", present.MUTED), answer_labels(kb, result.question, result.expected)]
            if result.question in summary.applied:
                line.append(("  (case answer applied)", "italic $text-muted"))
        elif result.matched is None:
            line.append(("  (the case has no answer here)", "italic $text-muted"))
        lines.append(Content.assemble(*line))
    if summary.not_reached:
        titles = [question_title(kb, i) for i in summary.not_reached]
        lines.append(Content.assemble(("  not reached: ", present.WARNING), ", ".join(titles)))
    lines.append(Content(""))
    if predictions:
        text = f"{summary.prediction_points} of {summary.prediction_out_of} right, over {len(predictions)} prediction{'s' if len(predictions) != 1 else ''}"
        if skipped:
            text += f" ({skipped} skipped)"
        lines.append(Content.assemble(("Prediction score: ", "bold"), text))
    else:
        lines.append(Content.assemble(("Prediction score: ", "bold"), ("no predictions made", present.MUTED)))
    teaching = summary.teaching
    lines += [Content(""), Content.styled(f"Teaching points met ({len(teaching)})", present.HEADING)]
    current = None
    cite = knowledge_text.citer(kb, today)  # each source in full once over the whole summary
    for question_id, note in teaching:
        if question_id != current:
            current = question_id
            lines.append(Content.styled(question_title(kb, question_id), "bold underline"))
        lines += teaching_lines(kb, [note], today, cite)
    return Content("\n").join(lines)


REPLAY_HINT = "s shows the training summary"


def replay_lines(kb: KnowledgeBase, session: Session, step: Step) -> list[Content]:
    """For a replay: the case's expected answer beside the learner's, and the prediction, at one
    step of a training session. Nothing for other sessions, or when the case is not in `kb`."""
    scenario = kb.scenario(session.scenario) if session.mode == "training" else None
    if scenario is None:
        return []
    summary = summarise(session, scenario, kb)
    result = next((r for r in summary.results if r.number == step.number), None)
    if result is None:  # the case's answer, applied after the learner's different one
        return [Content.styled("Training: the case's expected answer, applied after the learner's", "italic"), Content.styled(REPLAY_HINT, present.MUTED)]
    if result.expected is None:
        lines = [Content.styled(f"{NOT_IN_CASE} Expected: none (the case has no answer here; the walk had left it)", present.MUTED)]
    elif result.matched:
        lines = [Content.assemble((f"{MATCH} Expected: ", "bold"), answer_labels(kb, step.question, result.expected), ("  (matched)", present.MUTED))]
    else:
        lines = [Content.assemble((f"{MISMATCH} Expected: ", "bold"), answer_labels(kb, step.question, result.expected), ("  (different)", present.MUTED))]
    return lines + prediction_lines(kb, result.prediction) + [Content.styled(REPLAY_HINT, present.MUTED)]


class FeedbackPanel(VerticalScroll):
    """The reveal after an answer; scrolls with the arrow keys when focused."""

    def on_mount(self) -> None:
        self.border_title = "Feedback"

    def compose(self) -> ComposeResult:
        yield Static(id="feedback-text", markup=False)

    def show(self, content: Content) -> None:
        self.query_one("#feedback-text", Static).update(Hanging(content))  # wrapped lines under their text
        self.scroll_home(animate=False)

"""What a training room shows of itself, as `Content` (always literal: names come from files
any learner may write, and were cleaned of control and bidi characters when read).

`reveal_lines` is the projected reveal: the case's answer, how the room answered, and a bar per
option in play (how many expected it to change, the right ones marked). `people_line` lists who
joined and who committed (never what). `summary_content` is the room's summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from textual.content import Content

from amltui import glyphs
from amltui.engine.room import LearnerScore, RoomSummary, StepTally
from amltui.knowledge.models import KnowledgeBase, Scenario
from amltui.knowledge.wording import waited_for
from amltui.terminal_text import one_line
from amltui.tui import present
from amltui.tui.widgets.training_feedback import MATCH, MISMATCH, teaching_lines

BAR = 12


def _labels(kb: KnowledgeBase, question_id: str, answer_ids: Iterable[str]) -> str:
    question = kb.question(question_id)
    return present.answer_text(question.labels(answer_ids) if question else sorted(answer_ids))


def _name(kb: KnowledgeBase, option_id: str) -> str:
    option = kb.option(option_id)
    return option.name if option else option_id


def bar(count: int, out_of: int, width: int = BAR) -> str:
    filled = round(width * count / out_of) if out_of else 0
    return "█" * filled + "░" * (width - filled)


def share(count: int, out_of: int) -> str:
    return f"{count}/{out_of}" if out_of else "0/0"


def people_line(joined: Iterable[str], committed: set[str], here: set[str] | None = None) -> Content:
    """"✓ Ann  · Bo  · Cy (away)": who has committed at this step (no answers), and who is not
    here now (`here`: those who are; None: everyone)."""
    parts = []
    for name in joined:
        away = here is not None and name not in here
        mark = glyphs.glyphs("✓" if name in committed else "·")  # a Linux console: "+" and "."
        shown = Content(f"{mark} {present.shortened(one_line(name), 20)}")
        if name in committed:
            shown = shown.stylize("bold $text-success")
        if away:
            shown = Content.assemble(shown, " (away)").stylize(present.MUTED)
        parts.append(shown)
    return Content("  ").join(parts) if parts else Content.styled("nobody has joined yet", present.MUTED)


def reveal_lines(kb: KnowledgeBase, tally: StepTally) -> list[Content]:
    step = tally.step
    lines = [Content.assemble(("Case answer: ", "bold"), _labels(kb, step.question, step.expected))]
    if tally.committed:
        lines.append(Content.styled(f"How the room answered ({tally.committed} committed):", "bold"))
        for answer_ids, count in tally.answers:
            sign = MATCH if set(answer_ids) == set(step.expected) else MISMATCH
            lines.append(Content(f"  {bar(count, tally.committed)} {share(count, tally.committed):>5}  {sign} ").append(_labels(kb, step.question, answer_ids)))
    else:
        lines.append(Content.styled("Nobody committed before the reveal.", present.MUTED))
    lines += [Content(""), Content.styled(f"How the room predicted ({tally.predicted} predicted, {tally.skipped} skipped):", "bold")]
    if not tally.expected_by:
        lines.append(Content.styled("  no option changed, and nobody expected one to", present.MUTED))
    for option_id, count in tally.expected_by:
        if option_id in step.appeared:
            mark = Content.styled(f"{MATCH} appeared", "bold $text-success")
        elif option_id in step.disappeared:
            mark = Content.styled(f"{MATCH} went", "bold $text-success")
        else:
            mark = Content.styled(f"{MISMATCH} no change", present.MUTED)
        lines.append(Content.assemble(f"  {bar(count, tally.predicted)} {share(count, tally.predicted):>5}  ", mark, "  ", _name(kb, option_id)))
    if not step.changed and tally.expected_by:
        said = f"no option changed: they wait for {waited_for(kb, step.waited_for)}" if step.waited_for else "the case's answer changed no option"
        lines.append(Content.styled(f"  ({said})", present.MUTED))
    return lines


def teaching_block(kb: KnowledgeBase, scenario: Scenario, question_id: str, today: dt.date) -> list[Content]:
    case = scenario.step(question_id)
    if case is None or not case.teaching:
        return []
    return [Content(""), Content.styled(f"Teaching points ({len(case.teaching)})", present.HEADING), *teaching_lines(kb, case.teaching, today)]


def predictions(score: LearnerScore) -> str:
    return f"predictions {score.points} of {score.out_of} right" if score.out_of else "no predictions made"


def summary_content(kb: KnowledgeBase, summary: RoomSummary, *, you: str = "") -> Content:
    """Per step, the share who answered as the case and predicted right, and the most common
    misses; per learner, their score by display name (`you`: marked)."""
    lines = [Content.assemble(("Case: ", "bold"), summary.scenario.title), Content("")]
    mine = next((s for s in summary.learners if s.name == you), None)
    if mine is not None:  # the learner's own line first: at 80x24 the list may be below the fold
        lines += [
            Content.assemble(
                ("You: ", "bold"),
                f"answers {mine.matched} of {mine.committed} as the case, " + predictions(mine),
            ),
            Content(""),
        ]
    if not summary.steps:
        lines.append(Content.styled("No step has been revealed yet.", present.MUTED))
    for tally in summary.steps:
        question = kb.question(tally.step.question)
        lines.append(Content.styled(f"{tally.step.number}. {question.title if question else tally.step.question}", "bold underline"))
        lines.append(
            Content(
                f"  answered as the case: {share(tally.matched, tally.committed)} · "
                + (f"predicted right: {share(tally.perfect, tally.predicted)}" if tally.predicted else "no predictions")
                + (f" ({tally.skipped} skipped)" if tally.skipped and tally.predicted else "")
            )
        )
        misses = [f"{_name(kb, i)} ({n})" for i, n in tally.missed[:3]]
        wrong = [f"{_name(kb, i)} ({n})" for i, n in tally.wrong[:3]]
        if misses:
            lines.append(Content.assemble(("  most missed: ", present.MUTED), ", ".join(misses)))
        if wrong:
            lines.append(Content.assemble(("  most wrongly expected: ", present.MUTED), ", ".join(wrong)))
    lines += [Content(""), Content.styled(f"Learners ({len(summary.learners)})", present.HEADING)]
    yours = glyphs.glyphs("→ ")  # "-> " on a Linux console; the others' lines as wide
    for score in summary.learners:
        mark = yours if score.name == you else " " * len(yours)
        lines.append(
            Content.assemble(
                mark,
                (present.shortened(one_line(score.name), 40), "bold" if score.name == you else ""),
                f": answers {score.matched} of {score.committed} as the case, " + predictions(score),
            )
        )
    return Content("\n").join(lines)

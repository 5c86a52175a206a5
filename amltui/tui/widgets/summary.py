"""When every question is answered: the answers, the options by category, and the notices."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from amltui.knowledge.labels import question_title
from amltui.tui import knowledge_text, present
from amltui.tui.walk import Dropped, Walk
from amltui.tui.widgets.hanging import Hanging


def summary_content(walk: Walk, today: dt.date) -> Content:
    kb = walk.kb
    evaluation = walk.evaluation
    lines: list[Content] = [
        Content.styled(f"{present.DONE} Every question that applies is answered.", "bold"),
        Content.styled("Reopen any answer with a (answers) or b (back); everything after it is re-evaluated.", present.MUTED),
        Content(""),
        Content.styled(f"Answers ({len(evaluation.answered)})", present.HEADING),
    ]
    for number, question in enumerate(evaluation.answered, 1):
        lines.append(Content.assemble(f"{number}. ", (question.title + ": ", "bold"), present.answer_text(walk.labels(question))))
    if walk.drops:
        lines += [Content(""), Content.styled(f"Answers dropped by a change ({sum(len(d.answers) for d in walk.drops)})", present.HEADING)]
        lines += [dropped_line(walk, drop) for drop in walk.drops]
    lines += [Content(""), Content.styled(f"Options shown ({len(evaluation.shown)})", present.HEADING)]
    for category in kb.categories:
        members = [s for s in evaluation.shown if s.option.category == category.id]
        if not members:
            continue
        lines.append(Content.styled(category.title, "bold underline"))
        for shown in members:
            option = shown.option
            lines.append(Content.assemble("• ", option.name, (f"  {knowledge_text.badge_word(kb, option, walk.answers)}", "italic")))
            if option.newer:
                lines.append(knowledge_text.newer_mark(kb, "    "))
            if option.approvals:
                lines += knowledge_text.approval_lines(kb, option, walk.answers)
    lines += [Content(""), Content.styled(f"Notices ({len(evaluation.notices) + 1})", present.HEADING)]
    lines.append(knowledge_text.standing_notice(kb))
    cite = knowledge_text.citer(kb, today)  # the notices share one numbering of their sources
    lines += [knowledge_text.notice(kb, n, today, cite) for n in evaluation.notices]
    lines += [
        Content(""),
        Content.styled(f"Not shown: {len(evaluation.hidden)} options (n lists them with what would show each).", present.MUTED),
    ]
    return Content("\n").join(lines)


def dropped_line(walk: Walk, drop: Dropped) -> Content:
    """`• Disease status: Relapsed → Refractory dropped First remission (12 months or less), …`."""
    kb = walk.kb

    def said(question_id: str, answer_ids: frozenset[str]) -> str:
        question = kb.question(question_id)
        return present.answer_text(question.labels(answer_ids)) if question else ", ".join(sorted(answer_ids))

    changed = kb.question(drop.question)
    lost = [
        Content.assemble(question_title(kb, qid), f" ({said(qid, ids)})")
        for qid, ids in drop.answers
    ]
    return Content.assemble(
        "• ",
        ((changed.title if changed else drop.question) + ": ", "bold"),
        said(drop.question, drop.was),
        f" {present.CURRENT} ",
        said(drop.question, drop.became),
        (" dropped ", present.WARNING),
        Content(", ").join(lost),
        (" (they no longer applied)", present.MUTED),
    )


class SummaryView(VerticalScroll):
    """The summary of a complete walk; scrolls with the arrow keys when focused."""

    walk: reactive[Walk | None] = reactive(None, init=False)

    def compose(self) -> ComposeResult:
        yield Static(id="summary-text", markup=False)

    def watch_walk(self, walk: Walk | None) -> None:
        if walk is not None and walk.complete:
            self.query_one("#summary-text", Static).update(Hanging(summary_content(walk, present.today(self))))
            self.border_title = "Summary"

"""Plain-text views of the knowledge base and of an evaluation, for an 80-column terminal.

Used by the headless commands (`amltui options`, `amltui tree`); every stored text passes through
`printable`, so nothing from a file can drive the terminal.
"""

from __future__ import annotations

import textwrap

from amltui.engine import Evaluation, describe
from amltui.engine.badges import approval_text, badge, region_label, standing_notice
from amltui.knowledge.labels import question_title
from amltui.knowledge.models import KnowledgeBase, Notice, Option
from amltui.knowledge.wording import WAITING_RULE
from amltui.terminal_text import one_line

WIDTH = 80


def wrap(text: str, indent: int, first: str = "") -> list[str]:
    lead = " " * indent
    first = one_line(first) + (" " if first.endswith(" ") else "")
    return textwrap.wrap(
        one_line(text),
        WIDTH,
        initial_indent=lead + first,
        subsequent_indent=lead + " " * len(first),
        break_on_hyphens=False,
    ) or [lead + first]


def named(kb: KnowledgeBase, item: Option | Notice, text: str) -> str:
    """A text with the layer's mark after it when the item is the layer's."""
    return f"{text} ({kb.layer_mark})" if item.newer else text


def render_evaluation(kb: KnowledgeBase, evaluation: Evaluation) -> str:
    lines = [*wrap(kb.disclaimer, 0), *wrap(standing_notice(kb), 0, "about the sources: "), ""]
    if evaluation.answers:
        lines.append("Answers:")
        for answered in evaluation.answered:
            chosen = answered.labels(evaluation.answers[answered.id])
            lines += wrap(", ".join(chosen), 2, f"{answered.title}: ")
        lines.append("")
    question = evaluation.next_question
    if question is None:
        lines.append("Complete: every question that applies has been answered.")
    else:
        kind = "several answers allowed" if question.multiple else "one answer"
        lines.append(f"Next question: {question.id} ({kind})")
        lines += wrap(question.prompt, 2)
        width = max(len(a.id) for a in question.answers)
        for answer in question.answers:
            lines += wrap(answer.label, 4, f"{answer.id.ljust(width)}  ")
    lines += ["", f"Options shown ({len(evaluation.shown)}):"]
    for shown in evaluation.shown:
        option = shown.option
        category = kb.category(option.category)
        status = badge(kb, option, evaluation.answers)
        lines += wrap(named(kb, option, option.name), 2, f"{option.id}: ")
        lines += wrap(f"{category.title if category else option.category}; {status.word}", 6)
        lines += wrap("; ".join(shown.reasons), 6, "why: ")
        for line in status.lines:
            lines += wrap(approval_text(kb, line), 6, f"approval ({region_label(kb, line.region)}): ")
        if status.plain:
            lines += wrap(status.plain, 6, "approval: ")
        lines += wrap(", ".join(shown.sources), 6, "sources: ")
    lines += ["", f"Options not shown ({len(evaluation.hidden)}):", *wrap(WAITING_RULE, 2), ""]
    for hidden in evaluation.hidden:
        lines += wrap(named(kb, hidden.option, hidden.option.name), 2, f"{hidden.option.id}: ")
        if hidden.waits_for:
            lines += wrap(", ".join(question_title(kb, q) for q in hidden.waits_for), 6, "waits for: ")
        lines += wrap(hidden.would_show, 6, "would show with: ")
    if evaluation.notices:
        lines += ["", "Notices:"]
        for notice in evaluation.notices:
            prefix = "sources silent: " if notice.kind == "gap" else "note: "
            lines += wrap(named(kb, notice, notice.text), 2, prefix)
    return "\n".join(lines)


def render_tree(kb: KnowledgeBase) -> str:
    lines = [*wrap(kb.disclaimer, 0), "", one_line(kb.title), f"version {one_line(kb.version)}", *wrap(standing_notice(kb), 0), "",
             "Questions, in the order asked:"]
    for number, question in enumerate(kb.questions, start=1):
        kind = "several answers" if question.multiple else "one answer"
        lines.append("")
        lines += wrap(f"{question.title} [{question.id}, {kind}]", 0, f"{number:>2}. ")
        lines += wrap(question.prompt, 4)
        if question.ask_if is not None:
            lines += wrap(describe(kb, question.ask_if), 4, "asked only if: ")
        for answer in question.answers:
            lines += wrap(answer.label, 6, f"- {answer.id}: ")
    lines += ["", "Options, by category, and when each is shown:"]
    for category in kb.categories:
        members = [o for o in kb.options if o.category == category.id]
        if not members:
            continue
        lines += ["", one_line(category.title)]
        for option in members:
            lines += wrap(named(kb, option, f"{option.name} [{option.id}]"), 2, "* ")
            lines += wrap(describe(kb, option.show_if), 6, "shown if: ")
    return "\n".join(lines)

"""Plain-text views of the knowledge base and of an evaluation, for an 80-column terminal.

Used by the headless commands (`amltui options`, `amltui tree`); every stored text passes through
`printable`, so nothing from a file can drive the terminal.
"""

from __future__ import annotations

import textwrap

from amltui.engine import Evaluation, describe
from amltui.knowledge.models import STATUSES, KnowledgeBase
from amltui.terminal_text import one_line

WIDTH = 80


def _wrap(text: str, indent: int, first: str = "") -> list[str]:
    lead = " " * indent
    first = one_line(first) + (" " if first.endswith(" ") else "")
    return textwrap.wrap(
        one_line(text),
        WIDTH,
        initial_indent=lead + first,
        subsequent_indent=lead + " " * len(first),
        break_on_hyphens=False,
    ) or [lead + first]


def render_evaluation(kb: KnowledgeBase, evaluation: Evaluation) -> str:
    lines = [*_wrap(kb.disclaimer, 0), ""]
    if evaluation.answers:
        lines.append("Answers:")
        for question in evaluation.answered:
            chosen = question.labels(evaluation.answers[question.id])
            lines += _wrap(", ".join(chosen), 2, f"{question.title}: ")
        lines.append("")
    question = evaluation.next_question
    if question is None:
        lines.append("Complete: every question that applies has been answered.")
    else:
        kind = "several answers allowed" if question.multiple else "one answer"
        lines.append(f"Next question: {question.id} ({kind})")
        lines += _wrap(question.prompt, 2)
        width = max(len(a.id) for a in question.answers)
        for answer in question.answers:
            lines += _wrap(answer.label, 4, f"{answer.id.ljust(width)}  ")
    lines += ["", f"Options shown ({len(evaluation.shown)}):"]
    for shown in evaluation.shown:
        option = shown.option
        category = kb.category(option.category)
        lines += _wrap(option.name, 2, f"{option.id}: ")
        lines += _wrap(f"{category.title if category else option.category}; {STATUSES.get(option.status, option.status)}", 6)
        lines += _wrap("; ".join(shown.reasons), 6, "why: ")
        if shown.approval:
            lines += _wrap(shown.approval.text, 6, "approval: ")
        lines += _wrap(", ".join(shown.sources), 6, "sources: ")
    lines += ["", f"Options not shown ({len(evaluation.hidden)}):"]
    for hidden in evaluation.hidden:
        lines += _wrap(hidden.option.name, 2, f"{hidden.option.id}: ")
        lines += _wrap(hidden.would_show, 6, "would show with: ")
    if evaluation.notices:
        lines += ["", "Notices:"]
        for notice in evaluation.notices:
            prefix = "sources silent: " if notice.kind == "gap" else "note: "
            lines += _wrap(notice.text, 2, prefix)
    return "\n".join(lines)


def render_tree(kb: KnowledgeBase) -> str:
    lines = [one_line(kb.title), f"version {one_line(kb.version)}", "", "Questions, in the order asked:"]
    for number, question in enumerate(kb.questions, start=1):
        kind = "several answers" if question.multiple else "one answer"
        lines.append("")
        lines += _wrap(f"{question.title} [{question.id}, {kind}]", 0, f"{number:>2}. ")
        lines += _wrap(question.prompt, 4)
        if question.ask_if is not None:
            lines += _wrap(describe(kb, question.ask_if), 4, "asked only if: ")
        for answer in question.answers:
            lines += _wrap(answer.label, 6, f"- {answer.id}: ")
    lines += ["", "Options, by category, and when each is shown:"]
    for category in kb.categories:
        members = [o for o in kb.options if o.category == category.id]
        if not members:
            continue
        lines += ["", one_line(category.title)]
        for option in members:
            lines += _wrap(f"{option.name} [{option.id}]", 2, "* ")
            lines += _wrap(describe(kb, option.show_if), 6, "shown if: ")
    return "\n".join(lines)

"""The questions a what-if can start from: each answered one with its answer, then the next one."""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding
from textual.content import Content
from textual.widgets.option_list import Option

from amltui.knowledge.models import KnowledgeBase
from amltui.tui import present
from amltui.tui.widgets.cursor_list import CursorList
from amltui.engine.what_if import tryable


class WhatIfQuestions(CursorList):
    """Enter on a question posts `OptionList.OptionSelected` (its id is the question's)."""

    BINDINGS = [
        Binding("enter", "select", "Try another", id="what-if.pick", tooltip="Pick this question to try another answer"),
    ]

    def show(self, kb: KnowledgeBase, answers: Mapping[str, frozenset[str]], start_at: str | None = None) -> None:
        items: list[Option] = []
        for number, question in enumerate(tryable(kb, answers), 1):
            if question.id in answers:
                prompt = Content.assemble(
                    (f"{present.DONE} ", present.MUTED),
                    (f"{number}. {question.title}: ", "bold"),
                    present.answer_text(question.labels(answers[question.id])),
                )
            else:
                prompt = Content.assemble("  ", (f"{number}. {question.title}", "bold"), ("  not answered yet", "italic $text-muted"))
            items.append(Option(prompt, id=question.id))
        self.set_options(items)
        self.border_title = "Answers so far"
        ids = [o.id for o in self.options]
        if ids:
            self.highlighted = ids.index(start_at) if start_at in ids else 0

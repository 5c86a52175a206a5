"""The answers so far, in order: Enter reopens one to change it."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from amltui.tui import present
from amltui.tui.messages import ReopenQuestion
from amltui.tui.walk import Walk
from amltui.tui.widgets.cursor_list import CursorList


class AnsweredList(CursorList):
    """Each answered question with its answer; the question on screen is marked ▶."""

    BINDINGS = [
        Binding("enter", "select", "Reopen", id="answers.reopen", tooltip="In the answers so far: reopen this question to change its answer"),
    ]

    walk: reactive[Walk | None] = reactive(None, init=False)

    def watch_walk(self, walk: Walk | None) -> None:
        if walk is None:
            return
        asking = walk.asking
        items: list[Option] = []
        for number, question in enumerate(walk.evaluation.answered, 1):
            current = asking is not None and question.id == asking.id
            mark = (f"{present.CURRENT} ", "bold") if current else (f"{present.DONE} ", present.MUTED)
            items.append(
                Option(
                    Content.assemble(mark, (f"{number}. {question.title}: ", "bold"), present.answer_text(walk.labels(question))),
                    id=question.id,
                )
            )
        next_question = walk.evaluation.next_question
        if next_question is not None:
            current = walk.reopened is None
            mark = (f"{present.CURRENT} ", "bold") if current else ("  ", "")
            number = len(walk.evaluation.answered) + 1
            items.append(
                Option(Content.assemble(mark, (f"{number}. {next_question.title}", "bold"), ("  not answered yet", "italic $text-muted")), id=next_question.id)
            )
        self.set_options(items)
        self.border_title = f"Answers so far ({len(walk.evaluation.answered)})"
        self.border_subtitle = "Enter reopens"
        target = asking.id if asking is not None else None
        ids = [o.id for o in self.options]
        if ids:
            self.highlighted = ids.index(target) if target in ids else len(ids) - 1

    @on(OptionList.OptionSelected)
    def _reopen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.post_message(ReopenQuestion(event.option_id))

"""The answers to one question: move with the arrows, pick by number, toggle with Space, confirm with Enter."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from amltui import glyphs
from amltui.knowledge.models import Question
from amltui.tui.messages import AnswerChosen
from amltui.tui.widgets.cursor_list import CursorList


def _pick(number: int) -> Binding:
    return Binding(
        str(number),
        f"pick({number})",
        "Pick",
        show=False,
        key_display="1-9",
        id=f"answer.pick-{number}",
        tooltip="Move to the answer with this number (in a several-answer question, toggle it)",
    )


class AnswerChoices(CursorList):
    """Numbered answers with a visible mark for each chosen one.

    | Key | Does |
    | :- | :- |
    | up / down | Move between answers. |
    | 1-9 | Move to that answer; in a several-answer question, toggle it. |
    | space | Toggle the highlighted answer (several-answer questions). |
    | enter | Confirm: one answer, the highlighted one; several, the ticked ones. |
    """

    BINDINGS = [
        Binding("enter", "confirm", "Confirm", id="answer.confirm", tooltip="Confirm the answer and go on"),
        Binding(
            "space", "tick", "Tick", key_display=glyphs.glyphs("␣"), id="answer.toggle", tooltip="Tick or untick the highlighted answer"
        ),
        *(_pick(n) for n in range(1, 10)),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.question: Question | None = None
        self.ticked: set[str] = set()
        #: The answer(s) committed earlier, shown when a question is reopened.
        self.given: frozenset[str] = frozenset()

    def show(self, question: Question, given: frozenset[str]) -> None:
        """Display a question's answers, with the answers given earlier marked and preselected."""
        self.question = question
        self.given = given
        self.ticked = set(given) if question.multiple else set()
        self.set_options(Option(self._prompt(n, a.id), id=a.id) for n, a in enumerate(question.answers, 1))
        first_given = next((i for i, a in enumerate(question.answers) if a.id in given), 0)
        self.highlighted = first_given if question.answers else None

    def _prompt(self, number: int, answer_id: str) -> Content:
        assert self.question is not None
        answer = self.question.answer(answer_id)
        assert answer is not None
        if self.question.multiple:
            mark = "[x]" if answer_id in self.ticked else "[ ]"
        else:
            mark = "(•)" if answer_id in self.given else "( )"
        parts: list[str | tuple[str, str]] = [(f"{number} ", "$text-muted"), (mark, "bold"), " ", answer.label]
        if answer.exclusive:
            parts.append((" (only on its own)", "$text-muted"))
        if answer_id in self.given:
            parts.append(("  current answer", "italic $text-muted"))
        return Content.assemble(*parts)

    def _redraw(self, answer_id: str) -> None:
        index = self.get_option_index(answer_id)
        self.set_prompt(index, self._prompt(index + 1, answer_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tick":
            return self.question is not None and self.question.multiple
        return True

    def action_pick(self, number: int) -> None:
        if self.question is None or number > len(self.question.answers):
            self.app.bell()
            return
        self.highlighted = number - 1
        if self.question.multiple:
            self.action_tick()

    def action_tick(self) -> None:
        option = self.highlighted_option
        if self.question is None or not self.question.multiple or option is None or option.id is None:
            return
        answer_id = option.id
        if answer_id in self.ticked:
            self.ticked.discard(answer_id)
        else:
            self.ticked.add(answer_id)
            self._keep_exclusive(answer_id)
        for each in self.question.answers:
            self._redraw(each.id)

    def _keep_exclusive(self, added: str) -> None:
        """An answer that stands alone ("none found") clears the others, and the others clear it."""
        assert self.question is not None
        answer = self.question.answer(added)
        if answer is not None and answer.exclusive:
            self.ticked = {added}
        else:
            self.ticked -= {a.id for a in self.question.answers if a.exclusive}

    def action_confirm(self) -> None:
        if self.question is None:
            return
        if self.question.multiple:
            chosen = frozenset(self.ticked)
        else:
            option = self.highlighted_option
            chosen = frozenset({option.id}) if option is not None and option.id else frozenset()
        self.post_message(AnswerChosen(self.question.id, chosen))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        """A mouse click ticks an answer in a several-answer question; Enter stays the confirmation."""
        event.stop()
        if self.question is not None and self.question.multiple:
            self.action_tick()

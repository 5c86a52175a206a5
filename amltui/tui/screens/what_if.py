"""What if: pick an earlier answer, try another, and see which options would appear and go, and why.

Three levels, Escape going back one: the answers so far (Enter picks one), that question's answers
(the current one marked; Enter compares), and the difference. Nothing changes unless the person
applies it with `a`: the screen then closes and posts `AnswerChosen`, the same message an answer
on the questionnaire posts, so the app's normal path records it. Reusable from any screen: it
takes the answers it starts from, not the app's walk; `can_apply=False` makes it read-only.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, OptionList, Static

from amltui.engine import AnswerError
from amltui.knowledge.models import KnowledgeBase
from amltui.tui import present
from amltui.tui.messages import AnswerChosen
from amltui.tui.widgets.answer_choices import AnswerChoices
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.what_if_questions import WhatIfQuestions
from amltui.tui.widgets.what_if_result import WhatIfResult
from amltui.engine.what_if import WhatIf, what_if

LEVELS = ("questions", "answers", "result")


class AlternativeChoices(AnswerChoices):
    """The answer list of the questionnaire, where Enter compares instead of answering."""

    BINDINGS = [
        Binding("enter", "confirm", "Compare", id="what-if.compare", tooltip="Compare: see what this answer would change"),
    ]


class WhatIfScreen(ModalScreen[None]):
    """| Key | Does |
    | :- | :- |
    | enter | Pick the highlighted question; on its answers, compare the chosen one. |
    | a | Apply the alternative to the session (asks once more when later answers would be dropped). |
    | escape | Back one level; from the list of questions, close without changing anything. |
    """

    AUTO_FOCUS = "#what-if-questions"
    BINDINGS = [
        Binding("a", "apply", "Apply", id="what-if.apply", tooltip="Apply the alternative answer to the session"),
        Binding("escape", "back", "Back", id="what-if.back", tooltip="Back one step (to the answers, then to the questions)"),
        Binding("escape,w", "close", "Close", id="what-if.close", tooltip="Close without changing anything"),
    ]

    level: reactive[str] = reactive("questions", init=False)

    def __init__(
        self,
        answers: Mapping[str, frozenset[str]],
        *,
        can_apply: bool = True,
        question_id: str | None = None,
        kb: KnowledgeBase | None = None,
    ) -> None:
        """`answers`: the answers to start from (left as they are); `question_id`: the question
        highlighted first; `can_apply=False`: read-only, the apply key is hidden; `kb`: the
        knowledge to ask (default: the walk's; a replay passes its own, with or without the layer)."""
        super().__init__(classes="-level-questions")
        self._kb = kb
        self.answers = {qid: frozenset(ids) for qid, ids in answers.items()}
        self.can_apply = can_apply
        self.start_at = question_id
        #: The difference on screen (None until an alternative is compared).
        self.result: WhatIf | None = None
        #: Apply was pressed once and later answers would be dropped: the next press applies.
        self.confirming = False

    @property
    def kb(self) -> KnowledgeBase:
        return self._kb or self.app.kb  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        with Vertical(id="what-if-dialog"):
            yield Static(id="what-if-intro", markup=False)
            with ContentSwitcher(id="what-if-switcher", initial="what-if-questions"):
                yield WhatIfQuestions(id="what-if-questions")
                with Vertical(id="what-if-answers"):
                    yield Static(id="what-if-prompt", markup=False)
                    yield AlternativeChoices(id="what-if-choices")
                yield WhatIfResult(id="what-if-result")
            yield Static(id="what-if-status", markup=False)
        yield DisclaimerBar(self.kb.disclaimer)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#what-if-dialog").border_title = "What if?"
        self.query_one(WhatIfQuestions).show(self.kb, self.answers, self.start_at)
        self._intro()
        self._say()

    # --- levels ----------------------------------------------------------------------------

    def watch_level(self, old: str, new: str) -> None:
        self.set_classes((self.classes - {f"-level-{old}"}) | {f"-level-{new}"})
        self.query_one(ContentSwitcher).current = {"questions": "what-if-questions", "answers": "what-if-answers", "result": "what-if-result"}[new]
        self.confirming = False
        self._say()
        self._intro()
        focus: Widget = {
            "questions": self.query_one(WhatIfQuestions),
            "answers": self.query_one(AlternativeChoices),
            "result": self.query_one(WhatIfResult),
        }[new]
        focus.focus()
        self.refresh_bindings()

    def _intro(self) -> None:
        changed = "Nothing changes unless you apply it." if self.can_apply else "Read-only: nothing changes."
        if self.level == "questions":
            text = Content.assemble("Pick an answer (Enter) to try another. ", (changed, present.MUTED))
        elif self.level == "answers":
            text = Content.assemble("Choose another answer; Enter compares. ", (changed, present.MUTED))
        elif self.can_apply:
            text = Content.assemble("a applies this answer to the session; Escape goes back to the answers.")
        else:
            text = Content.styled("Read-only: this session is not changed. Escape goes back to the answers.", present.MUTED)
        self.query_one("#what-if-intro", Static).update(text)

    def _say(self, text: Content | None = None) -> None:
        status = self.query_one("#what-if-status", Static)
        status.update(text or Content(""))
        status.display = text is not None

    @on(OptionList.OptionSelected, "#what-if-questions")
    def _pick(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        question = self.kb.question(event.option_id or "")
        if question is None:
            return
        current = self.answers.get(question.id, frozenset())
        now = present.answer_text(question.labels(current)) if current else "not answered yet"
        self.query_one("#what-if-prompt", Static).update(
            Content("\n").join(
                [
                    Content.assemble((question.title + ": ", "bold"), question.prompt),
                    Content.assemble(("Now: ", present.MUTED), now),
                ]
            )
        )
        self.query_one(AlternativeChoices).show(question, current)
        self.level = "answers"

    @on(OptionList.OptionHighlighted, "#what-if-choices")
    def _moved(self) -> None:
        self._say()  # a "no change" or refusal was about the answer left behind

    @on(AnswerChosen)
    def _compare(self, event: AnswerChosen) -> None:
        """The answer list's confirmation: compare, never commit (stopped here, not sent to the app)."""
        event.stop()
        try:
            result = what_if(self.kb, self.answers, event.question_id, event.answer_ids)
        except AnswerError as error:
            self._say(Content.assemble(("Not possible: ", present.WARNING), error.problem.text))  # the question is on screen
            return
        if result.no_change:
            same = present.answer_text(result.current_labels)
            self._say(Content.assemble(("No change: ", "bold"), f"“{same}” is the current answer. Choose another to compare."))
            return
        self.result = result
        self.query_one(WhatIfResult).show(self.kb, result)
        self.level = "result"

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "apply":
            return self.can_apply and self.level == "result" and self.result is not None
        if action == "back":
            return self.level != "questions"
        if action == "close":
            return self.level == "questions"
        return True

    def action_back(self) -> None:
        if self.confirming:
            self.confirming = False
            self._say()
            return
        self.level = LEVELS[max(0, LEVELS.index(self.level) - 1)]

    def action_close(self) -> None:
        self.dismiss()

    def action_apply(self) -> None:
        result = self.result
        if not self.can_apply or self.level != "result" or result is None:
            return
        if result.dropped and not self.confirming:
            self.confirming = True
            titles = ", ".join(d.question.title for d in result.dropped)
            self._say(
                Content.assemble(
                    ("Later answers would be dropped: ", present.WARNING),
                    titles,
                    ". Press a again to apply, Escape to keep the session as it is.",
                )
            )
            return
        self.app.post_message(AnswerChosen(result.question.id, result.alternative))
        self.dismiss()

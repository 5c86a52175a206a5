"""The whole decision tree, with the current path marked; Enter on a question goes back to it.

When wide, the highlighted question or option is explained beside the tree.
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static, Tree

from amltui import engine
from amltui.knowledge.models import Question
from amltui.tui import knowledge_text, present
from amltui.tui.messages import ReopenQuestion, ShowOption
from amltui.tui.screens.base import AmlScreen
from amltui.tui.walk import Walk
from amltui.tui.widgets.decision_tree import DecisionTree, NodeData, question_state
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.option_notes import notes_content

STATES = {
    "answered": "Answered",
    "asking": "Asked now",
    "later": "Not reached yet",
    "skipped": "Does not apply with the answers given",
    "idle": "No walk under way (begin one from the start screen)",
}


def question_detail(walk: Walk, question: Question, today: dt.date, *, walking: bool = True) -> Content:
    kb = walk.kb
    state = question_state(walk, question, walking=walking)
    lines = [
        Content.styled(question.prompt, "bold"),
        Content(question.help),
        Content(""),
        Content.assemble(("State: ", present.MUTED), STATES[state]),
    ]
    if question.ask_if is not None:
        lines.append(Content.assemble(("Asked if: ", present.MUTED), engine.describe(kb, question.ask_if)))
    lines += [Content(""), Content.styled("Answers" + (" (several may be chosen)" if question.multiple else ""), present.HEADING)]
    chosen = walk.answers.get(question.id, frozenset()) if walking else frozenset()
    for answer in question.answers:
        mark = ("[x] " if question.multiple else "(•) ") if answer.id in chosen else ("[ ] " if question.multiple else "( ) ")
        lines.append(Content.assemble(mark, (answer.label, "bold"), (f" — {answer.help}" if answer.help else "", present.MUTED)))
    if question.notes:
        lines += [Content(""), Content.styled("Why this is asked", present.HEADING)]
        lines += knowledge_text.cited_notes(kb, question.notes, today)
    return Content("\n").join(lines)


class TreeScreen(AmlScreen[None]):
    AUTO_FOCUS = "DecisionTree"
    BINDINGS = [
        Binding("escape,t", "app.pop_screen", "Close", id="tree.close", tooltip="Back to where you were"),
    ]

    def __init__(self, *, walking: bool = True) -> None:
        """`walking`: opened from a walk (False: from the start screen, with no walk under way)."""
        super().__init__()
        self.walking = walking

    def compose(self) -> ComposeResult:
        app = self.app
        yield Header(icon="≡")
        with Horizontal(id="tree-body"):
            # With no walk, the app's walk may be one already left: the tree starts from nothing.
            walk = app.walk if self.walking else Walk.start(app.kb)
            yield DecisionTree(walk, walking=self.walking, id="decision-tree")
            with VerticalScroll(id="tree-detail", can_focus=False):
                yield Static(id="tree-detail-text", markup=False)
        yield KeyFooter(compact=True)
        yield DisclaimerBar(app.kb.disclaimer)

    def on_mount(self) -> None:
        self.sub_title = "Decision tree"

    @on(Tree.NodeHighlighted)
    def _explain(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        event.stop()
        walk = self.query_one(DecisionTree).walk
        detail = self.query_one("#tree-detail", VerticalScroll)
        text = self.query_one("#tree-detail-text", Static)
        data = event.node.data
        if data is None:
            detail.border_title = "Details"
            text.update(Content.styled("Highlight a question or an option to see it explained here.", present.MUTED))
            return
        kind, item = data
        if kind == "question":
            question = walk.kb.question(item)
            assert question is not None
            detail.border_title = present.fitted_title("Question: ", question.title, detail.outer_size.width)
            text.update(question_detail(walk, question, present.today(self), walking=self.walking))
        else:
            option = walk.kb.option(item)
            assert option is not None
            detail.border_title = present.fitted_title("Option: ", option.name, detail.outer_size.width)
            text.update(notes_content(walk, option, present.today(self)))
        detail.scroll_home(animate=False)

    @on(Tree.NodeSelected)
    def _go(self, event: Tree.NodeSelected[NodeData]) -> None:
        event.stop()
        if event.node.data is None:
            event.node.toggle()
            return
        kind, item = event.node.data
        self.post_message(ReopenQuestion(item) if kind == "question" else ShowOption(item))

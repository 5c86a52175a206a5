"""The whole decision tree, with the current path marked; Enter on a question goes back to it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Tree

from amltui.tui.messages import ReopenQuestion, ShowOption
from amltui.tui.widgets.decision_tree import DecisionTree, NodeData
from amltui.tui.widgets.disclaimer import DisclaimerBar


class TreeScreen(Screen[None]):
    AUTO_FOCUS = "DecisionTree"
    BINDINGS = [
        Binding("escape,t", "app.pop_screen", "Close", id="tree.close", tooltip="Back to where you were"),
    ]

    def compose(self) -> ComposeResult:
        app = self.app
        yield Header(icon="≡")
        yield DecisionTree(app.walk, id="decision-tree")  # type: ignore[attr-defined]
        yield Footer(compact=True)
        yield DisclaimerBar(app.kb.disclaimer)  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.sub_title = "Decision tree"

    @on(Tree.NodeSelected)
    def _go(self, event: Tree.NodeSelected[NodeData]) -> None:
        event.stop()
        if event.node.data is None:
            event.node.toggle()
            return
        kind, item = event.node.data
        self.post_message(ReopenQuestion(item) if kind == "question" else ShowOption(item))

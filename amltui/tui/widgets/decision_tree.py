"""The decision tree: every question with its answers and when it is asked, then every option.

Labels are Rich `Text` objects built from plain strings (Tree parses `str` labels as markup).
Marks readable without colour: ✓ answered, ▶ asked now, · not reached yet, – does not apply;
● the answer given, ○ the others; + shown / - not shown for options.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from amltui import engine, glyphs
from amltui.knowledge.models import Question
from amltui.tui import present
from amltui.tui.walk import Walk

#: Node data: ("question", id) or ("option", id).
NodeData = tuple[str, str]


def question_state(walk: Walk, question: Question) -> str:
    asking = walk.asking
    if asking is not None and question.id == asking.id:
        return "asking"
    if question.id in walk.answers:
        return "answered"
    kb = walk.kb
    limit = kb.position(asking.id) if asking else len(kb.questions)
    return "skipped" if kb.position(question.id) < limit else "later"


MARKS = {"answered": present.DONE, "asking": present.CURRENT, "later": "·", "skipped": "–"}
#: A Linux console lacks these glyphs: the fallbacks of the one table (amltui.glyphs).
MARKS = {state: glyphs.glyphs(mark) for state, mark in MARKS.items()}


class DecisionTree(Tree[NodeData]):
    # Small triangles for folding, so they are not confused with ▶ (the question asked now).
    ICON_NODE = glyphs.glyphs("▸ ")
    ICON_NODE_EXPANDED = glyphs.glyphs("▾ ")
    BINDINGS = [
        Binding("enter", "select_cursor", "Go there", id="tree.go", tooltip="Reopen this question (or show this option)"),
        Binding("space", "toggle_node", "Fold", id="tree.fold", tooltip="Fold or unfold this branch"),
    ]

    def __init__(self, walk: Walk, *, id: str | None = None) -> None:
        super().__init__(Text(f"Decision tree: {len(walk.kb.questions)} questions"), id=id)
        self.auto_expand = False
        self.walk = walk
        self.current: TreeNode[NodeData] | None = None
        self._populate()

    def _populate(self) -> None:
        walk = self.walk
        kb = walk.kb
        self.root.expand()
        questions = self.root.add(Text.assemble(("Questions", "bold"), f"  ({len(kb.questions)}, in the order asked)"), expand=True)
        for number, question in enumerate(kb.questions, 1):
            state = question_state(walk, question)
            label = Text.assemble(f"{MARKS[state]} {number}. ", (question.title, "bold"))
            if state == "answered":
                label.append(": " + present.answer_text(walk.labels(question)))
            elif state == "asking":
                label.append(glyphs.glyphs("  ← asked now"), "bold reverse")
            elif state == "skipped":
                label.append("  (does not apply with these answers)", "dim")
            node = questions.add(label, data=("question", question.id), expand=state == "asking")
            if question.ask_if is not None:
                node.add_leaf(Text(f"asked if {engine.describe(kb, question.ask_if)}", "dim italic"), data=("question", question.id))
            chosen = walk.answers.get(question.id, frozenset())
            for answer in question.answers:
                mark = glyphs.glyphs("●" if answer.id in chosen else "○")
                node.add_leaf(Text.assemble(f"{mark} ", answer.label), data=("question", question.id))
            if state == "asking":
                self.current = node
        shown = set(walk.evaluation.shown_ids)
        options = self.root.add(
            Text.assemble(("Options", "bold"), f"  ({len(shown)} of {len(kb.options)} shown; when each is shown)"), expand=False
        )
        for category in kb.categories:
            group = options.add(Text(category.title), expand=True)
            for option in (o for o in kb.options if o.category == category.id):
                mark = "+ shown" if option.id in shown else "- not shown"
                label = Text.assemble(f"{mark}  ", (option.name, "bold"))
                if option.newer:
                    label.append(f"  {present.NEWER} {kb.layer_mark}", "bold")
                node = group.add(label, data=("option", option.id))
                node.add_leaf(Text(f"shown if {engine.describe(kb, option.show_if)}"), data=("option", option.id))

    def on_mount(self) -> None:
        self.call_after_refresh(self.move_cursor, self.current or self.root)

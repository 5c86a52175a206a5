"""The decision tree: every question with its answers and when it is asked, then every option.

Labels are Rich `Text` objects built from plain strings (Tree parses `str` labels as markup).
Marks readable without colour: ✓ answered, → asked now, · not reached yet, – does not apply;
● the answer given, ○ the others; + shown / - not shown for options. With no walk under way
(opened from the start screen) nothing is answered or asked now: the questions and options are
listed with when each applies, and no mark speaks of a walk.
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


def question_state(walk: Walk, question: Question, *, walking: bool = True) -> str:
    """"asking", "answered", "skipped" or "later"; "idle" with no walk under way."""
    if not walking:
        return "idle"
    asking = walk.asking
    if asking is not None and question.id == asking.id:
        return "asking"
    if question.id in walk.answers:
        return "answered"
    kb = walk.kb
    limit = kb.position(asking.id) if asking else len(kb.questions)
    return "skipped" if kb.position(question.id) < limit else "later"


MARKS = {"answered": present.DONE, "asking": present.CURRENT, "later": "·", "skipped": "–", "idle": "·"}
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

    def __init__(self, walk: Walk, *, walking: bool = True, id: str | None = None) -> None:
        """`walking`: a walk is under way (False: opened from the start screen, where `walk` is
        only the knowledge base's first step, or a walk already left)."""
        root = f"Decision tree: {len(walk.kb.questions)} questions" + ("" if walking else " (no walk under way)")
        super().__init__(Text(root), id=id)
        self.auto_expand = False
        self.walk = walk
        self.walking = walking
        self.current: TreeNode[NodeData] | None = None
        self._populate()

    def _populate(self) -> None:
        walk = self.walk
        kb = walk.kb
        self.root.expand()
        questions = self.root.add(Text.assemble(("Questions", "bold"), f"  ({len(kb.questions)}, in the order asked)"), expand=True)
        for number, question in enumerate(kb.questions, 1):
            state = question_state(walk, question, walking=self.walking)
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
            chosen = walk.answers.get(question.id, frozenset()) if self.walking else frozenset()
            for answer in question.answers:
                mark = glyphs.glyphs("●" if answer.id in chosen else "○")
                node.add_leaf(Text.assemble(f"{mark} ", answer.label), data=("question", question.id))
            if state == "asking" or (not self.walking and number == 1):  # the cursor starts here
                self.current = node
        shown = set(walk.evaluation.shown_ids)
        counts = f"{len(shown)} of {len(kb.options)} shown; " if self.walking else f"{len(kb.options)}, "
        options = self.root.add(Text.assemble(("Options", "bold"), f"  ({counts}when each is shown)"), expand=False)
        for category in kb.categories:
            group = options.add(Text(category.title), expand=True)
            for option in (o for o in kb.options if o.category == category.id):
                mark = ("+ shown  " if option.id in shown else "- not shown  ") if self.walking else ""
                label = Text.assemble(mark, (option.name, "bold"))
                if option.newer:
                    label.append(f"  {present.NEWER} {kb.layer_mark}", "bold")
                node = group.add(label, data=("option", option.id))
                node.add_leaf(Text(f"shown if {engine.describe(kb, option.show_if)}"), data=("option", option.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select_cursor":  # Go there: with no walk there is nothing to go back to
            return self.walking
        return True

    def on_mount(self) -> None:
        self.call_after_refresh(self.move_cursor, self.current or self.root)

"""Help: what the marks and status words mean, and every key by screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from amltui.knowledge.models import STATUSES
from amltui.tui import keys, knowledge_text, present
from amltui.tui.screens.base import AmlModal
from amltui.tui.screens.comment import CommentDialog
from amltui.tui.screens.compare import CompareScreen
from amltui.tui.screens.glossary import GlossaryScreen
from amltui.tui.screens.questionnaire import QuestionnaireScreen
from amltui.tui.screens.replay import ReplayScreen
from amltui.tui.screens.sessions import SessionsScreen
from amltui.tui.screens.start import StartMenu
from amltui.tui.screens.training import TrainingScreen
from amltui.tui.screens.training_summary import TrainingSummaryScreen
from amltui.tui.screens.tree import TreeScreen
from amltui.tui.screens.what_if import AlternativeChoices, WhatIfScreen
from amltui.tui.widgets.answer_choices import AnswerChoices
from amltui.tui.widgets.answered_list import AnsweredList
from amltui.tui.widgets.cursor_list import CURSOR
from amltui.tui.widgets.decision_tree import DecisionTree
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.hanging import Hanging
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.prediction_picker import PredictionPicker
from amltui.tui.widgets.session_table import SessionTable
from amltui.tui.widgets.timeline import CHANGED, COMMENTED
from amltui.tui.widgets.training_feedback import MATCH, MISMATCH
from amltui.tui.widgets.what_if_questions import WhatIfQuestions

MARKS = [
    (present.NEW, "an option that appeared with the last answer"),
    (present.GONE, "an option that went away with the last answer"),
    (CURSOR.strip(), "the highlighted line of a list: Enter chooses it"),
    (f"{present.CURRENT}", "the question on screen, in the breadcrumb and the answers so far"),
    (f"{present.DONE}", "an answered question"),
    ("( ) (•)", "one answer; (•) is the answer given before"),
    ("[ ] [x]", "several answers may be ticked"),
    (present.OUTDATED, "the source is dated more than five years ago, or shows no date"),
    ("! ...", "the sources do not cover this case"),
    (
        f"targeted · not approved{present.ELLIPSIS}",
        (
            "the status follows the region answered: its newest approval line is not an approval for this use there "
            "(or says nothing, or there is none, or no region is answered)"
        ),
    ),
    (f"{present.NEWER} beyond the ...", "beyond the five sources: regulator decisions they do not give, most of them later (l hides them for the walk)"),
    ("i ...", "guidance the sources give for these answers"),
    (f"{CHANGED} * {COMMENTED}", "replay timeline: a changed answer; today's base differs; comments"),
    ("+ today / − today", "replay: shown by today's base and not then / shown then and not today"),
    (f"{MATCH} {MISMATCH}", "training: the answer matches the case's, or not"),
]


#: Where a row's meaning starts: after two spaces and the 22 cells of its mark or key.
MEANING = 24


def _past_the_key(line: str) -> int:
    """A row's wrapped lines hang under its meaning; other lines wrap to the left edge."""
    return MEANING if line.startswith("  ") and len(line) > MEANING else 0


#: Each group of keys, and the screens and widgets whose bindings it lists (the app's: every screen).
KEY_GROUPS: list[tuple[str, list[list[BindingType]]]] = [
    ("Everywhere", [keys.APP]),
    ("Start", [StartMenu.BINDINGS]),
    ("Questionnaire", [AnswerChoices.BINDINGS, QuestionnaireScreen.BINDINGS, AnsweredList.BINDINGS]),
    ("Tree", [DecisionTree.BINDINGS, TreeScreen.BINDINGS]),
    ("Glossary", [GlossaryScreen.BINDINGS]),
    ("What if", [WhatIfQuestions.BINDINGS, AlternativeChoices.BINDINGS, WhatIfScreen.BINDINGS]),
    ("Sessions", [SessionTable.BINDINGS, SessionsScreen.BINDINGS]),
    ("Replay", [ReplayScreen.BINDINGS, CommentDialog.BINDINGS]),
    ("Compare", [CompareScreen.BINDINGS]),
    ("Training", [TrainingScreen.BINDINGS, PredictionPicker.BINDINGS, TrainingSummaryScreen.BINDINGS]),
]


class HelpScreen(AmlModal[None]):
    BINDINGS = [Binding("escape,question_mark,f1", "dismiss", "Close", id="help.close", tooltip="Close the help")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"), VerticalScroll(id="help-scroll"):
            yield Static(Hanging(self._content(), hang=_past_the_key), markup=False)
        yield DisclaimerBar(self.app.kb.disclaimer)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-dialog").border_title = "Help"
        self.query_one("#help-scroll").focus()

    def _content(self) -> Content:
        lines: list[Content] = [
            Content.assemble(("! ", present.WARNING), self.app.kb.disclaimer),
            Content(""),
            Content.styled("Marks", present.HEADING),
        ]
        lines += [Content.assemble((f"  {mark:<22}", "bold"), meaning) for mark, meaning in MARKS]
        lines += [Content(""), Content.styled("Status words", present.HEADING)]
        lines += [Content.assemble((f"  {knowledge_text.status_word(s):<22}", "bold"), label) for s, label in STATUSES.items()]
        for title, groups in KEY_GROUPS:
            lines += [Content(""), Content.styled(f"Keys: {title}", present.HEADING)]
            for bindings in groups:
                for binding in bindings:
                    if isinstance(binding, Binding) and binding.description and not binding.key.startswith(("2", "3", "4", "5", "6", "7", "8", "9")):
                        keys = self.app.get_key_display(binding) if binding.key_display else ", ".join(
                            self.app.get_key_display(Binding(k, "")) for k in binding.key.split(",")
                        )
                        lines.append(Content.assemble((f"  {keys:<22}", "bold"), binding.tooltip or binding.description))
        return Content("\n").join(lines)

"""Two saved sessions side by side: where their final answers and final options differ.

Answers are listed in today's question order, one row per question whose answers differ; the
options are those on screen at each session's last step, only in one or only in the other. Names
come from today's knowledge base; ids it no longer has are said so.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from amltui.knowledge.labels import answer_labels, question_title
from amltui.knowledge.models import KnowledgeBase
from amltui.sessions import Session
from amltui.sessions.review import compare, same_knowledge, without_answer
from amltui.terminal_text import one_line, printable
from amltui.tui import present
from amltui.tui.screens.base import AmlScreen
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.recorded_options import option_name


def session_name(session: Session) -> str:
    return one_line(session.title) or "Untitled session"


def about(letter: str, session: Session, kb: KnowledgeBase) -> Content:
    steps = len(session.steps)
    knowledge = f"knowledge base {one_line(session.knowledge_version)}"
    if not same_knowledge(session, kb):
        knowledge += " (not today's)"
    return Content.assemble(
        (f"{letter}: ", "bold"),
        (session_name(session), "bold"),
        (f" · {steps} step{'s' * (steps != 1)} · {knowledge}", present.MUTED),
    )


def cell(text: str, *, classes: str = "") -> Static:
    return Static(Content(printable(text)), markup=False, classes=classes)


class CompareScreen(AmlScreen[None]):
    """Read-only; the body scrolls (↑ ↓ PgUp PgDn)."""

    AUTO_FOCUS = "#compare-body"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Close", id="compare.close", tooltip="Close the comparison"),
    ]

    def __init__(self, first: Session, second: Session) -> None:
        super().__init__()
        self.first = first
        self.second = second

    @property
    def kb(self) -> KnowledgeBase:
        return self.app.kb

    def compose(self) -> ComposeResult:
        kb, first, second = self.kb, self.first, self.second
        difference = compare(first, second, kb)
        info = [about("A", first, kb), about("B", second, kb)]
        info.append(Content.styled(f"Names from today's knowledge base (version {one_line(kb.version)}).", present.MUTED))
        yield Header(icon="≡")
        yield Static(Content("\n").join(info), id="compare-info", markup=False)
        with VerticalScroll(id="compare-body"):
            if difference.same:
                yield Static(Content.styled("Both sessions end with the same answers and the same options.", present.HEADING), markup=False)
            answers_a, answers_b = first.answers, second.answers
            agreed = sum(1 for q in answers_a if q in answers_b and answers_a[q] == answers_b[q])
            count = len(difference.answers)
            head = f"Answers that differ ({count})" if count else "Both give the same answers"
            yield Static(Content.assemble((head, present.HEADING), (f" · {agreed} the same in both", present.MUTED)), classes="compare-heading", markup=False)
            if count:
                with Grid(classes="compare-grid"):
                    yield Static("Question", classes="compare-column-head", markup=False)
                    yield Static(Content.assemble("A: ", session_name(first)), classes="compare-column-head", markup=False)
                    yield Static(Content.assemble("B: ", session_name(second)), classes="compare-column-head", markup=False)
                    for row in difference.answers:
                        missing = kb.question(row.question) is None
                        yield cell(question_title(kb, row.question), classes="-missing" if missing else "")
                        yield cell(answer_labels(kb, row.question, row.first) if row.first else without_answer(kb, first, row.question))
                        yield cell(answer_labels(kb, row.question, row.second) if row.second else without_answer(kb, second, row.question))
            shared = sum(1 for i in first.shown if i in second.shown)
            yield Static(
                Content.assemble(("Options at the last step", present.HEADING), (f" · {shared} shown in both", present.MUTED)),
                classes="compare-heading",
                markup=False,
            )
            with Grid(classes="compare-options"):
                yield Static(f"Only in A ({len(difference.only_first)})", classes="compare-column-head", markup=False)
                yield Static(f"Only in B ({len(difference.only_second)})", classes="compare-column-head", markup=False)
                yield Static(self._options(difference.only_first), markup=False)
                yield Static(self._options(difference.only_second), markup=False)
        yield KeyFooter(compact=True)
        yield DisclaimerBar(kb.disclaimer)

    def on_mount(self) -> None:
        self.sub_title = "Compare sessions"
        self.query_one("#compare-body").border_title = "Differences"

    def _options(self, option_ids: tuple[str, ...]) -> Content:
        if not option_ids:
            return Content.styled("none", present.MUTED)
        return Content("\n").join(Content.assemble("• ", option_name(self.kb, i)) for i in option_ids)

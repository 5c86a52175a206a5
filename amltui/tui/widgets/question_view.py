"""The question being asked: prompt, help, numbered answers, what the last answer changed, notices."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import OptionList, Static

from amltui.knowledge.citing import Citer
from amltui.knowledge.labels import question_title
from amltui.knowledge.models import KnowledgeBase, Question
from amltui.tui import knowledge_text, present
from amltui.tui.walk import Walk
from amltui.tui.widgets.answer_choices import AnswerChoices
from amltui.tui.widgets.hanging import Hanging


def changes_text(walk: Walk) -> Content:
    """What the answer before the question on screen did (`Walk.context`: for a reopened question
    its own, not the last answer's), in words and marks (never by colour alone)."""
    kb = walk.kb
    last, changes = walk.context()
    if last is None:
        return Content("")
    lines: list[Content] = [context_line(question_title(kb, last))]
    appeared = [o.name for o in map(kb.option, changes.appeared) if o]
    gone = [o.name for o in map(kb.option, changes.disappeared) if o]
    if appeared:
        lines.append(Content.assemble(("  + new: ", "bold $text-success"), ", ".join(appeared)))
    if gone:
        lines.append(Content.assemble(("  - gone: ", "bold $text-error"), ", ".join(gone)))
    if not appeared and not gone:
        lines.append(Content.styled("  no change in the options shown", present.MUTED))
    if walk.dropped and walk.reopened is None:
        titles = [q.title for q in map(kb.question, walk.dropped) if q]
        lines.append(Content.assemble(("  dropped, no longer apply: ", present.WARNING), ", ".join(titles)))
    return Content("\n").join(lines)


def context_line(title: str) -> Content:
    """"The answer to “Title”:", the head of what an answer changed. Not "After “Title”": a title
    that itself begins with "After" ("After transplant") would read "After “After transplant”"."""
    return Content.assemble(("The answer to “", present.MUTED), title, ("”: ", present.MUTED))


def _past_the_label(line: str) -> int:
    """"  + new: A, B" wraps under "A"."""
    label = line.find(": ")
    return label + 2 if line.startswith("  ") and 0 < label < len(line) - 2 else 0


def why_asked(kb: KnowledgeBase, question: Question, today: dt.date, cite: Citer | None = None) -> Content:
    """The question's own notes (why it matters, with citations) and the glossary terms it uses;
    `cite`: the citer of the notices above them, so a source they cited is referred back to."""
    lines: list[Content] = []
    if question.notes:
        lines.append(Content.styled("Why this is asked", present.HEADING))
        lines += knowledge_text.cited_notes(kb, question.notes, today, cite)
    terms = [kb.glossary[t].term for t in question.terms if t in kb.glossary]
    if terms:
        lines.append(Content.assemble(("Terms: ", present.HEADING), " · ".join(terms), ("  (g: glossary)", present.MUTED)))
    return Content("\n").join(lines)


class QuestionView(VerticalScroll):
    """Everything about the question on screen; posts `AnswerChosen` through its `AnswerChoices`.

    Focusable (Tab from the answers) so the notes below them can be scrolled with the keyboard.
    """

    walk: reactive[Walk | None] = reactive(None, init=False)

    def compose(self) -> ComposeResult:
        yield Static(id="prompt", markup=False)
        yield Static(id="question-help", markup=False)
        yield AnswerChoices(id="choices")
        yield Static(id="answer-help", markup=False)
        yield Static(id="changes", markup=False)
        yield Static(id="notices", markup=False)
        yield Static(id="why", markup=False)

    def watch_walk(self, walk: Walk | None) -> None:
        if walk is None or walk.asking is None:
            return
        question = walk.asking
        kb = walk.kb
        reopened = walk.reopened is not None
        prompt = Content.assemble(
            (f"{walk.step}. ", present.MUTED),
            (question.prompt, "bold"),
        )
        self.query_one("#prompt", Static).update(prompt)
        if question.multiple:
            hint = "↑↓ and Space (or 1-9) tick, Enter confirms."
            if "all that apply" not in f"{question.prompt} {question.help}".lower():  # say it once
                hint = "Choose all that apply: " + hint
        else:
            hint = "↑↓ or 1-9 to choose, Enter to confirm."
        if reopened:
            hint = "Reopened to change it; later answers are kept where they still apply. " + hint
        self.query_one("#question-help", Static).update(
            Content.assemble(question.help, "\n", (hint, "italic $text-muted"))
        )
        self.query_one(AnswerChoices).show(question, walk.answers.get(question.id, frozenset()))
        self._fill("#changes", Hanging(changes_text(walk), hang=_past_the_label))
        today = present.today(self)
        cite = knowledge_text.citer(kb, today)  # the notices and the notes below them: one numbering
        notices = [knowledge_text.notice(kb, n, today, cite) for n in walk.evaluation.notices]
        self._fill("#notices", Content("\n").join([*notices, knowledge_text.standing_notice(kb)]))
        self._fill("#why", why_asked(kb, question, today, cite))
        self.scroll_home(animate=False)

    def _fill(self, selector: str, content: Content | Hanging) -> None:
        widget = self.query_one(selector, Static)
        widget.update(content)
        widget.display = bool(str(content))

    @on(OptionList.OptionHighlighted, "#choices")
    def _show_answer_help(self, event: OptionList.OptionHighlighted) -> None:
        walk = self.walk
        question = walk.asking if walk else None
        answer = question.answer(event.option_id or "") if question else None
        help_text = answer.help if answer else ""
        widget = self.query_one("#answer-help", Static)
        widget.update(Content.assemble((answer.label + ": ", "bold"), help_text) if answer and help_text else "")
        widget.display = bool(help_text)

    def focus_choices(self) -> None:
        self.query_one(AnswerChoices).focus()

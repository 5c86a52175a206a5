"""The notes of one option: status, why it is (or is not) shown, approval, and what each source says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from amltui import engine
from amltui.engine.badges import said_once
from amltui.knowledge.models import KnowledgeBase, Option
from amltui.tui import knowledge_text, present
from amltui.tui.walk import Walk


def status_line(kb: KnowledgeBase, option: Option, walk: Walk) -> Content:
    """The badge; its long explanation only where no region line speaks (it would contradict
    one: "approved" above "not approved by the EMA")."""
    word = knowledge_text.badge_word(kb, option, walk.answers)
    if option.approvals:
        return Content.assemble(("Status: ", present.MUTED), (word, "bold"))
    label = knowledge_text.status_label(option.status)
    if said_once(word, label) == label:  # "standard": the explanation says the word already
        return Content.assemble(("Status: ", present.MUTED), (label, "bold"))
    return Content.assemble(("Status: ", present.MUTED), (word, "bold"), " — ", label)


def notes_content(walk: Walk, option: Option, today: dt.date) -> Content:
    """The pane's text; its citations name each source in full once, then by number."""
    kb = walk.kb
    cite = knowledge_text.citer(kb, today)
    shown = next((s for s in walk.evaluation.shown if s.option.id == option.id), None)
    lines: list[Content] = [Content.styled(option.name, "bold")]
    if option.newer:
        lines.append(knowledge_text.newer_mark(kb))
    lines += [
        status_line(kb, option, walk),
        Content(option.summary),
        Content(""),
    ]
    if shown is not None:
        lines.append(Content.styled("Why it is shown", present.HEADING))
        lines += [Content.assemble("• ", reason) for reason in shown.reasons] or [Content("• shown for every answer")]
    else:
        gone = option.id in walk.changes.disappeared
        head = f"Not shown{' (' + present.GONE + ' after the last answer)' if gone else ''}"
        lines.append(Content.styled(head, present.WARNING))
        would = walk.would_show(option.id)
        if would:
            lines.append(Content.assemble(("Would show with: ", "bold"), would))
    lines.append(Content(""))
    if option.approvals:
        approvals = shown.approvals if shown is not None else engine.regional_approvals(kb, option, walk.answers)
        lines.append(Content.styled("Approval", present.HEADING))
        if approvals:
            for approval in approvals:  # the base's lines, then the layer's
                lines.append(knowledge_text.approval_line(kb, approval, indent=""))
                lines.append(knowledge_text.cited_line(cite.cite(approval.cites), indent="  "))
        else:
            lines += knowledge_text.approval_lines(kb, option, walk.answers, indent="")
        lines.append(Content(""))
    lines.append(Content.styled(f"What the sources say ({len(option.notes)})", present.HEADING))
    for number, note in enumerate(option.notes, 1):
        lines.append(Content.assemble((f"{number}. ", "bold"), note.text))
        lines.append(knowledge_text.cited_line(cite.cite(note.cites), indent="   "))
        if note.newer and not option.newer:  # a layer option is marked once, at its name
            lines.append(knowledge_text.newer_mark(kb, "   "))
    terms = [kb.glossary[t].term for t in option.terms if t in kb.glossary]
    if terms:
        lines.append(Content(""))
        lines.append(Content.assemble(("Terms: ", present.HEADING), " · ".join(terms)))
    return Content("\n").join(lines)


#: What the notes pane says of one option: its title and its notes (None: there are none to show).
NotesFor = Callable[[Walk, str, dt.date], "tuple[Content, Content] | None"]


def shown_notes(walk: Walk, option_id: str, today: dt.date) -> tuple[Content, Content] | None:
    """An option's notes with the walk's answers (None for an id the knowledge base lacks)."""
    option = walk.kb.option(option_id)
    if option is None:
        return None
    return Content(option.name), notes_content(walk, option, today)


class OptionNotes(VerticalScroll):
    """Scrollable notes for the option in `option_id` (reactive; bound from the options panel)."""

    walk: reactive[Walk | None] = reactive(None, init=False)
    option_id: reactive[str | None] = reactive(None, init=False)

    def __init__(self, notes: NotesFor = shown_notes, *, empty: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes = notes
        self.empty = empty
        #: The option's name in the border title ("" when there are no notes to show).
        self._title = ""

    def compose(self) -> ComposeResult:
        yield Static(id="notes-text", markup=False)

    def on_mount(self) -> None:
        self.show()

    def on_resize(self) -> None:
        self._fit_title()

    def _fit_title(self) -> None:
        if self._title:
            self.border_title = present.fitted_title("Notes: ", self._title, self.outer_size.width)

    def watch_walk(self) -> None:
        self.show()

    def watch_option_id(self) -> None:
        self.show()

    def show(self) -> None:
        """The notes again (the walk, the option or what `notes` says of it changed)."""
        walk, option_id = self.walk, self.option_id
        said = self.notes(walk, option_id, present.today(self)) if walk and option_id else None
        text = self.query_one("#notes-text", Static)
        if said is None:
            self.border_title = "Notes"
            self._title = ""
            text.update(Content.styled(self.empty, present.MUTED))
            return
        title, notes = said
        self._title = title.plain
        self._fit_title()
        self.call_after_refresh(self._fit_title)  # first shown: its width is known after layout
        text.update(notes)
        self.scroll_home(animate=False)

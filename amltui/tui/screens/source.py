"""One source: what it is, how old, where to find it, and everything in the knowledge base that cites it."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from amltui.knowledge.models import KnowledgeBase, Source
from amltui.tui import knowledge_text, present
from amltui.tui.screens.base import AmlModal
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter


def cited_by(kb: KnowledgeBase, source_id: str) -> list[Content]:
    lines: list[Content] = []
    for question in kb.questions:
        for note in question.notes:
            if note.cites.source == source_id:
                lines.append(Content.assemble("• ", ("Question ", present.MUTED), question.title, (f" · {note.cites.place}", present.MUTED)))
    for option in kb.options:
        places = [n.cites.place for n in option.notes if n.cites.source == source_id]
        places += [f"approval ({a.region})" for a in option.approvals if a.cites.source == source_id]
        if places:
            lines.append(Content.assemble("• ", ("Option ", present.MUTED), option.name, (" · " + "; ".join(places), present.MUTED)))
    for notice in kb.notices:
        if any(c.source == source_id for c in notice.cites):
            lines.append(Content.assemble("• ", ("Notice ", present.MUTED), notice.text))
    for term in kb.glossary.values():
        if term.cites.source == source_id:
            lines.append(Content.assemble("• ", ("Term ", present.MUTED), term.term))
    return lines


def source_content(kb: KnowledgeBase, source: Source, today: dt.date) -> Content:
    date = knowledge_text.source_date(source)
    lines = [
        Content.styled(source.publisher, "bold"),
        Content(source.title),
        Content.assemble(("Kind: ", present.MUTED), source.kind),
        Content.assemble(
            ("Date: ", present.MUTED), date,
            (f"  {present.OUTDATED} {source.currency(today)}" if source.currency(today) else "", present.WARNING),
        ),
    ]
    if source.date_note:
        lines.append(Content.assemble(("Note: ", present.MUTED), source.date_note))
    if source.copy_taken:
        lines.append(Content.assemble(("Copy taken: ", present.MUTED), source.copy_taken))
    if source.locator:
        lines.append(Content.assemble(("Find it: ", present.MUTED), source.locator))
    references = cited_by(kb, source.id)
    lines += [Content(""), Content.styled(f"Cited by ({len(references)})", present.HEADING), *references]
    return Content("\n").join(lines)


class SourceScreen(AmlModal[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", id="source.close", tooltip="Back to where you were")]

    def __init__(self, source_id: str) -> None:
        super().__init__()
        self.source_id = source_id

    def compose(self) -> ComposeResult:
        kb: KnowledgeBase = self.app.kb
        source = kb.sources[self.source_id]
        with Vertical(id="source-dialog"), VerticalScroll(id="source-scroll"):
            yield Static(source_content(kb, source, present.today(self)), markup=False)
        yield DisclaimerBar(kb.disclaimer)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#source-dialog").border_title = "Source"
        self.query_one("#source-scroll").focus()

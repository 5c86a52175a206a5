"""The glossary: every term, searchable; opens at the terms of the question on screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from amltui.knowledge.models import KnowledgeBase, Term
from amltui.tui import knowledge_text, present
from amltui.tui.screens.base import AmlScreen
from amltui.tui.widgets.cursor_list import CursorList
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.ordered_input import OrderedInput

HERE = "here:"


def matches(term: Term, query: str) -> bool:
    query = query.casefold().strip()
    return not query or any(query in text.casefold() for text in (term.term, term.definition, *term.aliases))


def term_content(kb: KnowledgeBase, term: Term, today: dt.date) -> Content:
    lines = [Content.styled(term.term, "bold")]
    if term.aliases:
        lines.append(Content.assemble(("Also called: ", present.MUTED), ", ".join(term.aliases)))
    lines += [Content(""), Content(term.definition), knowledge_text.citation(kb, term.cites, today, indent="  ")]
    questions = [q.title for q in kb.questions if term.id in q.terms]
    options = [o.name for o in kb.options if term.id in o.terms]
    if questions or options:
        lines.append(Content(""))
    if questions:
        lines.append(Content.assemble(("Questions: ", present.HEADING), ", ".join(questions)))
    if options:
        lines.append(Content.assemble(("Options: ", present.HEADING), ", ".join(options)))
    return Content("\n").join(lines)


class TermList(CursorList):
    BINDINGS = [Binding("enter", "select", "Read", show=False, id="glossary.read", tooltip="Read this term")]


class GlossaryScreen(AmlScreen[None]):
    BINDINGS = [
        Binding("escape,g", "app.pop_screen", "Close", id="glossary.close", tooltip="Back to where you were"),
        Binding("slash", "search", "Search", id="glossary.search", tooltip="Type to filter the terms"),
    ]

    def __init__(self, here: Sequence[str] = (), here_title: str = "", term_id: str | None = None) -> None:
        super().__init__()
        self.here = tuple(here)
        self.here_title = here_title
        self.term_id = term_id

    @property
    def kb(self) -> KnowledgeBase:
        return self.app.kb

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield OrderedInput(placeholder="/ search terms, other names and definitions", id="glossary-search", compact=True)
        with Horizontal(id="glossary-body"):
            yield TermList(id="terms")
            with VerticalScroll(id="term-view"):
                yield Static(id="term-text", markup=False)
        yield KeyFooter(compact=True)
        yield DisclaimerBar(self.kb.disclaimer)

    def on_mount(self) -> None:
        self.sub_title = "Glossary"
        self._fill("")
        self.select(self.term_id)
        self.query_one(TermList).focus()

    def _fill(self, query: str) -> None:
        glossary = self.kb.glossary
        everything = sorted((t for t in glossary.values() if matches(t, query)), key=lambda t: t.term.casefold())
        here = [glossary[t] for t in self.here if t in glossary and matches(glossary[t], query)]
        items: list[Option] = []
        if here:
            items.append(Option(Content.assemble(("In this question: ", present.HEADING), (self.here_title, present.HEADING)), disabled=True))
            items += [Option(Content(t.term), id=HERE + t.id) for t in here]
            items.append(Option(Content.styled("All terms", present.HEADING), disabled=True))
        items += [Option(Content(t.term), id=t.id) for t in everything]
        terms = self.query_one(TermList)
        terms.set_options(items)
        terms.border_title = f"Terms ({len(everything)} of {len(glossary)})"
        first = next((i for i, o in enumerate(items) if not o.disabled), None)
        terms.highlighted = first
        if first is None:
            self._show(None)

    def select(self, term_id: str | None) -> None:
        """Highlight a term (clearing the search if it hides it)."""
        if term_id is None or term_id not in self.kb.glossary:
            return
        terms = self.query_one(TermList)
        try:
            index = terms.get_option_index(term_id)
        except OptionDoesNotExist:
            self.query_one(Input).value = ""
            self._fill("")
            index = terms.get_option_index(term_id)
        terms.highlighted = index
        terms.focus()

    def _show(self, term_id: str | None) -> None:
        term = self.kb.glossary.get(term_id) if term_id else None
        text = self.query_one("#term-text", Static)
        view = self.query_one("#term-view", VerticalScroll)
        if term is None:
            view.border_title = "Definition"
            text.update(Content.styled("No term matches the search.", present.MUTED))
            return
        view.border_title = Content(term.term)
        text.update(term_content(self.kb, term, present.today(self)))
        view.scroll_home(animate=False)

    @on(Input.Changed, "#glossary-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#glossary-search")
    def _to_list(self) -> None:
        self.query_one(TermList).focus()

    @on(OptionList.OptionHighlighted, "#terms")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show((event.option_id or "").removeprefix(HERE))

    def action_search(self) -> None:
        self.query_one(Input).focus()

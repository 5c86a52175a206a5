"""Command palette (Ctrl+P): jump to a question, an option, a source or a glossary term; then the
app's own commands (theme, quit), without Textual's Keys, Maximize and Screenshot.

Candidates and their help lines are built as `Content` (Textual's default highlighter would parse
them as markup), and matched in linear time (see `match`). Choosing one posts the same message a key or a list would, so the app routes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message import Message
from textual.style import Style

from amltui.knowledge.models import KnowledgeBase
from amltui.tui import knowledge_text, present
from amltui.tui.messages import (
    ReopenQuestion,
    ShowOption,
    ShowSource,
    ShowTerm,
    ToggleLayer,
)
from amltui.tui.state import AppState
from amltui.tui.textual_private import palette_help
from amltui.tui.walk import Walk

#: The longest help line (cells), so a long definition does not fill the palette.
SHORT = 70

Entry = tuple[str, str, Message]  # (text matched and shown, help line, message posted)

#: Textual's palette commands left out: Keys and Maximize repeat what help and the panes do, and
#: Screenshot saves a file on the machine running amltui (the server, in a browser).
LEFT_OUT = frozenset({"Keys", "Maximize", "Minimize", "Screenshot"})


def entries(kb: KnowledgeBase, walk: Walk | None) -> Iterator[Entry]:
    answered = walk.evaluation.answered if walk else ()
    asked = {q.id for q in answered}
    next_question = walk.evaluation.next_question if walk else None
    for question in kb.questions:
        if question.id in asked and walk is not None:
            state = "answered: " + present.answer_text(walk.labels(question))
        elif next_question is not None and question.id == next_question.id:
            state = "the next question"
        else:
            state = "not asked with the answers so far"
        yield f"Question: {question.title}", present.shortened(state, SHORT), ReopenQuestion(question.id)
    shown = set(walk.evaluation.shown_ids) if walk else set()
    for option in kb.options:
        state = "shown" if option.id in shown else "not shown"
        yield f"Option: {option.name}", f"{knowledge_text.status_word(option.status)}, {state}", ShowOption(option.id)
    layer = kb.layer
    if layer is not None and walk is not None:
        if kb.layer_hidden:
            yield f"Setting: show {layer.title.lower()} (l)", "for this walk: what changed after the sources, marked", ToggleLayer()
        else:
            yield "Setting: sources only (l)", f"for this walk: hide {layer.title.lower()}", ToggleLayer()
    for source in kb.sources.values():
        yield f"Source: {source.publisher}", present.shortened(f"{knowledge_text.source_date(source)}: {source.title}", SHORT), ShowSource(source.id)
    for term in kb.glossary.values():
        yield f"Glossary: {term.term}", present.shortened(term.definition, SHORT), ShowTerm(term.id)


def match(query: str, text: str) -> tuple[float, list[int]]:
    """Score and matched offsets, in linear time.

    Textual's fuzzy matcher enumerates every way the letters can match, which grows quickly with
    long queries against long names; this one prefers the whole query, then every word, then the
    letters in order (greedy), which is what a person typing a name expects.
    """
    wanted, haystack = query.casefold().strip(), text.casefold()
    if not wanted:
        return 0.0, []
    start = haystack.find(wanted)
    if start >= 0:
        return 1.0 - start / (2 * len(haystack)), list(range(start, start + len(wanted)))
    offsets: list[int] = []
    for word in wanted.split():
        found = haystack.find(word)
        if found < 0:
            break
        offsets += range(found, found + len(word))
    else:
        return 0.6, sorted(set(offsets))
    offsets, position = [], 0
    for letter in wanted.replace(" ", ""):
        position = haystack.find(letter, position)
        if position < 0:
            return 0.0, []
        offsets.append(position)
        position += 1
    return 0.3 * len(wanted) / (offsets[-1] - offsets[0] + 1), offsets


def highlighted(text: str, offsets: list[int], style: Style) -> Content:
    """The candidate with the matched letters styled, never parsed as markup."""
    content = Content(text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


class KnowledgeCommands(Provider):
    """Questions, options, sources and glossary terms of the knowledge base, then the app's own
    commands (the app's one provider, so that its entries come first)."""

    def _entries(self) -> list[Entry]:
        app = self.app
        assert isinstance(app, AppState)
        return list(entries(app.kb, app.walk))

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """Every entry as (text, help line, what choosing it does): the knowledge base's, then the
        app's system commands (theme, quit) but those `LEFT_OUT`."""
        commands: list[tuple[str, str, Callable[[], object]]] = [
            (text, help_text, partial(self._post, message)) for text, help_text, message in self._entries()
        ]
        commands += [(c.title, c.help, c.callback) for c in self.app.get_system_commands(self.screen) if c.title not in LEFT_OUT]
        return commands

    def _post(self, message: Message) -> None:
        self.app.post_message(message)

    async def discover(self) -> Hits:
        for text, help_text, run in self._commands():
            if not text.startswith(("Option: ", "Setting: ", "Source: ", "Glossary: ")):
                yield DiscoveryHit(Content(text), run, text=text, help=palette_help(help_text))

    async def search(self, query: str) -> Hits:
        style = self.matcher(query).match_style
        for text, help_text, run in self._commands():
            score, offsets = match(query, text)
            if score > 0:
                yield Hit(score, highlighted(text, offsets, style), run, text=text, help=palette_help(help_text))

"""The options recorded at one step of a saved session, named from today's knowledge base.

A session keeps only option ids. Each recorded id is shown with today's name and category; an id
today's base no longer has is said so. Against today's base for the same answers, an option
recorded then but not shown today is marked "− today", and one today's base would show but that
was not recorded is listed with "+ today".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from amltui.knowledge.models import KnowledgeBase
from amltui.terminal_text import one_line
from amltui.tui import knowledge_text, present
from amltui.tui.walk import Walk
from amltui.tui.widgets.option_notes import notes_content
from amltui.tui.widgets.options_panel import OptionsListing

PLUS_TODAY = "+ today"
MINUS_TODAY = "− today"
NO_LONGER = "(no longer in the knowledge base)"
GONE_GROUP = "No longer in the knowledge base"


def option_name(kb: KnowledgeBase, option_id: str) -> Content:
    """Today's name of an option, or its id said to be gone."""
    option = kb.option(option_id)
    if option is None:
        return Content.assemble(one_line(option_id), " ", (NO_LONGER, present.WARNING))
    return Content(option.name)


def _prompt(kb: KnowledgeBase, option_id: str, mark: str, answers: Mapping[str, frozenset[str]]) -> Content:
    option = kb.option(option_id)
    lines = [option_name(kb, option_id)]
    detail: list[str | tuple[str, str]] = ["  "]
    if option is not None:
        detail.append((knowledge_text.badge_word(kb, option, answers), "italic"))
    if mark == PLUS_TODAY:
        detail += [" · " if option else "", (PLUS_TODAY, "bold $text-success")]
    elif mark == MINUS_TODAY:
        detail += [" · " if option else "", (MINUS_TODAY, "bold $text-error")]
    lines.append(Content.assemble(*detail))
    if option is not None and option.newer:
        lines.append(knowledge_text.newer_mark(kb, "  "))
    return Content("\n").join(lines)


class RecordedOptions(OptionsListing):
    """The recorded options of the step on screen; the highlighted one is announced with `OptionFocused`."""

    def show_step(
        self,
        kb: KnowledgeBase,
        recorded: Sequence[str],
        appeared: Sequence[str],
        disappeared: Sequence[str],
        answers: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        """List a step's recorded options by today's category, then "+ today" ones, then gone ids.
        `answers` (in force at the step) let the status badges follow the region answered."""
        answers = answers or {}
        previous = self.highlighted_option.id if self.highlighted_option else None
        gone_then = set(disappeared)
        marks = {i: MINUS_TODAY for i in recorded if i in gone_then} | dict.fromkeys(appeared, PLUS_TODAY)
        listed = [*recorded, *(i for i in appeared if i not in recorded)]
        items: list[Option] = []
        for category in kb.categories:
            members = [i for i in listed if (o := kb.option(i)) is not None and o.category == category.id]
            if members:
                items.append(Option(Content.styled(category.title, present.HEADING), disabled=True))
                items += [Option(_prompt(kb, i, marks.get(i, ""), answers), id=i) for i in members]
        unknown_category = [i for i in listed if (o := kb.option(i)) is not None and kb.category(o.category) is None]
        items += [Option(_prompt(kb, i, marks.get(i, ""), answers), id=i) for i in unknown_category]
        gone = [i for i in listed if kb.option(i) is None]
        if gone:
            items.append(Option(Content.styled(GONE_GROUP, present.HEADING), disabled=True))
            items += [Option(_prompt(kb, i, marks.get(i, ""), answers), id=i) for i in gone]
        if not items:
            items.append(Option(Content.styled("No options were shown at this step.", present.MUTED), disabled=True))
        self.set_options(items)
        self.border_title = f"Options recorded ({len(recorded)})"
        counts = []
        if appeared:
            counts.append(f"{PLUS_TODAY} {len(appeared)}")
        if disappeared:
            counts.append(f"{MINUS_TODAY} {len(disappeared)}")
        self.border_subtitle = "  ".join(counts)
        self.highlight(previous)


def recorded_notes(walk: Walk, option_id: str, recorded: bool, today: dt.date) -> Content:
    """An option's notes from today's knowledge base, evaluated with the step's answers.

    Starts by saying whether the option was on screen at that step and whether today's base
    shows it for the same answers, since the notes are today's.
    """
    option = walk.kb.option(option_id)
    if option is None:
        return Content.assemble(
            (one_line(option_id), "bold"),
            "\n",
            ("Shown at this step, but today's knowledge base no longer has this option, so its notes cannot be shown.", present.WARNING),
        )
    shown_today = option_id in walk.evaluation.shown_ids
    if recorded and shown_today:
        head = Content.styled("Shown at this step; today's knowledge base shows it too.", present.MUTED)
    elif recorded:
        head = Content.styled(f"{MINUS_TODAY}: shown at this step; today's knowledge base would not show it.", "bold $text-error")
    else:
        head = Content.styled(f"{PLUS_TODAY}: not shown at this step; today's knowledge base would show it.", "bold $text-success")
    return Content("\n").join([head, Content(""), notes_content(walk, option, today)])

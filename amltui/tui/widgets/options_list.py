"""The options shown so far, grouped by category, with status words and "+ new" / "- gone" marks."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widgets.option_list import Option, OptionDoesNotExist

from amltui.engine import ShownOption
from amltui.knowledge.models import Option as KbOption
from amltui.knowledge.wording import waited_for
from amltui.tui import knowledge_text, present
from amltui.tui.walk import Walk
from amltui.tui.widgets.options_panel import OptionsListing

GONE_GROUP = "Gone after the last answer"
WAITING_ROW = "category:waiting"


def shown_prompt(walk: Walk, shown: ShownOption) -> Content:
    option = shown.option
    new = option.id in walk.changes.appeared
    mark = ("+ ", "bold $text-success") if new else "  "
    status: list[str | tuple[str, str]] = ["    ", (knowledge_text.badge_word(walk.kb, option, walk.answers), "italic")]
    if new:
        status += [" · ", (present.NEW, "bold $text-success")]
    lines = [Content.assemble(mark, option.name)]
    if option.newer:
        lines.append(knowledge_text.newer_mark(walk.kb, "    "))
    lines.append(Content.assemble(*status))
    if option.approvals:
        # What the sources (and the layer) say for the region answered, so the badge above is explained.
        lines += knowledge_text.approval_lines(walk.kb, option, walk.answers)
    return Content("\n").join(lines)


def waiting_prompt(walk: Walk) -> Content:
    """The rule, said where it applies: how many options wait, and for which questions (named
    when one or two, so the line stays short)."""
    evaluation = walk.evaluation
    count = len(evaluation.waiting)
    named = waited_for(walk.kb, evaluation.waited_for)
    options = f"{count} {'more ' if evaluation.shown else ''}{'option waits' if count == 1 else 'options wait'}"
    return Content.styled(f"{options} for {named}: an option appears once the answers settle it. n lists them.", present.MUTED)


def gone_prompt(option: KbOption) -> Content:
    return Content("\n").join(
        [
            Content.assemble(("- ", "bold $text-error"), (option.name, "strike")),
            Content.assemble("    ", (knowledge_text.status_word(option.status), "italic"), " · ", (present.GONE, "bold $text-error")),
        ]
    )


class OptionsList(OptionsListing):
    """Shown options by category; the highlighted one is announced with `OptionFocused`."""

    BINDINGS = [
        # Also bound (without a footer entry) on the questionnaire and training screens, so it works from anywhere.
        Binding("n", "screen.not_shown", "Not shown", id="options.not-shown", tooltip="The options not shown, each with what would show it"),
    ]

    walk: reactive[Walk | None] = reactive(None, init=False)

    def watch_walk(self, walk: Walk | None) -> None:
        if walk is None:
            return
        previous = self.highlighted_option.id if self.highlighted_option else None
        items: list[Option] = []
        shown = walk.evaluation.shown
        for category in walk.kb.categories:
            members = [s for s in shown if s.option.category == category.id]
            if members:
                items.append(Option(Content.styled(category.title, present.HEADING), id=f"category:{category.id}", disabled=True))
                items += [Option(shown_prompt(walk, s), id=s.option.id) for s in members]
        gone = walk.gone()
        if gone:
            items.append(Option(Content.styled(GONE_GROUP, present.HEADING), id="category:gone", disabled=True))
            items += [Option(gone_prompt(o), id=o.id) for o in gone]
        if walk.evaluation.waiting:
            items.append(Option(waiting_prompt(walk), id=WAITING_ROW, disabled=True))
        self.set_options(items)
        self.border_title = f"Options shown ({len(shown)})"
        self.border_subtitle = self._counts(walk)
        target = next(iter(walk.changes.appeared), None) if walk.last else None
        self.highlight(target or previous)

    @staticmethod
    def _counts(walk: Walk) -> str:
        parts = []
        if walk.changes.appeared:
            parts.append(f"+{len(walk.changes.appeared)} new")
        if walk.changes.disappeared:
            parts.append(f"-{len(walk.changes.disappeared)} gone")
        return " ".join(parts)

    def select_option(self, option_id: str) -> bool:
        """Highlight an option if it is listed; False when it is not."""
        try:
            index = self.get_option_index(option_id)
        except OptionDoesNotExist:
            return False
        self.highlighted = index
        return True

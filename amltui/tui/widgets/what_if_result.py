"""What another answer would change: "Would appear" and "Would go" side by side (stacked when
narrow), then the later answers it would drop and the questions it would bring in. Read-only; it
scrolls as one piece.

The option lines are the options list's own (`shown_prompt`, `gone_prompt`), with the reasons
added under each: why it would appear, and which reason for showing it would no longer hold.
The lines under an option's name are a separate block with a left margin, so they stay indented
when they wrap.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from amltui import engine
from amltui.engine import ShownOption
from amltui.knowledge.models import KnowledgeBase
from amltui.tui import present
from amltui.tui.walk import Walk
from amltui.tui.widgets.options_list import gone_prompt, shown_prompt
from amltui.engine.what_if import Going, WhatIf

WHY = "italic $text-muted"
INDENT = "    "


def headline(result: WhatIf) -> Content:
    """"What if Genetic markers: IDH1 mutation?", the answer now, and the counts."""
    alternative = present.answer_text(result.alternative_labels)
    current = present.answer_text(result.current_labels) if result.current else "not answered yet"
    counts = [f"+{len(result.appear)} would appear", f"-{len(result.go)} would go", f"{len(result.unchanged)} stay"]
    if result.dropped:
        counts.append(f"{len(result.dropped)} later answer{'s' if len(result.dropped) > 1 else ''} dropped")
    return Content("\n").join(
        [
            Content.assemble(("What if ", "bold"), (result.question.title + ": ", "bold"), (alternative, "bold $text-accent"), ("?", "bold")),
            Content.assemble(("Now: ", present.MUTED), current),
            Content.styled(" · ".join(counts), present.MUTED),
        ]
    )


def _split(prompt: Content) -> tuple[Content, list[Content]]:
    """An option list prompt as its first line and the lines under it, without their indent."""
    first, *rest = prompt.split("\n")
    return first, [line[len(INDENT):] if line.plain.startswith(INDENT) else line for line in rest]


def _unique(lines: Iterable[str]) -> str:
    """Reasons joined, each once (two parts of a condition can be met by the same answer)."""
    return "; ".join(dict.fromkeys(lines))


def appear_item(walk: Walk, shown: ShownOption) -> tuple[Content, Content]:
    """The option's name, and under it its status, approval wording and why it would appear."""
    head, details = _split(shown_prompt(walk, shown))
    details.append(Content.assemble(("shown for: ", WHY), _unique(shown.reasons) or "every answer"))
    return head, Content("\n").join(details)


def go_item(going: Going) -> tuple[Content, Content]:
    """The option's name, and under it its status, what no longer holds and what would show it."""
    head, details = _split(gone_prompt(going.option))
    no_longer = _unique(going.no_longer)
    if no_longer:
        details.append(Content.assemble(("no longer: ", WHY), no_longer))
    if going.would_show and going.would_show != no_longer:
        details.append(Content.assemble(("would need: ", WHY), going.would_show))
    return head, Content("\n").join(details)


def later_content(result: WhatIf) -> Content:
    lines: list[Content] = [Content.styled("Later answers that would be dropped", present.HEADING)]
    if result.dropped:
        lines += [
            Content.assemble(("- ", "bold $text-error"), (d.question.title + ": ", "bold"), present.answer_text(d.labels))
            for d in result.dropped
        ]
    else:
        lines.append(Content.styled("None: every later answer still applies.", present.MUTED))
    lines += [Content(""), Content.styled("New questions that would be asked", present.HEADING)]
    if result.new_questions:
        lines += [Content.assemble(("? ", "bold"), (q.title + ": ", "bold"), q.prompt) for q in result.new_questions]
    else:
        lines.append(Content.styled("None.", present.MUTED))
    return Content("\n").join(lines)


def _statics(items: list[tuple[Content, Content]], empty: str) -> list[Static]:
    if not items:
        return [Static(Content.styled(empty, present.MUTED), markup=False)]
    widgets: list[Static] = []
    for head, details in items:
        widgets.append(Static(head, markup=False))
        widgets.append(Static(details, markup=False, classes="what-if-details"))
    return widgets


class WhatIfResult(VerticalScroll):
    """The difference one alternative answer makes; `show` replaces it."""

    def compose(self) -> ComposeResult:
        yield Static(id="what-if-headline", markup=False)
        with Horizontal(id="what-if-panes"):
            yield Vertical(id="what-if-appear")
            yield Vertical(id="what-if-go")
        yield Static(id="what-if-later", markup=False)

    def show(self, kb: KnowledgeBase, result: WhatIf) -> None:
        # A walk as it would be after the change, so the options list's own lines mark "+ new".
        walk = Walk(kb, result.after, changes=engine.option_changes(result.before, result.after))
        self.query_one("#what-if-headline", Static).update(headline(result))
        panes = (
            ("#what-if-appear", f"Would appear ({len(result.appear)})", [appear_item(walk, s) for s in result.appear], "Nothing new would appear."),
            ("#what-if-go", f"Would go ({len(result.go)})", [go_item(g) for g in result.go], "Nothing would go."),
        )
        for selector, title, items, empty in panes:
            pane = self.query_one(selector, Vertical)
            pane.border_title = title
            pane.remove_children()
            pane.mount_all(_statics(items, empty))
        self.query_one("#what-if-later", Static).update(later_content(result))
        self.scroll_home(animate=False)

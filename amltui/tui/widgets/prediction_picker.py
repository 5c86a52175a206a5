"""Before the options update: which will appear and which will go? Tick, then Enter to score."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from amltui import glyphs
from amltui.knowledge.models import Option as KbOption
from amltui.tui import present
from amltui.tui.walk import Walk
from amltui.tui.widgets.cursor_list import CursorList

GO_GROUP = "Shown now: tick [-] those you expect to go"
APPEAR_GROUP = "Not shown: tick [+] those you expect to appear"


class PredictionPicker(CursorList):
    """Every option once: the shown ones may go, the hidden ones may appear.

    | Key | Does |
    | :- | :- |
    | up / down | Move between options. |
    | space | Tick or untick the highlighted option. |
    | enter | Submit the prediction (ticking none predicts that nothing changes). |
    | s | Skip predicting for this answer (nothing is scored). |
    """

    BINDINGS = [
        Binding("enter", "submit", "Predict", id="predict.submit", tooltip="Submit this prediction: the answer is committed and scored"),
        Binding("space", "tick", "Tick", key_display=glyphs.glyphs("␣"), id="predict.toggle", tooltip="Tick or untick the highlighted option"),
        Binding("s", "skip", "Skip", id="predict.skip", tooltip="Commit the answer without predicting (nothing is scored)"),
    ]

    @dataclass
    class Made(Message):
        """The learner's prediction: option ids expected to change; None when skipped."""

        predicted: tuple[str, ...] | None

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.ticked: set[str] = set()
        self._shown_now: frozenset[str] = frozenset()
        self._offered: dict[str, KbOption] = {}

    def show(self, walk: Walk) -> None:
        """Offer every option, as the walk shows them now; nothing ticked."""
        self.ticked = set()
        shown = [s.option for s in walk.evaluation.shown]
        hidden = [h.option for h in walk.evaluation.hidden]
        self._shown_now = frozenset(o.id for o in shown)
        self._offered = {o.id: o for o in (*shown, *hidden)}
        items: list[Option] = []
        for heading, group in ((GO_GROUP, shown), (APPEAR_GROUP, hidden)):
            if group:
                items.append(Option(Content.styled(heading, present.HEADING), disabled=True))
                items += [Option(self._prompt(o.id), id=o.id) for o in group]
        self.set_options(items)
        self.highlighted = next((i for i, o in enumerate(self.options) if not o.disabled), None)
        self._count()

    def _prompt(self, option_id: str) -> Content:
        option = self._offered[option_id]
        if option_id not in self.ticked:
            return Content.assemble(("[ ] ", "bold"), option.name)
        mark = "[-] " if option_id in self._shown_now else "[+] "  # will go / will appear
        return Content.assemble((mark, "bold $text-success"), (option.name, "bold"))

    def _count(self) -> None:
        count = len(self.ticked)
        self.border_title = "Your prediction"
        self.border_subtitle = f"{count} ticked" if count else "none ticked: nothing changes"

    def action_tick(self) -> None:
        option = self.highlighted_option
        if option is None or option.id is None or option.disabled:
            return
        self.ticked ^= {option.id}
        self.set_prompt(self.get_option_index(option.id), self._prompt(option.id))
        self._count()

    def action_submit(self) -> None:
        order = list(self._offered)
        self.post_message(self.Made(tuple(sorted(self.ticked, key=order.index))))

    def action_skip(self) -> None:
        self.post_message(self.Made(None))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        """A click ticks; Enter stays the submission."""
        event.stop()
        self.action_tick()

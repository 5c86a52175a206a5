"""A training room's summary: per step, how the room answered and predicted; per learner, their
score by display name; and which learner files were set aside, and why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from amltui.engine.room import RoomSummary
from amltui.terminal_text import one_line
from amltui.tui import present
from amltui.tui.screens.base import AmlScreen
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.hanging import Hanging
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.room_tally import summary_content


class RoomSummaryScreen(AmlScreen[None]):
    AUTO_FOCUS = "#room-summary"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="room-summary.back", tooltip="Back to the room")]

    def __init__(self, summary: RoomSummary, code: str, *, you: str = "", problems: list[str] | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.code = code
        self.you = you
        self.problems = problems or []

    def compose(self) -> ComposeResult:
        kb = self.app.kb
        lines = [summary_content(kb, self.summary, you=self.you)]
        if not self.you:
            lines.append(Content.styled(f"\nExport: amltui room summary {self.code} --format md|json -o FILE", present.MUTED))
        if self.problems:
            lines.append(Content.styled(f"\nSet aside ({len(self.problems)}):", present.WARNING))
            lines += [Content(f"  {present.shortened(one_line(p), 300)}") for p in self.problems[:50]]
        yield Header(icon="≡")
        with VerticalScroll(id="room-summary") as scroll:
            scroll.border_title = f"Room {self.code}: summary"
            yield Static(Hanging(Content("\n").join(lines)), markup=False)
        yield KeyFooter(compact=True)
        yield DisclaimerBar(kb.disclaimer)

    def on_mount(self) -> None:
        self.sub_title = f"Room {self.code} · Summary"

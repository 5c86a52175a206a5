"""The options not shown, each with what would show it; the highlighted one's notes beside."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from amltui.tui import present
from amltui.tui.screens.base import AmlModal, PanedScreen
from amltui.tui.walk import Walk
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.options_panel import OptionsListing, OptionsPanel


class HiddenList(OptionsListing):
    """Hidden options by category: name, then "would show with: ..."."""

    BINDINGS = [Binding("enter", "select", "Notes", id="not-shown.notes", tooltip="Read the highlighted option's notes")]

    def __init__(self, walk: Walk, *, id: str | None = None) -> None:
        items: list[Option] = []
        hidden = walk.evaluation.hidden
        for category in walk.kb.categories:
            members = [h for h in hidden if h.option.category == category.id]
            if members:
                items.append(Option(Content.styled(category.title, present.HEADING), disabled=True))
            for item in members:
                would = item.would_show or "no answer shows it with the answers so far"
                prompt = Content.assemble(item.option.name, "\n", ("  would show with: ", "italic $text-muted"), would)
                items.append(Option(prompt, id=item.option.id))
        super().__init__(*items, id=id)
        self.border_title = f"Not shown ({len(hidden)})"


class NotShownScreen(PanedScreen[None], AmlModal[None]):
    """Narrow: the list alone, Enter shows the highlighted option's notes ("notes" pane). Wide: both side by side."""

    AUTO_FOCUS = "HiddenList"
    BINDINGS = [
        Binding("escape,n", "dismiss", "Close", id="not-shown.close", tooltip="Back to the questionnaire"),
        Binding("enter", "list", "List", id="not-shown.list", tooltip="Back to the list"),
    ]

    def __init__(self, walk: Walk, option_id: str | None = None) -> None:
        super().__init__("list")
        self.walk = walk
        self.start_at = option_id

    def compose(self) -> ComposeResult:
        with Vertical(id="not-shown-dialog"):
            yield Static(
                Content.styled("Not shown with the answers so far, and what would show each.", present.MUTED),
                id="not-shown-intro",
            )
            panel = OptionsPanel(HiddenList(self.walk, id="hidden"), notes_id="hidden-notes", reads_on_enter=True, id="not-shown-body")
            panel.walk = self.walk
            yield panel
        yield DisclaimerBar(self.walk.kb.disclaimer)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        ids = [o.id for o in self.query_one(HiddenList).options if not o.disabled]
        self.query_one(HiddenList).highlight(self.start_at if self.start_at in ids else None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        reading = self.pane == "notes"
        if action == "notes":
            return not reading
        if action == "list":
            return reading
        return True

    @on(OptionList.OptionSelected, "#hidden")
    def action_notes(self) -> None:
        self.pane = "notes"
        self.query_one(OptionsPanel).focus_notes()

    def action_list(self) -> None:
        self.pane = "list"
        self.query_one(OptionsPanel).focus_list()

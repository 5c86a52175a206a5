"""The options not shown, each with what would show it; the highlighted one's notes beside."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from amltui.tui import present
from amltui.tui.messages import OptionFocused
from amltui.tui.walk import Walk
from amltui.tui.widgets.cursor_list import CursorList
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.option_notes import OptionNotes


class HiddenList(CursorList):
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

    @on(OptionList.OptionHighlighted)
    def _announce(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(OptionFocused(event.option_id))



class NotShownScreen(ModalScreen[None]):
    """Narrow: the list alone, Enter shows the highlighted option's notes. Wide: both side by side."""

    AUTO_FOCUS = "HiddenList"
    BINDINGS = [
        Binding("escape,n", "dismiss", "Close", id="not-shown.close", tooltip="Back to the questionnaire"),
        Binding("enter", "list", "List", id="not-shown.list", tooltip="Back to the list"),
    ]

    walk: reactive[Walk | None] = reactive(None, init=False)
    option_id: reactive[str | None] = reactive(None, init=False)

    def __init__(self, walk: Walk, option_id: str | None = None) -> None:
        super().__init__()
        self.set_reactive(NotShownScreen.walk, walk)
        self.start_at = option_id

    def compose(self) -> ComposeResult:
        assert self.walk is not None
        with Vertical(id="not-shown-dialog"):
            yield Static(
                Content.styled("Not shown with the answers so far, and what would show each.", present.MUTED),
                id="not-shown-intro",
            )
            with Horizontal(id="not-shown-body"):
                yield HiddenList(self.walk, id="hidden")
                yield OptionNotes(id="hidden-notes").data_bind(NotShownScreen.walk, NotShownScreen.option_id)
        yield DisclaimerBar(self.walk.kb.disclaimer)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        hidden = self.query_one(HiddenList)
        ids = [o.id for o in hidden.options if not o.disabled]
        if ids:
            target = self.start_at if self.start_at in ids else ids[0]
            hidden.highlighted = hidden.get_option_index(target)  # type: ignore[arg-type]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        reading = self.has_class("-notes")
        if action == "notes":
            return not reading
        if action == "list":
            return reading
        return True

    @on(OptionList.OptionSelected, "#hidden")
    def action_notes(self) -> None:
        self.add_class("-notes")
        self.query_one(OptionNotes).focus()
        self.refresh_bindings()

    def action_list(self) -> None:
        self.remove_class("-notes")
        self.query_one(HiddenList).focus()
        self.refresh_bindings()

    @on(OptionFocused)
    def _notes_follow(self, event: OptionFocused) -> None:
        event.stop()
        self.option_id = event.option_id

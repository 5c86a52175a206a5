"""The start screen: what this is (and is not), and where to begin."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from amltui.knowledge.card import Card
from amltui.knowledge.dates import long_date
from amltui.terminal_text import one_line
from amltui.tui import present
from amltui.tui.messages import BEGIN, OPEN, RESUME, ROOM_JOIN, ROOM_OPEN, TRAIN, StartChosen
from amltui.tui.screens.base import AmlScreen
from amltui.tui.widgets.cursor_list import CursorList
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter

NO_IDENTIFIERS = "Do not enter names, dates of birth, record numbers or other patient identifiers: nothing here needs them."


def _layer_line(card: Card, shown: bool) -> str:
    """Counted apart: the layer's regulator documents are not among "the five sources"."""
    if not card.layer_title or card.layer_checked is None:
        return ""
    said = "shown" if shown else "hidden"
    return f"\n{card.layer_title} ({said}): {card.layer_documents} documents, checked to {long_date(card.layer_checked)}"


def about(card: Card, *, layer_shown: bool = True) -> Content:
    """The knowledge base's card, and what the tool is not; `layer_shown`: False with --sources-only."""
    options = card.options if layer_shown else card.base_options
    return Content("\n").join(
        [
            Content.styled(card.title, "bold"),
            Content.styled(
                f"Version {card.version} · {card.questions} questions · {options} options · "
                f"{card.sources} sources · {card.terms} terms" + _layer_line(card, layer_shown),
                present.MUTED,
            ),
            Content(""),
            Content.assemble(("! ", present.WARNING), card.disclaimer),
            Content(""),
            Content.assemble(("No patient identifiers. ", present.WARNING), NO_IDENTIFIERS),
        ]
    )


class StartMenu(CursorList):
    """What to do first. Enter (or a click) chooses; PgUp and PgDn scroll what is above it."""

    BINDINGS = [
        Binding("enter", "select", "Choose", id="start.choose", tooltip="Do the highlighted thing"),
        Binding("pageup", "page_up", "Scroll up", show=False, id="start.scroll-up", tooltip="Scroll the text above the menu (a short window)"),
        Binding("pagedown", "page_down", "Scroll down", show=False, id="start.scroll-down", tooltip="Scroll the text above the menu"),
    ]

    # The menu is a few lines, always in view; in a short window (60x20) it is the text about
    # the tool above it that does not fit, which only a mouse could scroll before.
    def action_page_up(self) -> None:
        self.screen.query_one("#start-card", VerticalScroll).scroll_page_up()

    def action_page_down(self) -> None:
        self.screen.query_one("#start-card", VerticalScroll).scroll_page_down()


class StartScreen(AmlScreen[None]):
    AUTO_FOCUS = "StartMenu"
    # Quit is an app binding, left out of the crowded questionnaire footer; shown here.
    BINDINGS = [Binding("q", "app.quit", "Quit", id="start.quit", tooltip="Leave amltui")]

    def compose(self) -> ComposeResult:
        card = self.app.card  # the knowledge base itself is built after this screen's first frame
        yield Header(icon="≡")
        # The menu is docked to the card's foot, so it stays in view however short the window;
        # what is about the tool scrolls above it when the window cannot hold it all.
        with Center(id="start-body"), VerticalScroll(id="start-card", can_focus=False):
            with Vertical(id="start-actions"):
                yield StartMenu(*self.choices(), id="start-menu")
                yield Static(
                    Content.styled("Enter chooses · t tree · g glossary · ctrl+p jump anywhere · q quit", present.MUTED),
                    id="start-hint",
                )
            yield Static(about(card, layer_shown=not self.app.sources_only), id="about", markup=False)
        yield KeyFooter(compact=True)
        yield DisclaimerBar(card.disclaimer)

    def on_mount(self) -> None:
        self.sub_title = "Start"

    def refresh_choices(self) -> None:
        """The menu again (a walk left since may now be the one to resume)."""
        menu = self.query_one(StartMenu)
        menu.set_options(self.choices())
        menu.highlighted = 0

    def choices(self) -> list[Option]:
        """Resume first when a walk was left unfinished (a dropped connection lands here)."""
        app = self.app
        unfinished = app.unfinished
        choices = []
        if unfinished is not None:
            count = len(unfinished.answers)
            choices.append(
                Option(
                    Content.assemble(
                        "Resume “",
                        present.shortened(one_line(unfinished.title), 24),
                        f"” · {count} answer{'s' if count != 1 else ''} · saved {present.when(unfinished.updated)}",
                    ),
                    id=RESUME,
                )
            )
        choices.append(Option(Content("Begin a new walk through the questions"), id=BEGIN))
        if app.store is not None:
            choices.append(Option(Content("Open a saved session (continue, replay, compare)"), id=OPEN))
        if app.card.scenarios:
            count = app.card.scenarios
            choices.append(Option(Content(f"Training: {count} case scenario{'s' if count != 1 else ''}"), id=TRAIN))
            choices.append(Option(Content("Run a training room (a group, each on their own screen)"), id=ROOM_OPEN))
        choices.append(Option(Content("Join a room (the code on the trainer's screen)"), id=ROOM_JOIN))
        return choices

    @on(OptionList.OptionSelected, "#start-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.post_message(StartChosen(event.option_id))

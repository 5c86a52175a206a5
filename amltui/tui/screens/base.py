"""What every screen shares: the app typed as it is, the way home, and panes.

`AmlScreen` and `AmlModal` type `self.app` as the app's state (knowledge, walk, store,
recorder). `PanedScreen` shows one pane at a time where the stylesheet says so (narrow screens):
its `pane` is also a class `-pane-<name>`, and the focus moving into a pane makes it the current
one. `WalkScreen` follows the app's walk (the questionnaire, and training), with its options
panel and the keys the options list offers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import getters, on
from textual.events import DescendantFocus
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from amltui.tui.focus import settle_focus
from amltui.tui.screens import catalogue
from amltui.tui.state import AppState

if TYPE_CHECKING:
    from amltui.tui.walk import Walk

ResultType = TypeVar("ResultType")


class AmlScreen(Screen[ResultType]):
    """A screen of amltui; `self.app` is an `AppState` (its knowledge, walk, store, recorder)."""

    app = getters.app(AppState)
    #: Whether h (and the palette's "Home") leaves this screen for the start screen; off where a
    #: dialog waits for an answer that leaving would drop (a title, a comment, a confirmation).
    HOME: ClassVar[bool] = True

    def on_screen_resume(self) -> None:
        """Textual skips AUTO_FOCUS while the app is not focused: in a browser, before the page
        has the keyboard (or on a projected page that never takes it). The screen's widget takes
        the focus anyway, so its keys are in the footer from the first frame."""
        settle_focus(self)


class AmlModal(ModalScreen[ResultType], AmlScreen[ResultType]):
    """A dialog of amltui, over the screen it was opened from.

    ModalScreen first: Textual gathers a class's default CSS along the first base of each class,
    so with AmlScreen first the dialog lost ModalScreen's see-through background (the screen
    behind went blank)."""


class PanedScreen(AmlScreen[ResultType]):
    #: (pane, selector of the widget that holds it): the focus inside one makes it the pane.
    PANES: ClassVar[tuple[tuple[str, str], ...]] = ()
    #: The pane when the focus moves outside all of `PANES` ("" keeps the pane as it is).
    ELSEWHERE: ClassVar[str] = ""

    pane: reactive[str] = reactive("", init=False)

    def __init__(self, pane: str) -> None:
        super().__init__(classes=f"-pane-{pane}")
        self.set_reactive(PanedScreen.pane, pane)

    def watch_pane(self, old: str, new: str) -> None:
        self.set_classes((self.classes - {f"-pane-{old}"}) | {f"-pane-{new}"})  # one restyle, not two
        self.refresh_bindings()

    @on(DescendantFocus)
    def _pane_follows_focus(self, event: DescendantFocus) -> None:
        """Tab or a click into another pane makes it the current one."""
        node = event.widget
        for pane, selector in self.PANES:
            if self.query_one(selector) in (node, *node.ancestors):
                self.pane = pane
                return
        if self.ELSEWHERE:
            self.pane = self.ELSEWHERE


class WalkScreen(PanedScreen[None]):
    """A screen that asks the questions of the app's walk and mirrors it in `walk`."""

    walk: reactive[Walk | None] = reactive(None, init=False)

    def on_mount(self) -> None:
        self.watch(self.app, "walk", self.follow)

    def follow(self, walk: Walk) -> None:
        """The app's walk changed (and at mount): show it."""
        self.walk = walk

    def action_not_shown(self) -> None:
        """n: the options not shown, each with what would show it."""
        if self.walk is not None:
            self.app.push_screen(catalogue.NOT_SHOWN.make(self.walk))

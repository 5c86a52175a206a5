"""Every screen the app opens, named in one place and imported only when first made.

Start-up stays light (the questionnaire, replay or training modules load when first opened), and
no screen module imports another to open it: `catalogue.TREE.make()` builds a tree screen (its
arguments checked by the type checker against the class), and `catalogue.TREE.holds(screen)`
asks whether a screen is one, without importing a module that nothing has opened yet.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, TypeGuard, TypeVar, cast

if TYPE_CHECKING:
    from textual.screen import Screen

    from amltui.tui.screens.comment import CommentDialog
    from amltui.tui.screens.compare import CompareScreen
    from amltui.tui.screens.confirm import Confirm
    from amltui.tui.screens.glossary import GlossaryScreen
    from amltui.tui.screens.help import HelpScreen
    from amltui.tui.screens.not_shown import NotShownScreen
    from amltui.tui.screens.questionnaire import QuestionnaireScreen
    from amltui.tui.screens.replay import ReplayScreen
    from amltui.tui.screens.scenarios import ScenariosScreen
    from amltui.tui.screens.sessions import SessionsScreen
    from amltui.tui.screens.source import SourceScreen
    from amltui.tui.screens.start import StartScreen
    from amltui.tui.screens.title_prompt import TitlePrompt
    from amltui.tui.screens.training import TrainingScreen
    from amltui.tui.screens.training_summary import TrainingSummaryScreen
    from amltui.tui.screens.tree import TreeScreen
    from amltui.tui.screens.unsaved import UnsavedAnswers
    from amltui.tui.screens.what_if import WhatIfScreen

ScreenType = TypeVar("ScreenType", bound="Screen[Any]")


class Lazy(Generic[ScreenType]):
    """A screen class known by its module and name."""

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name

    @property
    def make(self) -> type[ScreenType]:
        """The class (imported now if it is the first time); call it to make the screen."""
        return cast("type[ScreenType]", getattr(import_module(self.module), self.name))

    def holds(self, screen: object) -> TypeGuard[ScreenType]:
        """Whether `screen` is one of these (never true before the module is first imported)."""
        module = sys.modules.get(self.module)
        return module is not None and isinstance(screen, getattr(module, self.name))


START: Lazy[StartScreen] = Lazy("amltui.tui.screens.start", "StartScreen")
QUESTIONNAIRE: Lazy[QuestionnaireScreen] = Lazy("amltui.tui.screens.questionnaire", "QuestionnaireScreen")
NOT_SHOWN: Lazy[NotShownScreen] = Lazy("amltui.tui.screens.not_shown", "NotShownScreen")
WHAT_IF: Lazy[WhatIfScreen] = Lazy("amltui.tui.screens.what_if", "WhatIfScreen")
TREE: Lazy[TreeScreen] = Lazy("amltui.tui.screens.tree", "TreeScreen")
GLOSSARY: Lazy[GlossaryScreen] = Lazy("amltui.tui.screens.glossary", "GlossaryScreen")
SOURCE: Lazy[SourceScreen] = Lazy("amltui.tui.screens.source", "SourceScreen")
HELP: Lazy[HelpScreen] = Lazy("amltui.tui.screens.help", "HelpScreen")
TITLE_PROMPT: Lazy[TitlePrompt] = Lazy("amltui.tui.screens.title_prompt", "TitlePrompt")
UNSAVED: Lazy[UnsavedAnswers] = Lazy("amltui.tui.screens.unsaved", "UnsavedAnswers")
CONFIRM: Lazy[Confirm] = Lazy("amltui.tui.screens.confirm", "Confirm")
SESSIONS: Lazy[SessionsScreen] = Lazy("amltui.tui.screens.sessions", "SessionsScreen")
REPLAY: Lazy[ReplayScreen] = Lazy("amltui.tui.screens.replay", "ReplayScreen")
COMMENT: Lazy[CommentDialog] = Lazy("amltui.tui.screens.comment", "CommentDialog")
COMPARE: Lazy[CompareScreen] = Lazy("amltui.tui.screens.compare", "CompareScreen")
SCENARIOS: Lazy[ScenariosScreen] = Lazy("amltui.tui.screens.scenarios", "ScenariosScreen")
TRAINING: Lazy[TrainingScreen] = Lazy("amltui.tui.screens.training", "TrainingScreen")
TRAINING_SUMMARY: Lazy[TrainingSummaryScreen] = Lazy("amltui.tui.screens.training_summary", "TrainingSummaryScreen")

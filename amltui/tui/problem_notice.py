"""How a problem reaches a person in the app: a notification titled with where the problem is and
what could not be done, the problem itself as its text (printable, never markup)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from textual.app import App
from textual.notifications import SeverityLevel
from textual.widget import Widget

from amltui.problems import Problem, ProblemError
from amltui.terminal_text import one_line
from amltui.tui import present


def notify_problem(
    node: App[Any] | Widget,
    error: ProblemError,
    doing: str,
    *,
    place: str = "",
    severity: SeverityLevel = "error",
    timeout: float = 10,
) -> None:
    """`doing`: what could not be done ("Not saved", "not accepted"); `place`: how the
    screen names where the problem is, when it says so better than the problem does (a
    question's title for its id). Only the first problem is shown: one is enough to act on."""
    problem = error.problem
    where = place or problem_place(problem)
    title = f"{where}: {doing}" if where else doing
    node.notify(one_line(problem.text), title=present.shortened(one_line(title), 80), severity=severity, markup=False, timeout=timeout)


def problem_place(problem: Problem) -> str:
    """Where, short enough for a title: the file's name (not its folders), line and item."""
    short = Problem(PurePath(problem.file).name, "", problem.item, problem.key, problem.line, problem.column)
    return short.where

"""Shared helpers for the app's tests: a fixed date, the app, and reading the screen as text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
import time

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from amltui.knowledge import KnowledgeBase
from amltui.tui.app import AmlApp

#: Fixed, so "possibly outdated" marks (and snapshots) do not change with the calendar.
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Local time is UTC while a screen test runs, so the times it shows are the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def make_app(kb: KnowledgeBase):
    def make(knowledge: KnowledgeBase | None = None) -> AmlApp:
        return AmlApp(knowledge or kb, today=TODAY)

    return make


def screen_text(pilot: Pilot) -> str:
    """What the terminal shows, as plain lines (through the compositor, as a person sees it)."""
    strips = pilot.app.screen._compositor.render_strips()  # no public API for the composed text
    return "\n".join(strip.text.rstrip() for strip in strips)


def static_text(pilot: Pilot, selector: str) -> str:
    """The plain text of a Static on the current screen (including what is scrolled out of view)."""
    return flat(str(pilot.app.screen.query_one(selector, Static).content))


def flat(text: str) -> str:
    """The screen text with runs of whitespace collapsed, for phrases that may wrap."""
    return " ".join(text.split())


def given(**answers: str) -> dict[str, frozenset[str]]:
    """Answers as the app holds them; "a,b" gives several answers to one question."""
    return {question: frozenset(ids.split(",")) for question, ids in answers.items()}


async def until(pilot: Pilot, condition: Callable[[], object], what: str) -> None:
    """Let the app run until `condition()` holds (a worker done, text drawn); fails after a
    deadline of frames, never after a fixed time."""
    for _ in range(300):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never: {what}; the screen: {screen_text(pilot)}")


def searched(pilot: Pilot) -> bool:
    """The command palette has results and its search workers are done."""
    from textual.command import CommandList

    lists = pilot.app.screen.query(CommandList)
    return bool(lists) and lists.first().option_count > 0 and all(w.is_finished for w in pilot.app.workers)


async def resume(pilot: Pilot, *keys: str, **answers: str) -> None:
    """Into the questionnaire with answers already given (as a resumed session would), then the keys."""
    await pilot.pause()
    pilot.app.begin(given(**answers))  # type: ignore[attr-defined]
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def begin(pilot: Pilot, *keys: str) -> None:
    """From the start screen into the questionnaire, then press the keys one by one."""
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()

"""Shared helpers for the app's tests: a fixed date, the app, and reading the screen as text."""

from __future__ import annotations

import datetime as dt
import html
import re
import time
from collections.abc import Callable

import pytest
from rich.cells import cell_len
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
    """What the terminal shows, as plain lines: the app's own screenshot (`export_screenshot`,
    an SVG with one text run per styled segment, each on its line) read back as text."""
    return svg_text(pilot.app.export_screenshot())


_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>')


def svg_text(svg: str) -> str:
    """The lines of an SVG screenshot (Rich's `export_svg`): each run placed at its cell."""
    runs = [(int(line), float(x), float(length), html.unescape(text).replace("\xa0", " ")) for x, length, line, text in _SVG_TEXT.findall(svg)]
    cell = next((length / cell_len(text) for _, _, length, text in runs if cell_len(text)), 1.0)
    lines: dict[int, str] = {}
    for line, x, _, text in sorted(runs):
        column = round(x / cell)
        lines[line] = lines.get(line, "").ljust(column) + text
    return "\n".join(lines.get(n, "").rstrip() for n in range(max(lines, default=-1) + 1))


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


async def begin_recorded(pilot: Pilot, title: str) -> None:
    """A new walk recorded under `title` (as Begin does once the walk is named), at its first question."""
    await pilot.pause()
    assert pilot.app.new_session(title)  # type: ignore[attr-defined]
    pilot.app.begin()  # type: ignore[attr-defined]
    await pilot.pause()


async def begin(pilot: Pilot, *keys: str) -> None:
    """From the start screen into the questionnaire, then press the keys one by one."""
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()

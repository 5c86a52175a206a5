"""On a Linux console (TERM=linux) and with --ascii, the app draws none of the glyphs a console
font lacks: the installed amltui in a real pseudo-terminal, through the main screens, every byte
it writes searched (issue 12, point 17)."""

from __future__ import annotations

import re

import pytest

from tests.tui.terminal import Terminal, plain
from tests.tui.test_terminal import amltui_command

#: What a Linux console font lacks (issue 12, point 17), the rounded corners and the other marks
#: of the glyph table.
FANCY = "▔▁▊▎⏎␣✓✗⚠↺✎🔎▶→←…╭╮╰╯◆▸▾●○"


def fancy_seen(text: str) -> dict[str, str]:
    """Each fancy glyph on screen, with a little of what surrounds it."""
    return {glyph: text[max(0, i - 30) : i + 30] for glyph in FANCY for i in [text.find(glyph)] if i >= 0}


ESC, DOWN, ENTER = "\x1b", "\x1b[B", "\r"

#: (keys, text to wait for): start, tree, help, a walk with its options, notes, not shown, what
#: if, home, training with the trainer's notes, a prediction and its feedback, the sessions
#: browser, a confirmation, a replay and its comment dialog.
STEPS = [
    ([], "Begin a new walk through the questions"),
    (["t"], "no walk under way"),
    ([ESC], "Begin a new walk"),
    (["?"], "Marks"),
    ([ESC], "Begin a new walk"),
    ([ENTER], "Name this walk"),
    ([ENTER], "1. Where does the AML stand now"),
    (["2", ENTER], "What did repeat genetic testing"),  # refractory
    (["7", ENTER], "Fit for intensive treatment"),  # results still pending
    (["2", ENTER], "Aim for cure"),  # not fit for intensive treatment
    (["2", ENTER], "Whose drug approvals"),  # control: the options settle
    (["o"], "Why it is shown"),  # their notes
    ([ESC], "Whose drug approvals"),
    (["n"], "would show with"),
    ([ESC], "Whose drug approvals"),
    (["w"], "Try another"),
    ([ESC], "Whose drug approvals"),
    (["h"], "Begin a new walk"),
    ([DOWN, DOWN, DOWN, ENTER], "Case scenarios"),
    ([ENTER], "Name this training session"),
    ([ENTER], "1. Where does the AML stand now"),
    (["f"], "Facilitator notes"),
    (["1", ENTER], "Tick"),
    ([" ", ENTER], "Your answer"),
    (["h"], "Begin a new walk"),
    ([DOWN, DOWN, ENTER], "Replay"),
    (["x"], "Enter: the highlighted button"),
    ([ESC], "Replay"),
    (["r"], "Step 1"),
    (["c"], "Ctrl+S saves"),
]


def visit(terminal: Terminal) -> None:
    """Each step's keys, then its text on screen; Escape is a step of its own, so the next key
    never follows it at once (the two would read as Alt+key)."""
    for keys, text in STEPS:
        mark = len(terminal.output)
        for key in keys:
            terminal.send(key)
        terminal.wait_for(text, since=mark)


@pytest.mark.parametrize("env", [{"TERM": "linux"}, {"AMLTUI_ASCII": "1"}], ids=["TERM=linux", "--ascii"])
def test_the_main_screens_draw_no_fancy_glyph_on_a_linux_console(tmp_path, env):
    terminal = Terminal(amltui_command(), size=(80, 24), env={"AMLTUI_SESSIONS": str(tmp_path / "sessions"), **env})
    try:
        visit(terminal)
        seen = plain(terminal.output)
        assert not fancy_seen(seen), fancy_seen(seen)
        # Of the block elements a console font has the full, half and shaded blocks (CP437's) only.
        blocks = set(re.findall(r"[\u2580-\u259f]", seen)) - set("█▌▐▀▄░▒▓")
        assert not blocks, blocks
    finally:
        terminal.close()

"""The installed `amltui` command in a real pseudo-terminal: first question, one answer, quit."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.tui.terminal import Terminal, plain


def amltui_command() -> list[str]:
    beside = Path(sys.executable).with_name("amltui")
    found = str(beside) if beside.exists() else shutil.which("amltui")
    if found is None:
        pytest.fail("the amltui command is not installed (pip install . puts it beside python)")
    return [found]


def test_amltui_over_a_terminal_answers_one_question_and_quits(tmp_path):
    terminal = Terminal(amltui_command(), size=(80, 24), env={"AMLTUI_SESSIONS": str(tmp_path / "sessions")})
    try:
        terminal.wait_for("Educational tool, not medical advice")
        terminal.wait_for("Begin a new walk through the questions")
        mark = terminal.send("\r")
        terminal.wait_for("1. Did the AML come back after a remission", since=mark)
        mark = terminal.send("2")  # Refractory: moves the cursor; nothing is committed yet
        terminal.drain(0.3)
        assert "Genetic markers" not in plain(terminal.output[mark:])
        mark = terminal.send("\r")
        terminal.wait_for("2. What did the repeat genetic testing", since=mark)
        terminal.wait_for("Disease status: Refractory", since=mark)
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()

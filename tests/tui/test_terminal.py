"""The installed `amltui` command in a real pseudo-terminal, as an SSH user meets it: a walk, a
dropped connection, and the next start resuming with every answer."""

from __future__ import annotations

import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from amltui.sessions import SessionStore
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
        terminal.wait_for("Name this walk", since=mark)
        mark = terminal.send("\r")  # the suggested title
        terminal.wait_for("1. Where does the AML stand now", since=mark)
        mark = terminal.send("2")  # Refractory: moves the cursor; nothing is committed yet
        terminal.wait_for("▶ 2 ( ) Refractory", since=mark)  # the cursor redrawn on it
        assert "Genetic markers" not in plain(terminal.output[mark:])
        mark = terminal.send("\r")
        terminal.wait_for("2. What did repeat genetic testing", since=mark)
        terminal.wait_for("Disease status: Refractory", since=mark)
        terminal.send("q")
        assert terminal.wait_exit() == 0
    finally:
        terminal.close()


def test_a_dropped_connection_loses_no_answer_and_the_next_start_resumes(tmp_path):
    sessions = tmp_path / "sessions"
    env = {"AMLTUI_SESSIONS": str(sessions)}
    terminal = Terminal(amltui_command(), size=(80, 24), env=env)
    try:
        terminal.wait_for("Begin a new walk through the questions")
        mark = terminal.send("\r")
        terminal.wait_for("Name this walk", since=mark)
        mark = terminal.send("\x15Dropped line case\r")  # ctrl+u clears the suggestion
        terminal.wait_for("1. Where does the AML stand now", since=mark)
        mark = terminal.send("1\r")  # Relapsed
        terminal.wait_for("2. How long did the first remission last", since=mark)
        mark = terminal.send("1\r")  # More than 12 months
        terminal.wait_for("Disease status: Relapsed", since=mark)
        terminal.wait_for("3. ", since=mark)
        terminal.hang_up()
        started = time.perf_counter()
        code = terminal.process.wait(timeout=10)
        assert code == -signal.SIGHUP or code == 128 + signal.SIGHUP
        assert time.perf_counter() - started < 5
    finally:
        terminal.close()
    store = SessionStore(sessions)
    [listing] = store.listing()
    assert listing.summary is not None and listing.summary.title == "Dropped line case"
    assert {q: sorted(a) for q, a in store.load(listing.path).answers.items()} == {
        "disease_status": ["relapsed"],
        "remission_length": ["over_12_months"],
    }

    again = Terminal(amltui_command(), size=(80, 24), env=env)
    try:
        again.wait_for("Resume “Dropped line case” · 2 answers")
        mark = again.send("\r")
        again.wait_for("Resumed", since=mark)
        again.wait_for("3. ", since=mark)
        screen = plain(again.output[mark:])
        assert "Disease status: Relapsed" in screen and "More than 12 months" in screen
        again.send("q")
        assert again.wait_exit() == 0
    finally:
        again.close()


def test_sigterm_ends_the_app_promptly_with_every_answer_saved(tmp_path):
    sessions = tmp_path / "sessions"
    terminal = Terminal(amltui_command(), size=(80, 24), env={"AMLTUI_SESSIONS": str(sessions)})
    try:
        terminal.wait_for("Begin a new walk through the questions")
        mark = terminal.send("\r")
        terminal.wait_for("Name this walk", since=mark)
        mark = terminal.send("\r")
        terminal.wait_for("1. Where does the AML stand now", since=mark)
        mark = terminal.send("2\r")  # Refractory
        terminal.wait_for("Disease status: Refractory", since=mark)
        started = time.perf_counter()
        terminal.process.send_signal(signal.SIGTERM)
        assert terminal.wait_exit() == 128 + signal.SIGTERM
        assert time.perf_counter() - started < 5
        assert "Traceback" not in plain(terminal.output)
    finally:
        terminal.close()
    store = SessionStore(sessions)
    [listing] = store.listing()
    assert listing.summary is not None and store.load(listing.path).answers == {"disease_status": frozenset({"refractory"})}

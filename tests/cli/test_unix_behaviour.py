"""The command line as a Unix tool: a reader that leaves, exit codes, the disclaimer on every
command's output, which folders are used, plain glyphs on a console."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from amltui import glyphs
from amltui.cli.main import main
from amltui.sessions import SessionStore
from tests.sessions.fixtures import record

DISCLAIMER_START = "Educational tool, not medical advice."


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", [["tree"], ["sessions"], ["options", "-a", "disease_status=relapsed"]])
def test_a_reader_that_leaves_ends_the_command_quietly(tmp_path, command):
    """`amltui tree | head -c 10`: the pipe is closed before anything is read."""
    env = {**os.environ, "AMLTUI_SESSIONS": str(tmp_path / "sessions")}
    process = subprocess.Popen(
        [sys.executable, "-m", "amltui", *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    process.stdout.close()
    err = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 141
    assert err == ""  # no BrokenPipeError traceback


@pytest.fixture
def two_sessions(kb, tmp_path, relapse_session, monkeypatch):
    store = SessionStore(tmp_path / "sessions")
    monkeypatch.setenv("AMLTUI_SESSIONS", str(store.folder))
    base = record(kb, record(kb, relapse_session, "fitness", "unfit"), "goals", "control")
    first = store.save(base)
    refractory = record(kb, base.copied("Refractory"), "disease_status", "refractory")
    return store, first, store.save(refractory)


def test_diff_exits_1_when_the_sessions_differ_and_0_when_they_are_the_same(capsys, two_sessions):
    _, first, second = two_sessions
    code, out, _ = run(capsys, "diff", str(first), str(second))
    assert code == 1 and "Answers that differ:" in out
    code, out, _ = run(capsys, "diff", str(first), str(first))
    assert code == 0 and "Same answers and same options." in out


def test_diff_says_not_asked_for_a_question_one_session_never_asked(capsys, two_sessions):
    _, first, second = two_sessions
    _, out, _ = run(capsys, "diff", str(first), str(second))
    line = next(line for line in out.splitlines() if line.strip().startswith("First remission:"))
    assert line.endswith("| B (not asked)")
    assert "not answered" not in out


@pytest.mark.parametrize("argv", [["tree"], ["options"], ["diff", "A", "B"]])
def test_tree_options_and_diff_begin_with_the_disclaimer(capsys, two_sessions, argv):
    _, first, second = two_sessions
    argv = [str(first) if a == "A" else str(second) if a == "B" else a for a in argv]
    _, out, _ = run(capsys, *argv)
    assert out.startswith(DISCLAIMER_START)


def test_help_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "exit status:" in out
    assert "1  diff: the sessions differ" in out and "141" in out


def test_check_says_which_knowledge_folder_it_read(capsys, tmp_path, monkeypatch):
    code, out, _ = run(capsys, "check", "--knowledge", str(tmp_path / "mine"))
    assert code == 1 and out.splitlines()[0] == f"Knowledge base: {tmp_path / 'mine'} (from --knowledge)"
    monkeypatch.setenv("AMLTUI_KNOWLEDGE", str(tmp_path / "env"))
    _, out, _ = run(capsys, "check")
    assert out.splitlines()[0] == f"Knowledge base: {tmp_path / 'env'} (from $AMLTUI_KNOWLEDGE)"


def test_sessions_says_which_folder_it_lists_and_why(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("AMLTUI_SESSIONS", raising=False)
    _, out, _ = run(capsys, "sessions", "--sessions", str(tmp_path / "s"))
    assert out.strip() == f"No sessions in {tmp_path / 's'} (from --sessions)"
    monkeypatch.setenv("AMLTUI_SESSIONS", str(tmp_path / "e"))
    _, out, _ = run(capsys, "sessions")
    assert out.strip() == f"No sessions in {tmp_path / 'e'} (from $AMLTUI_SESSIONS)"


def test_an_error_names_the_question_by_its_title(capsys):
    code, _, err = run(capsys, "options", "-a", "disease_status=relapsed", "-a", "post_transplant_finding=mrd_positive")
    assert code == 2
    assert "Finding after transplant: not asked with the earlier answers" in err
    assert "post_transplant_finding:" not in err


def test_options_says_the_rule_for_questions_not_answered_yet(capsys):
    from amltui.knowledge.wording import WAITING_RULE

    _, out, _ = run(capsys, "options", "-a", "disease_status=refractory")
    assert " ".join(WAITING_RULE.split()) in " ".join(out.split())
    _code, out, _ = run(capsys, "options", "--json", "-a", "disease_status=refractory")
    import json

    document = json.loads(out)
    assert document["waiting_rule"] == WAITING_RULE
    waiting = {o["id"]: o["would_show"] for o in document["not_shown"]}
    assert waiting["supportive-care"] == "once Goals is answered"


@pytest.mark.parametrize("argv", [["--ascii", "options"], ["options", "--ascii"], ["tree", "--ascii"]])
def test_ascii_writes_no_special_glyph(capsys, monkeypatch, argv):
    monkeypatch.delenv(glyphs.ASCII_VARIABLE, raising=False)
    _, out, _ = run(capsys, *argv, *(["-a", "disease_status=relapsed"] if "options" in argv else []))
    assert not set(out) & set(glyphs.FALLBACKS)
    assert os.environ[glyphs.ASCII_VARIABLE] == "1"  # for the app and the processes it starts


def test_without_ascii_the_glyphs_stay(capsys, monkeypatch):
    monkeypatch.delenv(glyphs.ASCII_VARIABLE, raising=False)
    monkeypatch.setenv("TERM", "linux")  # but stdout is not that terminal: a file keeps its text
    _, out, _ = run(capsys, "options", "-a", "disease_status=relapsed")
    assert "\u201c" in out

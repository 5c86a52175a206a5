"""`amltui sessions`, `amltui export`, `amltui diff`."""

from __future__ import annotations

import re

import pytest

from amltui.cli.main import main
from amltui.sessions import SessionStore
from amltui.sessions.visitors import new_token, visitor_folder
from tests.sessions.fixtures import record


@pytest.fixture
def saved(kb, tmp_path, relapse_session, monkeypatch):
    store = SessionStore(tmp_path / "sessions")
    monkeypatch.setenv("AMLTUI_SESSIONS", str(store.folder))
    # Up to Goals, so that options are shown (they wait for it).
    walked = record(kb, record(kb, relapse_session, "fitness", "unfit"), "goals", "control")
    first = store.save(walked)
    second = store.save(record(kb, walked, "markers", "idh2").copied("Variant"))
    return store, first, second


def test_sessions_lists_saved_sessions(capsys, saved):
    assert main(["sessions"]) == 0
    out = capsys.readouterr().out
    assert "Teaching case 1" in out and "Variant" in out and "open" in out and "same" in out


def test_sessions_lists_each_browser_visitors_own_sessions_too(capsys, saved, relapse_session):
    """`amltui serve` keeps each visitor to a folder of their own; whoever runs it sees them all."""
    store, _, _ = saved
    visitor = visitor_folder(store.folder, new_token())
    SessionStore(visitor).save(relapse_session.copied("A visitor's walk"))
    visitor_folder(store.folder, new_token()).mkdir()  # a visitor with no sessions: not listed
    assert main(["sessions"]) == 0
    out = capsys.readouterr().out
    mine, theirs = out.split("\n\n")
    assert "Teaching case 1" in mine and "A visitor's walk" not in mine
    assert f"A browser visitor's sessions ({visitor.name}) in {visitor}" in theirs and "A visitor's walk" in theirs
    assert out.count("browser visitor") == 1


def test_sessions_empty_folder(capsys, tmp_path):
    assert main(["sessions", "--sessions", str(tmp_path / "none")]) == 0
    assert "No sessions in" in capsys.readouterr().out


def test_export_by_id_to_stdout_and_to_a_new_file(capsys, saved, tmp_path):
    _, first, _ = saved
    assert main(["export", first.stem, "--format", "md"]) == 0
    assert "## Answers" in capsys.readouterr().out
    target = tmp_path / "report.json"
    assert main(["export", str(first), "--format", "json", "-o", str(target)]) == 0
    assert target.read_text().startswith("{")


def test_export_never_overwrites(capsys, saved, tmp_path):
    _, first, _ = saved
    target = tmp_path / "existing.md"
    target.write_text("keep me")
    assert main(["export", str(first), "-o", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "keep me"


def test_export_of_a_damaged_file_is_a_clear_error(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("nonsense = [")
    assert main(["export", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"amltui: {bad}:1:13: damaged: not valid TOML") and "Traceback" not in err


def test_a_bare_id_is_looked_up_only_inside_the_sessions_folder(capsys, saved):
    store, _, _ = saved
    assert main(["export", "no-such-id"]) == 1
    assert f"{store.folder / 'no-such-id.toml'}: no such file" in capsys.readouterr().err


def test_a_path_the_user_names_is_read_but_a_foreign_file_is_refused(capsys, tmp_path):
    foreign = tmp_path / "notes.txt"
    foreign.write_text("shopping list")
    assert main(["export", str(foreign)]) == 1
    assert "damaged: not valid TOML" in capsys.readouterr().err
    assert foreign.read_text() == "shopping list"


def test_diff(capsys, saved):
    _, first, second = saved
    assert main(["diff", str(first), str(second)]) == 1  # they differ, as diff(1) says
    out = capsys.readouterr().out
    assert "Genetic markers: A FLT3 mutation | B IDH2 mutation" in out
    assert "Options only in A:" in out and "gilteritinib" in out


def test_resume_with_nothing_unfinished_says_so_before_the_app_starts(capsys, tmp_path):
    assert main(["resume", "--sessions", str(tmp_path / "empty")]) == 2
    assert "no unfinished session in" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["resume", "replay"])
def test_resume_and_replay_of_an_unreadable_file_stop_before_the_app(capsys, tmp_path, command):
    damaged = tmp_path / "damaged.toml"
    damaged.write_bytes(b"format = 1\nid = [\n")
    assert main([command, str(damaged), "--sessions", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert str(damaged) in err and "Traceback" not in err
    assert damaged.read_bytes() == b"format = 1\nid = [\n"


@pytest.mark.parametrize("name", ["../outside", "nothing-by-this-id"])
def test_replay_by_id_stays_in_the_sessions_folder(capsys, saved, name):
    assert main(["replay", name]) == 1
    assert "amltui:" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["backup.toml in the folder", "its own name elsewhere"])
def test_resuming_a_copy_is_refused_before_the_app_and_the_original_is_untouched(capsys, saved, tmp_path, where, monkeypatch):
    store, first, _ = saved
    copy = store.folder / "backup.toml" if where.startswith("backup") else tmp_path / first.name
    copy.write_bytes(first.read_bytes())
    before = first.read_bytes()
    started = []
    monkeypatch.setattr("amltui.tui.run_app", lambda *args, **kwargs: started.append(1) or 0)
    assert main(["resume", str(copy)]) == 1
    err = capsys.readouterr().err
    assert f"holds session {first.stem}, whose own file is {first}" in err and "a copy is never continued" in err
    assert not started and first.read_bytes() == before and copy.read_bytes() == before


def test_resuming_its_own_file_by_path_or_id_starts_the_app(saved, monkeypatch):
    _, first, _ = saved
    started = []
    monkeypatch.setattr("amltui.tui.run_app", lambda kb, **kwargs: started.append(kwargs["resume"].id) or 0)
    assert main(["resume", str(first)]) == 0
    assert main(["resume", first.stem]) == 0
    assert started == [first.stem, first.stem]


@pytest.mark.parametrize("argv", [["--sessions", ""], ["sessions", "--sessions", ""], ["resume", "--sessions", " "],
                                  ["export", "x", "--sessions", ""], ["serve", "--sessions", ""]])
def test_an_empty_sessions_folder_name_is_refused(capsys, argv, monkeypatch):
    monkeypatch.setattr("amltui.tui.run_app", lambda *args, **kwargs: pytest.fail("the app started"))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--sessions" in err and "empty" in err


def test_replay_tells_the_app_which_file_it_read(saved, monkeypatch):
    store, first, _ = saved
    copy = store.folder / "backup.toml"
    copy.write_bytes(first.read_bytes())
    opened = []
    monkeypatch.setattr("amltui.tui.run_app", lambda kb, **kwargs: opened.append(kwargs["replay_path"]) or 0)
    assert main(["replay", str(copy)]) == 0
    assert opened == [copy]  # so the app opens it as a copy: no comments written to the original


def test_a_damaged_file_whose_name_holds_escapes_is_listed_with_them_visible(capsys, saved):
    store, _, _ = saved
    (store.folder / "x\x1b]0;retitled\x07\u202e.toml").write_text("nonsense = [")
    assert main(["sessions"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "x\\x1b]0;retitled\\x07\\u202e.toml" in out and "unreadable: damaged: not valid TOML" in out


def test_recorded_ids_from_a_file_never_reach_the_terminal_raw(capsys, saved, tmp_path):
    _, first, _ = saved
    crafted = tmp_path / "crafted.toml"
    shown = re.search(r'shown = \[\s*"([a-z0-9-]+)"', first.read_text())[1]  # an option id recorded in the file
    crafted.write_text(first.read_text().replace(f'"{shown}"', '"hma\\u001b[2J\\u202e"'))
    assert "\\u001b" in crafted.read_text()
    for argv in (["diff", str(crafted), str(first)], ["export", str(crafted)], ["export", str(crafted), "--format", "json"]):
        assert main(argv) == (1 if argv[0] == "diff" else 0)
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\u202e" not in out, argv

"""The command line: check, options, tree; clear messages and exit codes, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from amltui.cli.main import main
from amltui.locations import bundled_knowledge


@pytest.fixture
def knowledge_copy(tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge(), folder)
    return folder


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_valid_prints_one_line_summary(capsys):
    code, out, err = run(capsys, "check")
    assert code == 0
    first, summary = out.splitlines()
    assert first == f"Knowledge base: {bundled_knowledge()} (this checkout's knowledge folder)"
    assert "valid: 10 questions, 28 options" in summary and "layer 'Since the sources'" in summary
    assert err == ""


def test_check_reports_toml_syntax_error_with_line_and_column(capsys, knowledge_copy):
    path = knowledge_copy / "questions.toml"
    path.write_text(path.read_text() + "\n[[question]\n")
    code, out, _ = run(capsys, "check", "--knowledge", str(knowledge_copy))
    assert code == 1
    lines = path.read_text().count("\n")
    assert f"questions.toml:{lines}:" in out and "TOML syntax error" in out
    assert "Traceback" not in out


def test_check_lists_every_problem_at_once(capsys, knowledge_copy):
    options = knowledge_copy / "options.toml"
    text = options.read_text().replace('markers = ["flt3"]', 'marker = ["flt3"]', 1)
    text = text.replace('source = "bcuk-rr"', 'source = "bcuk"', 1)
    options.write_text(text)
    code, out, _ = run(capsys, "check", "--knowledge", str(knowledge_copy))
    assert code == 1
    assert "unknown question 'marker'" in out and "did you mean 'markers'?" in out
    assert "unknown source 'bcuk'" in out


def test_check_missing_folder(capsys, tmp_path):
    code, out, _ = run(capsys, "check", "--knowledge", str(tmp_path / "nowhere"))
    assert code == 1 and "knowledge folder not found" in out


def test_knowledge_folder_from_environment(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("AMLTUI_KNOWLEDGE", str(tmp_path / "elsewhere"))
    code, out, _ = run(capsys, "check")
    assert code == 1 and "elsewhere" in out


def test_options_text_shows_next_question_shown_and_not_shown(capsys):
    code, out, _ = run(capsys, "options", "--answer", "disease_status=refractory", "-a", "markers=flt3")
    assert code == 0
    assert "Next question: fitness (one answer)" in out
    assert "Options shown (0):" in out and "An option appears once the answers given settle it" in out
    waiting = out.split("gilteritinib: Gilteritinib (Xospata)", 1)[1].split("hma-sorafenib:", 1)[0]
    assert "waits for: Goals" in waiting  # "Supportive care only" would rule it out
    assert "ivosidenib: Ivosidenib (Tibsovo)" in out and "would show with: Genetic markers: IDH1 mutation" in out
    assert "Educational tool, not medical advice" in out
    code, out, _ = run(capsys, "options", "-a", "disease_status=refractory", "-a", "markers=flt3", "-a", "fitness=unfit", "-a", "goals=control")
    assert code == 0
    assert "gilteritinib: Gilteritinib (Xospata)" in out.split("Options not shown", 1)[0]
    assert "why: Genetic markers: FLT3 mutation" in out


def test_options_json(capsys):
    code, out, _ = run(capsys, "options", "--json", "-a", "disease_status=refractory", "-a", "markers=flt3,idh2", "-a", "goals=control")
    data = json.loads(out)
    assert code == 0
    assert data["answers"]["markers"] == ["flt3", "idh2"]
    assert data["next_question"]["id"] == "fitness"
    assert [a["id"] for a in data["next_question"]["answers"]] == ["fit", "unfit", "not_assessed"]
    shown = {o["id"]: o for o in data["shown"]}
    assert shown["enasidenib"]["category"] == "targeted" and shown["enasidenib"]["status"] == "approved-targeted"
    assert "Genetic markers: IDH2 mutation" in shown["enasidenib"]["reasons"]
    assert {"id", "name", "would_show", "waits_for"} <= set(data["not_shown"][0])
    assert all(o["waits_for"] == [] for o in data["not_shown"])  # Goals answered: nothing waits
    code, out, _ = run(capsys, "options", "--json", "-a", "disease_status=refractory")
    waiting = {o["id"]: o["waits_for"] for o in json.loads(out)["not_shown"]}
    assert waiting["gilteritinib"] == ["markers", "goals"] and waiting["high-dose-cytarabine"] == ["fitness", "goals"]


def test_repeated_flags_for_one_question_are_merged(capsys):
    code, out, _ = run(capsys, "options", "--json", "-a", "disease_status=refractory", "-a", "markers=flt3", "-a", "markers=cd33")
    assert code == 0 and json.loads(out)["answers"]["markers"] == ["cd33", "flt3"]


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("disease_stat=relapsed", "disease_stat: unknown question (did you mean 'disease_status'?)"),
        ("disease_status=relapse", "unknown answer 'relapse' (did you mean 'relapsed'?)"),
        ("disease_status", "expected QUESTION=ANSWER"),
        ("disease_status=", "expected QUESTION=ANSWER"),
        ("markers=flt3,none_found", "'none_found' cannot be combined"),
        ("donor=sibling", "not asked with the earlier answers"),
    ],
)
def test_options_bad_answers_exit_2_with_a_clear_message(capsys, argument, message):
    code, out, err = run(capsys, "options", "-a", argument)
    assert code == 2
    assert message in err and out == ""


def test_unknown_command_exits_2_without_traceback(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["frobnicate"])
    assert raised.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_tree_fits_80_columns_and_names_everything(capsys, kb):
    code, out, _ = run(capsys, "tree")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    for question in kb.questions:
        assert f"[{question.id}," in out
    for option in kb.options:
        assert f"[{option.id}]" in out
    assert "asked only if: Previous transplant: Yes, an allogeneic transplant" in out


def test_control_characters_in_knowledge_text_never_reach_the_terminal(capsys, knowledge_copy):
    questions = knowledge_copy / "questions.toml"
    questions.write_text(
        questions.read_text().replace('title = "Disease status"', 'title = "Disease \\u001b]0;owned\\u0007status"', 1)
    )
    for command in ("check", "options", "tree"):
        code, out, err = run(capsys, command, "--knowledge", str(knowledge_copy))
        assert code == 1
        assert "\x1b" not in out + err and "\x07" not in out + err
        assert "questions.toml:" in out + err and "control character \\x1b in the text" in out + err


def test_installed_entry_point_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "amltui", "check"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "valid:" in result.stdout

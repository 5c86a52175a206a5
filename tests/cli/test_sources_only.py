"""--sources-only and the marks of the layer on the command line: options (text and JSON), tree,
export, and the flag on the app's commands (a small test base with a layer; no medical content)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from amltui.cli.arguments import build_parser
from amltui.cli.main import main, sources_only
from amltui.knowledge import load_knowledge
from amltui.sessions import Session, SessionError, SessionStore
from amltui.sessions.codec import dumps, loads
from tests.sessions.fixtures import record

FIXTURES = Path(__file__).parents[1] / "knowledge" / "fixtures"
MARK = "beyond the two sources, checked to 30 Nov 2026"
BETA = ["-a", "stage=late", "-a", "fitness=fit", "-a", "markers=beta", "-a", "region=south"]


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(FIXTURES / "minimal", folder)
    shutil.copy(FIXTURES / "layer" / "since_sources.toml", folder)
    return folder


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert err == ""
    return code, out


def test_options_json_marks_the_layer(capsys, folder):
    code, out = run(capsys, "options", "--knowledge", folder, *BETA, "--json")
    document = json.loads(out)
    assert code == 0
    assert document["layer"] == {
        "title": "Since the sources", "checked_up_to": "2026-11-30", "shown": True, "mark": MARK,
        "summary": "Test layer: one newer drug and one newer approval line.",
    }
    assert "Since the sources, checked to 30 Nov 2026" in document["about_the_sources"]
    shown = {s["id"]: s for s in document["shown"]}
    assert shown["drug-gamma"]["newer"] is True and shown["comfort"]["newer"] is False
    assert shown["drug-gamma"]["badge"] == "targeted · no approval line for this region"
    assert {n["id"]: n["newer"] for n in document["notices"]}["newer-beta"] is True


def test_options_json_sources_only(capsys, folder):
    _, out = run(capsys, "options", "--knowledge", folder, *BETA, "--json", "--sources-only")
    document = json.loads(out)
    assert document["layer"]["shown"] is False
    assert "drug-gamma" not in [s["id"] for s in document["shown"] + document["not_shown"]]
    assert "Sources only" in document["about_the_sources"]
    assert not any(n["newer"] for n in document["notices"])


def test_options_json_lists_every_region_line_base_then_layer(capsys, folder):
    answers = ["-a", "stage=late", "-a", "fitness=fit", "-a", "markers=alpha", "-a", "region=south"]
    _, out = run(capsys, "options", "--knowledge", folder, *answers, "--json")
    alpha = next(s for s in json.loads(out)["shown"] if s["id"] == "drug-alpha")
    assert alpha["approvals"] == [{"region": "south", "text": "Not approved in the south.", "approved": False, "newer": True}]
    assert alpha["badge"] == "targeted · not approved in this region"


def test_options_text_marks_the_layer_and_says_how_old_the_sources_are(capsys, folder):
    _, out = run(capsys, "options", "--knowledge", folder, *BETA)
    assert f"drug-gamma: Drug Gamma ({MARK})" in out
    assert "about the sources: The two sources are from 2024 or earlier" in out
    assert f"Newer guidance for beta. ({MARK})" in " ".join(out.split())  # wrapped at 80 columns
    _, hidden = run(capsys, "options", "--knowledge", folder, *BETA, "--sources-only")
    assert "drug-gamma" not in hidden and MARK not in hidden


def test_tree_marks_the_layer_and_hides_it_with_sources_only(capsys, folder):
    _, out = run(capsys, "tree", "--knowledge", folder)
    assert f"Drug Gamma [drug-gamma] ({MARK})" in out
    _, hidden = run(capsys, "tree", "--knowledge", folder, "--sources-only")
    assert "drug-gamma" not in hidden and "Sources only" in hidden


def test_bundled_options_name_the_bundled_layer_and_its_date(capsys):
    _, out = run(capsys, "options", "--json")
    document = json.loads(out)
    assert document["layer"]["checked_up_to"] == "2026-11-30" and document["layer"]["shown"] is True
    assert document["about_the_sources"].startswith("The five sources are from 2021 or earlier")


@pytest.mark.parametrize("command", ["run", "resume", "replay", "train", "options", "tree", "export"])
def test_every_command_that_shows_options_takes_the_flag(command):
    extra = ["FILE"] if command in ("replay", "export") else []
    assert sources_only(build_parser().parse_args([command, *extra, "--sources-only"])) is True
    assert sources_only(build_parser().parse_args([command, *extra, "--no-sources-only"])) is False
    assert sources_only(build_parser().parse_args([command, *extra])) is None


def test_the_app_takes_the_flag_before_a_command():
    assert sources_only(build_parser().parse_args(["--sources-only"])) is True


def recorded(folder, hidden: bool) -> tuple[SessionStore, Session]:
    full = load_knowledge(folder)
    kb = full.sources_only() if hidden else full
    session = Session.new("Layer case", kb.version, kb.digest, sources_only=hidden)
    for question, answer in [("region", "south"), ("stage", "late"), ("fitness", "fit"), ("markers", "beta")]:
        session = record(kb, session, question, answer)
    store = SessionStore(folder.parent / "sessions")
    store.ensure_folder()
    store.save(session)
    return store, session


def test_export_follows_the_recorded_setting_and_says_so(capsys, folder):
    store, session = recorded(folder, hidden=True)
    sessions = ["--sessions", store.folder, "--knowledge", folder]
    _, markdown = run(capsys, "export", session.id, *sessions)
    assert "- Layer: Since the sources (checked to 30 Nov 2026): hidden (sources only), as recorded" in markdown
    assert "Drug Gamma" not in markdown
    _, shown = run(capsys, "export", session.id, *sessions, "--no-sources-only")
    assert "shown, chosen here; the walk was recorded with it hidden (sources only)" in shown
    document = json.loads(run(capsys, "export", session.id, *sessions, "--format", "json")[1])
    assert document["layer"]["shown"] is False and document["layer"]["as_recorded"] is True


def test_export_marks_the_layer_items(capsys, folder):
    store, session = recorded(folder, hidden=False)
    _, markdown = run(capsys, "export", session.id, "--sessions", store.folder, "--knowledge", folder)
    assert f"- **Drug Gamma** (targeted · no approval line for this region) ({MARK})" in markdown
    assert "shown, as recorded" in markdown
    document = json.loads(run(capsys, "export", session.id, "--sessions", store.folder, "--knowledge", folder, "--format", "json")[1])
    assert {o["id"]: o["newer"] for o in document["options"]}["drug-gamma"] is True


def test_the_session_file_records_sources_only_only_when_true(folder):
    _, shown = recorded(folder, hidden=False)
    assert "sources_only" not in dumps(shown)  # files of walks with the layer on are as before
    _, hidden = recorded(folder, hidden=True)
    text = dumps(hidden)
    assert "sources_only = true" in text
    assert loads(text.encode(), "x.toml").sources_only is True
    assert loads(dumps(shown).encode(), "x.toml").sources_only is False


def test_a_wrong_sources_only_value_in_a_session_file_is_a_clear_error(folder):
    _, hidden = recorded(folder, hidden=True)
    text = dumps(hidden).replace("sources_only = true", 'sources_only = "yes"')
    with pytest.raises(SessionError) as raised:
        loads(text.encode(), "x.toml")
    problem = raised.value.problem
    assert (problem.file, problem.item, problem.key, problem.message) == ("x.toml", "session", "sources_only", "has the wrong type (str)")


def test_check_says_what_the_layer_holds(capsys, folder):
    code, out = run(capsys, "check", "--knowledge", folder)
    assert code == 0 and out.count("\n") == 1
    assert out.rstrip().endswith(
        "; of these, layer 'Since the sources' (checked to 2026-11-30): 1 option, 1 notice, 1 source, 2 lines added to base options"
    )

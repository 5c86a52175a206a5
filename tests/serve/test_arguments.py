"""`amltui serve` arguments, checked before anything is served (the server itself is not started)."""

from __future__ import annotations

import shutil
import socket

import pytest

from amltui.cli.arguments import build_parser
from amltui.cli.main import main
from amltui.locations import bundled_knowledge
from amltui.serve import command
from amltui.serve.admission import Admission
from amltui.serve.listening import default_max_visitors
from amltui.serve.visit import Visit


@pytest.fixture
def served(monkeypatch):
    """Calls that would have started the server: (url, visit) each."""
    calls: list[tuple[str, Visit]] = []
    monkeypatch.setattr(command, "serve", lambda listeners, url, visit, admission: calls.append((url, visit)) or 0)
    return calls


def run(capsys, *argv: str) -> tuple[int, str]:
    try:
        code = main(["serve", *argv])
    except SystemExit as exit:  # argparse
        code = int(exit.code or 0)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_serves_without_warning(capsys, served, host):
    code, err = run(capsys, "--host", host, "--port", "0")
    assert code == 0 and err == ""
    (url, _), = served
    assert url.startswith("http://") and ":0/" not in url  # the port chosen, not 0


def test_the_default_is_this_machine_only_on_port_8000():
    arguments = build_parser().parse_args(["serve"])
    assert (arguments.host, arguments.port) == ("127.0.0.1", 8000)


def test_any_other_host_warns_that_there_is_no_login(capsys, served):
    code, err = run(capsys, "--host", "0.0.0.0", "--port", "0")
    assert code == 0 and len(served) == 1
    assert "warning" in err and "no login" in err and "other machines" in err


@pytest.mark.parametrize("port", ["70000", "-1", "eighty", ""])
def test_a_bad_port_exits_2_with_a_message(capsys, served, port):
    code, err = run(capsys, "--port", port)
    assert code == 2 and "--port" in err and "not a port number" in err
    assert "Traceback" not in err and served == []


@pytest.mark.parametrize(
    ("host", "message"),
    [("192.0.2.1", "not an address of this machine"), ("not a host name!", "not an address or a known host name")],
)
def test_a_bad_host_exits_2_with_a_message(capsys, served, host, message):
    code, err = run(capsys, "--host", host, "--port", "0")
    assert code == 2 and message in err
    assert "Traceback" not in err and served == []


def test_a_port_in_use_says_so(capsys, served):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, err = run(capsys, "--port", str(port))
    assert code == 2 and f"port {port} on 127.0.0.1 is already in use" in err and "--port" in err
    assert served == []


def test_a_broken_knowledge_base_exits_1_without_serving(capsys, served, tmp_path):
    broken = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge(), broken)
    (broken / "questions.toml").write_text("[[question]\n")
    code, err = run(capsys, "--knowledge", str(broken), "--port", "0")
    assert code == 1 and "problem" in err and "questions.toml" in err
    assert served == []


def test_visitors_get_the_command_lines_folders(capsys, served, tmp_path, monkeypatch):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge(), knowledge)
    monkeypatch.setenv("AMLTUI_SESSIONS", str(tmp_path / "from-environment"))
    monkeypatch.setenv("AMLTUI_KNOWLEDGE", str(knowledge))
    monkeypatch.delenv("AMLTUI_ROOMS", raising=False)
    assert run(capsys, "--port", "0")[0] == 0
    assert run(capsys, "--port", "0", "--sessions", str(tmp_path / "given"))[0] == 0
    (_, by_environment), (_, by_option) = served
    assert by_environment.environment() == {
        "AMLTUI_KNOWLEDGE": str(knowledge.resolve()),
        "AMLTUI_SESSIONS": str((tmp_path / "from-environment").resolve()),
        "AMLTUI_ROOMS": str((tmp_path / "from-environment" / "rooms").resolve()),  # shared by every visitor
    }
    assert by_option.sessions == (tmp_path / "given").resolve()
    own = tmp_path / "given" / "visitors" / ("0" * 24)
    assert by_option.environment(own)["AMLTUI_SESSIONS"] == str(own)  # a visitor's own folder


@pytest.mark.parametrize("host", ["", " ", "\t"])
def test_an_empty_host_is_refused_not_taken_for_every_address(capsys, served, host):
    code, err = run(capsys, "--host", host, "--port", "0")
    assert code == 2 and "--host" in err and "no address given" in err and "127.0.0.1" in err
    assert "Traceback" not in err and served == []


@pytest.mark.parametrize("count", ["0", "-3", "many", "2.5", ""])
def test_a_bad_visitor_limit_exits_2_with_a_message(capsys, served, count):
    code, err = run(capsys, "--max-visitors", count, "--port", "0")
    assert code == 2 and "--max-visitors" in err and "not a number of visitors" in err
    assert "Traceback" not in err and served == []


def test_the_visitor_limit_is_given_or_sized_for_the_machine(capsys, monkeypatch):
    admitted: list[Admission] = []
    monkeypatch.setattr(command, "serve", lambda listeners, url, visit, admission: admitted.append(admission) or 0)
    assert run(capsys, "--port", "0", "--max-visitors", "3")[0] == 0
    assert run(capsys, "--port", "0")[0] == 0
    assert [a.max_visitors for a in admitted] == [3, default_max_visitors()]

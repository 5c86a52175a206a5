from __future__ import annotations

import pytest

from tests.serve.server import ServeProcess


@pytest.fixture
def start_server(tmp_path, monkeypatch):
    """start_server(*arguments) -> a running `amltui serve`, ended after the test whatever happens
    (its record for a room's trainer kept in the test's own runtime folder)."""
    monkeypatch.setenv("AMLTUI_RUNTIME", str(tmp_path / "runtime"))
    started: list[ServeProcess] = []

    def start(*arguments: str) -> ServeProcess:
        server = ServeProcess(tmp_path / "sessions", *arguments)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()

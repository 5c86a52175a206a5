"""A visitor's app that ignores being asked to quit, and SIGTERM, still ends: SIGKILL to its group."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

import psutil

from amltui.serve import app_output
from amltui.serve.textual_serve_adapter import Visitor
from tests.serve.server import wait_until

STUBBORN = """
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"])
print("__GANGLION__", flush=True)
time.sleep(60)
"""


@dataclass(frozen=True)
class StubbornVisit:
    def command(self) -> list[str]:
        return [sys.executable, "-c", STUBBORN]

    def environment(self, sessions: object = None) -> dict[str, str]:
        return {}


async def test_an_app_that_ignores_quit_and_sigterm_is_killed_with_its_children(monkeypatch):
    from textual_serve.download_manager import DownloadManager

    monkeypatch.setattr(app_output, "QUIT_SECONDS", 0.3)
    monkeypatch.setattr(app_output, "TERM_SECONDS", 0.3)

    async def ignore(_: object = None) -> None:
        return None

    visitor = Visitor(
        StubbornVisit(), write_bytes=ignore, write_str=ignore, close=ignore, download_manager=DownloadManager()
    )
    await visitor.start(80, 24)
    app = psutil.Process(visitor.pid)
    (grandchild,) = wait_until(app.children, 10, "the app's own child process")
    start = time.monotonic()
    await visitor.stop()
    await visitor.stop()  # a second stop (the server's shutdown after the page's) is harmless
    assert time.monotonic() - start < 5
    assert visitor.process.returncode == -9
    psutil.wait_procs([grandchild], timeout=5)
    assert not app.is_running() and not grandchild.is_running()

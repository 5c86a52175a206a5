"""A real `amltui serve` in a subprocess, on a free port, and the processes it starts."""

from __future__ import annotations

import contextlib
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

#: Generous: a visitor's app starts in about a second, more on a busy two-core machine.
WAIT_SECONDS = 30.0


def amltui_command() -> list[str]:
    beside = Path(sys.executable).with_name("amltui")
    found = str(beside) if beside.exists() else shutil.which("amltui")
    if found is None:
        pytest.fail("the amltui command is not installed (pip install . puts it beside python)")
    return [found]


def wait_until(condition: Callable[[], object], seconds: float = WAIT_SECONDS, what: str = "condition") -> object:
    """Poll `condition` until it is true; fail with `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(0.05)


def app_environment(process: psutil.Process) -> dict[str, str]:
    """A visitor's app's environment, once it has one: a process found just after it started may
    still show its parent's, before the exec that gives it the app's."""
    return wait_until(  # type: ignore[return-value]
        lambda: (environment := process.environ()) and "ROWS" in environment and environment,
        what="the app's environment",
    )


def alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


class ServeProcess:
    """`amltui serve --port 0 --sessions TMP ...`; `url` is read from what it prints."""

    def __init__(self, sessions: Path, *arguments: str) -> None:
        command = [*amltui_command(), "serve", "--port", "0", "--sessions", str(sessions), *arguments]
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.psutil = psutil.Process(self.process.pid)
        self.stderr: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        assert self.process.stdout is not None and self.process.stderr is not None
        threading.Thread(target=self._read, args=(self.process.stdout, self._lines.put), daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, self.stderr.append), daemon=True).start()
        #: Every app process seen under the server, so that none can slip away unchecked.
        self.seen: dict[int, psutil.Process] = {}
        self.url = self._wait_for_url()
        #: What the server's own page sends as its Origin (the address without the last "/").
        self.origin = self.url.rstrip("/")

    @staticmethod
    def _read(stream, put) -> None:  # type: ignore[no-untyped-def]
        for line in stream:
            put(line)

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None:
                    pytest.fail(f"amltui serve exited with {self.process.returncode}: {''.join(self.stderr)}")
                continue
            if found := re.search(r"http://\S+/", line):
                return found.group(0)
        pytest.fail("amltui serve printed no address")

    def apps(self) -> list[psutil.Process]:
        """The visitors' app processes running now (children of the server)."""
        try:
            children = self.psutil.children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        for child in children:
            self.seen.setdefault(child.pid, child)
        return [child for child in children if alive(child)]

    def left_behind(self) -> list[psutil.Process]:
        self.apps()
        return [process for process in self.seen.values() if alive(process)]

    def wait_for_apps(self, count: int) -> list[psutil.Process]:
        return wait_until(lambda: len(self.apps()) >= count and self.apps(), what=f"{count} visitor app(s)")  # type: ignore[return-value]

    def wait_ended(self, processes: list[psutil.Process], seconds: float = 10.0) -> float:
        """Seconds until every one of `processes` has ended (fails after `seconds`)."""
        start = time.monotonic()
        wait_until(lambda: not any(alive(p) for p in processes), seconds, what="the visitor's app to end")
        return time.monotonic() - start

    def stop(self, sig: int = signal.SIGTERM, seconds: float = 15.0) -> int:
        self.apps()
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            pytest.fail(f"amltui serve did not stop within {seconds:.0f} s of {signal.Signals(sig).name}")

    def close(self) -> None:
        """Last resort after a failed test: nothing of ours may outlive it."""
        for process in [*self.left_behind(), self.psutil]:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        self.process.wait(5)

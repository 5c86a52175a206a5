"""A program in a pseudo-terminal, as an SSH user meets it: keys in, screen text out (stdlib only).

The output is kept raw and searched after removing escape sequences. Textual paints a line as runs
of text with cursor moves between them, so a phrase that fits on one screen line reads back whole.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, clipboard
    r"|\x1bP[^\x1b]*\x1b\\"  # DCS
    r"|\x1b[()][0-9A-Za-z]|\x1b[=>NOM78c]"
)


def plain(raw: bytes) -> str:
    return _ESCAPES.sub("", raw.decode("utf-8", errors="replace"))


class Terminal:
    """Start `command` on a pty of the given size; `wait_for` text, `send` keys, `close`."""

    def __init__(self, command: Sequence[str], *, size: tuple[int, int] = (80, 24), env: Mapping[str, str] | None = None):
        columns, rows = size
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
        environment.pop("NO_COLOR", None)
        environment.update(env or {})
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(command), stdin=slave, stdout=slave, stderr=slave, env=environment, start_new_session=True, close_fds=True
        )
        os.close(slave)
        self.output = b""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the program closed the terminal
            return False
        self.output += chunk
        return bool(chunk)

    def wait_for(self, text: str, *, since: int = 0, timeout: float = 20.0) -> float:
        """Seconds until `text` is on screen (in output after byte offset `since`)."""
        deadline = time.perf_counter() + timeout
        while text not in plain(self.output[since:]):
            remaining = deadline - time.perf_counter()
            if remaining <= 0 or (not self._read(min(remaining, 0.5)) and self.process.poll() is not None):
                tail = plain(self.output[-3000:])
                raise TimeoutError(f"{text!r} not on screen after {timeout}s; exit {self.process.poll()}; screen tail:\n{tail}")
        return time.perf_counter() - self.started

    def now(self) -> float:
        """Seconds since the program was started."""
        return time.perf_counter() - self.started

    def send(self, keys: str) -> int:
        """Type keys; returns the output offset to search from for what they cause."""
        mark = len(self.output)
        os.write(self.master, keys.encode())
        return mark

    def drain(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self._read(max(0.0, end - time.perf_counter()))

    def resident_kib(self) -> int:
        """Resident memory of the program (VmRSS), in KiB."""
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def wait_exit(self, timeout: float = 10.0) -> int:
        deadline = time.perf_counter() + timeout
        while self.process.poll() is None and time.perf_counter() < deadline:
            self._read(0.1)
        return self.process.wait(timeout=max(0.1, deadline - time.perf_counter()))

    def hang_up(self) -> None:
        """What a dropped SSH connection does: the terminal goes away and the program gets SIGHUP."""
        os.killpg(self.process.pid, signal.SIGHUP)
        os.close(self.master)
        self.master = -1

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.master >= 0:
            os.close(self.master)

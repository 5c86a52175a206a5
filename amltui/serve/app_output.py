"""A visitor's app process, as the server sees it: its output read as textual-serve's protocol,
its error output kept in bounded memory, and its end bounded (asyncio only, no textual-serve).

The protocol (textual's web driver): the line __GANGLION__ first, then packets of one kind byte
(D data, M meta, P packed), a 4-byte big-endian size and the payload."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Awaitable, Callable

from amltui.serve.limits import ERRORS_KEPT_BYTES, ERRORS_LOGGED_LINES, PACKET_BYTES, QUIT_SECONDS, TERM_SECONDS
from amltui.terminal_text import printable

log = logging.getLogger("textual-serve")  # textual-serve's own log name: one log for both

Handler = Callable[[bytes], Awaitable[None]]


class ErrorTail:
    """The end of a visitor's app's error output: what explains a crash, in bounded memory."""

    def __init__(self, keep: int = ERRORS_KEPT_BYTES) -> None:
        self.keep, self.total, self.kept = keep, 0, bytearray()

    def add(self, data: bytes) -> None:
        self.total += len(data)
        self.kept += data
        del self.kept[: -self.keep]

    def lines(self, count: int = ERRORS_LOGGED_LINES) -> list[str]:
        """The last `count` lines, printable (an app's output may hold terminal escapes)."""
        text = self.kept.decode("utf-8", "replace")
        return [printable(line) for line in text.splitlines()[-count:]]

    async def keep_from(self, stderr: asyncio.StreamReader) -> None:
        while data := await stderr.read(4096):
            self.add(data)

    def log(self, label: str) -> None:
        if self.total:
            log.warning("%s: the app wrote %d bytes of errors; the last lines:", label, self.total)
            for line in self.lines():
                log.warning("%s:   %s", label, line)


async def started(stdout: asyncio.StreamReader) -> bool:
    """Whether the app says it speaks the protocol (textual-serve reads ten lines for it)."""
    for _ in range(10):
        try:
            line = await stdout.readline()
        except ValueError:  # a line longer than the reader's limit: not a Textual app
            return False
        if not line:
            return False
        if line == b"__GANGLION__\n":
            return True
    return False


async def relay(stdout: asyncio.StreamReader, on_data: Handler, on_meta: Handler, on_packed: Handler) -> None:
    """Each packet to its handler until the output ends (IncompleteReadError) or is not the protocol."""
    handlers = {b"D": on_data, b"M": on_meta, b"P": on_packed}
    while True:
        header = await stdout.readexactly(5)
        kind, size = header[:1], int.from_bytes(header[1:], "big")
        if size > PACKET_BYTES:
            raise ValueError(f"a packet of {size} bytes")
        payload = await stdout.readexactly(size)
        if handler := handlers.get(kind):
            await handler(payload)


async def discard(stdout: asyncio.StreamReader) -> None:
    """Read the rest and drop it: an app never waits on a full pipe (it could not hear "quit"),
    and asyncio sees the pipe's end and lets the process go."""
    while await stdout.read(65536):
        pass


async def end(process: asyncio.subprocess.Process) -> None:
    """Wait for an app asked to quit: QUIT_SECONDS, then SIGTERM to its process group, then
    TERM_SECONDS, then SIGKILL. Its own process group holds whatever it started, too."""
    for sig, seconds in ((signal.SIGTERM, QUIT_SECONDS), (signal.SIGKILL, TERM_SECONDS)):
        try:
            await asyncio.wait_for(asyncio.shield(process.wait()), seconds)
            break
        except TimeoutError:
            if process.returncode is None:  # not reaped yet, so the group id is still ours
                log.warning("visitor app %s did not end; sending %s", process.pid, sig.name)
                with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
                    os.killpg(process.pid, sig)
    await process.wait()

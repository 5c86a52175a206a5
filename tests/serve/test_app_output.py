"""A visitor's app's error output is kept in bounded memory and logged, never written to the
server's stdout (where, with a full pipe, it froze the whole server); its page is closed when it
ends on its own, so a crashed app leaves no page that answers nothing."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from amltui.serve.limits import ERRORS_KEPT_BYTES, ERRORS_LOGGED_LINES
from amltui.serve.textual_serve_adapter import Visitor

CRASHING = """
import sys
print("__GANGLION__", flush=True)
sys.stderr.write("Traceback (most recent call last):\\n" + "  a frame \\x1b[2J\\n" * 12_000 + "ValueError: negative size\\n")
sys.exit(1)
"""


@dataclass(frozen=True)
class CrashingVisit:
    def command(self) -> list[str]:
        return [sys.executable, "-c", CRASHING]

    def environment(self, sessions: object = None) -> dict[str, str]:
        return {}


async def test_a_crashing_apps_traceback_is_logged_bounded_and_its_page_closed(capfd, caplog):
    from textual_serve.download_manager import DownloadManager

    closed: list[bool] = []

    async def ignore(_: object = None) -> None:
        return None

    async def close() -> None:
        closed.append(True)

    visitor = Visitor(
        CrashingVisit(), label="visitor 7", write_bytes=ignore, write_str=ignore, close=close,
        download_manager=DownloadManager(),
    )
    with caplog.at_level(logging.WARNING, logger="textual-serve"):
        await visitor.start(80, 24)
        await visitor.relay
    assert closed == [True]
    assert visitor.errors.total > 150_000 and len(visitor.errors.kept) <= ERRORS_KEPT_BYTES
    logged = [record.getMessage() for record in caplog.records if record.name == "textual-serve"]
    assert "wrote" in logged[0] and len(logged) <= ERRORS_LOGGED_LINES + 1
    assert logged[-1].endswith("ValueError: negative size") and not any("\x1b" in line for line in logged)
    await visitor.stop()
    assert capfd.readouterr().out == ""  # nothing of the app's on the server's stdout

"""A dropped connection or a kill ends the app at once and cleanly.

Every answer is already on disk (saved when it was committed), so nothing is lost by leaving.
SIGHUP means the terminal is gone: writing to it to restore it could block or fail, so the
process leaves without touching it. SIGTERM asks for a normal exit, and leaves anyway if that
has not happened within a few seconds (a Textual process must never be left spinning).
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading

from amltui.tui.state import AppState

#: How long SIGTERM waits for a clean exit (terminal restored) before leaving regardless.
TERM_GRACE_SECONDS = 3.0


def handle_signals(app: AppState) -> None:
    """Install the handlers on the running loop (the app's, outside a test's Pilot)."""
    try:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, hang_up, app)
        loop.add_signal_handler(signal.SIGTERM, terminate, app)
    except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover - not the main thread, or Windows
        pass


def hang_up(app: AppState) -> None:
    app.last_save()
    app.stop_recording()
    os._exit(128 + signal.SIGHUP)


def terminate(app: AppState) -> None:
    app.last_save()
    app.stop_recording()
    timer = threading.Timer(TERM_GRACE_SECONDS, os._exit, args=(128 + signal.SIGTERM,))
    timer.daemon = True
    timer.start()
    app.exit(return_code=128 + signal.SIGTERM)

"""`amltui serve ...`: the command line's options read, the sockets bound, and the server run."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from amltui import locations
from amltui.problems import EXIT_OK
from amltui.serve.admission import Admission
from amltui.serve.listening import bind, default_max_visitors, is_loopback, page_url
from amltui.serve.visit import Visit


def run(args: argparse.Namespace, knowledge: Path) -> int:
    """Serve until Ctrl+C or SIGTERM; `knowledge` has already been validated by the caller."""
    sessions = locations.sessions_folder(getattr(args, "sessions", None) or getattr(args, "app_sessions", None))
    max_visitors = getattr(args, "max_visitors", None) or default_max_visitors()
    listeners = bind(args.host, args.port)
    try:
        url = page_url(listeners[0])
        if not all(is_loopback(s.getsockname()[0]) for s in listeners):
            print(  # noqa: T201 - the command line's warning, before any log exists
                f"amltui: warning: {url} can be reached from other machines, and the app has no login: "
                "anyone who can reach it can use it. Use only on a network you trust.",
                file=sys.stderr,
            )
        visit = Visit(knowledge.resolve(), sessions.expanduser().resolve(), os.getpid())
        from amltui.sessions.rooms.serve_address import remove_record, write_record

        # For a room's trainer: this server's address, beside the join code (removed as it stops).
        record = write_record(url, Path(visit.environment()["AMLTUI_ROOMS"]))
        try:
            return serve(listeners, url, visit, Admission.of(args.host, listeners, max_visitors))
        finally:
            remove_record(record)
    finally:
        for listener in listeners:
            listener.close()


def serve(listeners: Sequence[socket.socket], url: str, visit: Visit, admission: Admission) -> int:
    """Run the web server on bound sockets until told to stop; aiohttp and textual-serve are
    imported only now, so the rest of the command line stays fast."""
    from amltui.serve.web_server import run_server

    run_server(listeners, url, visit, admission)
    return EXIT_OK

"""`amltui serve`: the app in a web browser, for a training room (textual-serve).

Every browser visitor gets an app process of its own, started with the same knowledge base and
sessions folder as the rest of the command line. textual-serve supplies the page (xterm.js) and
the protocol; this module makes sure a visitor's process ends when the visitor leaves, which
textual-serve 1.1 does not guarantee on its own:

* it asks the app to quit and then waits for it for ever; here the wait is bounded, then the
  process group gets SIGTERM, then SIGKILL;
* on Ctrl+C or SIGTERM it waits up to a minute for open pages before it stops; here every
  visitor's app is ended first, so the server stops at once and leaves nothing behind;
* a page left for another (back-forward cache) keeps its connection, and so its app, alive for
  minutes; the page served here closes its connection when it is hidden;
* the page's font comes from the server, not from Google (a training room may be offline);
* if the server itself is killed, each app notices within half a second that its parent is gone
  and ends itself (`visitor_main`).

Only the standard library is imported at module level, so the rest of the command line stays
fast; textual-serve (aiohttp) is imported when the server starts.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amltui import locations
from amltui.cli import EXIT_OK, UsageError
from amltui.terminal_text import printable

#: How long a visitor's app has to quit when asked, then to end on SIGTERM, before SIGKILL.
QUIT_SECONDS, TERM_SECONDS = 3.0, 2.0
#: How often a visitor's app checks that the server is still there.
WATCH_SECONDS = 0.5

#: Closes the page's connection when the page is hidden (tab closed, or left for another page and
#: kept in the back-forward cache, which would otherwise keep the visitor's app running).
CLOSE_ON_PAGEHIDE = """<script>
(() => {
  const Native = window.WebSocket, open = new Set();
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      open.add(this);
      this.addEventListener("close", () => open.delete(this));
    }
  };
  window.addEventListener("pagehide", () => { for (const s of open) s.close(); });
})();
</script>
"""


@dataclass(frozen=True)
class Visit:
    """What every visitor's app is started with."""

    knowledge: Path
    sessions: Path
    server_pid: int

    def command(self) -> list[str]:
        code = "import sys; from amltui.serve import visitor_main; sys.exit(visitor_main(int(sys.argv[1])))"
        return [sys.executable, "-P", "-c", code, str(self.server_pid)]  # -P: never amltui/ of the cwd

    def environment(self) -> dict[str, str]:
        """The folders go by environment, which every amltui command reads (see locations)."""
        return {"AMLTUI_KNOWLEDGE": str(self.knowledge), "AMLTUI_SESSIONS": str(self.sessions)}


def run(args: argparse.Namespace, knowledge: Path) -> int:
    """Serve until Ctrl+C or SIGTERM; `knowledge` has already been validated by the caller."""
    sessions = locations.sessions_folder(getattr(args, "sessions", None) or getattr(args, "app_sessions", None))
    listeners = bind(args.host, args.port)
    try:
        url = page_url(listeners[0])
        if not all(is_loopback(s.getsockname()[0]) for s in listeners):
            print(
                f"amltui: warning: {url} can be reached from other machines, and the app has no login: "
                "anyone who can reach it can use it. Use only on a network you trust.",
                file=sys.stderr,
            )
        visit = Visit(knowledge.resolve(), sessions.expanduser().resolve(), os.getpid())
        return serve(listeners, url, visit)
    finally:
        for listener in listeners:
            listener.close()


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets on every address `host` names (one port for all); UsageError if none."""
    try:
        found = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        raise UsageError(f"--host {host!r}: not an address or a known host name ({error})") from None
    listeners: list[socket.socket] = []
    try:
        for family, kind, proto, _, address in dict.fromkeys((f, k, p, "", a) for f, k, p, _, a in found):
            listener = socket.socket(family, kind, proto)
            listeners.append(listener)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            if port == 0 and len(listeners) > 1:  # the same free port on every address
                address = (address[0], listeners[0].getsockname()[1], *address[2:])
            listener.bind(address)
            listener.listen(128)
            listener.setblocking(False)
    except OSError as error:
        for listener in listeners:
            listener.close()
        raise UsageError(bind_problem(host, port, error)) from None
    return listeners


def bind_problem(host: str, port: int, error: OSError) -> str:
    import errno

    if error.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use (another server?); choose another with --port"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"--host {host}: not an address of this machine"
    if error.errno == errno.EACCES:
        return f"port {port} on {host}: permission denied (ports below 1024 need privileges); choose another with --port"
    return f"cannot listen on {host} port {port}: {error.strerror or error}"


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def page_url(listener: socket.socket) -> str:
    host, port = listener.getsockname()[:2]
    if host in ("0.0.0.0", "::"):
        host = socket.gethostname()
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def own_font(page: str, statics: Path, static_url: str) -> str:
    """The page asks Google for its font; a training room may be offline, and visitors' addresses
    need not go to a third party: use the copy textual-serve ships instead."""
    import re

    font = "fonts/RobotoMono-VariableFont_wght.ttf"
    face = (
        f'<style>@font-face {{ font-family: "Roboto Mono"; src: url("{static_url}{font}"); }}</style>'
        if (statics / font).is_file()
        else ""
    )
    return re.sub(r"<link[^>]*fonts\.googleapis\.com[^>]*>", face, page)


def serve(listeners: Sequence[socket.socket], url: str, visit: Visit) -> int:
    """Run the web server on bound sockets until told to stop."""
    import logging

    from aiohttp import web

    logging.basicConfig(level=logging.INFO, format="amltui serve: %(message)s", stream=sys.stderr)
    server = _server_class()(visit, url)
    web.run_app(
        server.make_app(),
        sock=list(listeners),
        handle_signals=True,  # SIGINT and SIGTERM; SIGHUP is added on start-up
        shutdown_timeout=QUIT_SECONDS + TERM_SECONDS + 1,
        print=None,
        access_log=None,
    )
    return EXIT_OK


def visitor_main(server_pid: int) -> int:
    """One visitor's app (run by the server, with the web driver): the app the command line runs,
    ended if the server goes away without ending it."""
    threading.Thread(target=_end_with_server, args=(server_pid,), name="amltui-serve-watch", daemon=True).start()
    from amltui.cli import main

    return main(["run"])


def _end_with_server(server_pid: int) -> None:
    while os.getppid() == server_pid:
        time.sleep(WATCH_SECONDS)
    os.kill(os.getpid(), signal.SIGHUP)  # no terminal and no server: a hang-up
    time.sleep(TERM_SECONDS)
    os._exit(1)  # noqa: SLF001 - the app did not end on SIGHUP; nothing is left to tell


def _server_class() -> type[Any]:
    """The textual-serve classes, adapted; defined here so aiohttp is imported only to serve."""
    import asyncio
    import logging

    import aiohttp_jinja2
    from aiohttp import WSCloseCode, web
    from aiohttp.web_runner import GracefulExit
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    log = logging.getLogger("textual-serve")

    class Visitor(AppService):
        """One browser visitor's app process, in a process group of its own so it can be ended."""

        def __init__(self, visit: Visit, **kwargs: Any) -> None:
            super().__init__(" ".join(visit.command()), **kwargs)
            self.visit = visit
            self._stopping: asyncio.Future[None] | None = None

        @property
        def pid(self) -> int | None:
            return None if self._process is None else self._process.pid

        def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
            return super()._build_environment(width, height) | self.visit.environment()

        async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
            self._process = process = await asyncio.create_subprocess_exec(
                *self.visit.command(),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=self._build_environment(width, height),
                start_new_session=True,
            )
            self._stdin = process.stdin
            return process

        async def stop(self) -> None:
            """End the app: ask it to quit, then SIGTERM, then SIGKILL. Safe to call more than once."""
            if self._stopping is None:
                self._stopping = asyncio.ensure_future(self._end())
            await asyncio.shield(self._stopping)

        async def _end(self) -> None:
            process = self._process
            if process is None:
                return
            if self._task is not None:
                await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
                await self.send_meta({"type": "quit"})
            for sig, seconds in ((signal.SIGTERM, QUIT_SECONDS), (signal.SIGKILL, TERM_SECONDS)):
                try:
                    await asyncio.wait_for(asyncio.shield(process.wait()), seconds)
                    break
                except TimeoutError:
                    if process.returncode is None:  # not reaped yet, so the group id is still ours
                        log.warning("visitor app %s did not end; sending %s", process.pid, sig.name)
                        try:
                            os.killpg(process.pid, sig)
                        except ProcessLookupError:
                            pass  # it ended meanwhile
            await process.wait()
            if self._task is not None:  # reads the app's output to its end (never raises here)
                await asyncio.wait({self._task}, timeout=TERM_SECONDS)
                self._task.cancel()  # if something else still holds that output open
                self._task = None

    class AmlServer(Server):  # type: ignore[misc]
        visitor_class = Visitor

        def __init__(self, visit: Visit, url: str) -> None:
            super().__init__(command="amltui", title="amltui", public_url=url.rstrip("/"))
            self.visit = visit
            self.visitors: dict[Visitor, web.WebSocketResponse] = {}
            self.count = 0

        def make_app(self) -> Any:
            return self._make_app()

        async def on_startup(self, app: web.Application) -> None:
            def hang_up() -> None:
                raise GracefulExit()

            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, hang_up)
            print(f"amltui serve: {self.public_url}/ (Ctrl+C stops)", flush=True)

        async def on_shutdown(self, app: web.Application) -> None:
            """Before the server waits for open pages: end every visitor's app, then close its page."""
            visitors = list(self.visitors.items())
            await asyncio.gather(*(visitor.stop() for visitor, _ in visitors), return_exceptions=True)
            for _, websocket in visitors:
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

        async def handle_index(self, request: web.Request) -> web.Response:
            """textual-serve's page, with addresses as the browser used them (so --host 0.0.0.0
            works from other machines), and closing its connection when hidden."""
            base = f"{request.scheme}://{request.host}"
            context = {
                "font_size": to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": f"ws{base.removeprefix('http')}{request.app.router['websocket'].url_for()}",
                "config": {"static": {"url": f"{base}/static/"}},
                "application": {"name": self.title},
            }
            page = aiohttp_jinja2.render_string("app_index.html", request, context)
            page = own_font(page, self.statics_path, f"{base}/static/")
            head, found, rest = page.partition("</head>")
            page = head + CLOSE_ON_PAGEHIDE + found + rest if found else page + CLOSE_ON_PAGEHIDE
            return web.Response(text=page, content_type="text/html")

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            await websocket.prepare(request)
            visitor = self.visitor_class(
                self.visit,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
            )
            self.visitors[visitor] = websocket
            self.count += 1
            number = self.count
            try:
                await visitor.start(width, height)
                log.info("visitor %d: app started (process %s)", number, visitor.pid)
                await self._process_messages(websocket, visitor)
            except Exception as error:  # a broken message or a failed start ends this visitor only
                log.warning("visitor %d: %s", number, printable(str(error)) or type(error).__name__)
            finally:
                await visitor.stop()
                del self.visitors[visitor]
                log.info("visitor %d: app ended", number)
                await websocket.close()
            return websocket

    return AmlServer

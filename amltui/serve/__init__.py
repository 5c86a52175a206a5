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

And it lets in only the server's own page (`Admission`), which textual-serve does not check:

* a request naming another host (DNS rebinding), or a connection from another site's page (any
  web page the trainer's browser visits could otherwise drive an app), is refused with 403
  before any app starts; the page reflects nothing of the request (its addresses are relative);
* terminal sizes from the page are clamped, and messages that are not the protocol are dropped,
  never the end of the visitor's app;
* a visitor's app's error output is kept as a bounded tail and logged through a queue, never
  written to the server's stdout (a full pipe there froze the whole server);
* at most `--max-visitors` apps at once; the next visitor gets a page saying the room is full;
* `/static/` lists no folder.

Only the standard library is imported at module level, so the rest of the command line stays
fast; textual-serve (aiohttp) is imported when the server starts.
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import queue
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amltui import locations
from amltui.problems import EXIT_OK, UsageError
from amltui.terminal_text import printable

#: How long a visitor's app has to quit when asked, then to end on SIGTERM, before SIGKILL.
QUIT_SECONDS, TERM_SECONDS = 3.0, 2.0
#: How often a visitor's app checks that the server is still there.
WATCH_SECONDS = 0.5

#: Terminal sizes a page may ask for, (fewest, most) columns and rows. Most: 500 x 200 is more
#: than a 4K screen shows at the page's 16 px font (about 400 x 110) and costs an app 1 MB and
#: about 110 KB a repaint (benchmarks/bench_serve.py); 100,000 x 100,000 took an app to 1 GB.
#: Fewest: xterm asks for as little as 2 x 1 in a tiny window, where no screen of the app draws;
#: 20 x 10 keeps every screen drawable (the page shows what fits).
COLUMNS, ROWS = (20, 500), (10, 200)
#: The size used when the page's first request gives none that makes sense (textual-serve's).
DEFAULT_SIZE = (80, 24)
#: The page's font size in pixels (`?fontsize=`), default and range.
FONT_SIZE, FONT_SIZES = 16, (6, 64)
#: A message from a page longer than this ends its connection (a paste is far shorter).
MESSAGE_BYTES = 1 << 20
#: An app's output packet longer than this is not the protocol: the relay stops.
PACKET_BYTES = 16 << 20
#: How much of the end of a visitor's app's error output is kept, and how many lines are logged.
ERRORS_KEPT_BYTES, ERRORS_LOGGED_LINES = 8192, 20
#: Log lines waiting for a slow stderr; beyond this they are dropped, and the server goes on.
LOG_QUEUE_LINES = 1000
#: How long the log waits for a stderr that takes nothing before it drops the line, and the
#: longest line it writes (a pipe takes up to PIPE_BUF, 4096 bytes, in one write once it has room).
LOG_WRITE_SECONDS, LOG_LINE_BYTES = 0.1, 4000
#: Refused requests are logged at most once in this many seconds (with how many since).
REFUSALS_LOG_SECONDS = 10.0
#: The default --max-visitors, from measurement (one app at the start screen: 38 MB resident,
#: 0.9 s of CPU to start, then 0.3 % of a core when idle; benchmarks/bench_serve.py): 50 MB per
#: app within half the machine's memory, and 16 apps per core, so a full room that opens the page
#: at the same moment waits about 15 s for its last app.
VISITOR_MEMORY_BYTES, VISITORS_PER_CORE = 50 << 20, 16
#: Host names that mean this machine (a bare `localhost` is not a name another site controls).
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")

#: What this module relies on in textual-serve 1.1 beyond its documented use, kept here so an
#: upgrade is checked in one place; tests/serve/test_textual_serve.py fails if any of it changes.
TEXTUAL_SERVE_INTERNALS = {
    "AppService._stdin": "the app's input: AppService.stdin, which send_bytes and send_meta "
    "write to, reads it; Visitor.open_process sets it (its own process group, no shell)",
    "AppService._download_manager": "Visitor ends the app's downloads with it before quitting",
    "AppService._build_environment": "extended: textual-serve's driver settings plus the folders",
    "AppService.run": "replaced: the relay of the app's output, with the error output bounded "
    "(textual-serve keeps it all and writes it to stdout with a blocking write)",
    "AppService.start, AppService.stop": "replaced: own process group, bounded ending",
    "Server.statics_path, Server.templates_path": "the page's files, served and rendered here",
    "templates/app_index.html": "the page; rendered here with PAGE_VARIABLES only, none from the "
    "request (textual-serve writes the Host header into its style block)",
    "static/fonts/RobotoMono-VariableFont_wght.ttf": "the font served instead of Google's",
}
#: Every variable app_index.html uses (the test fails on a new one, which might be reflected).
PAGE_VARIABLES = ("app_websocket_url", "application.name", "config.static.url", "font_size", "ping_url")

#: Runs before textual-serve's page script: every connection the page opens goes to this page's
#: own address (the page names it "/ws", reflecting nothing of the request), is closed when the
#: page is hidden (tab closed, or left for another page and kept in the back-forward cache, which
#: would otherwise keep the visitor's app running), and a connection refused before it opened
#: (the room filled up since the page loaded) reloads the page once, which then says why.
PAGE_SCRIPT = """<script>
(() => {
  const Native = window.WebSocket, open = new Set();
  let leaving = false;
  window.WebSocket = class extends Native {
    constructor(url, ...rest) {
      const address = new URL(url, window.location.href);
      address.protocol = address.protocol === "https:" ? "wss:" : "ws:";
      super(address.href, ...rest);
      let opened = false;
      open.add(this);
      this.addEventListener("open", () => { opened = true; });
      this.addEventListener("close", () => {
        open.delete(this);
        const last = Number(sessionStorage.getItem("amltui-reloaded") || 0);
        if (!opened && !leaving && Date.now() - last > 10000) {
          sessionStorage.setItem("amltui-reloaded", String(Date.now()));
          window.location.reload();
        }
      });
    }
  };
  window.addEventListener("pagehide", () => { leaving = true; for (const s of open) s.close(); });
})();
</script>
"""

#: For the visitor turned away (503); $places is the only thing filled in.
ROOM_FULL_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="15">
<title>amltui: the room is full</title>
<style>
body { background: #0c181f; color: #eee; font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5; }
a { color: #ac5af4; }
</style>
</head>
<body>
<h1>The room is full</h1>
<p>Every place on this amltui server is taken ($places of $places): each visitor has an app
of their own. A place frees up when someone closes their page. This page tries again every
15 seconds, or <a href="/">try now</a>.</p>
<p>For the trainer: <code>amltui serve --max-visitors N</code> allows more (each app needs about
40 MB of memory and a share of the processor).</p>
</body>
</html>
"""
#: On every page and file: no other site may frame the page (and so trick a visitor into typing
#: into it), nor learn from the Referer where it was, nor have a file taken for another type.
PAGE_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
#: For a request refused by `Admission` (403); nothing of the request is repeated.
REFUSED_TEXT = (
    "amltui serve answers only its own page, at the address it printed when it started.\n"
    "Open that address in the browser (not a link or a page from another site).\n"
)


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


@dataclass(frozen=True)
class Admission:
    """Who is let in: requests that name this server as it is served, up to `max_visitors` apps.

    `names` are host[:port] as a browser writes them in Host and Origin (lower case). A server
    on every address (0.0.0.0, ::) also answers to the address each connection came in on."""

    names: frozenset[str]
    any_address: bool
    max_visitors: int

    @classmethod
    def of(cls, host: str, listeners: Sequence[socket.socket], max_visitors: int) -> Admission:
        addresses = [listener.getsockname()[0] for listener in listeners]
        port = listeners[0].getsockname()[1]
        any_address = any(is_any_address(address) for address in addresses)
        names = {host, *(address for address in addresses if not is_any_address(address))}
        if any_address or any(is_loopback(address) for address in addresses):
            names.update(LOOPBACK_NAMES)
        if any_address:
            names.add(socket.gethostname())  # the name in the address printed
        return cls(frozenset(a for name in names for a in authorities(name, port)), any_address, max_visitors)

    def hosts(self, local: tuple[str, int] | None) -> frozenset[str]:
        """The names a request may use on a connection that came in on `local` (address, port)."""
        if self.any_address and local is not None:
            return self.names | authorities(local[0], local[1])
        return self.names

    def refusal(
        self, hosts: Sequence[str], origins: Sequence[str], local: tuple[str, int] | None, websocket: bool
    ) -> str | None:
        """Why a request with these Host and Origin headers is refused (for the log), or None.

        A browser sends Origin with every connection a page opens: one from another site's page,
        from a file or a sandboxed frame ("null"), or none at all is not this server's page."""
        served = self.hosts(local)
        if len(hosts) != 1 or hosts[0].lower() not in served:
            return "a Host header that is not this server's address"
        if len(origins) > 1 or (origins and origins[0].lower() not in {f"http://{name}" for name in served}):
            return "a page from another site (its Origin is not this server's address)"
        if websocket and not origins:
            return "a connection with no Origin (this server's page always sends one)"
        return None


def run(args: argparse.Namespace, knowledge: Path) -> int:
    """Serve until Ctrl+C or SIGTERM; `knowledge` has already been validated by the caller."""
    sessions = locations.sessions_folder(getattr(args, "sessions", None) or getattr(args, "app_sessions", None))
    max_visitors = getattr(args, "max_visitors", None) or default_max_visitors()
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
        return serve(listeners, url, visit, Admission.of(args.host, listeners, max_visitors))
    finally:
        for listener in listeners:
            listener.close()


def default_max_visitors() -> int:
    """--max-visitors when not given: VISITORS_PER_CORE per core, within half the memory."""
    cores = os.cpu_count() or 1
    by_cores = cores * VISITORS_PER_CORE
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):  # not known here
        return by_cores
    return max(1, min(by_cores, memory // 2 // VISITOR_MEMORY_BYTES))


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets on every address `host` names (one port for all); UsageError if none."""
    if not host.strip():  # getaddrinfo would take "" for every address of the machine
        raise UsageError(
            f"--host {host!r}: no address given; use 127.0.0.1 for this machine only, "
            "or 0.0.0.0 to be reachable from the network"
        )
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
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
    font = "fonts/RobotoMono-VariableFont_wght.ttf"
    face = (
        f'<style>@font-face {{ font-family: "Roboto Mono"; src: url("{static_url}{font}"); }}</style>'
        if (statics / font).is_file()
        else ""
    )
    return re.sub(r"<link[^>]*fonts\.googleapis\.com[^>]*>", face, page)


def is_any_address(address: str) -> bool:
    return address in ("0.0.0.0", "::")


def authorities(name: str, port: int) -> frozenset[str]:
    """How a browser writes `name` and `port` in Host and Origin (no port for 80, IPv6 in brackets)."""
    name = name.lower()
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"
    return frozenset({f"{name}:{port}", name} if port == 80 else {f"{name}:{port}"})


def terminal_size(width: object, height: object) -> tuple[int, int] | None:
    """A size the page asked for, clamped to COLUMNS and ROWS; None if it is not a size (not
    whole numbers, or under 1: nothing a browser sends)."""
    if type(width) is not int or type(height) is not int or width < 1 or height < 1:
        return None
    return min(max(width, COLUMNS[0]), COLUMNS[1]), min(max(height, ROWS[0]), ROWS[1])


def query_number(text: str | None) -> int | None:
    """A whole number in a query string (digits only, at most 9), else None."""
    return int(text) if text is not None and re.fullmatch(r"[0-9]{1,9}", text) else None


def page_message(text: str) -> tuple[str, object] | None:
    """A message from the page, `[kind, data]` in JSON, or None if it is not one."""
    import json

    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, digits past Python's limit, nested too deep
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    return envelope[0], envelope[1] if len(envelope) > 1 else None


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


class Missed:
    """How many log lines were dropped since stderr last took one: those a stuck stderr did not
    take, and those that found the queue to it full (both threads count, so under a lock)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0

    def add(self, count: int = 1) -> None:
        with self._lock:
            self._count += count

    def take(self) -> int:
        with self._lock:
            count, self._count = self._count, 0
        return count


def log_without_blocking(fd: int) -> Callable[[], None]:
    """Send every log record to file descriptor `fd` from a thread of its own, so that the
    server's event loop never waits for its log; returns what ends it.

    The thread, too, never waits long: a line that stderr does not take within LOG_WRITE_SECONDS
    (a full pipe nobody reads, a stopped terminal) is dropped, and when stderr takes one again it
    is told how many were. Nothing is left in sys.stderr's buffer to block the exit."""
    import logging.handlers

    missed = Missed()

    class DroppingQueueHandler(logging.handlers.QueueHandler):
        """Hands records to the writing thread, or drops (and counts) them if it is that far behind."""

        def enqueue(self, record: logging.LogRecord) -> None:
            try:
                self.queue.put_nowait(record)
            except queue.Full:
                missed.add()

    records: queue.Queue[logging.LogRecord | None] = queue.Queue(LOG_QUEUE_LINES)
    formatter = logging.Formatter("amltui serve: %(message)s")

    def write() -> None:
        while (record := records.get()) is not None:
            line = printable(formatter.format(record)).encode("utf-8", "replace")[:LOG_LINE_BYTES] + b"\n"
            if not write_or_drop(fd, line, LOG_WRITE_SECONDS):
                missed.add()
            elif dropped := missed.take():
                note = f"amltui serve: ({dropped} log lines dropped: stderr took nothing)\n"
                if not write_or_drop(fd, note.encode(), LOG_WRITE_SECONDS):
                    missed.add(dropped)

    thread = threading.Thread(target=write, name="amltui-serve-log", daemon=True)
    thread.start()
    root = logging.getLogger()
    handler = DroppingQueueHandler(records)  # type: ignore[arg-type]
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def finish() -> None:
        root.removeHandler(handler)
        try:
            records.put(None, timeout=1)
        except queue.Full:
            return
        thread.join(timeout=LOG_WRITE_SECONDS + 1)  # what is left, unless stderr is stuck

    return finish


def write_or_drop(fd: int, data: bytes, seconds: float) -> bool:
    """Write `data` (at most PIPE_BUF bytes) if `fd` takes it within `seconds`; False if not."""
    import select

    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    try:
        if not poller.poll(seconds * 1000):
            return False
        os.write(fd, data)  # a pipe with room takes a write this short without waiting
    except OSError:  # closed, or its reader gone
        return False
    return True


def serve(listeners: Sequence[socket.socket], url: str, visit: Visit, admission: Admission) -> int:
    """Run the web server on bound sockets until told to stop."""
    from aiohttp import web

    finish_log = log_without_blocking(sys.stderr.fileno())
    server = _server_class()(visit, url, admission)
    try:
        web.run_app(
            server.make_app(),
            sock=list(listeners),
            handle_signals=True,  # SIGINT and SIGTERM; SIGHUP is added on start-up
            shutdown_timeout=QUIT_SECONDS + TERM_SECONDS + 1,
            print=None,
            access_log=None,
        )
    finally:
        finish_log()
    return EXIT_OK


def visitor_main(server_pid: int) -> int:
    """One visitor's app (run by the server, with the web driver): the app the command line runs,
    ended if the server goes away without ending it."""
    threading.Thread(target=_end_with_server, args=(server_pid,), name="amltui-serve-watch", daemon=True).start()
    from amltui.cli.main import main

    return main(["run"])


def _end_with_server(server_pid: int) -> None:
    while os.getppid() == server_pid:
        time.sleep(WATCH_SECONDS)
    os.kill(os.getpid(), signal.SIGHUP)  # no terminal and no server: a hang-up
    time.sleep(TERM_SECONDS)
    os._exit(1)  # noqa: SLF001 - the app did not end on SIGHUP; nothing is left to tell


def _server_class() -> type[Any]:
    """The textual-serve classes, adapted; defined here so aiohttp is imported only to serve.
    What they rely on in textual-serve is listed in TEXTUAL_SERVE_INTERNALS."""
    import asyncio

    import jinja2
    from aiohttp import WSCloseCode, WSMsgType, web
    from aiohttp.web_runner import GracefulExit
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    log = logging.getLogger("textual-serve")

    class Visitor(AppService):
        """One browser visitor's app process, in a process group of its own so it can be ended."""

        def __init__(self, visit: Visit, label: str = "visitor", **kwargs: Any) -> None:
            super().__init__(" ".join(visit.command()), **kwargs)
            self.visit, self.label = visit, label
            self.process: asyncio.subprocess.Process | None = None
            self.relay: asyncio.Task[None] | None = None
            self.errors = ErrorTail()
            self.dropped: set[str] = set()  # kinds of page message dropped (each logged once)
            self._stopping: asyncio.Future[None] | None = None

        @property
        def pid(self) -> int | None:
            return None if self.process is None else self.process.pid

        def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
            return super()._build_environment(width, height) | self.visit.environment()

        async def start(self, width: int, height: int) -> None:
            await self.open_process(width, height)
            self.relay = asyncio.create_task(self.run())

        async def open_process(self, width: int, height: int) -> None:
            self.process = process = await asyncio.create_subprocess_exec(
                *self.visit.command(),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=self._build_environment(width, height),
                start_new_session=True,
            )
            self._stdin = process.stdin

        def drop(self, what: str) -> None:
            """A page message that is not the protocol: dropped, and said once per kind."""
            if what not in self.dropped:
                self.dropped.add(what)
                log.warning("%s: dropped %s (said once)", self.label, what)

        async def run(self) -> None:
            """The app's output to the page (textual-serve's protocol) until it ends; its error
            output kept (the end of it) and logged when it ends; the page closed if the app ended
            on its own (a crash would otherwise leave a page that answers nothing)."""
            process = self.process
            assert process is not None and process.stdout is not None and process.stderr is not None
            errors = asyncio.create_task(self._keep_errors(process.stderr))
            try:
                if await self._started(process.stdout):
                    await self._relay(process.stdout)
                else:
                    log.warning("%s: the app did not start", self.label)
            except (asyncio.IncompleteReadError, ConnectionResetError):
                pass  # the app ended, or the page went
            except Exception as error:  # output that is not the protocol: this visitor only
                log.warning("%s: the app's output stopped: %s", self.label, printable(str(error))[:200])
            # The rest of the output is read and dropped, so that the app never waits on a full
            # pipe (it could not hear "quit") and asyncio sees the pipe's end and lets it go.
            rest = asyncio.create_task(self._discard(process.stdout))
            try:
                if self._stopping is None:
                    try:
                        await self.remote_close()
                    except Exception:  # the page is gone already
                        pass
                await rest
            finally:
                rest.cancel()
                await asyncio.wait({errors}, timeout=1.0)
                errors.cancel()
            if self.errors.total:
                log.warning("%s: the app wrote %d bytes of errors; the last lines:", self.label, self.errors.total)
                for line in self.errors.lines():
                    log.warning("%s:   %s", self.label, line)

        @staticmethod
        async def _discard(stdout: asyncio.StreamReader) -> None:
            while await stdout.read(65536):
                pass

        async def _keep_errors(self, stderr: asyncio.StreamReader) -> None:
            while data := await stderr.read(4096):
                self.errors.add(data)

        @staticmethod
        async def _started(stdout: asyncio.StreamReader) -> bool:
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

        async def _relay(self, stdout: asyncio.StreamReader) -> None:
            while True:
                header = await stdout.readexactly(5)
                kind, size = header[:1], int.from_bytes(header[1:], "big")
                if size > PACKET_BYTES:
                    raise ValueError(f"a packet of {size} bytes")
                payload = await stdout.readexactly(size)
                if kind == b"D":
                    await self.on_data(payload)
                elif kind == b"M":
                    await self.on_meta(payload)
                elif kind == b"P":
                    await self.on_packed(payload)

        async def stop(self) -> None:
            """End the app: ask it to quit, then SIGTERM, then SIGKILL. Safe to call more than once."""
            if self._stopping is None:
                self._stopping = asyncio.ensure_future(self._end())
            await asyncio.shield(self._stopping)

        async def _end(self) -> None:
            process = self.process
            if process is None:
                return
            if self.relay is not None:
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
            if self._stdin is not None:  # its last pipe: asyncio then lets go of the process
                self._stdin.close()
            if self.relay is not None:  # reads the app's output to its end (never raises here)
                await asyncio.wait({self.relay}, timeout=TERM_SECONDS)
                self.relay.cancel()  # if something else still holds that output open
                self.relay = None

    class AmlServer(Server):  # type: ignore[misc]
        visitor_class = Visitor

        def __init__(self, visit: Visit, url: str, admission: Admission) -> None:
            super().__init__(command="amltui", title="amltui", public_url=url.rstrip("/"))
            self.visit, self.admission = visit, admission
            self.visitors: dict[Visitor, web.WebSocketResponse] = {}
            self.count = 0
            self.refused, self.refusals_logged_at = 0, -REFUSALS_LOG_SECONDS
            self.pages = jinja2.Environment(loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True)

        async def make_app(self) -> web.Application:
            """textual-serve's routes, behind `admit`, and with no listing of /static/ folders."""
            app = web.Application(middlewares=[self.admit])
            app.add_routes(
                [
                    web.get("/", self.handle_index, name="index"),
                    web.get("/ws", self.handle_websocket, name="websocket"),
                    web.get("/download/{key}", self.handle_download, name="download"),
                    web.static("/static", self.statics_path, show_index=False, name="static"),
                ]
            )
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        @web.middleware
        async def admit(self, request: web.Request, handler: Any) -> web.StreamResponse:
            """Refuse (403) every request that is not from this server's own page, before it is handled."""
            local = request.transport.get_extra_info("sockname") if request.transport else None
            why = self.admission.refusal(
                request.headers.getall("Host", []),
                request.headers.getall("Origin", []),
                tuple(local[:2]) if local else None,
                websocket=request.match_info.route.name == "websocket",
            )
            if why is None:
                response: web.StreamResponse = await handler(request)
                if not response.prepared:  # a page or a file (a connection's headers are sent)
                    response.headers.update(PAGE_HEADERS)
                return response
            self.refused += 1
            if time.monotonic() - self.refusals_logged_at >= REFUSALS_LOG_SECONDS:
                log.warning("refused %s (%d refused so far)", why, self.refused)
                self.refusals_logged_at = time.monotonic()
            return web.Response(status=403, text=REFUSED_TEXT)

        def full(self) -> bool:
            return len(self.visitors) >= self.admission.max_visitors

        def room_full(self) -> web.Response:
            log.info("turned a visitor away: all %d places are taken", self.admission.max_visitors)
            page = ROOM_FULL_PAGE.replace("$places", str(self.admission.max_visitors))
            return web.Response(status=503, text=page, content_type="text/html", headers={"Retry-After": "15"})

        async def on_startup(self, app: web.Application) -> None:
            def hang_up() -> None:
                raise GracefulExit()

            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, hang_up)
            places = self.admission.max_visitors
            print(f"amltui serve: {self.public_url}/ (up to {places} visitors at once; Ctrl+C stops)", flush=True)

        async def on_shutdown(self, app: web.Application) -> None:
            """Before the server waits for open pages: end every visitor's app, then close its page."""
            visitors = list(self.visitors.items())
            await asyncio.gather(*(visitor.stop() for visitor, _ in visitors), return_exceptions=True)
            for _, websocket in visitors:
                await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

        async def handle_index(self, request: web.Request) -> web.Response:
            """textual-serve's page with relative addresses (nothing of the request in it, and
            --host 0.0.0.0 works from other machines), the server's own font, and PAGE_SCRIPT."""
            if self.full():
                return self.room_full()
            font_size = query_number(request.query.get("fontsize"))
            context = {
                "font_size": min(max(font_size, FONT_SIZES[0]), FONT_SIZES[1]) if font_size else FONT_SIZE,
                "app_websocket_url": "/ws",
                "config": {"static": {"url": "/static/"}},
                "application": {"name": self.title},
                "ping_url": "",
            }
            page = self.pages.get_template("app_index.html").render(context)
            page = own_font(page, self.statics_path, "/static/")
            head, found, rest = page.partition("</head>")
            page = head + PAGE_SCRIPT + found + rest if found else page + PAGE_SCRIPT
            return web.Response(text=page, content_type="text/html")

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            if self.full():  # the page reloads once and shows room_full's page
                return self.room_full()
            width, height = query_number(request.query.get("width")), query_number(request.query.get("height"))
            size = terminal_size(width, height)
            websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MESSAGE_BYTES)
            self.count += 1
            number = self.count
            visitor = self.visitor_class(
                self.visit,
                label=f"visitor {number}",
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
            )
            self.visitors[visitor] = websocket  # the place is taken before anything is awaited
            try:
                await websocket.prepare(request)
            except BaseException:
                del self.visitors[visitor]
                raise
            try:
                if size is None:
                    visitor.drop("a first terminal size that is not whole numbers of columns and rows")
                await visitor.start(*(size or DEFAULT_SIZE))
                log.info("visitor %d: app started (process %s)", number, visitor.pid)
                await self.receive(websocket, visitor)
            except Exception as error:  # a failed start ends this visitor only
                log.warning("visitor %d: %s", number, printable(str(error))[:200] or type(error).__name__)
            finally:
                await visitor.stop()
                del self.visitors[visitor]
                log.info("visitor %d: app ended", number)
                await websocket.close()
            return websocket

        async def receive(self, websocket: web.WebSocketResponse, visitor: Visitor) -> None:
            """The page's messages to the app (textual-serve's protocol), each checked: one that
            is not well formed is dropped, never the end of the visitor's app."""
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                envelope = page_message(message.data)
                if envelope is None:
                    visitor.drop("a message that is not [kind, data] in JSON")
                    continue
                kind, data = envelope
                if kind == "stdin" and isinstance(data, str):
                    await visitor.send_bytes(data.encode("utf-8", "replace"))
                elif kind == "resize":
                    size = terminal_size(data.get("width"), data.get("height")) if isinstance(data, dict) else None
                    if size is None:
                        visitor.drop("a terminal size that is not whole numbers of columns and rows")
                    else:
                        await visitor.set_terminal_size(*size)
                elif kind == "ping" and isinstance(data, str) and len(data) <= 64:
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await visitor.blur()
                elif kind == "focus":
                    await visitor.focus()
                else:
                    visitor.drop("a message of an unknown kind, or with the wrong data")

    return AmlServer

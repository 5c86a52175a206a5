"""Every use `amltui serve` makes of textual-serve beyond its documented `Server(...).serve()`:
one visitor's app (`Visitor`, an AppService) and the parts of textual-serve's server it keeps
(page files, downloads). textual-serve is imported nowhere else.

TEXTUAL_SERVE_INTERNALS lists what is relied on, and why; tests/serve/test_textual_serve.py fails
if any of it changes in a new textual-serve. Read the new source for that name before changing
anything: the guard that relies on it may no longer hold."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server

from amltui.serve import app_output
from amltui.serve.limits import TERM_SECONDS
from amltui.serve.visit import Visit
from amltui.terminal_text import printable

log = logging.getLogger("textual-serve")

#: What is relied on inside textual-serve 1.1, and why (one private name: _build_environment).
TEXTUAL_SERVE_INTERNALS = {
    "AppService._build_environment": "private, called: textual-serve's settings for the web driver "
    "(driver, colours, frame rate, size); written here they would drift from its page",
    "AppService.stdin": "overridden: send_bytes and send_meta write to it, so it is the pipe of the "
    "process Visitor.start opens (its own process group, no shell)",
    "AppService.start, AppService.stop": "replaced: own process group, bounded ending; nothing "
    "else in AppService opens the process (_open_app_process)",
    "AppService.run": "replaced: the relay of the app's output with the error output bounded "
    "(textual-serve keeps it all and writes it to stdout with a blocking write); the protocol is "
    "the one its run reads (app_output)",
    "AppService.on_data, on_meta, on_packed, send_bytes, send_meta, set_terminal_size, blur, focus":
    "used as they are: the page's side of the protocol and downloads",
    "Server.statics_path, Server.templates_path, Server.download_manager, Server.handle_download":
    "public attributes of its server: the page's files and downloads, served here",
    "templates/app_index.html": "the page; rendered with page.page_variables only, none from the "
    "request (textual-serve writes the Host header into its style block)",
    "static/fonts/RobotoMono-VariableFont_wght.ttf": "the font served instead of Google's",
    "static/js/textual.js": "opens its connection with `new WebSocket(...)` at the page's address and "
    "sends focus when xterm's textarea gets it (page.PAGE_SCRIPT relies on both)",
}


class TextualServeParts:
    """What of textual-serve's Server is served here: its page files and its downloads."""

    def __init__(self, title: str, url: str) -> None:
        server = Server(command=title, title=title, public_url=url.rstrip("/"))
        self.templates, self.statics = Path(server.templates_path), Path(server.statics_path)
        self.downloads: DownloadManager = server.download_manager
        self.handle_download: Callable[[web.Request], Awaitable[web.StreamResponse]] = server.handle_download


class Visitor(AppService):
    """One browser visitor's app process, in a process group of its own so it can be ended;
    `sessions` is the visitor's own sessions folder."""

    def __init__(
        self,
        visit: Visit,
        sessions: Path | None = None,
        *,
        label: str = "visitor",
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[object]],
        download_manager: DownloadManager,
    ) -> None:
        async def close_page() -> None:
            await close()

        super().__init__(
            " ".join(visit.command()),
            write_bytes=write_bytes,
            write_str=write_str,
            close=close_page,
            download_manager=download_manager,
        )
        self.visit, self.sessions, self.label = visit, sessions, label
        self.downloads = download_manager  # textual-serve keeps its own reference private
        self.process: asyncio.subprocess.Process | None = None
        self.relay: asyncio.Task[None] | None = None
        self.errors = app_output.ErrorTail()
        self.dropped: set[str] = set()  # kinds of page message dropped (each logged once)
        self._stopping: asyncio.Future[None] | None = None

    @property
    def stdin(self) -> asyncio.StreamWriter:
        """The app's input, which send_bytes and send_meta write to."""
        assert self.process is not None and self.process.stdin is not None
        return self.process.stdin

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    def environment(self, width: int, height: int) -> dict[str, str]:
        """textual-serve's settings for the web driver (private: see TEXTUAL_SERVE_INTERNALS),
        and the folders of this visit."""
        return self._build_environment(width, height) | self.visit.environment(self.sessions)

    async def start(self, width: int, height: int) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *self.visit.command(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self.environment(width, height),
            start_new_session=True,
        )
        self.relay = asyncio.create_task(self.run())

    def drop(self, what: str) -> None:
        """A page message that is not the protocol: dropped, and said once per kind."""
        if what not in self.dropped:
            self.dropped.add(what)
            log.warning("%s: dropped %s (said once)", self.label, what)

    async def run(self) -> None:
        """The app's output to the page until it ends; its error output kept (the end of it) and
        logged when it ends; the page closed if the app ended on its own (a crash would
        otherwise leave a page that answers nothing)."""
        process = self.process
        assert process is not None and process.stdout is not None and process.stderr is not None
        errors = asyncio.create_task(self.errors.keep_from(process.stderr))
        try:
            if await app_output.started(process.stdout):
                await app_output.relay(process.stdout, self.on_data, self.on_meta, self.on_packed)
            else:
                log.warning("%s: the app did not start", self.label)
        except (asyncio.IncompleteReadError, ConnectionResetError):
            pass  # the app ended, or the page went
        except Exception as error:  # noqa: BLE001 - output that is not the protocol: this visitor only
            log.warning("%s: the app's output stopped: %s", self.label, printable(str(error))[:200])
        rest = asyncio.create_task(app_output.discard(process.stdout))
        try:
            if self._stopping is None:
                with contextlib.suppress(Exception):  # the page is gone already, however it went
                    await self.remote_close()
            await rest
        finally:
            rest.cancel()
            await asyncio.wait({errors}, timeout=1.0)
            errors.cancel()
        self.errors.log(self.label)

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
            await self.downloads.cancel_app_downloads(app_service_id=self.app_service_id)
            await self.send_meta({"type": "quit"})
        await app_output.end(process)
        if process.stdin is not None:  # its last pipe: asyncio then lets go of the process
            process.stdin.close()
        if self.relay is not None:  # reads the app's output to its end (never raises here)
            await asyncio.wait({self.relay}, timeout=TERM_SECONDS)
            self.relay.cancel()  # if something else still holds that output open
            self.relay = None

"""The web server (aiohttp): textual-serve's routes behind `Admission`, each visitor's app in a
sessions folder of their own, and every app ended before the server stops."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable, Sequence

from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.web_runner import GracefulExit

from amltui.serve.admission import REFUSED_TEXT, Admission
from amltui.serve.limits import (
    DEFAULT_SIZE,
    FONT_SIZE,
    FONT_SIZES,
    MESSAGE_BYTES,
    QUIT_SECONDS,
    REFUSALS_LOG_SECONDS,
    TERM_SECONDS,
)
from amltui.serve.page import PAGE_HEADERS, Pages, room_full_page
from amltui.serve.page_messages import page_message, query_number, terminal_size
from amltui.serve.server_log import log_without_blocking
from amltui.serve.textual_serve_adapter import TextualServeParts, Visitor
from amltui.serve.visit import Visit
from amltui.sessions.visitors import new_token, visitor_folder
from amltui.terminal_text import printable

log = logging.getLogger("textual-serve")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def run_server(listeners: Sequence[socket.socket], url: str, visit: Visit, admission: Admission) -> None:
    """Serve on bound sockets until Ctrl+C, SIGTERM or SIGHUP."""
    finish_log = log_without_blocking(sys.stderr.fileno())
    try:
        web.run_app(
            AmlServer(visit, url, admission).make_app(),
            sock=list(listeners),
            handle_signals=True,  # SIGINT and SIGTERM; SIGHUP is added on start-up
            shutdown_timeout=QUIT_SECONDS + TERM_SECONDS + 1,
            print=None,
            access_log=None,
        )
    finally:
        finish_log()


class AmlServer:
    visitor_class = Visitor

    def __init__(self, visit: Visit, url: str, admission: Admission) -> None:
        self.visit, self.url, self.admission = visit, url.rstrip("/"), admission
        self.textual_serve = TextualServeParts("amltui", url)
        self.pages = Pages(self.textual_serve.templates, self.textual_serve.statics, "amltui")
        self.visitors: dict[Visitor, web.WebSocketResponse] = {}
        self.count = 0
        self.refused, self.refusals_logged_at = 0, -REFUSALS_LOG_SECONDS

    async def make_app(self) -> web.Application:
        """textual-serve's routes, behind `admit`, and with no listing of /static/ folders."""
        app = web.Application(middlewares=[self.admit])
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.textual_serve.handle_download, name="download"),
                web.static("/static", self.textual_serve.statics, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def admit(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse (403) every request that is not from this server's own page, before it is handled."""
        local = request.transport.get_extra_info("sockname") if request.transport else None
        why = self.admission.refusal(
            request.headers.getall("Host", []),
            request.headers.getall("Origin", []),
            (str(local[0]), int(local[1])) if local else None,
            websocket=request.match_info.route.name == "websocket",
        )
        if why is None:
            response = await handler(request)
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
        places = self.admission.max_visitors
        log.info("turned a visitor away: all %d places are taken", places)
        return web.Response(
            status=503, text=room_full_page(places), content_type="text/html", headers={"Retry-After": "15"}
        )

    async def on_startup(self, app: web.Application) -> None:
        def hang_up() -> None:
            raise GracefulExit()

        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, hang_up)
        places = self.admission.max_visitors
        print(f"amltui serve: {self.url}/ (up to {places} visitors at once; Ctrl+C stops)", flush=True)  # noqa: T201 - the address, on stdout

    async def on_shutdown(self, app: web.Application) -> None:
        """Before the server waits for open pages: end every visitor's app, then close its page."""
        visitors = list(self.visitors.items())
        await asyncio.gather(*(visitor.stop() for visitor, _ in visitors), return_exceptions=True)
        for _, websocket in visitors:
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopped")

    async def handle_index(self, request: web.Request) -> web.Response:
        if self.full():
            return self.room_full()
        font_size = query_number(request.query.get("fontsize"))
        size = min(max(font_size, FONT_SIZES[0]), FONT_SIZES[1]) if font_size else FONT_SIZE
        return web.Response(text=self.pages.app_page(size), content_type="text/html")

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if self.full():  # the page reloads once and shows room_full's page
            return self.room_full()
        size = terminal_size(query_number(request.query.get("width")), query_number(request.query.get("height")))
        tokens = request.query.getall("visitor", [])  # the page sends one
        folder = visitor_folder(self.visit.sessions, tokens[0]) if len(tokens) == 1 else None
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MESSAGE_BYTES)
        self.count += 1
        number = self.count
        visitor = self.visitor_class(
            self.visit,
            folder or visitor_folder(self.visit.sessions, new_token()),
            label=f"visitor {number}",
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.textual_serve.downloads,
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
            if folder is None:
                visitor.drop("a visitor token that is not one the page makes (sessions for this visit only)")
            await visitor.start(*(size or DEFAULT_SIZE))
            log.info("visitor %d: app started (process %s)", number, visitor.pid)
            await self.receive(websocket, visitor)
        except Exception as error:  # noqa: BLE001 - a failed start ends this visitor only, never the server
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

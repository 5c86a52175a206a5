"""A real `amltui serve` and raw WebSocket visitors: each gets an app process, which ends with them.

No browser here (see test_browser.py); these run everywhere in a few seconds.
"""

from __future__ import annotations

import secrets
import signal
from pathlib import Path

import aiohttp

from amltui.sessions import Session, SessionStore
from amltui.sessions.visitors import visitor_folder
from tests.serve.server import WAIT_SECONDS, ServeProcess, app_environment, wait_until


async def visit(
    session: aiohttp.ClientSession, server: ServeProcess, token: str | None = None
) -> aiohttp.ClientWebSocketResponse:
    """Open the page's connection (as the page does, with its Origin and a visitor's token) and
    wait for the start screen to arrive through it."""
    websocket = await opened(session, server, token)
    await until_start_screen(websocket)
    return websocket


async def opened(
    session: aiohttp.ClientSession, server: ServeProcess, token: str | None = None
) -> aiohttp.ClientWebSocketResponse:
    token = token or secrets.token_hex(16)  # as the page makes one
    return await session.ws_connect(server.url + f"ws?width=100&height=30&visitor={token}", origin=server.origin)


async def until_start_screen(websocket: aiohttp.ClientWebSocketResponse) -> str:
    """What the app sends until the start screen is drawn (fails if the connection ends first)."""
    received = ""
    while "Begin a new walk" not in received:
        message = await websocket.receive(timeout=WAIT_SECONDS)
        assert message.type == aiohttp.WSMsgType.BINARY, f"connection ended before the start screen: {message}"
        received += message.data.decode("utf-8", "replace")
    return received


def unfinished(folder: Path, kb, title: str) -> None:  # type: ignore[no-untyped-def]
    SessionStore(folder).save(Session.new(title, kb.version, kb.digest))


async def test_each_visitor_gets_an_app_of_their_own_sessions_that_ends_when_they_leave(start_server, tmp_path, kb):
    sessions = (tmp_path / "sessions").resolve()
    mine, theirs = secrets.token_hex(16), secrets.token_hex(16)
    unfinished(sessions, kb, "The trainer's walk")  # the command line's folder: no visitor's
    unfinished(visitor_folder(sessions, theirs), kb, "Their walk")
    server = start_server()
    async with aiohttp.ClientSession() as session:
        first = await opened(session, server, mine)
        assert "Resume" not in await until_start_screen(first)  # nobody else's walk is offered
        second = await opened(session, server, theirs)
        assert "Resume" in await until_start_screen(second)  # their own is
        apps = server.wait_for_apps(2)
        assert len(apps) == 2
        folders = {app_environment(app)["AMLTUI_SESSIONS"] for app in apps}
        assert folders == {str(visitor_folder(sessions, mine)), str(visitor_folder(sessions, theirs))}
        for app in apps:  # the command line's knowledge, and its rooms (shared by the room)
            environment = app_environment(app)
            assert environment["AMLTUI_KNOWLEDGE"] and environment["AMLTUI_ROOMS"] == str(sessions / "rooms")
        await first.close()
        wait_until(lambda: len(server.apps()) == 1, 10, "the first visitor's app to end")
        await second.close()
        server.wait_ended(apps)
    assert server.stop() == 0
    assert server.left_behind() == []


async def test_stopping_the_server_ends_every_visitors_app_at_once(start_server):
    server = start_server()
    async with aiohttp.ClientSession() as session:
        websocket = await visit(session, server)
        apps = server.wait_for_apps(1)
        assert server.stop(signal.SIGTERM, seconds=10) == 0
        assert server.left_behind() == []
        message = await websocket.receive(timeout=5)
        while message.type == aiohttp.WSMsgType.BINARY:  # the last of the screen, then the close
            message = await websocket.receive(timeout=5)
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert not any(app.is_running() for app in apps)


async def test_a_killed_server_leaves_no_app_behind(start_server):
    server = start_server()
    async with aiohttp.ClientSession() as session:
        await visit(session, server)
        apps = server.wait_for_apps(1)
        server.stop(signal.SIGKILL)
        server.wait_ended(apps)  # each app notices that its server is gone

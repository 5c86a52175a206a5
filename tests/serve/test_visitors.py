"""A real `amltui serve` and raw WebSocket visitors: each gets an app process, which ends with them.

No browser here (see test_browser.py); these run everywhere in a few seconds.
"""

from __future__ import annotations

import signal

import aiohttp

from tests.serve.server import WAIT_SECONDS, ServeProcess, app_environment, wait_until


async def visit(session: aiohttp.ClientSession, server: ServeProcess) -> aiohttp.ClientWebSocketResponse:
    """Open the page's connection (as the page does, with its Origin) and wait for the start
    screen to arrive through it."""
    websocket = await session.ws_connect(server.url + "ws?width=100&height=30", origin=server.origin)
    await until_start_screen(websocket)
    return websocket


async def until_start_screen(websocket: aiohttp.ClientWebSocketResponse) -> str:
    """What the app sends until the start screen is drawn (fails if the connection ends first)."""
    received = ""
    while "Begin a new walk" not in received:
        message = await websocket.receive(timeout=WAIT_SECONDS)
        assert message.type == aiohttp.WSMsgType.BINARY, f"connection ended before the start screen: {message}"
        received += message.data.decode("utf-8", "replace")
    return received


async def test_each_visitor_gets_an_app_that_ends_when_they_leave(start_server, tmp_path):
    server = start_server()
    async with aiohttp.ClientSession() as session:
        first = await visit(session, server)
        second = await visit(session, server)
        apps = server.wait_for_apps(2)
        assert len(apps) == 2
        for app in apps:  # the served app uses the command line's folders
            environment = app_environment(app)
            assert environment["AMLTUI_SESSIONS"] == str((tmp_path / "sessions").resolve())
            assert environment["AMLTUI_KNOWLEDGE"]
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

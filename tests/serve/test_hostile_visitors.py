"""A real `amltui serve` against hostile requests: other sites' pages, forged Host headers,
absurd terminal sizes and broken messages, more visitors than places, folder listings.

Requests are written byte for byte (`raw`), so that headers a client library would tidy up (two
Host headers, none, odd spellings) reach the server as an attacker would send them.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from tests.serve.server import WAIT_SECONDS, ServeProcess, app_environment
from tests.serve.test_visitors import until_start_screen, visit

UPGRADE = (
    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
)


async def raw(server: ServeProcess, path: str, headers: str) -> tuple[int, str]:
    """Send one request as written; returns its status and what came back (at most 64 KB)."""
    address = urlsplit(server.url)
    reader, writer = await asyncio.wait_for(asyncio.open_connection(address.hostname, address.port), WAIT_SECONDS)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n".encode("latin-1"))
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(65536), WAIT_SECONDS)
    finally:
        writer.close()
    status = answer.split(b" ", 2)[1]
    return int(status), answer.decode("utf-8", "replace")


async def page_status(session: aiohttp.ClientSession, url: str) -> int:
    async with session.get(url) as response:
        return response.status


async def poll(read, wanted: object, what: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until `await read()` gives `wanted`; fail with `what` after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while (await read()) != wanted:
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {WAIT_SECONDS:.0f} s waiting for {what}")
        await asyncio.sleep(0.05)


def hosts(server: ServeProcess) -> list[str]:
    """Host headers (or their absence) that are not this server's address."""
    port = urlsplit(server.url).port
    return [
        "Host: evil.example\r\n",
        f"Host: evil.example:{port}\r\n",  # DNS rebinding: another site's name for this address
        "Host: 127.0.0.1\r\n",
        f"Host: 127.0.0.1:{port + 1}\r\n",
        f"Host: 127.0.0.1:{port}.evil.example\r\n",
        f"Host: 127.0.0.1:{port}\r\nHost: evil.example\r\n",
        "",  # none at all
    ]


def origins(server: ServeProcess) -> list[str]:
    """Origin headers (or their absence) of pages that are not this server's page."""
    port = urlsplit(server.url).port
    return [
        "Origin: http://evil.example\r\n",
        "Origin: null\r\n",
        f"Origin: https://127.0.0.1:{port}\r\n",
        f"Origin: http://127.0.0.1:{port + 1}\r\n",
        f"Origin: http://127.0.0.1:{port}.evil.example\r\n",
        f"Origin: {server.origin}\r\nOrigin: http://evil.example\r\n",
        "",  # none: not a browser's page
    ]


async def test_connections_from_other_sites_and_forged_hosts_are_refused_before_any_app_starts(start_server):
    server = start_server()
    own_host = f"Host: {urlsplit(server.url).netloc}\r\n"
    tried = 0
    for origin in origins(server):
        status, answer = await raw(server, "/ws?width=80&height=24", own_host + origin + UPGRADE)
        assert status == 403, (origin, answer)
        tried += 1
    for host in hosts(server):
        # 400: aiohttp itself refuses two Host headers, before the server sees the request
        status, answer = await raw(server, "/ws?width=80&height=24", host + f"Origin: {server.origin}\r\n" + UPGRADE)
        assert status in (400, 403), (host, answer)
        status, answer = await raw(server, "/", host)  # the page, and its files, too
        assert status in (400, 403), (host, answer)
        status, _ = await raw(server, "/static/js/textual.js", host)
        assert status in (400, 403), host
        tried += 3
    assert server.apps() == [] and tried == 7 + 7 * 3
    assert server.stop() == 0
    assert any("refused" in line for line in server.stderr)


async def test_this_machines_other_names_are_let_in(start_server):
    server = start_server()
    port = urlsplit(server.url).port
    async with aiohttp.ClientSession() as session:
        for name in ("localhost", "[::1]"):  # on a 127.0.0.1 connection, as a browser would write them
            async with session.get(server.url, headers={"Host": f"{name}:{port}"}) as page:
                assert page.status == 200
            websocket = await session.ws_connect(
                server.url + "ws", headers={"Host": f"{name}:{port}"}, origin=f"http://{name}:{port}"
            )
            await websocket.close()
    assert server.stop() == 0


async def test_the_page_reflects_nothing_of_the_request(start_server):
    server = start_server()
    port = urlsplit(server.url).port
    forged = 'evil.example");} body { background: url("http://evil.example/'
    async with aiohttp.ClientSession() as session:
        async with session.get(server.url, headers={"Host": f"localhost:{port}"}) as response:
            page = await response.text()
            framing = response.headers.get("Content-Security-Policy"), response.headers.get("X-Frame-Options")
        async with session.get(server.url, headers={"Host": forged}) as response:
            refused = await response.text()
            assert response.status == 403
    assert "localhost" not in page and "127.0.0.1" not in page and str(port) not in page
    assert framing == ("frame-ancestors 'none'", "DENY")  # no other site may frame it
    assert 'data-session-websocket-url="/ws"' in page and 'url("/static/images/background.png")' in page
    assert "evil" not in refused
    assert server.stop() == 0


async def test_a_folder_of_static_files_is_not_listed_but_its_files_are_served(start_server):
    server = start_server()
    async with aiohttp.ClientSession() as session:
        for folder in ("static/", "static/js/", "static/fonts/", "static", "static/js"):
            async with session.get(server.url + folder) as response:
                body = await response.text()
                assert response.status in (403, 404), folder
                assert "textual.js" not in body and "Roboto" not in body, folder
        async with session.get(server.url + "static/js/textual.js") as response:
            assert response.status == 200 and len(await response.read()) > 100_000
        for escape in ("static/../server.py", "static/%2e%2e/server.py", "static//etc/passwd"):
            async with session.get(server.url + escape) as response:
                assert response.status in (403, 404), escape
    assert server.stop() == 0


async def screen_after(websocket: aiohttp.ClientWebSocketResponse, message: list) -> str:
    """Send a message, then read until the start screen is drawn again."""
    await websocket.send_str(json.dumps(message))
    return await until_start_screen(websocket)


NONSENSE = [
    ["resize", {"width": -1, "height": -1}],  # crashed the app with a 179 KB traceback before
    ["resize", {"width": 0, "height": 24}],
    ["resize", {"width": 80.5, "height": 24}],
    ["resize", {"width": "80", "height": "24"}],
    ["resize", {"width": None, "height": 24}],
    ["resize", {"width": True, "height": True}],
    ["resize", {"height": 24}],
    ["resize", [80, 24]],
    ["resize"],
    ["stdin", 42],
    ["stdin", {"data": "q"}],
    ["ping", {"x": [1] * 1000}],
    ["unknown", "x"],
    [1, 2],
]
BROKEN_TEXT = ["not json", "{}", "[]", "1" * 5000, "[" * 50_000 + "]" * 50_000, '["stdin", "\\ud800"]']


async def test_absurd_sizes_are_clamped_and_nonsense_dropped_with_the_app_alive(start_server):
    server = start_server()
    async with aiohttp.ClientSession() as session:
        websocket = await session.ws_connect(server.url + "ws?width=100000&height=100000", origin=server.origin)
        (app,) = server.wait_for_apps(1)
        environment = app_environment(app)
        assert (environment["COLUMNS"], environment["ROWS"]) == ("500", "200")  # clamped from the start
        for message in NONSENSE:
            await websocket.send_str(json.dumps(message))
        for text in BROKEN_TEXT:
            await websocket.send_str(text)
        await websocket.send_bytes(b"\xff\x00 binary")
        await screen_after(websocket, ["resize", {"width": 100_000, "height": 100_000}])  # clamped
        await screen_after(websocket, ["resize", {"width": 90, "height": 30}])  # still answering
        assert server.apps() == [app] and app.memory_info().rss < 300 << 20  # 1 GB unclamped
        await websocket.send_str(json.dumps(["ping", "12345"]))
        while (answer := await websocket.receive(timeout=WAIT_SECONDS)).type == aiohttp.WSMsgType.BINARY:
            pass
        assert json.loads(answer.data) == ["pong", "12345"]
        await websocket.close()
        server.wait_ended([app])
    assert server.stop() == 0
    dropped = [line for line in server.stderr if "dropped" in line]
    assert dropped and len(dropped) <= 5  # each kind said once, not once per message
    assert not any("Traceback" in line for line in server.stderr), "".join(server.stderr)


@pytest.mark.parametrize(
    "query",
    [
        "width=-5&height=-5&visitor=../../..",
        "width=abc&height=&visitor=%2e%2e%2f%2e%2e%2fetc",
        "",  # no token either
        # the page makes lower case only, and one token (tokens themselves: tests/sessions/test_visitors.py)
        "width=1e9&height=nan&visitor=" + "A" * 32 + "&visitor=" + "a" * 32,
    ],
)
async def test_a_first_request_that_is_nonsense_starts_the_app_at_80_by_24_in_a_space_of_its_own(
    start_server, tmp_path, query
):
    server = start_server()
    visitors = (tmp_path / "sessions" / "visitors").resolve()
    async with aiohttp.ClientSession() as session:
        websocket = await session.ws_connect(server.url + "ws?" + query, origin=server.origin)
        (app,) = server.wait_for_apps(1)
        environment = app_environment(app)
        assert (environment["COLUMNS"], environment["ROWS"]) == ("80", "24")
        own = Path(environment["AMLTUI_SESSIONS"])  # never a path the token names
        assert own.parent == visitors and re.fullmatch(r"[0-9a-f]{24}", own.name), own
        await screen_after(websocket, ["resize", {"width": 80, "height": 24}])
        await websocket.close()
        server.wait_ended([app])
    assert server.stop() == 0


async def test_the_visitor_past_the_limit_is_turned_away_with_a_page_and_a_leaving_one_frees_a_place(start_server):
    server = start_server("--max-visitors", "1")
    async with aiohttp.ClientSession() as session:
        first = await visit(session, server)
        (app,) = server.wait_for_apps(1)
        async with session.get(server.url) as page:
            assert page.status == 503 and page.content_type == "text/html"
            text = await page.text()
            assert "The room is full" in text and "(1 of 1)" in text and "--max-visitors" in text
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(server.url + "ws", origin=server.origin)
        assert refused.value.status == 503
        assert server.apps() == [app]  # no second app, not even for a moment
        await first.close()
        server.wait_ended([app])
        await poll(lambda: page_status(session, server.url), 200, "the place to be free")
        second = await visit(session, server)
        await second.close()
    assert server.stop() == 0
    assert any("turned a visitor away" in line for line in server.stderr)

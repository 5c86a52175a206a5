"""A server whose stderr nobody reads (a full pipe) goes on serving: its log waits in a bounded
queue and is dropped when full, never written from the event loop (before, one visitor's
traceback written to a full pipe froze the whole server)."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess

import aiohttp
import pytest

from tests.serve.server import WAIT_SECONDS, amltui_command
from tests.serve.test_hostile_visitors import page_status, poll
from tests.serve.test_visitors import visit

F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)  # Linux


class Served:
    """Enough of ServeProcess for `visit`: its address and its page's Origin."""

    def __init__(self, url: str) -> None:
        self.url, self.origin = url, url.rstrip("/")


async def test_a_server_whose_stderr_is_full_goes_on_serving(tmp_path):
    stuck, full = os.pipe()
    try:
        fcntl.fcntl(full, F_SETPIPE_SZ, 4096)  # the smallest pipe: a few dozen log lines fill it
    except OSError:
        pytest.skip("this system cannot make a pipe that small")
    command = [*amltui_command(), "serve", "--port", "0", "--sessions", str(tmp_path), "--max-visitors", "1"]
    server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=full, text=True)
    os.close(full)
    try:
        assert server.stdout is not None
        found = re.search(r"http://\S+/", server.stdout.readline())
        assert found, "amltui serve printed no address"
        served = Served(found.group(0))
        timeout = aiohttp.ClientTimeout(total=WAIT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            first = await visit(session, served)
            for _ in range(300):  # a log line each ("turned a visitor away"): far past 4 KB
                assert await page_status(session, served.url) == 503
            await first.close()
            await poll(lambda: page_status(session, served.url), 200, "the place to be free")
            second = await visit(session, served)  # a new app still starts and draws
            await second.close()
        server.terminate()
        assert server.wait(WAIT_SECONDS) == 0  # and it stops, its log unwritten
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        os.close(stuck)

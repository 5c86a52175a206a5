"""What one `amltui serve` visitor costs: the figures behind the default --max-visitors and the
terminal size limits in amltui/serve.py (prints figures; never a pass/fail test).

    python benchmarks/bench_serve.py

Starts a server on 127.0.0.1 (a free port) and, for each of VISITORS visitors opened at once:
the app's resident and unique memory at the start screen, the CPU it took to start, its CPU
while idle, then the memory and the bytes of one full repaint at the largest size allowed.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import psutil

VISITORS, IDLE_SECONDS = 4, 10.0


async def start_screen(websocket: aiohttp.ClientWebSocketResponse) -> int:
    """Read until the start screen is drawn; returns the bytes read."""
    received = b""
    while b"Begin a new walk" not in received:
        message = await websocket.receive(timeout=60)
        if message.type != aiohttp.WSMsgType.BINARY:
            raise SystemExit(f"the connection ended: {message}")
        received += message.data
    return len(received)


async def measure(url: str, server: psutil.Process) -> None:
    from amltui.serve import COLUMNS, ROWS

    origin = url.rstrip("/")
    async with aiohttp.ClientSession() as session:
        began = time.monotonic()
        pages = [await session.ws_connect(url + "ws?width=80&height=24", origin=origin) for _ in range(VISITORS)]
        await asyncio.gather(*(start_screen(page) for page in pages))
        print(f"{VISITORS} visitors opened at once: all at the start screen in {time.monotonic() - began:.1f} s")
        apps = server.children()
        for app in apps:
            memory, cpu = app.memory_full_info(), app.cpu_times()
            print(f"  app {app.pid}: {memory.rss >> 20} MB resident, {memory.uss >> 20} MB its own, "
                  f"{cpu.user + cpu.system:.2f} s CPU to start")
        before = sum(sum(app.cpu_times()[:2]) for app in apps)
        drains = [asyncio.create_task(drain(page)) for page in pages]
        await asyncio.sleep(IDLE_SECONDS)  # a measurement over a period, not a wait for a condition
        idle = (sum(sum(app.cpu_times()[:2]) for app in apps) - before) / IDLE_SECONDS / len(apps)
        print(f"  idle: {100 * idle:.1f} % of a core per app")
        for task in drains:
            task.cancel()
        await asyncio.gather(*drains, return_exceptions=True)
        await pages[0].send_str(json.dumps(["resize", {"width": COLUMNS[1], "height": ROWS[1]}]))
        repaint = await start_screen(pages[0])
        print(f"  at {COLUMNS[1]} x {ROWS[1]}: {apps[0].memory_info().rss >> 20} MB resident, "
              f"{repaint >> 10} KB for the repaint")
        for page in pages:
            await page.close()


async def drain(websocket: aiohttp.ClientWebSocketResponse) -> None:
    async for _ in websocket:
        pass


def main() -> None:
    with tempfile.TemporaryDirectory() as sessions:
        command = [str(Path(sys.executable).with_name("amltui")), "serve", "--port", "0", "--sessions", sessions]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            assert server.stdout is not None
            found = re.search(r"http://\S+/", server.stdout.readline())
            if found is None:
                raise SystemExit("amltui serve printed no address")
            asyncio.run(measure(found.group(0), psutil.Process(server.pid)))
        finally:
            server.terminate()
            server.wait(15)


if __name__ == "__main__":
    main()

"""What `amltui serve` costs a visitor (prints figures beside targets; never a pass/fail test).

    python benchmarks/bench_serve.py [--visitors 10] [--rounds 5] [--details]

- page to start screen: from asking for the page (the page, then textual.js as a first visit
  fetches it, then the connection) to the start screen drawn through the connection, median of
  --rounds visits one after another;
- memory per visitor with --visitors connected at once, each at the start screen, beside a
  terminal amltui at its start screen in a real pseudo-terminal at 80x24 (target: at most 1.3x);
- with --details, the figures behind the default --max-visitors and the size limits in
  amltui/serve/limits.py: CPU to start, idle CPU, and memory and bytes of one repaint at the
  largest size allowed.

benchmarks/run_all.py calls `run(visitors=..., rounds=..., details=...)`, which prints and
returns the figures by name.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the pty driver (tests.tui.terminal); after PYTHONPATH, whose amltui is measured
    sys.path.append(str(ROOT))

from amltui.serve.limits import COLUMNS, ROWS  # noqa: E402
from tests.tui.terminal import Terminal  # noqa: E402

READY = b"Begin a new walk"
#: Per-visitor memory against a terminal amltui's (issue 14).
MEMORY_TARGET = 1.3
IDLE_SECONDS = 10.0


def amltui() -> list[str]:
    """The measured checkout's amltui (run_all.py --code), started as the other benchmarks start it."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import amltui_command

    return amltui_command()


async def start_screen(websocket: aiohttp.ClientWebSocketResponse) -> int:
    """Read until the start screen is drawn; returns the bytes read."""
    received = b""
    while READY not in received:
        message = await websocket.receive(timeout=120)
        if message.type != aiohttp.WSMsgType.BINARY:
            raise SystemExit(f"the connection ended: {message}")
        received += message.data
    return len(received)


async def connect(session: aiohttp.ClientSession, url: str) -> aiohttp.ClientWebSocketResponse:
    """As the page does: its address, its Origin, a visitor's token of its own."""
    address = url + f"ws?width=80&height=24&visitor={secrets.token_hex(16)}"
    return await session.ws_connect(address, origin=url.rstrip("/"))


async def page_to_start_screen(session: aiohttp.ClientSession, url: str, server: psutil.Process) -> float:
    began = time.perf_counter()
    for path in ("", "static/js/textual.js"):
        async with session.get(url + path) as response:
            await response.read()
    websocket = await connect(session, url)
    await start_screen(websocket)
    seconds = time.perf_counter() - began
    await websocket.close()
    while server.children():  # the next visit starts with no app running
        await asyncio.sleep(0.05)
    return seconds


def memory(process: psutil.Process) -> tuple[float, float]:
    """Resident and unique (USS) memory in MB."""
    info = process.memory_full_info()
    return info.rss / 2**20, info.uss / 2**20


def terminal_memory(sessions: str) -> tuple[float, float]:
    """A terminal amltui at its start screen, 80x24, idle for a moment."""
    terminal = Terminal(amltui(), env={"AMLTUI_SESSIONS": sessions})
    try:
        terminal.wait_for(READY.decode(), timeout=120)
        terminal.drain(1.0)
        return memory(psutil.Process(terminal.process.pid))
    finally:
        terminal.close()


async def measure(url: str, server: psutil.Process, visitors: int, rounds: int, details: bool) -> dict[str, float]:
    figures: dict[str, float] = {}
    async with aiohttp.ClientSession() as session:
        times = [await page_to_start_screen(session, url, server) for _ in range(rounds)]
        figures["page_to_start_screen_s"] = statistics.median(times)
        print(f"page to start screen: median {statistics.median(times):.2f} s over {rounds} visits "
              f"(fastest {min(times):.2f} s, slowest {max(times):.2f} s)")

        began = time.perf_counter()
        pages = await asyncio.gather(*(connect(session, url) for _ in range(visitors)))
        await asyncio.gather(*(start_screen(page) for page in pages))
        print(f"{visitors} visitors opened at once: all at the start screen in {time.perf_counter() - began:.1f} s")
        apps = server.children()
        sizes = [memory(app) for app in apps]
        figures["visitor_rss_mb"] = statistics.median(rss for rss, _ in sizes)
        figures["visitor_uss_mb"] = statistics.median(uss for _, uss in sizes)
        if details:
            figures |= await cpu_and_repaint(pages, apps)
        for page in pages:
            await page.close()
    return figures


async def cpu_and_repaint(pages: list[aiohttp.ClientWebSocketResponse], apps: list[psutil.Process]) -> dict[str, float]:
    for app in apps:
        cpu = app.cpu_times()
        print(f"  app {app.pid}: {cpu.user + cpu.system:.2f} s CPU to start")
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
    print(f"  at {COLUMNS[1]} x {ROWS[1]}: {apps[0].memory_info().rss >> 20} MB resident, {repaint >> 10} KB for the repaint")
    return {"idle_cpu_share": idle, "largest_repaint_kb": repaint / 1024}


async def drain(websocket: aiohttp.ClientWebSocketResponse) -> None:
    async for _ in websocket:
        pass


def run(visitors: int = 10, rounds: int = 5, details: bool = False) -> dict[str, float]:
    """Start a server on 127.0.0.1 (a free port), measure, print every figure beside its target,
    and return them by name."""
    with tempfile.TemporaryDirectory() as sessions:
        environment = {**os.environ, "AMLTUI_SESSIONS": sessions}
        command = [*amltui(), "serve", "--port", "0", "--max-visitors", str(visitors + 1)]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=environment)
        try:
            assert server.stdout is not None
            found = re.search(r"http://\S+/", server.stdout.readline())
            if found is None:
                raise SystemExit("amltui serve printed no address")
            figures = asyncio.run(measure(found.group(0), psutil.Process(server.pid), visitors, rounds, details))
        finally:
            server.terminate()
            server.wait(15)
        rss, uss = terminal_memory(sessions)
    figures["terminal_rss_mb"], figures["terminal_uss_mb"] = rss, uss
    figures["visitor_to_terminal_memory"] = figures["visitor_rss_mb"] / rss
    print(f"memory per visitor, {visitors} connected: {figures['visitor_rss_mb']:.0f} MB resident "
          f"({figures['visitor_uss_mb']:.0f} MB its own); a terminal amltui: {rss:.0f} MB ({uss:.0f} MB): "
          f"{figures['visitor_to_terminal_memory']:.2f}x (target at most {MEMORY_TARGET}x)")
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=10, help="visitors connected at once for the memory figure")
    parser.add_argument("--rounds", type=int, default=5, help="visits timed one after another")
    parser.add_argument("--details", action="store_true", help="also CPU to start, idle CPU and the largest repaint")
    arguments = parser.parse_args(argv)
    run(arguments.visitors, arguments.rounds, arguments.details)


if __name__ == "__main__":
    main()

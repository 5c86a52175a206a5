"""How a folder of saved sessions weighs on what lists it, at 0 to 2,000 sessions (prints figures).

    python benchmarks/bench_folder.py [--rounds 2] [--offer]

For each folder size (finished sessions of 10 steps, spread over a year, no unfinished one: the
case where the resume offer must look at every file):
- the start screen in an 80x24 pty, rounds interleaved across the sizes; its target (2,000
  within 1.15x of the empty folder) from 11 more rounds of those two alone, interleaved (single
  starts on these shared machines vary by a third);
- the resume offer, `SessionStore.latest_unfinished()` (target < 100 ms); "cold" is the first
  call with an empty cache folder, the rest are medians; "at start" is what the start screen pays
  before its first frame (`tidy()` then the offer's first call, in a fresh process with the
  garbage collector off, as `amltui` runs then), median of 7 processes;
- `amltui sessions` as a command (target < 1.5 s);
- the sessions browser, headless at 80x24: first rows on screen (target < 300 ms) and all rows
  (target < 1 s) after it is pushed.
The cache folder is a temporary one ($AMLTUI_CACHE), so nothing of the user's is read or written.
--offer prints the resume offer's rows alone (a few seconds).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CODE, amltui_command, compile_bytecode, growth_table, median, timed_ms, write_sessions

SIZES = (0, 10, 100, 1000, 2000)
#: Rounds of the empty folder against 2,000 sessions, for the target's ratio.
ENDS_ROUNDS = 11


def start_screen(folder: Path, env: dict[str, str]) -> float:
    from tests.tui.terminal import Terminal

    terminal = Terminal(amltui_command(), env={**env, "AMLTUI_SESSIONS": str(folder)})
    try:
        return terminal.wait_for("Begin a new walk", timeout=60)
    finally:
        terminal.close()


#: The start screen's work with the folder (amltui.tui.app: tidy, then find_unfinished), timed
#: alone in a fresh process whose collector is off, as `amltui` has it until the first frame.
AT_START = """
import gc, sys, time
gc.disable()
from pathlib import Path
from amltui.sessions import SessionStore
store = SessionStore(Path(sys.argv[1]))
started = time.perf_counter()
store.tidy()
store.latest_unfinished()
print((time.perf_counter() - started) * 1000)
"""


def at_start(folder: Path, env: dict[str, str]) -> float:
    """Milliseconds of tidy() and the offer's first call in a fresh process (from the measured
    checkout: `python -c` puts its working folder first)."""
    done = subprocess.run([sys.executable, "-c", AT_START, str(folder)], cwd=CODE, env={**os.environ, **env},
                          capture_output=True, text=True, check=True)
    return float(done.stdout)


def sessions_command(folder: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([*amltui_command(), "sessions", "--sessions", str(folder)], check=True, env={**os.environ, **env},
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def browser(folder: Path, count: int) -> tuple[float, float]:
    """Seconds from pushing the sessions browser to its first rows painted, and to all of them."""
    from amltui.knowledge import load_knowledge
    from amltui.locations import bundled_knowledge
    from amltui.sessions import SessionStore
    from amltui.tui.app import AmlApp
    from amltui.tui.screens.sessions import SessionsScreen
    from amltui.tui.widgets.session_table import SessionTable

    store = SessionStore(folder)

    async def once() -> tuple[float, float]:
        app = AmlApp(load_knowledge(bundled_knowledge()), store=store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            # As amltui runs (cli.main, then start_up.after_first_frame): what exists at the first
            # frame is frozen out of later collections. Here that also covers the benchmark's own
            # objects (thousands of sessions written in this process), which a real amltui has not.
            gc.collect()
            gc.freeze()
            started = time.perf_counter()
            await app.push_screen(SessionsScreen(store))
            table = app.screen.query_one(SessionTable)
            first = await painted(app, lambda: table.row_count > 0 or count == 0) - started
            every = await painted(app, lambda: table.row_count >= count) - started
        gc.unfreeze()
        return first, every

    return asyncio.run(once())


async def painted(app, condition) -> float:
    """When `condition` holds and the screen has been refreshed after it (polled every 2 ms)."""
    deadline = time.perf_counter() + 60
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the sessions browser did not fill in 60 s")
        await asyncio.sleep(0.002)
    done = asyncio.Event()
    app.screen.call_after_refresh(done.set)
    await done.wait()
    return time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--offer", action="store_true", help="the resume offer's figures alone")
    arguments = parser.parse_args()
    rounds = arguments.rounds
    compile_bytecode()
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        cache = base / "cache"
        env = {"AMLTUI_CACHE": str(cache)}
        os.environ.update(env)
        folders = {}
        for size in SIZES:
            folders[size] = base / f"sessions-{size}"
            write_sessions(folders[size], size)
        from amltui.sessions import SessionStore

        cold, warm, starting = [], [], []
        for size in SIZES:
            store = SessionStore(folders[size])
            cold.append(timed_ms(store.latest_unfinished, 1))
            warm.append(timed_ms(store.latest_unfinished, 5))
            starting.append(median([at_start(folders[size], env) for _ in range(7)]))
        offer = [
            ("resume offer, cold cache", cold, "-"),
            ("resume offer", warm, "< 100"),
            ("tidy + resume offer, at start", starting, "-"),
        ]
        if arguments.offer:
            growth_table("sessions folder (finished sessions of 10 steps, none unfinished)", SIZES, offer)
            return
        commands = []
        for size in SIZES:
            runs = [sessions_command(folders[size], env) for _ in range(rounds)]
            commands.append(median(runs) * 1000)
        screens: dict[int, list[float]] = {size: [] for size in SIZES}
        for size in SIZES:  # a first start fills any cache; not counted
            start_screen(folders[size], env)
        for _ in range(rounds):
            for size in SIZES:
                screens[size].append(start_screen(folders[size], env))
        ends: dict[int, list[float]] = {SIZES[0]: [], SIZES[-1]: []}
        for _ in range(ENDS_ROUNDS):
            for size, times in ends.items():
                times.append(start_screen(folders[size], env))
        first_rows, all_rows = [], []
        for size in SIZES:
            try:
                runs = [browser(folders[size], size) for _ in range(rounds)]
            except TimeoutError as error:  # shown as "-" in the table, with why
                print(f"  browser, {size} sessions: {error}", flush=True)
                runs = [(float("nan"), float("nan"))]
            first_rows.append(median([r[0] for r in runs]) * 1000)
            all_rows.append(median([r[1] for r in runs]) * 1000)
    start = [median(screens[size]) * 1000 for size in SIZES]
    growth_table(
        f"sessions folder (finished sessions of 10 steps, none unfinished; medians of {rounds} rounds)",
        SIZES,
        [
            ("start screen, 80x24 pty", start, "2,000 within 1.15x of 0"),
            *offer,
            ("amltui sessions", commands, "< 1,500"),
            ("browser: first rows on screen", first_rows, "< 300"),
            ("browser: all rows on screen", all_rows, "< 1,000"),
        ],
    )
    empty, full = (median(ends[size]) * 1000 for size in (SIZES[0], SIZES[-1]))
    print(f"  start screen, 2,000 sessions / empty folder: {full / empty:.2f}x ({full:.0f} / {empty:.0f} ms, medians of "
          f"{ENDS_ROUNDS} interleaved rounds; target <= 1.15)")


if __name__ == "__main__":
    main()

"""Engine and session timings, and how they grow with a session's length (prints figures; never a
pass/fail test).

    python benchmarks/bench_sessions.py [--quick]

- one engine step: answer a question and evaluate every option (target: under 1 ms);
- saving a session after an answer, as the recorder does (over the version it last wrote, synced),
  at 10, 100 and 1,000 steps (target: 1,000 within 2x of 10);
- opening a session and replaying it: load, then the answers and drift at every step against
  today's knowledge base (target at 1,000 steps: under 200 ms), and load alone;
- the replay screen, headless at 80x24: from pushing it to its first step on screen (target
  < 150 ms), and from a move to the next step to its paint.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from attrs import evolve
from bench_tui import long_session
from common import growth_table, timed_ms

from amltui import engine
from amltui.sessions import SessionStore
from amltui.sessions.review import drift

STEPS = (10, 100, 1000)


def engine_step(kb) -> float:
    partial = {"disease_status": frozenset({"relapsed"}), "remission_length": frozenset({"over_12_months"})}

    def step() -> None:
        change = engine.answer(kb, partial, "prior_transplant", ["none"])
        engine.evaluate(kb, change.answers)

    return timed_ms(step, 2000)


def saves(session, folder: Path, repeat: int) -> tuple[list[float], list[float]]:
    """Each save adds one step to the session, as an answer does, and goes over the last version.
    Medians of the whole save, and of making the file's text alone as a save makes it (the rest
    is writing and syncing the file)."""
    from amltui.sessions import codec

    store = SessionStore(folder)
    results, texts = [], []
    for steps in STEPS:
        cut = evolve(session, steps=session.steps[:steps])
        on_disk = store.save_over(cut, store.fingerprint(store.path_for(cut)))
        # The recorder's session after each answer: the same step objects, and one more.
        versions = [evolve(session, steps=session.steps[: steps + extra]) for extra in range(1, repeat + 1)]
        samples = []
        for longer in versions:
            started = time.perf_counter()
            on_disk = store.save_over(longer, on_disk)
            samples.append((time.perf_counter() - started) * 1000)
        results.append(statistics.median(samples))
        texts.append(statistics.median([timed_ms(functools.partial(codec.dumps, longer), 1) for longer in versions]))
        store.path_for(cut).unlink()
    return results, texts


def replays(kb, session, folder: Path, repeat: int) -> tuple[list[float], list[float], list[int]]:
    store = SessionStore(folder)
    both, alone, sizes = [], [], []
    for steps in STEPS:
        path = store.save(evolve(session, steps=session.steps[:steps]))
        sizes.append(path.stat().st_size)
        both.append(timed_ms(lambda path=path: drift(store.load(path), kb), repeat))
        alone.append(timed_ms(functools.partial(store.load, path), repeat))
    return both, alone, sizes


def replay_screen(kb, session, folder: Path, runs: int) -> tuple[list[float], list[float]]:
    from amltui.tui.app import AmlApp
    from amltui.tui.screens.replay import ReplayScreen

    store = SessionStore(folder)

    async def once(replayed) -> tuple[float, float]:
        app = AmlApp(kb, store=store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            painted = asyncio.Event()
            started = time.perf_counter()
            await app.push_screen(ReplayScreen(replayed, store))
            app.screen.call_after_refresh(painted.set)
            await painted.wait()
            opened = time.perf_counter() - started
            await pilot.pause()
            painted.clear()
            started = time.perf_counter()
            await app.screen.run_action("move(1)")  # what → does
            app.screen.call_after_refresh(painted.set)
            await painted.wait()
            moved = time.perf_counter() - started
        return opened * 1000, moved * 1000

    opened, moved = [], []
    for steps in STEPS:
        results = [asyncio.run(once(evolve(session, steps=session.steps[:steps]))) for _ in range(runs)]
        opened.append(statistics.median(r[0] for r in results))
        moved.append(statistics.median(r[1] for r in results))
    return opened, moved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    quick = parser.parse_args().quick
    kb, session = long_session(max(STEPS) + 40)
    print(f"engine step (answer + evaluate {len(kb.options)} options): {engine_step(kb):.3f} ms  (target < 1 ms)")
    with tempfile.TemporaryDirectory() as folder:
        saved, texts = saves(session, Path(folder), 10 if quick else 30)
        both, alone, sizes = replays(kb, session, Path(folder), 5 if quick else 11)
        opened, moved = replay_screen(kb, session, Path(folder), 3 if quick else 5)
    growth_table("a session's length (steps)", STEPS, [
        ("save after an answer", saved, "1,000 within 2x of 10"),
        ("  of which the file's text", [t * 1000 for t in texts], "-", "µs"),
        ("open + replay (load, drift)", both, "< 200 at 1,000"),
        ("  of which load alone", alone, "-"),
        ("replay screen: push to first step", opened, "< 150"),
        ("replay screen: next step painted", moved, "-"),
        ("file size", [s / 1024 for s in sizes], "-", "KB"),
    ])
    print(f"  save at 1,000 steps / at 10 steps: {saved[-1] / saved[0]:.2f}x (target <= 2.00)")


if __name__ == "__main__":
    main()

"""A training room with many simulated learners: how quickly each side sees the other, and what
the trainer's polling costs while the room is idle.

    python benchmarks/bench_rooms.py                 # 200 learners (and 20, to compare idle CPU)
    python benchmarks/bench_rooms.py --learners 500 --idle-seconds 20

The trainer runs in a process of its own, polling the room as its screen does (every
POLL_SECONDS); with `--app`, the idle figure is of the trainer's whole Textual screen, headless.
The learners are files written by this process; their side of a reveal is 200 `StateWatch`es
polled one after another (each learner is its own process in life, so this is an upper bound).
Prints figures beside targets; never fails on timing. Targets (from issue 13): a commit on the
trainer's count, and a reveal on every learner's screen, under 1 s; idle CPU a few percent at
most, not growing with the room.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from amltui.engine.room import Commit
from amltui.knowledge import load_knowledge
from amltui.locations import bundled_knowledge
from amltui.sessions.rooms.folder import Seat, read_state, read_step
from amltui.sessions.rooms.trainer import TrainerRoom
from amltui.sessions.rooms.watch import StateWatch
from amltui.tui.screens.room_trainer import POLL_SECONDS

CASE = "01-refractory-flt3"


def trainer(rooms: Path, ready: mp.Queue, orders: mp.Queue, news: mp.Queue) -> None:
    """The trainer's side: open the room, then poll it; report each new commit count, and obey
    "reveal" and "idle N" orders."""
    kb = load_knowledge(bundled_knowledge())
    room = TrainerRoom.open(kb, kb.scenario(CASE), rooms)
    ready.put(str(room.folder))
    committed = 0
    while True:
        order = None if orders.empty() else orders.get()
        if order == "stop":
            return
        if order == "reveal":
            pressed = time.monotonic()
            room.reveal()
            news.put(("revealed", time.monotonic()))
            news.put(("reveal-cost", time.monotonic() - pressed))
        elif order is not None and order.startswith("idle"):
            seconds = float(order.split()[1])
            cpu, wall = time.process_time(), time.monotonic()
            while time.monotonic() - wall < seconds:
                room.poll()
                time.sleep(POLL_SECONDS)
            news.put(("idle", (time.process_time() - cpu) / (time.monotonic() - wall)))
        if room.poll():
            count = len(room.commits())
            if count != committed:
                committed = count
                news.put(("count", (count, time.monotonic())))
        time.sleep(POLL_SECONDS)


def app_idle(folder: str, seconds: float, news: mp.Queue) -> None:
    """The trainer's whole screen, headless, for `seconds` on a room whose learners are idle."""
    import asyncio

    from amltui.sessions.rooms.folder import read_state as read
    from amltui.tui.app import AmlApp
    from amltui.tui.screens.room_trainer import RoomTrainerScreen

    kb = load_knowledge(bundled_knowledge())

    async def run() -> float:
        app = AmlApp(kb)
        async with app.run_test(size=(120, 40)) as pilot:
            state = read(Path(folder))
            room = TrainerRoom(kb, kb.scenario(CASE), Path(folder), state, None)
            await app.push_screen(RoomTrainerScreen(room))
            await pilot.pause()
            cpu, wall = time.process_time(), time.monotonic()
            await asyncio.sleep(seconds)  # the benchmark's measured interval, not a test's wait
            return (time.process_time() - cpu) / (time.monotonic() - wall)

    news.put(("app-idle", asyncio.run(run())))


def expect(news: mp.Queue, kind: str) -> object:
    while True:
        got, value = news.get(timeout=60)
        if got == kind:
            return value


def measure(learners: int, idle_seconds: float, with_app: bool) -> dict[str, float]:
    kb = load_knowledge(bundled_knowledge())
    with tempfile.TemporaryDirectory() as temporary:
        ready, orders, news = mp.Queue(), mp.Queue(), mp.Queue()
        process = mp.Process(target=trainer, args=(Path(temporary) / "rooms", ready, orders, news))
        process.start()
        folder = Path(ready.get(timeout=60))
        state = read_state(folder)
        seats = [Seat.take(folder, state, f"Learner {n:03}", kb.digest) for n in range(learners)]  # each here (a heartbeat)
        watches = [StateWatch(folder, state) for _ in seats]
        step = TrainerRoom(kb, kb.scenario(CASE), folder, state, None).step
        commit = Commit(step.question, step.expected, tuple(sorted(step.changed)))
        # A room splits: the case's answer with every change, the other answer, a wrong guess, a skip.
        question = kb.question(step.question)
        other = next(a.id for a in question.answers if a.id not in step.expected)
        kinds = [
            commit,
            Commit(step.question, (other,), ()),
            Commit(step.question, step.expected, tuple(sorted(step.changed))[:1]),
            Commit(step.question, (other,), None),
        ]
        # Commit -> the trainer's count, one learner at a time (each waits for its count).
        delays = []
        for number, seat in enumerate(seats[:20], 1):
            start = time.monotonic()
            seat.commit(step.number, commit)
            while True:
                count, at = expect(news, "count")  # type: ignore[misc]
                if count == number:
                    delays.append(at - start)
                    break
        for number, seat in enumerate(seats[20:]):
            seat.commit(step.number, kinds[number % len(kinds)])
        time.sleep(2 * POLL_SECONDS)  # let the trainer count the rest before it reveals
        # Reveal -> every learner's state watch (polled in turn, as their screens would).
        orders.put("reveal")
        revealed_at = expect(news, "revealed")
        reveal_cost = expect(news, "reveal-cost")
        seen = [False] * learners
        last = 0.0
        while not all(seen):
            for index, watch in enumerate(watches):
                if not seen[index] and watch.poll() and watch.state.revealed:
                    read_step(folder, watch.state, step, only=f"Learner {index:03}")  # as a learner's screen does
                    seen[index] = True
                    last = time.monotonic()
            time.sleep(POLL_SECONDS / 10)
        reveal_delay = last - revealed_at  # type: ignore[operator]
        orders.put(f"idle {idle_seconds}")
        idle = expect(news, "idle")
        orders.put("stop")
        process.join(timeout=30)
        figures = {
            "commit_median": statistics.median(delays),
            "commit_max": max(delays),
            "reveal_all": reveal_delay,
            "reveal_cost": float(reveal_cost),  # type: ignore[arg-type]
            "idle_cpu": float(idle),  # type: ignore[arg-type]
            "state_kb": (folder / "room.json").stat().st_size / 1024,
            "step_kb": (folder / "step-1.json").stat().st_size / 1024,
        }
        if with_app:
            process = mp.Process(target=app_idle, args=(str(folder), idle_seconds, news))
            process.start()
            figures["app_idle_cpu"] = float(expect(news, "app-idle"))  # type: ignore[arg-type]
            process.join(timeout=30)
        for seat in seats:
            seat.release()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--app", action="store_true", help="also the idle CPU of the trainer's Textual screen")
    args = parser.parse_args()
    print(f"poll interval {POLL_SECONDS * 1000:.0f} ms on both sides; load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    for learners in sorted({20, args.learners}):
        f = measure(learners, args.idle_seconds, args.app)
        print(f"\n{learners} learners (after the reveal: room.json {f['state_kb']:.1f} KB, step-1.json {f['step_kb']:.0f} KB)")
        print(f"  commit -> trainer's count   median {f['commit_median'] * 1000:6.0f} ms, max {f['commit_max'] * 1000:6.0f} ms   target < 1000 ms")
        each = f["reveal_all"] / learners
        cores = os.cpu_count() or 1
        print(f"  trainer's reveal (r)        {f['reveal_cost'] * 1000:6.0f} ms (the commits frozen, the tally, both files written)")
        print(f"  reveal -> every learner     {f['reveal_all'] * 1000:6.0f} ms (all {learners}, polled in turn: {each * 1000:.1f} ms each)   target < 1000 ms")
        shared = (POLL_SECONDS + each * learners / cores) * 1000
        print(f"    as {learners} processes on {cores} cores: about {shared:.0f} ms (a poll, then their reads shared out)")
        print(f"  trainer idle CPU (polling)  {f['idle_cpu'] * 100:6.2f} %   target: a few %, not growing with the room")
        if "app_idle_cpu" in f:
            print(f"  trainer idle CPU (screen)   {f['app_idle_cpu'] * 100:6.2f} %   same target")


if __name__ == "__main__":
    main()

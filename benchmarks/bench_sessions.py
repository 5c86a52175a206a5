"""Engine and session timings (prints figures; never a pass/fail test).

    python benchmarks/bench_sessions.py

- one engine step: answer a question and evaluate every option (targets: under 1 ms);
- saving a session after an answer (atomic write with fsync), at 10 and 1,000 steps;
- opening a session of 1,000 steps and replaying it: load, then the answers and drift at every
  step against today's knowledge base (target: under 200 ms).
"""

from __future__ import annotations

import functools
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from amltui import engine
from amltui.knowledge import load_knowledge
from amltui.locations import bundled_knowledge
from amltui.sessions import Session, SessionStore
from amltui.sessions.review import drift

ANSWERS = [
    ("disease_status", ("relapsed",)),
    ("remission_length", ("over_12_months",)),
    ("prior_transplant", ("allogeneic",)),
    ("post_transplant_finding", ("relapse",)),
    ("original_donor", ("yes",)),
    ("markers", ("flt3", "idh1")),
    ("fitness", ("fit",)),
    ("goals", ("cure",)),
    ("donor", ("sibling",)),
    ("region", ("eu",)),
]


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of one call, in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def long_session(kb, steps: int) -> Session:
    """A session that keeps changing its answers, as a long training run would."""
    session = Session.new("benchmark", kb.version, kb.digest)
    given: dict[str, frozenset[str]] = {}
    for index in range(steps):
        question, answers = ANSWERS[index % len(ANSWERS)]
        if index % len(ANSWERS) == 0 and index:
            answers = ("refractory",) if "relapsed" in given.get("disease_status", ()) else ("relapsed",)
        try:
            change = engine.answer(kb, given, question, answers)
        except engine.AnswerError:
            change = engine.answer(kb, given, "disease_status", ("relapsed",))
            question, answers = "disease_status", ("relapsed",)
        given = dict(change.answers)
        session = session.with_step(question, answers, engine.evaluate(kb, given).shown_ids, change.dropped)
    return session


def main() -> None:
    kb = load_knowledge(bundled_knowledge())
    given = dict(ANSWERS[:7])
    partial = {q: frozenset(a) for q, a in given.items()}

    def step() -> None:
        change = engine.answer(kb, partial, "goals", ["cure"])
        engine.evaluate(kb, change.answers)

    print(f"engine step (answer + evaluate {len(kb.options)} options): {timed(step, 2000):.3f} ms  (target < 1 ms)")
    with tempfile.TemporaryDirectory() as folder:
        store = SessionStore(Path(folder))
        for steps in (10, 1000):
            session = long_session(kb, steps)
            print(f"save after an answer, {steps} steps: {timed(functools.partial(store.save, session), 30):.2f} ms")
        path = store.path_for(session)
        print(f"session file of 1,000 steps: {path.stat().st_size // 1024} KB")

        def replay() -> None:
            loaded = store.load(path)
            drift(loaded, kb)

        print(f"open + replay (answers and drift at every step), 1,000 steps: {timed(replay, 15):.1f} ms  (target < 200 ms)")
        print(f"  of which load alone: {timed(lambda: store.load(path), 15):.1f} ms")


if __name__ == "__main__":
    main()

"""What the benchmark scripts share: medians, the amltui command, growth tables, made-up sessions.

Every script prints figures beside their targets; none fails on timing (timing targets are read
by people, not asserted by tests).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The checkout whose amltui is measured (run_all.py --code): child processes start there, since
#: `python -c` puts its working folder ahead of PYTHONPATH.
CODE = Path(os.environ.get("AMLTUI_BENCH_CODE") or ROOT)
if str(ROOT) not in sys.path:  # tests.tui.terminal (the pty driver) lives in the checkout
    sys.path.append(str(ROOT))


def compile_bytecode() -> None:
    """Bytecode for the measured checkout's amltui, as `pip install .` leaves it (pip compiles
    what it installs). Textual and the standard library come with theirs; an editable checkout
    run with PYTHONDONTWRITEBYTECODE=1 (set on these machines) has none, so every start would
    compile amltui from source and the first screen would be measured against a minimal app
    that pays no such cost. Writes only the checkout's __pycache__ folders (ignored by git)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(CODE / "amltui")], check=False,
                   stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def timed_ms(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of one call, in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def amltui_command() -> list[str]:
    """`python -m amltui`: the same start for any checkout measured (the installed script names
    the entry point of the checkout it was installed from)."""
    return [sys.executable, "-P", "-m", "amltui"]  # -P: not the working folder's amltui


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "OVER"


def growth_table(title: str, sizes: Sequence[int], rows: Sequence[tuple[str, Sequence[float], str] | tuple[str, Sequence[float], str, str]],
                 unit: str = "ms") -> None:
    """One line per figure, one column per size, the target last: linear or flat growth at a glance.
    A row is (label, values, target), in `unit`, or (label, values, target, its own unit)."""
    print(title)
    print(f"  {'':34}" + "".join(f"{size:>9,}" for size in sizes) + "   target")
    for row in rows:
        label, values, target = row[:3]
        cells = "".join(f"{'-':>9}" if math.isnan(value) else f"{value:>9.1f}" for value in values)
        print(f"  {label + ' (' + (row[3] if len(row) > 3 else unit) + ')':34}{cells}   {target}")


def write_sessions(folder: Path, count: int, *, unfinished: int = 0, steps: int = 10) -> None:
    """`count` saved sessions of `steps` answers each, spread over a year (the newest `unfinished`
    of them not finished), written as the program writes them but without syncing each one."""
    from attrs import evolve

    from amltui.sessions import Session
    from amltui.sessions.codec import dumps
    from amltui.sessions.model import Step

    folder.mkdir(parents=True, exist_ok=True)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    questions = ["disease_status", "remission_length", "prior_transplant", "markers", "fitness", "goals",
                 "donor", "region", "post_transplant_finding", "original_donor"]
    for index in range(count):
        moment = start + dt.timedelta(hours=4 * index)
        session = Session.new(f"Learner {index % 50} case {index // 50}", "1", "digest", mode="training")
        session = evolve(session, id=f"s{index:06d}", created=moment, updated=moment,
                         finished=index < count - unfinished, steps=tuple(
                             Step(n + 1, moment, questions[n % len(questions)], ("relapsed",), ("option-a", "option-b"))
                             for n in range(steps)))
        path = folder / f"{session.id}.toml"
        path.write_text(dumps(session), encoding="utf-8")
        os.chmod(path, 0o600)
        os.utime(path, (moment.timestamp(), moment.timestamp()))

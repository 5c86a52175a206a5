"""How long loading and validating a knowledge base takes, and how it grows with its size.

    python benchmarks/bench_knowledge.py            # bundled base, then 100 / 1,000 / 10,000
    python benchmarks/bench_knowledge.py --quick    # skip the 10,000 cases

Prints medians; never fails on timing (targets: bundled < 50 ms, 10,000 items < 2 s). The columns
split the total so growth can be judged: TOML parsing (tomllib), building the models (the rest of
the loader) and validate() alone.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_knowledge

from amltui.knowledge import KnowledgeError, load_knowledge
from amltui.knowledge.fingerprint import FILES
from amltui.knowledge.validate import validate
from amltui.locations import bundled_knowledge

SIZES = (100, 1_000, 10_000)


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()  # garbage left by the previous run should not be charged to this one
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def parse_all(folder: Path) -> None:
    for name in FILES:
        tomllib.loads((folder / name).read_text(encoding="utf-8"))


def measure(folder: Path, runs: int) -> dict[str, float]:
    kb = load_knowledge(folder)  # raises if the base has problems: a benchmark of a broken base is meaningless
    total = median_ms(lambda: load_knowledge(folder), runs)
    parse = median_ms(lambda: parse_all(folder), runs)
    checks = median_ms(lambda: validate(kb), runs)
    items = len(kb.questions) + len(kb.options) + len(kb.notices)
    size = sum((folder / name).stat().st_size for name in FILES)
    return {"items": items, "bytes": size, "total": total, "parse": parse, "build": total - parse - checks,
            "validate": checks}


def report(label: str, figures: dict[str, float]) -> None:
    per_item = figures["total"] / figures["items"] * 1000
    validate_per_item = figures["validate"] / figures["items"] * 1000
    print(f"{label:<24} {figures['items']:>7,} {figures['bytes'] / 1e6:>7.2f} {figures['total']:>9.1f} "
          f"{figures['parse']:>9.1f} {figures['build']:>9.1f} {figures['validate']:>9.1f} "
          f"{per_item:>9.1f} {validate_per_item:>9.1f}")


def measured(label: str, folder: Path, runs: int) -> None:
    """The row for a generated base, or why the loader refuses it (10,000 questions make files
    over its 1 MB limit for one file)."""
    try:
        report(label, measure(folder, runs))
    except KnowledgeError as error:
        print(f"{label:<24} not loaded: {error.problems[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10,000 cases")
    parser.add_argument("--runs", type=int, default=0, help="runs per figure (default: by size)")
    arguments = parser.parse_args()

    print(f"{'knowledge base':<24} {'items':>7} {'MB':>7} {'total ms':>9} {'parse ms':>9} {'build ms':>9} "
          f"{'valid. ms':>9} {'µs/item':>9} {'val µs/it':>9}")
    folder = bundled_knowledge()
    if (folder / "questions.toml").is_file():
        report("bundled", measure(folder, arguments.runs or 21))
    else:
        print("bundled: knowledge/questions.toml not written yet")
    with tempfile.TemporaryDirectory() as temp:
        for size in SIZES[:-1] if arguments.quick else SIZES:
            generated = generate_knowledge(Path(temp) / f"kb-{size}", questions=size, options=size)
            runs = arguments.runs or (15 if size <= 100 else 7 if size <= 1_000 else 3)
            measured(f"{size:,} q + {size:,} o", generated, runs)
        if not arguments.quick:
            # Stress, not realism: each question asked only after the one before (ask_if depth 9,996).
            size = SIZES[-1]
            generated = generate_knowledge(Path(temp) / "kb-chain", questions=size, options=size, chain=True)
            measured(f"{size:,} chain (stress)", generated, arguments.runs or 3)
    print("items = questions + options + notices; total = load_knowledge (parse + build + validate)")


if __name__ == "__main__":
    main()

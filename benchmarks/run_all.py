"""Every figure of the performance targets, each beside its target, in one run (a few minutes on
2 cores). Prints figures; never fails on timing.

    python benchmarks/run_all.py                 # the code of this checkout
    python benchmarks/run_all.py --code DIR      # another checkout's amltui (e.g. main, to compare)
    python benchmarks/run_all.py --quick         # fewer rounds (a rough look, not for quoting)

Each part runs in its own process, with DIR first on PYTHONPATH, so that what is measured is
DIR's amltui through this checkout's scripts:
- bench_start.py    first screen against a minimal Textual app, memory, imports, sshd;
- bench_folder.py   a folder of 0 to 2,000 sessions: start screen, resume offer, `amltui
                    sessions`, the sessions browser;
- bench_sessions.py save, open and replay at 10, 100 and 1,000 steps; the replay screen;
- bench_serve.py    `amltui serve`: page to start screen, memory per visitor.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: (script, arguments, arguments with --quick, seconds allowed); bench_serve.py is called through
#: its run() (visitors, rounds), as its docstring says, in a process of its own like the others.
PARTS = (
    ("bench_start.py", [], ["--rounds", "3"], 240),
    ("bench_folder.py", [], ["--rounds", "1"], 480),
    ("bench_sessions.py", [], ["--quick"], 240),
    ("bench_serve.py", ["run(visitors=10, rounds=5)"], ["run(visitors=10, rounds=3)"], 180),
)


def command(script: str, arguments: list[str]) -> list[str]:
    if arguments and arguments[0].startswith("run("):
        call = f"import sys; sys.path.insert(0, {str(HERE)!r}); import {Path(script).stem} as part; part.{arguments[0]}"
        return [sys.executable, "-c", call]
    return [sys.executable, str(HERE / script), *arguments]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=HERE.parent, help="the checkout whose amltui is measured")
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--only", action="append", default=[], help="run only this part (bench_start, ...)")
    arguments = parser.parse_args()
    code = arguments.code.resolve()
    env = {**os.environ, "AMLTUI_BENCH_CODE": str(code), "PYTHONPATH": os.pathsep.join([str(code), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    revision = subprocess.run(["git", "-C", str(code), "log", "-1", "--format=%h %s"], capture_output=True, text=True, check=False).stdout
    print(f"amltui from {code} ({revision.strip()[:70] or 'not a git checkout'}); {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}")
    # Bytecode for the measured amltui, as an installed one has (see common.compile_bytecode).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "amltui")], check=False, stdout=subprocess.DEVNULL,
                   env={**env, "PYTHONDONTWRITEBYTECODE": ""})
    began = time.perf_counter()
    for script, normal, quick, allowed in PARTS:
        if arguments.only and Path(script).stem not in arguments.only:
            continue
        print(f"\n== {script} ==", flush=True)
        started = time.perf_counter()
        try:
            subprocess.run(command(script, quick if arguments.quick else normal), env=env, timeout=allowed, check=False)
        except subprocess.TimeoutExpired:
            print(f"  (stopped after {allowed} s)")
        print(f"  [{time.perf_counter() - started:.0f} s]", flush=True)
    print(f"\nall parts: {time.perf_counter() - began:.0f} s (target: under 5 minutes on 2 cores)")


if __name__ == "__main__":
    main()

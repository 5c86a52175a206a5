"""How quickly the app is on screen and answers a key, beside a minimal Textual app, in a real pty.

    python benchmarks/bench_tui.py            # 5 runs of each
    python benchmarks/bench_tui.py --runs 10

Measured from starting the process in an 80x24 pseudo-terminal (as over SSH):
- first screen: until the start screen (amltui) or the Static's text (a minimal Textual app with
  Header, Static and Footer) is on screen;
- first question: amltui's start screen, Enter, until the first question is on screen;
- resident memory (VmRSS) once idle on the first screen;
- key to panels: at 120x40, from Enter on an answer until the options panel shows what it changed;
- the share of start-up spent before Textual is imported (the command line importing the engine and
  loading the knowledge base), as CPU time, to tell the layers' costs apart.

Prints medians; never fails on timing (targets: first screen and memory within 1.2x and 1.3x of
the minimal app).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the pty driver (tests.tui.terminal); after PYTHONPATH, whose amltui is measured
    sys.path.append(str(ROOT))

from tests.tui.terminal import Terminal  # noqa: E402

MINIMAL_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Static("minimal app ready")
            yield Footer()

    Minimal().run()
    """
)


def amltui_command() -> list[str]:
    beside = Path(sys.executable).with_name("amltui")
    found = str(beside) if beside.exists() else shutil.which("amltui")
    if not found:
        raise SystemExit("the amltui command is not installed: pip install -e . first")
    return [found]


def first_screen(command: list[str], ready: str, env: dict[str, str]) -> tuple[float, int]:
    terminal = Terminal(command, env=env)
    try:
        seconds = terminal.wait_for(ready)
        terminal.drain(1.0)  # idle
        return seconds, terminal.resident_kib()
    finally:
        terminal.close()


def fresh(env: dict[str, str]) -> dict[str, str]:
    """A new, empty sessions folder: a walk left unfinished by an earlier run would be offered
    first on the start screen (Resume), and Enter would take it."""
    beside = Path(env["AMLTUI_SESSIONS"]).parent  # inside main()'s temporary folder, removed with it
    return {**env, "AMLTUI_SESSIONS": tempfile.mkdtemp(prefix="sessions-", dir=beside)}


def first_question(env: dict[str, str]) -> float:
    terminal = Terminal(amltui_command(), env=fresh(env))
    try:
        terminal.wait_for("Begin a new walk")
        mark = terminal.send("\r")
        terminal.wait_for("Name this walk", since=mark)
        mark = terminal.send("\r")  # the suggested title
        return terminal.wait_for("Did the AML come back", since=mark)
    finally:
        terminal.close()


def key_to_panels(env: dict[str, str]) -> float:
    terminal = Terminal(amltui_command(), size=(120, 40), env=fresh(env))
    try:
        terminal.wait_for("Begin a new walk")
        mark = terminal.send("\r")
        terminal.wait_for("Name this walk", since=mark)
        mark = terminal.send("\r")
        terminal.wait_for("Did the AML come back", since=mark)
        terminal.drain(0.5)
        pressed = terminal.now()
        mark = terminal.send("\r")  # "Relapsed"
        return terminal.wait_for("Options shown (2)", since=mark) - pressed
    finally:
        terminal.close()


def core_cpu_seconds() -> float:
    """CPU time of what the command line does before any Textual import: import it, load the base."""
    code = (
        "import amltui.cli.main; from amltui.knowledge import load_knowledge; "
        "from amltui.locations import bundled_knowledge; load_knowledge(bundled_knowledge())"
    )
    return child_cpu([sys.executable, "-c", code]) - child_cpu([sys.executable, "-c", "pass"])


def child_cpu(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def long_session(steps: int = 1000):
    """A session of `steps` answers as the app records them: every question in turn, then the
    first answer changed (dropping the later ones), again and again. Built step by step with the
    engine, without replaying the whole history at each step."""
    from attrs import evolve

    from amltui import engine
    from amltui.knowledge import load_knowledge
    from amltui.locations import bundled_knowledge
    from amltui.sessions import Session, Step

    kb = load_knowledge(bundled_knowledge())
    session = Session.new("Benchmark: a long session", kb.version, kb.digest)
    answers: dict[str, frozenset[str]] = {}
    recorded: list[Step] = []
    turn = 0
    while len(recorded) < steps:
        question = engine.next_question(kb, answers)
        if question is None:  # complete: change the first answer to another one
            question = kb.questions[0]
            chosen = next(a.id for a in question.answers if a.id not in answers[question.id])
        else:
            chosen = question.answers[turn % len(question.answers)].id
        turn += 1
        previous = tuple(sorted(answers.get(question.id, ())))
        change = engine.answer(kb, answers, question.id, [chosen])
        answers = dict(change.answers)
        shown = engine.shown_ids(kb, answers)
        recorded.append(Step(len(recorded) + 1, session.created, question.id, (chosen,), shown, previous, change.dropped))
    return kb, evolve(session, steps=tuple(recorded))


def bench_replay_screen(runs: int = 5) -> None:
    """The replay screen of sessions of growing length on a headless 80x24 app (measured by
    bench_sessions.replay_screen, which run_all.py prints too): push to first paint, and a move
    to the next step to its paint. Prints medians."""
    from bench_sessions import STEPS, replay_screen

    kb, session = long_session(max(STEPS))
    with tempfile.TemporaryDirectory() as folder:
        opened, moved = replay_screen(kb, session, Path(folder), runs)
    print(f"replay screen, headless 80x24, medians of {runs} (target: push to first paint under 150 ms)")
    print(f"{'':28}" + "".join(f"{f'{n} steps':>12}" for n in STEPS))
    for label, figures in (("push to first paint", opened), ("next step to its paint", moved)):
        print(f"{label:28}" + "".join(f"{value:>9.0f} ms" for value in figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "minimal_app.py"
        script.write_text(MINIMAL_APP, encoding="utf-8")
        env = {"AMLTUI_SESSIONS": str(Path(folder) / "sessions")}
        minimal = [first_screen([sys.executable, str(script)], "minimal app ready", env) for _ in range(runs)]
        amltui = [first_screen(amltui_command(), "Begin a new walk", env) for _ in range(runs)]
        question = [first_question(env) for _ in range(runs)]
        keys = [key_to_panels(env) for _ in range(runs)]
        core = [core_cpu_seconds() for _ in range(runs)]

    def median(values: list[float]) -> float:
        return statistics.median(values)

    minimal_time, amltui_time = median([t for t, _ in minimal]), median([t for t, _ in amltui])
    minimal_rss, amltui_rss = median([m for _, m in minimal]), median([m for _, m in amltui])
    print(f"runs: {runs} of each, medians, 80x24 pty (key to panels at 120x40)")
    print(f"{'':28}{'minimal app':>14}{'amltui':>12}{'ratio':>8}  target")
    print(f"{'time to first screen':28}{minimal_time * 1000:>11.0f} ms{amltui_time * 1000:>9.0f} ms{amltui_time / minimal_time:>8.2f}  <= 1.20")
    print(f"{'resident memory, idle':28}{minimal_rss / 1024:>11.1f} MB{amltui_rss / 1024:>9.1f} MB{amltui_rss / minimal_rss:>8.2f}  <= 1.30")
    print(f"{'time to first question':28}{'':>14}{median(question) * 1000:>9.0f} ms   (start screen, Enter, title prompt, Enter, question)")
    print(f"{'key to updated panels':28}{'':>14}{median(keys) * 1000:>9.0f} ms   (Enter on an answer, 120x40)")
    print(f"{'of which no Textual (CPU)':28}{'':>14}{median(core) * 1000:>9.0f} ms   (import amltui.cli, load and validate the base)")
    print()
    bench_replay_screen(runs)


if __name__ == "__main__":
    main()

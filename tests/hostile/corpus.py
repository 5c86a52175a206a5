"""The hostile corpus: session and knowledge files an attacker or bad luck could leave, and the
checks every reading command must pass on each of them.

Static files live beside this module (`sessions/`, `knowledge/`: snippets appended to one file
of the minimal knowledge base); what cannot be committed (a FIFO, a /dev/zero symlink, symlink
loops, a 50 MB file, a name over the file-system limit) is made at test time by `build`.

`python -m tests.hostile.corpus` runs every case and prints the tried/held counts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from attrs import define, field

HERE = Path(__file__).parent
MINIMAL = HERE.parent / "knowledge" / "fixtures" / "minimal"
SCENARIO = HERE.parent / "knowledge" / "fixtures" / "scenarios" / "01-walk.toml"
BIG = 50 * 1024 * 1024
#: A file name longer than any file system allows (255 bytes on Linux).
LONG_NAME = "n" * 300 + ".toml"
#: Control characters, DEL, C1, and the bidirectional controls: none may reach an output.
UNSEEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

#: Session cases that are refused (listed as unreadable), and those that load (their text shown
#: with visible placeholders). Made-at-test-time cases are added by `build`.
SESSIONS_REFUSED = (
    "huge-integer.toml", "deep-arrays.toml", "deep-inline-tables.toml", "deep-dotted-key.toml",
    "year-1.toml", "year-9999.toml", "year-9999-utc.toml", "invalid-utf8.toml", "eof-syntax-error.toml",
)
SESSIONS_LOADED = ("escape-title.toml", "bidi-title.toml", "escape-ids.toml", "html-title.toml")
#: Knowledge cases: snippet -> (the file it is appended to, the file the message must name).
KNOWLEDGE = {
    "huge-integer.toml": ("glossary.toml", "glossary.toml"),
    "deep-arrays.toml": ("options.toml", "options.toml"),
    "deep-condition.toml": ("notices.toml", "notices.toml"),
    "escape-option.toml": ("options.toml", "options.toml"),
    "bidi-term.toml": ("glossary.toml", "glossary.toml"),
    "c1-notice.toml": ("notices.toml", "notices.toml"),
    "escape-scenario.toml": ("scenarios/02-escape.toml", "scenarios/02-escape.toml"),
    "huge-integer-scenario.toml": ("scenarios/03-big.toml", "scenarios/03-big.toml"),
    "eof-syntax-error.toml": ("sources.toml", "sources.toml"),
    "invalid-utf8.toml": ("glossary.toml", "glossary.toml"),
}


@define
class Case:
    """One hostile input and the commands to run on it."""

    name: str
    commands: list[list[str]]
    names: str  # what every command's message must mention
    loads: bool = False  # a session that loads (its text made visible) rather than refused
    watched: list[Path] = field(factory=list)


def _session_commands(folder: Path, file: str, good: Path) -> list[list[str]]:
    where = ["--sessions", str(folder)]
    commands = [
        ["resume", file, *where],
        ["replay", file, *where],
        ["export", file, *where],
        ["export", file, "--format", "json", *where],
        ["diff", file, str(good), *where],
    ]
    return ([["sessions", *where]] if Path(file).name != LONG_NAME else []) + commands


def _knowledge_commands(knowledge: str, sessions: Path, good: Path) -> list[list[str]]:
    k, s = ["--knowledge", knowledge], ["--sessions", str(sessions)]
    return [
        ["check", *k], ["options", *k], ["options", "--json", *k], ["tree", *k], ["sessions", *k, *s],
        ["run", *k, *s], ["resume", str(good), *k, *s], ["replay", str(good), *k, *s],
        ["export", str(good), *k, *s], ["diff", str(good), str(good), *k, *s],
    ]


def build(root: Path) -> list[Case]:
    """Lay the corpus out under `root`, one folder per case."""
    cases = []
    for name in SESSIONS_REFUSED + SESSIONS_LOADED:
        folder = root / "s" / name.removesuffix(".toml")
        folder.mkdir(parents=True)
        good = folder / "good.toml"
        shutil.copy(HERE / "sessions" / "good.toml", good)
        shutil.copy(HERE / "sessions" / name, folder / name)
        cases.append(Case(f"session {name}", _session_commands(folder, str(folder / name), good), name,
                          loads=name in SESSIONS_LOADED))

    def made(name: str, make) -> None:
        folder = root / "s" / name.removesuffix(".toml")[:40]
        folder.mkdir(parents=True)
        good = folder / "good.toml"
        shutil.copy(HERE / "sessions" / "good.toml", good)
        make(folder / name)
        cases.append(Case(f"session {name}", _session_commands(folder, str(folder / name), good), name))

    made("fifo.toml", os.mkfifo)
    made("dev-zero.toml", lambda path: path.symlink_to("/dev/zero"))
    made("loop.toml", lambda path: path.symlink_to(path.name))
    made("folder.toml", lambda path: path.mkdir())
    made("big.toml", lambda path: _big(path, b'format = 1\nid = "big"\n# '))
    made(LONG_NAME, lambda path: None)

    sessions = root / "k-sessions"
    sessions.mkdir()
    good = sessions / "good.toml"
    shutil.copy(HERE / "sessions" / "good.toml", good)
    for snippet, (target, named) in KNOWLEDGE.items():
        folder = _knowledge(root, snippet)
        with (folder / target).open("ab") as stream:
            stream.write(b"\n" + (HERE / "knowledge" / snippet).read_bytes())
        cases.append(Case(f"knowledge {snippet}", _knowledge_commands(str(folder), sessions, good), named))

    def made_knowledge(name: str, named: str, make) -> None:
        folder = _knowledge(root, name)
        make(folder)
        cases.append(Case(f"knowledge {name}", _knowledge_commands(str(folder), sessions, good), named))

    made_knowledge("fifo", "scenarios/x.toml", lambda f: os.mkfifo(f / "scenarios" / "x.toml"))
    made_knowledge("dev-zero", "scenarios/zero.toml", lambda f: (f / "scenarios" / "zero.toml").symlink_to("/dev/zero"))
    made_knowledge("loop", "scenarios/loop.toml", lambda f: (f / "scenarios" / "loop.toml").symlink_to("loop.toml"))
    made_knowledge("scenarios-loop", "scenarios", lambda f: (shutil.rmtree(f / "scenarios"), (f / "scenarios").symlink_to("scenarios")))
    made_knowledge("big", "notices.toml", lambda f: _big(f / "notices.toml", b"# "))
    too_long = root / "k" / LONG_NAME
    cases.append(Case("knowledge folder name over the limit", _knowledge_commands(str(too_long), sessions, good), "n" * 300))
    for case in cases:
        case.watched = sorted(p for p in root.rglob("*") if not p.is_dir() or p.is_symlink())
    return cases


def _knowledge(root: Path, name: str) -> Path:
    folder = root / "k" / name.removesuffix(".toml")
    shutil.copytree(MINIMAL, folder)
    (folder / "scenarios").mkdir()
    shutil.copy(SCENARIO, folder / "scenarios" / "01-walk.toml")
    return folder


def _big(path: Path, start: bytes) -> None:
    """A 50 MB file (sparse: its size is what matters, and it is quick to make)."""
    with path.open("ab") as stream:
        stream.write(start)
        stream.truncate(len(start) + BIG)


@contextlib.contextmanager
def deadline(seconds: int, what: str) -> Iterator[None]:
    """Fail, rather than wait for ever, if the block has not finished in `seconds` (SIGALRM: the
    block runs in the main thread, and an open() of a FIFO is interrupted too)."""

    def expired(signum, frame):
        raise TimeoutError(f"{what}: still running after {seconds} s (a hang)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def fingerprint(paths: list[Path]) -> dict[str, str]:
    """What each file is: the hash of a regular file, the target of a link, the kind of the rest."""
    found = {}
    for path in paths:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            found[str(path)] = "link to " + os.readlink(path)
        elif stat.S_ISREG(info.st_mode):
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest() + f" {info.st_mtime_ns}"
        else:
            found[str(path)] = f"mode {stat.S_IFMT(info.st_mode):o}"
    return found


def drive(commands: list[list[str]], cwd: Path) -> list[dict[str, object]]:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tests.hostile.drive", json.dumps(commands)],
            capture_output=True, text=True, timeout=60 + 2 * len(commands), stdin=subprocess.DEVNULL, check=False,
            cwd=HERE.parent.parent, env={**os.environ, "TZ": "Asia/Tokyo", "AMLTUI_SESSIONS": str(cwd)},
        )
    except subprocess.TimeoutExpired:
        return [{"argv": argv, "code": None, "hang": True, "traceback": "", "out": "", "err": ""} for argv in commands]
    if done.returncode != 0 or done.stderr:
        return [{"argv": argv, "code": None, "hang": False, "traceback": done.stderr or "driver failed",
                 "out": "", "err": ""} for argv in commands]
    return json.loads(done.stdout)


def failures(case: Case, result: dict[str, object]) -> list[str]:
    """What did not hold for one command on one case (empty: it held)."""
    argv = " ".join(a if len(a) < 60 else a[:20] + "…" for a in result["argv"])  # type: ignore[union-attr]
    text = str(result["out"]) + str(result["err"])
    found = []
    if result["hang"]:
        found.append("hung")
    if result["traceback"] or "Traceback" in text:
        found.append("traceback: " + str(result["traceback"]).strip().splitlines()[-1:][0] if result["traceback"] else "traceback")
    if UNSEEN.search(text):
        found.append(f"raw control character {UNSEEN.search(text)[0]!r} in the output")
    if not found and case.loads:
        # diff exits 1 when the sessions differ (as diff does): fine for a file that loads, as long
        # as nothing was refused (a refusal is said on stderr).
        differ = result["argv"][0] == "diff" and result["code"] == 1 and not result["err"]  # type: ignore[index]
        if result["code"] != 0 and not differ:
            found.append(f"exit {result['code']} for a file that should load: {text.strip()[-200:]}")
        markdown = result["argv"][0] == "export" and "--format" not in result["argv"]  # type: ignore[index,operator]
        if markdown and ("<script>" in text or "<img" in text):
            found.append("HTML from the file in the report")
    elif not found:
        if case.names not in text:
            found.append(f"the message does not name {case.names[:40]!r}: {text.strip()[-200:]!r}")
        if result["argv"][0] != "sessions" and result["code"] == 0:  # type: ignore[index]
            found.append("exit 0 on a refused file")
    return [f"{case.name}: `{argv}`: {problem}" for problem in found]


def run_all(cases: list[Case], root: Path) -> list[str]:
    """Every command of every case in one driver process (each command under its own alarm):
    what did not hold, including any corpus file that changed."""
    watched = sorted({path for case in cases for path in case.watched})
    before = fingerprint(watched)
    results = drive([argv for case in cases for argv in case.commands], root)
    problems, start = [], 0
    for case in cases:
        for result in results[start : start + len(case.commands)]:
            problems += failures(case, result)
        start += len(case.commands)
    after = fingerprint(watched)
    problems += [f"{path}: changed ({before[path]} -> {after.get(path)})" for path in before if after.get(path) != before[path]]
    return problems


def run_case(case: Case, root: Path) -> tuple[int, list[str]]:
    """(commands tried, what did not hold), including any corpus file that changed."""
    before = fingerprint(case.watched)
    problems = [p for result in drive(case.commands, root) for p in failures(case, result)]
    if fingerprint(case.watched) != before:
        problems.append(f"{case.name}: a corpus file changed")
    return len(case.commands), problems


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        tried, broken = 0, []
        for case in build(root):
            count, problems = run_case(case, root)
            tried += count
            broken += problems
            print(f"{case.name}: {count - len({p.split(': `')[1].split('`')[0] for p in problems})}/{count} held", flush=True)
        failed = len({p.rsplit("`: ", 1)[0] for p in broken})
        print("\n".join(broken))
        print(f"tried {tried}, held {tried - failed}")


if __name__ == "__main__":
    main()

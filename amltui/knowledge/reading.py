"""Reading knowledge files through the guarded path: bytes, TOML, and the control characters
that must not be in them; the scenario files of a knowledge folder."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import Any

from amltui import files
from amltui.knowledge import scenarios
from amltui.knowledge.fingerprint import MAX_FILE_BYTES
from amltui.problems import KnowledgeError, Problem
from amltui.terminal_text import UNSEEN, placeholder

#: A character as written in a TOML file: raw, or as one of the escapes that give a control.
_WRITTEN_UNSEEN = re.compile(UNSEEN.pattern + r"|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}|\\[bfr]")


def _fail(name: str) -> files.Fail:
    """How the guarded read path reports a problem with one knowledge file."""
    return lambda message, line, column: KnowledgeError([Problem(name, message, line=line, column=column)])


def read_bytes(path: Path, problems: list[Problem], name: str = "") -> bytes | None:
    """One file's bytes, or None with a problem (missing, not a regular file, unreadable, too
    large). `name` is how problems name the file (default: the file's name)."""
    name = name or path.name
    try:
        return files.read_bytes(path, MAX_FILE_BYTES, _fail(name))
    except KnowledgeError as error:
        problem = error.problems[0]
        if problem.message == "no such file":
            problem = dataclasses.replace(problem, message=f"missing file (expected in {path.parent})")
        problems.append(problem)
    return None


def parse_toml(name: str, data: bytes, problems: list[Problem]) -> dict[str, Any] | None:
    """A file's bytes as TOML, or None with a problem (not UTF-8, bad syntax, too deep, a number
    too long: with the line and column where there is one). Text holding control or
    bidirectional characters is a problem too: it would drive the terminal of whoever reads it."""
    try:
        text = files.decode(data, _fail(name))
        table = files.parse_toml(text, _fail(name))
    except KnowledgeError as error:
        problems.extend(error.problems)
        return None
    problems.extend(unseen_problems(name, text, table))
    return table


def unseen_problems(name: str, text: str, table: dict[str, Any]) -> list[Problem]:
    """A problem for every control or bidirectional character in the file's keys and texts,
    with its line and column in the file (written raw, or as a TOML escape such as \\u001b)."""
    if not _WRITTEN_UNSEEN.search(text):  # the common case, and the quick one: none written at all
        return []
    found: list[str] = []
    pending: list[Any] = [table]
    while pending:  # the depth is bounded by files.parse_toml, but a loop needs no bound at all
        value = pending.pop()
        if isinstance(value, dict):
            found += [char for key in value for char in UNSEEN.findall(key)]
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            found += UNSEEN.findall(value)
    if not found:
        return []
    problems = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        for written in _WRITTEN_UNSEEN.finditer(line):
            char = _written_char(written[0])
            if char is not None and UNSEEN.fullmatch(char):
                problems.append(Problem(
                    name, f"control character {placeholder(char)} in the text: it would drive the terminal",
                    line=line_number, column=written.start() + 1,
                    hint="remove it: a TOML text needs none, and a new line is a line break in the text",
                ))
    if not problems:  # written some other way: say so without a place
        problems = [Problem(name, f"control character {placeholder(char)} in the text: it would drive the terminal")
                    for char in dict.fromkeys(found)]
    return problems


def _written_char(written: str) -> str | None:
    """The character a raw character or a TOML escape stands for."""
    if len(written) == 1:
        return written
    if written[1] in "uU":
        code = int(written.removeprefix(written[:2]), 16)
        return chr(code) if code <= 0x10FFFF else None
    return {"b": "\b", "f": "\f", "r": "\r"}.get(written[1])


def read_scenarios(folder: Path, problems: list[Problem]) -> dict[str, bytes]:
    """The bytes of `scenarios/*.toml` in file-name order, by the name problems give them
    ("scenarios/01-x.toml"). No folder means no scenarios; a file that cannot be read is a problem."""
    path = folder / scenarios.FOLDER
    if not os.path.lexists(path):
        return {}
    problem = files.folder_problem(path)
    if problem:
        problems.append(Problem(scenarios.FOLDER, f"cannot read the scenarios folder: {problem}"))
        return {}
    try:
        paths = sorted(
            (p for p in path.iterdir() if p.suffix == ".toml" and not p.name.startswith(".")),
            key=lambda p: p.name,
        )
    except OSError as error:
        problems.append(Problem(scenarios.FOLDER, f"cannot read the scenarios folder: {files.problem_opening(error)}"))
        return {}
    found = {}
    for file in paths:
        name = f"{scenarios.FOLDER}/{file.name}"
        data = read_bytes(file, problems, name)
        if data is not None:
            found[name] = data
    return found

"""Lines of the items in since_sources.toml, so that `amltui check` can say where each problem is
(tomllib reports no positions). Found by reading the lines, and only trusted when the tables found
match the tables tomllib parsed; otherwise no lines at all, never wrong ones."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from typing import Any

from amltui.knowledge.fingerprint import LAYER_FILE
from amltui.problems import Problem

KINDS = ("source", "option", "approval", "note", "notice")
_HEADER = re.compile(r"^\s*\[\[\s*([a-z_.]+)\s*\]\]\s*(#.*)?$")
_TABLE = re.compile(r"^\s*\[\s*([a-z_]+)\s*\]\s*(#.*)?$")
_ID = re.compile(r"""^\s*id\s*=\s*["']([^"']*)["']""")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def item_lines(text: str, raw: Mapping[str, Any]) -> dict[str, int]:
    """`source 'fda-x'`, `approval #2`, `layer` (and `layer.checked_up_to` for a key of [layer])
    to the line of its header (or key)."""
    lines: dict[str, int] = {}
    counts = dict.fromkeys(KINDS, 0)
    kind: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        table = _TABLE.match(line) if header is None else None
        if header:
            name = header[1]
            if name in counts:
                counts[name] += 1
                kind = name
                lines[f"{name} #{counts[name]}"] = number
            elif not name.startswith(f"{kind}."):
                kind = None  # some other table: its ids are not an item's
            continue
        if table:
            kind = "layer" if table[1] == "layer" else None
            if kind:
                lines["layer"] = number
            continue
        if kind == "layer":
            key = _KEY.match(line)
            if key:
                lines.setdefault(f"layer.{key[1]}", number)
        elif kind in counts:
            found = _ID.match(line)
            if found and f"{kind} #{counts[kind]}" in lines:
                lines.setdefault(f"{kind} {found[1]!r}", lines[f"{kind} #{counts[kind]}"])
    parsed = {k: len(raw.get(k, [])) if isinstance(raw.get(k), list) else 0 for k in KINDS}
    return lines if parsed == counts else {}


def with_lines(problems: Iterable[Problem], text: str, raw: Mapping[str, Any]) -> list[Problem]:
    """The problems, those of the layer file given the line of their item where it is known."""
    lines = item_lines(text, raw)
    placed = []
    for problem in problems:
        line = None
        if problem.file == LAYER_FILE and problem.line is None:
            line = lines.get(f"{problem.item}.{problem.key}") or lines.get(problem.item)
        placed.append(dataclasses.replace(problem, line=line) if line is not None else problem)
    return placed

"""Reading `knowledge/*.toml` into the models, collecting every problem instead of stopping.

`load_knowledge(folder)` returns a valid `KnowledgeBase` or raises `KnowledgeError` with the full
list of problems: wrong types, missing text, unknown keys here; cross-references, reachability and
citations in `validate.py`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

from amltui import files
from amltui.knowledge import layer_lines, scenarios
from amltui.knowledge.build import build
from amltui.knowledge.fingerprint import FILES, LAYER_FILE
from amltui.knowledge.models import KnowledgeBase
from amltui.knowledge.reading import (
    parse_toml,
    read_bytes,
    read_scenarios,
)
from amltui.knowledge.validate import validate
from amltui.problems import KnowledgeError, Problem


def load_knowledge(folder: Path) -> KnowledgeBase:
    """Load and validate the knowledge base in `folder`; raise KnowledgeError with every problem."""
    problems: list[Problem] = []
    problem = files.folder_problem(folder)
    if problem:
        found = "knowledge folder not found" if problem == "no such file" else f"cannot use the knowledge folder: {problem}"
        raise KnowledgeError([Problem(str(folder), found)])
    contents = {name: read_bytes(folder / name, problems) for name in FILES}
    if (folder / LAYER_FILE).exists():  # optional: absent means no layer
        contents[LAYER_FILE] = read_bytes(folder / LAYER_FILE, problems)
    raw = {name: parse_toml(name, data, problems) for name, data in contents.items() if data is not None}
    scenario_bytes = read_scenarios(folder, problems)
    scenario_raw = {name: parse_toml(name, data, problems) for name, data in scenario_bytes.items()}
    if any(raw.get(name) is None for name in FILES):
        raise KnowledgeError(problems)  # the main files are needed to build anything at all
    # The digest is of the very bytes parsed, so it always describes what was loaded.
    hasher = hashlib.sha256()
    for name, data in (contents | scenario_bytes).items():
        hasher.update(name.encode())
        hasher.update(data or b"")
    scenario_tables = {name: table for name, table in scenario_raw.items() if table is not None}
    tables = {name: table for name, table in raw.items() if table is not None}  # a layer that did not parse: none
    kb = build(tables, scenario_tables, hasher.hexdigest(), problems)
    problems.extend(validate(kb))
    if problems:
        layer_data, layer_table = contents.get(LAYER_FILE), tables.get(LAYER_FILE)
        if layer_data is not None and layer_table is not None:
            problems = layer_lines.with_lines(problems, layer_data.decode("utf-8"), layer_table)
        raise KnowledgeError(_with_scenario_lines(problems, scenario_bytes, scenario_tables))
    return kb


def _with_scenario_lines(
    problems: list[Problem], data: dict[str, bytes], tables: dict[str, dict[str, Any]]
) -> list[Problem]:
    """Scenario problems with the line of their key added (tomllib reports no positions), after
    the other problems and sorted by file and line, so that each case's problems read in order."""
    lines = {
        name: scenarios.key_lines(data[name].decode("utf-8"), table) for name, table in tables.items()
    }
    others, placed = [], []
    for problem in problems:
        if not problem.file.startswith(f"{scenarios.FOLDER}/"):
            others.append(problem)
            continue
        found = lines.get(problem.file)
        line = found.find(problem.key) if found is not None and problem.line is None else None
        placed.append(dataclasses.replace(problem, line=line) if line is not None else problem)
    return others + sorted(placed, key=lambda p: (p.file, p.line or 0))

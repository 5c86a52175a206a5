"""One training scenario per file under `scenarios/`: its story, its steps and the trainer's notes."""

from __future__ import annotations

import re
from typing import Any

from amltui.knowledge import scenarios
from amltui.knowledge.models import Scenario, ScenarioStep
from amltui.knowledge.reader import Reader
from amltui.problems import Problem

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def scenario(name: str, t: dict[str, Any], problems: list[Problem]) -> Scenario:
    """The scenario in file `name`; its id is the file's name, so the file name is checked as an id."""
    reader = Reader(name, problems)
    scenario_id = name.removeprefix(f"{scenarios.FOLDER}/").removesuffix(".toml")
    item = f"scenario {scenario_id!r}"
    if not _ID.match(scenario_id):
        reader.problem(item, "", f"file name {scenario_id!r} must be lower-case letters, digits, '-' or '_' "
                       "(it is the scenario's id)")
    reader.keys(t, item, ("title", "story", "facilitator", "step"))
    facilitator = _facilitator_notes(reader, t, item)
    steps = [_step(reader, s, item, f"step[{index}].") for index, s in enumerate(reader.tables(t, "step", item, required=True))]
    return Scenario(
        id=scenario_id,
        title=reader.text(t, "title", item),
        story=reader.text(t, "story", item),
        steps=tuple(steps),
        facilitator=tuple(text.strip() for text in facilitator if text.strip()),
    )


def _facilitator_notes(reader: Reader, t: dict[str, Any], item: str) -> tuple[str, ...]:
    """The notes for the trainer, as written: at least one is required, and none may be blank
    (the caller drops blank ones after they are reported)."""
    facilitator = reader.names(t, "facilitator", item)
    if "facilitator" not in t:
        reader.problem(item, "facilitator", "missing: a scenario needs notes for the trainer")
    elif isinstance(t["facilitator"], list) and not t["facilitator"]:  # as good as missing
        reader.problem(item, "facilitator", "no notes: a scenario needs at least one note for the trainer")
    for index, text in enumerate(facilitator):
        if not text.strip():
            reader.problem(item, f"facilitator[{index}]", "empty text")
    return facilitator


def _step(reader: Reader, s: dict[str, Any], item: str, prefix: str) -> ScenarioStep:
    """One `[[step]]`: its problems are reported under the scenario with the key prefixed `step[i].`."""
    reader.keys(s, item, ("question", "expected", "teaching", "must_show", "must_not_show"), prefix)
    teaching = reader.tables(s, "teaching", item, prefix=prefix)
    return ScenarioStep(
        question=reader.text(s, "question", item, prefix=prefix),
        expected=reader.names(s, "expected", item, prefix=prefix),
        teaching=tuple(reader.note(n, item, f"{prefix}teaching[{i}].") for i, n in enumerate(teaching)),
        must_show=reader.names(s, "must_show", item, prefix=prefix),
        must_not_show=reader.names(s, "must_not_show", item, prefix=prefix),
    )

"""Typed access to the tables of one knowledge file, recording a problem for anything malformed
instead of stopping."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from amltui.knowledge.conditions import AllOf, AnyOf, Condition, Is, Not
from amltui.knowledge.models import (
    Citation,
    Note,
)
from amltui.problems import Problem, did_you_mean

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

T = TypeVar("T")


class Reader:
    """Typed access to one file's tables, recording a problem for anything malformed."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def problem(self, item: str, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, message, item=item, key=key, hint=hint))

    def keys(self, table: dict[str, Any], item: str, allowed: tuple[str, ...], prefix: str = "") -> None:
        for key in table:
            if key not in allowed:
                self.problem(item, prefix + key, f"unknown key {key!r}", did_you_mean(key, allowed))

    def text(self, table: dict[str, Any], key: str, item: str, *, required: bool = True, prefix: str = "") -> str:
        """`prefix` locates a sub-table in the reported key, e.g. "note[1]."."""
        value = table.get(key)
        if value is None:
            if required:
                self.problem(item, prefix + key, "missing text")
            return ""
        if not isinstance(value, str):
            self.problem(item, prefix + key, f"expected text, found {kind_of(value)}")
            return ""
        if required and not value.strip():
            self.problem(item, prefix + key, "empty text")
        return value.strip()

    def identifier(self, table: dict[str, Any], item: str) -> str:
        value = self.text(table, "id", item)
        if value and not _ID.match(value):
            self.problem(item, "id", f"id {value!r} must be lower-case letters, digits, '-' or '_'")
        return value

    def flag(self, table: dict[str, Any], key: str, item: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.problem(item, key, f"expected true or false, found {kind_of(value)}")
            return False
        return value

    def names(self, table: dict[str, Any], key: str, item: str, *, prefix: str = "") -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(item, prefix + key, f"expected a list of texts, found {kind_of(value)}")
            return ()
        return tuple(value)

    def tables(
        self, table: dict[str, Any], key: str, item: str, *, required: bool = False, prefix: str = ""
    ) -> list[dict[str, Any]]:
        """`prefix` is the parent table's key path, e.g. "step[2]." for `[[step.teaching]]`."""
        header = prefix.rstrip(".").split("[")[0] + "." + key if prefix else key
        value = table.get(key)
        if value is None:
            if required:
                self.problem(item, prefix + key, f"missing [[{header}]] entries")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(item, prefix + key, f"expected [[{header}]] tables, found {kind_of(value)}")
            return []
        return value

    def each(self, tables: list[dict[str, Any]], label: str, build: Callable[[dict[str, Any], str], T]) -> list[T]:
        """Build one model per table; the item name is `label 'id'` (or its position)."""
        built = []
        for index, table in enumerate(tables, start=1):
            raw_id = table.get("id")
            item = f"{label} {raw_id!r}" if isinstance(raw_id, str) and raw_id else f"{label} #{index}"
            built.append(build(table, item))
        return built

    def citation(self, table: dict[str, Any], item: str, prefix: str) -> Citation:
        """A source id and the place in that source; both are required for every factual text."""
        found = {}
        for key in ("source", "place"):
            value = table.get(key)
            if not isinstance(value, str) or not value.strip():
                self.problem(item, prefix + key, "missing: every note names its source and the place in it")
            found[key] = value.strip() if isinstance(value, str) else ""
        return Citation(source=found["source"], place=found["place"])

    def note(self, table: dict[str, Any], item: str, prefix: str) -> Note:
        """A text with its citation: an option or question note, or a scenario's teaching point."""
        self.keys(table, item, ("text", "source", "place"), prefix)
        return Note(text=self.text(table, "text", item, prefix=prefix), cites=self.citation(table, item, prefix))

    def condition(self, value: Any, item: str, key: str) -> Condition | None:
        if not isinstance(value, dict) or not value:
            self.problem(item, key, f"a condition is a non-empty table, found {kind_of(value)}")
            return None
        parts: list[Condition] = []
        for name, inner in value.items():
            path = f"{key}.{name}"
            if name in ("all", "any"):
                if not isinstance(inner, list) or not inner:
                    self.problem(item, path, f"'{name}' takes a non-empty list of conditions")
                    continue
                subs = [self.condition(sub, item, f"{path}[{i}]") for i, sub in enumerate(inner)]
                built = tuple(s for s in subs if s is not None)
                if len(built) == len(subs):
                    parts.append((AllOf if name == "all" else AnyOf)(built))
            elif name == "not":
                sub = self.condition(inner, item, path)
                if sub is not None:
                    parts.append(Not(sub))
            else:
                answers = [inner] if isinstance(inner, str) else inner
                if not isinstance(answers, list) or not answers or not all(isinstance(a, str) for a in answers):
                    self.problem(item, path, f"expected answer ids for question {name!r}, found {kind_of(inner)}")
                    continue
                parts.append(Is(name, frozenset(answers)))
        if len(parts) != len(value):
            return None
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def kind_of(value: Any) -> str:
    names = {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)

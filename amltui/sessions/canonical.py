"""Reading back the TOML that `writer.py` writes, quickly; anything else is left to tomllib.

tomllib reads a 1,000-step session (500 KB) in a few hundred milliseconds. The files amltui
writes use a small part of TOML, laid out one way: `key = value` lines with basic strings,
integers, booleans and offset date-times, arrays with one item per line, inline tables only as
the items of an array, and the headers `[knowledge]`, `[[step]]` and `[[comment]]`. `read`
parses exactly that and returns None at the first line that is anything else (a comment, a
literal string, a duplicate key, a header of another name...), and the caller then reads the
file with tomllib through the usual guards. So a file written by hand, or crafted, is read as
before, and whatever this accepts it reads as tomllib does (the tests check both on generated
and mutated files). Nothing here recurses; the depth is fixed, at most a table in an array.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_KEY = re.compile(r"([A-Za-z0-9_-]+) = ")
#: The inside of a basic string with only the escapes the writer makes (\\uXXXX below U+0080).
_CHARS = r'(?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\[btnfr"\\]|\\u00[0-7][0-9A-Fa-f])*'
_STRING = re.compile(f'"({_CHARS})"')
_UNESCAPE = re.compile(r"\\(?:u00([0-7][0-9A-Fa-f])|(.))")
_SHORT = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_DIGITS = r"[+-]?(?:0|[1-9][0-9]{0,17})(?![0-9_.eE:-])"
_INTEGER = re.compile(_DIGITS)
_TIME = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})"
_MOMENT = re.compile(_TIME)
_BOOLEAN = re.compile(r"(true|false)(?![A-Za-z0-9_-])")
_HEADERS = {"[knowledge]": ("knowledge", False), "[[step]]": ("step", True), "[[comment]]": ("comment", True)}


class _NotCanonical(Exception):
    """The text leaves the writer's layout: tomllib reads it instead."""


def read(text: str) -> dict[str, Any] | None:
    """The document in `text` if it is in the writer's layout, else None."""
    try:
        return _Parser(text).document()
    except _NotCanonical:
        return None


#: An array of strings, one per line: the bulk of a session (the options shown at each step).
_STRINGS = re.compile(r"\[\n((?:    " + _STRING.pattern + r",\n)+)\]")
_LINE_END = re.compile(r"\n|\Z")
_ARRAY = r'(\[\]|\[\n(?:    "' + _CHARS + r'",\n)+\])'
#: A whole `[[step]]` table as the writer lays it out, in one match (most of a file is steps).
_STEP = re.compile(
    r"\[\[step\]\]\nnumber = (" + _DIGITS + r")\nat = (" + _TIME + r")\n"
    r"question = " + _STRING.pattern + r"\nanswers = " + _ARRAY + r"\nshown = " + _ARRAY + r"\n"
    r"(?:previous = " + _ARRAY + r"\n)?(?:dropped = " + _ARRAY + r"\n)?(?:predicted = " + _ARRAY + r"\n)?"
)
_STEP_KEYS = ("previous", "dropped", "predicted")


class _Parser:
    def __init__(self, text: str) -> None:
        if "\r" in text:  # a line break TOML allows that the writer never makes
            raise _NotCanonical
        self.text = text
        #: Times already read (a session's steps share many): written text -> datetime.
        self.moments: dict[str, dt.datetime] = {}

    def document(self) -> dict[str, Any]:  # noqa: PLR0912 - one branch per kind of line, read in order
        text, at, size = self.text, 0, len(self.text)
        root: dict[str, Any] = {}
        table = root
        arrays: set[str] = set()  # keys made by [[...]] headers
        while at < size:
            if text[at] == "\n":
                at += 1
                continue
            if text.startswith("[[step]]\n", at) and ("step" in arrays or "step" not in root):
                step = _STEP.match(text, at)
                if step is not None:
                    table = self.step(step)
                    if "step" not in root:
                        root["step"] = []
                        arrays.add("step")
                    root["step"].append(table)
                    at = step.end()
                    continue
            if text[at] == "[":
                end = text.find("\n", at)
                end = size if end < 0 else end
                header = _HEADERS.get(text[at:end])
                if header is None:
                    raise _NotCanonical
                name, many = header
                if many and name in arrays:
                    table = {}
                    root[name].append(table)
                elif name in root:  # defined before by a value, or [knowledge] twice
                    raise _NotCanonical
                else:
                    table = {}
                    root[name] = [table] if many else table
                    if many:
                        arrays.add(name)
                at = end
                continue
            key = _KEY.match(text, at)
            if key is None or key[1] in table:
                raise _NotCanonical
            table[key[1]], at = self.value(key.end(), top=True)
            if _LINE_END.match(text, at) is None:
                raise _NotCanonical
        return root

    def value(self, at: int, *, top: bool = False) -> tuple[Any, int]:
        """The value at `at` and where it ends; an array only after `key = `."""
        text = self.text
        string = _STRING.match(text, at)
        if string is not None:
            return _unescape(string[1]), string.end()
        if top and text.startswith("[", at):
            return self.array(at)
        found = _MOMENT.match(text, at)
        if found is not None:
            return self.moment(found[0]), found.end()
        found = _BOOLEAN.match(text, at)
        if found is not None:
            return found[1] == "true", found.end()
        found = _INTEGER.match(text, at)
        if found is not None:
            return int(found[0]), found.end()
        if not top and text.startswith("{ ", at):
            return self.inline_table(at + 2)
        raise _NotCanonical

    def step(self, found: re.Match[str]) -> dict[str, Any]:
        """The table of one `_STEP` match: what `document` would make of its lines, key by key."""
        table: dict[str, Any] = {
            "number": int(found[1]),
            "at": self.moment(found[2]),
            "question": _unescape(found[3]),
            "answers": _strings(found[4]),
            "shown": _strings(found[5]),
        }
        for key, array in zip(_STEP_KEYS, found.groups()[5:], strict=True):
            if array is not None:
                table[key] = _strings(array)
        return table

    def moment(self, written: str) -> dt.datetime:
        known = self.moments.get(written)
        if known is None:
            known = self.moments[written] = _moment(written)
        return known

    def array(self, at: int) -> tuple[list[Any], int]:
        """`[]`, or items one per line, indented four spaces, each followed by a comma; then `]`."""
        text = self.text
        if text.startswith("[]", at):
            return [], at + 2
        strings = _STRINGS.match(text, at)
        if strings is not None:
            return _strings(strings[0]), strings.end()
        if not text.startswith("[\n", at):
            raise _NotCanonical
        at += 2
        items: list[Any] = []
        while text.startswith("    ", at):
            value, at = self.value(at + 4)
            if not text.startswith(",\n", at):
                raise _NotCanonical
            items.append(value)
            at += 2
        if not items or not text.startswith("]", at):
            raise _NotCanonical
        return items, at + 1

    def inline_table(self, at: int) -> tuple[dict[str, Any], int]:
        text = self.text
        table: dict[str, Any] = {}
        while True:
            key = _KEY.match(text, at)
            if key is None or key[1] in table:
                raise _NotCanonical
            value, at = self.value(key.end())
            if isinstance(value, dict):  # an inline table inside one: never written
                raise _NotCanonical
            table[key[1]] = value
            if text.startswith(" }", at):
                return table, at + 2
            if not text.startswith(", ", at):
                raise _NotCanonical
            at += 2


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    return _UNESCAPE.sub(lambda found: chr(int(found[1], 16)) if found[1] else _SHORT[found[2]], raw)


def _strings(array: str) -> list[str]:
    """The texts of an array matched by `_STRINGS` (or "[]")."""
    raw = _STRING.findall(array)
    return [_unescape(r) for r in raw] if "\\" in array else raw


def _moment(written: str) -> dt.datetime:
    """A time matched by `_MOMENT` (Python reads that form as TOML does)."""
    try:
        return dt.datetime.fromisoformat(written)
    except ValueError:  # 2026-02-30, 25:00, an offset of 24 hours: tomllib says what is wrong
        raise _NotCanonical from None

"""What went wrong, said the same way everywhere: a problem says where (file, item, key, line,
column) and what is wrong; the exit codes the command line ends with."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from attrs import frozen


@frozen
class Problem:
    file: str
    message: str
    item: str = ""
    key: str = ""
    line: int | None = None
    column: int | None = None
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        if self.item:
            where += f": {self.item}"
        if self.key:
            where += f" [{self.key}]"
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong arguments: printed with the program name, exit 2."""


class KnowledgeError(Exception):
    """The knowledge base could not be loaded; `problems` lists every reason at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the knowledge base")


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A "did you mean ...?" hint for a near-miss name, or "" when nothing is close."""
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    if not close:
        return ""
    return "did you mean " + " or ".join(repr(c) for c in close) + "?"

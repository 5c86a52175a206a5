"""The error every session operation raises: a file that cannot be used, and why.

Apart from the codec so that what only lists, locks or offers sessions does not import the
reading and writing of their files (the start screen draws without it)."""

from __future__ import annotations

import dataclasses

from amltui.problems import Problem, ProblemError


class SessionError(ProblemError):
    """A session file (or the sessions folder) that cannot be used: the file, and where in it when
    known (the step or comment as `item`, the `key`, TOML's line and column), and what is wrong."""

    def __init__(
        self, path: str, message: str, *, item: str = "", key: str = "", line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__([Problem(path, message, item=item, key=key, line=line, column=column)])

    @property
    def path(self) -> str:
        return self.problem.file

    @property
    def reason(self) -> str:
        """What is wrong and where inside the file, for a place that already names the file (a
        listing's cell): the message first, so that a cut still says what is wrong."""
        problem = self.problem
        inside = str(dataclasses.replace(problem, file="", line=None, column=None))
        if problem.line is not None:
            inside += f", at line {problem.line}" + (f", column {problem.column}" if problem.column is not None else "")
        return inside

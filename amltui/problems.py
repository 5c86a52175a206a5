"""What went wrong, said the same way everywhere: a problem says where (file, item, key, line,
column) and what is wrong; the exit codes the command line ends with."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable


# A stdlib dataclass, not attrs like the models: this module and the few records the start
# screen needs (knowledge.card, sessions.listing) are imported before the first frame, and
# importing attrs alone was 7 ms of it (benchmarks/bench_start.py).
@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, said where it is: a file ("" when none: an argument, an answer on screen),
    and inside it an item, a key, a line and a column, each when known."""

    file: str
    message: str
    item: str = ""
    key: str = ""
    line: int | None = None
    column: int | None = None
    hint: str = ""

    @property
    def where(self) -> str:
        """"options.toml:12:3: option 'x' [show_if]": the place, as much of it as is known."""
        place = self.file
        if self.line is not None:
            if place:
                place += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
            else:  # said on its own, beside a file name shown elsewhere
                place = f"line {self.line}" + (f", column {self.column}" if self.column is not None else "")
        if self.item:
            place += f": {self.item}" if place else self.item
        if self.key:
            place += f" [{self.key}]" if place else self.key
        return place

    @property
    def text(self) -> str:
        """What is wrong, with the hint: the line under a title that already says where."""
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def __str__(self) -> str:
        return f"{self.where}: {self.text}" if self.where else self.text


EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class ProblemError(Exception):
    """An error a person sees: what is wrong, as problems (at least one), and the exit code the
    command line ends with. str() is the first problem."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("a ProblemError needs at least one problem")
        super().__init__(str(self.problems[0]))

    @property
    def problem(self) -> Problem:
        """The first problem: enough where one is shown (an answer refused, a file unreadable)."""
        return self.problems[0]

    @property
    def heading(self) -> str:
        """A line printed before the problems, "" for none (one problem says it all)."""
        return ""


class UsageError(ProblemError):
    """Wrong arguments (`item`: the option or argument at fault, when known): exit 2."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, item: str = "", hint: str = "") -> None:
        super().__init__([Problem("", message, item=item, hint=hint)])


class KnowledgeError(ProblemError):
    """The knowledge base could not be loaded; `problems` lists every reason at once."""

    @property
    def heading(self) -> str:
        count = len(self.problems)
        return f"the knowledge base has {count} problem{'s' if count != 1 else ''}:"

    def __str__(self) -> str:
        return f"{len(self.problems)} problem(s) in the knowledge base"


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A "did you mean ...?" hint for a near-miss name, or "" when nothing is close."""
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.6)
    if not close:
        return ""
    return "did you mean " + " or ".join(repr(c) for c in close) + "?"

"""How a problem reaches a person at the command line: each one on a line, after the program's
name, made printable (a file name or a value from a file may hold control characters), and the
exit code it ends with."""

from __future__ import annotations

from typing import TextIO

from amltui.problems import ProblemError
from amltui.terminal_text import printable


def report(error: ProblemError, stream: TextIO) -> int:
    """Print `error`'s problems to `stream` (stderr, or stdout for `amltui check`'s findings)
    and return the exit code the command ends with."""
    if error.heading:
        print(f"amltui: {error.heading}", file=stream)
        for problem in error.problems:
            print(f"  {printable(str(problem))}", file=stream)
    else:
        for problem in error.problems:
            print(f"amltui: {printable(str(problem))}", file=stream)
    return error.exit_code

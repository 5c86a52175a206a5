"""The command line: arguments, the commands, and their text output (the entry is `amltui_command` here)."""

from __future__ import annotations

import gc
from collections.abc import Sequence


def amltui_command(argv: Sequence[str] | None = None) -> int:
    """The `amltui` command: `amltui.cli.main.main`, imported with garbage collection held off,
    as that function holds it off for what follows (start-up's modules and classes live as long
    as the program; collecting among them while they are made is wasted)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        from amltui.cli.main import main as run
    finally:
        if collecting:
            gc.enable()
    return run(argv)

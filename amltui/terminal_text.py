"""Making stored text safe to print on a terminal or into a report: the one rule for it.

Text from knowledge files, session files and users may hold control characters or escape
sequences that would move the cursor, change colours or retitle the terminal, and bidirectional
controls that make text read differently from what it holds. `UNSEEN` is every such character;
wherever text leaves the program (screen, command line, export, JSON) it is shown as a visible
placeholder ("\\x1b", "\\u202e") instead of being sent raw, and the title prompt removes them.

Imports nothing from amltui, so that every layer may use it.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: C0 controls except tab and newline (which mean something in multi-line text), DEL, C1
#: controls (the 8-bit CSI among them), the bidirectional controls (the Arabic letter mark,
#: left-to-right and right-to-left marks, embeddings, overrides and isolates) and the line and
#: paragraph separators.
UNSEEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def placeholder(char: str) -> str:
    """How one unseen character is shown: "\\x1b" below U+0100, else "\\u202e"."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """The text with every unseen character replaced by its visible placeholder."""
    return UNSEEN.sub(lambda found: placeholder(found[0]), text)


def without_unseen(text: str) -> str:
    """The text with every unseen character removed (whitespace among them becomes a space):
    for what a user types, which is saved as they see it."""
    return UNSEEN.sub(lambda found: " " if found[0].isspace() else "", text)


def one_line(text: str, width: int | None = None) -> str:
    """Printable text folded onto one line (for titles and table cells), cut to `width` with "…"."""
    line = " ".join(printable(text).split())
    if width is not None and len(line) > width:
        return line[: max(width - 1, 0)].rstrip() + "…"
    return line


def json_text(document: Any, indent: int | None = 2) -> str:
    """JSON that keeps non-ASCII text readable but writes every unseen character as a \\u escape
    (json.dumps escapes C0 itself, not DEL, C1 or the bidirectional controls). Outside strings
    JSON holds none of them, so the replacement only ever touches string contents."""
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    return UNSEEN.sub(lambda found: f"\\u{ord(found[0]):04x}", text)

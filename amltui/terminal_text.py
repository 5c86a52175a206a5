"""Making stored text safe to print on a terminal or into a report.

Text from knowledge files, session files and users may hold control characters or escape
sequences that would move the cursor, change colours or retitle the terminal. They are shown as
visible placeholders instead of being sent raw.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (which include the 8-bit CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """The text with every control character replaced by a visible "\\xNN" placeholder."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found[0]):02x}", text)


def one_line(text: str, width: int | None = None) -> str:
    """Printable text folded onto one line (for titles and table cells), cut to `width` with "…"."""
    line = " ".join(printable(text).split())
    if width is not None and len(line) > width:
        return line[: max(width - 1, 0)].rstrip() + "…"
    return line

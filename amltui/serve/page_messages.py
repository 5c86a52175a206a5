"""What a page sends, read as hostile: terminal sizes, numbers in the address, messages, and the
visitor's token. Whatever is not what the page's script sends gives None, never an error."""

from __future__ import annotations

import json
import re

from amltui.serve.limits import COLUMNS, ROWS


def terminal_size(width: object, height: object) -> tuple[int, int] | None:
    """A size the page asked for, clamped to COLUMNS and ROWS; None if it is not a size (not
    whole numbers, or under 1: nothing a browser sends)."""
    if type(width) is not int or type(height) is not int or width < 1 or height < 1:
        return None
    return min(max(width, COLUMNS[0]), COLUMNS[1]), min(max(height, ROWS[0]), ROWS[1])


def query_number(text: str | None) -> int | None:
    """A whole number in a query string (digits only, at most 9), else None."""
    return int(text) if text is not None and re.fullmatch(r"[0-9]{1,9}", text) else None


def page_message(text: str) -> tuple[str, object] | None:
    """A message from the page, `[kind, data]` in JSON, or None if it is not one."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, digits past Python's limit, nested too deep
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    return envelope[0], envelope[1] if len(envelope) > 1 else None

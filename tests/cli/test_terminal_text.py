"""Stored text made safe for a terminal: control characters visible, titles on one line."""

from __future__ import annotations

from amltui.terminal_text import one_line, printable


def test_escape_sequences_become_visible_placeholders():
    assert printable("a\x1b[31mred\x07\x9b") == "a\\x1b[31mred\\x07\\x9b"
    assert printable("tab\tand\nnewline") == "tab\tand\nnewline"


def test_one_line_folds_whitespace_and_cuts_with_an_ellipsis():
    assert one_line("  two\n lines\t here ") == "two lines here"
    assert one_line("A rather long session title", 10) == "A rather…"
    assert one_line("short", 10) == "short"
    assert len(one_line("x" * 50, 12)) == 12

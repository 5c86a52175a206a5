"""Stored text made safe for a terminal: control characters visible, titles on one line."""

from __future__ import annotations

import json

from amltui.terminal_text import json_text, one_line, printable, without_unseen


def test_escape_sequences_become_visible_placeholders():
    assert printable("a\x1b[31mred\x07\x9b") == "a\\x1b[31mred\\x07\\x9b"
    assert printable("tab\tand\nnewline") == "tab\tand\nnewline"


def test_one_line_folds_whitespace_and_cuts_with_an_ellipsis():
    assert one_line("  two\n lines\t here ") == "two lines here"
    assert one_line("A rather long session title", 10) == "A rather…"
    assert one_line("short", 10) == "short"
    assert len(one_line("x" * 50, 12)) == 12


def test_bidirectional_controls_become_visible_placeholders_too():
    assert printable("a\u202eb\u2066c\u2069\u200f") == "a\\u202eb\\u2066c\\u2069\\u200f"
    assert one_line("x\u202e\u2028y") == "x\\u202e\\u2028y"


def test_without_unseen_removes_them_and_keeps_line_breaks():
    assert without_unseen("a\x1b[2Jb\u202ec\td\ne\x0bf") == "a[2Jbc\td\ne f"


def test_json_text_escapes_c1_del_and_bidi_but_keeps_other_text_readable():
    text = json_text({"name": "caf\u00e9 \x9b2J \x7f \u202e \x1b"})
    assert "\x9b" not in text and "\x7f" not in text and "\u202e" not in text and "\x1b" not in text
    assert "caf\u00e9" in text and "\\u009b2J" in text and "\\u202e" in text
    assert json.loads(text) == {"name": "caf\u00e9 \x9b2J \x7f \u202e \x1b"}

"""The glyph table: every special glyph the app draws has a plain fallback, used on TERM=linux and
with --ascii."""

from __future__ import annotations

import pytest

from amltui import glyphs

#: The glyphs a Linux console font lacks (issue 12, point 17), and the rounded corners.
DRAWN = "▔▁▊▎⏎␣✓✗⚠↺✎🔎◆▶→╭╮╰╯"


def test_every_special_glyph_has_a_plain_ascii_fallback():
    assert set(DRAWN) <= set(glyphs.FALLBACKS)
    for glyph, fallback in glyphs.FALLBACKS.items():
        assert fallback and fallback.isascii(), glyph


def test_plain_replaces_every_glyph():
    assert glyphs.plain("✓ done ▶ next → ⏎") == "+ done > next -> Enter"
    assert glyphs.plain("plain text") == "plain text"


@pytest.mark.parametrize(
    ("environ", "wanted"),
    [
        ({"TERM": "linux"}, True),
        ({"TERM": "xterm-256color"}, False),
        ({"TERM": "xterm-256color", "AMLTUI_ASCII": "1"}, True),
        ({}, False),
        ({"TERM": "xterm", "NO_COLOR": "1"}, False),  # NO_COLOR is about colour, not glyphs
    ],
)
def test_plain_is_wanted_on_a_linux_console_or_when_asked(environ, wanted):
    assert glyphs.plain_wanted(environ) is wanted
    assert (glyphs.glyphs("✓", environ) == "+") is wanted

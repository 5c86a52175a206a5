"""Fails loudly when Textual changes what amltui.tui.textual_private relies on."""

from __future__ import annotations

import inspect

from textual.command import CommandPalette
from textual.content import Content
from textual.widgets import Footer

from amltui.tui.textual_private import palette_help

NASTY = "[TODO] [/b] [@click=app.quit]x [unclosed"


def test_the_palette_still_reads_a_content_help_line_literally():
    assert "Content.from_markup(hit.help)" in inspect.getsource(CommandPalette), "the palette no longer renders help this way"
    shown = Content.from_markup(palette_help(NASTY))
    assert isinstance(shown, Content) and shown.plain == NASTY


def test_the_footer_still_rebuilds_through_bindings_changed_and_recompose():
    # KeyFooter coalesces by overriding these two (tui/widgets/key_footer.py).
    assert list(inspect.signature(Footer.bindings_changed).parameters) == ["self", "screen"]
    assert "self.recompose" in inspect.getsource(Footer.bindings_changed)


def test_the_footer_still_composes_footer_keys_once_its_bindings_are_ready():
    # KeyFooter fits whole FooterKey widgets and sets _bindings_ready as bindings_changed does.
    from amltui.tui.textual_private import FooterKey, footer_has_bindings, footer_keys_ready

    assert "self._bindings_ready = True" in inspect.getsource(Footer.bindings_changed)
    assert "if not self._bindings_ready" in inspect.getsource(Footer.compose)
    assert "yield FooterKey(" in inspect.getsource(Footer.compose)
    assert {"key_display", "description", "action"} <= set(inspect.signature(FooterKey.__init__).parameters)
    footer = Footer()
    assert not footer_has_bindings(footer)
    footer_keys_ready(footer)
    assert footer_has_bindings(footer)


def test_plain_borders_draw_every_border_type_with_console_lines_and_give_the_table_back():
    from textual import _border

    from amltui.tui.textual_private import CONSOLE_BOX, plain_borders

    before = dict(_border.BORDER_CHARS)
    assert {"round", "tall", "vkey", "solid"} <= set(before) and hasattr(_border.get_box, "cache_clear")
    restore = plain_borders()
    try:
        for name, rows in _border.BORDER_CHARS.items():
            assert all(c.isascii() or c in CONSOLE_BOX for row in rows for c in row), name
        assert _border.BORDER_CHARS["round"] == before["solid"]
    finally:
        restore()
    assert before == _border.BORDER_CHARS

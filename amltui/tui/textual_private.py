"""Where amltui relies on Textual beyond what Textual declares, in one place, each with why.

Everything else in amltui.tui uses Textual's public interface. What was private before and is
public now: the options lists' cursor mark follows `highlighted` through `watch()` (not an
override of `OptionList.watch_highlighted`, whose signature is Textual's own); the answer and
prediction lists tick with `action_tick` (not `action_toggle`, which shadowed
`DOMNode.action_toggle(attribute)`); `OrderedInput` handles keys in a public `on_key` that
Textual runs before `Input`'s own handler (not an override of `Input._on_key`). Two names remain
private, for `KeyFooter` (the footer that leaves out whole keys where Textual's cuts one in half):
`FooterKey`, the widget of one key, which Textual does not export, and `Footer._bindings_ready`.
tests/tui/test_textual_private.py fails loudly when Textual changes what is left here.

Plain glyphs (TERM=linux, --ascii): Textual draws its borders from one table of characters per
border type (`textual._border.BORDER_CHARS`, read through a cached `get_box`), with no public way
to draw "round" or "tall" with other characters. A console font lacks the rounded corners and the
block elements of "tall", "outer", "vkey" and the rest, so `plain_borders` draws every such type
with the light box lines a console font has (┌─┐│└┘), and gives the table back when the app ends.
The scroll bars' glyphs go through Textual's public `ScrollBar.renderer` (see amltui.tui.plain).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from textual.content import Content
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

__all__ = ["CONSOLE_BOX", "FooterKey", "footer_has_bindings", "footer_keys_ready", "palette_help", "plain_borders"]


def palette_help(text: str) -> str:
    """A command palette help line that is shown literally.

    `Hit.help` and `DiscoveryHit.help` are typed `str`, and the palette parses a str as markup
    (`Content.from_markup(hit.help)`): a source title or a glossary definition holding `[TODO]`
    or `[@click=...]` would be mangled or run. `Content.from_markup` returns a `Content`
    unchanged, so the help goes in as `Content`, typed as the `str` the palette declares. No
    public way says "this help is not markup".
    """
    return cast(str, Content(text))


def footer_keys_ready(footer: Footer) -> None:
    """Let `Footer.compose` yield its keys: it yields none until `_bindings_ready`, which only
    `Footer.bindings_changed` sets, and `KeyFooter` overrides that method to coalesce rebuilds.
    No public way says "the bindings are ready"."""
    footer._bindings_ready = True


def footer_has_bindings(footer: Footer) -> bool:
    """Whether the footer has been told of its screen's bindings yet (see `footer_keys_ready`)."""
    return bool(footer._bindings_ready)


#: Characters a Linux console font draws: ASCII, and the light and double box lines.
CONSOLE_BOX = frozenset("┌┐└┘─│├┤┬┴┼═║╔╗╚╝╠╣╦╩╬")


def plain_borders() -> Callable[[], None]:
    """Draw every border type whose characters a console font lacks as "solid" (┌─┐); returns
    what puts Textual's table back."""
    from textual import _border

    chars, locations = _border.BORDER_CHARS, _border.BORDER_LOCATIONS
    saved = (dict(chars), dict(locations))
    for name, rows in list(chars.items()):
        if not all(c.isascii() or c in CONSOLE_BOX for row in rows for c in row):
            chars[name] = chars["solid"]
            locations[name] = locations["solid"]
    _border.get_box.cache_clear()

    def restore() -> None:
        chars.clear()
        chars.update(saved[0])
        locations.clear()
        locations.update(saved[1])
        _border.get_box.cache_clear()

    return restore

"""Where amltui relies on Textual beyond what Textual declares, in one place, each with why.

Everything else in amltui.tui uses Textual's public interface. What was private before and is
public now: the options lists' cursor mark follows `highlighted` through `watch()` (not an
override of `OptionList.watch_highlighted`, whose signature is Textual's own); the answer and
prediction lists tick with `action_tick` (not `action_toggle`, which shadowed
`DOMNode.action_toggle(attribute)`); `OrderedInput` handles keys in a public `on_key` that
Textual runs before `Input`'s own handler (not an override of `Input._on_key`); `KeyFooter`
coalesces through `Footer.bindings_changed` and `recompose` (without setting
`Footer._bindings_ready`). tests/tui/test_textual_private.py fails loudly when Textual changes
what is left here.
"""

from __future__ import annotations

from typing import cast

from textual.content import Content


def palette_help(text: str) -> str:
    """A command palette help line that is shown literally.

    `Hit.help` and `DiscoveryHit.help` are typed `str`, and the palette parses a str as markup
    (`Content.from_markup(hit.help)`): a source title or a glossary definition holding `[TODO]`
    or `[@click=...]` would be mangled or run. `Content.from_markup` returns a `Content`
    unchanged, so the help goes in as `Content`, typed as the `str` the palette declares. No
    public way says "this help is not markup".
    """
    return cast(str, Content(text))

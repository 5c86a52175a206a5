"""Special glyphs and their plain fallbacks: the one table for terminals that cannot draw them.

A Linux console font (TERM=linux) lacks most of the block, arrow and symbol characters the app
draws, and shows them as boxes or diamonds. There, or when asked with `--ascii` (which sets
AMLTUI_ASCII for the app and its children), every glyph below is written as its fallback.
NO_COLOR is about colour and is left to the screens as before.

Imports nothing from amltui, so that every layer may use it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

#: Each special glyph the program writes, and what is written instead where it cannot be drawn.
FALLBACKS: Mapping[str, str] = {
    "\u2594": "-",  # ▔ upper block: a tab's or bar's top edge
    "\u2581": "_",  # ▁ lower block
    "\u258a": "|",  # ▊ left three-quarters block: the highlighted line's bar
    "\u258e": "|",  # ▎ left quarter block
    "\u23ce": "Enter",  # ⏎ the Enter key
    "\u2423": "Space",  # ␣ the Space key
    "\u2713": "+",  # ✓ matched, chosen
    "\u2717": "x",  # ✗ not matched
    "\u26a0": "!",  # ⚠ warning
    "\u21ba": "~",  # ↺ changed answer
    "\u270e": "#",  # ✎ comment
    "\U0001f50e": "?",  # 🔎 search
    "\u25c6": "*",  # ◆ the layer's mark
    "\u25b6": ">",  # ▶ the highlighted line
    "\u2192": "->",  # → arrow
    "\u2190": "<-",  # ← arrow
    "\u25b8": ">",  # ▸ a folded branch
    "\u25be": "v",  # ▾ an unfolded branch
    "\u25cf": "(*)",  # ● the answer given
    "\u25cb": "( )",  # ○ the other answers
    "\u00b7": ".",  # · not reached yet
    "\u256d": "+",  # ╭ rounded corners
    "\u256e": "+",  # ╮
    "\u2570": "+",  # ╰
    "\u256f": "+",  # ╯
    "\u2500": "-",  # ─ box lines
    "\u2502": "|",  # │
    "\u2026": "...",  # … cut text
    "\u2014": "-",  # — em dash
    "\u2013": "-",  # – en dash
    "\u201c": '"',  # “ quotes around labels
    "\u201d": '"',  # ”
    "\u2018": "'",  # left single quote
    "\u2019": "'",  # right single quote
}

_TABLE = str.maketrans(dict(FALLBACKS))

#: Set (non-empty) by `--ascii`, so the app and any process it starts write plain characters.
ASCII_VARIABLE = "AMLTUI_ASCII"
#: Terminals whose usual fonts lack the glyphs ("dumb" is left out: test runners and CI set it,
#: and the screens must draw the same there as anywhere).
PLAIN_TERMINALS = frozenset({"linux", "vt100", "vt220"})


def plain_wanted(environ: Mapping[str, str] | None = None) -> bool:
    """True when the glyphs should be written plain: `--ascii` (AMLTUI_ASCII) or a TERM whose
    fonts cannot draw them."""
    environ = os.environ if environ is None else environ
    return bool(environ.get(ASCII_VARIABLE)) or environ.get("TERM", "") in PLAIN_TERMINALS


def plain(text: str) -> str:
    """The text with every special glyph replaced by its fallback."""
    return text.translate(_TABLE)


def glyphs(text: str, environ: Mapping[str, str] | None = None) -> str:
    """The text as this terminal can draw it: unchanged, or with the fallbacks."""
    return plain(text) if plain_wanted(environ) else text

"""What the app puts off until its first frame is on screen, so that the frame comes sooner: the
stylesheet's rules for the screens other than the start screen, and garbage collection.

The stylesheet is read in two parts, in its order, so every rule stands where it stands in the
file (tests/tui/test_start_up.py checks that no rule below the marker styles the start screen).
Start-up allocates a few hundred thousand objects that live as long as the app; `amltui.cli.main`
holds collection off while they are made, and they are collected once and frozen here.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from textual.app import App

STYLESHEET = Path(__file__).with_name("amltui.tcss")
OTHER_SCREENS = "/* ===== The other screens."


def start_screen_css_first(app: App[Any]) -> str:
    """Give `app` only the start screen's part of the stylesheet; return the rest, to be read by
    `after_first_frame` ("" when the whole file is read as usual: no marker, or `textual run --dev`
    watching the file)."""
    if app.css_monitor is not None:
        return ""
    start, marker, others = STYLESHEET.read_text(encoding="utf-8").partition(OTHER_SCREENS)
    if not marker:
        return ""
    app.css_path = []
    app.stylesheet.add_source(start, read_from=(str(STYLESHEET), ""))
    return marker + others


def after_first_frame(app: App[Any], other_screens_css: str) -> None:
    """The rest of the stylesheet read, and what start-up made collected once and frozen out of
    later collections, which then stay short (only when the command line held collection off)."""
    if other_screens_css:
        app.stylesheet.add_source(other_screens_css, read_from=(str(STYLESHEET), "the other screens"))
        app.stylesheet.update(app)  # parsed now; a screen already opened by a key gets every rule
    if not gc.isenabled():
        gc.collect()
        gc.freeze()
        gc.enable()

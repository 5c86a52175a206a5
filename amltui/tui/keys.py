"""The keys that work on every screen (the app's bindings), apart so the help can list them
without importing the app."""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP: list[BindingType] = [
    Binding("ctrl+p", "command_palette", "Palette", show=False, priority=True, id="app.palette",
            tooltip="Jump to a question, an option, a source or a glossary term"),
    Binding("h", "home", "Home", id="app.home", tooltip="Back to the start screen; the walk is saved and can be resumed"),
    Binding("t", "tree", "Tree", id="app.tree", tooltip="The whole decision tree, with the current path marked"),
    Binding("g", "glossary", "Terms", id="app.glossary", tooltip="Every term, searchable; opens at this question's terms"),
    Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="What the marks and status words mean, and every key"),
    Binding("l", "toggle_layer", "Layer", show=False, id="app.layer",
            tooltip="Show or hide what changed since the five sources, for this walk (--sources-only hides it)"),
    Binding("q", "quit", "Quit", show=False, id="app.quit", tooltip="Leave amltui"),
]

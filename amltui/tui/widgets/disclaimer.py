"""The knowledge base's disclaimer, always on screen in one line."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class DisclaimerBar(Static):
    """One line above the footer; long text ends in an ellipsis (the full text is on the start screen)."""

    DEFAULT_CSS = """
    DisclaimerBar {
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, disclaimer: str, *, id: str | None = None) -> None:
        super().__init__(Content.assemble(("! ", "bold"), disclaimer), id=id, markup=False)

"""The Textual app: the only part of amltui that imports Textual.

`run_app(kb)` is what the command line calls, after it has validated the knowledge base.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from amltui.knowledge.models import KnowledgeBase

__all__ = ["run_app"]


def run_app(kb: KnowledgeBase, *, today: dt.date | None = None) -> int:
    """Run the app on an already-validated knowledge base; returns the exit code."""
    from amltui.tui.app import AmlApp

    app = AmlApp(kb, today=today)
    app.run()
    return app.return_code or 0

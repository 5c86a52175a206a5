"""What the sessions browser says under its table about the highlighted session."""

from __future__ import annotations

from textual.content import Content

from amltui.knowledge.models import KnowledgeBase
from amltui.sessions.listing import Summary
from amltui.sessions.review import CHANGED, SAME, knowledge_match
from amltui.terminal_text import one_line
from amltui.tui import present
from amltui.tui.widgets.session_table import title_of


def about(session: Summary, kb: KnowledgeBase) -> Content:
    """Under the table: the highlighted session, and how its knowledge base compares with today's."""
    state = "finished" if session.finished else "not finished: Enter continues it"
    steps = f"{session.step_count} step" + ("" if session.step_count == 1 else "s")
    word = knowledge_match(session, kb)
    if word == SAME:
        knowledge = f"same as today's ({kb.version})"
    elif word == CHANGED:
        knowledge = f"version {kb.version} as today, but its content has changed since"
    else:
        knowledge = f"recorded with {one_line(session.knowledge_version)}; today's is {kb.version}"
    return Content("\n").join(
        [
            Content.styled(title_of(session), "bold"),
            Content.styled(
                f"{one_line(session.id)} · {one_line(session.mode)} · {steps} · {state} · created {present.when(session.created)}",
                present.MUTED,
            ),
            Content.assemble(("Knowledge base: ", present.MUTED), (knowledge, "" if word == SAME else present.WARNING)),
        ]
    )

"""Stored text as literal Markdown, and answers in question order.

Stored text may hold anything: control characters become visible placeholders, HTML's `&`, `<`
and `>` are written as entities and the characters that would start formatting are escaped, so
a report shows what was typed and a Markdown viewer runs none of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from amltui.knowledge import KnowledgeBase
from amltui.terminal_text import one_line

# Characters that start inline formatting, links, code or tables; the text sits after "- " or
# "> ", so characters that matter only at the start of a line need no escape.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
# HTML: entities, which every Markdown viewer shows as the character (a backslash before `<`
# is not honoured by all of them, and `&` starts an entity of its own).
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}



def md(text: str) -> str:
    """Stored text as literal Markdown on one line."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))
    return re.sub(r"[&<>]", lambda found: _HTML[found[0]], escaped)


def in_question_order(kb: KnowledgeBase, question_ids: Iterable[str]) -> list[str]:
    """The ids in the order the questions are asked; ids the knowledge base no longer has last."""
    ids = list(question_ids)
    return [q.id for q in kb.questions if q.id in ids] + [q for q in ids if kb.question(q) is None]

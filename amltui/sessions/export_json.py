"""A session as JSON, for programs: what the Markdown report holds, as fields."""

from __future__ import annotations

import json
from typing import Any

from amltui import engine
from amltui.engine.badges import badge, standing_notice
from amltui.knowledge import KnowledgeBase
from amltui.sessions.markdown_text import in_question_order
from amltui.sessions.model import Session
from amltui.sessions.review import drift, layer_use, same_knowledge
from amltui.terminal_text import printable


def to_json(session: Session, kb: KnowledgeBase, sources_only: bool | None = None) -> str:
    use = layer_use(session, kb, sources_only)
    kb = use.kb
    evaluation = engine.evaluate(kb, session.answers)
    document: dict[str, Any] = {
        "disclaimer": kb.disclaimer,
        "about_the_sources": standing_notice(kb),
        "id": session.id,
        "title": printable(session.title),
        "mode": session.mode,
        "scenario": session.scenario,
        "finished": session.finished,
        "created": session.created.isoformat(),
        "updated": session.updated.isoformat(),
        "knowledge": {
            "recorded_version": session.knowledge_version,
            "recorded_digest": session.knowledge_digest,
            "current_version": kb.version,
            "same_content": same_knowledge(session, kb),
        },
        "layer": {
            "in_knowledge_base": kb.layer is not None,
            "shown": kb.layer_on,
            "recorded_sources_only": session.sources_only,
            "as_recorded": use.as_recorded,
            "checked_up_to": kb.layer.checked_up_to.isoformat() if kb.layer and kb.layer.checked_up_to else None,
            "mark": kb.layer_mark if kb.layer else None,
            "said": use.describe(session),
        },
        "answers": {q: sorted(session.answers[q]) for q in in_question_order(kb, session.answers)},
        "shown": list(session.shown),
        # The options shown at the last step, as today's knowledge base describes them.
        "options": [
            {
                "id": s.option.id,
                "name": s.option.name,
                "badge": badge(kb, s.option, evaluation.answers).word,
                "newer": s.option.newer,
                "approvals": [
                    {"region": a.region, "text": a.text, "approved": a.approved, "newer": a.newer} for a in s.approvals
                ],
            }
            for s in evaluation.shown
            if s.option.id in session.shown
        ],
        # What the screen shows beside the options at the last step (today's knowledge base).
        "notices": [
            {"id": n.id, "kind": n.kind, "text": n.text, "newer": n.newer, "cites": [{"source": c.source, "place": c.place} for c in n.cites]}
            for n in evaluation.notices
        ],
        "not_shown": [
            not_shown_json(h) for h in evaluation.hidden
        ],
        "steps": [
            {
                "number": s.number,
                "at": s.at.isoformat(),
                "question": s.question,
                "answers": list(s.answers),
                "shown": list(s.shown),
                "previous": list(s.previous),
                "dropped": list(s.dropped),
                "predicted": None if s.predicted is None else list(s.predicted),
            }
            for s in session.steps
        ],
        "drift": [
            {"step": d.step, "appeared": list(d.appeared), "disappeared": list(d.disappeared), "missing_questions": list(d.missing_questions)}
            for d in drift(session, kb)
            if d.any
        ],
        "comments": [
            {"step": c.step, "author": printable(c.author), "at": c.at.isoformat(), "text": printable(c.text)}
            for c in session.comments
        ],
    }
    # ensure_ascii keeps every control or escape character as a \u escape in the JSON text.
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


def not_shown_json(hidden: engine.HiddenOption) -> dict[str, object]:
    """A hidden option as the JSON outputs give it: what would show it, and the questions still
    to be asked that it waits for (empty when the answers given rule it out)."""
    option = hidden.option
    return {"id": option.id, "name": option.name, "newer": option.newer, "would_show": hidden.would_show, "waits_for": list(hidden.waits_for)}

"""The headless knowledge commands: `amltui options` (text or JSON), `amltui tree`, and the layer
line of `amltui check`."""

from __future__ import annotations

from collections.abc import Sequence

from amltui import engine
from amltui.cli.render_text import render_evaluation, render_tree
from amltui.engine.badges import badge, standing_notice
from amltui.knowledge import KnowledgeBase
from amltui.knowledge.models import Approval
from amltui.knowledge.wording import WAITING_RULE
from amltui.problems import EXIT_OK, UsageError
from amltui.sessions.export_json import not_shown_json
from amltui.terminal_text import json_text, printable


def parse_answers(kb: KnowledgeBase, pairs: Sequence[str]) -> dict[str, frozenset[str]]:
    """`QUESTION=A[,B]` flags into answers, merged per question and checked by the engine."""
    collected: dict[str, set[str]] = {}
    for pair in pairs:
        question, sep, value = pair.partition("=")
        answers = {a.strip() for a in value.split(",") if a.strip()}
        if not sep or not question.strip() or not answers:
            raise UsageError("expected QUESTION=ANSWER (for example disease_status=relapsed)", item=f"--answer {pair!r}")
        collected.setdefault(question.strip(), set()).update(answers)
    given: dict[str, frozenset[str]] = {}
    for question in [q.id for q in kb.questions if q.id in collected] + [q for q in collected if not kb.question(q)]:
        try:
            given = dict(engine.answer(kb, given, question, collected[question]).answers)
        except engine.AnswerError as error:  # the same problem, told as wrong arguments (exit 2)
            raise UsageError(error.problem.message, item=error.problem.item, hint=error.problem.hint) from None
    return given


def options(kb: KnowledgeBase, pairs: Sequence[str], *, as_json: bool) -> int:
    evaluation = engine.evaluate(kb, parse_answers(kb, pairs))
    if as_json:
        print(json_text(evaluation_json(kb, evaluation)))
    else:
        print(render_evaluation(kb, evaluation))
    return EXIT_OK


def layer_json(kb: KnowledgeBase) -> dict[str, object] | None:
    """The layer of what changed since the sources: what it is, and whether it was shown."""
    layer = kb.layer
    if layer is None:
        return None
    return {
        "title": layer.title,
        "checked_up_to": layer.checked_up_to.isoformat() if layer.checked_up_to else None,
        "summary": layer.summary,
        "shown": kb.layer_on,
        "mark": kb.layer_mark,
    }


def approval_json(approval: Approval) -> dict[str, object]:
    return {"region": approval.region, "text": approval.text, "approved": approval.approved, "newer": approval.newer}


def evaluation_json(kb: KnowledgeBase, evaluation: engine.Evaluation) -> dict[str, object]:
    question = evaluation.next_question
    return {
        "knowledge": {"title": kb.title, "version": kb.version, "digest": kb.digest},
        "disclaimer": kb.disclaimer,
        "about_the_sources": standing_notice(kb),
        "layer": layer_json(kb),
        "answers": {qid: sorted(ids) for qid, ids in evaluation.answers.items()},
        "complete": evaluation.complete,
        "next_question": None
        if question is None
        else {
            "id": question.id,
            "title": question.title,
            "prompt": question.prompt,
            "multiple": question.multiple,
            "answers": [{"id": a.id, "label": a.label, "exclusive": a.exclusive} for a in question.answers],
        },
        "shown": [
            {
                "id": s.option.id,
                "name": s.option.name,
                "category": s.option.category,
                "status": s.option.status,
                "badge": badge(kb, s.option, evaluation.answers).word,
                "newer": s.option.newer,
                "reasons": list(s.reasons),
                "sources": list(s.sources),
                "approval": None if s.approval is None else approval_json(s.approval),
                "approvals": [approval_json(a) for a in s.approvals],
            }
            for s in evaluation.shown
        ],
        # The one rule for questions not answered yet: options wait for them.
        "waiting_rule": WAITING_RULE,
        "not_shown": [
            not_shown_json(h) for h in evaluation.hidden
        ],
        "notices": [{"id": n.id, "kind": n.kind, "text": n.text, "newer": n.newer} for n in evaluation.notices],
    }


def tree(kb: KnowledgeBase) -> int:
    print(render_tree(kb))
    return EXIT_OK


def layer_summary(kb: KnowledgeBase) -> str:
    """For `amltui check`: how much of what it counted is the layer's, and to what day it was checked."""
    layer = kb.layer
    if layer is None:
        return "; no layer of changes since the sources"

    def count(number: int, word: str) -> str:
        return f"{number} {word}{'' if number == 1 else 's'}"

    checked = layer.checked_up_to.isoformat() if layer.checked_up_to else "?"
    parts = [
        count(sum(1 for o in kb.options if o.newer), "option"),
        count(sum(1 for n in kb.notices if n.newer), "notice"),
        count(sum(1 for s in kb.sources.values() if s.newer), "source"),
        count(len(layer.additions), "line") + " added to base options",
    ]
    return f"; of these, layer {printable(layer.title)!r} (checked to {checked}): " + ", ".join(parts)

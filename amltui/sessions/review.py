"""What a reviewer asks of a saved session: what today's knowledge base would show differently
at each step (drift), and how two sessions differ. Pure functions over data."""

from __future__ import annotations

from attrs import frozen

from amltui import engine
from amltui.knowledge import KnowledgeBase
from amltui.knowledge.dates import long_date
from amltui.sessions.listing import Summary
from amltui.sessions.model import Session


@frozen
class StepDrift:
    step: int
    #: Shown today for the same answers, but not recorded then.
    appeared: tuple[str, ...]
    #: Recorded then, not shown today (including options that no longer exist).
    disappeared: tuple[str, ...]
    #: Answered questions the knowledge base no longer has.
    missing_questions: tuple[str, ...]

    @property
    def any(self) -> bool:
        return bool(self.appeared or self.disappeared or self.missing_questions)


def drift(session: Session, kb: KnowledgeBase) -> tuple[StepDrift, ...]:
    """For every step, what today's knowledge base shows differently for the same answers."""
    result = []
    seen: dict[frozenset[tuple[str, frozenset[str]]], tuple[str, ...]] = {}  # a long walk comes back to the same answers
    for step, answers in session.answers_by_step():
        key = frozenset((q, frozenset(a)) for q, a in answers.items())
        today = seen[key] if key in seen else seen.setdefault(key, engine.shown_ids(kb, answers))
        result.append(
            StepDrift(
                step=step.number,
                appeared=tuple(i for i in today if i not in step.shown),
                disappeared=tuple(i for i in step.shown if i not in today),
                missing_questions=tuple(q for q in answers if kb.question(q) is None),
            )
        )
    return tuple(result)


def same_knowledge(session: Session | Summary, kb: KnowledgeBase) -> bool:
    return session.knowledge_digest == kb.digest


SAME, CHANGED = "same", "changed"


def knowledge_match(session: Session | Summary, kb: KnowledgeBase) -> str:
    """SAME (recorded with today's content), CHANGED (today's version number, other content), else
    the version the session was recorded with."""
    if same_knowledge(session, kb):
        return SAME
    if session.knowledge_version == kb.version:
        return CHANGED
    return session.knowledge_version or "?"


@frozen
class AnswerDifference:
    question: str
    first: tuple[str, ...]
    second: tuple[str, ...]


@frozen
class SessionDifference:
    answers: tuple[AnswerDifference, ...]
    only_first: tuple[str, ...]
    only_second: tuple[str, ...]

    @property
    def same(self) -> bool:
        return not (self.answers or self.only_first or self.only_second)


def without_answer(kb: KnowledgeBase, session: Session, question_id: str) -> str:
    """What to say for a question a session has no answer to: "not asked" when its answers skip
    it (it was never put to them), else "not answered" (not reached, or no longer known)."""
    question = kb.question(question_id)
    if question is not None and not engine.is_asked(question, session.answers):
        return "not asked"
    return "not answered"


def compare(first: Session, second: Session, kb: KnowledgeBase) -> SessionDifference:
    """Where two sessions' final answers and final options differ, in question order."""
    a, b = first.answers, second.answers
    order = [q.id for q in kb.questions] + sorted((set(a) | set(b)) - {q.id for q in kb.questions})
    differences = tuple(
        AnswerDifference(q, tuple(sorted(a.get(q, ()))), tuple(sorted(b.get(q, ()))))
        for q in order
        if (q in a or q in b) and a.get(q) != b.get(q)
    )
    return SessionDifference(
        answers=differences,
        only_first=tuple(i for i in first.shown if i not in second.shown),
        only_second=tuple(i for i in second.shown if i not in first.shown),
    )


@frozen
class LayerUse:
    """Which knowledge a replay or an export of a session uses: with or without the layer of
    what changed since the sources, as recorded unless told otherwise."""

    #: The knowledge base to use (`sources_only()` when the layer is hidden).
    kb: KnowledgeBase
    #: The setting followed the session's record (not a flag given now).
    as_recorded: bool

    def describe(self, session: Session) -> str:
        """"Since the sources (checked to 30 Nov 2026): hidden (sources only), as recorded"."""
        layer = self.kb.layer
        recorded = "hidden (sources only)" if session.sources_only else "shown"
        if layer is None:
            return "No layer of changes since the sources in this knowledge base" + (
                "; the walk was recorded sources only" if session.sources_only else ""
            )
        checked = f" (checked to {long_date(layer.checked_up_to)})" if layer.checked_up_to else ""
        used = "shown" if self.kb.layer_on else "hidden (sources only)"
        how = "as recorded" if self.as_recorded else f"chosen here; the walk was recorded with it {recorded}"
        return f"{layer.title}{checked}: {used}, {how}"


def layer_use(session: Session, kb: KnowledgeBase, sources_only: bool | None = None) -> LayerUse:
    """`kb` as the session recorded it (with the layer or without), unless `sources_only` says."""
    hidden = session.sources_only if sources_only is None else sources_only
    base = kb.sources_only() if hidden else kb
    return LayerUse(base, as_recorded=sources_only is None or sources_only == session.sources_only)

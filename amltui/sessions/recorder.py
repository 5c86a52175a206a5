"""Recording a walk as it happens: every committed answer becomes a step, saved at once.

The recorder holds the session's lock for as long as it records, so a second amltui opening the
same session is told it is in use. Everything it saves builds on the file as it is under that
lock: resuming takes the lock first and only then reads the file (an offer read earlier may be
stale), and each save goes only over the version it last read or wrote. A save that fails (disk full, folder removed) keeps the step in
memory and is retried with the next answer: the file on disk is always a complete earlier version,
and the next successful save writes every step.
"""

from __future__ import annotations

from pathlib import Path

from attrs import evolve

from amltui import engine
from amltui.knowledge.models import KnowledgeBase
from amltui.sessions.codec import SessionError
from amltui.sessions.model import Session
from amltui.sessions.store import Fingerprint, Held, SessionStore


class Recorder:
    """The session of the walk on screen. With a store, each step is saved at once under the
    session's lock; without one (nothing to save to), the steps are kept in memory only."""

    def __init__(
        self, store: SessionStore | None, session: Session, held: Held | None = None, on_disk: Fingerprint | None = None
    ) -> None:
        self.store = store
        self.session = session
        self._held = held
        #: The version of the file this recorder last read or wrote (None: no file yet).
        self._on_disk = on_disk
        #: Why the last save failed ("" when the file on disk has every step).
        self.unsaved = ""
        #: How many of the session's steps the file on disk has.
        self.saved_steps = len(session.steps) if on_disk is not None else 0

    @classmethod
    def start(
        cls, store: SessionStore | None, kb: KnowledgeBase, title: str, *, mode: str = "explore", scenario: str = ""
    ) -> Recorder:
        """A new session. Nothing is written until the first answer: an empty walk leaves no file.
        `kb` is the one the walk uses: `sources_only()` records that the layer was hidden."""
        session = Session.new(title, kb.version, kb.digest, mode=mode, scenario=scenario, sources_only=kb.layer_hidden)
        if store is None:
            return cls(None, session)
        store.ensure_folder()
        return cls(store, session, store.hold(session))

    @classmethod
    def resume(cls, store: SessionStore, session: Session, path: Path | None = None) -> Recorder:
        """Continue a saved session from its file as it is now, under its lock.

        `session` (read from `path`, by default its own file) names which one; its steps are not
        used, since another amltui may have added some since it was read. SessionInUse if another
        amltui is recording it; CopyOfSession if `path` is not the session's own file.
        """
        path = path or store.path_for(session)
        store.check_own_file(path, session)
        held = store.hold(session)
        try:
            on_disk = store.fingerprint(path)  # before reading: a change in between is then seen at the next save
            current = store.load(path)
            if current.id != session.id:
                raise SessionError(str(path), f"now holds session {current.id}, not {session.id}")
        except BaseException:
            held.release()
            raise
        return cls(store, current, held, on_disk)

    def record(
        self, question: str, change: engine.Change, after: engine.Evaluation, predicted: tuple[str, ...] | None = None
    ) -> Session:
        """Add the step for one committed answer (`after`: the engine's evaluation of the answers it
        left) and save; raises SessionError if the save failed, keeping the step.

        `predicted`: in training, the option ids the learner expected to change (None: no prediction).
        """
        self.session = self.session.with_step(
            question,
            tuple(sorted(change.answers.get(question, frozenset()))),
            after.shown_ids,
            change.dropped,
            finished=after.complete,
            predicted=predicted,
        )
        self.save()
        return self.session

    def set_sources_only(self, hidden: bool) -> None:
        """The walk now hides (or shows) the layer: recorded, and saved if the session has a file
        (an empty walk still leaves none); raises SessionError if the save failed, keeping it."""
        if self.session.sources_only == hidden:
            return
        self.session = evolve(self.session, sources_only=hidden)
        if self.session.steps:
            self.save()

    def save(self) -> None:
        if self.store is None:
            return
        try:
            self._on_disk = self.store.save_over(self.session, self._on_disk)
        except SessionError as error:
            self.unsaved = error.reason
            raise
        self.unsaved = ""
        self.saved_steps = len(self.session.steps)

    def close(self) -> None:
        if self._held is not None:
            self._held.release()
            self._held = None


def resumable_answers(kb: KnowledgeBase, session: Session) -> tuple[dict[str, frozenset[str]], tuple[str, ...]]:
    """The session's answers that today's knowledge base can take, and a description of each left out.

    A session recorded with another version may name a question or an answer that no longer
    exists; those are left out (and named), never passed to the engine as if valid.
    """
    kept: dict[str, frozenset[str]] = {}
    left_out: list[str] = []
    for question_id, answer_ids in session.answers.items():
        question = kb.question(question_id)
        if question is None:
            left_out.append(f"{question_id} (no longer a question)")
            continue
        known = frozenset(a for a in answer_ids if question.answer(a) is not None)
        left_out.extend(f"{question.title}: {gone} (no longer an answer)" for gone in sorted(answer_ids - known))
        if known:
            kept[question_id] = known
    answers, dropped = engine.applicable_answers(kb, kept)
    left_out += [f"{question.title} (no longer asked with these answers)" for question in map(kb.question, dropped) if question]
    return answers, tuple(left_out)


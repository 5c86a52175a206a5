"""A training room without screens or files: the room's path through a case, a learner's commit
scored, how the room predicted a step, and the room's summary.

A room walks the case's expected answers one step at a time (the trainer's projected walk). At
each step every learner answers and predicts from the same place (the case's answers so far);
their answer and prediction are scored exactly as in training mode (`training.score_prediction`,
`training.StepResult`), against their own answer's consequences. The room's bars count, per
option, how many learners expected it to change; the right ones are those the case's answer
changed. Pure: data in, data out.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from attrs import field, frozen

from amltui import engine
from amltui.engine.training import StepResult, score_prediction
from amltui.knowledge.models import KnowledgeBase, Scenario

#: Join-code letters: easy to read aloud and to tell apart (no 0/O, 1/I; B, D and E are left out
#: as they rhyme with each other and with 3), and all drawable by Textual's large `Digits`.
ALPHABET = "23456789ACF"
CODE_LENGTH = 6


def new_code() -> str:
    """A fresh code with at least one letter (six digits would read as a record number, and the
    prompt that takes it warns of identifiers)."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if not code.isdigit():
            return code


def normal_code(text: str) -> str | None:
    """A code as typed ("kq7 m3p", "KQ7-M3P") in its one spelling, or None if it cannot be one."""
    code = "".join(ch for ch in text.upper() if ch not in " -")
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


@frozen
class RoomStep:
    """One step of the room's walk: a question of the case, and the options around its answer."""

    #: 1-based, in the case's order.
    number: int
    question: str
    expected: tuple[str, ...]
    #: The case's answers before this step (what every learner answers from).
    answers_before: Mapping[str, frozenset[str]]
    #: Option ids shown before and after the case's answer.
    before: tuple[str, ...]
    after: tuple[str, ...]
    #: The questions still to come that options wait for after the case's answer (in order).
    waited_for: tuple[str, ...] = ()
    #: What each answer given here shows, and why it cannot be given (""), by answer: a room of
    #: 200 gives a handful of different answers, so each is evaluated once (see `shown_after`).
    _seen: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = field(factory=dict, eq=False, repr=False)

    def shown_after(self, kb: KnowledgeBase, answers: Iterable[str]) -> tuple[tuple[str, ...], str]:
        """The option ids shown after this answer here, and why the engine refuses it ("" if not)."""
        key = tuple(sorted(answers))
        if key not in self._seen:
            try:
                after = engine.answer(kb, self.answers_before, self.question, key).answers
                self._seen[key] = (engine.shown_ids(kb, after), "")
            except engine.AnswerError as error:
                self._seen[key] = ((), str(error))
        return self._seen[key]

    @property
    def appeared(self) -> tuple[str, ...]:
        return tuple(i for i in self.after if i not in self.before)

    @property
    def disappeared(self) -> tuple[str, ...]:
        return tuple(i for i in self.before if i not in self.after)

    @property
    def changed(self) -> frozenset[str]:
        return frozenset(self.appeared + self.disappeared)


def room_steps(kb: KnowledgeBase, scenario: Scenario) -> tuple[RoomStep, ...]:
    """The case walked with its expected answers (validation guarantees the engine asks them in
    this order)."""
    steps: list[RoomStep] = []
    answers: dict[str, frozenset[str]] = {}
    shown = engine.shown_ids(kb, answers)
    for number, case in enumerate(scenario.steps, 1):
        after_answers = dict(engine.answer(kb, answers, case.question, case.expected).answers)
        evaluation = engine.evaluate(kb, after_answers)
        after = evaluation.shown_ids
        steps.append(RoomStep(number, case.question, case.expected, dict(answers), shown, after, evaluation.waited_for))
        answers, shown = after_answers, after
    return tuple(steps)


@frozen
class Commit:
    """What one learner committed at one step: an answer and a prediction (None: skipped)."""

    question: str
    answers: tuple[str, ...]
    predicted: tuple[str, ...] | None


def commit_problem(kb: KnowledgeBase, step: RoomStep, commit: Commit) -> str:
    """Why a commit read from a learner's file cannot be scored at this step ("" when it can)."""
    if commit.question != step.question:
        return f"answers {commit.question!r}, not this step's question {step.question!r}"
    _, problem = step.shown_after(kb, commit.answers)
    if problem:
        return problem
    known = {o.id for o in kb.options}
    unknown = sorted(set(commit.predicted or ()) - known)
    return f"predicts unknown options: {', '.join(unknown)}" if unknown else ""


def score(kb: KnowledgeBase, scenario: Scenario, step: RoomStep, commit: Commit) -> StepResult:
    """A learner's commit as training mode scores an answer (call `commit_problem` first)."""
    own_after, _ = step.shown_after(kb, commit.answers)
    case = scenario.step(step.question)
    return StepResult(
        number=step.number,
        question=step.question,
        given=tuple(commit.answers),
        expected=step.expected,
        prediction=None if commit.predicted is None else score_prediction(step.before, own_after, commit.predicted),
        teaching=case.teaching if case is not None else (),
    )


@frozen
class StepTally:
    """How the room answered and predicted one step (no names: the projected screen's bars)."""

    step: RoomStep
    committed: int
    #: Learners whose answer is the case's.
    matched: int
    #: Learners whose prediction was all right (missed nothing, expected nothing wrongly).
    perfect: int
    skipped: int
    #: Per option id: how many learners expected it to change; the options in play (changed
    #: with the case's answer, or expected by someone), in panel order.
    expected_by: tuple[tuple[str, int], ...]
    #: The answers given, most common first: (answer ids, count).
    answers: tuple[tuple[tuple[str, ...], int], ...]
    #: Changed with the case's answer but not expected, by how many learners; and expected
    #: wrongly. Most common first.
    missed: tuple[tuple[str, int], ...]
    wrong: tuple[tuple[str, int], ...]

    @property
    def predicted(self) -> int:
        return self.committed - self.skipped


def tally(kb: KnowledgeBase, scenario: Scenario, step: RoomStep, commits: Iterable[Commit]) -> StepTally:
    """The room's step from valid commits (see `commit_problem`)."""
    results = [(c, score(kb, scenario, step, c)) for c in commits]
    expected: Counter[str] = Counter()
    answers: Counter[tuple[str, ...]] = Counter()
    missed: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for commit, _ in results:
        answers[tuple(sorted(commit.answers))] += 1
        if commit.predicted is None:
            continue
        guessed = set(commit.predicted)
        expected.update(guessed)
        missed.update(step.changed - guessed)
        wrong.update(guessed - step.changed)
    order = [o.id for o in kb.options]
    in_play = [i for i in order if i in step.changed or expected[i]]
    return StepTally(
        step=step,
        committed=len(results),
        matched=sum(1 for _, r in results if r.matched),
        perfect=sum(1 for _, r in results if r.prediction is not None and r.prediction.perfect),
        skipped=sum(1 for c, _ in results if c.predicted is None),
        expected_by=tuple((i, expected[i]) for i in in_play),
        answers=tuple(answers.most_common()),
        missed=_common(missed, order),
        wrong=_common(wrong, order),
    )


def _common(counts: Counter[str], order: Sequence[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(((i, n) for i, n in counts.items() if n), key=lambda item: (-item[1], order.index(item[0]))))


@frozen
class LearnerScore:
    name: str
    #: Steps committed, answers as the case's, prediction points out of.
    committed: int
    matched: int
    points: int
    out_of: int


@frozen
class RoomSummary:
    scenario: Scenario
    #: The steps revealed, in order.
    steps: tuple[StepTally, ...]
    #: By display name, best first.
    learners: tuple[LearnerScore, ...]


def summarise(
    kb: KnowledgeBase, scenario: Scenario, revealed: Sequence[RoomStep], commits: Mapping[str, Mapping[int, Commit]]
) -> RoomSummary:
    """The room's summary from the commits frozen at each reveal (`commits`: by learner name,
    by step number); steps not revealed are not in it."""
    steps = tuple(tally(kb, scenario, step, (c[step.number] for c in commits.values() if step.number in c)) for step in revealed)
    scores = []
    for name, by_step in commits.items():
        results = [score(kb, scenario, step, by_step[step.number]) for step in revealed if step.number in by_step]
        predictions = [r.prediction for r in results if r.prediction is not None]
        scores.append(
            LearnerScore(
                name=name,
                committed=len(results),
                matched=sum(1 for r in results if r.matched),
                points=sum(p.points for p in predictions),
                out_of=sum(p.out_of for p in predictions),
            )
        )
    scores.sort(key=lambda s: (-(s.points / s.out_of if s.out_of else 0), -s.matched, s.name.casefold()))
    return RoomSummary(scenario, steps, tuple(scores))

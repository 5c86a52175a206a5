"""Proving whether a condition can ever hold, given how questions are asked and answered.

The model of a session: questions are asked in file order; a question is asked exactly when its
`ask_if` holds (or it has none); an asked single-answer question holds one answer, an asked
multiple-answer question a non-empty set in which an `exclusive` answer stands alone; an unasked
question holds no answer.

A condition is rewritten as alternatives (conjunctions of literals, see `conditions.alternatives`).
One alternative is checked by a search that always settles the LATEST question it mentions first:
either that question is asked (its answers must meet its literals, and one alternative of its
`ask_if` joins the remaining literals) or it is not (it must have no positive literal, and one
alternative of `not ask_if` joins them). `ask_if` only refers to earlier questions, so every step
moves strictly backwards and the search ends; questions no literal mentions can always be answered
somehow, so they never matter. Every state's result is memoized, which makes chains of `ask_if`
cost one step per question rather than one per path.

The search is iterative (no recursion limit for long chains) and has a step budget per query: past
it, `TooComplex` is raised instead of hanging.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from amltui.knowledge.conditions import Condition, Literal, TooComplex, alternatives
from amltui.knowledge.models import KnowledgeBase, Question

#: One literal inside the search: (position of the question, question id, answer ids, positive).
_Lit = tuple[int, str, frozenset[str], bool]
_State = frozenset[_Lit]

#: States one query may expand before it gives up (a realistic one needs a handful; a chain of
#: ask_if as deep as the number of questions needs about that many).
MAX_STEPS = 50_000


class Reachability:
    """Answers "can this condition ever hold?" and "can this question ever be asked?" for one kb."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._questions: dict[str, tuple[int, Question]] = {}
        for position, question in enumerate(kb.questions):
            if question.id:  # with duplicate ids the last one wins, as in KnowledgeBase.question()
                self._questions[question.id] = (position, question)
        self._memo: dict[_State, bool] = {}
        #: States expanded by the current query (all its alternatives together).
        self._steps = 0
        #: question id -> alternatives of its ask_if / of `not ask_if`; None: too complex, so
        #: the search treats that case as always possible (it may miss a problem, never invent one).
        self._asked_if: dict[str, list[_State] | None] = {}
        self._unasked_if: dict[str, list[_State] | None] = {}

    # --- queries ------------------------------------------------------------------------------

    def can_hold(self, condition: Condition) -> bool:
        """Whether some session makes `condition` true. Raises TooComplex past the limits."""
        terms = alternatives(condition)
        self._steps = 0
        return any(self._satisfiable(state) for state in self._states(terms, before=None))

    def can_ask(self, question_id: str) -> bool:
        """Whether some session asks the question (its ask_if can hold). Raises TooComplex."""
        position, question = self._questions[question_id]
        if question.ask_if is None:
            return True
        terms = alternatives(question.ask_if)
        self._steps = 0
        return any(self._satisfiable(state) for state in self._states(terms, before=position))

    # --- building states ------------------------------------------------------------------

    def _states(self, terms: Iterable[frozenset[Literal]], before: int | None) -> list[_State]:
        """Terms as search states. A literal on an unknown question, or (in an ask_if) on a
        question not asked yet, sees an unanswered question: positive is false, negative true."""
        states = []
        for term in terms:
            state: list[_Lit] = []
            for literal in term:
                found = self._questions.get(literal.question)
                if found is None or (before is not None and found[0] >= before):
                    if literal.positive:
                        break
                    continue
                state.append((found[0], literal.question, literal.answers, literal.positive))
            else:
                states.append(frozenset(state))
        return states

    def _ask_alternatives(self, question_id: str, asked: bool) -> list[_State] | None:
        cache = self._asked_if if asked else self._unasked_if
        if question_id not in cache:
            position, question = self._questions[question_id]
            assert question.ask_if is not None
            try:
                terms = alternatives(question.ask_if, negate=not asked)
                cache[question_id] = self._states(terms, before=position)
            except TooComplex:
                cache[question_id] = None
        return cache[question_id]

    # --- the search -----------------------------------------------------------------------

    def _satisfiable(self, root: _State) -> bool:
        memo = self._memo
        if root in memo:
            return memo[root]
        # Each frame: [state, its child states (None until expanded), index of the next child].
        stack: list[list[Any]] = [[root, None, 0]]
        while stack:
            frame = stack[-1]
            state, children = frame[0], frame[1]
            if children is None:
                self._steps += 1
                if self._steps > MAX_STEPS:
                    raise TooComplex(f"the search passed {MAX_STEPS} steps")
                children = frame[1] = self._expand(state)
            result: bool | None = None
            while frame[2] < len(children):
                known = memo.get(children[frame[2]])
                if known is None:
                    stack.append([children[frame[2]], None, 0])
                    break
                if known:
                    result = True
                    break
                frame[2] += 1
            else:
                result = False
            if result is not None:
                memo[state] = result
                stack.pop()
        return memo[root]

    def _expand(self, state: _State) -> list[_State]:
        """The states that `state` reduces to by settling its latest question (any one will do).
        The empty state holds trivially, so it is returned as its own (memoized True) child."""
        if not state:
            self._memo[frozenset()] = True
            return [state]
        latest = max(state, key=lambda lit: lit[0])
        question_id = latest[1]
        mine = [lit for lit in state if lit[1] == question_id]
        rest = state.difference(mine)
        positive = [lit[2] for lit in mine if lit[3]]
        negative = [lit[2] for lit in mine if not lit[3]]
        question = self._questions[question_id][1]
        children: list[_State] = []
        if _answerable(question, positive, negative):
            if question.ask_if is None:
                children.append(rest)
            else:
                alts = self._ask_alternatives(question_id, asked=True)
                children.extend([rest] if alts is None else [rest | alt for alt in alts])
        if not positive and question.ask_if is not None:
            alts = self._ask_alternatives(question_id, asked=False)
            children.extend([rest] if alts is None else [rest | alt for alt in alts])
        return list(dict.fromkeys(children))


def _answerable(question: Question, positive: list[frozenset[str]], negative: list[frozenset[str]]) -> bool:
    """Whether an asked question can be answered so that its answers meet every positive set and
    avoid every negative set, keeping to one answer (or a lone exclusive answer)."""
    ids = {answer.id for answer in question.answers if answer.id}
    if not ids:
        return not positive  # a question without answers holds none (the loader reports it)
    allowed = ids.difference(*negative)
    if not question.multiple:
        return bool(allowed.intersection(*positive))
    exclusive = {answer.id for answer in question.answers if answer.exclusive}
    # A lone exclusive answer that is in every positive set ...
    if (allowed & exclusive).intersection(*positive):
        return True
    # ... or all allowed ordinary answers at once, which meets every set any choice could.
    ordinary = allowed - exclusive
    return bool(ordinary) and all(ordinary & wanted for wanted in positive)

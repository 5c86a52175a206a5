"""Conditions: when a question is asked and when an option is shown.

Conditions are data, never code. In TOML they are tables:

    { disease_status = ["relapsed"] }            the answer to disease_status is one of these
    { fitness = ["fit"], goals = ["cure"] }      several keys: all of them must hold
    { all = [ {...}, {...} ] }                   every part holds
    { any = [ {...}, {...} ] }                   at least one part holds
    { not = {...} }                              the part does not hold (an unasked question
                                                 is "not" anything)

Because they are data, the engine can say which answers made a condition true and, when it is
false, what would make it true; and the validator can prove whether it can ever hold.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeAlias

from attrs import frozen

#: The answers given so far: question id -> the chosen answer ids.
Answers = Mapping[str, frozenset[str]]

COMBINATORS = ("all", "any", "not")


@frozen
class Is:
    """The answer to `question` includes at least one of `answers`."""

    question: str
    answers: frozenset[str]

    def holds(self, given: Answers) -> bool:
        return bool(given.get(self.question, frozenset()) & self.answers)


@frozen
class AllOf:
    parts: tuple[Condition, ...]

    def holds(self, given: Answers) -> bool:
        return all(part.holds(given) for part in self.parts)


@frozen
class AnyOf:
    parts: tuple[Condition, ...]

    def holds(self, given: Answers) -> bool:
        return any(part.holds(given) for part in self.parts)


@frozen
class Not:
    part: Condition

    def holds(self, given: Answers) -> bool:
        return not self.part.holds(given)


Condition: TypeAlias = Is | AllOf | AnyOf | Not


def leaves(condition: Condition) -> Iterator[Is]:
    """Every `Is` in the condition, in order."""
    match condition:
        case Is():
            yield condition
        case AllOf(parts) | AnyOf(parts):
            for part in parts:
                yield from leaves(part)
        case Not(part):
            yield from leaves(part)


def reasons(condition: Condition, given: Answers) -> list[Condition]:
    """The smallest pieces of a true condition that make it true, in order.

    For `any`, only the parts that hold are reasons; a `not` that holds is its own reason.
    """
    if not condition.holds(given):
        return []
    match condition:
        case Is() | Not():
            return [condition]
        case AllOf(parts):
            return [reason for part in parts for reason in reasons(part, given)]
        case AnyOf(parts):
            return [reason for part in parts if part.holds(given) for reason in reasons(part, given)]
    raise TypeError(condition)  # pragma: no cover


def unmet(condition: Condition, given: Answers) -> Condition | None:
    """What must still become true for a false condition to hold (None if it holds already)."""
    if condition.holds(given):
        return None
    match condition:
        case Is() | Not():
            return condition
        case AllOf(parts):
            missing = [m for part in parts if (m := unmet(part, given)) is not None]
            return missing[0] if len(missing) == 1 else AllOf(tuple(missing))
        case AnyOf(parts):
            return condition
    raise TypeError(condition)  # pragma: no cover


# --- Settled or waiting ------------------------------------------------------------------------
#
# While a walk is under way, some questions are still to be asked. A condition is settled when no
# answer still to come can change it: True or False for every way those questions may yet be
# answered (or skipped). Otherwise it waits (None). This is three-valued logic (Kleene's): `all`
# is False once a part is False, `any` is True once a part is True, `not` keeps a wait a wait.


def settled(condition: Condition, given: Answers, still_to_ask: frozenset[str]) -> bool | None:
    """True or False once no question in `still_to_ask` can change it; None while it waits."""
    if not still_to_ask:  # nothing still to come (a finished walk, most steps of a long replay)
        return condition.holds(given)
    match condition:
        case Is(question, _):
            return None if question in still_to_ask else condition.holds(given)
        case Not(part):
            value = settled(part, given, still_to_ask)
            return None if value is None else not value
        case AllOf(parts):
            values = [settled(p, given, still_to_ask) for p in parts]
            return False if False in values else (None if None in values else True)
        case AnyOf(parts):
            values = [settled(p, given, still_to_ask) for p in parts]
            return True if True in values else (None if None in values else False)
    raise TypeError(condition)  # pragma: no cover


def waiting_part(condition: Condition, given: Answers, still_to_ask: frozenset[str]) -> Condition | None:
    """The part of a waiting condition that the questions still to come decide (None when it is
    settled): what the rest of the walk must answer for it to hold."""
    if settled(condition, given, still_to_ask) is not None:
        return None
    match condition:
        case AllOf(parts):
            waiting = [w for part in parts if (w := waiting_part(part, given, still_to_ask)) is not None]
            return waiting[0] if len(waiting) == 1 else AllOf(tuple(waiting))
        case AnyOf(parts):
            waiting = [w for part in parts if (w := waiting_part(part, given, still_to_ask)) is not None]
            return waiting[0] if len(waiting) == 1 else AnyOf(tuple(waiting))
    return condition


# --- Proving that a condition can hold --------------------------------------------------------
#
# A condition is rewritten as a list of alternatives (disjunctive normal form); each alternative
# is a set of literals "question's answer is in S" (positive) or "is not in S" (negative), and
# holds if some answers satisfy all its literals at once.


@frozen
class Literal:
    question: str
    answers: frozenset[str]
    positive: bool


Term = frozenset[Literal]

#: A term list past this size is not expanded further: the proof gives up rather than hang.
MAX_TERMS = 512


class TooComplex(Exception):
    """The condition has too many alternatives to check exhaustively."""


def alternatives(condition: Condition, negate: bool = False) -> list[Term]:
    """The condition in disjunctive normal form: it holds when any one term holds."""
    match condition:
        case Is(question, answers):
            return [frozenset({Literal(question, answers, not negate)})]
        case Not(part):
            return alternatives(part, not negate)
        case AllOf(parts) if not negate:
            return _product([alternatives(p) for p in parts])
        case AnyOf(parts) if negate:
            return _product([alternatives(p, True) for p in parts])
        case AllOf(parts):  # not all == any not
            return _union([alternatives(p, True) for p in parts])
        case AnyOf(parts):
            return _union([alternatives(p) for p in parts])
    raise TypeError(condition)  # pragma: no cover


def _union(groups: list[list[Term]]) -> list[Term]:
    terms = [term for group in groups for term in group]
    if len(terms) > MAX_TERMS:
        raise TooComplex
    return terms


def _product(groups: list[list[Term]]) -> list[Term]:
    terms: list[Term] = [frozenset()]
    for group in groups:
        if len(terms) * len(group) > MAX_TERMS:  # before building it, not after
            raise TooComplex
        terms = [a | b for a in terms for b in group]
    return terms

"""A saved training session summed up: `summarise` rebuilds the whole run from the session and
its scenario, so the end of a training walk and a later replay of the session say the same thing."""

from __future__ import annotations

from amltui import engine
from amltui.engine.training import StepResult, TrainingSummary, score_prediction
from amltui.knowledge.models import KnowledgeBase, Scenario
from amltui.sessions.model import Session, Step


def is_applied(step: Step, previous: Step | None, scenario: Scenario) -> bool:
    """Whether a step applies the case's answer after the learner's different one.

    In a training walk the learner's answer to a question may be followed at once by the case's
    answer to the same question (the learner chose to continue with the case). Such a step has no
    prediction; every other step is the learner's own (including a reopened question answered
    again).
    """
    case = scenario.step(step.question)
    return (
        case is not None
        and previous is not None
        and previous.question == step.question
        and step.predicted is None
        and set(step.answers) == set(case.expected)
        and set(previous.answers) != set(case.expected)
    )


def summarise(session: Session, scenario: Scenario, kb: KnowledgeBase) -> TrainingSummary:
    """The whole run, from the saved session alone (and the case and knowledge base it names)."""
    results: list[StepResult] = []
    applied: list[str] = []
    taught: set[str] = set()  # a question answered again (reopened) teaches once
    initially_shown = engine.shown_ids(kb, {})
    for previous, step in zip((None, *session.steps), session.steps, strict=False):
        if is_applied(step, previous, scenario):
            applied.append(step.question)
            continue
        case = scenario.step(step.question)
        before = previous.shown if previous is not None else initially_shown
        results.append(
            StepResult(
                number=step.number,
                question=step.question,
                given=step.answers,
                expected=case.expected if case is not None else None,
                prediction=None if step.predicted is None else score_prediction(before, step.shown, step.predicted),
                teaching=case.teaching if case is not None and step.question not in taught else (),
            )
        )
        taught.add(step.question)
    answered = {step.question for step in session.steps}
    return TrainingSummary(
        scenario=scenario,
        results=tuple(results),
        applied=tuple(applied),
        not_reached=tuple(s.question for s in scenario.steps if s.question not in answered),
    )

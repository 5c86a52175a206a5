"""Training scenarios: where their keys sit in the file, and the checks that need the whole kb.

The loader builds `Scenario` models from `scenarios/*.toml` with the same note parsing as every
other file. This module finds the TOML line of each key (tomllib gives none), and checks a built
scenario against the questions, the sources and the order in which the engine asks: a trainer
walks a case step by step on the screen, so a case the engine would not walk is an error.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from attrs import frozen

from amltui.knowledge.asking import answer_problems, applicable_answers, next_question, still_to_ask
from amltui.knowledge.conditions import settled, unmet, waiting_part
from amltui.knowledge.fingerprint import SCENARIOS
from amltui.knowledge.models import KnowledgeBase, Question, Scenario, ScenarioStep
from amltui.knowledge.wording import describe
from amltui.problems import Problem, did_you_mean

#: The folder, inside the knowledge folder, that holds one scenario per `*.toml` file.
FOLDER = SCENARIOS

_HEADER = re.compile(r"^\s*\[\[\s*step\s*(\.\s*teaching\s*)?\]\]\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_PARENT = re.compile(r"(\.[^.\[]+|\[\d+\])$")


def scenario_file(scenario_id: str) -> str:
    """The name problems use for a scenario's file: its id is the file name's stem."""
    return f"{FOLDER}/{scenario_id}.toml"


@frozen
class KeyLines:
    """The line of each key in one scenario file, by key path: `title`, `step[2]` (its header),
    `step[2].expected`, `step[2].teaching[0].source` ..."""

    lines: Mapping[str, int]

    def find(self, key: str) -> int | None:
        """The line of `key`, else of the nearest enclosing key that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            parent = _PARENT.sub("", key)
            if parent == key:
                return None
            key = parent
        return None


def key_lines(text: str, raw: Mapping[str, Any]) -> KeyLines:
    """Where the keys are, found by reading the lines. Only trusted when the `[[step]]` and
    `[[step.teaching]]` headers found match the tables tomllib parsed (the file may use inline
    tables or hide a header-like line in a string); otherwise no lines at all, never wrong ones."""
    lines: dict[str, int] = {}
    prefix: str | None = ""  # None: inside some other table, whose keys are not ours
    step = teaching = -1
    counts: list[int] = []  # teaching points found per step
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        header = _HEADER.match(line)
        if header:
            if header[1]:
                if step < 0:
                    return KeyLines({})
                teaching += 1
                counts[step] += 1
                prefix = f"step[{step}].teaching[{teaching}]"
            else:
                step += 1
                teaching = -1
                counts.append(0)
                prefix = f"step[{step}]"
            lines.setdefault(prefix, number)
            continue
        if line.lstrip().startswith("["):
            prefix = None
            continue
        key = _KEY.match(line)
        if key and prefix is not None:
            lines.setdefault(f"{prefix}.{key[1]}" if prefix else key[1], number)
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_string = quote
                break
    steps = raw.get("step")
    parsed = [len(s.get("teaching", [])) if isinstance(s, dict) and isinstance(s.get("teaching"), list) else 0
              for s in steps] if isinstance(steps, list) else []
    return KeyLines(lines if parsed == counts else {})


def check_scenarios(kb: KnowledgeBase) -> list[Problem]:
    """Every problem of every scenario, each naming its file, `scenario 'id'` and the step's key."""
    problems: list[Problem] = []
    for scenario in kb.scenarios:
        _ScenarioChecker(kb, scenario, problems).check()
    return problems


class _ScenarioChecker:
    def __init__(self, kb: KnowledgeBase, scenario: Scenario, problems: list[Problem]) -> None:
        self.kb = kb
        self.scenario = scenario
        self.problems = problems
        self.file = scenario_file(scenario.id)
        self.item = f"scenario {scenario.id!r}"

    def problem(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, message, item=self.item, key=key, hint=hint))

    def check(self) -> None:
        if not self.scenario.steps:
            return  # no [[step]] tables, or malformed ones: reported by the loader
        walk: list[tuple[int, Question, frozenset[str]]] = []
        seen: dict[str, int] = {}
        broken = False  # a step the engine cannot take: the order checks would only repeat it
        for index, step in enumerate(self.scenario.steps):
            key = f"step[{index}]"
            self.teaching(step, key)
            self.option_ids(step, key)
            if not step.question:
                broken = True  # missing: reported by the loader
                continue
            question = self.kb.question(step.question)
            if question is None:
                self.problem(f"{key}.question", f"unknown question {step.question!r}",
                             did_you_mean(step.question, [q.id for q in self.kb.questions]))
                broken = True
                continue
            if step.question in seen:
                self.problem(f"{key}.question",
                             f"duplicate step: question {step.question!r} is already step {seen[step.question] + 1}")
                continue
            seen[step.question] = index
            chosen = self.answers(question, step, key)
            if chosen is None:
                broken = True
                continue
            walk.append((index, question, chosen))
        if not broken:
            self.order(walk)

    def teaching(self, step: ScenarioStep, key: str) -> None:
        if not step.teaching:
            self.problem(f"{key}.teaching", "a step needs at least one teaching point, with its source",
                         "add a [[step.teaching]] table with text, source and place")
        for index, note in enumerate(step.teaching):
            source = note.cites.source
            if source and source not in self.kb.sources:  # a missing one is reported by the loader
                self.problem(f"{key}.teaching[{index}].source", f"unknown source {source!r}",
                             did_you_mean(source, self.kb.sources))

    def option_ids(self, step: ScenarioStep, key: str) -> None:
        """Unknown option ids in the expectations, and an id expected both shown and not shown."""
        known = [o.id for o in self.kb.options]
        for name in ("must_show", "must_not_show"):
            for option_id in getattr(step, name):
                if self.kb.option(option_id) is None:
                    self.problem(f"{key}.{name}", f"unknown option {option_id!r}", did_you_mean(option_id, known))
        for option_id in sorted(set(step.must_show) & set(step.must_not_show)):
            self.problem(f"{key}.must_not_show", f"option {option_id!r} is also in must_show")

    def expectations(self, index: int, given: dict[str, frozenset[str]]) -> None:
        """What the engine shows once this step is answered must match the step's expectations."""
        step = self.scenario.steps[index]
        if not step.must_show and not step.must_not_show:
            return
        answers, _ = applicable_answers(self.kb, given)
        waiting = still_to_ask(self.kb, answers)  # the engine's rule: an option waits for them
        for option_id in step.must_show:
            option = self.kb.option(option_id)
            if option is None or settled(option.show_if, answers, waiting):
                continue
            missing = unmet(option.show_if, answers) or waiting_part(option.show_if, answers, waiting)
            self.problem(f"step[{index}].must_show", f"option {option_id!r} is not shown after this step"
                         + (f"; it would show with: {describe(self.kb, missing, answers)}" if missing else ""))
        for option_id in step.must_not_show:
            option = self.kb.option(option_id)
            if option is not None and settled(option.show_if, answers, waiting):
                self.problem(f"step[{index}].must_not_show", f"option {option_id!r} is shown after this step "
                             f"(because {describe(self.kb, option.show_if, answers)})")

    def answers(self, question: Question, step: ScenarioStep, key: str) -> frozenset[str] | None:
        """The expected answers if the app would accept them for this question, else None."""
        listing = "answers: " + ", ".join(a.id for a in question.answers)
        problems = [(message, hint or listing) for message, hint in answer_problems(question, step.expected)]
        problems += [(f"answer {a!r} is listed {n} times", "") for a, n in Counter(step.expected).items() if n > 1]
        for message, hint in problems:
            self.problem(f"{key}.expected", f"question {question.id!r}: {message}", hint)
        return None if problems else frozenset(step.expected)

    def order(self, walk: list[tuple[int, Question, frozenset[str]]]) -> None:
        """Walk the steps through the engine: each must be the question it asks next, and the
        walk must end with the questionnaire complete."""
        final, _ = applicable_answers(self.kb, {q.id: chosen for _, q, chosen in walk})
        given: dict[str, frozenset[str]] = {}
        for index, question, chosen in walk:
            key = f"step[{index}].question"
            asked = next_question(self.kb, given)
            if asked is not None and asked.id == question.id:
                given[question.id] = chosen
                self.expectations(index, given)
                continue
            here = (f"the engine asks {asked.id!r} ({asked.title}) at this point" if asked is not None
                    else "the questionnaire is already complete at this point")
            if question.id in final:
                # Asked with this case's answers, but later: keep its answers so that one
                # misplaced step gives one problem.
                self.problem(key, f"step out of order: {here}; {question.id!r} comes after it",
                             "steps follow the order of questions.toml")
                given[question.id] = chosen
            else:
                why = describe(self.kb, question.ask_if) if question.ask_if else ""
                self.problem(key, f"step never reached: {question.id!r} is not asked with this case's answers"
                             + (f" (asked only if {why})" if why else "") + f"; {here}",
                             "remove the step or change the answers before it")
        missing = next_question(self.kb, given)
        if missing is not None:
            self.problem("step", f"the case stops before the questionnaire is complete: the engine asks "
                         f"{missing.id!r} ({missing.title}) next",
                         "trainers need full cases: add a step for every question the engine asks")

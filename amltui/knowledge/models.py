"""The knowledge base as plain, frozen data: questions, options, notices, glossary and training
cases (the sources and their citations are in sources.py).

Nothing here reads files or knows about the screen; `loader.py` builds these from TOML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from attrs import evolve, field, frozen

from amltui.knowledge.conditions import Condition
from amltui.knowledge.dates import long_date
from amltui.knowledge.sources import DATE_UNKNOWN, OUTDATED, OUTDATED_AFTER_YEARS, Citation, Note, Source

# Sources, citations and notes are defined in sources.py; they are offered here too, with the rest
# of the knowledge base's data.
__all__ = [
    "DATE_UNKNOWN", "NUMBER_WORDS", "OUTDATED", "OUTDATED_AFTER_YEARS", "STATUSES",
    "Answer", "Approval", "Category", "Citation", "KnowledgeBase", "Layer", "LayerAddition", "Note",
    "Notice", "Option", "Question", "Scenario", "ScenarioStep", "Source", "Term",
]


NUMBER_WORDS = dict(enumerate(["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]))

#: Option statuses, in the order they are explained to the user.
STATUSES = {
    "standard": "Standard approach named by the sources",
    "approved-targeted": "Approved targeted drug (approval differs by region)",
    "listed": "Named by a source; approval status not given there",
    "investigational": "Investigational: only within a clinical trial",
    "supportive": "Supportive care",
}


@frozen
class Answer:
    id: str
    label: str
    help: str = ""
    #: In a several-answer question, an answer that cannot be combined with others ("none found").
    exclusive: bool = False


@frozen
class Question:
    id: str
    #: A few words for breadcrumbs and reasons ("Genetic markers").
    title: str
    prompt: str
    help: str
    answers: tuple[Answer, ...]
    multiple: bool = False
    ask_if: Condition | None = None
    #: Glossary term ids a learner meets in this question.
    terms: tuple[str, ...] = ()
    #: Notes with citations that explain why the question matters.
    notes: tuple[Note, ...] = ()

    def answer(self, answer_id: str) -> Answer | None:
        return next((a for a in self.answers if a.id == answer_id), None)

    def labels(self, answer_ids: Iterable[str]) -> tuple[str, ...]:
        """The labels of these answers in the question's order; an id it no longer has (from an
        old session) is named as such rather than dropped."""
        ids = set(answer_ids)
        known = tuple(a.label for a in self.answers if a.id in ids)
        gone = sorted(ids - {a.id for a in self.answers})
        return known + tuple(f"{answer_id} (no longer an answer)" for answer_id in gone)


@frozen
class Approval:
    """What a source says about approval in one region (an answer of the region question)."""

    region: str
    text: str
    cites: Citation
    #: Whether this is an approval for this use in that region (None: the line does not say).
    approved: bool | None = None
    #: From the "since the sources" layer, not from the base knowledge.
    newer: bool = False


@frozen
class Category:
    id: str
    title: str


@frozen
class Option:
    id: str
    name: str
    category: str
    summary: str
    status: str
    show_if: Condition
    notes: tuple[Note, ...]
    approvals: tuple[Approval, ...] = ()
    terms: tuple[str, ...] = ()
    #: From the "since the sources" layer (the whole option), not from the base knowledge.
    newer: bool = False

    def base_only(self) -> Option:
        """The option without the notes and approval lines the layer added to it."""
        return evolve(
            self,
            notes=tuple(n for n in self.notes if not n.newer),
            approvals=tuple(a for a in self.approvals if not a.newer),
        )


@frozen
class Notice:
    """A message shown when its condition holds: guidance, or a case the sources do not cover."""

    id: str
    text: str
    show_if: Condition
    #: "gap": the sources are silent here; "guidance": what the sources say applies.
    kind: str
    cites: tuple[Citation, ...] = ()
    #: From the "since the sources" layer, not from the base knowledge.
    newer: bool = False


@frozen
class LayerAddition:
    """A `[[note]]` or `[[approval]]` of the layer file: added to an option of the base knowledge.
    Kept as written (position and target) so that the checks can say which one is wrong; the
    option itself carries the note or approval line."""

    #: 1-based position among the layer file's tables of its kind.
    number: int
    option: str
    item: Note | Approval


@frozen
class Layer:
    """What changed after the sources (knowledge/since_sources.toml): dated, and kept apart."""

    title: str
    #: Regulator records were checked up to this day.
    checked_up_to: dt.date | None
    summary: str
    #: The layer's top-level notes and approval lines, as written (for the checks).
    additions: tuple[LayerAddition, ...] = ()



@frozen
class Term:
    id: str
    term: str
    definition: str
    cites: Citation
    aliases: tuple[str, ...] = ()


@frozen
class ScenarioStep:
    """One question of a training case: the answer expected, and what to teach there."""

    question: str
    expected: tuple[str, ...]
    #: Teaching points, each citing its source.
    teaching: tuple[Note, ...] = ()
    #: Option ids the engine must show, and must not show, once this step is answered.
    must_show: tuple[str, ...] = ()
    must_not_show: tuple[str, ...] = ()


@frozen
class Scenario:
    """A prepared teaching case (no real patient): its story and the walk expected through it."""

    id: str
    title: str
    story: str
    steps: tuple[ScenarioStep, ...]
    #: Guidance for the trainer, hidden from learners until asked for.
    facilitator: tuple[str, ...] = ()

    def step(self, question_id: str) -> ScenarioStep | None:
        return next((s for s in self.steps if s.question == question_id), None)

    @property
    def expected(self) -> dict[str, frozenset[str]]:
        """The answers the case expects, as the engine takes them."""
        return {s.question: frozenset(s.expected) for s in self.steps}


@frozen
class KnowledgeBase:
    title: str
    version: str
    #: sha256 of the knowledge files' bytes: tells sessions whether the content changed.
    digest: str
    disclaimer: str
    #: The question whose answers name the regions approvals refer to.
    region_question: str
    sources: Mapping[str, Source]
    questions: tuple[Question, ...]
    categories: tuple[Category, ...]
    options: tuple[Option, ...]
    notices: tuple[Notice, ...]
    glossary: Mapping[str, Term]
    #: Training cases from `scenarios/*.toml`, in file-name order.
    scenarios: tuple[Scenario, ...] = ()
    #: The "since the sources" layer, when the knowledge base has one (its items are in the
    #: sources, options and notices above, each marked `newer`).
    layer: Layer | None = None
    #: True in the copy `sources_only()` returns: the layer's items are left out.
    layer_hidden: bool = False
    _question_index: Mapping[str, Question] = field(init=False, repr=False, eq=False)
    _option_index: Mapping[str, Option] = field(init=False, repr=False, eq=False)
    _positions: Mapping[str, int] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_question_index", {q.id: q for q in self.questions})
        object.__setattr__(self, "_option_index", {o.id: o for o in self.options})
        object.__setattr__(self, "_positions", {q.id: i for i, q in enumerate(self.questions)})

    def question(self, question_id: str) -> Question | None:
        return self._question_index.get(question_id)

    def option(self, option_id: str) -> Option | None:
        return self._option_index.get(option_id)

    def scenario(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    @property
    def layer_on(self) -> bool:
        """The layer's items are in this knowledge base (it has a layer, and it is not hidden)."""
        return self.layer is not None and not self.layer_hidden

    def sources_only(self) -> KnowledgeBase:
        """The same knowledge base without any item of the layer: the five sources alone.
        The digest stays (it names the files); `layer_hidden` says the layer was left out."""
        if self.layer is None or self.layer_hidden:
            return self
        return evolve(
            self,
            sources={k: s for k, s in self.sources.items() if not s.newer},
            options=tuple(o.base_only() for o in self.options if not o.newer),
            notices=tuple(n for n in self.notices if not n.newer),
            layer_hidden=True,
        )

    @property
    def base_sources(self) -> tuple[Source, ...]:
        """The sources of the base knowledge (sources.toml), without the layer's."""
        return tuple(s for s in self.sources.values() if not s.newer)

    @property
    def layer_mark(self) -> str:
        """The one mark every item of the layer carries on screen and in output:
        "beyond the five sources, checked to 30 Nov 2026" (some of its items predate the sources,
        which do not give them, so "newer" would not always be true)."""
        count = len(self.base_sources)
        mark = f"beyond the {NUMBER_WORDS.get(count, str(count))} sources"
        checked = self.layer.checked_up_to if self.layer else None
        return mark + (f", checked to {long_date(checked)}" if checked else "")

    def position(self, question_id: str) -> int:
        """The question's place in the order of asking (-1 if unknown)."""
        return self._positions.get(question_id, -1)

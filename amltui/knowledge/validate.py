"""Cross-checks of a built knowledge base: ids, references, citations and reachability
(training scenarios are checked in `scenarios.py`).

The loader has already reported malformed files and values; an id it found broken is "" here
and is skipped quietly (the item is then named by its position, as the loader does). Every
problem is reported, each with its file, item and key, so one run lists everything to fix.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from amltui.knowledge.conditions import MAX_TERMS, AllOf, AnyOf, Condition, Is, Not, TooComplex, leaves
from amltui.knowledge.fingerprint import LAYER_FILE
from amltui.knowledge.models import Approval, Citation, KnowledgeBase, Note, Question
from amltui.knowledge.reachability import Reachability
from amltui.knowledge.scenarios import check_scenarios
from amltui.problems import Problem, did_you_mean


def validate(kb: KnowledgeBase) -> list[Problem]:
    problems: list[Problem] = []
    checker = _Checker(kb, problems)
    checker.meta()
    checker.questions()
    checker.categories()
    checker.options()
    checker.notices()
    checker.glossary()
    checker.layer()
    checker.sources()  # last: needs every citation seen
    problems.extend(check_scenarios(kb))  # their citations do not count as uses of a source
    return problems


def item_name(label: str, item_id: str, index: int) -> str:
    """How the loader names an item: `option 'x'`, or `option #3` when its id is broken."""
    return f"{label} {item_id!r}" if item_id else f"{label} #{index}"


class _Checker:
    def __init__(self, kb: KnowledgeBase, problems: list[Problem]) -> None:
        self.kb = kb
        self.problems = problems
        self.reach = Reachability(kb)
        #: question id -> its answer ids (the last question wins for a duplicate id, as in kb.question)
        self.answer_ids = {q.id: frozenset(a.id for a in q.answers) for q in kb.questions if q.id}
        self.cited: set[str] = set()

    def problem(self, file: str, item: str, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(file, message, item=item, key=key, hint=hint))

    # --- kb.toml ------------------------------------------------------------------------------

    def meta(self) -> None:
        region = self.kb.region_question
        if region and self.kb.question(region) is None:
            self.problem(
                "kb.toml", "knowledge", "region_question", f"unknown question {region!r}",
                did_you_mean(region, self.answer_ids),
            )

    # --- questions.toml -----------------------------------------------------------------------

    def questions(self) -> None:
        file = "questions.toml"
        self.duplicates(file, "question", [q.id for q in self.kb.questions])
        for index, question in enumerate(self.kb.questions, start=1):
            item = item_name("question", question.id, index)
            self.answers(question, item)
            self.terms(file, item, question.terms)
            self.notes(file, item, question.notes)
            if question.ask_if is None:
                continue
            if self.references(file, item, "ask_if", question.ask_if, asked_at=index - 1) or not question.id:
                continue  # unreachable because of a broken reference: that reference is the problem
            self.reachable(file, item, "ask_if", functools.partial(self.reach.can_ask, question.id),
                           "can never be asked: no set of earlier answers makes its ask_if hold")

    def answers(self, question: Question, item: str) -> None:
        file = "questions.toml"
        if len(question.answers) < 2:
            self.problem(file, item, "answer",
                         f"a question needs at least 2 answers, found {len(question.answers)}")
        counts = Counter(a.id for a in question.answers if a.id)
        for answer_id, count in counts.items():
            if count > 1:
                self.problem(file, f"{item} answer {answer_id!r}", "id",
                             f"duplicate answer id (used {count} times)")
        if not question.multiple:
            for index, answer in enumerate(question.answers):
                if answer.exclusive:
                    self.problem(file, item, f"answer[{index}].exclusive",
                                 "'exclusive' only applies to a question with multiple = true")

    # --- options.toml -------------------------------------------------------------------------

    def categories(self) -> None:
        file = "options.toml"
        self.duplicates(file, "category", [c.id for c in self.kb.categories])
        used = {o.category for o in self.kb.options}
        for index, category in enumerate(self.kb.categories, start=1):
            if category.id and category.id not in used:
                self.problem(file, item_name("category", category.id, index), "id",
                             "no option uses this category")

    def options(self) -> None:
        self.duplicates("options.toml", "option", [o.id for o in self.kb.options if not o.newer])
        category_ids = [c.id for c in self.kb.categories if c.id]
        counts: Counter[bool] = Counter()
        for option in self.kb.options:
            counts[option.newer] += 1
            file = LAYER_FILE if option.newer else "options.toml"
            item = item_name("option", option.id, counts[option.newer])
            # A base option's own notes and approvals only: those the layer added to it are
            # checked with the layer's other additions (`layer`), under the layer's file.
            own = option if option.newer else option.base_only()
            if option.category and option.category not in category_ids:
                self.problem(file, item, "category", f"unknown category {option.category!r}",
                             did_you_mean(option.category, category_ids))
            if not own.notes:
                self.problem(file, item, "note", "an option needs at least one note that cites a source")
            self.notes(file, item, own.notes)
            for n, approval in enumerate(own.approvals):
                self.region(file, item, f"approval[{n}].region", approval.region)
                self.citation(file, item, f"approval[{n}].", approval.cites)
            self.terms(file, item, option.terms)
            self.shown(file, item, option.show_if, "no set of answers can show this option")

    def region(self, file: str, item: str, key: str, region: str) -> None:
        if not region:
            return  # missing text: reported by the loader
        name = self.kb.region_question
        question = self.kb.question(name) if name else None
        if not name:
            self.problem(file, item, key,
                         "an approval needs region_question in kb.toml to say what its region means")
        elif question is not None and question.answer(region) is None:
            ids = [a.id for a in question.answers]
            self.problem(file, item, key,
                         f"unknown region {region!r}: not an answer of question {name!r}",
                         did_you_mean(region, ids))

    # --- notices.toml -------------------------------------------------------------------------

    def notices(self) -> None:
        self.duplicates("notices.toml", "notice", [n.id for n in self.kb.notices if not n.newer])
        counts: Counter[bool] = Counter()
        for notice in self.kb.notices:
            counts[notice.newer] += 1
            file = LAYER_FILE if notice.newer else "notices.toml"
            item = item_name("notice", notice.id, counts[notice.newer])
            if notice.kind == "guidance" and not notice.cites:
                self.problem(file, item, "cite", "a guidance notice cites at least one source")
            for n, cite in enumerate(notice.cites):
                self.citation(file, item, f"cite[{n}].", cite)
            self.shown(file, item, notice.show_if, "no set of answers can show this notice")

    # --- glossary.toml and sources.toml -------------------------------------------------------

    def glossary(self) -> None:
        for term in self.kb.glossary.values():
            self.citation("glossary.toml", f"term {term.id!r}", "", term.cites)

    def layer(self) -> None:
        """The layer's `[[approval]]` and `[[note]]` tables (its options, notices and sources are
        checked with the base's, under the layer's file)."""
        if self.kb.layer is None:
            return
        for addition in self.kb.layer.additions:
            added = addition.item
            if isinstance(added, Approval):
                item = f"approval #{addition.number}"
                self.region(LAYER_FILE, item, "region", added.region)
            else:
                item = f"note #{addition.number}"
            self.citation(LAYER_FILE, item, "", added.cites)

    def sources(self) -> None:
        for source in self.kb.sources.values():
            file = LAYER_FILE if source.newer else "sources.toml"
            if source.id not in self.cited:
                self.problem(file, f"source {source.id!r}", "id", "no note cites this source")
            try:
                _ = source.published  # the loader checks the shape only; "2024-13" would fail on screen
            except ValueError:
                self.problem(file, f"source {source.id!r}", "date",
                             f"date {source.date!r} is not a real date")

    # --- shared checks ------------------------------------------------------------------------

    def duplicates(self, file: str, label: str, ids: Sequence[str]) -> None:
        counts = Counter(i for i in ids if i)
        for item_id, count in counts.items():
            if count > 1:
                self.problem(file, f"{label} {item_id!r}", "id", f"duplicate id (used {count} times)")

    def notes(self, file: str, item: str, notes: Sequence[Note]) -> None:
        for index, note in enumerate(notes):
            self.citation(file, item, f"note[{index}].", note.cites)

    def citation(self, file: str, item: str, prefix: str, cites: Citation) -> None:
        source = cites.source
        if not source:
            return  # missing: reported by the loader
        if source in self.kb.sources:
            self.cited.add(source)
        else:
            self.problem(file, item, prefix + "source", f"unknown source {source!r}",
                         did_you_mean(source, self.kb.sources))

    def terms(self, file: str, item: str, terms: Iterable[str]) -> None:
        for index, term in enumerate(terms):
            if term not in self.kb.glossary:
                self.problem(file, item, f"terms[{index}]", f"unknown glossary term {term!r}",
                             did_you_mean(term, self.kb.glossary))

    def references(self, file: str, item: str, key: str, condition: Condition,
                   asked_at: int | None = None) -> bool:
        """Report unknown questions and answers and, in the ask_if of the question at position
        `asked_at`, questions not asked before it. True if any was found."""
        if all(self._known(leaf, asked_at) for leaf in leaves(condition)):
            return False  # the common case, without building key paths
        for path, leaf in condition_paths(condition, key):
            answer_ids = self.answer_ids.get(leaf.question)
            if answer_ids is None:
                self.problem(file, item, path, f"unknown question {leaf.question!r}",
                             did_you_mean(leaf.question, self.answer_ids))
                continue
            for answer_id in sorted(leaf.answers - answer_ids):
                self.problem(file, item, path, f"unknown answer {answer_id!r} for question {leaf.question!r}",
                             did_you_mean(answer_id, answer_ids))
            position = self.kb.position(leaf.question)
            if asked_at is None or position < asked_at:
                continue
            if position == asked_at:
                self.problem(file, item, path, "ask_if refers to the question itself")
            else:
                self.problem(file, item, path,
                             f"ask_if refers to question {leaf.question!r}, which is asked later "
                             f"(question #{position + 1}; this is #{asked_at + 1})",
                             "questions are asked in file order: move it earlier or drop the reference")
        return True

    def _known(self, leaf: Is, asked_at: int | None) -> bool:
        answer_ids = self.answer_ids.get(leaf.question)
        if answer_ids is None or not leaf.answers <= answer_ids:
            return False
        return asked_at is None or self.kb.position(leaf.question) < asked_at

    def shown(self, file: str, item: str, condition: Condition, never: str) -> None:
        if condition == AnyOf(()):
            return  # the loader's stand-in for a missing or broken show_if, already reported
        if self.references(file, item, "show_if", condition):
            return
        self.reachable(file, item, "show_if", lambda: self.reach.can_hold(condition), never)

    def reachable(self, file: str, item: str, key: str, check: Callable[[], bool], never: str) -> None:
        try:
            if not check():
                self.problem(file, item, key, never)
        except TooComplex as error:
            detail = str(error) or f"more than {MAX_TERMS} alternatives"
            self.problem(file, item, key, f"condition too complex to check: {detail}",
                         "split it into simpler conditions")


def condition_paths(condition: Condition, key: str) -> Iterator[tuple[str, Is]]:
    """Each `Is` with the key path an author finds it under, e.g. `show_if.any[1].markers`.

    The loader turns both a table of several keys and an `all` list into AllOf; a group that could
    be a table (distinct question keys, at most one each of all/any/not) is shown as one.
    """
    match condition:
        case Is(question):
            yield f"{key}.{question}", condition
        case Not(part):
            yield from condition_paths(part, f"{key}.not")
        case AnyOf(parts):
            for index, part in enumerate(parts):
                yield from condition_paths(part, f"{key}.any[{index}]")
        case AllOf(parts) if _looks_like_table(parts):
            for part in parts:
                if isinstance(part, AllOf):  # the table's `all` key
                    for index, sub in enumerate(part.parts):
                        yield from condition_paths(sub, f"{key}.all[{index}]")
                else:
                    yield from condition_paths(part, key)
        case AllOf(parts):
            for index, part in enumerate(parts):
                yield from condition_paths(part, f"{key}.all[{index}]")


def _looks_like_table(parts: tuple[Condition, ...]) -> bool:
    if len(parts) < 2:
        return False  # a one-key table is not wrapped, so this came from an `all` list
    names = [p.question if isinstance(p, Is) else type(p).__name__ for p in parts]
    return len(names) == len(set(names))

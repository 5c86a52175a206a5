"""The knowledge base built from the parsed files, one model per table, every problem recorded."""

from __future__ import annotations

import re
from typing import Any

from amltui.knowledge import scenarios
from amltui.knowledge.conditions import COMBINATORS, AnyOf
from amltui.knowledge.layer_build import additions_of, layer_meta, layer_source, merge
from amltui.knowledge.models import (
    LAYER_FILE,
    STATUSES,
    Answer,
    Approval,
    Category,
    KnowledgeBase,
    Note,
    Notice,
    Option,
    Question,
    Scenario,
    ScenarioStep,
    Source,
    Term,
)
from amltui.knowledge.reader import Reader, kind_of
from amltui.problems import Problem, did_you_mean

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$|^undated$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
NOTICE_KINDS = ("gap", "guidance")


def build(
    raw: dict[str, dict[str, Any]],
    scenario_raw: dict[str, dict[str, Any]],
    content_digest: str,
    problems: list[Problem],
) -> KnowledgeBase:
    meta_reader = Reader("kb.toml", problems)
    meta_reader.keys(raw["kb.toml"], "", ("knowledge",))
    meta = raw["kb.toml"].get("knowledge")
    if not isinstance(meta, dict):
        meta_reader.problem("", "knowledge", "missing [knowledge] table")
        meta = {}
    meta_reader.keys(meta, "knowledge", ("title", "version", "disclaimer", "region_question"))

    sources = Reader("sources.toml", problems)
    questions = Reader("questions.toml", problems)
    options = Reader("options.toml", problems)
    notices = Reader("notices.toml", problems)
    glossary = Reader("glossary.toml", problems)
    for reader, allowed in (
        (sources, ("source",)),
        (questions, ("question",)),
        (options, ("category", "option")),
        (notices, ("notice",)),
        (glossary, ("term",)),
    ):
        reader.keys(raw[reader.file], "", allowed)

    # Sub-tables (notes, approvals, cites) are reported under their item with an indexed key,
    # `note[1].place`, so that it is clear which of several notes is meant (as validate.py does).
    def notes(reader: Reader, table: dict[str, Any], item: str) -> tuple[Note, ...]:
        return tuple(reader.note(t, item, f"note[{i}].") for i, t in enumerate(reader.tables(table, "note", item)))

    def source(t: dict[str, Any], item: str, sources: Reader = sources) -> Source:
        sources.keys(t, item, ("id", "publisher", "title", "date", "kind", "address", "doi", "date_note", "copy_taken"))
        date = sources.text(t, "date", item)
        if date and not _DATE.match(date):
            sources.problem(item, "date", f"date {date!r} must be YYYY, YYYY-MM, YYYY-MM-DD or 'undated'")
            date = "undated"
        found = Source(
            id=sources.identifier(t, item),
            publisher=sources.text(t, "publisher", item),
            title=sources.text(t, "title", item),
            date=date or "undated",
            kind=sources.text(t, "kind", item),
            address=sources.text(t, "address", item, required=False),
            doi=sources.text(t, "doi", item, required=False),
            date_note=sources.text(t, "date_note", item, required=False),
            copy_taken=sources.text(t, "copy_taken", item, required=False),
        )
        if not found.address and not found.doi:
            sources.problem(item, "address", "a source needs an address or a DOI")
        return found

    def answer(t: dict[str, Any], item: str) -> Answer:
        questions.keys(t, item, ("id", "label", "help", "exclusive"), "answer.")
        return Answer(
            id=questions.identifier(t, item),
            label=questions.text(t, "label", item),
            help=questions.text(t, "help", item, required=False),
            exclusive=questions.flag(t, "exclusive", item),
        )

    def question(t: dict[str, Any], item: str) -> Question:
        questions.keys(t, item, ("id", "title", "prompt", "help", "multiple", "ask_if", "terms", "answer", "note"))
        qid = questions.identifier(t, item)
        if qid in COMBINATORS:
            questions.problem(item, "id", f"{qid!r} is reserved for conditions")
        return Question(
            id=qid,
            title=questions.text(t, "title", item),
            prompt=questions.text(t, "prompt", item),
            help=questions.text(t, "help", item),
            multiple=questions.flag(t, "multiple", item),
            answers=tuple(questions.each(questions.tables(t, "answer", item, required=True), f"{item} answer", answer)),
            ask_if=questions.condition(t["ask_if"], item, "ask_if") if "ask_if" in t else None,
            terms=questions.names(t, "terms", item),
            notes=notes(questions, t, item),
        )

    def category(t: dict[str, Any], item: str) -> Category:
        options.keys(t, item, ("id", "title"))
        return Category(id=options.identifier(t, item), title=options.text(t, "title", item))

    def approval(t: dict[str, Any], item: str, prefix: str, options: Reader = options) -> Approval:
        options.keys(t, item, ("region", "text", "source", "place", "approved"), prefix)
        approved = t.get("approved")
        if approved is not None and not isinstance(approved, bool):
            options.problem(item, prefix + "approved", f"expected true or false, found {kind_of(approved)}")
            approved = None
        return Approval(
            region=options.text(t, "region", item, prefix=prefix),
            text=options.text(t, "text", item, prefix=prefix),
            cites=options.citation(t, item, prefix),
            approved=approved,
        )

    def option(t: dict[str, Any], item: str, options: Reader = options) -> Option:
        options.keys(
            t, item, ("id", "name", "category", "summary", "status", "show_if", "note", "approval", "terms")
        )
        status = options.text(t, "status", item)
        if status and status not in STATUSES:
            options.problem(item, "status", f"unknown status {status!r}", did_you_mean(status, STATUSES))
        show_if = options.condition(t.get("show_if"), item, "show_if") if "show_if" in t else None
        if "show_if" not in t:
            options.problem(item, "show_if", "missing: every option says when it is shown")
        return Option(
            id=options.identifier(t, item),
            name=options.text(t, "name", item),
            category=options.text(t, "category", item),
            summary=options.text(t, "summary", item),
            status=status,
            show_if=show_if or AnyOf(()),
            notes=notes(options, t, item),
            approvals=tuple(
                approval(a, item, f"approval[{i}].", options) for i, a in enumerate(options.tables(t, "approval", item))
            ),
            terms=options.names(t, "terms", item),
        )

    def notice(t: dict[str, Any], item: str, notices: Reader = notices) -> Notice:
        notices.keys(t, item, ("id", "text", "kind", "show_if", "cite"))
        kind = notices.text(t, "kind", item)
        if kind and kind not in NOTICE_KINDS:
            notices.problem(item, "kind", f"kind must be one of {', '.join(NOTICE_KINDS)}", did_you_mean(kind, NOTICE_KINDS))
        cites = []
        for i, c in enumerate(notices.tables(t, "cite", item)):
            notices.keys(c, item, ("source", "place"), f"cite[{i}].")
            cites.append(notices.citation(c, item, f"cite[{i}]."))
        show_if = notices.condition(t.get("show_if"), item, "show_if") if "show_if" in t else None
        if "show_if" not in t:
            notices.problem(item, "show_if", "missing: every notice says when it is shown")
        return Notice(
            id=notices.identifier(t, item),
            text=notices.text(t, "text", item),
            kind=kind,
            show_if=show_if or AnyOf(()),
            cites=tuple(cites),
        )

    def term(t: dict[str, Any], item: str) -> Term:
        glossary.keys(t, item, ("id", "term", "definition", "source", "place", "aliases"))
        return Term(
            id=glossary.identifier(t, item),
            term=glossary.text(t, "term", item),
            definition=glossary.text(t, "definition", item),
            cites=glossary.citation(t, item, ""),
            aliases=glossary.names(t, "aliases", item),
        )

    def by_id(reader: Reader, items: list[Any], label: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for entry in items:
            if entry.id in found:
                reader.problem(f"{label} {entry.id!r}", "id", "duplicate id")
            elif entry.id:
                found[entry.id] = entry
        return found

    def scenario(name: str, t: dict[str, Any]) -> Scenario:
        reader = Reader(name, problems)
        scenario_id = name.removeprefix(f"{scenarios.FOLDER}/").removesuffix(".toml")
        item = f"scenario {scenario_id!r}"
        if not _ID.match(scenario_id):
            reader.problem(item, "", f"file name {scenario_id!r} must be lower-case letters, digits, '-' or '_' "
                           "(it is the scenario's id)")
        reader.keys(t, item, ("title", "story", "facilitator", "step"))
        facilitator = reader.names(t, "facilitator", item)
        if "facilitator" not in t:
            reader.problem(item, "facilitator", "missing: a scenario needs notes for the trainer")
        elif isinstance(t["facilitator"], list) and not t["facilitator"]:  # as good as missing
            reader.problem(item, "facilitator", "no notes: a scenario needs at least one note for the trainer")
        for index, text in enumerate(facilitator):
            if not text.strip():
                reader.problem(item, f"facilitator[{index}]", "empty text")
        steps = []
        for index, s in enumerate(reader.tables(t, "step", item, required=True)):
            prefix = f"step[{index}]."
            reader.keys(s, item, ("question", "expected", "teaching", "must_show", "must_not_show"), prefix)
            teaching = reader.tables(s, "teaching", item, prefix=prefix)
            steps.append(ScenarioStep(
                question=reader.text(s, "question", item, prefix=prefix),
                expected=reader.names(s, "expected", item, prefix=prefix),
                teaching=tuple(reader.note(n, item, f"{prefix}teaching[{i}].") for i, n in enumerate(teaching)),
                must_show=reader.names(s, "must_show", item, prefix=prefix),
                must_not_show=reader.names(s, "must_not_show", item, prefix=prefix),
            ))
        return Scenario(
            id=scenario_id,
            title=reader.text(t, "title", item),
            story=reader.text(t, "story", item),
            steps=tuple(steps),
            facilitator=tuple(text.strip() for text in facilitator if text.strip()),
        )

    source_list = sources.each(sources.tables(raw["sources.toml"], "source", "", required=True), "source", source)
    term_list = glossary.each(glossary.tables(raw["glossary.toml"], "term", ""), "term", term)
    base = KnowledgeBase(
        title=meta_reader.text(meta, "title", "knowledge"),
        version=meta_reader.text(meta, "version", "knowledge"),
        digest=content_digest,
        disclaimer=meta_reader.text(meta, "disclaimer", "knowledge"),
        region_question=meta_reader.text(meta, "region_question", "knowledge", required=False),
        sources=by_id(sources, source_list, "source"),
        questions=tuple(questions.each(questions.tables(raw["questions.toml"], "question", "", required=True), "question", question)),
        categories=tuple(options.each(options.tables(raw["options.toml"], "category", "", required=True), "category", category)),
        options=tuple(options.each(options.tables(raw["options.toml"], "option", "", required=True), "option", option)),
        notices=tuple(notices.each(notices.tables(raw["notices.toml"], "notice", ""), "notice", notice)),
        glossary=by_id(glossary, term_list, "term"),
        scenarios=tuple(scenario(name, table) for name, table in scenario_raw.items()),
    )
    if raw.get(LAYER_FILE) is None:
        return base
    layer = Reader(LAYER_FILE, problems)
    table = raw[LAYER_FILE]
    layer.keys(table, "", ("layer", "source", "option", "approval", "note", "notice"))
    newer_sources = layer.each(
        layer.tables(table, "source", ""), "source", lambda t, item: layer_source(layer, t, source(t, item, layer), item)
    )
    newer_options = layer.each(layer.tables(table, "option", ""), "option", lambda t, item: option(t, item, layer))
    newer_notices = layer.each(layer.tables(table, "notice", ""), "notice", lambda t, item: notice(t, item, layer))
    additions = additions_of(layer, table, approval)
    return merge(base, layer, layer_meta(layer, table), newer_sources, newer_options, newer_notices, additions)

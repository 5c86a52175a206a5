"""The knowledge base built from the parsed files, one model per table, every problem recorded.

The model of each item (a source, a question, an option, ...) is built in `build_items.py`, that of
each scenario in `build_scenarios.py`; here each file's top level is read, the base is built from
the main files and the layer, if there is one, is merged in. The order of the steps is the order in
which problems are reported, which the tests and the people reading the report rely on."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple, TypeVar

from amltui.knowledge import build_items as items
from amltui.knowledge.build_items import NOTICE_KINDS
from amltui.knowledge.build_scenarios import scenario
from amltui.knowledge.fingerprint import LAYER_FILE
from amltui.knowledge.layer_build import additions_of, layer_meta, layer_source, merge
from amltui.knowledge.models import KnowledgeBase, Source
from amltui.knowledge.reader import Reader
from amltui.problems import Problem

__all__ = ["NOTICE_KINDS", "build"]

T = TypeVar("T")


class _MainReaders(NamedTuple):
    """One reader per main file, so that each problem names the file it is in."""

    sources: Reader
    questions: Reader
    options: Reader
    notices: Reader
    glossary: Reader


def build(
    raw: dict[str, dict[str, Any]],
    scenario_raw: dict[str, dict[str, Any]],
    content_digest: str,
    problems: list[Problem],
) -> KnowledgeBase:
    """The knowledge base of the parsed files `raw` and scenarios `scenario_raw`. Every problem is
    recorded in `problems` and the models are built regardless, so that one load finds them all."""
    meta_reader, meta = _knowledge_table(raw["kb.toml"], problems)
    readers = _main_readers(raw, problems)
    base = _base(raw, scenario_raw, content_digest, meta_reader, meta, readers, problems)
    if raw.get(LAYER_FILE) is None:
        return base
    return _with_layer(base, raw[LAYER_FILE], problems)


def _knowledge_table(table: dict[str, Any], problems: list[Problem]) -> tuple[Reader, dict[str, Any]]:
    """`kb.toml`'s `[knowledge]` table (empty when it is missing, so that its texts are reported
    missing one by one) and the reader its texts are read with later."""
    reader = Reader("kb.toml", problems)
    reader.keys(table, "", ("knowledge",))
    meta = table.get("knowledge")
    if not isinstance(meta, dict):
        reader.problem("", "knowledge", "missing [knowledge] table")
        meta = {}
    reader.keys(meta, "knowledge", ("title", "version", "disclaimer", "region_question"))
    return reader, meta


def _main_readers(raw: dict[str, dict[str, Any]], problems: list[Problem]) -> _MainReaders:
    """A reader for each main file, with the file's unknown top-level tables reported."""
    readers = _MainReaders(
        sources=Reader("sources.toml", problems),
        questions=Reader("questions.toml", problems),
        options=Reader("options.toml", problems),
        notices=Reader("notices.toml", problems),
        glossary=Reader("glossary.toml", problems),
    )
    for reader, allowed in (
        (readers.sources, ("source",)),
        (readers.questions, ("question",)),
        (readers.options, ("category", "option")),
        (readers.notices, ("notice",)),
        (readers.glossary, ("term",)),
    ):
        reader.keys(raw[reader.file], "", allowed)
    return readers


def _base(
    raw: dict[str, dict[str, Any]],
    scenario_raw: dict[str, dict[str, Any]],
    content_digest: str,
    meta_reader: Reader,
    meta: dict[str, Any],
    readers: _MainReaders,
    problems: list[Problem],
) -> KnowledgeBase:
    """The knowledge base of the main files and the scenarios, without the layer."""
    # Sources and terms are built before the [knowledge] texts are read, the rest after: the order
    # in which their problems have always been reported.
    source_list = _each(readers.sources, raw["sources.toml"], "source", items.source, required=True)
    term_list = _each(readers.glossary, raw["glossary.toml"], "term", items.term)
    title = meta_reader.text(meta, "title", "knowledge")
    version = meta_reader.text(meta, "version", "knowledge")
    disclaimer = meta_reader.text(meta, "disclaimer", "knowledge")
    region_question = meta_reader.text(meta, "region_question", "knowledge", required=False)
    sources = _by_id(readers.sources, source_list, "source")
    questions = _each(readers.questions, raw["questions.toml"], "question", items.question, required=True)
    categories = _each(readers.options, raw["options.toml"], "category", items.category, required=True)
    options = _each(readers.options, raw["options.toml"], "option", items.option, required=True)
    notices = _each(readers.notices, raw["notices.toml"], "notice", items.notice)
    glossary = _by_id(readers.glossary, term_list, "term")
    scenario_list = tuple(scenario(name, table, problems) for name, table in scenario_raw.items())
    return KnowledgeBase(
        title=title,
        version=version,
        digest=content_digest,
        disclaimer=disclaimer,
        region_question=region_question,
        sources=sources,
        questions=tuple(questions),
        categories=tuple(categories),
        options=tuple(options),
        notices=tuple(notices),
        glossary=glossary,
        scenarios=scenario_list,
    )


def _with_layer(base: KnowledgeBase, table: dict[str, Any], problems: list[Problem]) -> KnowledgeBase:
    """`base` with the layer (`since_sources.toml`, parsed as `table`) merged in. Its sources,
    options and notices are read as those of the main files are, with the layer's reader."""
    layer = Reader(LAYER_FILE, problems)
    layer.keys(table, "", ("layer", "source", "option", "approval", "note", "notice"))
    newer_sources = _each(layer, table, "source", _layer_source)
    newer_options = _each(layer, table, "option", items.option)
    newer_notices = _each(layer, table, "notice", items.notice)
    additions = additions_of(layer, table, lambda t, item, prefix, reader: items.approval(reader, t, item, prefix))
    meta = layer_meta(layer, table)  # after the additions: the [layer] table's problems come last
    return merge(base, layer, meta, newer_sources, newer_options, newer_notices, additions)


def _layer_source(reader: Reader, t: dict[str, Any], item: str) -> Source:
    """A source of the layer: checked as any source is, then as a regulator document."""
    return layer_source(reader, t, items.source(reader, t, item), item)


def _each(
    reader: Reader,
    table: dict[str, Any],
    key: str,
    build_one: Callable[[Reader, dict[str, Any], str], T],
    *,
    required: bool = False,
) -> list[T]:
    """One model per `[[key]]` table of a file, each reported as `key 'id'` (or `key #n`)."""
    return reader.each(reader.tables(table, key, "", required=required), key, partial(build_one, reader))


def _by_id(reader: Reader, found: list[Any], label: str) -> dict[str, Any]:
    """The models by id; a repeated id is reported and the first model with it kept, one with no
    id (already reported as missing) dropped."""
    by_id: dict[str, Any] = {}
    for entry in found:
        if entry.id in by_id:
            reader.problem(f"{label} {entry.id!r}", "id", "duplicate id")
        elif entry.id:
            by_id[entry.id] = entry
    return by_id

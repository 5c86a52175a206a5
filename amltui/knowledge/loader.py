"""Reading `knowledge/*.toml` into the models, collecting every problem instead of stopping.

`load_knowledge(folder)` returns a valid `KnowledgeBase` or raises `KnowledgeError` with the full
list of problems: wrong types, missing text, unknown keys here; cross-references, reachability and
citations in `validate.py`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import attrs

from amltui import files
from amltui.knowledge import layer_lines, scenarios
from amltui.knowledge.conditions import COMBINATORS, AllOf, AnyOf, Condition, Is, Not
from amltui.knowledge.models import (
    LAYER_FILE,
    STATUSES,
    Answer,
    Approval,
    Category,
    Citation,
    KnowledgeBase,
    Layer,
    LayerAddition,
    Note,
    Notice,
    Option,
    Question,
    Scenario,
    ScenarioStep,
    Source,
    Term,
)
from amltui.problems import KnowledgeError, Problem, did_you_mean
from amltui.knowledge.validate import validate
from amltui.terminal_text import UNSEEN, placeholder

FILES = ("kb.toml", "sources.toml", "questions.toml", "options.toml", "notices.toml", "glossary.toml")
#: Forty times the largest knowledge file (options.toml, 24 KB); protects against a huge or
#: hostile file, and bounds the parse time (tomllib takes seconds per crafted megabyte).
MAX_FILE_BYTES = 1024 * 1024
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$|^undated$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: A regulator document is dated at least to the month (an EPAR gives the month of authorisation).
_MONTH = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
#: A character as written in a TOML file: raw, or as one of the escapes that give a control.
_WRITTEN_UNSEEN = re.compile(UNSEEN.pattern + r"|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}|\\[bfr]")
NOTICE_KINDS = ("gap", "guidance")

T = TypeVar("T")


class _Reader:
    """Typed access to one file's tables, recording a problem for anything malformed."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def problem(self, item: str, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, message, item=item, key=key, hint=hint))

    def keys(self, table: dict[str, Any], item: str, allowed: tuple[str, ...], prefix: str = "") -> None:
        for key in table:
            if key not in allowed:
                self.problem(item, prefix + key, f"unknown key {key!r}", did_you_mean(key, allowed))

    def text(self, table: dict[str, Any], key: str, item: str, *, required: bool = True, prefix: str = "") -> str:
        """`prefix` locates a sub-table in the reported key, e.g. "note[1]."."""
        value = table.get(key)
        if value is None:
            if required:
                self.problem(item, prefix + key, "missing text")
            return ""
        if not isinstance(value, str):
            self.problem(item, prefix + key, f"expected text, found {_kind(value)}")
            return ""
        if required and not value.strip():
            self.problem(item, prefix + key, "empty text")
        return value.strip()

    def identifier(self, table: dict[str, Any], item: str) -> str:
        value = self.text(table, "id", item)
        if value and not _ID.match(value):
            self.problem(item, "id", f"id {value!r} must be lower-case letters, digits, '-' or '_'")
        return value

    def flag(self, table: dict[str, Any], key: str, item: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.problem(item, key, f"expected true or false, found {_kind(value)}")
            return False
        return value

    def names(self, table: dict[str, Any], key: str, item: str, *, prefix: str = "") -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(item, prefix + key, f"expected a list of texts, found {_kind(value)}")
            return ()
        return tuple(value)

    def tables(
        self, table: dict[str, Any], key: str, item: str, *, required: bool = False, prefix: str = ""
    ) -> list[dict[str, Any]]:
        """`prefix` is the parent table's key path, e.g. "step[2]." for `[[step.teaching]]`."""
        header = prefix.rstrip(".").split("[")[0] + "." + key if prefix else key
        value = table.get(key)
        if value is None:
            if required:
                self.problem(item, prefix + key, f"missing [[{header}]] entries")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(item, prefix + key, f"expected [[{header}]] tables, found {_kind(value)}")
            return []
        return value

    def each(self, tables: list[dict[str, Any]], label: str, build: Callable[[dict[str, Any], str], T]) -> list[T]:
        """Build one model per table; the item name is `label 'id'` (or its position)."""
        built = []
        for index, table in enumerate(tables, start=1):
            raw_id = table.get("id")
            item = f"{label} {raw_id!r}" if isinstance(raw_id, str) and raw_id else f"{label} #{index}"
            built.append(build(table, item))
        return built

    def citation(self, table: dict[str, Any], item: str, prefix: str) -> Citation:
        """A source id and the place in that source; both are required for every factual text."""
        found = {}
        for key in ("source", "place"):
            value = table.get(key)
            if not isinstance(value, str) or not value.strip():
                self.problem(item, prefix + key, "missing: every note names its source and the place in it")
            found[key] = value.strip() if isinstance(value, str) else ""
        return Citation(source=found["source"], place=found["place"])

    def note(self, table: dict[str, Any], item: str, prefix: str) -> Note:
        """A text with its citation: an option or question note, or a scenario's teaching point."""
        self.keys(table, item, ("text", "source", "place"), prefix)
        return Note(text=self.text(table, "text", item, prefix=prefix), cites=self.citation(table, item, prefix))

    def condition(self, value: Any, item: str, key: str) -> Condition | None:
        if not isinstance(value, dict) or not value:
            self.problem(item, key, f"a condition is a non-empty table, found {_kind(value)}")
            return None
        parts: list[Condition] = []
        for name, inner in value.items():
            path = f"{key}.{name}"
            if name in ("all", "any"):
                if not isinstance(inner, list) or not inner:
                    self.problem(item, path, f"'{name}' takes a non-empty list of conditions")
                    continue
                subs = [self.condition(sub, item, f"{path}[{i}]") for i, sub in enumerate(inner)]
                built = tuple(s for s in subs if s is not None)
                if len(built) == len(subs):
                    parts.append((AllOf if name == "all" else AnyOf)(built))
            elif name == "not":
                sub = self.condition(inner, item, path)
                if sub is not None:
                    parts.append(Not(sub))
            else:
                answers = [inner] if isinstance(inner, str) else inner
                if not isinstance(answers, list) or not answers or not all(isinstance(a, str) for a in answers):
                    self.problem(item, path, f"expected answer ids for question {name!r}, found {_kind(inner)}")
                    continue
                parts.append(Is(name, frozenset(answers)))
        if len(parts) != len(value):
            return None
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _kind(value: Any) -> str:
    names = {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)


def _fail(name: str) -> files.Fail:
    """How the guarded read path reports a problem with one knowledge file."""
    return lambda message, line, column: KnowledgeError([Problem(name, message, line=line, column=column)])


def read_bytes(path: Path, problems: list[Problem], name: str = "") -> bytes | None:
    """One file's bytes, or None with a problem (missing, not a regular file, unreadable, too
    large). `name` is how problems name the file (default: the file's name)."""
    name = name or path.name
    try:
        return files.read_bytes(path, MAX_FILE_BYTES, _fail(name))
    except KnowledgeError as error:
        problem = error.problems[0]
        if problem.message == "no such file":
            problem = attrs.evolve(problem, message=f"missing file (expected in {path.parent})")
        problems.append(problem)
    return None


def parse_toml(name: str, data: bytes, problems: list[Problem]) -> dict[str, Any] | None:
    """A file's bytes as TOML, or None with a problem (not UTF-8, bad syntax, too deep, a number
    too long: with the line and column where there is one). Text holding control or
    bidirectional characters is a problem too: it would drive the terminal of whoever reads it."""
    try:
        text = files.decode(data, _fail(name))
        table = files.parse_toml(text, _fail(name))
    except KnowledgeError as error:
        problems.extend(error.problems)
        return None
    problems.extend(unseen_problems(name, text, table))
    return table


def unseen_problems(name: str, text: str, table: dict[str, Any]) -> list[Problem]:
    """A problem for every control or bidirectional character in the file's keys and texts,
    with its line and column in the file (written raw, or as a TOML escape such as \\u001b)."""
    if not _WRITTEN_UNSEEN.search(text):  # the common case, and the quick one: none written at all
        return []
    found: list[str] = []
    pending: list[Any] = [table]
    while pending:  # the depth is bounded by files.parse_toml, but a loop needs no bound at all
        value = pending.pop()
        if isinstance(value, dict):
            found += [char for key in value for char in UNSEEN.findall(key)]
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            found += UNSEEN.findall(value)
    if not found:
        return []
    problems = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        for written in _WRITTEN_UNSEEN.finditer(line):
            char = _written_char(written[0])
            if char is not None and UNSEEN.fullmatch(char):
                problems.append(Problem(
                    name, f"control character {placeholder(char)} in the text: it would drive the terminal",
                    line=line_number, column=written.start() + 1,
                    hint="remove it: a TOML text needs none, and a new line is a line break in the text",
                ))
    if not problems:  # written some other way: say so without a place
        problems = [Problem(name, f"control character {placeholder(char)} in the text: it would drive the terminal")
                    for char in dict.fromkeys(found)]
    return problems


def _written_char(written: str) -> str | None:
    """The character a raw character or a TOML escape stands for."""
    if len(written) == 1:
        return written
    if written[1] in "uU":
        return chr(int(written[2:], 16)) if int(written[2:], 16) <= 0x10FFFF else None
    return {"b": "\b", "f": "\f", "r": "\r"}.get(written[1])


def read_scenarios(folder: Path, problems: list[Problem]) -> dict[str, bytes]:
    """The bytes of `scenarios/*.toml` in file-name order, by the name problems give them
    ("scenarios/01-x.toml"). No folder means no scenarios; a file that cannot be read is a problem."""
    path = folder / scenarios.FOLDER
    if not os.path.lexists(path):
        return {}
    problem = files.folder_problem(path)
    if problem:
        problems.append(Problem(scenarios.FOLDER, f"cannot read the scenarios folder: {problem}"))
        return {}
    try:
        paths = sorted(
            (p for p in path.iterdir() if p.suffix == ".toml" and not p.name.startswith(".")),
            key=lambda p: p.name,
        )
    except OSError as error:
        problems.append(Problem(scenarios.FOLDER, f"cannot read the scenarios folder: {files.problem_opening(error)}"))
        return {}
    found = {}
    for file in paths:
        name = f"{scenarios.FOLDER}/{file.name}"
        data = read_bytes(file, problems, name)
        if data is not None:
            found[name] = data
    return found


def load_knowledge(folder: Path) -> KnowledgeBase:
    """Load and validate the knowledge base in `folder`; raise KnowledgeError with every problem."""
    problems: list[Problem] = []
    problem = files.folder_problem(folder)
    if problem:
        found = "knowledge folder not found" if problem == "no such file" else f"cannot use the knowledge folder: {problem}"
        raise KnowledgeError([Problem(str(folder), found)])
    contents = {name: read_bytes(folder / name, problems) for name in FILES}
    if (folder / LAYER_FILE).exists():  # optional: absent means no layer
        contents[LAYER_FILE] = read_bytes(folder / LAYER_FILE, problems)
    raw = {name: parse_toml(name, data, problems) for name, data in contents.items() if data is not None}
    scenario_bytes = read_scenarios(folder, problems)
    scenario_raw = {name: parse_toml(name, data, problems) for name, data in scenario_bytes.items()}
    if any(raw.get(name) is None for name in FILES):
        raise KnowledgeError(problems)  # the main files are needed to build anything at all
    # The digest is of the very bytes parsed, so it always describes what was loaded.
    hasher = hashlib.sha256()
    for name, data in (contents | scenario_bytes).items():
        hasher.update(name.encode())
        hasher.update(data or b"")
    scenario_tables = {name: table for name, table in scenario_raw.items() if table is not None}
    tables = {name: table for name, table in raw.items() if table is not None}  # a layer that did not parse: none
    kb = _build(tables, scenario_tables, hasher.hexdigest(), problems)
    problems.extend(validate(kb))
    if problems:
        layer_data, layer_table = contents.get(LAYER_FILE), tables.get(LAYER_FILE)
        if layer_data is not None and layer_table is not None:
            problems = layer_lines.with_lines(problems, layer_data.decode("utf-8"), layer_table)
        raise KnowledgeError(_with_scenario_lines(problems, scenario_bytes, scenario_tables))
    return kb


def _with_scenario_lines(
    problems: list[Problem], data: dict[str, bytes], tables: dict[str, dict[str, Any]]
) -> list[Problem]:
    """Scenario problems with the line of their key added (tomllib reports no positions), after
    the other problems and sorted by file and line, so that each case's problems read in order."""
    lines = {
        name: scenarios.key_lines(data[name].decode("utf-8"), table) for name, table in tables.items()
    }
    others, placed = [], []
    for problem in problems:
        if not problem.file.startswith(f"{scenarios.FOLDER}/"):
            others.append(problem)
            continue
        found = lines.get(problem.file)
        line = found.find(problem.key) if found is not None and problem.line is None else None
        placed.append(attrs.evolve(problem, line=line) if line is not None else problem)
    return others + sorted(placed, key=lambda p: (p.file, p.line or 0))


def _build(
    raw: dict[str, dict[str, Any]],
    scenario_raw: dict[str, dict[str, Any]],
    content_digest: str,
    problems: list[Problem],
) -> KnowledgeBase:
    meta_reader = _Reader("kb.toml", problems)
    meta_reader.keys(raw["kb.toml"], "", ("knowledge",))
    meta = raw["kb.toml"].get("knowledge")
    if not isinstance(meta, dict):
        meta_reader.problem("", "knowledge", "missing [knowledge] table")
        meta = {}
    meta_reader.keys(meta, "knowledge", ("title", "version", "disclaimer", "region_question"))

    sources = _Reader("sources.toml", problems)
    questions = _Reader("questions.toml", problems)
    options = _Reader("options.toml", problems)
    notices = _Reader("notices.toml", problems)
    glossary = _Reader("glossary.toml", problems)
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
    def notes(reader: _Reader, table: dict[str, Any], item: str) -> tuple[Note, ...]:
        return tuple(reader.note(t, item, f"note[{i}].") for i, t in enumerate(reader.tables(table, "note", item)))

    def source(t: dict[str, Any], item: str, sources: _Reader = sources) -> Source:
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

    def approval(t: dict[str, Any], item: str, prefix: str, options: _Reader = options) -> Approval:
        options.keys(t, item, ("region", "text", "source", "place", "approved"), prefix)
        approved = t.get("approved")
        if approved is not None and not isinstance(approved, bool):
            options.problem(item, prefix + "approved", f"expected true or false, found {_kind(approved)}")
            approved = None
        return Approval(
            region=options.text(t, "region", item, prefix=prefix),
            text=options.text(t, "text", item, prefix=prefix),
            cites=options.citation(t, item, prefix),
            approved=approved,
        )

    def option(t: dict[str, Any], item: str, options: _Reader = options) -> Option:
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

    def notice(t: dict[str, Any], item: str, notices: _Reader = notices) -> Notice:
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

    def by_id(reader: _Reader, items: list[Any], label: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for entry in items:
            if entry.id in found:
                reader.problem(f"{label} {entry.id!r}", "id", "duplicate id")
            elif entry.id:
                found[entry.id] = entry
        return found

    def scenario(name: str, t: dict[str, Any]) -> Scenario:
        reader = _Reader(name, problems)
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
    layer = _Reader(LAYER_FILE, problems)
    table = raw[LAYER_FILE]
    layer.keys(table, "", ("layer", "source", "option", "approval", "note", "notice"))
    newer_sources = layer.each(
        layer.tables(table, "source", ""), "source", lambda t, item: _layer_source(layer, t, source(t, item, layer), item)
    )
    newer_options = layer.each(layer.tables(table, "option", ""), "option", lambda t, item: option(t, item, layer))
    newer_notices = layer.each(layer.tables(table, "notice", ""), "notice", lambda t, item: notice(t, item, layer))
    additions = _additions(layer, table, approval)
    return _merge(base, layer, _layer_meta(layer, table), newer_sources, newer_options, newer_notices, additions)


def _layer_meta(reader: _Reader, table: dict[str, Any]) -> Layer:
    meta = table.get("layer")
    if not isinstance(meta, dict):
        reader.problem("", "layer", "missing [layer] table (title, checked_up_to, summary)")
        meta = {}
    reader.keys(meta, "layer", ("title", "checked_up_to", "summary"))
    checked = meta.get("checked_up_to")
    day: dt.date | None = None
    if checked is None:
        reader.problem("layer", "checked_up_to", "missing: the day regulator records were checked up to (YYYY-MM-DD)")
    elif isinstance(checked, dt.date) and not isinstance(checked, dt.datetime):
        day = checked
    elif isinstance(checked, str) and _DAY.match(checked.strip()):
        try:
            day = dt.date.fromisoformat(checked.strip())
        except ValueError:
            reader.problem("layer", "checked_up_to", f"{checked!r} is not a real date")
    else:
        reader.problem("layer", "checked_up_to", f"expected a date YYYY-MM-DD, found {checked!r}")
    return Layer(
        title=reader.text(meta, "title", "layer"),
        checked_up_to=day,
        summary=reader.text(meta, "summary", "layer"),
    )


def _layer_source(reader: _Reader, table: dict[str, Any], found: Source, item: str) -> Source:
    """A regulator document: its day and its address are required."""
    if found.date != "undated" and not _MONTH.match(found.date):
        reader.problem(item, "date", f"date {found.date!r}: a source of the layer is dated to the month or day (YYYY-MM or YYYY-MM-DD)")
    elif table.get("date") == "undated":
        reader.problem(item, "date", "a source of the layer is dated (YYYY-MM or YYYY-MM-DD), not 'undated'")
    if "address" not in table and "doi" in table:  # with neither, the source check says so
        reader.problem(item, "address", "missing: a source of the layer gives the address of the regulator document")
    return attrs.evolve(found, newer=True)


def _additions(
    reader: _Reader, table: dict[str, Any], approval: Callable[[dict[str, Any], str, str, _Reader], Approval]
) -> list[LayerAddition]:
    """The layer's `[[approval]]` and `[[note]]` tables: lines added to options of the base."""
    found = []
    for kind in ("approval", "note"):
        for number, t in enumerate(reader.tables(table, kind, ""), start=1):
            item = f"{kind} #{number}"
            target = reader.text(t, "option", item)
            rest = {k: v for k, v in t.items() if k != "option"}
            added: Note | Approval
            if kind == "approval":
                added = approval(rest, item, "", reader)
            else:
                added = reader.note(rest, item, "")
            found.append(LayerAddition(number, target, attrs.evolve(added, newer=True)))
    return found


def _merge(
    base: KnowledgeBase,
    reader: _Reader,
    layer: Layer,
    newer_sources: list[Source],
    newer_options: list[Option],
    newer_notices: list[Notice],
    additions: list[LayerAddition],
) -> KnowledgeBase:
    """The base with the layer's items added, each marked `newer`; an id the base already uses
    is a problem (the layer adds, it never replaces)."""

    def unclashed(items: list[Any], existing: set[str], label: str, file: str) -> list[Any]:
        kept = []
        for entry in items:
            if entry.id in existing:
                reader.problem(f"{label} {entry.id!r}", "id",
                               f"id already used by a {label} of {file} or of this file: the layer adds, it never replaces")
            elif entry.id:
                existing.add(entry.id)
                kept.append(entry)
        return kept

    sources = unclashed(newer_sources, set(base.sources), "source", "sources.toml")
    options = unclashed(newer_options, {o.id for o in base.options}, "option", "options.toml")
    notices = unclashed(newer_notices, {n.id for n in base.notices}, "notice", "notices.toml")
    base_ids = [o.id for o in base.options]
    added: dict[str, list[LayerAddition]] = {}
    for addition in additions:
        kind = "approval" if isinstance(addition.item, Approval) else "note"
        if addition.option and addition.option not in base_ids:
            layer_option = any(o.id == addition.option for o in options)
            reader.problem(
                f"{kind} #{addition.number}", "option", f"unknown option {addition.option!r}",
                "a layer option takes its notes and approvals in its own [[option.note]] and [[option.approval]]"
                if layer_option else did_you_mean(addition.option, base_ids),
            )
        added.setdefault(addition.option, []).append(addition)

    def extended(option: Option) -> Option:
        extra = [a.item for a in added.get(option.id, [])]
        if not extra:
            return option
        return attrs.evolve(
            option,
            notes=option.notes + tuple(i for i in extra if isinstance(i, Note)),
            approvals=option.approvals + tuple(i for i in extra if isinstance(i, Approval)),
        )

    def newer(option: Option) -> Option:
        return attrs.evolve(
            option,
            newer=True,
            notes=tuple(attrs.evolve(n, newer=True) for n in option.notes),
            approvals=tuple(attrs.evolve(a, newer=True) for a in option.approvals),
        )

    return attrs.evolve(
        base,
        sources={**base.sources, **{s.id: s for s in sources}},
        options=tuple(extended(o) for o in base.options) + tuple(newer(o) for o in options),
        notices=base.notices + tuple(attrs.evolve(n, newer=True) for n in notices),
        layer=attrs.evolve(layer, additions=tuple(additions)),
    )

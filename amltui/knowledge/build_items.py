"""One model per item of the main files: a source, a question and its answers, a category, an option
and its approvals, a notice, a glossary term. Each takes the `Reader` of the file it reads (the
layer's reader when it reads the layer), so a problem names the file it is in."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from amltui.knowledge.conditions import COMBINATORS, AnyOf, Condition
from amltui.knowledge.models import (
    STATUSES,
    Answer,
    Approval,
    Category,
    Note,
    Notice,
    Option,
    Question,
    Source,
    Term,
)
from amltui.knowledge.reader import Reader, kind_of
from amltui.problems import did_you_mean

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$|^undated$")
NOTICE_KINDS = ("gap", "guidance")


def notes(reader: Reader, table: dict[str, Any], item: str) -> tuple[Note, ...]:
    """An item's `[[note]]` tables. Sub-tables (notes, approvals, cites) are reported under their
    item with an indexed key, `note[1].place`, so that it is clear which of several notes is meant
    (as validate.py does)."""
    return tuple(reader.note(t, item, f"note[{i}].") for i, t in enumerate(reader.tables(table, "note", item)))


def source(reader: Reader, t: dict[str, Any], item: str) -> Source:
    reader.keys(t, item, ("id", "publisher", "title", "date", "kind", "address", "doi", "date_note", "copy_taken"))
    date = reader.text(t, "date", item)
    if date and not _DATE.match(date):
        reader.problem(item, "date", f"date {date!r} must be YYYY, YYYY-MM, YYYY-MM-DD or 'undated'")
        date = "undated"
    found = Source(
        id=reader.identifier(t, item),
        publisher=reader.text(t, "publisher", item),
        title=reader.text(t, "title", item),
        date=date or "undated",
        kind=reader.text(t, "kind", item),
        address=reader.text(t, "address", item, required=False),
        doi=reader.text(t, "doi", item, required=False),
        date_note=reader.text(t, "date_note", item, required=False),
        copy_taken=reader.text(t, "copy_taken", item, required=False),
    )
    if not found.address and not found.doi:
        reader.problem(item, "address", "a source needs an address or a DOI")
    return found


def answer(reader: Reader, t: dict[str, Any], item: str) -> Answer:
    # An answer's problems are reported under its question, with the key prefixed "answer.".
    reader.keys(t, item, ("id", "label", "help", "exclusive"), "answer.")
    return Answer(
        id=reader.identifier(t, item),
        label=reader.text(t, "label", item),
        help=reader.text(t, "help", item, required=False),
        exclusive=reader.flag(t, "exclusive", item),
    )


def question(reader: Reader, t: dict[str, Any], item: str) -> Question:
    reader.keys(t, item, ("id", "title", "prompt", "help", "multiple", "ask_if", "terms", "answer", "note"))
    qid = reader.identifier(t, item)
    if qid in COMBINATORS:  # a condition `{ all = [...] }` would read as a question named "all"
        reader.problem(item, "id", f"{qid!r} is reserved for conditions")
    return Question(
        id=qid,
        title=reader.text(t, "title", item),
        prompt=reader.text(t, "prompt", item),
        help=reader.text(t, "help", item),
        multiple=reader.flag(t, "multiple", item),
        answers=tuple(reader.each(reader.tables(t, "answer", item, required=True), f"{item} answer", partial(answer, reader))),
        ask_if=reader.condition(t["ask_if"], item, "ask_if") if "ask_if" in t else None,
        terms=reader.names(t, "terms", item),
        notes=notes(reader, t, item),
    )


def category(reader: Reader, t: dict[str, Any], item: str) -> Category:
    reader.keys(t, item, ("id", "title"))
    return Category(id=reader.identifier(t, item), title=reader.text(t, "title", item))


def approval(reader: Reader, t: dict[str, Any], item: str, prefix: str) -> Approval:
    """A regional approval of an option; `prefix` is "approval[i]." under an option, "" in the layer."""
    reader.keys(t, item, ("region", "text", "source", "place", "approved"), prefix)
    approved = t.get("approved")
    if approved is not None and not isinstance(approved, bool):  # absent means not said, so not False
        reader.problem(item, prefix + "approved", f"expected true or false, found {kind_of(approved)}")
        approved = None
    return Approval(
        region=reader.text(t, "region", item, prefix=prefix),
        text=reader.text(t, "text", item, prefix=prefix),
        cites=reader.citation(t, item, prefix),
        approved=approved,
    )


def option(reader: Reader, t: dict[str, Any], item: str) -> Option:
    reader.keys(t, item, ("id", "name", "category", "summary", "status", "show_if", "note", "approval", "terms"))
    status = reader.text(t, "status", item)
    if status and status not in STATUSES:
        reader.problem(item, "status", f"unknown status {status!r}", did_you_mean(status, STATUSES))
    show_if = _shown_if(reader, t, item, "option")
    return Option(
        id=reader.identifier(t, item),
        name=reader.text(t, "name", item),
        category=reader.text(t, "category", item),
        summary=reader.text(t, "summary", item),
        status=status,
        show_if=show_if or AnyOf(()),
        notes=notes(reader, t, item),
        approvals=tuple(approval(reader, a, item, f"approval[{i}].") for i, a in enumerate(reader.tables(t, "approval", item))),
        terms=reader.names(t, "terms", item),
    )


def notice(reader: Reader, t: dict[str, Any], item: str) -> Notice:
    reader.keys(t, item, ("id", "text", "kind", "show_if", "cite"))
    kind = reader.text(t, "kind", item)
    if kind and kind not in NOTICE_KINDS:
        reader.problem(item, "kind", f"kind must be one of {', '.join(NOTICE_KINDS)}", did_you_mean(kind, NOTICE_KINDS))
    cites = []
    for i, c in enumerate(reader.tables(t, "cite", item)):
        reader.keys(c, item, ("source", "place"), f"cite[{i}].")
        cites.append(reader.citation(c, item, f"cite[{i}]."))
    show_if = _shown_if(reader, t, item, "notice")
    return Notice(
        id=reader.identifier(t, item),
        text=reader.text(t, "text", item),
        kind=kind,
        show_if=show_if or AnyOf(()),
        cites=tuple(cites),
    )


def term(reader: Reader, t: dict[str, Any], item: str) -> Term:
    reader.keys(t, item, ("id", "term", "definition", "source", "place", "aliases"))
    return Term(
        id=reader.identifier(t, item),
        term=reader.text(t, "term", item),
        definition=reader.text(t, "definition", item),
        cites=reader.citation(t, item, ""),
        aliases=reader.names(t, "aliases", item),
    )


def _shown_if(reader: Reader, t: dict[str, Any], item: str, kind: str) -> Condition | None:
    """An option's or notice's `show_if`, which is required; None when it is missing or malformed
    (the caller then builds `AnyOf(())`, a condition that never holds)."""
    show_if = reader.condition(t.get("show_if"), item, "show_if") if "show_if" in t else None
    if "show_if" not in t:
        reader.problem(item, "show_if", f"missing: every {kind} says when it is shown")
    return show_if

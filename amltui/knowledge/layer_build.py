"""The layer of what changed since the sources (`since_sources.toml`): its table, its sources,
the lines it adds to base options, and the base with the layer merged in."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import attrs

from amltui.knowledge.models import (
    Approval,
    KnowledgeBase,
    Layer,
    LayerAddition,
    Note,
    Notice,
    Option,
    Source,
)
from amltui.knowledge.reader import Reader
from amltui.problems import did_you_mean

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: A regulator document is dated at least to the month (an EPAR gives the month of authorisation).
_MONTH = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def layer_meta(reader: Reader, table: dict[str, Any]) -> Layer:
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


def layer_source(reader: Reader, table: dict[str, Any], found: Source, item: str) -> Source:
    """A regulator document: its day and its address are required."""
    if found.date != "undated" and not _MONTH.match(found.date):
        reader.problem(item, "date", f"date {found.date!r}: a source of the layer is dated to the month or day (YYYY-MM or YYYY-MM-DD)")
    elif table.get("date") == "undated":
        reader.problem(item, "date", "a source of the layer is dated (YYYY-MM or YYYY-MM-DD), not 'undated'")
    if "address" not in table and "doi" in table:  # with neither, the source check says so
        reader.problem(item, "address", "missing: a source of the layer gives the address of the regulator document")
    return attrs.evolve(found, newer=True)


def additions_of(
    reader: Reader, table: dict[str, Any], approval: Callable[[dict[str, Any], str, str, Reader], Approval]
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


def merge(
    base: KnowledgeBase,
    reader: Reader,
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

"""The knowledge base's items as Textual `Content`, always literal (see `present`): statuses,
approval lines, citations, notes and notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from textual.content import Content

from amltui.engine import badges
from amltui.knowledge.citing import Cited, Citer
from amltui.knowledge.models import (
    STATUSES,
    Approval,
    Citation,
    KnowledgeBase,
    Note,
    Notice,
    Option,
    Source,
)
from amltui.tui.present import HEADING, MUTED, NEWER, OUTDATED, WARNING


def status_word(status: str) -> str:
    """"approved-targeted" -> "approved targeted"."""
    return badges.status_word(status)


def newer_mark(kb: KnowledgeBase, indent: str = "") -> Content:
    """The one mark of an item of the layer of what changed since the sources."""
    return Content.assemble(indent, (f"{NEWER} {kb.layer_mark}", "bold $text-warning"))


def standing_notice(kb: KnowledgeBase) -> Content:
    """Always shown: how old the sources are, and what the layer covers (or that it is hidden)."""
    return Content.assemble(("i About the sources: ", HEADING), badges.standing_notice(kb))


def badge_word(kb: KnowledgeBase, option: Option, answers: Mapping[str, frozenset[str]]) -> str:
    return badges.badge(kb, option, answers).word


def approval_lines(kb: KnowledgeBase, option: Option, answers: Mapping[str, frozenset[str]], indent: str = "    ") -> list[Content]:
    """Under an option with region lines: each line for the region answered (the layer's marked),
    or, plainly, that no region is answered or that there is no line for it."""
    badge = badges.badge(kb, option, answers)
    if badge.plain:
        label = f"{badge.region}: " if badge.region else ""
        return [Content.assemble(indent, (label, "bold"), (badge.plain, MUTED))]
    return [approval_line(kb, line, indent) for line in badge.lines]


def approval_line(kb: KnowledgeBase, line: Approval, indent: str = "    ") -> Content:
    parts: list[str | tuple[str, str] | Content] = [indent, (badges.region_label(kb, line.region) + ": ", "bold"), line.text]
    if line.newer:
        parts += [" ", (f"{NEWER} {kb.layer_mark}", "bold $text-warning")]
    return Content.assemble(*parts)


def status_label(status: str) -> str:
    return STATUSES.get(status, status_word(status))


def source_date(source: Source) -> str:
    return "undated" if source.date == "undated" else source.date


def citer(kb: KnowledgeBase, today: dt.date) -> Citer:
    """Numbers the sources of one pane or block: each cited in full once, then as "[1], place"."""
    return Citer(kb, today)


def citation(kb: KnowledgeBase, cites: Citation, today: dt.date, *, indent: str = "") -> Content:
    """A citation that stands alone (a glossary term's): in full, unnumbered."""
    return cited_line(Citer(kb, today, numbered=False).cite(cites), indent=indent)


def cited_line(cited: Cited, *, indent: str = "") -> Content:
    """"— [1] Publisher: “Title” · place · date ⚠ currency" the first time a source is cited,
    "— [1], place" after (the `Citer` decides): the place is always said, the title once."""
    reference = (f"{cited.reference} ", "bold") if cited.number else ""
    if not cited.first:
        return Content.assemble(indent, ("— ", MUTED), (cited.reference, "bold"), (", ", MUTED), cited.place)
    source = cited.source
    if source is None:  # a validated knowledge base never gets here
        return Content.assemble(indent, ("— ", MUTED), reference, (f"{cited.source_id} · {cited.place}", MUTED))
    parts: list[str | tuple[str, str] | Content] = [
        indent,
        ("— ", MUTED),
        reference,
        (source.publisher, "italic"),
        (": “", MUTED),
        source.title,
        ("” · ", MUTED),
        cited.place,
        (" · ", MUTED),
    ]
    if cited.date:  # an undated source: the warning says "date unknown"
        parts += [(source_date(source), MUTED), "  " if cited.currency else ""]
    if cited.currency:
        parts.append((f"{OUTDATED} {cited.currency}", WARNING))
    return Content.assemble(*parts)


def cited_notes(kb: KnowledgeBase, notes: Iterable[Note], today: dt.date, cite: Citer | None = None) -> list[Content]:
    """Each note as a bullet, with its citation under it (why a question is asked, teaching);
    `cite`: the citer of the block they belong to (else they are a block of their own)."""
    cite = cite or citer(kb, today)
    lines: list[Content] = []
    for note in notes:
        lines.append(Content.assemble("• ", note.text))
        lines.append(cited_line(cite.cite(note.cites), indent="  "))
    return lines


def notice(kb: KnowledgeBase, item: Notice, today: dt.date, cite: Citer | None = None) -> Content:
    """A notice: a gap in the sources is said plainly; guidance carries its citations."""
    cite = cite or citer(kb, today)
    if item.kind == "gap":
        head = Content.assemble(("! The sources do not cover this: ", WARNING), item.text)
    else:
        head = Content.assemble(("i Guidance: ", HEADING), item.text)
    lines = [head, *(cited_line(cite.cite(c), indent="  ") for c in item.cites)]
    if item.newer:
        lines.append(newer_mark(kb, "  "))
    return Content("\n").join(lines)

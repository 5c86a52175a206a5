"""Citations that name each source in full once, then refer back to it by number.

A notes pane or a report that repeats "HemaSphere (European Hematology Association), Treatment
for Relapsed/Refractory ... (2021-06-01, possibly outdated)" under every note buries the notes.
A `Citer` numbers the sources in the order it first cites them: the first citation of a source
is "[1] Publisher, Title, place (date, currency)", every later one "[1], place". One citer
covers one reading unit (a report, a notes pane, a question's notes and notices); the screens,
the Markdown report and the text renderings all cite through it, the screens styling its parts
and the others using `text`. A citation that stands alone (a glossary term's) is unnumbered.
Pure.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from amltui.knowledge.models import KnowledgeBase
from amltui.knowledge.sources import Citation, Source


@frozen
class Cited:
    """One citation as it reads at its place: in full (`first`) or as a reference back."""

    source_id: str
    place: str
    #: None: an id the knowledge base does not have (a validated one never gets here).
    source: Source | None
    first: bool
    #: The source's date as written ("" when undated: `currency` says so).
    date: str
    #: "possibly outdated", "date unknown, may be outdated" or "".
    currency: str
    #: The source's number in this citer (1 for the first source cited); 0: unnumbered.
    number: int = 0

    @property
    def reference(self) -> str:
        """"[1]" ("" unnumbered)."""
        return f"[{self.number}]" if self.number else ""

    @property
    def text(self) -> str:
        """"[1] Publisher, Title, place (date, currency)" the first time; "[1], place" after."""
        lead = f"{self.reference} " if self.number else ""
        if not self.first:
            return f"{self.reference}, {self.place}"
        if self.source is None:
            return f"{lead}{self.source_id}, {self.place}"
        dated = ", ".join(part for part in (self.date, self.currency) if part)
        return f"{lead}{self.source.publisher}, {self.source.title}, {self.place}" + (f" ({dated})" if dated else "")


class Citer:
    """Cites in order; a source already cited by this citer is referred back to by its number."""

    def __init__(self, kb: KnowledgeBase, today: dt.date, *, numbered: bool = True) -> None:
        """`numbered` False: every citation in full, without a number (a citation alone)."""
        self.kb = kb
        self.today = today
        self.numbered = numbered
        self._numbers: dict[str, int] = {}

    def cite(self, cites: Citation) -> Cited:
        source = self.kb.sources.get(cites.source)
        first = not self.numbered or cites.source not in self._numbers
        number = self._numbers.setdefault(cites.source, len(self._numbers) + 1) if self.numbered else 0
        return Cited(
            source_id=cites.source,
            place=cites.place,
            source=source,
            first=first,
            date=source.date if source is not None and source.published is not None else "",
            currency=source.currency(self.today) if source is not None else "",
            number=number,
        )

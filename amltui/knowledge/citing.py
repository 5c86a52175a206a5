"""Citations that name each source in full once, then refer back to it.

A notes pane or a report that repeats "HemaSphere (European Hematology Association), Treatment
for Relapsed/Refractory ... (2021-06-01, possibly outdated)" under every note buries the notes.
A `Citer` gives the first citation of a source in full and later ones as the publisher and the
place, "(cited above)". The screens style the parts; reports use `text`. Pure.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from amltui.knowledge.models import KnowledgeBase
from amltui.knowledge.sources import Citation, Source

CITED_ABOVE = "cited above"


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

    @property
    def text(self) -> str:
        """"Publisher, Title, place (date, currency)" the first time; "Publisher, place (cited above)" after."""
        if self.source is None:
            return f"{self.source_id}, {self.place}"
        if not self.first:
            return f"{self.source.publisher}, {self.place} ({CITED_ABOVE})"
        dated = ", ".join(part for part in (self.date, self.currency) if part)
        return f"{self.source.publisher}, {self.source.title}, {self.place}" + (f" ({dated})" if dated else "")


class Citer:
    """Cites in order; a source already cited by this citer is referred back to."""

    def __init__(self, kb: KnowledgeBase, today: dt.date) -> None:
        self.kb = kb
        self.today = today
        self._seen: set[str] = set()

    def cite(self, cites: Citation) -> Cited:
        source = self.kb.sources.get(cites.source)
        first = cites.source not in self._seen
        self._seen.add(cites.source)
        return Cited(
            source_id=cites.source,
            place=cites.place,
            source=source,
            first=first,
            date=source.date if source is not None and source.published is not None else "",
            currency=source.currency(self.today) if source is not None else "",
        )

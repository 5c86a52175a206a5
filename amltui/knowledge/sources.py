"""The sources a knowledge base cites, as plain frozen data: each source with its date (and how
current that makes it), and the citation a note carries.

Nothing here reads files; `loader.py` builds these from sources.toml and the notes that cite them.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen

#: A source older than this is shown as possibly outdated.
OUTDATED_AFTER_YEARS = 5
#: How a source's currency reads wherever its date is shown (`Source.currency`).
OUTDATED = "possibly outdated"
DATE_UNKNOWN = "date unknown, may be outdated"


@frozen
class Source:
    id: str
    publisher: str
    title: str
    #: "YYYY", "YYYY-MM", "YYYY-MM-DD" or "undated".
    date: str
    kind: str
    address: str = ""
    doi: str = ""
    #: Why the date matters (for example a page that states its last update).
    date_note: str = ""
    #: When the copy used was taken, where it can be inferred from its content (free text).
    copy_taken: str = ""
    #: From the "since the sources" layer (since_sources.toml), not from the base knowledge.
    newer: bool = False

    @property
    def published(self) -> dt.date | None:
        if self.date == "undated":
            return None
        parts = [int(p) for p in self.date.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    @property
    def locator(self) -> str:
        """Where a reader finds it: the DOI when there is one, else the address."""
        return f"doi:{self.doi}" if self.doi else self.address

    def currency(self, today: dt.date) -> str:
        """The warning shown beside the source's date, "" for a current one. An undated source
        is never taken as current."""
        if self.published is None:
            return DATE_UNKNOWN
        return OUTDATED if self.possibly_outdated(today) else ""

    def possibly_outdated(self, today: dt.date) -> bool:
        """Dated more than OUTDATED_AFTER_YEARS ago, or undated."""
        published = self.published
        if published is None:
            return True
        try:
            cutoff = today.replace(year=today.year - OUTDATED_AFTER_YEARS)
        except ValueError:  # 29 February
            cutoff = today.replace(year=today.year - OUTDATED_AFTER_YEARS, day=28)
        return published < cutoff


@frozen
class Citation:
    source: str
    #: Where in the source: a section heading, a list, "Abstract" ...
    place: str


@frozen
class Note:
    text: str
    cites: Citation
    #: From the "since the sources" layer, not from the base knowledge.
    newer: bool = False

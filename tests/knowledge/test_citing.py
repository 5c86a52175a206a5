"""Citations: each source in full the first time a citer cites it, then "[n], place"."""

from __future__ import annotations

import datetime as dt

from amltui.knowledge.citing import Citer
from amltui.knowledge.sources import Citation

TODAY = dt.date(2026, 11, 21)


def test_sources_are_numbered_in_the_order_first_cited_and_given_in_full_once(kb):
    citer = Citer(kb, TODAY)
    thol, lls = kb.sources["thol-2021"], kb.sources["lls-rr"]
    first = citer.cite(Citation("thol-2021", "Abstract"))
    other = citer.cite(Citation("lls-rr", "Refractory AML"))
    again = citer.cite(Citation("thol-2021", "Figure 2"))
    assert (first.number, other.number, again.number) == (1, 2, 1)
    assert first.first and other.first and not again.first
    assert first.text == f"[1] {thol.publisher}, {thol.title}, Abstract (2021-06-01, possibly outdated)"
    assert other.text == f"[2] {lls.publisher}, {lls.title}, Refractory AML (date unknown, may be outdated)"
    assert again.text == "[1], Figure 2"


def test_a_citation_alone_is_in_full_and_unnumbered(kb):
    citer = Citer(kb, TODAY, numbered=False)
    thol = kb.sources["thol-2021"]
    for place in ("Abstract", "Figure 2"):
        cited = citer.cite(Citation("thol-2021", place))
        assert cited.first and cited.reference == ""
        assert cited.text == f"{thol.publisher}, {thol.title}, {place} (2021-06-01, possibly outdated)"


def test_an_unknown_source_is_named_by_its_id(kb):
    citer = Citer(kb, TODAY)
    assert citer.cite(Citation("nowhere", "p. 3")).text == "[1] nowhere, p. 3"
    assert citer.cite(Citation("nowhere", "p. 4")).text == "[1], p. 4"

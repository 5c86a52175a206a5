"""Spotting text that looks like it holds a patient identifier (titles, comments, names shown to
a room), so the user can be warned before it is saved. Nothing here needs an identifier.

A warning, never a refusal: the patterns guess, and the user may override. They are chosen to
catch what people type (a date of birth, a record, NHS or social security number, the words
"DOB" or "MRN", a name after Mr/Mrs/Ms/Dr) and to stay quiet on clinical shorthand ("FLT3-ITD",
"12 months", "CR1", "7+3", "HiDAC 3 g/m2"). Every pattern is linear: no nested repetition, so
a long pasted text cannot make the check hang.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

#: The kind of a word that names an identifier ("DOB", "MRN"): the word says what it is.
LABEL = "a label"

#: Enough of each kind to say what was seen (a pasted page could hold thousands).
MOST_OF_A_KIND = 5

#: Years back from today within which a full date reads as the date of the walk, not of a birth.
RECENT_YEARS = 2

_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
)

#: Day, month and year in digits: 12/03/1951, 12-3-51, 1951-03-12, 12.03.1951.
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?<!\d[/.-])(?:(?P<y1>(?:19|20)\d\d)[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})"
    r"|(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y2>\d{4}|\d\d))(?!\d|[/.-]\d)"
)
#: Day, month and year with the month named: 12 March 1951, 12th Mar 51, March 12, 1951.
_WORDED_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s+(?P<y1>\d{{4}}|\d\d)"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}}))\b",
    re.IGNORECASE,
)
#: Numbers as records are written: six digits or more in a row, or grouped as NHS (943 476
#: 5919) and social security (123-45-6789) numbers are.
_LONG_NUMBER = re.compile(r"(?<!\d)(?:\d{6,}|\d{3}[ -]\d{3}[ -]\d{4}|\d{3}[ -]\d{2}[ -]\d{4})(?!\d)")
#: Words that label an identifier.
_LABEL = re.compile(
    r"\b(?:d\.?o\.?b\b\.?|date\s+of\s+birth\b|born\b|m\.?r\.?n\b\.?|medical\s+record\s+(?:number|no)\b|"
    r"hospital\s+(?:number|no)\b|nhs\s+(?:number|no)\b|ssn\b|social\s+security\b)",
    re.IGNORECASE,
)
#: A courtesy title, then initials or a name: Mr Smith, Mrs. J. Jones, Dr O'Neil, MR SMITH.
_NAMED = re.compile(
    r"\b(?P<title>(?i:mr|mrs|ms|miss|mx|dr|prof))\b\.?[ \t]+"
    r"(?P<name>(?:[A-Z]\.?[ \t]*){0,3}(?:[A-Z](?:['\u2019][A-Z])?[a-z][A-Za-z'\u2019-]*|[A-Z]{2,}\b|[A-Z]\b))"
)
#: An e-mail address.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Finding:
    """One piece of the text that looks like an identifier."""

    text: str
    #: What it looks like, as a phrase: "a date", "a long number", ...
    kind: str


def findings(text: str, today: dt.date | None = None) -> list[Finding]:
    """What in `text` looks like a patient identifier, in the order it appears (empty: nothing).
    A full date within `RECENT_YEARS` of `today` is taken for the date of the walk."""
    today = today or dt.date.today()
    found: list[tuple[int, Finding]] = []
    taken: list[range] = []

    def look(pattern: re.Pattern[str], kind: str, keep: Callable[[re.Match[str]], bool] = lambda _: True) -> None:
        """Add what `pattern` finds that `keep` accepts and no earlier pattern took."""
        count = 0
        for match in pattern.finditer(text):
            span = range(match.start(), match.end())
            if keep(match) and not any(span.start < other.stop and other.start < span.stop for other in taken):
                taken.append(span)
                found.append((match.start(), Finding(match.group().strip(), kind)))
                count += 1
                if count == MOST_OF_A_KIND:
                    return

    look(_NUMERIC_DATE, "a date", lambda match: _numeric_date_is_old(match, today))
    look(_WORDED_DATE, "a date", lambda match: not _recent(_year(match["y1"] or match["y2"], today), today))
    look(_LONG_NUMBER, "a long number")
    look(_LABEL, LABEL)
    look(_NAMED, "a name", _is_name)
    look(_EMAIL, "an e-mail address")
    return [finding for _, finding in sorted(found, key=lambda pair: pair[0])]


def warning(found: list[Finding]) -> str:
    """What the user is told: what looks like an identifier, and that they may keep it."""
    listed = ", ".join(f"“{f.text}”" if f.kind == LABEL else f"“{f.text}” ({f.kind})" for f in found)
    return f"This may hold a patient identifier: {listed}. Nothing here needs one."


def _numeric_date_is_old(match: re.Match[str], today: dt.date) -> bool:
    """A plausible day and month, with a year that is not recent (two-digit years count)."""
    if match["y1"]:
        year, month, day = int(match["y1"]), int(match["m1"]), int(match["d1"])
        return 1 <= month <= 12 and 1 <= day <= 31 and not _recent(year, today)
    first, second = int(match["a"]), int(match["b"])
    if not (1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12):
        return False
    return not _recent(_year(match["y2"], today), today)


def _year(digits: str, today: dt.date) -> int:
    """A year as written: two digits are this century's when that is not in the future."""
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if 2000 + year <= today.year else 1900
    return year


def _recent(year: int, today: dt.date) -> bool:
    return today.year - RECENT_YEARS <= year <= today.year + 1


def _is_name(match: re.Match[str]) -> bool:
    """An all-capitals name only after an all-capitals title (MR SMITH), so that an abbreviation
    after a title in ordinary writing ("Dr AML") is not taken for one; "ms" or "dr" in lower
    case needs a capitalised name after it."""
    title, name = match["title"], match["name"].rstrip(". \t")
    return not (name.isupper() and len(name.replace(".", "").replace(" ", "")) > 1 and not title.isupper())

"""What looks like a patient identifier in a title or a comment, and what must not."""

from __future__ import annotations

import datetime as dt

import pytest

from amltui.sessions.identifiers import LABEL, MOST_OF_A_KIND, Finding, findings, warning

TODAY = dt.date(2026, 12, 1)


def found(text: str) -> list[tuple[str, str]]:
    return [(finding.text, finding.kind) for finding in findings(text, TODAY)]


def test_the_issues_example_is_caught_piece_by_piece_in_order():
    assert found("John Smith DOB 12/03/1951 MRN 00123456") == [
        ("DOB", LABEL),
        ("12/03/1951", "a date"),
        ("MRN", LABEL),
        ("00123456", "a long number"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "12/03/1951",
        "12-3-51",
        "12.03.1951",
        "1951-03-12",
        "born on 3/12/1951.",
        "12 March 1951",
        "12th Mar 51",
        "March 12, 1951",
        "Sept 3 1999",
        "2001-02-03",  # a child's birthday is still a date of birth
    ],
)
def test_full_dates_that_are_not_recent_are_caught(text):
    assert "a date" in [kind for _, kind in found(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Walk of 2026-12-01 23:40",  # the default title
        "Review 30/11/2026",
        "seen 1 Dec 2025",
        "03/2019",  # month and year only
        "relapse 2019",
        "3/4",
        "version 2026.11.0",
        "31/13/1951",  # no thirteenth month
        "1.5.2",
    ],
)
def test_recent_dates_partial_dates_and_versions_are_not(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("MRN 00123456", "00123456"),
        ("hospital no K1234567", "1234567"),
        ("NHS 943 476 5919", "943 476 5919"),
        ("943-476-5919", "943-476-5919"),
        ("SSN 123-45-6789", "123-45-6789"),
        ("123 45 6789", "123 45 6789"),
        ("phone 07700900123", "07700900123"),
    ],
)
def test_long_numbers_are_caught_as_written(text, number):
    assert (number, "a long number") in found(text)


@pytest.mark.parametrize(
    "word",
    ["DOB", "dob:", "D.O.B.", "date of birth", "Born", "MRN", "m.r.n.", "NHS number", "NHS no", "SSN",
     "social security", "hospital number", "medical record no"],
)
def test_words_that_label_an_identifier_are_caught(word):
    assert [kind for _, kind in found(f"patient {word} here")] == [LABEL]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("seen by Mr Smith", "Mr Smith"),
        ("Mrs. J. Jones relapsed", "Mrs. J. Jones"),
        ("Ms Patel", "Ms Patel"),
        ("Miss O'Neil", "Miss O'Neil"),
        ("Dr McDonald", "Dr McDonald"),
        ("mr Smith", "mr Smith"),
        ("MR SMITH", "MR SMITH"),
        ("Mr J", "Mr J"),
        ("Prof Chen", "Prof Chen"),
    ],
)
def test_a_name_after_a_courtesy_title_is_caught(text, name):
    assert found(text) == [(name, "a name")]


def test_an_email_address_is_caught():
    assert found("write to j.smith+aml@example.nhs.uk") == [("j.smith+aml@example.nhs.uk", "an e-mail address")]


@pytest.mark.parametrize(
    "text",
    [
        "FLT3-ITD",
        "12 months",
        "CR1",
        "7+3",
        "HiDAC 3 g/m2",
        "Day 1 decitabine 20 mg/m2 for 10 days",
        "Venetoclax 400 mg, azacitidine 75 mg/m2",
        "IDH1 R132, NPM1 mutated, TP53",
        "platelets 20 x 10^9/L, blasts 35%",
        "Training: Relapsed FLT3 case",
        "Second relapse after alloSCT, 18 months",
        "Dr to review",
        "Dr AML",  # an abbreviation after a title is not a name
        "ms smith",
        "200 ms delay",
        "Mrs",
        "NHS guidance",
        "newborn, stubborn, adobe, dobutamine",
        "Cycle 2, day 28: MRD negative",
        "ELN 2022 adverse risk",
        "",
    ],
)
def test_clinical_shorthand_is_not_taken_for_an_identifier(text):
    assert found(text) == []


def test_the_warning_says_what_was_seen_and_that_nothing_needs_it():
    said = warning(findings("Mr Smith DOB 12/03/1951", TODAY))
    assert said == "This may hold a patient identifier: “Mr Smith” (a name), “DOB”, “12/03/1951” (a date). Nothing here needs one."


def test_a_pasted_page_is_checked_quickly_and_reported_briefly():
    page = "MRN 00123456 " * 10_000 + "a" * 100_000 + "12/" * 10_000
    result = findings(page, TODAY)
    assert len([f for f in result if f.kind == "a long number"]) == MOST_OF_A_KIND
    assert Finding("MRN", LABEL) in result


def test_today_decides_what_is_recent():
    assert findings("2001-02-03", dt.date(2002, 1, 1)) == []
    assert findings("2001-02-03", dt.date(2026, 1, 1)) == [Finding("2001-02-03", "a date")]

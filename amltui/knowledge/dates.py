"""The knowledge base's days as people read them ("30 Nov 2026"), on screens and in reports."""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    """30 Nov 2026."""
    return f"{day.day} {day:%b %Y}"

"""The quick writer and reader of session files: the writer writes tomli_w's text exactly, and the
reader, wherever it does not leave a file to tomllib, reads what tomllib reads."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
import tomli_w
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from amltui.sessions import canonical
from amltui.sessions.codec import document, dumps, loads
from amltui.sessions.model import Comment, Session, Step

HOSTILE = Path(__file__).resolve().parent.parent / "hostile" / "sessions"
ZONES = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.timezone(-dt.timedelta(hours=8))])
MOMENTS = st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 1, 1), timezones=ZONES)  # noqa: DTZ001 - naive bounds, as hypothesis takes them
IDS = st.text("abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12)
#: Free text with what needs escaping: quotes, backslashes, controls, bidi, non-ASCII.
FREE = st.text(st.sampled_from(list('ab "\\\n\t\r\x00\x1b\x7f\u202eé☃𝄞[]{}=#,')), max_size=120)
STEPS = st.builds(
    lambda at, question, answers, shown, previous, dropped, predicted: (at, question, answers, shown, previous, dropped, predicted),
    MOMENTS, IDS, st.lists(IDS, min_size=1, max_size=3), st.lists(IDS, max_size=6), st.lists(IDS, max_size=2),
    st.lists(IDS, max_size=2), st.none() | st.lists(IDS, max_size=2),
)


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    steps = tuple(
        Step(n, at, question, tuple(answers), tuple(shown), tuple(previous), tuple(dropped),
             None if predicted is None else tuple(predicted))
        for n, (at, question, answers, shown, previous, dropped, predicted) in enumerate(draw(st.lists(STEPS, max_size=5)), 1)
    )
    comments = tuple(Comment(draw(st.integers(0, len(steps))), draw(FREE), draw(MOMENTS), draw(FREE))
                     for _ in range(draw(st.integers(0, 3))))
    return Session(
        id=draw(IDS), title=draw(FREE), created=draw(MOMENTS), updated=draw(MOMENTS),
        mode=draw(st.sampled_from(["explore", "training", "review"])), knowledge_version=draw(IDS),
        knowledge_digest=draw(IDS), steps=steps, comments=comments, finished=draw(st.booleans()),
        scenario=draw(st.just("") | IDS), sources_only=draw(st.booleans()),
    )


@given(sessions())
def test_the_writer_writes_what_tomli_w_writes_and_the_reader_reads_what_tomllib_reads(session):
    text = dumps(session)
    assert text == tomli_w.dumps(document(session))
    assert canonical.read(text) == tomllib.loads(text)
    assert loads(text.encode("utf-8"), "memory") == session


def test_a_step_without_answers_is_written_by_tomli_w_itself():
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    session = Session("abc", "t", at, at, "explore", "1", "d", steps=(Step(1, at, "q", (), ()),))
    assert dumps(session) == tomli_w.dumps(document(session))



@given(sessions(), sessions(), st.lists(st.tuples(STEPS, st.booleans()), min_size=1, max_size=6))
def test_a_session_saved_step_by_step_is_written_as_a_whole_one_is(first, other, growth):
    """The writer keeps the text of the steps it last wrote and adds only the new ones: a walk
    growing one step at a time, another session written in between, and a copy of the steps in
    another time zone (equal, but written differently) all come out as tomli_w writes them."""
    session = first
    for (at, question, answers, shown, previous, dropped, predicted), interleave in growth:
        step = Step(len(session.steps) + 1, at, question, tuple(answers), tuple(shown), tuple(previous), tuple(dropped),
                    None if predicted is None else tuple(predicted))
        session = evolve(session, steps=(*session.steps, step))
        assert dumps(session) == tomli_w.dumps(document(session))
        if interleave:
            assert dumps(other) == tomli_w.dumps(document(other))
    elsewhere = evolve(session, steps=tuple(evolve(s, at=s.at.astimezone(dt.timezone(dt.timedelta(hours=3))))
                                            for s in session.steps))
    assert dumps(elsewhere) == tomli_w.dumps(document(elsewhere))
    assert dumps(session) == tomli_w.dumps(document(session))


EDITS = st.sampled_from(['"', "\\", "\n", "\r", "#", "[", "]", "=", " ", ",", "{", "}", "x", "1", "'", "\x00", "u", "Z"])


@given(sessions(), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 3), EDITS), min_size=1, max_size=3))
def test_a_damaged_file_is_read_as_tomllib_reads_it_or_left_to_tomllib(session, edits):
    text = dumps(session)
    for offset, removed, added in edits:
        position = offset % (len(text) + 1)
        text = text[:position] + added + text[position + removed:]
    quick = canonical.read(text)
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assert quick is None
        return
    assert quick is None or quick == expected


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("*.toml")), ids=lambda p: p.name)
def test_hostile_files_are_read_as_tomllib_reads_them_or_left_to_it(path):
    text = path.read_bytes().decode("utf-8", errors="replace")
    quick = canonical.read(text)
    if quick is not None:
        assert quick == tomllib.loads(text)


@pytest.mark.parametrize("text", [
    'a = 1\na = 2\n',  # a duplicate key
    'step = []\n\n[[step]]\nnumber = 1\n',  # an array of tables over a value
    '[knowledge]\n\n[knowledge]\n',  # a table twice
    'at = 2026-02-30 10:00:00+00:00\n',  # no such day
    'at = 2026-01-01 10:00:00+24:00\n',  # no such offset
    'n = 012\n',  # a leading zero
    "t = 'literal'\n",  # a literal string
    'a = 1 # a comment\n',
    'a = "x"\r\n',
    'x = [\n]\n',
    'x = { a = 1 }\n',  # an inline table outside an array
    'x = [\n    { a = { b = 1 } },\n]\n',
    'a = "\\ud800"\n',  # a surrogate escape
])
def test_what_the_writer_never_writes_is_left_to_tomllib(text):
    assert canonical.read(text) is None

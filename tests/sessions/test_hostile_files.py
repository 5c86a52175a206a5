"""Damaged, foreign and hostile session files: a clear message naming the file, file untouched."""

from __future__ import annotations

import pytest

from amltui.sessions import SessionError
from amltui.sessions.codec import dumps
from amltui.sessions.store import load_file

GOOD_HEAD = (
    'format = 1\nid = "abc123"\ntitle = "t"\nmode = "explore"\ncreated = 2026-01-01T00:00:00Z\nupdated = 2026-01-01T00:00:00Z\n'
    '[knowledge]\nversion = "1"\ndigest = "d"\n'
)

#: Each damaged file: its content, then what the SessionError's problem says (item, key, line,
#: column: where; then the start of the message).
CORPUS = {
    "empty.toml": (b"", ("", "", None, None, "not an amltui session")),
    "binary.toml": (b"\x89PNG\r\n\x1a\n\x00\x00", ("", "", 1, 1, "not UTF-8 text (byte 0x89)")),
    "latin1.toml": ('x = 1\ntitle = "caf\xe9"'.encode("latin-1"), ("", "", 2, 13, "not UTF-8 text (byte 0xe9)")),
    "bad-toml.toml": (b"format = 1\nid = [\n", ("", "", 3, 1, "damaged: not valid TOML")),
    "other-tool.toml": (b'[tool.poetry]\nname = "x"\n', ("", "", None, None, "not an amltui session")),
    "newer.toml": (GOOD_HEAD.replace("format = 1", "format = 99").encode(), ("", "", None, None, "made by a newer amltui (session format 99")),
    "format-text.toml": (GOOD_HEAD.replace("format = 1", 'format = "1"').encode(), ("", "", None, None, "not an amltui session ('format' is not a number)")),
    "bad-mode.toml": (GOOD_HEAD.replace('"explore"', '"hack"').encode(), ("session", "mode", None, None, "unknown mode 'hack'")),
    "escape-id.toml": (GOOD_HEAD.replace('"abc123"', '"../../etc/passwd"').encode(), ("session", "id", None, None, "invalid id '../../etc/passwd'")),
    "no-timezone.toml": (
        GOOD_HEAD.replace("2026-01-01T00:00:00Z\nupdated", "2026-01-01T00:00:00\nupdated").encode(),
        ("session", "created", None, None, "has no time zone"),
    ),
    "steps-out-of-order.toml": (
        (GOOD_HEAD + '[[step]]\nnumber = 2\nat = 2026-01-01T00:00:00Z\nquestion = "q"\nanswers = ["a"]\nshown = []\n').encode(),
        ("step 1", "number", None, None, "steps out of order"),
    ),
    "step-no-answers.toml": (
        (GOOD_HEAD + '[[step]]\nnumber = 1\nat = 2026-01-01T00:00:00Z\nquestion = "q"\nanswers = []\nshown = []\n').encode(),
        ("step 1", "answers", None, None, "no answers"),
    ),
    "step-wrong-type.toml": (
        (GOOD_HEAD + '[[step]]\nnumber = 1\nat = 2026-01-01T00:00:00Z\nquestion = 7\nanswers = ["a"]\nshown = []\n').encode(),
        ("step 1", "question", None, None, "has the wrong type (int)"),
    ),
    "comment-bad-step.toml": (
        (GOOD_HEAD + '[[comment]]\nstep = 5\nauthor = "r"\nat = 2026-01-01T00:00:00Z\ntext = "x"\n').encode(),
        ("comment 1", "step", None, None, "refers to step 5, but the session has 0"),
    ),
    "huge-integer.toml": (
        GOOD_HEAD.replace("format = 1", "format = " + "9" * 5000).encode(),
        ("", "", 1, 10, "damaged: a number with thousands of digits, more than this program reads"),
    ),
    "deep-arrays.toml": ((GOOD_HEAD + "[x]\ny = " + "[" * 500 + "]" * 500).encode(), ("", "", 11, 69, "damaged: nested more than 64 deep")),
    "end-of-file.toml": ((GOOD_HEAD + "title2 = ").encode(), ("", "", 10, 10, "damaged: not valid TOML at the end of the file: Invalid value")),
    "year-1.toml": (
        GOOD_HEAD.replace("created = 2026-01-01T00:00:00Z", "created = 0001-01-01T00:00:00+05:00").encode(),
        ("session", "created", None, None, "0001-01-01T00:00:00+05:00 is too near an end of the calendar"),
    ),
    "year-9999.toml": (
        GOOD_HEAD.replace("updated = 2026-01-01T00:00:00Z", "updated = 9999-12-31T23:59:59-05:00").encode(),
        ("session", "updated", None, None, "9999-12-31T23:59:59-05:00 is too near an end of the calendar"),
    ),
    "huge.toml": (b"# " + b"x" * (9 * 1024 * 1024), ("", "", None, None, "the file is 9.0 MB, larger than the limit of 2.0 MB")),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_file_gives_a_clear_message_and_is_left_untouched(tmp_path, name):
    content, (item, key, line, column, message) = CORPUS[name]
    path = tmp_path / name
    path.write_bytes(content)
    before = path.stat()
    with pytest.raises(SessionError) as raised:
        load_file(path)
    (problem,) = raised.value.problems
    assert (problem.file, problem.item, problem.key, problem.line, problem.column) == (str(path), item, key, line, column)
    assert problem.message.startswith(message)
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def test_missing_file_and_folder_given_as_file(tmp_path):
    with pytest.raises(SessionError, match="no such file"):
        load_file(tmp_path / "absent.toml")
    with pytest.raises(SessionError, match="a folder, not a file"):
        load_file(tmp_path)


def test_unknown_question_and_option_ids_load(kb, tmp_path, relapse_session):
    session = relapse_session.with_step("question_removed_later", ("x",), ("option-removed-later",))
    path = tmp_path / "s.toml"
    path.write_text(dumps(session))
    assert load_file(path).steps[-1].question == "question_removed_later"


def test_control_characters_in_recorded_ids_become_visible_and_free_text_stays_as_typed(tmp_path):
    path = tmp_path / "s.toml"
    step = '[[step]]\nnumber = 1\nat = 2026-01-01T00:00:00Z\nquestion = "q\\u001b[2J"\nanswers = ["a\\u202e"]\nshown = ["o\\u009b"]\n'
    path.write_text(GOOD_HEAD.replace('title = "t"', 'title = "t\\u0007"') + step)
    session = load_file(path)
    assert (session.steps[0].question, session.steps[0].answers, session.steps[0].shown) == ("q\\x1b[2J", ("a\\u202e",), ("o\\x9b",))
    assert session.title == "t\x07"  # shown through printable wherever it is shown

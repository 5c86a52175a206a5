"""Damaged, foreign and hostile session files: a clear message naming the file, file untouched."""

from __future__ import annotations

import pytest

from amltui.sessions import SessionError
from amltui.sessions.codec import dumps
from amltui.sessions.store import load_file

GOOD_HEAD = 'format = 1\nid = "abc123"\ntitle = "t"\nmode = "explore"\ncreated = 2026-01-01T00:00:00Z\nupdated = 2026-01-01T00:00:00Z\n[knowledge]\nversion = "1"\ndigest = "d"\n'

CORPUS = {
    "empty.toml": (b"", "not an amltui session"),
    "binary.toml": (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
    "latin1.toml": ('title = "caf\xe9"'.encode("latin-1"), "not a text file"),
    "bad-toml.toml": (b"format = 1\nid = [\n", "damaged: not valid TOML"),
    "other-tool.toml": (b'[tool.poetry]\nname = "x"\n', "not an amltui session"),
    "newer.toml": (GOOD_HEAD.replace("format = 1", "format = 99").encode(), "made by a newer amltui (session format 99"),
    "format-text.toml": (GOOD_HEAD.replace("format = 1", 'format = "1"').encode(), "'format' is not a number"),
    "bad-mode.toml": (GOOD_HEAD.replace('"explore"', '"hack"').encode(), "unknown mode 'hack'"),
    "escape-id.toml": (GOOD_HEAD.replace('"abc123"', '"../../etc/passwd"').encode(), "invalid id '../../etc/passwd'"),
    "no-timezone.toml": (GOOD_HEAD.replace("2026-01-01T00:00:00Z\nupdated", "2026-01-01T00:00:00\nupdated").encode(), "'created' has no time zone"),
    "steps-out-of-order.toml": (
        (GOOD_HEAD + '[[step]]\nnumber = 2\nat = 2026-01-01T00:00:00Z\nquestion = "q"\nanswers = ["a"]\nshown = []\n').encode(),
        "step 1: steps out of order",
    ),
    "step-no-answers.toml": (
        (GOOD_HEAD + '[[step]]\nnumber = 1\nat = 2026-01-01T00:00:00Z\nquestion = "q"\nanswers = []\nshown = []\n').encode(),
        "step 1: no answers",
    ),
    "step-wrong-type.toml": (
        (GOOD_HEAD + '[[step]]\nnumber = 1\nat = 2026-01-01T00:00:00Z\nquestion = 7\nanswers = ["a"]\nshown = []\n').encode(),
        "step 1: 'question' has the wrong type",
    ),
    "comment-bad-step.toml": (
        (GOOD_HEAD + '[[comment]]\nstep = 5\nauthor = "r"\nat = 2026-01-01T00:00:00Z\ntext = "x"\n').encode(),
        "comment 1: refers to step 5, but the session has 0",
    ),
    "huge.toml": (b"# " + b"x" * (9 * 1024 * 1024), "too large to be a session"),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_file_gives_a_clear_message_and_is_left_untouched(tmp_path, name):
    content, message = CORPUS[name]
    path = tmp_path / name
    path.write_bytes(content)
    before = path.stat()
    with pytest.raises(SessionError) as raised:
        load_file(path)
    assert message in str(raised.value)
    assert str(path) in str(raised.value)
    assert path.read_bytes() == content
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def test_missing_file_and_folder_given_as_file(tmp_path):
    with pytest.raises(SessionError, match="no such file"):
        load_file(tmp_path / "absent.toml")
    with pytest.raises(SessionError, match="is a folder"):
        load_file(tmp_path)


def test_unknown_question_and_option_ids_load(kb, tmp_path, relapse_session):
    session = relapse_session.with_step("question_removed_later", ("x",), ("option-removed-later",))
    path = tmp_path / "s.toml"
    path.write_text(dumps(session))
    assert load_file(path).steps[-1].question == "question_removed_later"

"""The guarded read path (amltui/files.py): what is refused, and the message, line and column."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from amltui import files


class Refused(Exception):
    """What the tests' `fail` makes: the message, line and column the read path reported."""


def fail(message: str, line: int | None, column: int | None) -> Exception:
    return Refused(message, line, column)


def refused(call, *args) -> tuple[str, int | None, int | None]:
    with pytest.raises(Refused) as raised:
        call(*args, fail)
    return raised.value.args


def test_a_regular_file_within_the_limit_is_read(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_bytes(b'a = "b"\n')
    assert files.read_toml(path, 100, fail) == (b'a = "b"\n', 'a = "b"\n', {"a": "b"})


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (os.mkfifo, "not a regular file: a FIFO (named pipe)"),
        (lambda path: path.symlink_to("/dev/zero"), "not a regular file: a character device"),
        (lambda path: path.symlink_to(path.name), "a symbolic link that loops (or too many links in a row)"),
        (lambda path: path.symlink_to("absent"), "no such file"),
        (lambda path: path.mkdir(), "a folder, not a file"),
    ],
    ids=["fifo", "dev-zero", "symlink-loop", "dangling-symlink", "folder"],
)
def test_what_is_not_a_regular_file_is_refused_without_waiting(tmp_path, make, message):
    path = tmp_path / "x.toml"
    make(path)
    assert refused(files.read_bytes, path, 1024) == (message, None, None)


def test_a_name_over_the_file_system_limit(tmp_path):
    path = tmp_path / ("n" * 300 + ".toml")
    assert refused(files.read_bytes, path, 1024)[0] == "the name is longer than the file system allows"
    assert files.folder_problem(path) == "the name is longer than the file system allows"


def test_a_nul_in_the_name():
    assert refused(files.read_bytes, Path("a\x00b"), 1024)[0] == "not a file name: it holds a NUL character"


def test_the_size_message_states_the_real_size_and_the_limit(tmp_path):
    path = tmp_path / "big.toml"
    with path.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # 50 MB without writing them
    assert refused(files.read_bytes, path, 8 * 1024 * 1024)[0] == "the file is 50.0 MB, larger than the limit of 8.0 MB"
    assert files.size_text(512) == "512 bytes" and files.size_text(7680) == "7.5 KB"


def test_invalid_utf8_gives_line_and_column_in_characters():
    data = "x = 1\nname = \"caf\u00e9 ".encode() + b"\xff\"\n"
    assert refused(files.decode, data) == ("not UTF-8 text (byte 0xff)", 2, 14)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a = " + "[" * 500 + "]" * 500, ("nested more than 64 deep", 1, 69)),
        ("a = " + "{b = " * 500 + "1" + "}" * 500, ("nested more than 64 deep", 1, 5 + 64 * 5)),
        (".".join(["a"] * 3000) + " = 1", ("nested more than 64 deep", None, None)),
        ("x = 1\nn = " + "9" * 5000, ("a number with thousands of digits, more than this program reads", 2, 5)),
        ("a = 1\nb = [1,", ("TOML syntax error at the end of the file: Invalid value", 2, 8)),
        ("a = 1\nb = ?\n", ("TOML syntax error: Invalid value", 2, 5)),
    ],
    ids=["deep-arrays", "deep-inline-tables", "deep-dotted-key", "huge-integer", "end-of-file", "syntax"],
)
def test_every_parser_failure_is_a_message_never_an_exception(text, found):
    assert refused(files.parse_toml, text) == found


def test_brackets_in_strings_and_comments_are_not_nesting():
    text = 'a = "' + "[" * 100 + '"\nb = \'' + "{" * 100 + "'\n# " + "[" * 100 + '\nc = """\n' + "[" * 100 + '\n"""\n[t]\n[[u]]\n'
    assert files.parse_toml(text, fail)["a"] == "[" * 100


def test_a_folder_that_is_a_symlink_loop(tmp_path):
    (tmp_path / "loop").symlink_to("loop")
    assert files.folder_problem(tmp_path / "loop") == "a symbolic link that loops (or too many links in a row)"
    assert files.folder_problem(tmp_path) == ""


def test_an_unknown_home_folder_is_taken_as_typed():
    assert files.expand("~no-such-user-here/x") == Path("~no-such-user-here/x")

"""The one way the program reads a file it did not write just now: sessions, knowledge files,
scenarios, and every path given on the command line.

A file is opened without blocking and checked to be a regular file before a byte is read (a FIFO
would hang, /dev/zero never ends), read within a size limit, decoded as UTF-8 and parsed as TOML
with every parser failure caught and the input's nesting bounded (tomllib recurses, so deep
nesting would raise RecursionError). Each refusal is a plain message with the line and column
where there is one, handed to the caller's `fail`, which turns it into the caller's own error
(a knowledge `Problem`, a `SessionError`): this module sits below both and invents none.

Imports nothing from amltui, so that every layer may use it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Makes the caller's error from a message and, when known, the line and column it concerns.
Fail = Callable[[str, "int | None", "int | None"], Exception]
#: Deeper than any file of ours (a session is 3 deep, a knowledge condition a handful), far
#: below where tomllib or the code that walks a condition would run out of stack.
MAX_DEPTH = 64

_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}
_OPEN_ERRORS = {
    errno.ENOENT: "no such file",
    errno.ELOOP: "a symbolic link that loops (or too many links in a row)",
    errno.ENAMETOOLONG: "the name is longer than the file system allows",
    errno.EACCES: "no permission to read it",
    errno.EPERM: "no permission to read it",
    errno.ENXIO: "not a regular file (a socket or a device)",
    errno.ENOTDIR: "a part of the path is not a folder",
}
_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")
_LONG_NUMBER = re.compile(r"[0-9_]{1000,}")
# What can nest in TOML, and what can hide a bracket: strings and comments.
# (Strings are written "unrolled", [^"\\]*(?:\\.[^"\\]*)*, which is twice as fast as an alternation.)
_NESTING = re.compile(
    r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""|\'\'\'[\s\S]*?\'\'\'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'
)


def size_text(size: int) -> str:
    """A size as a person reads it: "512 bytes", "7.5 KB", "50.0 MB" (1 KB = 1,024 bytes)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def problem_opening(error: OSError) -> str:
    """What an OSError from opening or looking at a path means, in words."""
    return _OPEN_ERRORS.get(error.errno or 0) or f"cannot read it: {error.strerror or error}"


def read_bytes(path: Path, limit: int, fail: Fail) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or `fail` says why not."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise fail("a folder, not a file", None, None) from None
    except OSError as error:
        raise fail(problem_opening(error), None, None) from None
    except ValueError:  # a NUL character in the name
        raise fail("not a file name: it holds a NUL character", None, None) from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise fail("a folder, not a file", None, None)
        if not stat.S_ISREG(info.st_mode):
            raise fail(f"not a regular file: {_KINDS.get(stat.S_IFMT(info.st_mode), 'a special file')}", None, None)
        if info.st_size > limit:
            raise fail(f"the file is {size_text(info.st_size)}, larger than the limit of {size_text(limit)}", None, None)
        chunks, left = [], limit + 1  # the size may change under us: read no more than the limit
        while left > 0:
            chunk = os.read(handle, min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise fail(f"cannot read it: {error.strerror or error}", None, None) from None
    finally:
        os.close(handle)
    data = b"".join(chunks)
    if len(data) > limit:
        raise fail(f"the file grew while it was read, past the limit of {size_text(limit)}", None, None)
    return data


def decode(data: bytes, fail: Fail) -> str:
    """UTF-8 text, or `fail` with the line and column (in characters) of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[start : error.start].decode("utf-8")) + 1  # valid: it is before the error
        raise fail(f"not UTF-8 text (byte 0x{data[error.start]:02x})", line, column) from None


def parse_toml(text: str, fail: Fail) -> dict[str, Any]:
    """A TOML document no deeper than MAX_DEPTH, or `fail` with the line and column where known."""
    import tomllib  # here: the start screen reads no TOML, and this is 1.4 ms of its start

    _check_nesting(text, fail)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_POSITION.search(message)
        message = _TOML_POSITION.sub("", message)
        if found and found[1]:
            raise fail(f"TOML syntax error: {message}", int(found[1]), int(found[2])) from None
        line, column = _end(text)
        raise fail(f"TOML syntax error at the end of the file: {message}", line, column) from None
    except RecursionError:
        raise fail(f"nested more than {MAX_DEPTH} deep", None, None) from None
    except ValueError as error:  # tomllib lets int() refuse a number of thousands of digits
        number = _LONG_NUMBER.search(text)
        if "integer string conversion" in str(error) and number:
            line, column = _position(text, number.start())
            raise fail("a number with thousands of digits, more than this program reads", line, column) from None
        raise fail(f"a value TOML cannot hold: {_first_line(error)}", None, None) from None
    except Exception as error:  # noqa: BLE001 - whatever else the parser raises is a bad file, not a crash
        raise fail(f"cannot be read as TOML: {type(error).__name__}: {_first_line(error)}", None, None) from None
    _check_depth(document, fail)
    return document


def read_toml(path: Path, limit: int, fail: Fail) -> tuple[bytes, str, dict[str, Any]]:
    """A TOML file read through every guard: its bytes, its text and the document."""
    data = read_bytes(path, limit, fail)
    text = decode(data, fail)
    return data, text, parse_toml(text, fail)


def expand(text: str) -> Path:
    """A path given by a user: "~" expanded when that home folder is known, else as typed."""
    try:
        return Path(text).expanduser()
    except RuntimeError:  # "~nobody/x": no such user
        return Path(text)


def folder_problem(path: Path) -> str:
    """Why `path` cannot be used as a folder to read ("" when it can)."""
    try:
        info = path.stat()
    except OSError as error:
        return problem_opening(error)
    except ValueError:
        return "not a file name: it holds a NUL character"
    if not stat.S_ISDIR(info.st_mode):
        return f"not a folder: {_KINDS.get(stat.S_IFMT(info.st_mode), 'a file')}"
    return ""


def _check_nesting(text: str, fail: Fail) -> None:
    """Refuse nesting deeper than MAX_DEPTH before tomllib recurses into it: a quick scan of the
    brackets outside strings and comments (table headers count too, at most 2)."""
    depth = 0
    for found in _NESTING.finditer(text):
        token = found[0]
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = _position(text, found.start())
                raise fail(f"nested more than {MAX_DEPTH} deep", line, column)
        elif token in "]}":
            depth = max(depth - 1, 0)


def _check_depth(document: dict[str, Any], fail: Fail) -> None:
    """Refuse a document deeper than MAX_DEPTH however it got there (dotted keys nest without a
    bracket), so that code walking it never runs out of stack. Iterative, for the same reason."""
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise fail(f"nested more than {MAX_DEPTH} deep", None, None)
        if isinstance(value, dict):
            pending.extend((inner, depth + 1) for inner in value.values())
        elif isinstance(value, list):
            pending.extend((inner, depth + 1) for inner in value)


def _position(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - start + 1


def _end(text: str) -> tuple[int, int]:
    """The line and column just past the last character: where "at end of document" is."""
    return _position(text, len(text))


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return (text.splitlines() or [""])[0][:200]

"""A session's file text, written without a general TOML writer: the same characters tomli_w
writes for the session's document, made in a fraction of the time.

A save after every answer rewrites the whole file (see `store.write_atomically` for why), so
formatting it must not grow with the session: each step's text is kept once made (steps never
change), and so is the text of all the steps last written, so a save makes only the new step's
(at 1,000 steps 0.1 ms, as at 10). The layout is tomli_w's exactly (tests compare the two on
generated sessions), so files read, diff and load as before; `canonical.py` reads it back.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Iterable

from amltui.sessions.model import FORMAT, Comment, Session, Step

#: tomli_w's rule: an array of tables is written inline when every table fits in this width.
_MAX_LINE = 100
_INDENT = "    "
#: Characters a TOML basic string cannot hold as they are: the quote, the backslash, and the
#: ASCII controls except tab.
_ESCAPED = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_SHORT = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def text(value: str) -> str:
    """A TOML basic string, escaped as tomli_w escapes it."""
    if _ESCAPED.search(value) is None:
        return f'"{value}"'
    return '"' + _ESCAPED.sub(lambda found: _SHORT.get(found[0]) or f"\\u{ord(found[0]):04x}", value) + '"'


def moment(value: dt.datetime) -> str:
    return str(value)


def texts(values: Iterable[str]) -> str:
    """A list of texts: one per line, as tomli_w writes every non-empty array."""
    lines = [f"{_INDENT}{text(v)}" for v in values]
    return "[\n" + ",\n".join(lines) + ",\n]" if lines else "[]"


def session_text(session: Session) -> str:
    """The file's text for `session`."""
    head = [
        f"format = {FORMAT}",
        f"id = {text(session.id)}",
        f"title = {text(session.title)}",
        f"mode = {text(session.mode)}",
        f"created = {moment(session.created)}",
        f"updated = {moment(session.updated)}",
        f"finished = {'true' if session.finished else 'false'}",
    ]
    if session.scenario:
        head.append(f"scenario = {text(session.scenario)}")
    if session.sources_only:
        head.append("sources_only = true")
    if not session.steps:
        head.append("step = []")
    inline = [_inline_comment(c) for c in session.comments]
    comments_inline = all(len(f"{_INDENT}{line},") <= _MAX_LINE for line in inline)
    if not inline:
        head.append("comment = []")
    elif comments_inline:
        head.append("comment = [\n" + ",\n".join(_INDENT + line for line in inline) + ",\n]")
    parts = ["\n".join(head) + "\n",
             f"\n[knowledge]\nversion = {text(session.knowledge_version)}\ndigest = {text(session.knowledge_digest)}\n"]
    parts.append(_steps_text(session.steps))
    if inline and not comments_inline:
        parts.extend(_comment_table(c) for c in session.comments)
    return "".join(parts)


#: The steps last written and their text: a save after an answer has the same step objects and
#: one more, so only the new step's text is made and added (a walk's saves stay flat however
#: long it grows). Compared by identity, never by equality: two equal times in different time
#: zones are written differently. One pair, replaced whole, so a reader in another thread sees
#: a matching pair or misses.
_last_steps: tuple[tuple[Step, ...], str] = ((), "")


def _steps_text(steps: tuple[Step, ...]) -> str:
    global _last_steps  # noqa: PLW0603 - the one cache of this module, replaced whole
    known, written = _last_steps
    count = len(known)
    if not (count <= len(steps) and all(map(operator.is_, steps[:count], known))):
        count, written = 0, ""
    written += "".join(_step_text(step) for step in steps[count:])
    _last_steps = (steps, written)
    return written


def _step_text(step: Step) -> str:
    """One `[[step]]` table."""
    lines = [
        "\n[[step]]",
        f"number = {step.number}",
        f"at = {moment(step.at)}",
        f"question = {text(step.question)}",
        f"answers = {texts(step.answers)}",
        f"shown = {texts(step.shown)}",
    ]
    if step.previous:
        lines.append(f"previous = {texts(step.previous)}")
    if step.dropped:
        lines.append(f"dropped = {texts(step.dropped)}")
    if step.predicted is not None:
        lines.append(f"predicted = {texts(step.predicted)}")
    return "\n".join(lines) + "\n"


def _inline_comment(comment: Comment) -> str:
    return (f"{{ step = {comment.step}, author = {text(comment.author)}, at = {moment(comment.at)}, "
            f"text = {text(comment.text)} }}")


def _comment_table(comment: Comment) -> str:
    return (f"\n[[comment]]\nstep = {comment.step}\nauthor = {text(comment.author)}\nat = {moment(comment.at)}\n"
            f"text = {text(comment.text)}\n")


def writes_like_tomli_w(session: Session) -> bool:
    """Whether `session_text` is tomli_w's layout for this session: every step has an answer
    (a step without one would fit tomli_w's inline form). Sessions the codec reads always do."""
    return all(step.answers for step in session.steps)

"""A knowledge base that passed the full check, kept for the next start: what the app loads.

Parsing, building and checking the bundled base takes tens of milliseconds before the first
frame, and its imports (the loader, the checks, the scenario reader) more. A base that loaded
without a problem is written to the per-user cache folder as JSON, named by the digest of every
file it was built from (the digest `load_knowledge` gives it). The next start reads the files'
bytes, computes that digest, and takes the cached base only if it is there for that digest;
any change to any file gives another digest, and the full load and check run again.
`amltui check` always runs the full check.

The cache is untrusted input: it must be a private file of this user, its payload must match
its digest, and it is decoded only into the model classes listed here, each field checked
against the type the model declares; anything else means the full load instead.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from amltui import cache_files, locations
from amltui.knowledge import conditions, models
from amltui.knowledge.fingerprint import files_digest
from amltui.knowledge.models import KnowledgeBase

#: 2: cache_files' one layout (a first line, then the JSON); 1 held the JSON as a string in JSON.
FORMAT = 2
MAX_CACHE_BYTES = 16 * 1024 * 1024
_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (models.Source, models.Citation, models.Note, models.Answer, models.Question, models.Approval,
                models.Category, models.Option, models.Notice, models.LayerAddition, models.Layer, models.Term,
                models.ScenarioStep, models.Scenario, models.KnowledgeBase, conditions.Is, conditions.AllOf,
                conditions.AnyOf, conditions.Not)
}


class _Damaged(Exception):
    """The cache is not what this module writes."""


def load_cached(folder: Path) -> KnowledgeBase:
    """The knowledge base in `folder`: from the cache when its files are those of a base checked
    before, else loaded and checked in full (KnowledgeError with every problem) and cached."""
    digest = files_digest(folder)
    if digest is not None:
        kb = _read(cache_file(digest), digest)
        if kb is not None:
            return kb
    from amltui.knowledge.loader import load_knowledge

    kb = load_knowledge(folder)
    if digest == kb.digest:
        _write(cache_file(digest), kb)
    return kb


def cache_file(digest: str) -> Path:
    return locations.cache_folder() / f"knowledge-{digest}.json"


def _read(path: Path, digest: str) -> KnowledgeBase | None:
    content = cache_files.read(path, FORMAT, MAX_CACHE_BYTES)
    if content is None:
        return None
    try:
        kb = _decode(content)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, _Damaged):
        return None
    return kb if isinstance(kb, KnowledgeBase) and kb.digest == digest else None


def _write(path: Path, kb: KnowledgeBase) -> None:
    cache_files.write(path, FORMAT, _encode(kb))


def _encode(value: Any) -> Any:
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return {"!": type(value).__name__, **{f.alias: _encode(getattr(value, f.name)) for f in fields if f.init}}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if isinstance(value, frozenset):
        return {"!set": sorted(value)}
    if isinstance(value, Mapping):
        return {"!map": {k: _encode(v) for k, v in value.items()}}
    if isinstance(value, dt.date):
        return {"!date": value.isoformat()}
    if value is None or isinstance(value, (str, bool, int)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if not isinstance(value, dict):
        if value is None or type(value) in (str, bool, int):
            return value
        raise _Damaged
    if "!set" in value:
        items = value["!set"]
        if len(value) != 1 or not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise _Damaged
        return frozenset(items)
    if "!map" in value:
        items = value["!map"]
        if len(value) != 1 or not isinstance(items, dict):
            raise _Damaged
        return {k: _decode(v) for k, v in items.items()}
    if "!date" in value:
        if len(value) != 1 or not isinstance(value["!date"], str):
            raise _Damaged
        return dt.date.fromisoformat(value["!date"])
    name = value.get("!")
    cls = _CLASSES.get(name) if isinstance(name, str) else None
    if cls is None:
        raise _Damaged
    arguments = {k: _decode(v) for k, v in value.items() if k != "!"}
    for alias, fits in _checks(cls):
        if alias in arguments and not fits(arguments[alias]):
            raise _Damaged
    return cls(**arguments)  # TypeError for a missing or an unknown field: damaged


def _checks(cls: type) -> list[tuple[str, Any]]:
    """For each field `cls` takes, its name and a test of a value against its declared type."""
    known = _CHECKS.get(cls)
    if known is None:
        hints = typing.get_type_hints(cls, {**vars(conditions), **vars(models)})
        known = _CHECKS[cls] = [(f.alias, _checker(hints[f.name])) for f in attrs.fields(cls) if f.init]
    return known


_CHECKS: dict[type, list[tuple[str, Any]]] = {}


def _checker(hint: Any) -> Any:
    """A test of whether a value is of the declared type `hint` (the few kinds the models use)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        members = [_checker(member) for member in typing.get_args(hint)]
        return lambda value: any(fits(value) for fits in members)
    if hint is type(None):
        return lambda value: value is None
    if origin is tuple:
        member = _checker(typing.get_args(hint)[0])
        return lambda value: type(value) is tuple and all(member(v) for v in value)
    if origin is frozenset:
        return lambda value: type(value) is frozenset
    if origin in (Mapping, dict):
        member = _checker(typing.get_args(hint)[1])
        return lambda value: type(value) is dict and all(type(k) is str and member(v) for k, v in value.items())
    if hint in (str, bool, int, dt.date):
        return lambda value: type(value) is hint
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    raise TypeError(f"no check for {hint!r}")

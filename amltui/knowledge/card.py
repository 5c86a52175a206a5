"""A knowledge base's card: what the start screen shows of it, kept beside the cached base.

The start screen shows a base's title, version, counts, disclaimer and layer, nothing more.
Building the whole base (its model classes and the decoding of the cache) was about a third of
what amltui added to a bare Textual app's first frame. So a base checked before starts as its
card alone, read from the per-user cache folder under the digest of the files it describes, and
the base is built when first needed (`Deferred.load`, after the first frame). With no card for
the files' digest (a first start, a changed file), the base is loaded now, in full if need be,
and its card kept for the next start.

The card is untrusted input like every cache file (`cache_files`), and each field is checked
against its type; anything wrong means no card, and the base is loaded now.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amltui import cache_files, locations
from amltui.knowledge.fingerprint import files_digest
from amltui.terminal_text import UNSEEN

if TYPE_CHECKING:
    from amltui.knowledge.models import KnowledgeBase

FORMAT = 1
MAX_CARD_BYTES = 64 * 1024


# Stdlib dataclasses, as `amltui.problems` says why: imported before the first frame.
@dataclasses.dataclass(frozen=True, slots=True)
class Card:
    """A base's title, version, counts, disclaimer and layer, as the start screen shows them."""

    title: str
    version: str
    disclaimer: str
    questions: int
    #: All options, and those of the sources alone (the layer hidden).
    options: int
    base_options: int
    #: The sources (sources.toml), without the layer's documents.
    sources: int
    terms: int
    scenarios: int
    #: The layer of what changed after the sources: its title ("" without one), the day its
    #: regulator records were checked up to, and how many documents it cites.
    layer_title: str = ""
    layer_checked: dt.date | None = None
    layer_documents: int = 0

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Card:
        """The card of a whole base (as loaded: not the copy `sources_only()` gives)."""
        layer = kb.layer
        return cls(
            title=kb.title, version=kb.version, disclaimer=kb.disclaimer, questions=len(kb.questions),
            options=len(kb.options), base_options=sum(not o.newer for o in kb.options),
            sources=len(kb.base_sources), terms=len(kb.glossary), scenarios=len(kb.scenarios),
            layer_title=layer.title if layer else "", layer_checked=layer.checked_up_to if layer else None,
            layer_documents=len(kb.sources) - len(kb.base_sources),
        )


@dataclasses.dataclass(frozen=True, slots=True)
class Deferred:
    """A base checked before, known by its card until `load()` builds it (from the cache; in
    full, with every problem as KnowledgeError, if its files changed since)."""

    folder: Path
    card: Card

    def load(self) -> KnowledgeBase:
        from amltui.knowledge.cache import load_cached

        return load_cached(self.folder)


def start_knowledge(folder: Path) -> KnowledgeBase | Deferred:
    """What the app starts with: the card of the base in `folder` if it was kept for these files,
    else the base itself, loaded now (KnowledgeError with every problem), its card kept."""
    digest = files_digest(folder)
    card = read_card(digest) if digest is not None else None
    if card is not None:
        return Deferred(folder, card)
    from amltui.knowledge.cache import load_cached

    kb = load_cached(folder)
    if digest == kb.digest:
        cache_files.write(card_file(digest), FORMAT, _encode(Card.of(kb)), place=digest)
    return kb


def card_file(digest: str) -> Path:
    return locations.cache_folder() / f"card-{digest}.json"


def read_card(digest: str) -> Card | None:
    content = cache_files.read(card_file(digest), FORMAT, MAX_CARD_BYTES, place=digest)
    return _decode(content) if content is not None else None


def _encode(card: Card) -> dict[str, Any]:
    table = dataclasses.asdict(card)
    table["layer_checked"] = card.layer_checked.isoformat() if card.layer_checked else None
    return table


_TEXTS = ("title", "version", "disclaimer", "layer_title")
_COUNTS = ("questions", "options", "base_options", "sources", "terms", "scenarios", "layer_documents")


def _decode(content: Any) -> Card | None:
    """The card `_encode` wrote, or None for anything else."""
    if not isinstance(content, dict) or content.keys() != {*_TEXTS, *_COUNTS, "layer_checked"}:
        return None
    if not all(type(content[name]) is str and not UNSEEN.search(content[name]) for name in _TEXTS):
        return None  # the reader replaces such characters (knowledge.reading): a card made here has none
    if not all(type(content[name]) is int and content[name] >= 0 for name in _COUNTS):
        return None
    day = content["layer_checked"]
    if day is not None and type(day) is not str:
        return None
    try:
        return Card(**{**content, "layer_checked": None if day is None else dt.date.fromisoformat(day)})
    except ValueError:
        return None

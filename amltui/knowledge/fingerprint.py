"""Which files make a knowledge base, and their digest: what names a base in the cache.

Read here without the loader or the models, so that the app's start can tell a base it has
checked before from its files' bytes alone (knowledge.cache, knowledge.card).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from amltui import files

#: The files every base has, read by the loader and named here for the digest.
FILES = ("kb.toml", "sources.toml", "questions.toml", "options.toml", "notices.toml", "glossary.toml")
#: The optional file of what changed after the sources (knowledge/README.md, "Since the sources").
LAYER_FILE = "since_sources.toml"
#: The folder of training cases, one file each.
SCENARIOS = "scenarios"
#: Forty times the largest knowledge file (options.toml, 24 KB); protects against a huge or
#: hostile file, and bounds the parse time (tomllib takes seconds per crafted megabyte).
MAX_FILE_BYTES = 1024 * 1024


def files_digest(folder: Path) -> str | None:
    """The digest `load_knowledge` gives the base in `folder`, from the files' bytes (None if any
    cannot be read: the full load says why)."""

    def fail(message: str, line: int | None, column: int | None) -> Exception:
        return OSError(message)

    try:
        names = [*FILES, *([LAYER_FILE] if (folder / LAYER_FILE).exists() else [])]
        scenario_folder = folder / SCENARIOS
        if os.path.lexists(scenario_folder):
            names += sorted(f"{SCENARIOS}/{p.name}" for p in scenario_folder.iterdir()
                            if p.suffix == ".toml" and not p.name.startswith("."))
        hasher = hashlib.sha256()
        for name in names:
            hasher.update(name.encode())
            hasher.update(files.read_bytes(folder / name, MAX_FILE_BYTES, fail))
    except (OSError, ValueError):
        return None
    return hasher.hexdigest()

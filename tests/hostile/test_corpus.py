"""Every reading command on every file of the hostile corpus (tests/hostile/corpus.py): no
traceback, no hang, a message naming the file, no control character in the output, and every
corpus file byte-for-byte as it was."""

from __future__ import annotations

import pytest

from tests.hostile import corpus


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    return root, corpus.build(root)


def test_the_corpus_holds_every_kind_of_hostile_file(cases):
    _, built = cases
    names = {case.name for case in built}
    for kind in ("fifo.toml", "dev-zero.toml", "loop.toml", "big.toml", "huge-integer.toml", "deep-arrays.toml",
                 "year-1.toml", "year-9999.toml", "escape-title.toml", "bidi-title.toml", "invalid-utf8.toml"):
        assert f"session {kind}" in names
    for kind in ("fifo", "dev-zero", "loop", "scenarios-loop", "big", "escape-option.toml", "c1-notice.toml"):
        assert f"knowledge {kind}" in names
    assert "knowledge folder name over the limit" in names
    commands = {argv[0] for case in built for argv in case.commands}
    assert commands == {"sessions", "resume", "replay", "export", "diff", "check", "options", "tree", "run"}


@pytest.mark.parametrize("kind", ["session", "knowledge"])
def test_every_reading_command_holds_on_every_case(cases, kind):
    """In two halves, so that the test runner can spread them over the cores."""
    root, built = cases
    problems = corpus.run_all([case for case in built if case.name.startswith(kind)], root)
    assert problems == [], "\n".join(problems)


def test_the_two_halves_cover_every_case(cases):
    _, built = cases
    assert all(case.name.startswith(("session", "knowledge")) for case in built)

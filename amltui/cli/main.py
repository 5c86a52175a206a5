"""The command line's entry: parse, dispatch to a command, and end with a message and an exit code.

Every failure is a plain message on stderr and a non-zero exit, never a traceback: 1 for a
knowledge base that does not validate, 2 for wrong arguments. Textual is imported only when the
app is started, so the headless commands stay fast.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from amltui import glyphs, locations
from amltui.cli.arguments import build_parser
from amltui.cli.reporting import report
from amltui.knowledge import KnowledgeError
from amltui.knowledge.card import Deferred, start_knowledge
from amltui.problems import EXIT_OK, ProblemError, UsageError, did_you_mean
from amltui.terminal_text import printable

if TYPE_CHECKING:
    from amltui.knowledge import KnowledgeBase

#: Commands that take over the terminal (Textual draws its own glyphs) or serve it.
APP_COMMANDS = frozenset({None, "run", "resume", "replay", "train", "serve"})
#: As a shell reports a process ended by SIGPIPE.
EXIT_READER_LEFT = 141


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up allocates a few hundred thousand objects that live as long as the program (modules,
    # classes, the knowledge base, the first screen's widgets); collecting garbage among them
    # again and again before the first screen cost about a third of the difference from a bare
    # Textual app (a full collection alone 25-45 ms). The app collects once and freezes them
    # after its first frame (AmlApp.on_ready); the headless commands collect as usual.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(argv, collecting)
    finally:
        gc.unfreeze()  # as the caller had it (a test calls main in its own process)
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None, collecting: bool) -> int:
    args = build_parser().parse_args(argv)
    if collecting and args.command not in APP_COMMANDS - {"serve"}:
        gc.enable()
    if args.ascii:  # for the app and every process it starts (serve's visitors) too
        os.environ[glyphs.ASCII_VARIABLE] = "1"
    try:
        with plain_output(args.command not in APP_COMMANDS):
            code = _dispatch(args)
            sys.stdout.flush()  # here, so a reader that left is noticed inside the try
        return code
    except ProblemError as error:  # wrong arguments, a knowledge base or session file that cannot be used
        return report(error, sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `amltui sessions | head`: the reader left. Say nothing more, and point stdout at
        # devnull so the flush at exit does not raise again (the Python documentation's recipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_READER_LEFT


@contextlib.contextmanager
def plain_output(headless: bool) -> Iterator[None]:
    """The headless commands' stdout with the glyph fallbacks where the terminal cannot draw the
    glyphs (`--ascii` anywhere; TERM=linux when stdout is that terminal, not a file)."""
    explicit = bool(os.environ.get(glyphs.ASCII_VARIABLE))
    if not headless or not (explicit or (glyphs.plain_wanted() and sys.stdout.isatty())):
        yield
        return
    original = sys.stdout
    sys.stdout = PlainWriter(original)
    try:
        yield
    finally:
        sys.stdout = original


class PlainWriter:
    """A text stream that writes through another with every special glyph replaced."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(glyphs.plain(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _dispatch(args: argparse.Namespace) -> int:
    for sessions in (getattr(args, "sessions", None), args.app_sessions):
        if sessions is not None and not sessions.strip():  # else "" would quietly mean the default folder
            raise UsageError("the folder name is empty; name a folder, or leave --sessions out for the default", item="--sessions")
    chosen = getattr(args, "knowledge", None) or args.app_knowledge
    folder = locations.knowledge_folder(chosen)
    if args.command == "check":  # always the full check, never the cache
        from amltui.cli.knowledge_commands import layer_summary
        from amltui.knowledge.loader import load_knowledge

        # Which folder is read, and why: after `pip install .` it is the installed copy, not
        # the knowledge/ being edited.
        print(f"Knowledge base: {printable(str(folder))} ({locations.knowledge_origin(chosen)})")
        try:
            kb = load_knowledge(folder)
        except KnowledgeError as error:  # what `check` was asked to find: on stdout
            return report(error, sys.stdout)
        print(
            f"{printable(str(folder))}: valid: {len(kb.questions)} questions, {len(kb.options)} options, "
            f"{len(kb.notices)} notices, {len(kb.sources)} sources, {len(kb.glossary)} glossary terms, "
            f"{len(kb.scenarios)} training scenarios "
            f"(version {printable(kb.version)})" + layer_summary(kb)
        )
        return EXIT_OK
    if args.command in (None, "run"):  # the start screen: the base's card first, the base after it
        return _start_app(start_knowledge(folder), args)
    from amltui.knowledge.cache import load_cached

    kb = load_cached(folder)  # checked in full whenever any of its files changed
    if args.command == "serve":
        from amltui import serve

        return serve.run(args, folder)
    if args.command == "options":
        from amltui.cli.knowledge_commands import options

        return options(kb.sources_only() if sources_only(args) else kb, args.answer, as_json=args.json)
    if args.command == "tree":
        from amltui.cli.knowledge_commands import tree

        return tree(kb.sources_only() if sources_only(args) else kb)
    if args.command in ("sessions", "export", "diff"):
        from amltui.cli import session_commands

        return session_commands.run(kb, args)
    if args.command == "room":
        from amltui.cli import room_commands

        return room_commands.run(kb, args, lambda room, rooms: _start_app(kb, args, room=room, rooms=rooms))
    return _start_app(kb, args)


def sources_only(args: argparse.Namespace) -> bool | None:
    """--sources-only (True), --no-sources-only (False), or neither (None: the default, or what a
    saved session recorded), from the command's flag or the app's."""
    chosen = getattr(args, "sources_only", None)
    return chosen if chosen is not None else getattr(args, "app_sources_only", None)


def _start_app(
    kb: KnowledgeBase | Deferred, args: argparse.Namespace, room: tuple[str, str | None] | None = None, rooms: Path | None = None
) -> int:
    """The app, on a fresh start, a resumed session, a replay or a training room (`room`: see
    run_app); a session that cannot be read is reported here, before the screen is taken over."""
    from amltui.sessions import SessionStore

    train = _training(kb, args) if not isinstance(kb, Deferred) else None  # a Deferred base: only `run`
    store = SessionStore(locations.sessions_folder(getattr(args, "sessions", None) or args.app_sessions))
    resume = replay = replay_path = None
    # A SessionError reaches `main`, which reports it before the screen is taken over.
    if args.command == "resume":
        if args.file:
            from amltui.cli.session_commands import locate  # the export and diff code only here

            path = locate(store, args.file)
            resume = store.load(path)
            store.check_own_file(path, resume)  # a copy is never continued (it would overwrite the original)
        else:
            resume = store.latest_unfinished()
            if resume is None:
                raise UsageError(f"no unfinished session in {store.folder}")
    elif args.command == "replay":
        from amltui.cli.session_commands import locate

        replay_path = locate(store, args.file)
        replay = store.load(replay_path)
    from amltui.tui import run_app  # only now: Textual is heavy to import

    return run_app(
        kb, store=store, resume=resume, replay=replay, replay_path=replay_path, train=train, sources_only=sources_only(args),
        room=room, rooms=rooms,
    )


def _training(kb: KnowledgeBase, args: argparse.Namespace) -> str | None:
    """`amltui train [SCENARIO]`: "" for the list of cases, the id of a known case, else UsageError."""
    if args.command != "train":
        return None
    if not args.scenario:
        return ""
    if kb.scenario(args.scenario) is None:
        known = [s.id for s in kb.scenarios]
        hint = did_you_mean(args.scenario, known) or ("scenarios: " + ", ".join(known) if known else "this knowledge base has none")
        raise UsageError(f"unknown scenario {args.scenario!r}", item="train", hint=hint)
    return str(args.scenario)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

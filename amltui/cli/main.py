"""The command line's entry: parse, dispatch to a command, and end with a message and an exit code.

Every failure is a plain message on stderr and a non-zero exit, never a traceback: 1 for a
knowledge base that does not validate, 2 for wrong arguments. Textual is imported only when the
app is started, so the headless commands stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from amltui import locations
from amltui.cli.arguments import build_parser
from amltui.cli.knowledge_commands import layer_summary, options, tree
from amltui.cli.reporting import report
from amltui.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from amltui.problems import EXIT_OK, ProblemError, UsageError, did_you_mean
from amltui.terminal_text import printable


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except ProblemError as error:  # wrong arguments, a knowledge base or session file that cannot be used
        return report(error, sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `amltui sessions | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _dispatch(args: argparse.Namespace) -> int:
    for sessions in (getattr(args, "sessions", None), args.app_sessions):
        if sessions is not None and not sessions.strip():  # else "" would quietly mean the default folder
            raise UsageError("the folder name is empty; name a folder, or leave --sessions out for the default", item="--sessions")
    folder = locations.knowledge_folder(getattr(args, "knowledge", None) or args.app_knowledge)
    if args.command == "check":
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
    kb = load_knowledge(folder)
    if args.command == "serve":
        from amltui import serve

        return serve.run(args, folder)
    if args.command == "options":
        return options(kb.sources_only() if sources_only(args) else kb, args.answer, as_json=args.json)
    if args.command == "tree":
        return tree(kb.sources_only() if sources_only(args) else kb)
    if args.command in ("sessions", "export", "diff"):
        from amltui.cli import session_commands

        return session_commands.run(kb, args)
    if args.command == "room":
        from amltui.cli import room_commands

        return room_commands.run(kb, args, lambda **room: _start_app(kb, args, **room))
    return _start_app(kb, args)


def sources_only(args: argparse.Namespace) -> bool | None:
    """--sources-only (True), --no-sources-only (False), or neither (None: the default, or what a
    saved session recorded), from the command's flag or the app's."""
    chosen = getattr(args, "sources_only", None)
    return chosen if chosen is not None else getattr(args, "app_sources_only", None)


def _start_app(kb: KnowledgeBase, args: argparse.Namespace, **room: object) -> int:
    """The app, on a fresh start, a resumed session, a replay or a training room (`room`: see
    run_app); a session that cannot be read is reported here, before the screen is taken over."""
    from amltui.cli import session_commands
    from amltui.sessions import SessionStore

    train = _training(kb, args)
    store = SessionStore(locations.sessions_folder(getattr(args, "sessions", None) or args.app_sessions))
    resume = replay = replay_path = None
    # A SessionError reaches `main`, which reports it before the screen is taken over.
    if args.command == "resume":
        if args.file:
            path = session_commands.locate(store, args.file)
            resume = store.load(path)
            store.check_own_file(path, resume)  # a copy is never continued (it would overwrite the original)
        else:
            latest = store.latest_unfinished()
            if latest is None or latest.session is None:
                raise UsageError(f"no unfinished session in {store.folder}")
            resume = latest.session
    elif args.command == "replay":
        replay_path = session_commands.locate(store, args.file)
        replay = store.load(replay_path)
    from amltui.tui import run_app  # only now: Textual is heavy to import

    return run_app(
        kb, store=store, resume=resume, replay=replay, replay_path=replay_path, train=train, sources_only=sources_only(args),
        **room,  # type: ignore[arg-type]
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

"""The command line: `amltui` (the app), `amltui check`, `amltui options`, `amltui tree`.

Every failure is a plain message on stderr and a non-zero exit, never a traceback: 1 for a
knowledge base that does not validate, 2 for wrong arguments. Textual is imported only when the
app is started, so the headless commands stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from amltui import __version__, engine, locations
from amltui.badges import badge, standing_notice
from amltui.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from amltui.knowledge.models import Approval
from amltui.knowledge.problems import did_you_mean
from amltui.render_text import render_evaluation, render_tree
from amltui.terminal_text import json_text, printable

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
#: `amltui serve` listens on this machine only unless told otherwise.
SERVE_HOST, SERVE_PORT = "127.0.0.1", 8000


class UsageError(Exception):
    """Wrong arguments: printed with the program name, exit 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="amltui",
        description="Explore treatment options for relapsed or refractory AML, one question at a time. "
        "Educational tool, not medical advice.",
    )
    parser.add_argument("--version", action="version", version=f"amltui {__version__}")
    knowledge = argparse.ArgumentParser(add_help=False)
    knowledge.add_argument(
        "--knowledge",
        metavar="DIR",
        help="knowledge base folder (default: $AMLTUI_KNOWLEDGE, else the bundled one)",
    )
    parser.add_argument("--knowledge", dest="app_knowledge", metavar="DIR", help="knowledge base folder for the app")
    parser.add_argument("--sources-only", dest="app_sources_only", action=argparse.BooleanOptionalAction, default=None,
                        help="the app without the layer of what changed since the five sources")
    layer = argparse.ArgumentParser(add_help=False)
    layer.add_argument(
        "--sources-only",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="hide the layer of what changed since the five sources (since_sources.toml), to teach from "
        "the sources alone; --no-sources-only shows it (default: shown; a saved session: as it was recorded)",
    )
    parser.add_argument("--sessions", dest="app_sessions", metavar="DIR", help="sessions folder for the app")
    sessions = argparse.ArgumentParser(add_help=False)
    sessions.add_argument(
        "--sessions", metavar="DIR", help="sessions folder (default: $AMLTUI_SESSIONS, else sessions/ or the user data folder)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", parents=[knowledge, sessions, layer], help="start the questionnaire (the default)")
    resume = commands.add_parser(
        "resume", parents=[knowledge, sessions, layer], help="continue a saved session (default: the latest unfinished one)"
    )
    resume.add_argument("file", metavar="FILE", nargs="?", help="a session file, or a session id in the sessions folder")
    replay = commands.add_parser("replay", parents=[knowledge, sessions, layer], help="review a saved session step by step (read-only)")
    replay.add_argument("file", metavar="FILE", help="a session file, or a session id in the sessions folder")
    train = commands.add_parser("train", parents=[knowledge, sessions, layer], help="training: walk a case scenario (default: choose one)")
    train.add_argument("scenario", metavar="SCENARIO", nargs="?", help="a scenario id: its file name in the knowledge folder's scenarios/, without .toml")
    commands.add_parser("check", parents=[knowledge], help="validate a knowledge base and list every problem")
    options = commands.add_parser(
        "options", parents=[knowledge, layer], help="evaluate answers: next question, options shown and not shown"
    )
    options.add_argument(
        "--answer",
        "-a",
        action="append",
        default=[],
        metavar="QUESTION=ANSWER[,ANSWER]",
        help="an answer; repeat the flag, or separate several answers to one question with commas",
    )
    options.add_argument("--json", action="store_true", help="print JSON instead of text")
    commands.add_parser("tree", parents=[knowledge, layer], help="print the whole decision tree")
    commands.add_parser("sessions", parents=[knowledge, sessions], help="list saved sessions")
    export = commands.add_parser("export", parents=[knowledge, sessions, layer], help="write a session as a Markdown or JSON report")
    export.add_argument("file", metavar="FILE", help="a session file, or a session id in the sessions folder")
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument("-o", "--output", metavar="OUT", help="write to OUT (never over an existing file) instead of printing")
    diff = commands.add_parser("diff", parents=[knowledge, sessions], help="where two sessions' answers and options differ")
    diff.add_argument("first", metavar="A")
    diff.add_argument("second", metavar="B")
    from amltui import room_commands

    room_commands.add_parser(commands, [knowledge, sessions, layer])
    serve = commands.add_parser("serve", parents=[knowledge, sessions], help="the app in a web browser, one app per visitor")
    serve.add_argument(
        "--host",
        default=SERVE_HOST,
        help=f"address to listen on (default {SERVE_HOST}: this machine only; any other is reachable "
        "by others, and the app has no login)",
    )
    serve.add_argument("--port", type=port_number, default=SERVE_PORT, help=f"port (default {SERVE_PORT}; 0 picks a free one)")
    serve.add_argument(
        "--max-visitors",
        type=visitor_count,
        metavar="N",
        help="apps at once (default: sized for this machine's cores and memory); the next visitor "
        "is shown a page saying the room is full",
    )
    return parser


def port_number(text: str) -> int:
    """--port: 0 (any free port) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0 to 65535)")
    return port


def visitor_count(text: str) -> int:
    """--max-visitors: a whole number, at least 1."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of visitors (1 or more)") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"{count} is not a number of visitors (1 or more)")
    return count


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except UsageError as error:
        print(f"amltui: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except KnowledgeError as error:
        _print_problems(error, sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `amltui sessions | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _dispatch(args: argparse.Namespace) -> int:
    for sessions in (getattr(args, "sessions", None), args.app_sessions):
        if sessions is not None and not sessions.strip():  # else "" would quietly mean the default folder
            raise UsageError("--sessions: the folder name is empty; name a folder, or leave --sessions out for the default")
    folder = locations.knowledge_folder(getattr(args, "knowledge", None) or args.app_knowledge)
    if args.command == "check":
        try:
            kb = load_knowledge(folder)
        except KnowledgeError as error:
            _print_problems(error, sys.stdout)
            return EXIT_INVALID
        print(
            f"{printable(str(folder))}: valid: {len(kb.questions)} questions, {len(kb.options)} options, "
            f"{len(kb.notices)} notices, {len(kb.sources)} sources, {len(kb.glossary)} glossary terms, "
            f"{len(kb.scenarios)} training scenarios "
            f"(version {printable(kb.version)})" + _layer_summary(kb)
        )
        return EXIT_OK
    kb = load_knowledge(folder)
    if args.command == "serve":
        from amltui import serve

        return serve.run(args, folder)
    if args.command == "options":
        return _options(kb.sources_only() if sources_only(args) else kb, args.answer, as_json=args.json)
    if args.command == "tree":
        print(render_tree(kb.sources_only() if sources_only(args) else kb))
        return EXIT_OK
    if args.command in ("sessions", "export", "diff"):
        from amltui import session_commands

        return session_commands.run(kb, args)
    if args.command == "room":
        from amltui import room_commands

        return room_commands.run(kb, args, lambda **room: _start_app(kb, args, **room))
    return _start_app(kb, args)


def _layer_summary(kb: KnowledgeBase) -> str:
    """For `amltui check`: how much of what it counted is the layer's, and to what day it was checked."""
    layer = kb.layer
    if layer is None:
        return "; no layer of changes since the sources"

    def count(number: int, word: str) -> str:
        return f"{number} {word}{'' if number == 1 else 's'}"

    checked = layer.checked_up_to.isoformat() if layer.checked_up_to else "?"
    parts = [
        count(sum(1 for o in kb.options if o.newer), "option"),
        count(sum(1 for n in kb.notices if n.newer), "notice"),
        count(sum(1 for s in kb.sources.values() if s.newer), "source"),
        count(len(layer.additions), "line") + " added to base options",
    ]
    return f"; of these, layer {printable(layer.title)!r} (checked to {checked}): " + ", ".join(parts)


def sources_only(args: argparse.Namespace) -> bool | None:
    """--sources-only (True), --no-sources-only (False), or neither (None: the default, or what a
    saved session recorded), from the command's flag or the app's."""
    chosen = getattr(args, "sources_only", None)
    return chosen if chosen is not None else getattr(args, "app_sources_only", None)


def _start_app(kb: KnowledgeBase, args: argparse.Namespace, **room: object) -> int:
    """The app, on a fresh start, a resumed session, a replay or a training room (`room`: see
    run_app); a session that cannot be read is reported here, before the screen is taken over."""
    from amltui import session_commands
    from amltui.sessions import SessionError, SessionStore

    train = _training(kb, args)
    store = SessionStore(locations.sessions_folder(getattr(args, "sessions", None) or args.app_sessions))
    resume = replay = replay_path = None
    try:
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
    except SessionError as error:
        print(f"amltui: {printable(str(error))}", file=sys.stderr)
        return EXIT_INVALID
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
        raise UsageError(f"unknown scenario {args.scenario!r} ({hint})")
    return str(args.scenario)


def parse_answers(kb: KnowledgeBase, pairs: Sequence[str]) -> dict[str, frozenset[str]]:
    """`QUESTION=A[,B]` flags into answers, merged per question and checked by the engine."""
    collected: dict[str, set[str]] = {}
    for pair in pairs:
        question, sep, value = pair.partition("=")
        answers = {a.strip() for a in value.split(",") if a.strip()}
        if not sep or not question.strip() or not answers:
            raise UsageError(f"--answer {pair!r}: expected QUESTION=ANSWER (for example disease_status=relapsed)")
        collected.setdefault(question.strip(), set()).update(answers)
    given: dict[str, frozenset[str]] = {}
    for question in [q.id for q in kb.questions if q.id in collected] + [q for q in collected if not kb.question(q)]:
        try:
            given = dict(engine.answer(kb, given, question, collected[question]).answers)
        except engine.AnswerError as error:
            raise UsageError(str(error)) from None
    return given


def _options(kb: KnowledgeBase, pairs: Sequence[str], *, as_json: bool) -> int:
    evaluation = engine.evaluate(kb, parse_answers(kb, pairs))
    if as_json:
        print(json_text(evaluation_json(kb, evaluation)))
    else:
        print(render_evaluation(kb, evaluation))
    return EXIT_OK


def layer_json(kb: KnowledgeBase) -> dict[str, object] | None:
    """The layer of what changed since the sources: what it is, and whether it was shown."""
    layer = kb.layer
    if layer is None:
        return None
    return {
        "title": layer.title,
        "checked_up_to": layer.checked_up_to.isoformat() if layer.checked_up_to else None,
        "summary": layer.summary,
        "shown": kb.layer_on,
        "mark": kb.layer_mark,
    }


def approval_json(approval: Approval) -> dict[str, object]:
    return {"region": approval.region, "text": approval.text, "approved": approval.approved, "newer": approval.newer}


def evaluation_json(kb: KnowledgeBase, evaluation: engine.Evaluation) -> dict[str, object]:
    question = evaluation.next_question
    return {
        "knowledge": {"title": kb.title, "version": kb.version, "digest": kb.digest},
        "disclaimer": kb.disclaimer,
        "about_the_sources": standing_notice(kb),
        "layer": layer_json(kb),
        "answers": {qid: sorted(ids) for qid, ids in evaluation.answers.items()},
        "complete": evaluation.complete,
        "next_question": None
        if question is None
        else {
            "id": question.id,
            "title": question.title,
            "prompt": question.prompt,
            "multiple": question.multiple,
            "answers": [{"id": a.id, "label": a.label, "exclusive": a.exclusive} for a in question.answers],
        },
        "shown": [
            {
                "id": s.option.id,
                "name": s.option.name,
                "category": s.option.category,
                "status": s.option.status,
                "badge": badge(kb, s.option, evaluation.answers).word,
                "newer": s.option.newer,
                "reasons": list(s.reasons),
                "sources": list(s.sources),
                "approval": None if s.approval is None else approval_json(s.approval),
                "approvals": [approval_json(a) for a in s.approvals],
            }
            for s in evaluation.shown
        ],
        "not_shown": [
            {"id": h.option.id, "name": h.option.name, "newer": h.option.newer, "would_show": h.would_show}
            for h in evaluation.hidden
        ],
        "notices": [{"id": n.id, "kind": n.kind, "text": n.text, "newer": n.newer} for n in evaluation.notices],
    }


def _print_problems(error: KnowledgeError, stream: TextIO) -> None:
    count = len(error.problems)
    print(f"amltui: the knowledge base has {count} problem{'s' if count != 1 else ''}:", file=stream)
    for problem in error.problems:
        print(f"  {printable(str(problem))}", file=stream)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

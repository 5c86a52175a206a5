"""The command line's arguments: every command, its flags, and the checks on their values."""

from __future__ import annotations

import argparse

from amltui import __version__
from amltui.cli import room_commands

#: Said by `amltui --help` and the README.
EXIT_CODES = """exit status:
  0  done (diff: the two sessions have the same answers and options)
  1  diff: the sessions differ; or a knowledge base or session file that cannot be used
  2  wrong arguments (or an existing file for export -o)
  130  interrupted (Ctrl+C); 141  the reader of the output left (amltui tree | head)"""

ASCII_HELP = "plain characters instead of block, arrow and symbol glyphs (the default on TERM=linux)"
#: `amltui serve` listens on this machine only unless told otherwise.
SERVE_HOST, SERVE_PORT = "127.0.0.1", 8000


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="amltui",
        description="Explore treatment options for relapsed or refractory AML, one question at a time. "
        "Educational tool, not medical advice.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"amltui {__version__}")
    # Before or after the command: `amltui --ascii tree` and `amltui tree --ascii` both work.
    plain = argparse.ArgumentParser(add_help=False)
    plain.add_argument("--ascii", action="store_true", default=argparse.SUPPRESS, help=ASCII_HELP)
    parser.add_argument("--ascii", action="store_true", default=False, help=ASCII_HELP)
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
    commands.add_parser("run", parents=[knowledge, sessions, layer, plain], help="start the questionnaire (the default)")
    resume = commands.add_parser(
        "resume", parents=[knowledge, sessions, layer, plain], help="continue a saved session (default: the latest unfinished one)"
    )
    resume.add_argument("file", metavar="FILE", nargs="?", help="a session file, or a session id in the sessions folder")
    replay = commands.add_parser("replay", parents=[knowledge, sessions, layer, plain], help="review a saved session step by step (read-only)")
    replay.add_argument("file", metavar="FILE", help="a session file, or a session id in the sessions folder")
    train = commands.add_parser("train", parents=[knowledge, sessions, layer, plain], help="training: walk a case scenario (default: choose one)")
    train.add_argument("scenario", metavar="SCENARIO", nargs="?", help="a scenario id: its file name in the knowledge folder's scenarios/, without .toml")
    commands.add_parser("check", parents=[knowledge, plain], help="validate a knowledge base and list every problem")
    options = commands.add_parser(
        "options", parents=[knowledge, layer, plain], help="evaluate answers: next question, options shown and not shown"
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
    commands.add_parser("tree", parents=[knowledge, layer, plain], help="print the whole decision tree")
    commands.add_parser("sessions", parents=[knowledge, sessions, plain], help="list saved sessions")
    export = commands.add_parser("export", parents=[knowledge, sessions, layer, plain], help="write a session as a Markdown or JSON report")
    export.add_argument("file", metavar="FILE", help="a session file, or a session id in the sessions folder")
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument("-o", "--output", metavar="OUT", help="write to OUT (never over an existing file) instead of printing")
    diff = commands.add_parser(
        "diff", parents=[knowledge, sessions, plain], help="where two sessions' answers and options differ (exit 1 if they do, as diff)"
    )
    diff.add_argument("first", metavar="A")
    diff.add_argument("second", metavar="B")
    room_commands.add_parser(commands, [knowledge, sessions, layer, plain])
    serve = commands.add_parser("serve", parents=[knowledge, sessions, plain], help="the app in a web browser, one app per visitor")
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

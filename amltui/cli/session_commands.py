"""The headless session commands: `amltui sessions`, `amltui export`, `amltui diff`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from amltui import files, locations
from amltui.cli.render_text import wrap
from amltui.knowledge import KnowledgeBase
from amltui.knowledge.labels import answer_labels, question_title
from amltui.problems import EXIT_OK, Problem, ProblemError, UsageError
from amltui.sessions import Session, SessionStore
from amltui.sessions.export import to_json, to_markdown
from amltui.sessions.review import compare, knowledge_match, without_answer
from amltui.sessions.store import write_atomically
from amltui.sessions.visitors import visitor_folders
from amltui.terminal_text import one_line, printable

#: `amltui diff`'s answer for sessions that differ, as diff(1) exits.
EXIT_DIFFERENT = 1


def run(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    """A SessionError is left to `main`, which reports it (exit 1)."""
    store = SessionStore(locations.sessions_folder(args.sessions))
    if args.command == "sessions":
        return list_sessions(kb, store, locations.sessions_origin(args.sessions))
    if args.command == "export":
        return export(kb, store, args.file, args.format, args.output, args.sources_only)
    return diff(kb, store, args.first, args.second)


def find(store: SessionStore, name: str) -> Session:
    """A session by path, or by id (file name without .toml) in the sessions folder."""
    return store.load(locate(store, name))


def locate(store: SessionStore, name: str) -> Path:
    """The file `find` reads for `name`."""
    path = files.expand(name)
    if not os.path.lexists(path) and name == path.name:  # lexists: never an OSError, for any name
        path = store.inside(name if name.endswith(".toml") else name + ".toml")
    return path


def list_sessions(kb: KnowledgeBase, store: SessionStore, origin: str = "") -> int:
    """The sessions folder's sessions (saying why it is the folder used), then each browser
    visitor's (`amltui serve` gives every visitor a folder of their own inside it; whoever runs
    the server sees them all here)."""
    print_listing(kb, store, "Sessions", origin)
    for folder in visitor_folders(store.folder):
        visitor = SessionStore(folder)
        if visitor.listing():
            print()
            print_listing(kb, visitor, f"A browser visitor's sessions ({folder.name})")
    return EXIT_OK


def print_listing(kb: KnowledgeBase, store: SessionStore, heading: str, origin: str = "") -> None:
    listing = store.listing()
    where = printable(str(store.folder)) + (f" ({origin})" if origin else "")
    if not listing:
        print(f"No sessions in {where}")
        return
    print(f"{heading} in {where}, newest first:")
    print(f"{'id':<12}  {'updated':<16}  {'steps':>5}  {'state':<9}  {'knowledge':<9}  title")
    for item in listing:
        session = item.summary
        if session is None:
            print(f"{printable(item.path.name):<30}  unreadable: {printable(item.problem)}")
            continue
        state = "finished" if session.finished else "open"
        knowledge = knowledge_match(session, kb)
        title = one_line(session.title, 40) or "(untitled)"
        updated = session.updated.strftime("%Y-%m-%d %H:%M")
        print(f"{session.id:<12}  {updated:<16}  {session.step_count:>5}  {state:<9}  {one_line(knowledge, 9):<9}  {title}")


def export(
    kb: KnowledgeBase, store: SessionStore, name: str, kind: str, output: str | None, sources_only: bool | None = None
) -> int:
    """`sources_only`: None follows what the session recorded (the report says which was used)."""
    session = find(store, name)
    if kind == "json":
        report = to_json(session, kb, sources_only=sources_only)
    else:
        report = to_markdown(session, kb, sources_only=sources_only)
    return write_report(report, output)


def write_report(report: str, output: str | None) -> int:
    """Print a report, or write it to `output` (never over an existing file)."""
    if output is None:
        sys.stdout.write(report)
        return EXIT_OK
    target = files.expand(output)
    if os.path.lexists(target):
        raise UsageError(f"{target} already exists; choose another name (nothing was written)", item="--output")
    try:
        write_atomically(target, report)
    except OSError as error:
        raise ProblemError([Problem(str(target), f"cannot write it: {error.strerror or error}")]) from None
    print(f"Wrote {printable(str(target))}")
    return EXIT_OK


def diff(kb: KnowledgeBase, store: SessionStore, first_name: str, second_name: str) -> int:
    """Exit 0 when the sessions have the same answers and options, 1 when they differ (as diff)."""
    first, second = find(store, first_name), find(store, second_name)
    difference = compare(first, second, kb)
    print("\n".join(wrap(kb.disclaimer, 0)))
    print(f"A: {first.id} {one_line(first.title)}")
    print(f"B: {second.id} {one_line(second.title)}")
    if difference.same:
        print("Same answers and same options.")
        return EXIT_OK

    def labels(session: Session, question_id: str, ids: tuple[str, ...]) -> str:
        return answer_labels(kb, question_id, ids) if ids else f"({without_answer(kb, session, question_id)})"

    if difference.answers:
        print("Answers that differ:")
        for d in difference.answers:
            a, b = labels(first, d.question, d.first), labels(second, d.question, d.second)
            print(f"  {one_line(question_title(kb, d.question))}: A {one_line(a)} | B {one_line(b)}")
    for heading, ids in (("Options only in A", difference.only_first), ("Options only in B", difference.only_second)):
        if ids:
            print(f"{heading}:")
            for option_id in ids:
                option = kb.option(option_id)
                print(f"  {one_line(option_id)}: {one_line(option.name) if option else '(no longer in the knowledge base)'}")
    return EXIT_DIFFERENT

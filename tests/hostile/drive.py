"""Run amltui commands in one process, each under an alarm, and print what each did as JSON.

`python -m tests.hostile.drive '[["sessions", "--sessions", "DIR"], ...]'`. The app itself is
never started: `run_app` is replaced, so `resume` and `replay` go as far as the command line's
checks of the file (which is where a bad file must be refused). A command that does not return
within the alarm is reported as a hang; an exception that escapes `main` as a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import signal
import sys
import traceback

ALARM_SECONDS = 8
#: A reading command needs far less; a read without a bound (of /dev/zero, say) stops here.
MEMORY_BYTES = 2 * 1024**3


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def run(argv: list[str]) -> dict[str, object]:
    import amltui.tui
    from amltui.cli.main import main

    amltui.tui.run_app = lambda *args, **kwargs: print("(the app would start here)") or 0
    _load_the_bundled_knowledge_once()
    out, err = io.StringIO(), io.StringIO()
    result: dict[str, object] = {"argv": argv, "code": None, "hang": False, "traceback": ""}
    signal.alarm(ALARM_SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            result["code"] = main(argv)
    except Hang:
        result["hang"] = True
    except SystemExit as exit:
        result["code"] = exit.code
    except BaseException:  # noqa: BLE001 - any escape from main is what this driver reports
        result["traceback"] = traceback.format_exc()
    finally:
        signal.alarm(0)
    result["out"], result["err"] = out.getvalue(), err.getvalue()
    return result


def _load_the_bundled_knowledge_once() -> None:
    """The bundled knowledge base, which no case makes hostile, is loaded by the first command
    only (it is most of a command's time); every other folder is loaded by each command."""
    from pathlib import Path

    from amltui import locations
    from amltui.knowledge import cache as knowledge_cache  # the command line takes load_cached from it at each command

    load = knowledge_cache.load_cached
    if getattr(knowledge_cache, "_bundled_once", False):
        return
    bundled = locations.knowledge_folder(None).resolve()
    loaded = []

    def load_cached(folder: Path) -> object:
        if Path(folder).resolve() != bundled:
            return load(folder)
        if not loaded:
            loaded.append(load(folder))
        return loaded[0]

    knowledge_cache._bundled_once = True
    knowledge_cache.load_cached = load_cached  # what every command but check loads with


if __name__ == "__main__":
    signal.signal(signal.SIGALRM, _alarm)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    commands = json.loads(sys.argv[1])
    # ensure_ascii: whatever the commands printed reaches the test as escapes, byte for byte.
    print(json.dumps([run(argv) for argv in commands], ensure_ascii=True))

"""One visitor's app process, run by the server: `python -P -m amltui.serve.app_process PID`.

It is the app the command line runs (`python -m amltui run`, with the web driver textual-serve's
environment names), and ends itself within WATCH_SECONDS of its server going away without
ending it (killed): with no terminal and no server, nobody else would."""

from __future__ import annotations

import os
import runpy
import signal
import sys
import threading
import time

from amltui.serve.limits import TERM_SECONDS, WATCH_SECONDS


def main(argv: list[str]) -> None:
    server_pid = int(argv[1])
    threading.Thread(target=end_with_server, args=(server_pid,), name="amltui-serve-watch", daemon=True).start()
    sys.argv = ["amltui", "run"]
    runpy.run_module("amltui", run_name="__main__", alter_sys=True)  # raises SystemExit with its code


def end_with_server(server_pid: int) -> None:
    while os.getppid() == server_pid:
        time.sleep(WATCH_SECONDS)
    os.kill(os.getpid(), signal.SIGHUP)  # no terminal and no server: a hang-up
    time.sleep(TERM_SECONDS)
    os._exit(1)  # the app did not end on SIGHUP; nothing is left to tell


if __name__ == "__main__":
    main(sys.argv)

"""The server's log, written from a thread of its own so that the event loop never waits for
stderr (a full pipe there once froze the whole server), and never waits long itself."""

from __future__ import annotations

import logging
import logging.handlers
import os
import queue
import select
import threading
from collections.abc import Callable

from amltui.serve.limits import LOG_LINE_BYTES, LOG_QUEUE_LINES, LOG_WRITE_SECONDS
from amltui.terminal_text import printable


class Missed:
    """How many log lines were dropped since stderr last took one: those a stuck stderr did not
    take, and those that found the queue to it full (both threads count, so under a lock)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0

    def add(self, count: int = 1) -> None:
        with self._lock:
            self._count += count

    def take(self) -> int:
        with self._lock:
            count, self._count = self._count, 0
        return count


class DroppingQueueHandler(logging.handlers.QueueHandler):
    """Hands records to the writing thread, or drops (and counts) them if it is that far behind."""

    def __init__(self, records: queue.Queue[logging.LogRecord | None], missed: Missed) -> None:
        super().__init__(records)
        self.missed = missed

    def enqueue(self, record: logging.LogRecord) -> None:
        try:
            self.queue.put_nowait(record)
        except queue.Full:
            self.missed.add()


def log_without_blocking(fd: int) -> Callable[[], None]:
    """Send every log record to file descriptor `fd` from a thread of its own; returns what ends it.

    The thread never waits long either: a line that stderr does not take within LOG_WRITE_SECONDS
    (a full pipe nobody reads, a stopped terminal) is dropped, and when stderr takes one again it
    is told how many were. Nothing is left in sys.stderr's buffer to block the exit."""
    missed = Missed()
    records: queue.Queue[logging.LogRecord | None] = queue.Queue(LOG_QUEUE_LINES)
    formatter = logging.Formatter("amltui serve: %(message)s")

    def write() -> None:
        while (record := records.get()) is not None:
            line = printable(formatter.format(record)).encode("utf-8", "replace")[:LOG_LINE_BYTES] + b"\n"
            if not write_or_drop(fd, line, LOG_WRITE_SECONDS):
                missed.add()
            elif dropped := missed.take():
                note = f"amltui serve: ({dropped} log lines dropped: stderr took nothing)\n"
                if not write_or_drop(fd, note.encode(), LOG_WRITE_SECONDS):
                    missed.add(dropped)

    thread = threading.Thread(target=write, name="amltui-serve-log", daemon=True)
    thread.start()
    root = logging.getLogger()
    handler = DroppingQueueHandler(records, missed)
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def finish() -> None:
        root.removeHandler(handler)
        try:
            records.put(None, timeout=1)
        except queue.Full:
            return
        thread.join(timeout=LOG_WRITE_SECONDS + 1)  # what is left, unless stderr is stuck

    return finish


def write_or_drop(fd: int, data: bytes, seconds: float) -> bool:
    """Write `data` (at most PIPE_BUF bytes) if `fd` takes it within `seconds`; False if not."""
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    try:
        if not poller.poll(seconds * 1000):
            return False
        os.write(fd, data)  # a pipe with room takes a write this short without waiting
    except OSError:  # closed, or its reader gone
        return False
    return True

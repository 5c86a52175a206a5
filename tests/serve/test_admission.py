"""Who `amltui serve` lets in, and what it accepts from a page: the checks themselves, no server."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

import pytest

from amltui.serve import admission as admitting
from amltui.serve import app_output, limits, listening, page_messages


@dataclass
class Bound:
    """Stands for a listening socket: only its address is read."""

    address: tuple[str, int]

    def getsockname(self) -> tuple[str, int]:
        return self.address


def admission(host: str, *addresses: str, port: int = 8000) -> admitting.Admission:
    return admitting.Admission.of(host, [Bound((address, port)) for address in addresses], max_visitors=5)


LOOPBACK = admission("127.0.0.1", "127.0.0.1")


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST:8000"])
def test_this_machines_names_are_let_in(host):
    assert LOOPBACK.refusal([host], [f"http://{host}"], ("127.0.0.1", 8000), websocket=True) is None
    assert LOOPBACK.refusal([host], [], ("127.0.0.1", 8000), websocket=False) is None  # a page: no Origin


@pytest.mark.parametrize(
    "hosts",
    [
        ["evil.example"],
        ["evil.example:8000"],  # DNS rebinding: another site's name for this address
        ["127.0.0.1"],  # no port: another server of this machine
        ["127.0.0.1:8001"],
        ["127.0.0.1:8000.evil.example"],
        ["localhost.:8000"],
        ["127.0.0.1:8000 "],
        [""],
        [],
        ["127.0.0.1:8000", "evil.example"],  # two Host headers
        ['127.0.0.1:8000");} body { background: url("http://evil.example/'],
    ],
)
def test_a_host_header_that_is_not_this_server_is_refused(hosts):
    why = LOOPBACK.refusal(hosts, ["http://127.0.0.1:8000"], ("127.0.0.1", 8000), websocket=True)
    assert why is not None and "Host" in why


@pytest.mark.parametrize(
    "origins",
    [
        ["http://evil.example"],
        ["null"],  # a file, or a sandboxed frame
        ["https://127.0.0.1:8000"],
        ["http://127.0.0.1:8001"],
        ["http://127.0.0.1:8000.evil.example"],
        ["http://127.0.0.1:8000/"],
        ["http://127.0.0.1:8000", "http://evil.example"],
        ["http://127.0.0.1:8000", "http://127.0.0.1:8000"],
    ],
)
def test_a_connection_from_another_sites_page_is_refused(origins):
    for websocket in (True, False):  # the page, too, when its request says where it comes from
        why = LOOPBACK.refusal(["127.0.0.1:8000"], origins, ("127.0.0.1", 8000), websocket=websocket)
        assert why is not None and "Origin" in why


def test_a_connection_with_no_origin_is_refused_but_the_page_is_not():
    assert "no Origin" in LOOPBACK.refusal(["127.0.0.1:8000"], [], ("127.0.0.1", 8000), websocket=True)
    assert LOOPBACK.refusal(["127.0.0.1:8000"], [], ("127.0.0.1", 8000), websocket=False) is None


def test_a_named_host_answers_to_its_name_and_its_address_only():
    named = admission("trainer.example", "192.0.2.7")
    local = ("192.0.2.7", 8000)
    for host in ("trainer.example:8000", "192.0.2.7:8000"):
        assert named.refusal([host], [f"http://{host}"], local, websocket=True) is None
    for host in ("localhost:8000", "evil.example:8000"):
        assert named.refusal([host], [f"http://{host}"], local, websocket=True) is not None


def test_every_address_answers_to_the_address_each_connection_came_in_on():
    everywhere = admission("0.0.0.0", "0.0.0.0", port=80)
    came_in_on = ("192.0.2.7", 80)
    for host in ("192.0.2.7", "192.0.2.7:80", socket.gethostname().lower(), "localhost"):
        assert everywhere.refusal([host], [f"http://{host}"], came_in_on, websocket=True) is None, host
    assert everywhere.refusal(["192.0.2.8"], ["http://192.0.2.8"], came_in_on, websocket=True) is not None
    assert everywhere.refusal(["evil.example"], ["http://evil.example"], came_in_on, websocket=True) is not None


def test_an_ipv6_address_is_written_in_brackets():
    assert admitting.authorities("::1", 8000) == {"[::1]:8000"}
    assert admitting.authorities("::1", 80) == {"[::1]:80", "[::1]"}


@pytest.mark.parametrize(
    ("width", "height", "size"),
    [
        (80, 24, (80, 24)),
        (100_000, 100_000, (500, 200)),  # took an app to 1 GB before
        (2**70, 2**70, (500, 200)),
        (2, 1, (20, 10)),
        (501, 9, (500, 10)),
    ],
)
def test_terminal_sizes_are_clamped(width, height, size):
    assert page_messages.terminal_size(width, height) == size


@pytest.mark.parametrize(
    ("width", "height"),
    [(-1, 24), (80, -5), (0, 24), (80, 0), (80.0, 24), ("80", "24"), (None, 24), (True, True), ([80], {}), (float("nan"), 24)],
)
def test_nonsense_sizes_are_refused(width, height):
    assert page_messages.terminal_size(width, height) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [("80", 80), ("100000", 100_000), ("-1", None), ("8e1", None), ("", None), (None, None), ("٨٠", None), ("1" * 10, None), (" 80", None)],
)
def test_numbers_in_the_query_are_digits_only(text, number):
    assert page_messages.query_number(text) == number


@pytest.mark.parametrize(
    "text",
    ["", "not json", "{}", "[]", "[1, 2]", '"stdin"', "1" * 5000, "[" * 100_000 + "]" * 100_000, '{"stdin": "x"}'],
)
def test_a_message_that_is_not_the_protocol_is_none(text):
    assert page_messages.page_message(text) is None


def test_a_message_is_its_kind_and_data():
    assert page_messages.page_message('["resize", {"width": 80, "height": 24}]') == ("resize", {"width": 80, "height": 24})
    assert page_messages.page_message('["blur"]') == ("blur", None)


def test_the_default_visitor_limit_follows_cores_and_memory(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    sizes = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": (24 << 30) // 4096}
    monkeypatch.setattr(os, "sysconf", lambda name: sizes[name])
    assert listening.default_max_visitors() == 2 * limits.VISITORS_PER_CORE  # 24 GB: the cores decide
    sizes["SC_PHYS_PAGES"] = (1 << 30) // 4096
    assert listening.default_max_visitors() == (1 << 30) // 2 // limits.VISITOR_MEMORY_BYTES  # 1 GB: memory
    sizes["SC_PHYS_PAGES"] = 1
    assert listening.default_max_visitors() == 1  # never none


def test_the_error_tail_keeps_the_end_in_bounded_memory():
    tail = app_output.ErrorTail(keep=100)
    for n in range(5000):
        tail.add(f"line {n} \x1b]0;retitled\x07\n".encode())
    assert tail.total > 100_000 and len(tail.kept) <= 100
    lines = tail.lines(2)
    assert lines[-1] == "line 4999 \\x1b]0;retitled\\x07"  # printable: the escape is not sent


STUCK_STDERR = """
import fcntl, logging, os, sys, threading, time
from amltui.serve import limits, server_log

stuck, full = os.pipe()  # a stderr nobody reads
try:
    fcntl.fcntl(full, getattr(fcntl, "F_SETPIPE_SZ", 1031), 4096)
except OSError:
    sys.exit(77)  # this system cannot make a pipe that small
finish = server_log.log_without_blocking(full)
logged = threading.Event()

def log_a_lot():
    for n in range(3 * limits.LOG_QUEUE_LINES):
        logging.getLogger("textual-serve").warning("line %d \\x1b[2J", n)
    logged.set()

read = []
seen_after = threading.Event()

def read_all():  # stderr takes lines again
    while not seen_after.is_set() and (data := os.read(stuck, 65536)):
        read.append(data.decode())
        if "amltui serve: after\\n" in (text := "".join(read)) and "dropped" in text:
            seen_after.set()

threading.Thread(target=log_a_lot, daemon=True).start()
assert logged.wait(30), "logging waited for a stuck stderr"
threading.Thread(target=read_all, daemon=True).start()
while not seen_after.wait(0.1):  # "after" is dropped too while the queue is full
    logging.getLogger("textual-serve").warning("after")
text = "".join(read)
assert text.startswith("amltui serve: line 0 \\\\x1b[2J\\n"), text[:80]  # printable: no escape sent
assert "log lines dropped: stderr took nothing)" in text
assert text.count("amltui serve: line") < 3 * limits.LOG_QUEUE_LINES
finish()
print("held")
"""


def test_a_stuck_stderr_never_stops_the_one_who_logs_and_is_told_what_it_missed():
    # In a process of its own: the log is the root logger's, which the other tests in this
    # worker (and pytest's own capture) share; this one needs it as a fresh server has it.
    import subprocess
    import sys

    ran = subprocess.run([sys.executable, "-c", STUCK_STDERR], capture_output=True, text=True, timeout=120, check=False)
    if ran.returncode == 77:
        pytest.skip("this system cannot make a pipe that small")
    assert ran.returncode == 0 and ran.stdout.strip() == "held", ran.stderr[-2000:]

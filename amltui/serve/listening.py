"""Where `amltui serve` listens: the sockets for --host and --port, the address it prints, and
the default --max-visitors for this machine."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket

from amltui.problems import UsageError
from amltui.serve.limits import VISITOR_MEMORY_BYTES, VISITORS_PER_CORE


def bind(host: str, port: int) -> list[socket.socket]:
    """Listening sockets on every address `host` names (one port for all); UsageError if none."""
    if not host.strip():  # getaddrinfo would take "" for every address of the machine
        raise UsageError(
            f"--host {host!r}: no address given; use 127.0.0.1 for this machine only, "
            "or 0.0.0.0 to be reachable from the network"
        )
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        raise UsageError(f"--host {host!r}: not an address or a known host name ({error})") from None
    listeners: list[socket.socket] = []
    try:
        for family, kind, proto, found_address in dict.fromkeys((f, k, p, a) for f, k, p, _, a in found):
            address = found_address
            listener = socket.socket(family, kind, proto)
            listeners.append(listener)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            if port == 0 and len(listeners) > 1:  # the same free port on every address
                address = (address[0], listeners[0].getsockname()[1], *address[2:])
            listener.bind(address)
            listener.listen(128)
            listener.setblocking(False)
    except OSError as error:
        for listener in listeners:
            listener.close()
        raise UsageError(bind_problem(host, port, error)) from None
    return listeners


def bind_problem(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use (another server?); choose another with --port"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"--host {host}: not an address of this machine"
    if error.errno == errno.EACCES:
        return f"port {port} on {host}: permission denied (ports below 1024 need privileges); choose another with --port"
    return f"cannot listen on {host} port {port}: {error.strerror or error}"


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", maxsplit=1)[0]).is_loopback
    except ValueError:
        return False


def is_any_address(address: str) -> bool:
    return address in ("0.0.0.0", "::")


def page_url(listener: socket.socket) -> str:
    """The address printed for visitors (on every address: this machine's name)."""
    host, port = listener.getsockname()[:2]
    if is_any_address(host):
        host = socket.gethostname()
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def default_max_visitors() -> int:
    """--max-visitors when not given: VISITORS_PER_CORE per core, within half the memory."""
    cores = os.cpu_count() or 1
    by_cores = cores * VISITORS_PER_CORE
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):  # not known here
        return by_cores
    return max(1, min(by_cores, memory // 2 // VISITOR_MEMORY_BYTES))

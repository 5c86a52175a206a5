"""Who `amltui serve` lets in: requests naming this server as it is served, from its own page.

textual-serve checks neither: a request naming another host (DNS rebinding) or a connection
opened by another site's page (any page the trainer's browser visits could otherwise drive an
app) is refused before any app starts."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from amltui.serve.listening import is_any_address, is_loopback

#: Host names that mean this machine (a bare `localhost` is not a name another site controls).
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")

#: For a refused request (403); nothing of the request is repeated.
REFUSED_TEXT = (
    "amltui serve answers only its own page, at the address it printed when it started.\n"
    "Open that address in the browser (not a link or a page from another site).\n"
)


class Listener(Protocol):
    """What is read of a listening socket: its address."""

    def getsockname(self) -> tuple[str, int]: ...


@dataclass(frozen=True)
class Admission:
    """Who is let in: requests that name this server as it is served, up to `max_visitors` apps.

    `names` are host[:port] as a browser writes them in Host and Origin (lower case). A server
    on every address (0.0.0.0, ::) also answers to the address each connection came in on."""

    names: frozenset[str]
    any_address: bool
    max_visitors: int

    @classmethod
    def of(cls, host: str, listeners: Sequence[Listener | socket.socket], max_visitors: int) -> Admission:
        addresses: list[str] = [listener.getsockname()[0] for listener in listeners]
        port: int = listeners[0].getsockname()[1]
        any_address = any(is_any_address(address) for address in addresses)
        names = {host, *(address for address in addresses if not is_any_address(address))}
        if any_address or any(is_loopback(address) for address in addresses):
            names.update(LOOPBACK_NAMES)
        if any_address:
            names.add(socket.gethostname())  # the name in the address printed
        return cls(frozenset(a for name in names for a in authorities(name, port)), any_address, max_visitors)

    def hosts(self, local: tuple[str, int] | None) -> frozenset[str]:
        """The names a request may use on a connection that came in on `local` (address, port)."""
        if self.any_address and local is not None:
            return self.names | authorities(local[0], local[1])
        return self.names

    def refusal(
        self, hosts: Sequence[str], origins: Sequence[str], local: tuple[str, int] | None, websocket: bool
    ) -> str | None:
        """Why a request with these Host and Origin headers is refused (for the log), or None.

        A browser sends Origin with every connection a page opens: one from another site's page,
        from a file or a sandboxed frame ("null"), or none at all is not this server's page."""
        served = self.hosts(local)
        if len(hosts) != 1 or hosts[0].lower() not in served:
            return "a Host header that is not this server's address"
        if len(origins) > 1 or (origins and origins[0].lower() not in {f"http://{name}" for name in served}):
            return "a page from another site (its Origin is not this server's address)"
        if websocket and not origins:
            return "a connection with no Origin (this server's page always sends one)"
        return None


def authorities(name: str, port: int) -> frozenset[str]:
    """How a browser writes `name` and `port` in Host and Origin (no port for 80, IPv6 in brackets)."""
    name = name.lower()
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"
    return frozenset({f"{name}:{port}", name} if port == 80 else {f"{name}:{port}"})

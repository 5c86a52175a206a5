"""`amltui serve` says where it can be reached while it runs, for a room's trainer to show."""

from __future__ import annotations

from amltui.sessions.rooms.serve_address import serve_addresses
from tests.serve.server import wait_until


def test_a_running_server_is_found_by_the_trainer_and_not_after_it_stops(start_server, tmp_path):
    server = start_server()
    rooms = tmp_path / "sessions" / "rooms"  # where its visitors' rooms are (no AMLTUI_ROOMS)
    assert serve_addresses(rooms) == [server.url]
    assert serve_addresses(tmp_path / "other") == []
    server.stop()  # SIGTERM, as Ctrl+C or a service manager stops it
    assert serve_addresses(rooms) == [] and list((tmp_path / "runtime").iterdir()) == []


def test_a_killed_servers_record_shows_no_address(start_server, tmp_path):
    server = start_server()
    rooms = tmp_path / "sessions" / "rooms"
    server.close()  # SIGKILL: no chance to remove its record
    assert len(list((tmp_path / "runtime").iterdir())) == 1
    wait_until(lambda: serve_addresses(rooms) == [], what="the dead server passed over")

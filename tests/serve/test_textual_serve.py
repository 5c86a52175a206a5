"""What amltui.serve relies on inside textual-serve (serve.TEXTUAL_SERVE_INTERNALS) is still there.

Each test names the entry it checks. When one fails after an upgrade, read the new textual-serve
source for that name before changing anything: the guard that relies on it may no longer hold.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from amltui import serve

textual_serve = pytest.importorskip("textual_serve")
from textual_serve.app_service import AppService  # noqa: E402
from textual_serve.download_manager import DownloadManager  # noqa: E402
from textual_serve.server import Server  # noqa: E402

PACKAGE = Path(textual_serve.__file__).parent


async def ignore(_: object = None) -> None:
    return None


def test_every_internal_relied_on_is_listed_and_checked_here():
    checked = {
        "AppService._stdin",
        "AppService._download_manager",
        "AppService._build_environment",
        "AppService.run",
        "AppService.start, AppService.stop",
        "Server.statics_path, Server.templates_path",
        "templates/app_index.html",
        "static/fonts/RobotoMono-VariableFont_wght.ttf",
    }
    assert set(serve.TEXTUAL_SERVE_INTERNALS) == checked


def test_app_service_stdin_is_the_pipe_send_bytes_and_send_meta_write_to():
    service = AppService("x", write_bytes=ignore, write_str=ignore, close=ignore, download_manager=DownloadManager())
    assert hasattr(service, "_stdin")
    assert "self._stdin" in inspect.getsource(AppService.stdin.fget)
    for method in (AppService.send_bytes, AppService.send_meta):
        assert "self.stdin" in inspect.getsource(method), method.__name__


def test_app_service_keeps_its_download_manager():
    manager = DownloadManager()
    service = AppService("x", write_bytes=ignore, write_str=ignore, close=ignore, download_manager=manager)
    assert service._download_manager is manager
    assert inspect.iscoroutinefunction(DownloadManager.cancel_app_downloads)
    assert list(inspect.signature(DownloadManager.cancel_app_downloads).parameters) == ["self", "app_service_id"]


def test_app_service_build_environment_gives_the_web_driver_and_the_size():
    service = AppService("x", write_bytes=ignore, write_str=ignore, close=ignore, download_manager=DownloadManager())
    environment = service._build_environment(width=81, height=25)
    assert environment["TEXTUAL_DRIVER"] == "textual.drivers.web_driver:WebDriver"
    assert (environment["COLUMNS"], environment["ROWS"]) == ("81", "25")


def test_the_protocol_run_replaces_is_still_the_one_it_speaks():
    """Visitor.run reads the prelude line and D/M/P packets (1 byte, 4-byte size, payload) and
    hands them to on_data, on_meta, on_packed; textual-serve's run must still do the same."""
    source = inspect.getsource(AppService.run)
    for piece in ('b"__GANGLION__\\n"', 'META = b"M"', 'DATA = b"D"', 'PACKED = b"P"', "readexactly(4)", '"big"'):
        assert piece in source, piece
    for name in ("on_data", "on_meta", "on_packed", "send_meta", "send_bytes", "set_terminal_size", "blur", "focus"):
        assert inspect.iscoroutinefunction(getattr(AppService, name)), name


def test_start_and_stop_are_the_only_callers_of_the_process_they_replace():
    """Visitor.start and Visitor.stop replace these; nothing else of textual-serve may start or
    end the app (it would miss the process group and the bounded ending)."""
    assert "_open_app_process" in inspect.getsource(AppService.start)
    callers = [
        name
        for name, member in inspect.getmembers(AppService, inspect.isfunction)
        if name not in ("start", "stop", "_open_app_process") and "_open_app_process" in inspect.getsource(member)
    ]
    assert callers == []


def test_the_server_knows_its_page_files():
    server = Server("x")
    assert (Path(server.templates_path) / "app_index.html").is_file()
    assert (Path(server.statics_path) / "js" / "textual.js").is_file()
    assert inspect.iscoroutinefunction(Server.handle_download)


def test_the_page_template_uses_only_the_variables_given():
    template = (PACKAGE / "templates" / "app_index.html").read_text()
    used = {re.sub(r"\s+or\s+.*", "", found).strip() for found in re.findall(r"\{\{(.*?)\}\}", template)}
    assert used == set(serve.PAGE_VARIABLES)
    assert "fonts.googleapis.com" in template  # the link own_font replaces
    assert "data-session-websocket-url" in template  # the address PAGE_SCRIPT resolves


def test_the_font_served_instead_of_googles_is_shipped():
    assert (PACKAGE / "static" / "fonts" / "RobotoMono-VariableFont_wght.ttf").is_file()


def test_the_page_script_still_sees_the_connection_the_page_opens():
    """textual.js opens its connection with `new WebSocket(...)` at the address in the page."""
    script = (PACKAGE / "static" / "js" / "textual.js").read_text()
    assert "new WebSocket(this.websocket_url" in script
    assert "dataset.sessionWebsocketUrl" in script

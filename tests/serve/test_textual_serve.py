"""What amltui.serve relies on inside textual-serve (textual_serve_adapter.TEXTUAL_SERVE_INTERNALS)
is still there, and the files it adapts are the ones read when it was written.

Each test names the entry it checks. When one fails after an upgrade, read the new textual-serve
source for that name before changing anything: the guard that relies on it may no longer hold.
The digests are of textual-serve 1.1.3, the same as its repository's main branch (checked
against github.com/Textualize/textual-serve when the adapter was written).
"""

from __future__ import annotations

import hashlib
import inspect
import re
from pathlib import Path

import pytest

from amltui.serve.page import page_variables
from amltui.serve.textual_serve_adapter import TEXTUAL_SERVE_INTERNALS, TextualServeParts

textual_serve = pytest.importorskip("textual_serve")
from textual_serve.app_service import AppService  # noqa: E402
from textual_serve.download_manager import DownloadManager  # noqa: E402
from textual_serve.server import Server  # noqa: E402

PACKAGE = Path(textual_serve.__file__).parent
#: The files whose insides the adapter follows (sha256): any change is to be read first.
READ = {
    "app_service.py": "0ac514eaee22adb4fc4a248989c8854eda68c24834937cac5357391f693a79b6",
    "templates/app_index.html": "184d6d1bb1ed70bc24e774b0f7fb888a22284b85748c4c01acf814e894bd8051",
}


async def ignore(_: object = None) -> None:
    return None


def service() -> AppService:
    return AppService("x", write_bytes=ignore, write_str=ignore, close=ignore, download_manager=DownloadManager())


def test_every_internal_relied_on_is_listed_and_checked_here():
    checked = {
        "AppService._build_environment",
        "AppService.stdin",
        "AppService.start, AppService.stop",
        "AppService.run",
        "AppService.on_data, on_meta, on_packed, send_bytes, send_meta, set_terminal_size, blur, focus",
        "Server.statics_path, Server.templates_path, Server.download_manager, Server.handle_download",
        "templates/app_index.html",
        "static/fonts/RobotoMono-VariableFont_wght.ttf",
        "static/js/textual.js",
    }
    assert set(TEXTUAL_SERVE_INTERNALS) == checked


@pytest.mark.parametrize("name", sorted(READ))
def test_the_files_adapted_are_the_ones_read(name):
    digest = hashlib.sha256((PACKAGE / name).read_bytes()).hexdigest()
    assert digest == READ[name], (
        f"textual-serve's {name} changed: read it against TEXTUAL_SERVE_INTERNALS "
        "(amltui/serve/textual_serve_adapter.py) before taking the new digest"
    )


def test_app_service_build_environment_gives_the_web_driver_and_the_size():
    environment = service()._build_environment(width=81, height=25)
    assert environment["TEXTUAL_DRIVER"] == "textual.drivers.web_driver:WebDriver"
    assert (environment["COLUMNS"], environment["ROWS"]) == ("81", "25")


def test_app_service_stdin_is_what_send_bytes_and_send_meta_write_to():
    assert isinstance(inspect.getattr_static(AppService, "stdin"), property)
    for method in (AppService.send_bytes, AppService.send_meta):
        assert "self.stdin" in inspect.getsource(method), method.__name__
    users = [  # the private pipe behind it: nothing but the property reads it (Visitor overrides that)
        name
        for name, member in inspect.getmembers(AppService, inspect.isfunction)
        if "self._stdin" in inspect.getsource(member)
    ]
    assert sorted(users) == ["__init__", "_open_app_process"]  # set to None, then to the pipe
    assert "self._stdin" in inspect.getsource(AppService.stdin.fget)


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


def test_the_protocol_run_replaces_is_still_the_one_it_speaks():
    """app_output reads the prelude line and D/M/P packets (1 byte, 4-byte size, payload) and
    hands them to on_data, on_meta, on_packed; textual-serve's run must still do the same."""
    source = inspect.getsource(AppService.run)
    for piece in ('b"__GANGLION__\\n"', 'META = b"M"', 'DATA = b"D"', 'PACKED = b"P"', "readexactly(4)", '"big"'):
        assert piece in source, piece
    for name in ("on_data", "on_meta", "on_packed", "send_meta", "send_bytes", "set_terminal_size", "blur", "focus"):
        assert inspect.iscoroutinefunction(getattr(AppService, name)), name


def test_the_server_gives_its_page_files_and_downloads():
    parts = TextualServeParts("amltui", "http://127.0.0.1:8000/")
    assert (parts.templates / "app_index.html").is_file()
    assert (parts.statics / "js" / "textual.js").is_file()
    assert isinstance(parts.downloads, DownloadManager)
    assert inspect.iscoroutinefunction(Server.handle_download)
    assert list(inspect.signature(DownloadManager.cancel_app_downloads).parameters) == ["self", "app_service_id"]


def names(variables: dict[str, object], prefix: str = "") -> set[str]:
    """page_variables as the template writes them: application.name, config.static.url ..."""
    found: set[str] = set()
    for key, value in variables.items():
        found |= names(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return found


def test_the_page_template_uses_only_the_variables_given():
    template = (PACKAGE / "templates" / "app_index.html").read_text()
    used = {re.sub(r"\s+or\s+.*", "", found).strip() for found in re.findall(r"\{\{(.*?)\}\}", template)}
    assert used == names(page_variables("amltui", 16))
    assert "fonts.googleapis.com" in template  # the link own_font replaces
    assert "data-session-websocket-url" in template  # the address PAGE_SCRIPT resolves
    assert 'id="terminal"' in template  # where PAGE_SCRIPT finds xterm's textarea


def test_the_font_served_instead_of_googles_is_shipped():
    assert (PACKAGE / "static" / "fonts" / "RobotoMono-VariableFont_wght.ttf").is_file()


def test_the_page_script_still_sees_the_connection_the_page_opens_and_the_focus():
    """textual.js opens its connection with `new WebSocket(...)` at the address in the page, and
    tells the app about focus when xterm's screen (holding its textarea) gets it."""
    script = (PACKAGE / "static" / "js" / "textual.js").read_text()
    assert "new WebSocket(this.websocket_url" in script
    assert "dataset.sessionWebsocketUrl" in script
    assert 'querySelector(".xterm-screen").addEventListener("focus"' in script
    assert 'JSON.stringify(["focus"])' in script

"""The page a visitor is served: textual-serve's page (xterm.js), rendered with nothing of the
request in it, with the server's own font, and with PAGE_SCRIPT; and the page for a full room."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

#: Runs before textual-serve's page script. Every connection the page opens goes to this page's
#: own address (the page names it "/ws", reflecting nothing of the request) and carries the
#: visitor's token (made once, kept in this browser for this address: the visitor's own sessions
#: folder, see amltui.sessions.visitors). The terminal takes the keyboard as soon as the
#: connection opens (a trainer's first key must not need a click first). A connection is closed
#: when the page is hidden (tab closed, or left for another page and kept in the back-forward
#: cache, which would otherwise keep the visitor's app running), and one refused before it opened
#: (the room filled up since the page loaded) reloads the page once, which then says why.
PAGE_SCRIPT = """<script>
(() => {
  const Native = window.WebSocket, open = new Set();
  let leaving = false;
  const visitor = (() => {
    const made = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
    try {
      let token = localStorage.getItem("amltui-visitor");
      if (!/^[0-9a-f]{32}$/.test(token || "")) {
        token = made();
        localStorage.setItem("amltui-visitor", token);
      }
      return token;
    } catch (error) {  // no storage here (a private window may refuse it): a space for this page
      return made();
    }
  })();
  window.WebSocket = class extends Native {
    constructor(url, ...rest) {
      const address = new URL(url, window.location.href);
      address.protocol = address.protocol === "https:" ? "wss:" : "ws:";
      address.searchParams.set("visitor", visitor);
      super(address.href, ...rest);
      let opened = false;
      open.add(this);
      this.addEventListener("open", () => {
        opened = true;
        const keys = document.querySelector("#terminal textarea");  // xterm's keyboard input
        if (keys) keys.focus();  // tells the app it has the focus, too (textual.js sends it)
      });
      this.addEventListener("close", () => {
        open.delete(this);
        const last = Number(sessionStorage.getItem("amltui-reloaded") || 0);
        if (!opened && !leaving && Date.now() - last > 10000) {
          sessionStorage.setItem("amltui-reloaded", String(Date.now()));
          window.location.reload();
        }
      });
    }
  };
  window.addEventListener("pagehide", () => { leaving = true; for (const s of open) s.close(); });
})();
</script>
"""

#: For the visitor turned away (503); $places is the only thing filled in.
ROOM_FULL_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="15">
<title>amltui: the room is full</title>
<style>
body { background: #0c181f; color: #eee; font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5; }
a { color: #ac5af4; }
</style>
</head>
<body>
<h1>The room is full</h1>
<p>Every place on this amltui server is taken ($places of $places): each visitor has an app
of their own. A place frees up when someone closes their page. This page tries again every
15 seconds, or <a href="/">try now</a>.</p>
<p>For the trainer: <code>amltui serve --max-visitors N</code> allows more (each app needs about
40 MB of memory and a share of the processor).</p>
</body>
</html>
"""

#: On every page and file: no other site may frame the page (and so trick a visitor into typing
#: into it), nor learn from the Referer where it was, nor have a file taken for another type.
PAGE_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

#: Where the page's files are served, and its connection's address (relative: nothing of the
#: request, and --host 0.0.0.0 works from other machines).
STATIC_URL, WEBSOCKET_URL = "/static/", "/ws"
#: The font textual-serve ships, served instead of Google's.
FONT = "fonts/RobotoMono-VariableFont_wght.ttf"


class Pages:
    """Renders textual-serve's page template (`templates`, with its files in `statics`)."""

    def __init__(self, templates: Path, statics: Path, title: str) -> None:
        self.statics, self.title = statics, title
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True)

    def app_page(self, font_size: int) -> str:
        """The page, filled with page_variables() only (none from the request), the server's
        own font, and PAGE_SCRIPT before textual-serve's script."""
        page = self.templates.get_template("app_index.html").render(page_variables(self.title, font_size))
        page = own_font(page, self.statics, STATIC_URL)
        head, found, rest = page.partition("</head>")
        return head + PAGE_SCRIPT + found + rest if found else page + PAGE_SCRIPT


def page_variables(title: str, font_size: int) -> dict[str, object]:
    """Every variable app_index.html uses (a test fails on a new one, which might be reflected)."""
    return {
        "font_size": font_size,
        "app_websocket_url": WEBSOCKET_URL,
        "config": {"static": {"url": STATIC_URL}},
        "application": {"name": title},
        "ping_url": "",
    }


def room_full_page(places: int) -> str:
    return ROOM_FULL_PAGE.replace("$places", str(places))


def own_font(page: str, statics: Path, static_url: str) -> str:
    """The page asks Google for its font; a training room may be offline, and visitors' addresses
    need not go to a third party: use the copy textual-serve ships instead."""
    face = (
        f'<style>@font-face {{ font-family: "Roboto Mono"; src: url("{static_url}{FONT}"); }}</style>'
        if (statics / FONT).is_file()
        else ""
    )
    return re.sub(r"<link[^>]*fonts\.googleapis\.com[^>]*>", face, page)

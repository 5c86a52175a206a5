"""The browser route: `amltui serve` shows the app in web browsers, one app process per visitor
(textual-serve supplies the page, xterm.js, and the protocol).

What is added to textual-serve 1.1, and where:

* each visitor's app ends when the visitor leaves, within bounds (asked to quit, then SIGTERM to
  its process group, then SIGKILL), and every app ends before the server stops
  (`textual_serve_adapter.Visitor`, `app_output`); an app whose server is killed ends itself
  (`app_process`);
* only the server's own page is let in: a request naming another host (DNS rebinding) or a
  connection from another site's page is refused before any app starts (`admission`); the page
  reflects nothing of the request, uses the server's own font, closes its connection when hidden,
  and gives the terminal the keyboard at once (`page`);
* what a page sends is read as hostile: sizes clamped, messages that are not the protocol dropped
  (`page_messages`); an app's error output is kept as a bounded tail and the log is written from
  a thread that never blocks the server (`server_log`);
* at most `--max-visitors` apps at once (`listening.default_max_visitors`), and each visitor keeps
  to a sessions folder of their own (`amltui.sessions.visitors`).

Every use of textual-serve's internals is in `textual_serve_adapter`. Only the standard library
is imported until the server starts (`command.serve`), so the rest of the command line stays fast.
"""

from amltui.serve.command import run

__all__ = ["run"]

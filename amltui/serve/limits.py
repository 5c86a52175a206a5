"""The numbers `amltui serve` keeps to: how long an app has to end, what a page may ask for, and
how much of anything is kept. Each is measured or argued where it is set."""

from __future__ import annotations

#: How long a visitor's app has to quit when asked, then to end on SIGTERM, before SIGKILL.
QUIT_SECONDS, TERM_SECONDS = 3.0, 2.0
#: How often a visitor's app checks that the server is still there.
WATCH_SECONDS = 0.5

#: Terminal sizes a page may ask for, (fewest, most) columns and rows. Most: 500 x 200 is more
#: than a 4K screen shows at the page's 16 px font (about 400 x 110) and costs an app 1 MB and
#: about 110 KB a repaint (benchmarks/bench_serve.py); 100,000 x 100,000 took an app to 1 GB.
#: Fewest: xterm asks for as little as 2 x 1 in a tiny window, where no screen of the app draws;
#: 20 x 10 keeps every screen drawable (the page shows what fits).
COLUMNS, ROWS = (20, 500), (10, 200)
#: The size used when the page's first request gives none that makes sense (textual-serve's).
DEFAULT_SIZE = (80, 24)
#: The page's font size in pixels (`?fontsize=`), default and range.
FONT_SIZE, FONT_SIZES = 16, (6, 64)
#: A message from a page longer than this ends its connection (a paste is far shorter).
MESSAGE_BYTES = 1 << 20
#: An app's output packet longer than this is not the protocol: the relay stops.
PACKET_BYTES = 16 << 20
#: How much of the end of a visitor's app's error output is kept, and how many lines are logged.
ERRORS_KEPT_BYTES, ERRORS_LOGGED_LINES = 8192, 20
#: Log lines waiting for a slow stderr; beyond this they are dropped, and the server goes on.
LOG_QUEUE_LINES = 1000
#: How long the log waits for a stderr that takes nothing before it drops the line, and the
#: longest line it writes (a pipe takes up to PIPE_BUF, 4096 bytes, in one write once it has room).
LOG_WRITE_SECONDS, LOG_LINE_BYTES = 0.1, 4000
#: Refused requests are logged at most once in this many seconds (with how many since).
REFUSALS_LOG_SECONDS = 10.0
#: The default --max-visitors, from measurement (one app at the start screen: 38 MB resident,
#: 0.9 s of CPU to start, then 0.3 % of a core when idle; benchmarks/bench_serve.py): 50 MB per
#: app within half the machine's memory, and 16 apps per core, so a full room that opens the page
#: at the same moment waits about 15 s for its last app.
VISITOR_MEMORY_BYTES, VISITORS_PER_CORE = 50 << 20, 16

"""`amltui serve` in a real headless browser (Debian's Chromium, driven by its chromedriver).

The page's terminal (xterm.js) draws on a canvas, so its text is read from xterm's own buffer:
a script added before the page loads catches the Terminal object when textual-serve's page
stores it (`this.terminal = new Terminal(...)`), and `buffer.active.getLine(i).translateToString()`
gives each row as the visitor sees it.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from tests.serve.server import ServeProcess, app_environment, wait_until

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.buffer.active && !window.amltuiTerminal) window.amltuiTerminal = value;
  },
});
"""
READ_SCREEN = """
const terminal = window.amltuiTerminal;
if (!terminal) return "";
const buffer = terminal.buffer.active, rows = [];
for (let y = 0; y < terminal.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  rows.push(line ? line.translateToString(true) : "");
}
return rows.join("\\n");
"""
#: As root Chromium needs --no-sandbox; without the background-networking flags its connections
#: out are refused many at a time on a closed network, which slows every page.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-crash-reporter", "--window-size=1000,700",
)


def chromium_or_skip() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        reason = f"no headless browser: {', '.join(missing)} missing (apt-get install chromium chromium-driver)"
        if IN_CI:
            pytest.fail(reason + "; .ci/run installs them")
        pytest.skip(reason)


@pytest.fixture
def browser(tmp_path):
    chromium_or_skip()
    webdriver = pytest.importorskip("selenium.webdriver") if not IN_CI else __import__("selenium.webdriver").webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(tmp_path / "chromium", ignore_errors=True)


def open_app(browser, server: ServeProcess) -> str:
    """Open the page in this tab and wait for the start screen; returns the screen's text."""
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CATCH_TERMINAL})  # this tab's
    browser.get(server.url)
    return wait_until(  # type: ignore[return-value]
        lambda: (text := browser.execute_script(READ_SCREEN)) and "Begin a new walk" in text and text,
        what="the start screen in the browser",
    )


def close_tab(browser) -> None:
    """Close this tab, and carry on in a new one (the browser stays up)."""
    leaving = browser.current_window_handle
    browser.switch_to.new_window("tab")
    staying = browser.current_window_handle
    browser.switch_to.window(leaving)
    browser.close()
    browser.switch_to.window(staying)


def test_the_browser_shows_the_app_takes_keys_at_once_and_each_visitors_app_ends_when_the_page_goes(
    start_server, browser
):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    server = start_server()

    screen = open_app(browser, server)
    assert "Educational tool, not medical advice" in screen
    assert "Begin a new walk through the questions" in screen
    # Its footer's keys, before the page has had a key (Textual's footer waits for the focus).
    wait_until(lambda: "q Quit" in browser.execute_script(READ_SCREEN), what="the start screen's footer keys in the browser")
    apps = server.wait_for_apps(1)
    own = app_environment(apps[0])["AMLTUI_SESSIONS"]  # this browser's own sessions folder
    assert Path(own).parent.name == "visitors"
    # No click first: the page gives the terminal the keyboard, and the app its start menu.
    ActionChains(browser).send_keys(Keys.DOWN, Keys.ENTER).perform()  # to the focused element only
    wait_until(
        lambda: "No saved sessions in" in browser.execute_script(READ_SCREEN),
        what="Down then Enter to open the sessions browser (of this visitor's own folder)",
    )
    close_tab(browser)
    server.wait_ended(apps)

    open_app(browser, server)
    apps = server.wait_for_apps(1)
    assert app_environment(apps[0])["AMLTUI_SESSIONS"] == own  # found again: the page kept its token
    browser.get("about:blank")  # left for another page: kept in the back-forward cache
    server.wait_ended(apps)

    assert server.stop(signal.SIGTERM, seconds=10) == 0
    assert server.left_behind() == []
    assert not any("did not end" in line for line in server.stderr), server.stderr  # each quit when asked

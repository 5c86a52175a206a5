"""How quickly amltui's first screen is up, beside a minimal Textual app (prints figures).

    python benchmarks/bench_start.py [--rounds 11] [--no-ssh]

- first screen in an 80x24 pty: amltui's start screen against a minimal Textual app (Header,
  Static, Footer), rounds interleaved, medians (target: within 1.2x); idle memory (within 1.3x);
- which of the modules the first screen does not need are imported by the time it is drawn
  (target: none);
- the knowledge base: full load and check; built from the validated cache (after the first
  frame); its card, what the start screen reads of it before its first frame;
- CPU before Textual is imported (import the command line, read the knowledge base's card);
- the same first screen through a real sshd on loopback (skipped without /usr/sbin/sshd).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tui import MINIMAL_APP, first_screen
from common import CODE, amltui_command, compile_bytecode, median

from tests.tui.terminal import Terminal

#: What the start screen does not show, by the names it has had (before and after the layout move).
NOT_NEEDED = {
    "knowledge models (the start screen reads the base's card)": ("amltui.knowledge.models",),
    "engine": ("amltui.engine",),
    "the session record (the start screen lists the folder's cache)": ("amltui.sessions.model",),
    "scenario reading": ("amltui.knowledge.scenarios",),
    "knowledge checks": ("amltui.knowledge.validate", "amltui.knowledge.reachability"),
    "session codec": ("amltui.sessions.codec",),
    "what-if": ("amltui.what_if", "amltui.engine.what_if", "amltui.tui.screens.what_if"),
    "training": ("amltui.training", "amltui.engine.training", "amltui.sessions.training", "amltui.tui.screens.training"),
    "palette": ("amltui.tui.commands",),
}
PROBE = textwrap.dedent(
    """
    import asyncio, json, sys
    from textual import events
    from textual.app import App

    # What is imported when the first frame is on screen: when the screen posts Ready, before
    # the app handles it (what the app does on Ready comes after the first frame).
    seen = []
    post_message = App.post_message

    def posted(self, message):
        if isinstance(message, events.Ready) and not seen:
            seen.append(sorted(name for name in sys.modules if name.startswith("amltui")))
        return post_message(self, message)

    def run(self, *args, **kwargs):
        async def first_screen():
            async with self.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                print(json.dumps(seen[0]))
        asyncio.run(first_screen())

    App.post_message = posted
    App.run = run
    try:
        from amltui.cli.main import main
    except ImportError:  # before the layout move: amltui/cli.py
        from amltui.cli import main
    main(sys.argv[1:])
    """
)


def imported_at_first_screen(env: dict[str, str]) -> dict[str, list[str]]:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env={**os.environ, **env},
                            check=True, cwd=CODE)
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    return {what: [name for name in names if name in loaded] for what, names in NOT_NEEDED.items()}


def child_cpu(command: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, cwd=CODE, env={**os.environ, **env})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def knowledge_figures(env: dict[str, str], runs: int) -> tuple[float, float, float, float | None]:
    """Milliseconds: full load and check; the base built from the cache; what the start screen
    reads of it before its first frame (its card; None before there was one: the cached base);
    CPU of the command line before Textual."""
    code = textwrap.dedent(
        """
        import time, statistics, json
        from amltui.knowledge import load_knowledge
        from amltui.locations import bundled_knowledge
        try:
            from amltui.knowledge.cache import load_cached
        except ImportError:
            load_cached = load_knowledge
        try:
            from amltui.knowledge.card import start_knowledge
        except ImportError:
            start_knowledge = None
        folder = bundled_knowledge()
        def ms(action):
            samples = []
            for _ in range(RUNS):
                started = time.perf_counter(); action(); samples.append(time.perf_counter() - started)
            return statistics.median(samples) * 1000
        load_cached(folder)
        card = None
        if start_knowledge is not None:
            start_knowledge(folder)  # keeps the card
            card = ms(lambda: start_knowledge(folder))
        print(json.dumps([ms(lambda: load_knowledge(folder)), ms(lambda: load_cached(folder)), card]))
        """
    ).replace("RUNS", str(runs))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=CODE,
                            env={**os.environ, **env})
    full, cached, card = json.loads(result.stdout)
    probe = ("import amltui.cli.main\nfrom amltui.locations import bundled_knowledge\ntry:\n"
             " from amltui.knowledge.card import start_knowledge as first\nexcept ImportError:\n try:\n"
             "  from amltui.knowledge.cache import load_cached as first\n except ImportError:\n"
             "  from amltui.knowledge import load_knowledge as first\nfirst(bundled_knowledge())")
    cpu = [child_cpu([sys.executable, "-c", probe], env) - child_cpu([sys.executable, "-c", "pass"], env)
           for _ in range(runs)]
    return full, cached, median(cpu) * 1000, card


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11,
                        help="interleaved rounds (the target asks for at least 7; more give a steadier median on a shared machine)")
    parser.add_argument("--no-ssh", action="store_true")
    arguments = parser.parse_args()
    rounds = arguments.rounds
    compile_bytecode()
    with tempfile.TemporaryDirectory() as temp:
        script = Path(temp) / "minimal_app.py"
        script.write_text(MINIMAL_APP, encoding="utf-8")
        env = {"AMLTUI_SESSIONS": str(Path(temp) / "sessions"), "AMLTUI_CACHE": str(Path(temp) / "cache")}
        first_screen(amltui_command(), "Begin a new walk", env)  # fills the cache; not counted
        minimal, amltui = [], []
        for _ in range(rounds):
            minimal.append(first_screen([sys.executable, str(script)], "minimal app ready", env))
            amltui.append(first_screen(amltui_command(), "Begin a new walk", env))
        imported = imported_at_first_screen(env)
        full, cached, cpu, card = knowledge_figures(env, 7)
        ssh = None if arguments.no_ssh else through_ssh(script, env, max(3, rounds // 2))
    minimal_time, amltui_time = median([t for t, _ in minimal]), median([t for t, _ in amltui])
    minimal_rss, amltui_rss = median([m for _, m in minimal]), median([m for _, m in amltui])
    ratios = sorted(a[0] / m[0] for a, m in zip(amltui, minimal, strict=True))
    print(f"first screen, 80x24 pty, {rounds} interleaved rounds, medians")
    print(f"  {'':30}{'minimal app':>12}{'amltui':>10}{'ratio':>8}   target")
    print(f"  {'time to first screen':30}{minimal_time * 1000:>9.0f} ms{amltui_time * 1000:>7.0f} ms"
          f"{amltui_time / minimal_time:>8.2f}   <= 1.20 (rounds: {ratios[0]:.2f}-{ratios[-1]:.2f}x)")
    # Each round starts the two back to back, so its own ratio is the least touched by the
    # machine's slower and quicker spells; shown beside the ratio of the medians, not instead.
    print(f"  {'':30}{'':>22}{median(ratios):>8.2f}   median of the rounds' own ratios")
    print(f"  {'resident memory, idle':30}{minimal_rss / 1024:>9.1f} MB{amltui_rss / 1024:>7.1f} MB"
          f"{amltui_rss / minimal_rss:>8.2f}   <= 1.30")
    found = {what: names for what, names in imported.items() if names}
    print("  imported before the first screen is drawn, not shown on it: "
          + ("; ".join(f"{what} ({', '.join(names)})" for what, names in found.items()) or "none") + "   (target: none)")
    if card is None:
        print(f"  knowledge base: full load and check {full:.1f} ms; as the app loads it {cached:.1f} ms")
    else:
        print(f"  knowledge base: full load and check {full:.1f} ms; built from the cache {cached:.1f} ms (after the first "
              f"frame); its card, read before it, {card:.1f} ms")
    print(f"  CPU before Textual (import the command line, read what the start screen shows of the knowledge base): {cpu:.0f} ms")
    if ssh is None:
        print("  through sshd on loopback: not measured (" + ("--no-ssh" if arguments.no_ssh else "no /usr/sbin/sshd") + ")")
    elif isinstance(ssh, str):
        print(f"  through sshd on loopback: not measured ({ssh})")
    else:
        ssh_minimal, ssh_amltui, connection = ssh
        print(f"  through sshd on loopback, 80x24, medians of {max(3, rounds // 2)}: minimal app {ssh_minimal * 1000:.0f} ms, "
              f"amltui {ssh_amltui * 1000:.0f} ms, ratio {ssh_amltui / ssh_minimal:.2f} (reported; connection included)")
        print(f"    the connection alone (login, pty, shell) {connection * 1000:.0f} ms; after it: minimal app "
              f"{(ssh_minimal - connection) * 1000:.0f} ms, amltui {(ssh_amltui - connection) * 1000:.0f} ms, ratio "
              f"{(ssh_amltui - connection) / (ssh_minimal - connection):.2f}")


def through_ssh(script: Path, env: dict[str, str], rounds: int) -> tuple[float, float, float] | str | None:
    """Medians of the first screen over `ssh -tt` to a private sshd on 127.0.0.1, the minimal
    app and amltui interleaved, and of the connection alone: a throwaway key pair and host key
    in a temporary folder, an sshd of its own (its own config, a free port, loopback only, key
    login only) for this user, stopped and removed afterwards. The pty is the local one's size
    (80x24), passed on by ssh as a terminal's would be. None without sshd; a string saying why
    it could not be measured."""
    sshd = Path("/usr/sbin/sshd")
    if not sshd.exists() or not shutil.which("ssh"):
        return None
    folder = Path(tempfile.mkdtemp(prefix="bench-sshd-"))
    try:
        key, host_key = folder / "key", folder / "host_key"
        for path in (key, host_key):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
        (folder / "authorized_keys").write_text((folder / "key.pub").read_text())
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        config = folder / "sshd_config"
        config.write_text(
            f"Port {port}\nListenAddress 127.0.0.1\nHostKey {host_key}\nPidFile {folder}/sshd.pid\n"
            f"AuthorizedKeysFile {folder}/authorized_keys\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n"
        )
        Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege separation folder
        server = subprocess.Popen([str(sshd), "-D", "-e", "-f", str(config)], stderr=subprocess.DEVNULL)
        try:
            if not wait_for_port(port):
                return "sshd did not start"
            user = os.environ.get("USER") or subprocess.run(["id", "-un"], capture_output=True, text=True, check=False).stdout.strip()
            ssh = ["ssh", "-tt", "-p", str(port), "-i", str(key), "-o", "StrictHostKeyChecking=no",
                   "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", f"{user}@127.0.0.1"]
            variables = " ".join(f"{name}={shlex.quote(value)}"
                                 for name, value in {**env, "PYTHONPATH": os.environ.get("PYTHONPATH", "")}.items())
            remote = f"cd {shlex.quote(str(CODE))} && env {variables}"
            remote_minimal = [*ssh, f"{remote} {shlex.quote(sys.executable)} {shlex.quote(str(script))}"]
            remote_amltui = [*ssh, f"{remote} {shlex.join(amltui_command())}"]
            #: The connection alone (key exchange, login, a pty, a shell): what both apps wait for.
            remote_nothing = [*ssh, "echo connected"]
            minimal, amltui, connection = [], [], []
            for _ in range(rounds):
                connection.append(connected(remote_nothing))
                minimal.append(first_screen(remote_minimal, "minimal app ready", {})[0])
                amltui.append(first_screen(remote_amltui, "Begin a new walk", {})[0])
            return median(minimal), median(amltui), median(connection)
        finally:
            server.terminate()
            server.wait(10)
    except (OSError, subprocess.CalledProcessError, TimeoutError) as error:
        return f"{type(error).__name__}: {error}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def connected(command: list[str]) -> float:
    """Seconds until the remote `echo connected` is on the pty (it exits at once: no memory read)."""
    terminal = Terminal(command)
    try:
        return terminal.wait_for("connected")
    finally:
        terminal.close()


def wait_for_port(port: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as connection:
            if connection.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.05)  # polling a port that is not up yet: nothing to wait on instead
    return False


if __name__ == "__main__":
    main()

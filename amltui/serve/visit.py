"""What every visitor's app process is started with: the command, and the folders it is given
by environment (which every amltui command reads; see amltui.locations)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Visit:
    """The server's side of a visitor's app: `knowledge` and `sessions` are the command line's."""

    knowledge: Path
    sessions: Path
    server_pid: int

    def command(self) -> list[str]:
        """amltui's own entry point (as `python -m amltui run`), watched for the server's end;
        -P: never an amltui/ in the server's working folder."""
        return [sys.executable, "-P", "-m", "amltui.serve.app_process", str(self.server_pid)]

    def environment(self, sessions: Path | None = None) -> dict[str, str]:
        """The app's folders: `sessions`, a visitor's own, or the command line's. A room is shared
        by every visitor, so it stays where the command line's sessions folder puts it."""
        rooms = os.environ.get("AMLTUI_ROOMS") or str(self.sessions / "rooms")
        return {
            "AMLTUI_KNOWLEDGE": str(self.knowledge),
            "AMLTUI_SESSIONS": str(sessions or self.sessions),
            "AMLTUI_ROOMS": rooms,
        }

"""The sessions browser's changes: rename, copy and delete, each only when it is safe.

Renames go through `SessionStore.update` (under the session's lock, from what is on disk); a
session another amltui is recording, or a file that is not the one the store writes for its
session, is never renamed or deleted.
"""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from amltui.sessions.codec import SessionError
from amltui.sessions.listing import Listing, Summary
from amltui.sessions.model import Session
from amltui.sessions.store import SessionInUse, SessionStore
from amltui.terminal_text import one_line
from amltui.tui import present
from amltui.tui.screens import catalogue
from amltui.tui.screens.base import AmlScreen
from amltui.tui.widgets.session_table import title_of


class SessionChanges(AmlScreen[None]):
    """The browser's actions that change a file; the browser (`SessionsScreen`) lists them."""

    store: SessionStore

    def current(self) -> Listing | None:
        """The highlighted file, if any (the browser's table says)."""
        raise NotImplementedError

    def reload(self, keep: str | None = None, index: int | None = None) -> None:
        """Read the folder again (the browser's listing)."""
        raise NotImplementedError

    def _changed(self, *, remove: Path | None = None, add: Listing | None = None) -> None:
        """Show a change made from here (the browser's listing)."""
        raise NotImplementedError

    def _usable(self, doing: str) -> tuple[Listing, Session] | None:
        """The highlighted session as it is on disk now; None (after saying why) if it cannot be
        `doing` (a damaged file, a file gone since the list was read)."""
        item = self.current()
        if item is None:
            return None
        if item.summary is None:
            self.notify(f"{one_line(item.path.name)} cannot be {doing}: {one_line(item.problem)}",
                        title="Damaged file", severity="warning", markup=False)
            return None
        try:
            return item, self.store.load(item.path)
        except SessionError as error:
            self.notify(one_line(str(error)), title="Cannot read the session", severity="error", markup=False)
            self.reload()
            return None

    def _writable(self, item: Listing, session: Session, doing: str) -> bool:
        """Whether the session may be changed from here: its file is the one the store writes,
        and no other amltui is recording it (the lock is taken and released at once)."""
        if item.path != self.store.path_for(session):
            self.notify(
                f"{one_line(item.path.name)} holds session {one_line(session.id)}; only a file named "
                f"{one_line(session.id)}.toml can be {doing} from here. Nothing was changed.",
                title="Not changed", severity="warning", markup=False,
            )
            return False
        try:
            self.store.hold(session).release()
        except SessionError as error:
            self._refused(error, doing)
            return False
        return True

    def _refused(self, error: SessionError, doing: str) -> None:
        if isinstance(error, SessionInUse):
            message = f"Another amltui is recording this session, so it cannot be {doing} now. Nothing was changed."
            self.notify(message, title="Session in use", severity="warning", markup=False)
        else:
            self.notify(one_line(str(error)), title=f"Not {doing}", severity="error", markup=False)

    def action_rename(self) -> None:
        found = self._usable("renamed")
        if found is None or not self._writable(*found, "renamed"):
            return
        item, session = found

        def renamed(title: str | None) -> None:
            if title is None or title == session.title:
                return
            try:
                changed = self.store.update(session, lambda now: now.renamed(title))
            except SessionError as error:
                self._refused(error, "renamed")
                return
            self._changed(remove=item.path, add=Listing(item.path, Summary.of(changed)))

        self.app.push_screen(catalogue.TITLE_PROMPT.make(session.title, "Rename session"), renamed)

    def action_duplicate(self) -> None:
        found = self._usable("copied")
        if found is None:
            return
        _, session = found

        def copied(title: str | None) -> None:
            if title is None:
                return
            copy = session.copied(title)
            try:
                path = self.store.save(copy)
            except SessionError as error:
                self._refused(error, "copied")
                return
            self._changed(add=Listing(path, Summary.of(copy)))
            self.notify(f"Saved a copy: {title}", title="Copied", markup=False)

        self.app.push_screen(catalogue.TITLE_PROMPT.make(f"{session.title} (copy)", "Title of the copy"), copied)

    def action_delete(self) -> None:
        found = self._usable("deleted")
        if found is None or not self._writable(*found, "deleted"):
            return
        item, session = found

        def decided(yes: bool | None) -> None:
            if not yes:
                return
            try:
                with self.store.lock(session):
                    self.store.delete(session)
            except SessionError as error:
                self._refused(error, "deleted")
                return
            self._changed(remove=item.path)

        steps = f"{len(session.steps)} step" + ("" if len(session.steps) == 1 else "s")
        question = Content.assemble(
            "Delete “", (title_of(session), "bold"), "”?\n",
            (f"{steps}, last updated {present.when(session.updated)}. The file is removed; this cannot be undone.", present.MUTED),
        )
        self.app.push_screen(catalogue.CONFIRM.make(question, yes="Delete", no="Keep"), decided)

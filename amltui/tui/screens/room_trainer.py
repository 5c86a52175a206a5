"""The trainer's projected screen of a training room.

On top, the join code (large) with the command to join (and the browser address of an
`amltui serve` on this host for this rooms folder, when one runs), and who has joined, who is
here now and who has committed at this step (never what). Then the case's story and the step: the question while the room
answers; after `r`, the reveal: the case's answer, how the room answered and predicted (a bar per
option, the right ones marked) and the teaching points. The learners' files are polled a few
times a second (`TrainerRoom.poll` reads only what changed), so nobody's late join or dropped
connection ever holds the trainer up.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Digits, Header, Static

from amltui.sessions.codec import SessionError
from amltui.sessions.rooms.serve_address import serve_addresses
from amltui.sessions.rooms.trainer import TrainerRoom
from amltui.tui import present
from amltui.tui.screens.base import AmlScreen
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.facilitator_notes import FacilitatorNotes
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.room_tally import people_line, reveal_lines, teaching_block
from amltui.tui.widgets.story_panel import StoryPanel

#: Seconds between looks at the learners' files (a commit reaches the count within this).
POLL_SECONDS = 0.25
#: Seconds between looks for a running `amltui serve` (one started after the room is seen).
SERVE_SECONDS = 5.0
#: The join code's box: the code in `Digits`, and the command to join.
CODE_WIDTH = 29
#: Host names of an address only this machine can open.
LOOPBACK = ("http://127.", "http://localhost:", "http://[::1]:")


def join_hint(code: str) -> Content:
    return Content.assemble(("amltui room join ", "bold"), (code, "bold"))


def browser_hint(addresses: list[str]) -> Content:
    """The first address of a running `amltui serve` (its visitors choose "Join a room"); a
    loopback one is marked, as the room's own devices cannot open it."""
    if not addresses:
        return Content("")
    address = addresses[0]
    local = " (this machine only)" if address.startswith(LOOPBACK) else ""
    return Content.assemble((address, "bold"), (local, present.WARNING))


BROWSER_HINT = "In a terminal: amltui room join CODE; in a browser: amltui serve's page, “Join a room”."
SERVED_HINT = "In a terminal: amltui room join CODE; in a browser: ADDRESS, then “Join a room”."


class RoomTrainerScreen(AmlScreen[None]):
    AUTO_FOCUS = "#room-main"
    BINDINGS = [
        Binding("r", "reveal", "Reveal", id="room.reveal", tooltip="Show the case's answer and how the room predicted"),
        Binding("n", "next", "Next", id="room.next", tooltip="On to the next step of the case"),
        Binding("b", "back", "Back", id="room.back", tooltip="Back one step (shown as revealed)"),
        Binding("p", "pause", "Pause", id="room.pause", tooltip="Pause or go on: learners cannot commit while paused"),
        Binding("f", "facilitator", "Trainer", id="room.facilitator", tooltip="Show or hide the facilitator notes"),
        Binding("s", "summary", "Summary", id="room.summary", tooltip="The room's summary so far"),
        Binding("e", "end", "End", id="room.end", tooltip="End the room: learners see their scores and the room's"),
        Binding("escape", "leave", "Leave", id="room.leave", tooltip="Back to the start screen (after the room has ended)"),
    ]

    #: Seconds between looks at the learners' files (tests look more often).
    poll_seconds = POLL_SECONDS
    serve_seconds = SERVE_SECONDS

    def __init__(self, room: TrainerRoom) -> None:
        super().__init__()
        self.room = room
        #: Where a running `amltui serve` shows the app (see `serve_address`), as last looked at.
        self.addresses: list[str] = []

    def compose(self) -> ComposeResult:
        code = self.room.state.code
        yield Header(icon="≡")
        with Horizontal(id="room-top"):
            with Vertical(id="room-code") as box:
                box.border_title = "Join code"
                yield Digits(code, id="room-code-digits")
                yield Static(join_hint(code), id="room-join", markup=False)
                yield Static(id="room-browser", markup=False)
            yield Static(id="room-people", markup=False)
        yield StoryPanel(self.room.scenario, id="training-story")
        yield FacilitatorNotes(self.room.scenario, id="training-facilitator")
        with VerticalScroll(id="room-main"):
            yield Static(id="room-main-text", markup=False)
        yield KeyFooter(compact=True)
        yield DisclaimerBar(self.app.kb.disclaimer)

    def on_mount(self) -> None:
        self.room.poll()
        self._served()
        self._show()
        self.set_interval(self.poll_seconds, self._poll)
        self.set_interval(self.serve_seconds, self._served)

    def on_unmount(self) -> None:
        self.room.release()  # the room can be taken up again (amltui room resume)

    def _poll(self) -> None:
        if self.room.poll():
            self._people()

    def _served(self) -> None:
        """Show (or stop showing) the address of an `amltui serve` for this rooms folder."""
        addresses = serve_addresses(self.room.folder.parent)
        changed = addresses != self.addresses
        self.addresses = addresses
        browser = self.query_one("#room-browser", Static)
        browser.update(browser_hint(addresses))
        browser.display = bool(addresses)
        self.query_one("#room-top").set_class(bool(addresses), "-served")
        # As wide as the address (a projected address must be read whole), within reason.
        self.query_one("#room-code").styles.width = max(CODE_WIDTH, min(browser_hint(addresses).cell_length + 4, 64))
        if changed:
            self._people()

    # --- what is shown -------------------------------------------------------------------------

    def _people(self) -> None:
        room = self.room
        names = room.names()
        here = room.here()
        step = room.step
        if room.state.revealed:
            committed = {n for n, by in room.state.frozen.items() if step.number in by}
        else:
            committed = set(room.commits())
        lines = [
            Content.assemble(
                (f"{len(names)} joined", "bold"),
                f" · {len(here)} here · {len(committed)} committed at step {step.number}",
            ),
            people_line(names, committed, here),
        ]
        if not names:
            hint = SERVED_HINT.replace("ADDRESS", self.addresses[0]) if self.addresses else BROWSER_HINT
            lines.append(Content.styled(hint.replace("CODE", room.state.code), present.MUTED))
        notes = len(room.watch.problems) + len(room.set_aside) + room.watch.left_out
        if notes:
            lines.append(Content.styled(f"{notes} file{'s' if notes != 1 else ''} set aside (s shows why)", present.WARNING))
        self.query_one("#room-people", Static).update(Content("\n").join(lines))
        people = self.query_one("#room-people")
        people.border_title = f"Room {room.state.code}"
        people.border_subtitle = "commits frozen at the reveal" if room.state.revealed else ""

    def _show(self) -> None:
        room = self.room
        kb = room.kb
        step = room.step
        question = kb.question(step.question)
        title = question.title if question else step.question
        state = room.state
        where = f"Step {step.number} of {len(room.steps)}"
        lines = [Content.styled(f"{where}: {title}", present.HEADING)]
        if state.ended:
            lines.append(Content.styled("The room has ended: s shows its summary; Esc goes back to the start.", present.WARNING))
        elif state.paused:
            lines.append(Content.styled("Paused: learners cannot commit until p is pressed again.", present.WARNING))
        if state.revealed:
            lines += reveal_lines(kb, room.tally())
            lines += teaching_block(kb, room.scenario, step.question, present.today(self))
            following = "e ends the room" if room.last_step else "n goes on to the next step"
            lines += [Content(""), Content.styled(f"{following}; b goes back one step.", present.MUTED)]
        elif question is not None:
            if question.prompt:
                lines.append(Content(question.prompt))
            lines.append(Content.assemble(("Answers: ", "bold"), " · ".join(a.label for a in question.answers)))
            lines += [
                Content(""),
                Content.styled("Learners answer and predict on their own screens; r reveals when the room is ready.", present.MUTED),
            ]
        self.query_one("#room-main-text", Static).update(Content("\n").join(lines))
        self.set_class(state.revealed, "-revealed")
        marks = [word for word, on in (("revealed", state.revealed), ("paused", state.paused), ("ended", state.ended)) if on]
        self.sub_title = " · ".join([f"Room {state.code}", where, *marks])
        self._people()
        self.refresh_bindings()

    # --- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.room.state
        if action == "reveal":
            return not state.revealed and not state.ended
        if action == "next":
            return state.revealed and not self.room.last_step and not state.ended
        if action == "back":
            return state.step > 1 and not state.ended
        if action == "pause":
            return not state.ended
        if action == "end":
            return not state.ended
        return True

    def _change(self, change: str) -> None:
        try:
            getattr(self.room, change)()
        except SessionError as error:  # a RoomError, or the room record's save
            self.notify(str(error), title="Room: not saved", severity="error", markup=False, timeout=10)
        self._show()

    def action_reveal(self) -> None:
        self._change("reveal")

    def action_next(self) -> None:
        self._change("next")
        self.query_one("#room-main").scroll_home(animate=False)

    def action_back(self) -> None:
        self._change("back")

    def action_pause(self) -> None:
        self._change("pause")

    def action_end(self) -> None:
        self._change("end")
        self.action_summary()

    def action_facilitator(self) -> None:
        self.toggle_class("-facilitator")

    def action_summary(self) -> None:
        from amltui.tui.screens.room_summary import RoomSummaryScreen

        problems = [*self.room.watch.problems.values(), *(f"{n}: {p}" for n, p in self.room.set_aside.items())]
        self.app.push_screen(RoomSummaryScreen(self.room.summary(), self.room.state.code, problems=problems))

    def action_leave(self) -> None:
        if not self.room.state.ended:
            self.notify("e ends the room first (learners then see their scores).", title="Room still open", markup=False)
            return
        self.app.back_to_start()

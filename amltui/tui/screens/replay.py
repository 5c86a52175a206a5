"""Replay a saved session step by step, read-only, against today's knowledge base; add comments.

Layout: a header line about the knowledge base and the drift, a one-line timeline, then the step
(question, answer, what a change did, what today's base shows differently, comments) beside the
options recorded at that step and the highlighted option's notes. At 100 columns and more all
three panes are on screen; below that, the step and the options, with `n` swapping the step for
the notes. Moving along the timeline (← → Home End) works from any pane.

Only the step on screen is built: the per-step data is computed once (plain lists), so opening a
session of a thousand steps costs one pass of the engine over it, not a thousand widgets.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Header, Static

from amltui import engine, glyphs
from amltui.knowledge.labels import question_title
from amltui.knowledge.models import KnowledgeBase, Scenario
from amltui.sessions import Comment, Session, SessionError, SessionInUse, SessionStore
from amltui.sessions.review import LayerUse, drift, layer_use
from amltui.terminal_text import one_line, printable
from amltui.tui import present
from amltui.tui.screens import catalogue
from amltui.tui.screens.base import PanedScreen
from amltui.tui.screens.comment import heading
from amltui.tui.walk import Walk
from amltui.tui.widgets.disclaimer import DisclaimerBar
from amltui.tui.widgets.key_footer import KeyFooter
from amltui.tui.widgets.options_panel import OptionsPanel
from amltui.tui.widgets.recorded_options import (
    RecordedOptions,
    option_name,
    recorded_notes,
)
from amltui.tui.widgets.replay_step import (
    NO_STORE,
    default_author,
    drift_line,
    knowledge_line,
    layer_line,
    step_content,
)
from amltui.tui.widgets.timeline import Timeline, step_marks
from amltui.tui.widgets.training_feedback import replay_lines


class ReplayScreen(PanedScreen[None]):
    """A saved session, read-only, step by step; comments are the only thing written (at once)."""

    AUTO_FOCUS = "#replay-options"
    BINDINGS = [
        Binding("left", "move(-1)", "Earlier", key_display=glyphs.glyphs("←"), priority=True, id="replay.earlier", tooltip="The step before"),
        Binding("right", "move(1)", "Later", key_display=glyphs.glyphs("→"), priority=True, id="replay.later", tooltip="The step after"),
        Binding("home", "move_to(0)", "First", show=False, priority=True, id="replay.first", tooltip="The first step"),
        Binding("end", "move_to(-1)", "Last", show=False, priority=True, id="replay.last", tooltip="The last step"),
        Binding("d", "next_drift", "Drift", id="replay.next-drift", tooltip="The next step that today's knowledge base shows differently"),
        Binding("c", "comment", "Comment", id="replay.comment", tooltip="Write a comment on this step (saved at once)"),
        Binding("n", "notes", "Notes", id="replay.notes", tooltip="The highlighted option's notes in place of the step (and back)"),
        Binding("escape", "app.pop_screen", "Close", id="replay.close", tooltip="Close the replay"),
        # The app's tree and glossary keys still work here, left out of this full footer.
        Binding("t", "app.tree", "Tree", show=False, id="replay.tree", tooltip="The whole decision tree"),
        Binding("g", "app.glossary", "Terms", show=False, id="replay.glossary", tooltip="Every term, searchable"),
        # Not in the (full) footer: the step of a training session says "s shows the training summary".
        Binding("s", "training_summary", "Summary", show=False, id="replay.training-summary",
                tooltip="Training sessions: answers matched, prediction score and teaching points"),
        Binding("w", "what_if", "What if", show=False, id="replay.what-if",
                tooltip="What another answer at this step would change, with today's knowledge base (the session is not changed)"),
    ]

    index: reactive[int] = reactive(0, init=False)

    def __init__(self, session: Session, store: SessionStore | None, *, read_only_reason: str = "") -> None:
        super().__init__("step")  # narrow: the step beside the options, or (n) the notes instead
        self.session = session
        self.store = store
        self.read_only_reason = read_only_reason or ("" if store is not None else NO_STORE)
        self.author = default_author()
        #: Unsaved comment text per step number (kept when the dialog is closed or a save fails).
        self.drafts: dict[int, str] = {}

    @property
    def kb(self) -> KnowledgeBase:
        """Today's knowledge, with the layer of changes since the sources as the session recorded
        it (unless the command line said otherwise)."""
        return self._layer_use().kb

    def _layer_use(self) -> LayerUse:
        return layer_use(self.session, self.app.knowledge, self.app.sources_only)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(id="replay-info", markup=False)
        yield Timeline(id="replay-timeline")
        with Horizontal(id="replay-main"):
            with VerticalScroll(id="replay-step"):
                yield Static(id="replay-step-text", markup=False)
            yield OptionsPanel(
                RecordedOptions(id="replay-options"),
                notes_id="replay-notes",
                notes=self._notes,
                empty="Highlight an option to read what today's sources say about it.",
                id="replay-side",
            )
        yield KeyFooter(compact=True)
        yield DisclaimerBar(self.kb.disclaimer)

    def on_mount(self) -> None:
        self.sub_title = "Replay: " + (one_line(self.session.title) or "Untitled session")
        self._analyse()
        self._show()

    def _analyse(self) -> None:
        """Per-step data for the whole session, once (and again after a comment is saved)."""
        session, kb = self.session, self.kb
        self._answers = [answers for _, answers in session.answers_by_step()]
        self._drift = drift(session, kb)
        self._comments: dict[int, list[Comment]] = defaultdict(list)
        for comment in session.comments:
            self._comments[comment.step].append(comment)
        marks = [
            step_marks(step.is_change, change.any, step.number in self._comments)
            for step, change in zip(session.steps, self._drift, strict=True)
        ]
        self.query_one(Timeline).set_marks(marks)
        lines = [knowledge_line(session, kb), drift_line(self._drift)]
        if kb.layer is not None or session.sources_only:  # no line about a layer there never was
            lines.append(layer_line(self._layer_use(), session))
        if self.read_only_reason:
            lines.append(Content.assemble(("Read-only: ", present.WARNING), printable(self.read_only_reason), "; comments cannot be saved."))
        self.query_one("#replay-info", Static).update(Content("\n").join(lines))

    # --- the step on screen ---------------------------------------------------------------

    def watch_index(self) -> None:
        self._show()

    def _show(self) -> None:
        steps = self.session.steps
        self.query_one(Timeline).index = self.index
        step_pane = self.query_one("#replay-step", VerticalScroll)
        text = self.query_one("#replay-step-text", Static)
        if not steps:
            step_pane.border_title = "No steps"
            text.update(Content.styled("This session has no recorded steps.", present.MUTED))
            self.query_one(RecordedOptions).show_step(self.kb, (), (), ())
            return
        step = steps[self.index]
        change = self._drift[self.index]
        self.query_one(OptionsPanel).walk = Walk.start(self.kb, self._answers[self.index])
        step_pane.border_title = f"Step {step.number} of {len(steps)}"
        step_pane.border_subtitle = "shown differently today" if change.any else ""
        training = replay_lines(self.kb, self.session, step)  # training sessions: the case's answer
        text.update(step_content(self.kb, step, change, self._comments.get(step.number, []), self._comment_hint(), training))
        step_pane.scroll_home(animate=False)
        self.query_one(RecordedOptions).show_step(self.kb, step.shown, change.appeared, change.disappeared, self._answers[self.index])

    def _comment_hint(self) -> str:
        if self.read_only_reason:
            return f"Comments cannot be added: {printable(self.read_only_reason)}."
        return "Press c to add a comment on this step."

    def _notes(self, walk: Walk, option_id: str, today: dt.date) -> tuple[Content, Content]:
        """Today's notes of an option, said to be shown at the step or not (and gone ids said so)."""
        recorded = option_id in self.session.steps[self.index].shown
        return option_name(self.kb, option_id), recorded_notes(walk, option_id, recorded, today)

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        count = len(self.session.steps)
        if action == "move":
            delta = parameters[0]
            target = self.index + (delta if isinstance(delta, int) else 0)
            return True if 0 <= target < count else None
        if action == "next_drift":  # hidden when no step differs today
            return any(d.any for d in getattr(self, "_drift", ()))
        if action == "comment":  # hidden when read-only: the step says why
            return bool(count) and not self.read_only_reason
        if action == "notes":
            return self.has_class("-narrow")
        if action == "training_summary":
            return self._scenario() is not None
        return True

    def action_move(self, delta: int) -> None:
        self.action_move_to(self.index + delta)

    def action_move_to(self, position: int) -> None:
        count = len(self.session.steps)
        if count:
            self.index = min(max(position if position >= 0 else count + position, 0), count - 1)
            self.refresh_bindings()

    def action_next_drift(self) -> None:
        count = len(self._drift)
        for offset in range(1, count + 1):
            position = (self.index + offset) % count
            if self._drift[position].any:
                self.action_move_to(position)
                return

    def action_notes(self) -> None:
        self.pane = "step" if self.pane == "notes" else "notes"
        panel = self.query_one(OptionsPanel)
        if self.pane == "notes":
            panel.focus_notes()
        else:
            panel.focus_list()

    # --- training sessions (the case's summary, as at the end of the walk) ------------------

    def _scenario(self) -> Scenario | None:
        return self.kb.scenario(self.session.scenario) if self.session.mode == "training" else None

    def action_training_summary(self) -> None:
        scenario = self._scenario()
        if scenario is not None:
            self.app.push_screen(catalogue.TRAINING_SUMMARY.make(self.session, scenario, done=False))

    def action_what_if(self) -> None:
        """What if, from the answers in force after this step; read-only, as the whole replay is."""
        if not self.session.steps:
            return
        step = self.session.steps[self.index]
        answers, _ = engine.applicable_answers(self.kb, self.session.answers_at(step.number))
        self.app.push_screen(catalogue.WHAT_IF.make(answers, can_apply=False, question_id=step.question, kb=self.kb))

    def action_comment(self) -> None:
        if self.read_only_reason or not self.session.steps:
            return
        step = self.session.steps[self.index]
        number = step.number

        def save(author: str, text: str) -> str | None:
            return self.save_comment(number, author, text)

        def keep(author: str, text: str) -> None:
            self.author = author
            self.drafts[number] = text

        title = printable(question_title(self.kb, step.question))
        self.app.push_screen(catalogue.COMMENT.make(heading(number, title), self.author, self.drafts.get(number, ""), save, keep))

    def save_comment(self, step: int, author: str, text: str) -> str | None:
        """Save a comment on `step` now; None when it is on disk, else why not (the text is kept)."""
        self.author = author
        self.drafts[step] = text
        if self.store is None or self.read_only_reason:
            return f"Comments cannot be saved: {self.read_only_reason or NO_STORE}."
        try:
            updated = self.store.update(self.session, lambda s: s.with_comment(step, author, text))
        except SessionInUse:
            return "Another amltui is recording this session right now. Your text is kept here: save again once it is closed."
        except SessionError as error:
            return f"{error.reason} ({error.path}). Your text is kept here: save again once that is fixed."
        self.drafts.pop(step, None)
        self.session = updated
        self._analyse()
        self.index = min(self.index, len(updated.steps) - 1)
        self._show()
        self.notify(f"Comment on step {step} saved.", title="Saved", markup=False)
        return None

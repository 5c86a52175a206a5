"""An Input that applies its own keys in the order they were typed.

Textual runs a focused widget's (non-priority) bindings only when the key has bubbled up to the
app, through each parent's message queue; printable keys are inserted at once. Keys that arrive
together (a fast typist, a laggy SSH link, a terminal test) are then applied out of order:
ctrl+u, "abc", Enter becomes "abc" typed, then the line cleared, then an empty submit. This
Input runs its own bindings (editing, moving, Enter) as soon as it receives the key, so the
result is what was typed. Keys it does not bind still bubble up as usual.
"""

from __future__ import annotations

from functools import cache

from textual import events
from textual.binding import Binding
from textual.widgets import Input


@cache
def key_actions(widget_class: type[Input]) -> dict[str, str]:
    """Key -> action of the bindings declared on the class and its bases (the nearest wins)."""
    actions: dict[str, str] = {}
    for base in reversed(widget_class.__mro__):
        for binding in vars(base).get("BINDINGS", ()):
            if isinstance(binding, Binding):
                for key in binding.key.split(","):
                    actions[key.strip()] = binding.action
    return actions


class OrderedInput(Input):
    async def on_key(self, event: events.Key) -> None:
        # Textual runs this before Input's own key handler (handlers go down the class's MRO).
        action = key_actions(type(self)).get(event.key)
        if action is None:
            return  # Input's own handler inserts printable keys; others bubble up
        event.stop()
        event.prevent_default()  # neither Input's handler nor the app's binding check runs it again
        await self.run_action(action)

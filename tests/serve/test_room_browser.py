"""A learner in the browser through a whole room: `amltui serve`, "Join a room" in headless
Chromium, a room a trainer opened on this host (the trainer's side here, through its files, as
its screen drives them), and every step answered, committed and revealed to the room's end."""

from __future__ import annotations

import os

from amltui.sessions.rooms.trainer import TrainerRoom
from tests.serve.server import wait_until
from tests.serve.test_browser import READ_SCREEN, browser, open_app  # noqa: F401 - the fixture

CASE = "01-refractory-flt3"
DOWN, ENTER, END = "\ue015", "\ue007", "\ue010"


def committed(room) -> bool:
    """The trainer's poll, as its screen makes it: has the learner committed at this step?"""
    room.poll()
    return set(room.commits()) == {"Bea [b]"}


def keys_for(kb, step) -> list[str]:
    """The keys that answer a step as the case does, from the first answer down: Space on each
    of a several-answer question's, or Down to a one-answer question's; then Enter."""
    question = kb.question(step.question)
    keys = []
    for answer in question.answers:
        if answer.id in step.expected:
            if not question.multiple:
                break
            keys.append(" ")
        keys.append(DOWN)
    return [*keys, ENTER]


def test_a_browser_learner_joins_a_room_and_commits_every_step_to_the_end(kb, start_server, browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.action_chains import ActionChains

    server = start_server()
    room = TrainerRoom.open(kb, kb.scenario(CASE), tmp_path / "sessions" / "rooms")
    code = room.state.code

    def screen() -> str:
        return browser.execute_script(READ_SCREEN) or ""

    def send(*keys: str) -> None:
        ActionChains(browser).send_keys(*keys).perform()

    start = open_app(browser, server)
    rows = [line for line in start.splitlines() if "Begin a new walk" in line or "Join a room" in line]
    downs = start.splitlines().index(rows[-1]) - start.splitlines().index(rows[0])
    send(*[DOWN] * downs, ENTER)  # Down to "Join a room", Enter
    wait_until(lambda: "Join a room: its code" in screen(), what="the code prompt")
    send(code.lower(), ENTER)
    wait_until(lambda: "your display name" in screen(), what="the name prompt")
    send("Bea [b]", ENTER)
    wait_until(lambda: f"Room {code} · you are Bea [b]" in screen(), what="the learner's screen")
    room.poll()
    assert room.names() == ["Bea [b]"] and room.here() == {"Bea [b]"}
    for step in room.steps:
        # The step number and the question's prompt (its answers may run below the fold).
        where, last = f"step {step.number} of {len(room.steps)}", kb.question(step.question).prompt[:30]
        wait_until(lambda: where in screen() and last in screen(), what=f"{where}'s question")  # noqa: B023
        send(*keys_for(kb, step))
        wait_until(lambda: "which options will appear" in screen(), what=f"the prediction at step {step.number}")
        send(ENTER if step.number % 2 else "s")  # predict "no change", or skip
        wait_until(lambda: "Committed. Waiting" in screen(), what=f"committed at step {step.number}")
        wait_until(lambda: committed(room), what=f"the commit of step {step.number} read by the trainer")
        room.reveal()
        wait_until(lambda: "The room" in screen() and "Your answer" in screen(), what=f"the reveal of step {step.number}")
        if step.number < len(room.steps):
            room.next()
    room.end()
    wait_until(lambda: "You: answers 6 of 6 as the case" in screen(), what="the room's summary")
    send(END)  # down the summary, to the learners
    wait_until(lambda: "→ Bea [b]: answers 6 of 6 as the case" in screen(), what="Bea's line, marked")
    if os.environ.get("AMLTUI_ROOM_SCREENSHOT"):  # to look at by hand
        browser.save_screenshot(os.environ["AMLTUI_ROOM_SCREENSHOT"])
    summary = room.summary()
    assert [(s.name, s.committed, s.matched) for s in summary.learners] == [("Bea [b]", 6, 6)]
    room.release()

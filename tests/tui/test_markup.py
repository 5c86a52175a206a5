"""Text from the knowledge base is shown literally: markup-like brackets are never interpreted.

`escape()` alone would miss some of these (uppercase tags, unclosed brackets); the app builds
Content from plain strings instead, and this test keeps it honest across every screen.
"""

from __future__ import annotations

import shutil
import tomllib

import pytest
import tomli_w

from amltui.knowledge import load_knowledge
from amltui.locations import bundled_knowledge
from amltui.tui.messages import ShowSource
from amltui.tui.screens.glossary import GlossaryScreen
from amltui.tui.screens.source import SourceScreen
from amltui.tui.screens.tree import TreeScreen
from amltui.tui.widgets.decision_tree import DecisionTree
from tests.tui.conftest import begin, flat, resume, screen_text, until

NASTY = "[TODO] [/b] [@click=app.quit]x[/] [unclosed"


def edit(folder, file: str, change) -> None:
    path = folder / file
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


def every_node(node):
    yield node
    for child in node.children:
        yield from every_node(child)


@pytest.fixture
def nasty_kb(tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge(), folder)

    def questions(data):
        first = data["question"][0]
        first["prompt"] = f"Prompt {NASTY}"
        first["title"] = f"Status {NASTY}"
        first["answer"][0]["label"] = f"Relapsed {NASTY}"
        first["note"][0]["text"] = f"Note {NASTY}"

    def options(data):
        trials = next(o for o in data["option"] if o["id"] == "clinical-trials")
        trials["name"] = f"Trial {NASTY}"
        trials["note"][0]["text"] = f"Option note {NASTY}"

    def sources(data):
        data["source"][0]["publisher"] = f"Publisher {NASTY}"

    def glossary(data):
        data["term"][0]["definition"] = f"Definition {NASTY}"

    edit(folder, "questions.toml", questions)
    edit(folder, "options.toml", options)
    edit(folder, "sources.toml", sources)
    edit(folder, "glossary.toml", glossary)
    return load_knowledge(folder)


async def test_brackets_show_literally_everywhere(make_app, nasty_kb):
    app = make_app(nasty_kb)
    async with app.run_test(size=(160, 50)) as pilot:
        await begin(pilot)
        text = flat(screen_text(pilot))
        assert f"1. Prompt {NASTY}" in text
        assert f"Relapsed {NASTY}" in text
        assert f"Note {NASTY}" in text
        assert f"Publisher {NASTY}" in text  # the citation of the question's note
        await pilot.press("enter")  # answers "Relapsed [TODO] ..."
        await pilot.pause()
        assert app.is_running, "[@click=app.quit] must not be clickable markup"
        assert f"Status {NASTY}: Relapsed {NASTY}" in flat(screen_text(pilot))  # breadcrumb and answers list
        await resume(pilot, disease_status="relapsed", goals="control")  # the options wait for Goals
        text = flat(screen_text(pilot))
        assert f"Trial {NASTY}" in text  # options list and notes title
        assert f"Option note {NASTY}" in text
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TreeScreen)
        labels = [node.label.plain for node in every_node(app.screen.query_one(DecisionTree).root)]
        assert f"✓ 1. Status {NASTY}: Relapsed {NASTY}" in labels
        assert f"Status {NASTY}" in screen_text(pilot)  # the details beside the tree
        await pilot.press("escape", "g", "slash", *"[todo")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        text = flat(screen_text(pilot))
        assert "[todo" in text  # what the user typed, shown as typed
        assert f"Definition {NASTY}" in text
        await pilot.press("escape", "ctrl+p", *"trial")
        await until(pilot, lambda: f"Option: Trial {NASTY}" in screen_text(pilot), "the palette's result, literally")
        await pilot.press("escape")
        await pilot.pause()
        app.post_message(ShowSource(next(iter(nasty_kb.sources))))
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert f"Publisher {NASTY}" in screen_text(pilot)
        assert app.is_running


async def test_answer_error_messages_are_not_markup(make_app, nasty_kb):
    app = make_app(nasty_kb)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await begin(pilot)
        app.walk, _ = app.walk.answer("disease_status", ["refractory"])
        await pilot.pause()
        await pilot.press("enter")  # nothing ticked in the markers question
        await pilot.pause()
        await pilot.pause()
        assert "choose at least one answer" in flat(screen_text(pilot))
        assert app.is_running

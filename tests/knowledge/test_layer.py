"""The "since the sources" layer (since_sources.toml): loaded as marked items, checked like the
base, with every problem under the layer's file; `sources_only()` takes it out again."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from amltui.knowledge import load_knowledge

LAYER = Path(__file__).parent / "fixtures" / "layer" / "since_sources.toml"
FILE = "since_sources.toml"


@pytest.fixture
def layered(kb_copy):
    shutil.copy(LAYER, kb_copy.folder / FILE)
    return kb_copy


def test_no_layer_file_means_no_layer(kb_copy):
    kb = load_knowledge(kb_copy.folder)
    assert kb.layer is None and not kb.layer_on
    assert kb.sources_only() is kb


def test_layer_items_are_ordinary_items_marked_newer(layered):
    kb = load_knowledge(layered.folder)
    assert kb.layer is not None and kb.layer_on
    assert (kb.layer.title, kb.layer.checked_up_to) == ("Since the sources", dt.date(2026, 11, 30))
    assert kb.layer_mark == "beyond the two sources, checked to 30 Nov 2026"
    gamma = kb.option("drug-gamma")
    assert gamma is not None and gamma.newer and all(n.newer for n in gamma.notes)
    assert gamma.approvals[0].approved is True and gamma.approvals[0].newer
    alpha = kb.option("drug-alpha")
    assert [(a.region, a.newer, a.approved) for a in alpha.approvals] == [("north", False, None), ("south", True, False)]
    assert [n.newer for n in kb.option("plan-b").notes] == [False, True]
    assert kb.sources["regulator-2025"].newer and not kb.sources["handbook"].newer
    assert [n.id for n in kb.notices if n.newer] == ["newer-beta"]


def test_sources_only_leaves_out_every_layer_item(layered):
    kb = load_knowledge(layered.folder).sources_only()
    assert not kb.layer_on and kb.layer_hidden and kb.layer is not None  # it says what was hidden
    assert kb.option("drug-gamma") is None
    assert [a.region for a in kb.option("drug-alpha").approvals] == ["north"]
    assert len(kb.option("plan-b").notes) == 1
    assert "regulator-2025" not in kb.sources
    assert not any(n.newer for n in kb.notices)
    base = load_knowledge(_without_layer(layered))
    assert (kb.options, kb.notices, dict(kb.sources)) == (base.options, base.notices, dict(base.sources))


def _without_layer(layered) -> Path:
    folder = layered.folder.parent / "base"
    shutil.copytree(layered.folder, folder)
    (folder / FILE).unlink()
    return folder


def test_the_layer_file_counts_in_the_digest(layered):
    with_layer = load_knowledge(layered.folder)
    assert with_layer.digest != load_knowledge(_without_layer(layered)).digest
    assert with_layer.sources_only().digest == with_layer.digest  # the same files


def test_approved_must_be_true_or_false(kb_copy):
    kb_copy.replace("options.toml", 'text = "Approved in the north."', 'text = "Approved in the north."\napproved = "yes"')
    problem = kb_copy.problem("expected true or false")
    assert (problem.file, problem.item, problem.key) == ("options.toml", "option 'drug-alpha'", "approval[0].approved")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('checked_up_to = "2026-11-30"\n', "", "missing: the day regulator records were checked up to"),
        ('checked_up_to = "2026-11-30"', 'checked_up_to = "November 2026"', "expected a date YYYY-MM-DD"),
        ('checked_up_to = "2026-11-30"', 'checked_up_to = "2026-11-31"', "is not a real date"),
    ],
)
def test_checked_up_to_is_a_required_day(layered, old, new, message):
    layered.replace(FILE, old, new)
    problem = layered.problem(message)
    assert (problem.file, problem.item, problem.key) == (FILE, "layer", "checked_up_to")


def test_checked_up_to_may_be_a_toml_date(layered):
    layered.replace(FILE, 'checked_up_to = "2026-11-30"', "checked_up_to = 2026-11-30")
    assert load_knowledge(layered.folder).layer.checked_up_to == dt.date(2026, 11, 30)


def test_missing_layer_table(layered):
    layered.replace(FILE, "[layer]", "[layers]")
    problems = layered.problems()
    assert any(p.file == FILE and p.key == "layer" and "missing [layer] table" in p.message for p in problems)
    assert any(p.file == FILE and p.key == "layers" and "unknown key" in p.message for p in problems)


def test_a_layer_source_is_dated_to_the_month_at_least(layered):
    layered.replace(FILE, 'date = "2025-10-24"', 'date = "2025"')
    problem = layered.problem("dated to the month or day")
    assert (problem.file, problem.item, problem.key) == (FILE, "source 'regulator-2025'", "date")


def test_a_layer_source_may_be_dated_to_the_month(layered):
    layered.replace(FILE, 'date = "2025-10-24"', 'date = "2025-10"')
    assert load_knowledge(layered.folder).sources["regulator-2025"].date == "2025-10"


def test_a_layer_source_is_not_undated(layered):
    layered.replace(FILE, 'date = "2025-10-24"', 'date = "undated"')
    problem = layered.problem("not 'undated'")
    assert (problem.file, problem.item, problem.key) == (FILE, "source 'regulator-2025'", "date")


def test_a_layer_source_without_a_date(layered):
    layered.replace(FILE, 'date = "2025-10-24"\n', "")
    problem = layered.problem("missing text")
    assert (problem.file, problem.item, problem.key) == (FILE, "source 'regulator-2025'", "date")


def test_a_layer_source_gives_its_address(layered):
    layered.replace(FILE, 'address = "https://example.org/notice"', 'doi = "10.0000/notice"')
    problem = layered.problem("address of the regulator document")
    assert (problem.file, problem.item, problem.key) == (FILE, "source 'regulator-2025'", "address")


@pytest.mark.parametrize(
    ("old", "new", "item", "label"),
    [
        ('id = "regulator-2025"', 'id = "handbook"', "source 'handbook'", "source"),
        ('id = "drug-gamma"', 'id = "plan-a"', "option 'plan-a'", "option"),
        ('id = "newer-beta"', 'id = "no-markers"', "notice 'no-markers'", "notice"),
    ],
)
def test_layer_ids_never_clash_with_the_base(layered, old, new, item, label):
    layered.replace(FILE, old, new)
    found = [p for p in layered.problems() if "id already used" in p.message]
    assert [(p.file, p.item, p.key) for p in found] == [(FILE, item, "id")]


def test_unknown_option_of_an_addition(layered):
    layered.replace(FILE, 'option = "drug-alpha"', 'option = "drug-alfa"')
    problem = layered.problem("unknown option")
    assert (problem.file, problem.item, problem.key) == (FILE, "approval #1", "option")
    assert problem.hint == "did you mean 'drug-alpha'?"


def test_additions_go_to_base_options_only(layered):
    layered.replace(FILE, 'option = "plan-b"', 'option = "drug-gamma"')
    problem = layered.problem("unknown option")
    assert (problem.file, problem.item) == (FILE, "note #1")
    assert "[[option.note]]" in problem.hint


def test_unknown_region_of_an_addition(layered):
    layered.replace(FILE, 'region = "south"', 'region = "sauth"')
    problem = layered.problem("unknown region")
    assert (problem.file, problem.item, problem.key) == (FILE, "approval #1", "region")


def test_unknown_source_in_the_layer(layered):
    layered.replace(FILE, 'option = "plan-b"\ntext = "The regulator said nothing new on plan B."\nsource = "regulator-2025"',
                    'option = "plan-b"\ntext = "The regulator said nothing new on plan B."\nsource = "regulator-2052"')
    problem = layered.problem("unknown source")
    assert (problem.file, problem.item, problem.key) == (FILE, "note #1", "source")


def test_a_layer_option_is_checked_like_a_base_one_under_the_layer_file(layered):
    layered.replace(FILE, 'category = "targeted"', 'category = "targetted"')
    layered.replace(FILE, 'show_if = { markers = ["beta"] }', 'show_if = { markers = ["gamma"] }')
    problems = {p.message.split(" '")[0]: p for p in layered.problems()}
    assert (problems["unknown category"].file, problems["unknown category"].item) == (FILE, "option 'drug-gamma'")
    assert (problems["unknown answer"].file, problems["unknown answer"].key) == (FILE, "show_if.markers")


def test_an_uncited_layer_source(layered):
    layered.append(FILE, '[[source]]\nid = "unused"\npublisher = "P"\ntitle = "T"\ndate = "2025-01-02"\nkind = "k"\naddress = "https://example.org/u"\n')
    problem = layered.problem("no note cites this source")
    assert (problem.file, problem.item) == (FILE, "source 'unused'")


def test_unknown_key_in_an_addition(layered):
    layered.replace(FILE, "approved = false", "aproved = false")
    problem = layered.problem("unknown key 'aproved'")
    assert (problem.file, problem.item, problem.key) == (FILE, "approval #1", "aproved")


def test_layer_syntax_error(layered):
    layered.replace(FILE, 'title = "Since the sources"', 'title = "Since the sources')
    problem = layered.problem("TOML syntax error")
    assert problem.file == FILE and problem.line == 3


def _line(layered, text: str) -> int:
    return (layered.folder / FILE).read_text().splitlines().index(text) + 1


def test_layer_problems_give_the_line_of_their_item(layered):
    layered.replace(FILE, 'option = "drug-alpha"', 'option = "drug-alfa"')
    layered.replace(FILE, 'category = "targeted"', 'category = "targetted"')
    layered.replace(FILE, 'checked_up_to = "2026-11-30"', 'checked_up_to = "soon"')
    problems = {p.message.split(" '")[0].split(",")[0]: p for p in layered.problems()}
    assert problems["unknown option"].line == _line(layered, "[[approval]]")
    assert problems["unknown category"].line == _line(layered, "[[option]]")
    assert problems["expected a date YYYY-MM-DD"].line == _line(layered, 'checked_up_to = "soon"')
    assert str(problems["unknown option"]).startswith(f"{FILE}:{_line(layered, '[[approval]]')}: approval #1 [option]")


def test_no_lines_rather_than_wrong_ones(layered):
    # A header-like line inside a multi-line string: the tables read do not match those parsed.
    layered.replace(FILE, 'summary = "Test layer: one newer drug and one newer approval line."',
                    'summary = """Test layer.\n[[approval]]\n"""')
    layered.replace(FILE, 'option = "drug-alpha"', 'option = "drug-alfa"')
    assert layered.problem("unknown option").line is None

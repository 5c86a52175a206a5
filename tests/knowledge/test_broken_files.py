"""Broken files and values: what the loader reports, with file, item and key."""

from __future__ import annotations

import pytest

from amltui.knowledge import load_knowledge


def test_minimal_fixture_loads(kb_copy):
    loaded = load_knowledge(kb_copy.folder)
    assert [q.id for q in loaded.questions] == ["region", "stage", "fitness", "markers"]
    assert [o.id for o in loaded.options] == ["plan-a", "drug-alpha", "plan-b", "comfort"]


def test_toml_syntax_error_has_line_and_column(kb_copy):
    lines = (kb_copy.folder / "options.toml").read_text().splitlines()
    line = lines.index('name = "Plan A"') + 1
    kb_copy.replace("options.toml", 'name = "Plan A"', 'name = "Plan A')  # unterminated string
    problem = kb_copy.problem("TOML syntax error")
    assert problem.file == "options.toml"
    # The error is found at the end of the line, just past the 14 characters left.
    assert (problem.line, problem.column) == (line, 15)
    assert str(problem).startswith(f"options.toml:{line}:15: TOML syntax error: ")


def test_missing_file(kb_copy):
    (kb_copy.folder / "notices.toml").unlink()
    problem = kb_copy.problem("missing file")
    assert problem.file == "notices.toml"
    assert str(kb_copy.folder) in problem.message


def test_file_not_utf8(kb_copy):
    path = kb_copy.folder / "glossary.toml"
    path.write_bytes(path.read_bytes().replace(b"Stage", "St\xe4ge".encode("latin-1"), 1))
    problem = kb_copy.problem("not UTF-8")
    lines = (kb_copy.folder / "glossary.toml").read_bytes().splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if b"St\xe4ge" in text)
    assert (problem.file, problem.line, problem.column) == ("glossary.toml", line, 11)  # term = "St|ge"
    assert str(problem) == f"glossary.toml:{line}:11: not UTF-8 text (byte 0xe4)"


def test_toml_syntax_error_at_the_end_of_a_file_names_the_line(kb_copy):
    kb_copy.append("sources.toml", "[[source]]\nid = \"late\"\ntitle = \"never closed")  # no line break after
    problem = kb_copy.problem("TOML syntax error")
    last = (kb_copy.folder / "sources.toml").read_text().splitlines()
    assert (problem.file, problem.line, problem.column) == ("sources.toml", len(last), len(last[-1]) + 1)
    assert problem.message == "TOML syntax error at the end of the file: Unterminated string"
    assert str(problem).count("(") == str(problem).count(")")


def test_stray_top_level_keys_in_kb_toml(kb_copy):
    kb_copy.replace("kb.toml", "[knowledge]", 'titel = "x"\n\n[knowledge]')
    kb_copy.append("kb.toml", "[knowledg]\nversion = \"2\"")
    found = {(p.file, p.key, p.message, p.hint) for p in kb_copy.problems()}
    assert found == {
        ("kb.toml", "titel", "unknown key 'titel'", ""),
        ("kb.toml", "knowledg", "unknown key 'knowledg'", "did you mean 'knowledge'?"),
    }


@pytest.mark.parametrize("file", ["questions.toml", "options.toml", "kb.toml", "glossary.toml"])
def test_control_characters_in_any_knowledge_text_are_problems(kb_copy, file):
    text = (kb_copy.folder / file).read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if '= "' in line)
    kb_copy.replace(file, first, first.replace('= "', '= "\\u009b2J\\u001b]0;x\\u0007 ', 1))
    problems = [p for p in kb_copy.problems() if "control character" in p.message]
    line = text.splitlines().index(first) + 1
    assert [(p.file, p.line, p.message.split(" in ")[0]) for p in problems] == [
        (file, line, "control character \\x9b"), (file, line, "control character \\x1b"), (file, line, "control character \\x07"),
    ]


def test_unknown_key_suggests_the_near_one(kb_copy):
    kb_copy.replace("options.toml", 'summary = "The usual plan."', 'sumary = "The usual plan."')
    problems = kb_copy.problems()
    unknown = next(p for p in problems if p.message == "unknown key 'sumary'")
    assert (unknown.file, unknown.item, unknown.key) == ("options.toml", "option 'plan-a'", "sumary")
    assert unknown.hint == "did you mean 'summary'?"
    assert str(unknown) == "options.toml: option 'plan-a' [sumary]: unknown key 'sumary' (did you mean 'summary'?)"
    # ... and the summary it was meant to be is now missing.
    assert any(p.key == "summary" and p.message == "missing text" for p in problems)


def test_wrong_value_type(kb_copy):
    kb_copy.replace("questions.toml", "multiple = true", 'multiple = "yes"')
    problem = kb_copy.problem("expected true or false")
    assert (problem.file, problem.item, problem.key) == ("questions.toml", "question 'markers'", "multiple")
    assert problem.message == "expected true or false, found text"


def test_empty_text(kb_copy):
    kb_copy.replace("notices.toml", 'text = "Find out the stage first."', 'text = "  "')
    problem = kb_copy.problem("empty text")
    assert (problem.file, problem.item, problem.key) == ("notices.toml", "notice 'stage-unknown'", "text")


def test_missing_citation_place(kb_copy):
    kb_copy.replace("options.toml", 'place = "Chapter 2"\n', "")
    problem = kb_copy.problem("every note names its source")
    assert (problem.file, problem.item, problem.key) == ("options.toml", "option 'plan-a'", "note[0].place")


def test_bad_date(kb_copy):
    kb_copy.replace("sources.toml", 'date = "2024-03"', 'date = "March 2024"')
    problem = kb_copy.problem("must be YYYY")
    assert (problem.file, problem.item, problem.key) == ("sources.toml", "source 'handbook'", "date")
    assert "'March 2024'" in problem.message


def test_unknown_status_suggests_the_near_one(kb_copy):
    kb_copy.replace("options.toml", 'status = "listed"', 'status = "lsited"')
    problem = kb_copy.problem("unknown status")
    assert (problem.file, problem.item, problem.key) == ("options.toml", "option 'plan-b'", "status")
    assert problem.hint == "did you mean 'listed'?"


def test_missing_show_if_is_reported_once(kb_copy):
    kb_copy.replace("options.toml", 'show_if = { fitness = ["fit"] }\n', "")
    problems = [p for p in kb_copy.problems() if p.item == "option 'plan-a'"]
    assert [(p.key, p.message) for p in problems] == [("show_if", "missing: every option says when it is shown")]


def test_item_without_id_is_named_by_position(kb_copy):
    kb_copy.replace("options.toml", 'id = "plan-b"\n', "")
    problem = kb_copy.problem("missing text")
    assert (problem.file, problem.item, problem.key) == ("options.toml", "option #3", "id")


def test_sub_tables_are_named_by_index(kb_copy):
    kb_copy.replace("questions.toml", 'text = "Why the stage matters."', 'text = ""')
    kb_copy.replace("options.toml", 'region = "north"\n', "")
    kb_copy.replace("notices.toml", 'place = "Chapter 1"', 'plaice = "Chapter 1"')
    found = {(p.file, p.item, p.key, p.message) for p in kb_copy.problems()}
    assert found == {
        ("questions.toml", "question 'stage'", "note[0].text", "empty text"),
        ("options.toml", "option 'drug-alpha'", "approval[0].region", "missing text"),
        ("notices.toml", "notice 'stage-unknown'", "cite[0].plaice", "unknown key 'plaice'"),
        ("notices.toml", "notice 'stage-unknown'", "cite[0].place",
         "missing: every note names its source and the place in it"),
    }

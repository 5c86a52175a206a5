"""Cross-checks in validate.py: ids, references, citations, categories, regions and terms."""

from __future__ import annotations

EXTRA_SOURCE = """
[[source]]
id = "leaflet"
publisher = "Example Charity"
title = "A leaflet"
date = "2023"
kind = "patient information"
address = "https://example.org/leaflet"
"""

EXTRA_OPTION = """
[[option]]
id = "plan-a"
name = "Plan A again"
category = "standard"
status = "standard"
summary = "A second option with the same id."
show_if = { fitness = ["unfit"] }

[[option.note]]
text = "Another note."
source = "handbook"
place = "Chapter 3"
"""


def where(problem):
    return problem.file, problem.item, problem.key


def test_unknown_source_suggests_the_near_one(kb_copy):
    kb_copy.replace("options.toml", 'source = "review"\nplace = "Table 3"', 'source = "reveiw"\nplace = "Table 3"')
    problem = kb_copy.problem("unknown source")
    assert where(problem) == ("options.toml", "option 'drug-alpha'", "approval[0].source")
    assert str(problem) == (
        "options.toml: option 'drug-alpha' [approval[0].source]: unknown source 'reveiw' (did you mean 'review'?)"
    )


def test_unknown_source_in_question_note_notice_and_term(kb_copy):
    kb_copy.replace("questions.toml", 'source = "handbook"', 'source = "handbok"')
    kb_copy.replace("notices.toml", 'source = "handbook"', 'source = "nowhere"')
    kb_copy.replace("glossary.toml", 'source = "handbook"', 'source = "handbooks"')
    found = {where(p): p.hint for p in kb_copy.problems() if "unknown source" in p.message}
    assert found == {
        ("questions.toml", "question 'stage'", "note[0].source"): "did you mean 'handbook'?",
        ("notices.toml", "notice 'stage-unknown'", "cite[0].source"): "",
        ("glossary.toml", "term 'stage'", "source"): "did you mean 'handbook'?",
    }


def test_uncited_source(kb_copy):
    kb_copy.append("sources.toml", EXTRA_SOURCE)
    problem = kb_copy.problem("no note cites this source")
    assert where(problem) == ("sources.toml", "source 'leaflet'", "id")


def test_duplicate_option_id(kb_copy):
    kb_copy.append("options.toml", EXTRA_OPTION)
    problem = kb_copy.problem("duplicate id")
    assert where(problem) == ("options.toml", "option 'plan-a'", "id")
    assert problem.message == "duplicate id (used 2 times)"


def test_duplicate_question_category_notice_and_answer_ids(kb_copy):
    kb_copy.replace("questions.toml", 'id = "fitness"', 'id = "stage"')
    kb_copy.replace("options.toml", 'id = "supportive"', 'id = "targeted"')
    kb_copy.replace("notices.toml", 'id = "no-markers"', 'id = "stage-unknown"')
    kb_copy.replace("questions.toml", 'id = "beta"', 'id = "alpha"')
    found = {where(p): p.message for p in kb_copy.problems() if "duplicate" in p.message}
    assert found == {
        ("questions.toml", "question 'stage'", "id"): "duplicate id (used 2 times)",
        ("options.toml", "category 'targeted'", "id"): "duplicate id (used 2 times)",
        ("notices.toml", "notice 'stage-unknown'", "id"): "duplicate id (used 2 times)",
        ("questions.toml", "question 'markers' answer 'alpha'", "id"): "duplicate answer id (used 2 times)",
    }


def test_question_with_one_answer(kb_copy):
    kb_copy.replace("questions.toml", '[[question.answer]]\nid = "south"\nlabel = "South"\n', "")
    problem = kb_copy.problem("at least 2 answers")
    assert where(problem) == ("questions.toml", "question 'region'", "answer")
    assert problem.message == "a question needs at least 2 answers, found 1"


def test_exclusive_answer_in_single_answer_question(kb_copy):
    kb_copy.replace("questions.toml", 'label = "Not known"', 'label = "Not known"\nexclusive = true')
    problem = kb_copy.problem("'exclusive' only applies")
    assert where(problem) == ("questions.toml", "question 'stage'", "answer[2].exclusive")


def test_unknown_category_suggests_the_near_one(kb_copy):
    kb_copy.replace("options.toml", 'category = "supportive"', 'category = "suportive"')
    problems = kb_copy.problems()
    unknown = next(p for p in problems if "unknown category" in p.message)
    assert where(unknown) == ("options.toml", "option 'comfort'", "category")
    assert unknown.hint == "did you mean 'supportive'?"
    # The category it was meant to use is now unused.
    unused = next(p for p in problems if "no option uses this category" in p.message)
    assert where(unused) == ("options.toml", "category 'supportive'", "id")


def test_option_without_notes(kb_copy):
    kb_copy.replace(
        "options.toml",
        '[[option.note]]\ntext = "The handbook describes comfort care."\nsource = "handbook"\nplace = "Chapter 5"\n',
        "",
    )
    problem = kb_copy.problem("at least one note")
    assert where(problem) == ("options.toml", "option 'comfort'", "note")


def test_guidance_notice_without_citation(kb_copy):
    kb_copy.replace("notices.toml", '[[notice.cite]]\nsource = "handbook"\nplace = "Chapter 1"\n', "")
    problems = kb_copy.problems()
    problem = next(p for p in problems if "cites at least one source" in p.message)
    assert where(problem) == ("notices.toml", "notice 'stage-unknown'", "cite")
    # The handbook is still cited elsewhere, so it is not reported as uncited.
    assert not any("no note cites" in p.message for p in problems)


def test_approval_with_unknown_region(kb_copy):
    kb_copy.replace("options.toml", 'region = "north"', 'region = "nort"')
    problem = kb_copy.problem("unknown region")
    assert where(problem) == ("options.toml", "option 'drug-alpha'", "approval[0].region")
    assert problem.message == "unknown region 'nort': not an answer of question 'region'"
    assert problem.hint == "did you mean 'north'?"


def test_unknown_region_question(kb_copy):
    kb_copy.replace("kb.toml", 'region_question = "region"', 'region_question = "regoin"')
    problems = kb_copy.problems()
    problem = next(p for p in problems if p.file == "kb.toml")
    assert where(problem) == ("kb.toml", "knowledge", "region_question")
    assert (problem.message, problem.hint) == ("unknown question 'regoin'", "did you mean 'region'?")
    # Approvals are not reported again for the same mistake.
    assert len(problems) == 1


def test_approval_without_region_question(kb_copy):
    kb_copy.replace("kb.toml", 'region_question = "region"\n', "")
    problem = kb_copy.problem("region_question")
    assert where(problem) == ("options.toml", "option 'drug-alpha'", "approval[0].region")


def test_unknown_glossary_term(kb_copy):
    kb_copy.replace("options.toml", 'terms = ["stage"]', 'terms = ["stage", "stages"]')
    problem = kb_copy.problem("unknown glossary term")
    assert where(problem) == ("options.toml", "option 'drug-alpha'", "terms[1]")
    assert problem.hint == "did you mean 'stage'?"


def test_several_problems_are_all_reported(kb_copy):
    kb_copy.replace("options.toml", 'category = "supportive"', 'category = "nursing"')
    kb_copy.replace("options.toml", 'status = "listed"', 'status = "unknown"')
    kb_copy.replace("options.toml", 'show_if = { fitness = ["fit"] }', 'show_if = { fittness = ["fit"] }')
    kb_copy.replace("sources.toml", 'date = "undated"', 'date = "someday"')
    kb_copy.replace("glossary.toml", 'source = "handbook"', 'source = "nowhere"')
    kb_copy.append("sources.toml", EXTRA_SOURCE)
    found = sorted((p.file, p.item, p.key, p.message.split(" '")[0]) for p in kb_copy.problems())
    assert found == [
        ("glossary.toml", "term 'stage'", "source", "unknown source"),
        ("options.toml", "category 'supportive'", "id", "no option uses this category"),
        ("options.toml", "option 'comfort'", "category", "unknown category"),
        ("options.toml", "option 'plan-a'", "show_if.fittness", "unknown question"),
        ("options.toml", "option 'plan-b'", "status", "unknown status"),
        ("sources.toml", "source 'leaflet'", "id", "no note cites this source"),
        ("sources.toml", "source 'review'", "date", "date"),
    ]


def test_date_that_does_not_exist(kb_copy):
    kb_copy.replace("sources.toml", 'date = "2024-03"', 'date = "2024-02-30"')
    problem = kb_copy.problem("not a real date")
    assert where(problem) == ("sources.toml", "source 'handbook'", "date")
    assert problem.message == "date '2024-02-30' is not a real date"

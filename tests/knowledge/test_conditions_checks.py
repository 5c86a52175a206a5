"""Conditions in the knowledge base: references, order of asking and reachability."""

from __future__ import annotations

from amltui.knowledge import load_knowledge


def where(problem):
    return problem.file, problem.item, problem.key


def test_unknown_question_in_condition_suggests_the_near_one(kb_copy):
    kb_copy.replace("options.toml", 'show_if = { fitness = ["fit"] }', 'show_if = { fitnes = ["fit"] }')
    problems = kb_copy.problems()
    assert len(problems) == 1  # not also "never shown": the typo is the problem
    assert where(problems[0]) == ("options.toml", "option 'plan-a'", "show_if.fitnes")
    assert str(problems[0]) == (
        "options.toml: option 'plan-a' [show_if.fitnes]: unknown question 'fitnes' (did you mean 'fitness'?)"
    )


def test_unknown_answer_in_nested_condition(kb_copy):
    kb_copy.replace("options.toml", '{ not = { stage = ["early"] } }', '{ not = { stage = ["erly"] } }')
    problem = kb_copy.problem("unknown answer")
    assert where(problem) == ("options.toml", "option 'comfort'", "show_if.any[1].not.stage")
    assert problem.message == "unknown answer 'erly' for question 'stage'"
    assert problem.hint == "did you mean 'early'?"


def test_key_path_inside_all_list(kb_copy):
    kb_copy.replace("options.toml", '{ not = { markers = ["alpha"] } }', '{ markers = ["gamma"] }')
    problem = kb_copy.problem("unknown answer")
    assert where(problem) == ("options.toml", "option 'plan-b'", "show_if.all[1].markers")


def test_key_path_of_a_table_with_a_not_key(kb_copy):
    kb_copy.replace("options.toml", 'show_if = { fitness = ["fit"] }', 'show_if = { fitness = ["fit"], not = { stage = ["lat"] } }')
    problem = kb_copy.problem("unknown answer")
    assert where(problem) == ("options.toml", "option 'plan-a'", "show_if.not.stage")
    # Known limit: the loader builds the same condition from `all = [{...}, {not = {...}}]`,
    # and the validator names it as the (more common) table above.


def test_ask_if_on_a_later_question(kb_copy):
    kb_copy.replace("questions.toml", 'ask_if = { stage = ["early", "late"] }', 'ask_if = { markers = ["alpha"] }')
    problem = kb_copy.problem("asked later")
    assert where(problem) == ("questions.toml", "question 'fitness'", "ask_if.markers")
    assert problem.message == "ask_if refers to question 'markers', which is asked later (question #4; this is #3)"


def test_ask_if_on_the_question_itself(kb_copy):
    kb_copy.replace("questions.toml", 'ask_if = { fitness = ["fit"] }', 'ask_if = { markers = ["alpha"] }')
    problem = kb_copy.problem("itself")
    assert where(problem) == ("questions.toml", "question 'markers'", "ask_if.markers")


def test_question_that_can_never_be_asked(kb_copy):
    # fitness is only asked for an early or late stage, so it cannot be "fit" when the stage is unknown.
    kb_copy.replace(
        "questions.toml",
        'ask_if = { fitness = ["fit"] }',
        'ask_if = { fitness = ["fit"], stage = ["unknown"] }',
    )
    found = {where(p): p.message for p in kb_copy.problems()}
    assert found == {
        ("questions.toml", "question 'markers'", "ask_if"):
            "can never be asked: no set of earlier answers makes its ask_if hold",
        # ... and so nothing that needs a marker can be shown.
        ("options.toml", "option 'drug-alpha'", "show_if"): "no set of answers can show this option",
        ("options.toml", "option 'plan-b'", "show_if"): "no set of answers can show this option",
        ("notices.toml", "notice 'no-markers'", "show_if"): "no set of answers can show this notice",
    }


def test_contradictory_option_is_never_shown(kb_copy):
    kb_copy.replace(
        "options.toml",
        'show_if = { fitness = ["fit"] }',
        'show_if = { all = [{ fitness = ["fit"] }, { fitness = ["unfit"] }] }',
    )
    problem = kb_copy.problem("no set of answers can show this option")
    assert where(problem) == ("options.toml", "option 'plan-a'", "show_if")


def test_exclusive_answer_cannot_be_combined(kb_copy):
    kb_copy.replace(
        "options.toml",
        'show_if = { markers = ["alpha"] }',
        'show_if = { all = [{ markers = ["none"] }, { markers = ["alpha"] }] }',
    )
    problem = kb_copy.problem("no set of answers can show this option")
    assert where(problem) == ("options.toml", "option 'drug-alpha'", "show_if")


def test_two_ordinary_answers_can_be_combined(kb_copy):
    kb_copy.replace(
        "options.toml",
        'show_if = { markers = ["alpha"] }',
        'show_if = { all = [{ markers = ["beta"] }, { markers = ["alpha"] }] }',
    )
    option = load_knowledge(kb_copy.folder).option("drug-alpha")  # loads: the check lets it through
    assert option is not None
    fit = {"stage": frozenset({"late"}), "fitness": frozenset({"fit"})}
    assert option.show_if.holds({**fit, "markers": frozenset({"alpha", "beta"})})
    assert not option.show_if.holds({**fit, "markers": frozenset({"alpha"})})


def test_single_answer_question_cannot_hold_two_answers(kb_copy):
    kb_copy.replace(
        "notices.toml",
        'show_if = { stage = ["unknown"] }',
        'show_if = { all = [{ stage = ["early", "unknown"] }, { stage = ["late", "unknown"] }] }',
    )
    kb = load_knowledge(kb_copy.folder)  # both hold for "unknown"
    (notice,) = (n for n in kb.notices if n.id == "stage-unknown")
    assert notice.show_if.holds({"stage": frozenset({"unknown"})})
    kb_copy.replace("notices.toml", '{ stage = ["late", "unknown"] }', '{ stage = ["late"] }')
    problem = kb_copy.problem("no set of answers can show this notice")
    assert where(problem) == ("notices.toml", "notice 'stage-unknown'", "show_if")


def test_not_holds_for_a_question_that_is_not_asked(kb_copy):
    # markers is skipped when the person is not fit, so "no marker at all" can still hold.
    kb_copy.replace(
        "options.toml",
        'show_if = { fitness = ["fit"] }',
        'show_if = { not = { markers = ["alpha", "beta", "none"] } }',
    )
    option = load_knowledge(kb_copy.folder).option("plan-a")  # loads: the check lets it through
    assert option is not None
    assert option.show_if.holds({"stage": frozenset({"early"}), "fitness": frozenset({"unfit"})})
    assert not option.show_if.holds({"stage": frozenset({"early"}), "fitness": frozenset({"fit"}), "markers": frozenset({"none"})})


def test_not_of_every_answer_of_an_always_asked_question(kb_copy):
    # region has no ask_if: it is always asked, and always holds one of its answers.
    kb_copy.replace(
        "options.toml",
        'show_if = { fitness = ["fit"] }',
        'show_if = { not = { region = ["north", "south"] } }',
    )
    problem = kb_copy.problem("no set of answers can show this option")
    assert where(problem) == ("options.toml", "option 'plan-a'", "show_if")


def test_not_asked_needs_its_ask_if_to_fail_with_the_rest(kb_copy):
    # markers is skipped only when fitness is not "fit"; requiring fit and no marker contradicts.
    kb_copy.replace(
        "options.toml",
        'show_if = { fitness = ["fit"] }',
        'show_if = { fitness = ["fit"], not = { markers = ["alpha", "beta", "none"] } }',
    )
    problem = kb_copy.problem("no set of answers can show this option")
    assert where(problem) == ("options.toml", "option 'plan-a'", "show_if")


def test_condition_too_complex_is_reported_not_hung(kb_copy):
    # 10 parts of 2 alternatives each: 1,024 alternatives, past the limit of 512.
    parts = ", ".join('{ any = [{ stage = ["early"] }, { region = ["north"] }] }' for _ in range(10))
    kb_copy.replace("options.toml", 'show_if = { fitness = ["fit"] }', f"show_if = {{ all = [{parts}] }}")
    problem = kb_copy.problem("condition too complex to check")
    assert where(problem) == ("options.toml", "option 'plan-a'", "show_if")
    assert problem.message == "condition too complex to check: more than 512 alternatives"

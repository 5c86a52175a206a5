"""Training scenarios: the bundled cases, and what `amltui check` reports for a broken one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from amltui import engine
from amltui.knowledge import KnowledgeBase, load_knowledge
from amltui.knowledge.scenarios import key_lines

CASE = Path(__file__).parent / "fixtures" / "scenarios" / "01-walk.toml"
FILE = "scenarios/01-walk.toml"
ITEM = "scenario '01-walk'"
#: The fixture case's steps: (question, expected answers), in the engine's order.
WALK = [("region", ["north"]), ("stage", ["early"]), ("fitness", ["fit"]), ("markers", ["alpha", "beta"])]


@pytest.fixture
def case(kb_copy):
    """The minimal knowledge base with one valid scenario, `scenarios/01-walk.toml`."""
    (kb_copy.folder / "scenarios").mkdir()
    shutil.copy(CASE, kb_copy.folder / FILE)
    return kb_copy


def write_steps(kb_copy, steps) -> None:
    """Rewrite the fixture case with these (question, answers) steps, one teaching point each."""
    text = CASE.read_text(encoding="utf-8")
    head = text[: text.index("[[step]]")]
    for question, answers in steps:
        listed = ", ".join(f'"{a}"' for a in answers)
        head += (
            f'[[step]]\nquestion = "{question}"\nexpected = [{listed}]\n\n'
            '[[step.teaching]]\ntext = "A point."\nsource = "handbook"\nplace = "Chapter 1"\n\n'
        )
    (kb_copy.folder / FILE).write_text(head, encoding="utf-8")


def line_of(kb_copy, text: str, occurrence: int = 1) -> int:
    lines = (kb_copy.folder / FILE).read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, start=1) if line.strip() == text]
    return found[occurrence - 1]


def only_problem(kb_copy):
    problems = kb_copy.problems()
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# --- the bundled scenarios -------------------------------------------------------------------


def test_bundled_scenarios_load_with_their_content(kb: KnowledgeBase):
    assert len(kb.scenarios) >= 8
    assert [s.id for s in kb.scenarios] == sorted(s.id for s in kb.scenarios)
    for scenario in kb.scenarios:
        assert kb.scenario(scenario.id) is scenario
        assert scenario.title and scenario.story and scenario.facilitator, scenario.id
        for step in scenario.steps:
            assert step.teaching, (scenario.id, step.question)
            for note in step.teaching:
                assert note.text and note.cites.source in kb.sources and note.cites.place


def test_every_bundled_scenario_walks_to_completion_through_the_engine(kb: KnowledgeBase):
    for scenario in kb.scenarios:
        given: dict[str, frozenset[str]] = {}
        for step in scenario.steps:
            asked = engine.next_question(kb, given)
            assert asked is not None and asked.id == step.question, (scenario.id, step.question)
            change = engine.answer(kb, given, step.question, step.expected)
            assert change.dropped == ()
            given = dict(change.answers)
        evaluation = engine.evaluate(kb, given)
        assert evaluation.complete, scenario.id
        assert dict(evaluation.answers) == scenario.expected


def _has(scenario, question: str, *answers: str) -> bool:
    return bool(scenario.expected.get(question, frozenset()) & set(answers))


#: The cases the issue asks the bundled scenarios to cover, as conditions on their answers.
REQUIRED = {
    "primary refractory": lambda s: _has(s, "disease_status", "refractory"),
    "early relapse": lambda s: _has(s, "disease_status", "relapsed") and _has(s, "remission_length", "up_to_12_months"),
    "late relapse": lambda s: _has(s, "disease_status", "relapsed") and _has(s, "remission_length", "over_12_months"),
    "fit": lambda s: _has(s, "fitness", "fit"),
    "unfit": lambda s: _has(s, "fitness", "unfit"),
    "FLT3": lambda s: _has(s, "markers", "flt3"),
    "IDH1": lambda s: _has(s, "markers", "idh1"),
    "IDH2": lambda s: _has(s, "markers", "idh2"),
    "CD33-positive": lambda s: _has(s, "markers", "cd33"),
    "results pending": lambda s: _has(s, "markers", "pending"),
    "relapse after allogeneic transplant, original donor": lambda s: _has(s, "disease_status", "relapsed")
    and _has(s, "prior_transplant", "allogeneic") and _has(s, "original_donor", "yes"),
    "relapse after allogeneic transplant, without the original donor": lambda s: _has(s, "disease_status", "relapsed")
    and _has(s, "prior_transplant", "allogeneic") and _has(s, "original_donor", "no", "unknown"),
    "positive MRD after transplant": lambda s: _has(s, "post_transplant_finding", "mrd_positive"),
    "falling donor cells after transplant": lambda s: _has(s, "post_transplant_finding", "falling_chimerism"),
    "positive MRD without a transplant": lambda s: _has(s, "disease_status", "remission_with_finding")
    and _has(s, "prior_transplant", "none"),
    "NPM1 or KMT2A": lambda s: _has(s, "markers", "npm1", "kmt2a"),
    "supportive care only": lambda s: _has(s, "goals", "supportive_only"),
}


@pytest.mark.parametrize("case_name", REQUIRED)
def test_bundled_scenarios_cover_the_required_case(kb: KnowledgeBase, case_name: str):
    assert any(REQUIRED[case_name](s) for s in kb.scenarios), f"no scenario covers: {case_name}"


def test_bundled_scenarios_expect_every_answer_of_every_question(kb: KnowledgeBase):
    expected = {(q, a) for s in kb.scenarios for q, answers in s.expected.items() for a in answers}
    missing = [f"{q.id}={a.id}" for q in kb.questions for a in q.answers if (q.id, a.id) not in expected]
    assert not missing, f"no scenario expects: {', '.join(missing)}"


def test_every_bundled_scenario_states_what_must_and_must_not_be_shown(kb: KnowledgeBase):
    for scenario in kb.scenarios:
        assert any(step.must_show or step.must_not_show for step in scenario.steps), scenario.id
        last = scenario.steps[-1]
        assert last.must_show or last.must_not_show, scenario.id


def test_bundled_scenarios_show_every_option_and_notice(kb: KnowledgeBase):
    shown, notices = set(), set()
    for scenario in kb.scenarios:
        evaluation = engine.evaluate(kb, scenario.expected)
        shown.update(evaluation.shown_ids)
        notices.update(n.id for n in evaluation.notices)
    assert not [o.id for o in kb.options if o.id not in shown], "options no scenario shows"
    assert not [n.id for n in kb.notices if n.id not in notices], "notices no scenario shows"


# --- loading --------------------------------------------------------------------------------


def test_fixture_case_loads(case):
    loaded = load_knowledge(case.folder)
    [scenario] = loaded.scenarios
    assert loaded.scenario("01-walk") is scenario
    assert scenario.title == "A fit person at an early stage"
    assert scenario.story == "An invented person, early stage, fit, with both markers."
    assert scenario.facilitator == ("Ask the room what the stage changes.",)
    assert [(s.question, list(s.expected)) for s in scenario.steps] == WALK
    assert scenario.steps[0].teaching[0].cites.place == "Table 3"


def test_no_scenarios_folder_means_no_scenarios(kb_copy):
    assert load_knowledge(kb_copy.folder).scenarios == ()


def test_scenarios_load_in_file_name_order_and_ignore_other_files(case):
    shutil.copy(CASE, case.folder / "scenarios" / "00-first.toml")
    (case.folder / "scenarios" / "README.md").write_text("not a case")
    (case.folder / "scenarios" / ".#01-walk.toml").write_text("editor lock file")
    assert [s.id for s in load_knowledge(case.folder).scenarios] == ["00-first", "01-walk"]


def test_digest_covers_the_scenario_files(case):
    with_case = load_knowledge(case.folder).digest
    case.replace(FILE, "An invented person", "Another invented person")
    assert load_knowledge(case.folder).digest != with_case
    shutil.rmtree(case.folder / "scenarios")
    assert load_knowledge(case.folder).digest != with_case


def test_markup_loads_as_literal_text(case):
    case.replace(FILE, 'title = "A fit person at an early stage"', r'title = "[TODO] [/b] [@click=app.quit]quit[/]"')
    case.replace(FILE, "An invented person", "[bold]Loud[/bold] [b]")
    case.replace(FILE, 'text = "Plan A is for fit people."', 'text = "[link=https://example.org]x[/link] ["')
    scenario = load_knowledge(case.folder).scenario("01-walk")
    assert scenario.title == "[TODO] [/b] [@click=app.quit]quit[/]"
    assert scenario.story.startswith("[bold]Loud[/bold] [b]")
    assert scenario.steps[2].teaching[0].text == "[link=https://example.org]x[/link] ["


def test_control_characters_are_problems_with_their_line_and_column(case):
    """Escaped (\u001b) or raw (a bidi override): either would drive the trainer's terminal."""
    case.replace(FILE, "An invented person", r"An \u0007bell \u001b[31mred")
    case.replace(FILE, 'text = "Plan A is for fit people."', 'text = "Plan A is for \u202efit people."')
    problems = [p for p in case.problems() if "control character" in p.message]
    lines = (case.folder / FILE).read_text(encoding="utf-8").splitlines()
    story = next(n for n, line in enumerate(lines, start=1) if r"\u0007bell" in line)
    teaching = next(n for n, line in enumerate(lines, start=1) if "Plan A is for" in line)
    message = "control character {} in the text: it would drive the terminal"
    assert [(p.file, p.line, p.column, p.message) for p in problems] == [
        (FILE, story, 4, message.format(r"\x07")),
        (FILE, story, 15, message.format(r"\x1b")),
        (FILE, teaching, 23, message.format(r"\u202e")),
    ]


# --- problems: each a single, clear problem with file, scenario, key and line ----------------


def test_unknown_question(case):
    case.replace(FILE, 'question = "fitness"', 'question = "fitnes"')
    problem = only_problem(case)
    assert (problem.file, problem.item, problem.key) == (FILE, ITEM, "step[2].question")
    assert problem.message == "unknown question 'fitnes'"
    assert problem.hint == "did you mean 'fitness'?"
    assert problem.line == line_of(case, 'question = "fitnes"')
    assert str(problem).startswith(f"{FILE}:{problem.line}: {ITEM} [step[2].question]: ")


def test_unknown_answer(case):
    case.replace(FILE, 'expected = ["fit"]', 'expected = ["fitt"]')
    problem = only_problem(case)
    assert (problem.file, problem.item, problem.key) == (FILE, ITEM, "step[2].expected")
    assert problem.message == "question 'fitness': unknown answer 'fitt'"
    assert problem.hint == "did you mean 'fit' or 'unfit'?"
    assert problem.line == line_of(case, 'expected = ["fitt"]')


def test_several_answers_to_a_single_answer_question(case):
    case.replace(FILE, 'expected = ["early"]', 'expected = ["early", "late"]')
    problem = only_problem(case)
    assert (problem.file, problem.key) == (FILE, "step[1].expected")
    assert problem.message == "question 'stage': only one answer may be chosen"


def test_exclusive_answer_combined(case):
    case.replace(FILE, 'expected = ["alpha", "beta"]', 'expected = ["alpha", "none"]')
    problem = only_problem(case)
    assert problem.key == "step[3].expected"
    assert problem.message == "question 'markers': 'none' cannot be combined with other answers"


def test_answer_listed_twice(case):
    case.replace(FILE, 'expected = ["alpha", "beta"]', 'expected = ["alpha", "alpha"]')
    assert only_problem(case).message == "question 'markers': answer 'alpha' is listed 2 times"


def test_no_expected_answer(case):
    case.replace(FILE, 'expected = ["fit"]', "expected = []")
    problem = only_problem(case)
    assert (problem.key, problem.message) == ("step[2].expected", "question 'fitness': choose at least one answer")
    assert problem.hint == "answers: fit, unfit"


def test_step_out_of_order_names_the_question_asked_instead(case):
    write_steps(case, [WALK[0], WALK[2], WALK[1], WALK[3]])
    problem = only_problem(case)
    assert (problem.file, problem.item, problem.key) == (FILE, ITEM, "step[1].question")
    assert problem.message == (
        "step out of order: the engine asks 'stage' (Stage) at this point; 'fitness' comes after it"
    )
    assert problem.line == line_of(case, 'question = "fitness"')


def test_step_never_reached(case):
    write_steps(case, [WALK[0], ("stage", ["late"]), ("fitness", ["unfit"]), WALK[3]])
    problem = only_problem(case)
    assert problem.key == "step[3].question"
    assert problem.message == (
        "step never reached: 'markers' is not asked with this case's answers (asked only if Fitness: Fit); "
        "the questionnaire is already complete at this point"
    )


def test_step_never_reached_names_the_question_asked_there(case):
    write_steps(case, [WALK[0], ("stage", ["unknown"]), ("fitness", ["fit"])])
    problem = only_problem(case)
    assert problem.key == "step[2].question"
    assert "'fitness' is not asked with this case's answers (asked only if Stage: one of" in problem.message


def test_case_that_stops_before_the_questionnaire_is_complete(case):
    write_steps(case, WALK[:3])
    problem = only_problem(case)
    assert (problem.file, problem.item, problem.key) == (FILE, ITEM, "step")
    assert problem.message == (
        "the case stops before the questionnaire is complete: the engine asks 'markers' (Markers) next"
    )
    assert "trainers need full cases" in problem.hint


def test_duplicate_step(case):
    write_steps(case, [*WALK, ("fitness", ["fit"])])
    problem = only_problem(case)
    assert problem.key == "step[4].question"
    assert problem.message == "duplicate step: question 'fitness' is already step 3"
    assert problem.line == line_of(case, 'question = "fitness"', occurrence=2)


def test_teaching_point_without_a_source(case):
    case.replace(FILE, 'source = "handbook"\nplace = "Chapter 2"', 'place = "Chapter 2"')
    problem = only_problem(case)
    assert (problem.file, problem.item, problem.key) == (FILE, ITEM, "step[2].teaching[0].source")
    assert problem.message.startswith("missing: every note names its source")
    assert problem.line == line_of(case, "[[step.teaching]]", occurrence=3)


def test_teaching_point_with_an_unknown_source(case):
    case.replace(FILE, 'source = "handbook"\nplace = "Chapter 2"', 'source = "handbok"\nplace = "Chapter 2"')
    problem = only_problem(case)
    assert problem.key == "step[2].teaching[0].source"
    assert (problem.message, problem.hint) == ("unknown source 'handbok'", "did you mean 'handbook'?")
    assert problem.line == line_of(case, 'source = "handbok"')


def test_step_without_a_teaching_point(case):
    case.replace(FILE, '[[step.teaching]]\ntext = "Plan A is for fit people."\nsource = "handbook"\nplace = "Chapter 2"\n', "")
    problem = only_problem(case)
    assert (problem.key, problem.message) == ("step[2].teaching", "a step needs at least one teaching point, with its source")


def test_empty_title(case):
    case.replace(FILE, 'title = "A fit person at an early stage"', 'title = "  "')
    problem = only_problem(case)
    assert (problem.file, problem.item, problem.key, problem.message) == (FILE, ITEM, "title", "empty text")
    assert problem.line == line_of(case, 'title = "  "')


def test_missing_story(case):
    case.replace(FILE, '"""\\\nAn invented person, early stage, fit, with both markers."""', '""')
    problem = only_problem(case)
    assert (problem.key, problem.message) == ("story", "empty text")


def test_missing_facilitator_notes(case):
    case.replace(FILE, 'facilitator = ["Ask the room what the stage changes."]\n', "")
    problem = only_problem(case)
    assert (problem.key, problem.message) == ("facilitator", "missing: a scenario needs notes for the trainer")


def test_unknown_key_suggests_the_near_one(case):
    case.replace(FILE, 'expected = ["fit"]', 'expect = ["fit"]')
    unknown = next(p for p in case.problems() if p.message == "unknown key 'expect'")
    assert (unknown.file, unknown.item, unknown.key) == (FILE, ITEM, "step[2].expect")
    assert unknown.hint == "did you mean 'expected'?"


def test_bad_file_name(case):
    (case.folder / FILE).rename(case.folder / "scenarios" / "Case One.toml")
    problem = only_problem(case)
    assert problem.file == "scenarios/Case One.toml"
    assert "it is the scenario's id" in problem.message


def test_toml_syntax_error_in_a_scenario(case):
    case.replace(FILE, 'question = "fitness"', 'question = "fitness')
    problem = only_problem(case)
    assert problem.file == FILE
    assert problem.message.startswith("TOML syntax error")
    assert problem.line == line_of(case, 'question = "fitness')


def test_broken_scenario_does_not_hide_other_problems(case):
    case.replace(FILE, 'question = "fitness"', 'question = "fitness')
    case.replace("options.toml", 'status = "listed"', 'status = "lsited"')
    assert {p.file for p in case.problems()} == {FILE, "options.toml"}


def test_scenario_file_not_utf8(case):
    path = case.folder / FILE
    path.write_bytes(path.read_bytes().replace(b"invented", "inv\xe9nted".encode("latin-1")))
    problem = only_problem(case)
    assert (problem.file, problem.message[:13]) == (FILE, "not UTF-8 tex")


def test_an_empty_facilitator_list_is_refused_like_a_missing_one(case):
    case.replace(FILE, 'facilitator = ["Ask the room what the stage changes."]', "facilitator = []")
    problem = only_problem(case)
    assert (problem.file, problem.item, problem.key) == (FILE, ITEM, "facilitator")
    assert problem.message == "no notes: a scenario needs at least one note for the trainer"
    assert problem.line == line_of(case, "facilitator = []")


def test_unreadable_scenario_file(case):
    (case.folder / "scenarios" / "02-folder.toml").mkdir()
    problem = only_problem(case)
    assert problem.file == "scenarios/02-folder.toml"
    assert problem.message == "a folder, not a file"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "title = 1\nstory = []\nfacilitator = 3\nstep = 4\n",
        'title = "t"\nstory = "s"\nfacilitator = [1]\nstep = ["x"]\n',
        'title = "t"\nstory = "s"\nfacilitator = ["f"]\n[[step]]\nquestion = 5\nexpected = "fit"\nteaching = "x"\n',
        'title = "t"\nstory = "s"\nfacilitator = ["", "f"]\n[[step]]\nquestion = ""\n[[step.teaching]]\ntext = 2\nsource = []\n',
        'title = "t"\nstory = "s"\nfacilitator = ["f"]\nstep = [{ question = "region", expected = ["north"], teaching = [{}] }]\n',
        'title = "t"\nstory = "s"\nfacilitator = ["f"]\n[step]\nquestion = "region"\n',
        '[[step.teaching]]\ntext = "x"\n',
    ],
)
def test_malformed_scenarios_are_problems_never_tracebacks(case, text):
    (case.folder / FILE).write_text(text, encoding="utf-8")
    problems = case.problems()
    assert problems and all(p.file == FILE for p in problems)
    assert all(str(p) for p in problems)


# --- lines ------------------------------------------------------------------------------------


def test_key_lines_skip_headers_inside_strings():
    text = (
        'title = "t"\n'
        'story = """\n'
        "[[step]]\n"
        'question = "not a key"\n'
        '"""\n'
        "[[step]]\n"
        'question = "stage"\n'
        "[[step.teaching]]\n"
        'source = "x"\n'
    )
    lines = key_lines(text, {"step": [{"question": "stage", "teaching": [{"source": "x"}]}]})
    assert lines.find("story") == 2
    assert lines.find("step[0].question") == 7
    assert lines.find("step[0].teaching[0].source") == 9
    assert lines.find("step[0].teaching[0].place") == 8  # missing key: its table's header
    assert lines.find("step[0].expected") == 6
    assert lines.find("step") is None


def test_key_lines_give_nothing_when_the_headers_do_not_match_the_tables():
    text = 'step = [{ question = "stage" }]\n'
    assert key_lines(text, {"step": [{"question": "stage"}]}).find("step[0].question") is None


# --- must_show and must_not_show -------------------------------------------------------------


def test_expectations_that_hold_load_cleanly(case):
    case.replace(FILE, 'expected = ["fit"]\n', 'expected = ["fit"]\nmust_show = ["plan-a"]\nmust_not_show = ["drug-alpha"]\n')
    step = load_knowledge(case.folder).scenarios[0].steps[2]
    assert (step.must_show, step.must_not_show) == (("plan-a",), ("drug-alpha",))


def test_an_option_that_must_be_shown_but_is_not(case):
    case.replace(FILE, 'expected = ["fit"]\n', 'expected = ["fit"]\nmust_show = ["drug-alpha"]\n')
    problem = only_problem(case)
    assert (problem.file, problem.item, problem.key) == (FILE, ITEM, "step[2].must_show")
    assert problem.message.startswith("option 'drug-alpha' is not shown after this step; it would show with: ")
    assert problem.line == line_of(case, 'must_show = ["drug-alpha"]')


def test_an_option_that_must_not_be_shown_but_is(case):
    case.replace(FILE, 'expected = ["alpha", "beta"]\n', 'expected = ["alpha", "beta"]\nmust_not_show = ["drug-alpha"]\n')
    problem = only_problem(case)
    assert (problem.file, problem.item, problem.key) == (FILE, ITEM, "step[3].must_not_show")
    assert problem.message.startswith("option 'drug-alpha' is shown after this step (because ")
    assert problem.line == line_of(case, 'must_not_show = ["drug-alpha"]')


def test_an_unknown_option_in_the_expectations(case):
    case.replace(FILE, 'expected = ["fit"]\n', 'expected = ["fit"]\nmust_show = ["plan-z"]\n')
    problem = only_problem(case)
    assert (problem.key, problem.message, problem.hint) == ("step[2].must_show", "unknown option 'plan-z'", "did you mean 'plan-b' or 'plan-a'?")
    assert problem.line == line_of(case, 'must_show = ["plan-z"]')


def test_an_option_in_both_lists(case):
    case.replace(FILE, 'expected = ["fit"]\n', 'expected = ["fit"]\nmust_show = ["plan-a"]\nmust_not_show = ["plan-a"]\n')
    problems = case.problems()
    assert (problems[0].key, problems[0].message) == ("step[2].must_not_show", "option 'plan-a' is also in must_show")

"""The room without files: its walk through a case, a commit scored as training scores it, the
room's tallies and summary."""

from __future__ import annotations

from amltui.engine.room import ALPHABET, Commit, commit_problem, new_code, normal_code, room_steps, score, summarise, tally
from amltui.engine.training import score_prediction


def case(kb):
    return kb.scenario("01-refractory-flt3")


def goals_step(kb, scenario):
    """The case's Goals step: the options wait for it, so this is where the panel fills."""
    return next(s for s in room_steps(kb, scenario) if s.question == "goals")


def test_codes_are_easy_to_read_aloud():
    assert not set("0O1I") & set(ALPHABET)
    code = new_code()
    assert normal_code(code) == code
    assert normal_code(f" {code[:3].lower()}-{code[3:]} ") == code
    assert normal_code("ABC") is None and normal_code("O0O0O0") is None


def test_the_room_walks_the_case_answers(kb):
    scenario = case(kb)
    steps = room_steps(kb, scenario)
    assert [s.question for s in steps] == [s.question for s in scenario.steps]
    assert steps[1].before == steps[0].after
    assert steps[1].answers_before == {steps[0].question: frozenset(steps[0].expected)}
    assert steps[0].after == ()  # every option waits for a question still to come
    assert "goals" in steps[0].waited_for and goals_step(kb, scenario).waited_for == ("donor",)  # the transplant
    assert "repeat-genetic-testing" in goals_step(kb, scenario).after


def test_a_commit_is_scored_as_training_scores_an_answer(kb):
    scenario = case(kb)
    first = goals_step(kb, scenario)
    right = Commit(first.question, first.expected, tuple(sorted(first.changed)))
    result = score(kb, scenario, first, right)
    assert first.changed and result.matched and result.prediction.perfect
    assert result.prediction == score_prediction(first.before, first.after, right.predicted)
    assert result.teaching == next(s for s in scenario.steps if s.question == "goals").teaching
    skipped = score(kb, scenario, first, Commit(first.question, ("supportive_only",), None))
    assert skipped.matched is False and skipped.prediction is None


def test_commits_a_file_could_hold_that_cannot_be_scored(kb):
    first = room_steps(kb, case(kb))[0]
    assert "not this step's question" in commit_problem(kb, first, Commit("markers", ("flt3",), None))
    assert commit_problem(kb, first, Commit(first.question, ("no-such-answer",), None))
    assert "unknown options" in commit_problem(kb, first, Commit(first.question, first.expected, ("nope",)))
    assert commit_problem(kb, first, Commit(first.question, first.expected, ())) == ""


def test_the_tally_counts_who_expected_what(kb):
    scenario = case(kb)
    first = goals_step(kb, scenario)
    changed = sorted(first.changed)
    unchanged = next(o.id for o in kb.options if o.id not in first.changed)
    commits = [
        Commit(first.question, first.expected, tuple(changed)),
        Commit(first.question, first.expected, (changed[0],)),
        Commit(first.question, ("supportive_only",), (unchanged,)),
        Commit(first.question, first.expected, None),
    ]
    counted = tally(kb, scenario, first, commits)
    assert (counted.committed, counted.matched, counted.perfect, counted.skipped) == (4, 3, 1, 1)
    by_option = dict(counted.expected_by)
    assert by_option[changed[0]] == 2 and set(changed) <= set(by_option)
    assert counted.answers[0] == (tuple(first.expected), 3)
    assert counted.missed[0][1] == 2  # missed by both the partial and the wrong predictions
    assert counted.wrong == ((unchanged, 1),)


def test_the_summary_scores_each_learner_by_name(kb):
    scenario = case(kb)
    steps = room_steps(kb, scenario)[:2]
    perfect = {s.number: Commit(s.question, s.expected, tuple(sorted(s.changed))) for s in steps}
    summary = summarise(kb, scenario, steps, {"Bo": {1: Commit(steps[0].question, ("relapsed",), ())}, "Ann": perfect})
    assert [s.name for s in summary.learners] == ["Ann", "Bo"]
    ann = summary.learners[0]
    assert (ann.committed, ann.matched, ann.points) == (2, 2, ann.out_of)
    assert [t.committed for t in summary.steps] == [2, 1]

"""One test per situation of the content review (issue 9, sections 1, 2 and 6), each walking the
bundled knowledge base through `engine.evaluate` as a person would answer.

Section 1: findings after a transplant and a remission with a positive MRD test. Section 2: the
markers and the conditions of every targeted option. Section 6: the smaller points.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from amltui import engine
from tests.answers import walk

#: What the sources name for a positive MRD test or falling donor cells after a transplant.
AFTER_TRANSPLANT_FINDING_OPTIONS = {"donor-lymphocyte-infusion", "clinical-trials", "supportive-care"}
IN_REMISSION_AFTER_ALLO = dict(disease_status="remission_with_finding", prior_transplant="allogeneic")
TARGETED = {"gilteritinib", "hma-sorafenib", "enasidenib", "ivosidenib", "olutasidenib", "gemtuzumab-ozogamicin"}
RESULTS_IN = ["flt3", "idh1", "idh2", "cd33", "tp53", "npm1", "kmt2a", "none_found"]


def shown(kb, **answers) -> set[str]:
    return set(engine.evaluate(kb, walk(kb, **answers)).shown_ids)


def notices(kb, **answers) -> set[str]:
    return {n.id for n in engine.evaluate(kb, walk(kb, **answers)).notices}


def asked(kb, **answers) -> list[str]:
    """Every question the engine asks, in order, when answered with these answers (and the first
    answer of any question not given)."""
    given: dict[str, frozenset[str]] = {}
    while (question := engine.next_question(kb, given)) is not None:
        value = answers.get(question.id, question.answers[0].id)
        given = dict(engine.answer(kb, given, question.id, value.split(",")).answers)
    return list(given)


# --- 1. Findings after a transplant, and a remission with a positive MRD test -----------------


def test_mrd_positive_after_transplant_shows_only_dli_trials_and_supportive_care(kb):
    found = shown(kb, **IN_REMISSION_AFTER_ALLO, post_transplant_finding="mrd_positive", original_donor="yes",
                  goals="cure", region="eu")
    assert found == AFTER_TRANSPLANT_FINDING_OPTIONS


def test_falling_chimerism_after_transplant_shows_only_dli_trials_and_supportive_care(kb):
    found = shown(kb, **IN_REMISSION_AFTER_ALLO, post_transplant_finding="falling_chimerism", original_donor="yes",
                  goals="control", region="us")
    assert found == AFTER_TRANSPLANT_FINDING_OPTIONS


def test_both_findings_after_transplant_can_be_given_together(kb):
    found = shown(kb, **IN_REMISSION_AFTER_ALLO, post_transplant_finding="mrd_positive,falling_chimerism",
                  original_donor="yes", goals="cure")
    assert found == AFTER_TRANSPLANT_FINDING_OPTIONS


def test_finding_after_transplant_says_the_sources_name_one_treatment_and_what_else_is_shown(kb):
    given = walk(kb, **IN_REMISSION_AFTER_ALLO, post_transplant_finding="mrd_positive")
    notice = next(n for n in engine.evaluate(kb, given).notices if n.id == "finding-after-transplant")
    assert notice.kind == "gap"
    assert "the sources name one treatment" in notice.text
    assert "clinical trial" in notice.text and "supportive care" in notice.text


def test_finding_after_transplant_without_the_original_donor_shows_no_dli(kb):
    for donor in ("no", "unknown"):
        answers = dict(**IN_REMISSION_AFTER_ALLO, post_transplant_finding="falling_chimerism", original_donor=donor,
                       goals="cure")
        assert shown(kb, **answers) == {"clinical-trials", "supportive-care"}
        assert {"original-donor-unavailable", "finding-after-transplant"} <= notices(kb, **answers)


def test_finding_after_transplant_with_supportive_care_only_shows_supportive_care(kb):
    answers = dict(**IN_REMISSION_AFTER_ALLO, post_transplant_finding="mrd_positive", original_donor="yes",
                   goals="supportive_only")
    assert shown(kb, **answers) == {"supportive-care"}


def test_every_walk_in_remission_after_a_transplant_shows_only_what_the_sources_name(kb):
    question_answers = {q.id: [a.id for a in q.answers] for q in kb.questions}
    findings = ["mrd_positive", "falling_chimerism", "mrd_positive,falling_chimerism"]
    for finding, donor, goals, region in itertools.product(
        findings, question_answers["original_donor"], question_answers["goals"], question_answers["region"]
    ):
        answers = dict(**IN_REMISSION_AFTER_ALLO, post_transplant_finding=finding, original_donor=donor,
                       goals=goals, region=region)
        evaluation = engine.evaluate(kb, walk(kb, **answers))
        assert evaluation.complete, answers
        assert set(evaluation.shown_ids) <= AFTER_TRANSPLANT_FINDING_OPTIONS, answers
        assert ("donor-lymphocyte-infusion" in evaluation.shown_ids) == (donor == "yes" and goals != "supportive_only")


def test_mrd_positive_without_transplant_shows_nothing_but_a_gap_notice(kb):
    given = walk(kb, disease_status="remission_with_finding", prior_transplant="none", region="us")
    evaluation = engine.evaluate(kb, given)
    assert evaluation.complete
    assert evaluation.shown_ids == ()
    [notice] = [n for n in evaluation.notices if n.id == "mrd-positive-without-transplant"]
    assert notice.kind == "gap" and "only after an allogeneic transplant" in notice.text


def test_mrd_positive_without_transplant_asks_only_about_the_transplant_and_region(kb):
    assert asked(kb, disease_status="remission_with_finding", prior_transplant="none") == [
        "disease_status", "prior_transplant", "region",
    ]


def test_remission_length_is_never_asked_of_someone_still_in_remission(kb):
    for transplant in ("none", "allogeneic"):
        assert "remission_length" not in asked(kb, disease_status="remission_with_finding", prior_transplant=transplant)
    assert "remission_length" in asked(kb, disease_status="relapsed")


def test_prior_transplant_is_asked_for_a_finding_in_remission(kb):
    given = walk(kb, disease_status="remission_with_finding")
    assert engine.next_question(kb, given).id == "prior_transplant"


def test_post_transplant_finding_offers_only_findings_consistent_with_disease_status(kb):
    question = kb.question("post_transplant_finding")
    assert {a.id for a in question.answers} == {"mrd_positive", "falling_chimerism"}
    assert "post_transplant_finding" in asked(kb, **IN_REMISSION_AFTER_ALLO)
    # A relapse is a disease status of its own: after a transplant the finding is not asked again.
    assert "post_transplant_finding" not in asked(kb, disease_status="relapsed", prior_transplant="allogeneic")
    assert "post_transplant_finding" not in asked(kb, disease_status="refractory")


def test_overt_relapse_after_transplant_keeps_its_panels(kb):
    found = shown(kb, disease_status="relapsed", remission_length="over_12_months", prior_transplant="allogeneic",
                  original_donor="yes", markers="flt3,idh1", fitness="fit", goals="cure", donor="sibling", region="us")
    assert {"retreat-first-induction", "high-dose-cytarabine", "mec", "flag", "flag-ida", "second-transplant",
            "donor-lymphocyte-infusion", "gilteritinib", "hma-sorafenib", "ivosidenib", "olutasidenib"} <= found
    assert "allogeneic-transplant" not in found  # a first transplant: not after one


def test_no_targeted_intensive_or_non_intensive_option_in_remission(kb):
    for transplant in ("none", "allogeneic"):
        for goals in ("cure", "control"):
            answers = dict(disease_status="remission_with_finding", prior_transplant=transplant)
            if transplant == "allogeneic":
                answers |= dict(post_transplant_finding="mrd_positive", original_donor="yes", goals=goals)
            found = shown(kb, **answers)
            assert not found & (TARGETED | {"high-dose-cytarabine", "flag-ida", "second-transplant",
                                            "allogeneic-transplant", "azacitidine", "low-dose-cytarabine",
                                            "repeat-genetic-testing", "menin-inhibitors", "car-t-cells"})


# --- 2. Markers and the conditions of every targeted option ------------------------------------


def test_menin_inhibitors_only_with_npm1_or_kmt2a(kb):
    base = dict(disease_status="refractory", fitness="unfit", goals="control")
    assert "menin-inhibitors" in shown(kb, **base, markers="npm1")
    assert "menin-inhibitors" in shown(kb, **base, markers="kmt2a")
    for markers in ("flt3", "idh1,idh2", "tp53", "cd33", "none_found", "pending", "not_tested", "others_pending"):
        assert "menin-inhibitors" not in shown(kb, **base, markers=markers), markers


def test_npm1_and_kmt2a_help_says_the_five_sources_do_not_name_them_and_why_the_app_asks(kb):
    markers = kb.question("markers")
    for answer_id in ("npm1", "kmt2a"):
        help_text = markers.answer(answer_id).help
        assert "None of the five sources names" in help_text
        assert "menin inhibitors" in help_text and "since the sources" in help_text
    assert "npm1-kmt2a-not-in-sources" in notices(kb, disease_status="refractory", markers="npm1")


def test_a_positive_marker_with_others_pending_shows_its_drug_and_keeps_testing_to_do(kb):
    found = shown(kb, disease_status="refractory", markers="flt3,others_pending", fitness="unfit", goals="control")
    assert {"gilteritinib", "hma-sorafenib", "repeat-genetic-testing"} <= found
    assert not found & (TARGETED - {"gilteritinib", "hma-sorafenib"})
    assert "markers-pending" in notices(kb, disease_status="refractory", markers="flt3,others_pending")


def test_others_pending_alone_shows_no_targeted_drug(kb):
    found = shown(kb, disease_status="relapsed", remission_length="up_to_12_months", prior_transplant="none",
                  markers="others_pending", fitness="fit", goals="cure", donor="sibling")
    assert not found & TARGETED
    assert "repeat-genetic-testing" in found


def test_not_tested_at_relapse_shows_no_targeted_drug_and_testing_to_do(kb):
    answers = dict(disease_status="relapsed", remission_length="over_12_months", prior_transplant="none",
                   markers="not_tested", fitness="unfit", goals="control")
    found = shown(kb, **answers)
    assert not found & (TARGETED | {"menin-inhibitors", "apr-246"})
    assert "repeat-genetic-testing" in found
    assert "markers-not-tested" in notices(kb, **answers)


def test_not_tested_cannot_be_combined_and_others_pending_can(kb):
    given = walk(kb, disease_status="refractory")
    markers = kb.question("markers")
    assert markers.answer("not_tested").exclusive and not markers.answer("others_pending").exclusive
    with pytest.raises(engine.AnswerError) as error:
        engine.answer(kb, given, "markers", ["not_tested", "flt3"])
    assert error.value.problem.item == "Genetic markers"  # the question by its title
    assert error.value.problem.message.startswith("'not_tested' cannot be combined")
    assert engine.answer(kb, given, "markers", ["idh2", "cd33", "others_pending"]).answers["markers"]


def test_donor_not_yet_looked_for_is_a_search_to_do_not_no_donor(kb):
    base = dict(disease_status="refractory", markers="none_found", fitness="fit", goals="cure")
    assert "allogeneic-transplant" in shown(kb, **base, donor="not_looked")
    assert "donor-not-looked-for" in notices(kb, **base, donor="not_looked")
    assert "no-donor" not in notices(kb, **base, donor="not_looked")
    assert "allogeneic-transplant" not in shown(kb, **base, donor="none")
    after = dict(disease_status="relapsed", remission_length="up_to_12_months", prior_transplant="allogeneic",
                 original_donor="no", markers="none_found", fitness="fit", goals="cure")
    assert "second-transplant" in shown(kb, **after, donor="not_looked")


def test_donor_question_after_a_transplant_says_it_is_about_a_second_transplant(kb):
    given = walk(kb, disease_status="relapsed", remission_length="up_to_12_months", prior_transplant="allogeneic",
                 original_donor="yes", markers="none_found", fitness="fit", goals="cure")
    question = engine.next_question(kb, given)
    assert question.id == "donor"
    assert "second" in question.prompt


def test_repeat_genetic_testing_is_a_thing_to_do_while_results_are_not_in(kb):
    base = dict(disease_status="refractory")
    assert "repeat-genetic-testing" not in shown(kb, **base)  # it waits for the markers (and Goals)
    for markers in ("pending", "not_tested", "others_pending", "npm1,others_pending"):
        assert "repeat-genetic-testing" in shown(kb, **base, markers=markers, fitness="fit", goals="cure"), markers


def test_repeat_genetic_testing_is_not_shown_once_the_results_are_in(kb):
    for markers in [*RESULTS_IN, "flt3,idh1"]:
        assert "repeat-genetic-testing" not in shown(kb, disease_status="refractory", markers=markers), markers


def test_repeat_genetic_testing_is_never_shown_under_supportive_care_only(kb):
    for markers in ("pending", "not_tested", "others_pending", "idh2"):
        found = shown(kb, disease_status="refractory", markers=markers, fitness="unfit", goals="supportive_only")
        assert found == {"supportive-care"}, markers


def test_every_targeted_drug_needs_a_current_positive_result_for_its_marker(kb):
    needs = {"gilteritinib": "flt3", "hma-sorafenib": "flt3", "enasidenib": "idh2", "ivosidenib": "idh1",
             "olutasidenib": "idh1", "gemtuzumab-ozogamicin": "cd33", "apr-246": "tp53"}
    answers = [a.id for a in kb.question("markers").answers]
    for marker in answers:
        found = shown(kb, disease_status="refractory", markers=marker, fitness="fit", goals="cure")
        for option_id, needed in needs.items():
            assert (option_id in found) == (marker == needed), (marker, option_id)


# --- 3 (content part). Undated sources and the gemtuzumab mechanism ----------------------------


def test_an_undated_source_reads_date_unknown_may_be_outdated(kb):
    today = dt.date(2026, 12, 1)
    assert kb.sources["lls-rr"].currency(today) == "date unknown, may be outdated"
    assert kb.sources["thol-2021"].currency(today) == "possibly outdated"
    assert all(s.currency(today) for s in kb.base_sources), "no source of the five reads as current"


def test_each_source_says_when_its_copy_was_taken_where_that_can_be_inferred(kb):
    lls = kb.sources["lls-rr"].copy_taken
    assert "December 2022" in lls and "November 2024" in lls
    assert all(s.copy_taken for s in kb.base_sources)


def test_gemtuzumab_notes_say_verywells_mechanism_is_inaccurate(kb):
    notes = kb.option("gemtuzumab-ozogamicin").notes
    [note] = [n for n in notes if "not accurate" in n.text]
    assert (note.cites.source, note.cites.place) == ("verywell-rr", "Targeted Therapy") and not note.newer
    # The real mechanism is cited to the regulator's summary, in the layer (not to the page that gets it wrong).
    [how] = [n for n in notes if "antibody-drug conjugate" in n.text]
    assert how.newer and how.cites.source == "ema-mylotarg"
    assert ("lls-rr", "Treatment options list: targeted therapy") in [(n.cites.source, n.cites.place) for n in notes]


# --- 6. Smaller points ------------------------------------------------------------------------


def test_trials_say_four_of_the_five_sources_suggest_asking(kb):
    option = kb.option("clinical-trials")
    assert "Four of the five sources" in option.summary and "Verywell" in option.summary
    assert "All the sources" not in option.summary


def test_etoposide_with_cyclophosphamide_is_listed_not_standard(kb):
    assert kb.option("etoposide-cyclophosphamide").status == "listed"


def test_no_ldac_or_hma_claim_is_cited_to_the_figure_1_legend(kb):
    assert not [n for n in kb.option("low-dose-cytarabine").notes if "Figure 1" in n.cites.place]
    assert not [n for n in kb.option("azacitidine").notes if "Figure 1" in n.cites.place]
    for term_id in ("hma", "ldac"):
        assert "Figure 1" not in kb.glossary[term_id].cites.place, term_id


def test_glossary_has_the_terms_the_review_asked_for(kb):
    for term_id in ("second-remission", "off-label", "npm1", "kmt2a", "menin-inhibitor", "differentiation-syndrome"):
        assert term_id in kb.glossary, term_id
    syndrome = kb.glossary["differentiation-syndrome"].definition
    assert "IDH inhibitors" in syndrome and "none of the five sources describes" in syndrome.lower()


def test_complete_remission_is_defined_by_marrow_and_blood_counts(kb):
    definition = kb.glossary["complete-remission"].definition
    assert "marrow" in definition and "blood" in definition
    assert definition != "No signs or symptoms of leukemia after treatment. It does not by itself mean cure."


def test_refractory_help_gives_the_lls_two_cycle_definition(kb):
    help_text = kb.question("disease_status").answer("refractory").help
    assert "LLS" in help_text and "two cycles" in help_text


def test_cytogenetics_is_a_notice_not_a_condition(kb):
    assert "cytogenetics-no-rule" in notices(kb, disease_status="relapsed")
    assert not [q for q in kb.questions if "cytogenetic" in q.id or "chromosome" in q.id]

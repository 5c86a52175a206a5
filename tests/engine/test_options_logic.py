"""For every option: answers that must show it and answers that must not.

This is the medical logic of the sources, pinned: a targeted drug only with its marker, donor
lymphocyte infusion only after an allogeneic transplant with the original donor able to give,
re-treatment with the first regimen only after a first remission over a year in someone fit.
"""

from __future__ import annotations

import pytest

from amltui import engine
from tests.answers import walk

RELAPSE_LATE = dict(disease_status="relapsed", remission_length="over_12_months", prior_transplant="none")
RELAPSE_EARLY = dict(disease_status="relapsed", remission_length="up_to_12_months", prior_transplant="none")
REFRACTORY = dict(disease_status="refractory")
AFTER_ALLO = dict(
    disease_status="relapsed",
    remission_length="over_12_months",
    prior_transplant="allogeneic",
    original_donor="yes",
)
#: In remission after an allogeneic transplant, with a finding that is not a relapse.
FINDING_AFTER_ALLO = dict(
    disease_status="remission_with_finding",
    prior_transplant="allogeneic",
    post_transplant_finding="mrd_positive",
    original_donor="yes",
)
FIT_CURE = dict(fitness="fit", goals="cure", donor="sibling")
NO_MARKERS = dict(markers="none_found")
#: Goals that seek treatment: the options that are not shown for "Supportive care only" wait for it.
CONTROL = dict(goals="control")

# option id -> (cases that must show it, cases that must not)
CASES: dict[str, tuple[list[dict], list[dict]]] = {
    "clinical-trials": (
        [{**REFRACTORY, **CONTROL}, {**RELAPSE_LATE, "goals": "cure"}, {**REFRACTORY, **NO_MARKERS, "fitness": "unfit", "goals": "control"}],
        # Before Goals is answered it waits: "Supportive care only" would rule it out.
        [{}, REFRACTORY, RELAPSE_LATE, {**REFRACTORY, **NO_MARKERS, "fitness": "unfit", "goals": "supportive_only"}],
    ),
    "repeat-genetic-testing": (
        [{**REFRACTORY, "markers": "pending", **CONTROL}, {**RELAPSE_EARLY, "markers": "flt3,others_pending", "goals": "cure"},
         {**RELAPSE_EARLY, "markers": "not_tested", **CONTROL}],
        # Before the markers are answered it waits for them; with every result in, it goes.
        [{}, REFRACTORY, {**REFRACTORY, **CONTROL}, {**REFRACTORY, "markers": "flt3", **CONTROL},
         {**REFRACTORY, "markers": "pending", "goals": "supportive_only"}],
    ),
    "retreat-first-induction": (
        [{**RELAPSE_LATE, **NO_MARKERS, **FIT_CURE}, {**AFTER_ALLO, **NO_MARKERS, **FIT_CURE}],
        [
            {**RELAPSE_EARLY, **NO_MARKERS, **FIT_CURE},
            {**REFRACTORY, **NO_MARKERS, **FIT_CURE},
            {"disease_status": "relapsed", "remission_length": "unknown", "prior_transplant": "none", **NO_MARKERS, **FIT_CURE},
            {**RELAPSE_LATE, **NO_MARKERS, "fitness": "unfit", "goals": "cure"},
            {**RELAPSE_LATE, **NO_MARKERS, "fitness": "not_assessed", "goals": "cure"},
            {**RELAPSE_LATE, **NO_MARKERS, "fitness": "fit", "goals": "control"},
        ],
    ),
    "allogeneic-transplant": (
        [
            {**REFRACTORY, **NO_MARKERS, **FIT_CURE},
            {**RELAPSE_EARLY, **NO_MARKERS, "fitness": "fit", "goals": "cure", "donor": "unrelated"},
            {**RELAPSE_EARLY, **NO_MARKERS, "fitness": "fit", "goals": "cure", "donor": "searching"},
        ],
        [
            {**RELAPSE_EARLY, **NO_MARKERS, "fitness": "fit", "goals": "cure", "donor": "none"},
            {**AFTER_ALLO, **NO_MARKERS, **FIT_CURE},
            {**REFRACTORY, **NO_MARKERS, "fitness": "unfit", "goals": "cure"},
            {**REFRACTORY, **NO_MARKERS, "fitness": "fit", "goals": "control"},
        ],
    ),
    "second-transplant": (
        [{**AFTER_ALLO, **NO_MARKERS, **FIT_CURE}],
        [
            {**RELAPSE_LATE, **NO_MARKERS, **FIT_CURE},
            {**AFTER_ALLO, **NO_MARKERS, "fitness": "fit", "goals": "cure", "donor": "none"},
            {**AFTER_ALLO, **NO_MARKERS, "fitness": "unfit", "goals": "cure"},
        ],
    ),
    "donor-lymphocyte-infusion": (
        [
            {**AFTER_ALLO, **NO_MARKERS, **FIT_CURE},
            {**FINDING_AFTER_ALLO, **CONTROL},
            {**FINDING_AFTER_ALLO, "post_transplant_finding": "falling_chimerism", "goals": "control"},
            {**FINDING_AFTER_ALLO, "post_transplant_finding": "mrd_positive,falling_chimerism", "goals": "cure"},
        ],
        [
            {**AFTER_ALLO, "original_donor": "no"},
            {**AFTER_ALLO, "original_donor": "unknown"},
            # Blood Cancer UK lists DLI among intensive options: after a relapse, only for the fit.
            AFTER_ALLO,
            {**AFTER_ALLO, **NO_MARKERS, "fitness": "unfit", "goals": "control"},
            RELAPSE_LATE,
            REFRACTORY,
            {**AFTER_ALLO, **NO_MARKERS, "fitness": "unfit", "goals": "supportive_only"},
            {**FINDING_AFTER_ALLO, "original_donor": "unknown"},
            {**FINDING_AFTER_ALLO, "goals": "supportive_only"},
            FINDING_AFTER_ALLO,  # waits for Goals
            {"disease_status": "remission_with_finding", "prior_transplant": "none"},
        ],
    ),
    "gilteritinib": (
        [{**REFRACTORY, "markers": "flt3", **CONTROL}, {**RELAPSE_EARLY, "markers": "flt3,idh1", "goals": "cure"}],
        [
            {**REFRACTORY, "markers": "flt3"},  # waits for Goals
            {**REFRACTORY, "markers": "pending"},
            {**REFRACTORY, "markers": "none_found"},
            {**REFRACTORY, "markers": "idh1"},
            {**REFRACTORY, "markers": "flt3", "fitness": "unfit", "goals": "supportive_only"},
        ],
    ),
    "hma-sorafenib": (
        [{**REFRACTORY, "markers": "flt3", **CONTROL}],
        [{**REFRACTORY, "markers": "pending"}, {**REFRACTORY, "markers": "idh2"}],
    ),
    "enasidenib": (
        [{**REFRACTORY, "markers": "idh2", **CONTROL}],
        [{**REFRACTORY, "markers": "idh1"}, {**REFRACTORY, "markers": "pending"}],
    ),
    "ivosidenib": (
        [{**REFRACTORY, "markers": "idh1", **CONTROL}],
        [{**REFRACTORY, "markers": "idh2"}, {**REFRACTORY, "markers": "pending"}],
    ),
    "olutasidenib": (
        [{**REFRACTORY, "markers": "idh1", **CONTROL}],
        [{**REFRACTORY, "markers": "idh2"}, {**REFRACTORY, "markers": "none_found"}],
    ),
    "gemtuzumab-ozogamicin": (
        [{**REFRACTORY, "markers": "cd33", **CONTROL}],
        [{**REFRACTORY, "markers": "pending"}, {**REFRACTORY, "markers": "flt3"}],
    ),
    "azacitidine": (
        [
            {**REFRACTORY, **NO_MARKERS, "fitness": "unfit", "goals": "control"},
            {**REFRACTORY, **NO_MARKERS, "fitness": "unfit", "goals": "cure"},
            {**REFRACTORY, **NO_MARKERS, "fitness": "fit", "goals": "control"},
            {**REFRACTORY, **NO_MARKERS, "fitness": "not_assessed", "goals": "control"},
        ],
        [
            {**REFRACTORY, **NO_MARKERS, **FIT_CURE},
            {**REFRACTORY, **NO_MARKERS, "fitness": "unfit", "goals": "supportive_only"},
            {**REFRACTORY, **NO_MARKERS, "fitness": "not_assessed", "goals": "cure"},
        ],
    ),
    "supportive-care": (
        [
            {**REFRACTORY, **NO_MARKERS, "fitness": "unfit", "goals": "supportive_only"},
            {**REFRACTORY, **NO_MARKERS, **FIT_CURE},
        ],
        [{**REFRACTORY, **NO_MARKERS, "fitness": "unfit"}],
    ),
    # The layer's two menin inhibitors: each only with its own marker (revumenib: KMT2A or NPM1,
    # ziftomenib: NPM1 only), never under supportive care only, never with another marker alone.
    "revumenib": (
        [{**REFRACTORY, "markers": "kmt2a", "fitness": "unfit", "goals": "control"},
         {**RELAPSE_EARLY, "markers": "npm1", **FIT_CURE}],
        [{**REFRACTORY, "markers": "flt3", "fitness": "unfit", "goals": "control"},
         {**REFRACTORY, "markers": "kmt2a", "fitness": "unfit", "goals": "supportive_only"},
         {**REFRACTORY, "markers": "pending", "fitness": "unfit", "goals": "control"}],
    ),
    "ziftomenib": (
        [{**REFRACTORY, "markers": "npm1", "fitness": "unfit", "goals": "control"}],
        [{**REFRACTORY, "markers": "kmt2a", "fitness": "unfit", "goals": "control"},
         {**REFRACTORY, "markers": "npm1", "fitness": "unfit", "goals": "supportive_only"},
         {**REFRACTORY, "markers": "others_pending", "fitness": "unfit", "goals": "control"}],
    ),
    "menin-inhibitors": (
        [
            {**REFRACTORY, "markers": "npm1", "fitness": "unfit", "goals": "control"},
            {**RELAPSE_EARLY, "markers": "kmt2a,others_pending", **FIT_CURE},
        ],
        [
            {**REFRACTORY, **NO_MARKERS, "fitness": "unfit", "goals": "control"},
            {**REFRACTORY, "markers": "flt3", **FIT_CURE},
            {**REFRACTORY, "markers": "pending", **FIT_CURE},
            {**REFRACTORY, "markers": "npm1", "fitness": "unfit", "goals": "supportive_only"},
        ],
    ),
    "apr-246": (
        [{**REFRACTORY, "markers": "tp53", **CONTROL}],
        [
            {**REFRACTORY, "markers": "pending"},
            {**REFRACTORY, "markers": "tp53", "fitness": "unfit", "goals": "supportive_only"},
        ],
    ),
}
# Options whose logic is the same as one above.
SAME_AS = {
    "high-dose-cytarabine": "intensive",
    "mec": "intensive",
    "etoposide-cyclophosphamide": "intensive",
    "flag": "intensive",
    "flag-ida": "intensive",
    "low-dose-cytarabine": "azacitidine",
    "cd47-antibodies": "trial-context",
    "nedd8-inhibitors": "trial-context",
    "bispecific-antibodies": "trial-context",
    "car-t-cells": "trial-context",
}
GROUPS: dict[str, tuple[list[dict], list[dict]]] = {
    "intensive": (
        [{**REFRACTORY, **NO_MARKERS, **FIT_CURE}, {**RELAPSE_EARLY, **NO_MARKERS, "fitness": "fit", "goals": "cure", "donor": "none"}],
        [
            {**REFRACTORY, **NO_MARKERS, "fitness": "unfit", "goals": "cure"},
            {**REFRACTORY, **NO_MARKERS, "fitness": "not_assessed", "goals": "cure"},
            {**REFRACTORY, **NO_MARKERS, "fitness": "fit", "goals": "control"},
        ],
    ),
    "azacitidine": CASES["azacitidine"],
    "trial-context": (
        [{**REFRACTORY, **NO_MARKERS, "fitness": "unfit", "goals": "control"}, {**REFRACTORY, **NO_MARKERS, **FIT_CURE}],
        [{**REFRACTORY, **NO_MARKERS, "fitness": "unfit", "goals": "supportive_only"}, REFRACTORY],
    ),
}


def all_cases():
    for option_id, (show, hide) in CASES.items():
        yield from ((option_id, case, True) for case in show)
        yield from ((option_id, case, False) for case in hide)
    for option_id, group in SAME_AS.items():
        show, hide = GROUPS[group]
        yield from ((option_id, case, True) for case in show)
        yield from ((option_id, case, False) for case in hide)


def test_every_option_has_cases(kb):
    assert {o.id for o in kb.options} == set(CASES) | set(SAME_AS)


@pytest.mark.parametrize(("option_id", "answers", "shown"), list(all_cases()))
def test_option_shown_only_when_the_sources_say(kb, option_id, answers, shown):
    evaluation = engine.evaluate(kb, walk(kb, **answers))
    assert (option_id in evaluation.shown_ids) is shown, answers


@pytest.mark.parametrize(
    ("option_id", "region", "expected"),
    [
        ("gilteritinib", "us", "Approved by the FDA"),
        ("gilteritinib", "eu", "Approved by the EMA"),
        ("ivosidenib", "us", "Approved by the FDA"),
        ("ivosidenib", "eu", "Not approved by the EMA"),
        ("enasidenib", "eu", "Not approved by the EMA"),
        ("enasidenib", "uk", "no UK decision"),
    ],
)
def test_approval_follows_the_region(kb, option_id, region, expected):
    given = walk(kb, **REFRACTORY, markers="flt3,idh1,idh2", fitness="unfit", goals="control", region=region)
    shown = {s.option.id: s for s in engine.evaluate(kb.sources_only(), given).shown}
    assert expected in shown[option_id].approval.text


@pytest.mark.parametrize(
    ("option_id", "region", "sources_say", "layer_says"),
    [
        ("ivosidenib", "eu", "Not approved by the EMA", "only for newly diagnosed AML"),
        ("enasidenib", "eu", "Not approved by the EMA", "withdrawn on 6 Dec 2019"),
        ("gemtuzumab-ozogamicin", "us", None, "on its own for relapsed or refractory CD33-positive AML"),
        ("gemtuzumab-ozogamicin", "eu", None, "only for previously untreated CD33-positive AML"),
    ],
)
def test_the_layers_region_line_comes_after_the_sources_and_leads(kb, option_id, region, sources_say, layer_says):
    given = walk(kb, **REFRACTORY, markers="idh1,idh2,cd33", fitness="unfit", goals="control", region=region)
    shown = {s.option.id: s for s in engine.evaluate(kb, given).shown}[option_id]
    assert layer_says in shown.approval.text and shown.approval.newer
    assert [a.newer for a in shown.approvals] == ([False, True] if sources_say else [True])
    if sources_say:
        assert sources_say in shown.approvals[0].text


@pytest.mark.parametrize(
    ("answers", "notice"),
    [
        ({**REFRACTORY, "markers": "pending"}, "markers-pending"),
        ({**REFRACTORY, "markers": "tp53"}, "tp53-no-approved-drug"),
        ({**REFRACTORY, **NO_MARKERS, "fitness": "not_assessed"}, "fitness-not-assessed"),
        ({**REFRACTORY, **NO_MARKERS, "fitness": "unfit", "goals": "cure"}, "cure-without-fitness"),
        ({**REFRACTORY, **NO_MARKERS, "fitness": "fit", "goals": "cure", "donor": "none"}, "no-donor"),
        ({**AFTER_ALLO, "original_donor": "no"}, "original-donor-unavailable"),
        (FINDING_AFTER_ALLO, "finding-after-transplant"),
        ({"disease_status": "remission_with_finding", "prior_transplant": "none"}, "mrd-positive-without-transplant"),
        (REFRACTORY, "refractory-no-transplant-questions"),
    ],
)
def test_notices_say_where_the_sources_are_silent_or_what_applies(kb, answers, notice):
    assert notice in [n.id for n in engine.evaluate(kb, walk(kb, **answers)).notices]

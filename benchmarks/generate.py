"""Generate a large, valid knowledge base for benchmarks (neutral content, realistic shape).

    from generate import generate_knowledge      # from a script in benchmarks/
    folder = generate_knowledge(Path(tmp), questions=1_000, options=1_000)

The shape follows the bundled base: a few questions always asked (region, stage, fitness,
goals), then questions each asked for some answers of one earlier question (a tree, so every
question can be asked), options shown for answers of one question plus the usual "not only
supportive care" and region alternatives, notes and approvals that cite sources, glossary terms.
Valid by construction: loading it reports no problem.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import tomli_w

ROOTS = {
    "region": ["us", "eu", "uk", "other"],
    "stage": ["relapsed", "refractory"],
    "fitness": ["fit", "unfit", "not_assessed"],
    "goals": ["cure", "control", "supportive_only"],
}
STATUSES = ["standard", "approved-targeted", "listed", "investigational", "supportive"]
CATEGORIES = ["intensive", "targeted", "low-intensity", "transplant", "trials", "supportive"]


def generate_knowledge(folder: Path, questions: int, options: int, seed: int = 0, chain: bool = False) -> Path:
    """Write kb.toml ... glossary.toml into `folder` (created) and return it.

    chain=True is a stress shape rather than a realistic one: every question after the first four
    is asked only after the first answer of the question before it (ask_if depth = questions - 4).
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    sources = [f"source-{i}" for i in range(max(5, (questions + options) // 100))]
    terms = [f"term-{i}" for i in range(max(5, questions // 20))]
    question_tables, answers = _questions(rng, questions, sources, terms, chain)
    order = list(answers)
    files: dict[str, dict[str, Any]] = {
        "kb.toml": {"knowledge": {
            "title": f"Generated knowledge base ({questions} questions, {options} options)",
            "version": "1", "disclaimer": "Generated for benchmarks.", "region_question": "region",
        }},
        "sources.toml": {"source": [_source(rng, s) for s in sources]},
        "questions.toml": {"question": question_tables},
        "options.toml": {
            "category": [{"id": c, "title": c.title()} for c in CATEGORIES],
            "option": [_option(rng, i, answers, order, sources, terms) for i in range(options)],
        },
        "notices.toml": {"notice": [_notice(rng, i, answers, order, sources) for i in range(max(1, options // 10))]},
        "glossary.toml": {"term": [_term(t, sources[i % len(sources)]) for i, t in enumerate(terms)]},
    }
    _cite_all(files, sources)
    for name, data in files.items():
        (folder / name).write_bytes(tomli_w.dumps(data).encode("utf-8"))
    return folder


def _questions(rng: random.Random, count: int, sources: list[str], terms: list[str], chain: bool):
    """Question tables and, for each question id, (answer ids, multiple, exclusive answer ids)."""
    tables: list[dict[str, Any]] = []
    answers: dict[str, tuple[list[str], bool, set[str]]] = {}
    order: list[str] = []
    for index in range(count):
        if index < len(ROOTS):
            qid = list(ROOTS)[index]
            ids, multiple, exclusive = ROOTS[qid], False, set()
            ask_if = None
        else:
            qid = f"q{index}"
            multiple = rng.random() < 0.25
            ids = [f"a{i}" for i in range(rng.randint(2, 5))]
            exclusive = {"none"} if multiple else set()
            ids = ids + sorted(exclusive)
            if chain:  # the stress shape: each question only after the first answer of the one before
                ask_if = {tables[-1]["id"]: [tables[-1]["answer"][0]["id"]]}
            else:
                ask_if = _ask_if(rng, answers, order) if rng.random() < 0.6 else None
        answers[qid] = (list(ids), multiple, exclusive)
        order.append(qid)
        table: dict[str, Any] = {
            "id": qid, "title": f"Question {index}", "prompt": f"What is the answer to question {index}?",
            "help": "Generated help text that explains the question in a sentence or two.",
            "multiple": multiple, "terms": rng.sample(terms, k=min(2, len(terms))),
            "answer": [{"id": a, "label": f"Answer {a}", **({"exclusive": True} if a in exclusive else {})}
                       for a in ids],
            "note": [{"text": "Why it matters.", "source": rng.choice(sources), "place": "Section 1"}],
        }
        if ask_if is not None:
            table["ask_if"] = ask_if
        tables.append(table)
    return tables, answers


def _ask_if(rng: random.Random, answers: dict[str, tuple[list[str], bool, set[str]]],
            order: list[str]) -> dict[str, Any]:
    """Asked for some answers of one earlier question, usually a recent one (never the region,
    never for supportive-only goals). `order` is the question ids so far, region first."""
    first = max(1, len(order) - 200) if rng.random() < 0.7 else 1
    parent = order[rng.randrange(first, len(order))]
    chosen = _some_answers(rng, parent, answers[parent][0])
    condition: dict[str, Any] = {parent: chosen}
    if parent != "goals" and rng.random() < 0.3:
        condition["not"] = {"goals": ["supportive_only"]}
    return condition


def _some_answers(rng: random.Random, question: str, ids: list[str]) -> list[str]:
    usable = [a for a in ids if not (question == "goals" and a == "supportive_only")]
    return sorted(rng.sample(usable, k=rng.randint(1, max(1, len(usable) - 1))))


def _show_if(rng: random.Random, answers: dict[str, tuple[list[str], bool, set[str]]],
             order: list[str]) -> dict[str, Any]:
    """Shown for answers of one question, often not for supportive-only goals, sometimes by region."""
    # Any question but region (0) and goals (3): stage, fitness, then the generated ones.
    pick = rng.randrange(2 + max(0, len(order) - 4))
    question = order[1 + pick] if pick < 2 else order[2 + pick]
    ids, multiple, exclusive = answers[question]
    ordinary = [a for a in ids if a not in exclusive]
    if multiple and len(ordinary) >= 2 and rng.random() < 0.3:
        # Two markers at once: both ordinary answers of a multiple question.
        first, second = rng.sample(ordinary, k=2)
        condition: dict[str, Any] = {"all": [{question: [first]}, {question: [second]}]}
    else:
        condition = {question: _some_answers(rng, question, ids)}
    if rng.random() < 0.5:
        condition["not"] = {"goals": ["supportive_only"]}
    if rng.random() < 0.2:
        condition["any"] = [{"region": ["us"]}, {"region": ["eu", "uk"]}]
    return condition


def _option(rng: random.Random, index: int, answers, order: list[str], sources: list[str], terms: list[str]) -> dict[str, Any]:
    option: dict[str, Any] = {
        "id": f"option-{index}", "name": f"Option {index}", "category": CATEGORIES[index % len(CATEGORIES)],
        "status": rng.choice(STATUSES), "summary": "One or two generated lines about this option.",
        "terms": rng.sample(terms, k=1), "show_if": _show_if(rng, answers, order),
        "note": [{"text": "What a source says.", "source": rng.choice(sources), "place": f"Table {i}"}
                 for i in range(rng.randint(1, 3))],
    }
    if option["status"] == "approved-targeted":
        option["approval"] = [{"region": r, "text": f"Approved in {r}.", "source": rng.choice(sources),
                               "place": "Label"} for r in ("us", "eu")]
    return option


def _notice(rng: random.Random, index: int, answers, order: list[str], sources: list[str]) -> dict[str, Any]:
    kind = "guidance" if index % 2 else "gap"
    notice: dict[str, Any] = {"id": f"notice-{index}", "kind": kind, "text": "Generated notice text.",
                              "show_if": _show_if(rng, answers, order)}
    if kind == "guidance":
        notice["cite"] = [{"source": rng.choice(sources), "place": "Section 2"}]
    return notice


def _source(rng: random.Random, source_id: str) -> dict[str, Any]:
    return {"id": source_id, "publisher": "Example Publisher", "title": f"Document {source_id}",
            "date": f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}", "kind": "review",
            "address": f"https://example.org/{source_id}"}


def _term(term_id: str, source: str) -> dict[str, Any]:
    return {"id": term_id, "term": term_id.replace("-", " ").title(), "aliases": [f"{term_id}-alias"],
            "definition": "A generated definition.", "source": source, "place": "Glossary"}


def _cite_all(files: dict[str, dict[str, Any]], sources: list[str]) -> None:
    """An uncited source is a problem: the first question gets a note for each one left over."""
    cited = {t["source"] for t in files["glossary.toml"]["term"]}
    for table in files["questions.toml"]["question"] + files["options.toml"]["option"]:
        cited.update(note["source"] for note in table["note"])
        cited.update(a["source"] for a in table.get("approval", []))
    for notice in files["notices.toml"]["notice"]:
        cited.update(c["source"] for c in notice.get("cite", []))
    first = files["questions.toml"]["question"][0]
    first["note"].extend({"text": "Also described here.", "source": s, "place": "Section 3"}
                         for s in sources if s not in cited)

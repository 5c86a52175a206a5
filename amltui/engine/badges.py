"""How an option's status reads, and how the layer of what changed since the sources is marked:
one place for the wording the app, the command line and the exports share.

The status badge follows the region answered: an approved targeted drug reads "approved" only
where the newest approval line for that region says it is an approval for this use. Pure: takes
knowledge and answers, returns text.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from amltui.knowledge.dates import long_date
from amltui.knowledge.models import NUMBER_WORDS, Approval, KnowledgeBase, Option

#: What the newest stated line for the region says, as the badge's second half.
APPROVED, NOT_APPROVED, NOT_STATED, NO_LINE, NO_REGION = (
    "approved in this region",
    "not approved in this region",
    "approval not stated for this region",
    "no approval line for this region",
    "approval differs by region",
)
#: Under the option, when there is no line to show.
ANSWER_REGION = "approval differs by region: answer the region question"
NO_LINE_FOR = "the knowledge base has no approval line for this region"


@frozen
class Badge:
    #: The status as shown: "approved targeted", "targeted · not approved in this region", "standard" ...
    word: str
    #: The label of the region answered ("European Union (EMA)"); "" when none is answered.
    region: str
    #: The approval lines for that region, the base's then the layer's.
    lines: tuple[Approval, ...]
    #: Whether the option has approval lines for any region (only then is the region spoken of).
    regional: bool

    @property
    def plain(self) -> str:
        """Said under the option when no line is shown ("" when lines are shown or none apply)."""
        if not self.regional or self.lines:
            return ""
        return ANSWER_REGION if not self.region else NO_LINE_FOR


def region_label(kb: KnowledgeBase, region: str) -> str:
    question = kb.question(kb.region_question)
    answer = question.answer(region) if question else None
    return answer.label if answer else region


def approval_state(lines: tuple[Approval, ...]) -> bool | None:
    """The newest line that says whether it is an approval: True, False, or None (none says)."""
    stated = [a.approved for a in lines if a.approved is not None]
    return stated[-1] if stated else None


def badge(kb: KnowledgeBase, option: Option, answers: Mapping[str, frozenset[str]]) -> Badge:
    regions = sorted(answers.get(kb.region_question, frozenset()))
    region = ", ".join(region_label(kb, r) for r in regions)
    lines = tuple(a for a in option.approvals if a.region in regions)
    regional = bool(option.approvals)
    targeted = option.status == "approved-targeted"
    if not regional:
        # An "approved" status with no line at all says nothing about any region.
        return Badge("targeted · " + NO_LINE if targeted else status_word(option.status), region, lines, regional)
    state = approval_state(lines)
    if not regions:
        second = NO_REGION
    elif not lines:
        second = NO_LINE
    else:
        second = {True: APPROVED, False: NOT_APPROVED, None: NOT_STATED}[state]
    if targeted:
        word = "approved targeted" if regions and state is True else "targeted · " + second
    else:
        word = f"{status_word(option.status)} · {second}"
    return Badge(word, region, lines, regional)


def status_word(status: str) -> str:
    """"approved-targeted" -> "approved targeted"."""
    return status.replace("-", " ")


def approval_text(kb: KnowledgeBase, line: Approval) -> str:
    """One approval line for reading, with the layer's mark when it is the layer's."""
    return line.text + (f" ({kb.layer_mark})" if line.newer else "")


def standing_notice(kb: KnowledgeBase) -> str:
    """Shown always, whatever the answers: how old the sources are, and what the layer of later
    changes covers (or that it is hidden, or that there is none)."""
    base = kb.base_sources
    years = [s.published.year for s in base if s.published is not None]
    count = NUMBER_WORDS.get(len(base), str(len(base)))
    age = f"The {count} sources are from {max(years)} or earlier" if years else f"The {count} sources are undated"
    if years and len(years) < len(base):
        age += ", or undated"
    layer = kb.layer
    if layer is None:
        return f"{age}; nothing later is included."
    checked = f", checked to {long_date(layer.checked_up_to)}" if layer.checked_up_to else ""
    if kb.layer_hidden:
        return f"{age}. Sources only: what changed since ({layer.title}{checked}) is hidden."
    return f"{age}. {layer.title}{checked}: {layer.summary} Each of its items is marked “{kb.layer_mark}”."


def said_once(word: str, explanation: str) -> str:
    """A status badge and its explanation as one phrase, the word not said twice: "standard" with
    "Standard approach named by the sources" is the explanation alone; otherwise "word — explanation"."""
    if not explanation:
        return word
    if explanation.lower().startswith(word.lower()):
        return explanation
    return f"{word} — {explanation}"

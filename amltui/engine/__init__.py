"""The decision engine: answers -> the next question and the options shown, with reasons; what-if,
badges and training scores. Pure functions on knowledge-base data: no Textual, no files.

`from amltui import engine; engine.evaluate(...)` reads as what it is, so the package offers the
evaluation's names itself.
"""

from amltui.engine.evaluation import (
    AnswerError,
    Change,
    Evaluation,
    HiddenOption,
    OptionChanges,
    ShownOption,
    answer,
    check_answer,
    evaluate,
    option_changes,
    option_sources,
    regional_approvals,
    shown_ids,
)
from amltui.knowledge.asking import applicable_answers, is_asked, next_question
from amltui.knowledge.wording import describe

__all__ = [
    "AnswerError", "Change", "Evaluation", "HiddenOption", "OptionChanges", "ShownOption",
    "answer", "applicable_answers", "check_answer", "describe", "evaluate", "is_asked",
    "next_question", "option_changes", "option_sources", "regional_approvals", "shown_ids",
]

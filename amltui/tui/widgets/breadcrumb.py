"""One line: the path of answers so far, ending at the question on screen (cut from the left)."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from amltui.tui import present
from amltui.tui.walk import Walk

SEPARATOR = (" › ", "$text-muted")


class Breadcrumb(Widget):
    """`Disease status: Relapsed › First remission: 12 months or less › ▶ Previous transplant`."""

    DEFAULT_CSS = """
    Breadcrumb {
        height: 1;
        padding: 0 1;
    }
    """

    walk: reactive[Walk | None] = reactive(None)

    def render(self) -> Content:
        walk = self.walk
        if walk is None:
            return Content("")
        asking = walk.asking
        parts: list[Content] = []
        for question in walk.evaluation.answered:
            if asking is not None and question.id == asking.id:
                parts.append(Content.assemble((f"{present.CURRENT} {question.title}", "bold reverse")))
            else:
                parts.append(Content.assemble((question.title + ": ", present.MUTED), present.answer_text(walk.labels(question))))
        if walk.reopened is None and asking is not None:
            parts.append(Content.assemble((f"{present.CURRENT} {asking.title}", "bold reverse")))
        if asking is None:
            parts.append(Content.styled(f"{present.DONE} complete", "bold"))
        line = Content.assemble(SEPARATOR).join(parts)
        width = self.content_region.width or self.size.width
        if width and line.cell_length > width:
            line = Content("…") + line[line.cell_length - width + 1 :]
        return line

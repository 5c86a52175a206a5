"""One line: the path of answers so far, with the question on screen in its place (cut from the
left; a reopened question early in a long path is kept in view, and what follows it is cut)."""

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
        current = None  # the index of the question on screen among the parts
        for question in walk.evaluation.answered:
            if asking is not None and question.id == asking.id:
                current = len(parts)
                parts.append(Content.assemble((f"{present.CURRENT} {question.title}", "bold reverse")))
            else:
                parts.append(Content.assemble((question.title + ": ", present.MUTED), present.answer_text(walk.labels(question))))
        if walk.reopened is None and asking is not None:
            parts.append(Content.assemble((f"{present.CURRENT} {asking.title}", "bold reverse")))
        if asking is None:
            parts.append(Content.styled(f"{present.DONE} complete", "bold"))
        separator = Content.assemble(SEPARATOR)
        line = separator.join(parts)
        width = self.content_region.width or self.size.width
        if not width or line.cell_length <= width:
            return line
        cut = Content(present.ELLIPSIS)  # "…", or "..." where it cannot be drawn
        start = sum(part.cell_length + separator.cell_length for part in parts[:current]) if current else 0
        if current is None or line.cell_length - start <= width - cut.cell_length:  # the question on screen is in the tail
            return cut + line[line.cell_length - width + cut.cell_length :]
        # A reopened question early on: from it (with one crumb before, if it fits), cut at the end.
        before = parts[current - 1].cell_length + separator.cell_length if current else 0
        if before and parts[current].cell_length + before < width - 2 * cut.cell_length:
            start -= before
        line = (cut if start else Content("")) + line[start:]
        return line[: width - cut.cell_length] + cut if line.cell_length > width else line

"""The sources panel: an answer's numbered citations, and a preview of the chosen one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.render import (
    citation_header,
    citation_region,
    highlighted,
    location,
    passage_header,
    uncited_passages,
)

if TYPE_CHECKING:
    from qa.types import Answer, Citation, Passage


class SourcesPanel(Vertical):
    """Lists the cited passages of one answer; `r` switches to retrieved-but-uncited ones."""

    BINDINGS = [
        Binding(
            "r", "toggle_retrieved", "Cited/retrieved", tooltip="Cited or retrieved, uncited passages"
        ),
        *[Binding(str(i), f"show({i})", f"Show source {i}", show=False) for i in range(1, 10)],
    ]

    def __init__(self, **kwargs) -> None:
        """An empty panel; `show_answer` fills it."""
        super().__init__(**kwargs)
        self.answer: Answer | None = None
        self.document_text: Callable[[str], str] | None = None
        self.retrieved = False
        self.selected: Citation | Passage | None = None

    def compose(self) -> ComposeResult:
        """Title, the list of sources and the preview area."""
        yield Static(Text("Sources"), id="sources-title")
        yield OptionList(id="source-list")
        yield Static(Text("Ask a question: its sources show here."), id="preview-header")
        with VerticalScroll(id="preview"):
            yield Static("", id="preview-body")

    @property
    def items(self) -> list[Citation] | list[Passage]:
        """What the list shows now: citations, or uncited retrieved passages."""
        if self.answer is None:
            return []
        return uncited_passages(self.answer) if self.retrieved else list(self.answer.citations)

    def show_answer(
        self,
        answer: Answer,
        document_text: Callable[[str], str] | None = None,
        citation: int | None = None,
    ) -> None:
        """Show `answer`'s citations, selecting citation number `citation` (default the first)."""
        if answer is not self.answer:
            self.answer = answer
            self.retrieved = False
            self._fill()
        elif citation is not None and self.retrieved:
            self.retrieved = False
            self._fill()
        self.document_text = document_text or self.document_text
        if citation is not None:
            self.select_citation(citation)

    def clear(self) -> None:
        """Forget the answer shown."""
        self.answer = None
        self.retrieved = False
        self._fill()

    def _fill(self) -> None:
        options = self.query_one("#source-list", OptionList)
        title = self.query_one("#sources-title", Static)
        options.clear_options()
        self.selected = None
        items = self.items
        if self.answer is None:
            title.update(Text("Sources"))
        elif self.retrieved:
            title.update(Text(f"Retrieved, not cited ({len(items)})  r: cited", style="bold"))
        elif self.answer.abstained and not items:
            title.update(Text("No sources: the answer abstained  r: retrieved", style="bold"))
        else:
            title.update(Text(f"Sources ({len(items)})  r: retrieved", style="bold"))
        for i, item in enumerate(items):
            label = f"#{self.answer.passages.index(item) + 1}" if self.retrieved else f"[{item.n}]"
            prompt = Text.assemble((f"{label} ", "bold"), item.title or item.doc, "\n", (location(item), "dim"))
            options.add_option(Option(prompt, id=f"item-{i}"))
        if items:
            options.highlighted = 0
        else:
            self._preview(None)

    def select_citation(self, n: int) -> bool:
        """Highlight the citation numbered `n`; False if there is none."""
        for i, item in enumerate(self.items):
            if not self.retrieved and item.n == n:
                self.query_one("#source-list", OptionList).highlighted = i
                self._preview(item)
                return True
        return False

    @on(OptionList.OptionHighlighted, "#source-list")
    @on(OptionList.OptionSelected, "#source-list")
    def _option_chosen(self, event: OptionList.OptionHighlighted | OptionList.OptionSelected) -> None:
        items = self.items
        index = event.option_index
        self._preview(items[index] if 0 <= index < len(items) else None)

    def _preview(self, item: Citation | Passage | None) -> None:
        header = self.query_one("#preview-header", Static)
        body = self.query_one("#preview-body", Static)
        self.selected = item
        if item is None:
            if self.answer is None:
                message = "Ask a question: its sources show here."
            elif self.retrieved:
                message = "Every retrieved passage was cited."
            else:
                message = "Nothing was cited. Press r (or Ctrl+R) to see the passages that were retrieved."
            header.update(Text(message))
            body.update("")
        elif self.retrieved:
            assert self.answer is not None
            header.update(passage_header(self.answer.passages.index(item) + 1, item))
            body.update(Text(item.text))
        else:
            assert self.answer is not None
            text, start, end, _ = citation_region(item, self.answer.passages, self.document_text)
            header.update(citation_header(item))
            body.update(highlighted(text, start, end))
            self.call_after_refresh(self._scroll_to_quote, text, start)
        self.query_one("#preview", VerticalScroll).scroll_home(animate=False)

    def _scroll_to_quote(self, text: str, start: int) -> None:
        """Scroll so that the quote starts a few lines from the top of the preview."""
        preview = self.query_one("#preview", VerticalScroll)
        body = self.query_one("#preview-body", Static)
        width = body.content_region.width
        if width <= 0 or start <= 0:
            return
        height = Content.from_rich_text(Text(text[:start])).get_height(body.styles, width)
        preview.scroll_to(y=max(0, height - 3), animate=False)

    def action_toggle_retrieved(self) -> None:
        """Switch between cited sources and retrieved-but-uncited passages."""
        if self.answer is None:
            return
        self.retrieved = not self.retrieved
        self._fill()

    def action_show(self, n: int) -> None:
        """Show citation `n` of the current answer."""
        if self.retrieved:
            self.retrieved = False
            self._fill()
        self.select_citation(n)

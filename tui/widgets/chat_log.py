"""The chat log: one `TurnEntry` per question, holding its answer or error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from tui.render import link_markers

if TYPE_CHECKING:
    from textual.widgets import Markdown

    from qa.types import Answer


class NoticeEntry(Static):
    """A line from the app itself (loading, new conversation, export done…)."""

    def __init__(self, text: str, **kwargs) -> None:
        """Show `text` as plain text (no markup)."""
        super().__init__(Text(text), classes="notice", **kwargs)


class ErrorEntry(Static):
    """An error shown in the log, styled in the error color."""

    def __init__(self, text: str, **kwargs) -> None:
        """Show `text` prefixed with `error:`."""
        super().__init__(Text.assemble(("error: ", "bold"), text), classes="error", **kwargs)
        self.message = text


class AnswerEntry(Vertical, can_focus=True):
    """An answer: Markdown with clickable `[n]` markers; `.abstained` when it abstains."""

    class Selected(Message):
        """The answer (and maybe one of its citations) was chosen to show in the sources panel."""

        def __init__(self, entry: AnswerEntry, citation: int | None) -> None:
            """`citation` is the citation number clicked, or None for the answer as a whole."""
            super().__init__()
            self.entry = entry
            self.citation = citation

        @property
        def answer(self) -> Answer:
            """The selected answer."""
            return self.entry.answer

    def __init__(self, answer: Answer, show_timings: bool = False) -> None:
        """Render `answer`; `show_timings` adds total milliseconds to the border."""
        classes = "answer abstained" if answer.abstained else "answer"
        super().__init__(classes=classes)
        self.answer = answer
        self.border_title = "Abstained" if answer.abstained else "Answer"
        if show_timings and answer.timings_ms:
            total = answer.timings_ms.get("total", sum(answer.timings_ms.values()))
            self.border_subtitle = f"{total:.0f} ms"
        elif answer.citations:
            count = len(answer.citations)
            self.border_subtitle = f"{count} source{'' if count == 1 else 's'}"

    def compose(self) -> ComposeResult:
        """Reason (for abstentions), the Markdown body, then any notices."""
        if self.answer.abstained and self.answer.reason and self.answer.reason not in self.answer.text:
            yield Static(Text(f"why: {self.answer.reason}"), classes="reason")
        from textual.widgets import Markdown  # markdown-it is ~60 ms of import: not before the first answer

        yield Markdown(link_markers(self.answer.text), open_links=False)
        for notice in self.answer.notices:
            yield Static(Text(f"note: {notice}"), classes="answer-notice")

    @property
    def markdown_source(self) -> str:
        """The Markdown shown (with markers turned into links)."""
        from textual.widgets import Markdown

        return self.query_one(Markdown).source

    def on_click(self) -> None:
        """Clicking the answer shows its sources."""
        self.post_message(self.Selected(self, None))

    def on_focus(self) -> None:
        """Focusing the answer (tab) shows its sources."""
        self.post_message(self.Selected(self, None))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """A click on `[n]` shows that source."""
        href = event.href
        if href.startswith("cite:") and href[5:].isdigit():
            event.stop()
            self.post_message(self.Selected(self, int(href[5:])))


class TurnEntry(Vertical):
    """A question, then (when ready) its rewritten form and its answer, or an error."""

    def __init__(self, question: str, waiting: str = "") -> None:
        """`waiting` is shown under the question until the answer arrives."""
        super().__init__(classes="turn")
        self.question = question
        self._waiting = waiting
        self.answer_entry: AnswerEntry | None = None

    def compose(self) -> ComposeResult:
        """The question and a waiting line."""
        yield Static(Text.assemble(("You: ", "bold"), self.question), classes="question")
        yield Static(Text(self._waiting), classes="waiting")

    def set_waiting(self, text: str) -> None:
        """Change the waiting line (e.g. from `queued` to `answering…`)."""
        self._waiting = text
        for waiting in self.query(".waiting").results(Static):
            waiting.update(Text(text))

    def show_draft(self, text: str) -> None:
        """Show the model's streamed draft, marked unverified, in place of the waiting line."""
        for waiting in self.query(".waiting").results(Static):
            waiting.add_class("draft")
            waiting.border_title = "Draft (unverified: citations are checked when it ends)"
            waiting.update(Text(text))

    async def show_answer(self, answer: Answer, show_timings: bool = False) -> AnswerEntry:
        """Replace the waiting line (or the draft) with the rewritten question (if any) and the answer."""
        await self.query(".waiting").remove()
        rewritten = (answer.rewritten_question or "").strip()
        widgets: list[Static | AnswerEntry] = []
        if rewritten and rewritten != answer.question.strip():
            widgets.append(Static(Text(f"→ rewritten: {rewritten}"), classes="rewritten"))
        self.answer_entry = AnswerEntry(answer, show_timings)
        widgets.append(self.answer_entry)
        await self.mount_all(widgets)
        return self.answer_entry

    async def show_error(self, message: str) -> ErrorEntry:
        """Replace the waiting line with an error."""
        await self.query(".waiting").remove()
        entry = ErrorEntry(message)
        await self.mount(entry)
        return entry


class ChatLog(VerticalScroll):
    """Scrolling list of turns and notices; stays anchored to the newest entry."""

    def on_mount(self) -> None:
        """Keep the view at the bottom as entries are added."""
        self.anchor()

    async def add_turn(self, question: str, waiting: str = "") -> TurnEntry:
        """Append a turn for `question`."""
        turn = TurnEntry(question, waiting)
        await self.mount(turn)
        self.scroll_end(animate=False)
        return turn

    async def add_notice(self, text: str) -> NoticeEntry:
        """Append a notice from the app."""
        entry = NoticeEntry(text)
        await self.mount(entry)
        self.scroll_end(animate=False)
        return entry

    async def add_error(self, text: str) -> ErrorEntry:
        """Append an error that belongs to no question (e.g. loading failed)."""
        entry = ErrorEntry(text)
        await self.mount(entry)
        self.scroll_end(animate=False)
        return entry

    async def clear(self) -> None:
        """Remove every entry."""
        await self.remove_children()

    def answer_entries(self) -> list[AnswerEntry]:
        """The answers shown, oldest first."""
        return list(self.query(AnswerEntry).results(AnswerEntry))

"""The chat screen: log, sources panel, status line and input; runs the workers."""

from __future__ import annotations

import time
from collections import deque
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from tui.commands import SLASH_COMMANDS, parse_slash
from tui.screens.chat_actions import ChatActions
from tui.widgets import AnswerEntry, ChatLog, PromptInput, SourcesPanel, StatusLine, TurnEntry

if TYPE_CHECKING:
    from qa.types import Answer
    from tui.app import QAApp

DRAFT_REPAINT_S = 0.05
"""How often a streamed (unverified) LLM draft is repainted while it arrives."""


def error_message(exc: BaseException) -> str:
    """A one-line message for the user: the library's own for QAError, else type and text."""
    try:
        from qa.errors import QAError
    except Exception:  # noqa: BLE001 - the message must not fail
        QAError = ()  # type: ignore[assignment]  # noqa: N806
    if QAError and isinstance(exc, QAError):
        return str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def stats_text(stats: Any) -> str:
    """`index: 2 articles, 34 passages` from an IndexStats."""
    docs, passages = stats.documents, stats.passages
    return f"index: {docs} article{'' if docs == 1 else 's'}, {passages} passage{'' if passages == 1 else 's'}"


class ChatScreen(ChatActions, Screen[None]):
    """Where chatting takes place. Questions queue while the index loads or another is answered."""

    AUTO_FOCUS = "#prompt"
    BINDINGS = [
        Binding("ctrl+n", "new_conversation", "New", tooltip="New conversation (forget follow-up context)"),
        Binding("ctrl+o", "history", "History", tooltip="Reopen a past conversation"),
        Binding("f2", "toggle_sources", "Sources", tooltip="Focus the sources panel (again: hide it)"),
        Binding("ctrl+r", "toggle_retrieved", "Retrieved", tooltip="Sources: cited or retrieved, uncited passages"),
        Binding("ctrl+y", "copy_answer", "Copy answer", tooltip="Copy the last answer and its sources"),
        Binding("ctrl+l", "clear_log", "Clear log", show=False),
        Binding("escape", "focus_input", "Back to the input", show=False),
    ]

    def __init__(self) -> None:
        """An empty conversation."""
        super().__init__()
        self.answers: list[Answer] = []
        self.conversation_id: int | None = None
        self.conversation_title = "Conversation"
        self.busy: str | None = None
        self._pending: deque[tuple[TurnEntry, int]] = deque()
        self._generation = 0
        self._last_progress = 0.0
        self._loading = False

    @property
    def qa_app(self) -> QAApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        """Header, log beside sources, status line, input, footer."""
        yield Header(show_clock=False)
        with Horizontal(id="main"):
            yield ChatLog(id="log")
            yield SourcesPanel(id="sources")
        yield StatusLine(id="status")
        commands = [c.usage.split(" ")[0] for c in SLASH_COMMANDS]
        yield PromptInput(
            history=self._saved_questions(),
            commands=commands,
            id="prompt",
            placeholder="Ask about the articles, or /help",
        )
        yield Footer()

    def _saved_questions(self) -> list[str]:
        try:
            return self.qa_app.store.questions()
        except Exception:  # noqa: BLE001 - history is a convenience
            return []

    def on_mount(self) -> None:
        """Show `loading model…` and start loading in a thread once the first frame is painted
        (the loader's imports would otherwise compete with the first render)."""
        self.call_after_refresh(self._start_loading)

    def _start_loading(self) -> None:
        self._loading = True
        self.status.set_text("loading model…")
        self._load_worker()

    @property
    def log_view(self) -> ChatLog:
        """The chat log."""
        return self.query_one(ChatLog)

    @property
    def sources(self) -> SourcesPanel:
        """The sources panel."""
        return self.query_one(SourcesPanel)

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one(StatusLine)

    @property
    def prompt(self) -> PromptInput:
        """The question input."""
        return self.query_one(PromptInput)

    # -- loading and reindexing ---------------------------------------------------

    def _progress_from_thread(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last_progress < 0.05:
            return
        self._last_progress = now
        with suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(self.status.set_progress, stage, done, total)

    @work(thread=True, exit_on_error=False, group="load", exclusive=True)
    def _load_worker(self) -> None:
        app = self.qa_app
        try:
            assistant = app.assistant or app.open_assistant(progress=self._progress_from_thread)
            stats = assistant.stats()
        except Exception as exc:  # noqa: BLE001 - shown to the user, app keeps running
            app.call_from_thread(self._load_failed, exc)
            return
        app.call_from_thread(self._loaded, assistant, stats)

    def _loaded(self, assistant: Any, stats: Any) -> None:
        app = self.qa_app
        app.assistant, app.ready = assistant, True
        self._loading = False
        self.status.hide_progress()
        self.status.set_text(stats_text(stats))
        self._drain()

    async def _load_failed(self, exc: Exception) -> None:
        message = error_message(exc)
        self._loading = False
        self.status.hide_progress()
        self.status.set_text("index not loaded (/reindex to retry)")
        await self.log_view.add_error(f"could not load the index: {message}")
        self.app.notify(message, title="Could not load the index", severity="error")
        while self._pending:
            turn, _ = self._pending.popleft()
            await turn.show_error("not answered: the index did not load")
            if not self.prompt.value:
                self.prompt.value = turn.question

    @work(thread=True, exit_on_error=False, group="reindex", exclusive=True)
    def _reindex_worker(self, rebuild: bool) -> None:
        app = self.qa_app
        try:
            report = app.assistant.reindex(progress=self._progress_from_thread, rebuild=rebuild)
            stats = app.assistant.stats()
        except Exception as exc:  # noqa: BLE001
            app.call_from_thread(self._reindex_done, None, None, exc)
            return
        app.call_from_thread(self._reindex_done, report, stats, None)

    async def _reindex_done(self, report: Any, stats: Any, exc: Exception | None) -> None:
        self.busy = None
        self.status.hide_progress()
        if exc is not None:
            message = error_message(exc)
            await self.log_view.add_error(f"reindex failed: {message}")
            self.app.notify(message, title="Reindex failed", severity="error")
        else:
            self.status.set_text(stats_text(stats))
            summary = report.summary() if hasattr(report, "summary") else str(report)
            await self.log_view.add_notice(f"reindexed: {summary}")
            self.app.notify(summary, title="Reindexed")
        self._drain()

    # -- asking -------------------------------------------------------------------

    @on(Input.Submitted, "#prompt")
    async def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        self.prompt.clear()
        if not text:
            return
        self.prompt.remember(text)
        parsed = parse_slash(text)
        if parsed is None:
            await self.ask(text)
        elif parsed[0] is None:
            self.app.notify(f"unknown command /{parsed[1]} (try /help)", severity="warning")
        else:
            await self.run_slash(parsed[0], parsed[2])

    async def ask(self, question: str) -> None:
        """Show the question and answer it as soon as the index is ready and nothing else runs."""
        ready = self.qa_app.ready
        if not ready:
            waiting = "still loading: queued until the index is ready"
            self.app.notify("Still loading the model and index; your question is queued.")
        else:
            waiting = "queued" if self.busy else "answering…"
        turn = await self.log_view.add_turn(question, waiting)
        self._pending.append((turn, self._generation))
        self._drain()

    def _drain(self) -> None:
        if self.busy or not self.qa_app.ready or not self._pending:
            return
        turn, generation = self._pending.popleft()
        self.busy = "answering"
        turn.set_waiting("answering…")
        self.status.set_activity("answering…")
        self._ask_worker(turn, generation, list(self.answers))

    @work(thread=True, exit_on_error=False, group="ask")
    def _ask_worker(self, turn: TurnEntry, generation: int, history: list[Answer]) -> None:
        app = self.qa_app
        draft: list[str] = []
        shown = [0.0]

        def on_token(piece: str) -> None:
            # The model's unverified draft, repainted at most every DRAFT_REPAINT_S: a
            # call_from_thread per token would pace the model to the screen.
            draft.append(piece)
            now = time.monotonic()
            if now - shown[0] >= DRAFT_REPAINT_S:
                shown[0] = now
                app.call_from_thread(turn.show_draft, "".join(draft))

        try:
            answer = app.assistant.ask(turn.question, history=history, on_token=on_token)
        except Exception as exc:  # noqa: BLE001 - any failure is shown, the app goes on
            app.call_from_thread(self._ask_failed, turn, exc)
            return
        app.call_from_thread(self._answered, turn, generation, answer)

    async def _answered(self, turn: TurnEntry, generation: int, answer: Answer) -> None:
        self.busy = None
        self.status.set_activity("")
        if generation == self._generation:
            self.answers.append(answer)
            self._save(answer)
            if turn.is_attached:
                await turn.show_answer(answer, self.qa_app.show_timings)
                self.sources.show_answer(answer, self._document_text)
        self._drain()

    async def _ask_failed(self, turn: TurnEntry, exc: Exception) -> None:
        self.busy = None
        self.status.set_activity("")
        message = error_message(exc)
        self.log(f"question failed: {turn.question!r}", exc)
        if turn.is_attached:
            await turn.show_error(message)
        self.app.notify(message, title="Question failed", severity="error")
        if not self.prompt.value:
            self.prompt.value = turn.question
            self.prompt.cursor_position = len(turn.question)
        self._drain()

    def _document_text(self, doc: str) -> str:
        assistant = self.qa_app.assistant
        return assistant.document_text(doc) if assistant is not None else ""

    def _save(self, answer: Answer) -> None:
        store = self.qa_app.store
        try:
            if self.conversation_id is None:
                self.conversation_title = answer.question
                self.conversation_id = store.create(answer.question)
            store.add_turn(self.conversation_id, answer.question, answer.to_dict())
        except Exception as exc:  # noqa: BLE001 - saving must not lose the answer on screen
            self.app.notify(f"could not save the conversation: {exc}", severity="warning")

    @on(AnswerEntry.Selected)
    def _answer_selected(self, event: AnswerEntry.Selected) -> None:
        self.sources.display = True
        self.sources.show_answer(event.answer, self._document_text, event.citation)

"""The Textual app: owns the settings, the assistant and the conversation store.

Nothing heavy is imported at module level, so the first frame paints at once;
the model and index load in a worker thread started by the chat screen.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from tui.commands import QACommands
from tui.store import ConversationStore

if TYPE_CHECKING:
    from qa import Assistant
    from qa.config import Settings

ProgressCallback = Callable[[str, int, int], None]


class QAApp(App[None]):
    """Chat with the news articles: questions, cited answers, sources, history."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "qa"
    SUB_TITLE = "questions over news articles"
    COMMANDS = App.COMMANDS | {QACommands}
    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Show every key and slash command"),
        Binding("ctrl+t", "toggle_theme", "Theme", tooltip="Switch between dark and light themes"),
    ]

    def __init__(
        self,
        settings: Settings | None = None,
        assistant: Assistant | None = None,
        store: ConversationStore | None = None,
        show_timings: bool = False,
    ) -> None:
        """`settings` say where the corpus and index are (default: `load_settings()`,
        read in the loading worker); an already open `assistant` skips loading (tests);
        `show_timings` puts each answer's milliseconds on its border."""
        super().__init__()
        self._settings = settings
        self.assistant = assistant
        self._owns_assistant = assistant is None
        self.store = store or ConversationStore()
        self.show_timings = show_timings
        self.ready = False
        if settings is not None:
            self.sub_title = f"corpus: {_folder_name(settings.corpus)}"

    @property
    def settings(self) -> Settings:
        """The settings in force (loaded on first use when none were given)."""
        if self._settings is None:
            from qa.config import load_settings

            self._settings = load_settings()
        return self._settings

    def get_default_screen(self) -> Screen:
        """The chat screen is the base screen."""
        from tui.screens.chat import ChatScreen

        return ChatScreen()

    def open_assistant(self, progress: ProgressCallback | None = None) -> Assistant:
        """Open the assistant for `settings` (slow: call from a worker thread)."""
        from qa import Assistant
        from qa.config import Settings

        settings = self.settings
        defaults = asdict(Settings())
        overrides: dict[str, Any] = {
            k: v for k, v in asdict(settings).items() if k not in ("corpus", "index") and v != defaults[k]
        }
        return Assistant.open(corpus=settings.corpus, index=settings.index, progress=progress, **overrides)

    def action_help(self) -> None:
        """Open the help screen (or close it if it is open)."""
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        """Switch between the dark and light themes."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def on_unmount(self) -> None:
        """Close an assistant this app opened itself, if it can be closed."""
        close = getattr(self.assistant, "close", None) if self._owns_assistant else None
        if callable(close):
            with suppress(Exception):  # closing at exit must not crash the exit
                close()


def _folder_name(path: str) -> str:
    return PurePath(path).name or str(path)


def run(settings: Settings | None = None, **kwargs: Any) -> None:
    """Build the chat app for `settings` (default: `load_settings()`) and run it; `qa chat` calls this."""
    kwargs.setdefault("show_timings", True)
    _exit_when_terminal_is_gone()
    QAApp(settings, **kwargs).run()


HANGUP_CHECK_S = 1.0


def _exit_when_terminal_is_gone() -> None:
    """End the process when its terminal closes under it.

    When the terminal window (or tmux pane) is closed while `make` is the session leader,
    the app gets no SIGHUP; Textual's input thread then spins on the dead tty and its
    writer blocks the event loop, so no timer of the app could notice. A daemon thread
    checks the tty itself. Conversations are saved at each answer and an interrupted ingest
    recovers on the next run, so exiting here loses nothing.
    """
    import os
    import sys
    import threading
    import time

    stream = sys.__stdin__
    if stream is None or not stream.isatty():
        return
    fd = stream.fileno()

    def watch() -> None:
        while True:
            time.sleep(HANGUP_CHECK_S)
            try:
                gone = os.fstat(fd).st_nlink == 0  # a closed pseudo-terminal is unlinked from /dev/pts
            except OSError:
                gone = True
            if gone:
                os._exit(129)  # 128 + SIGHUP, as a hung-up process reports

    threading.Thread(target=watch, name="qa-hangup-watch", daemon=True).start()

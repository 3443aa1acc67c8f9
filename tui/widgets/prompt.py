"""The question input, with up/down history and slash-command completion."""

from __future__ import annotations

from textual.binding import Binding
from textual.suggester import SuggestFromList
from textual.widgets import Input


class PromptInput(Input):
    """An `Input` that recalls earlier questions with up/down."""

    BINDINGS = [
        Binding("up", "history_previous", "Previous question", show=False),
        Binding("down", "history_next", "Next question", show=False),
    ]

    def __init__(self, history: list[str] | None = None, commands: list[str] | None = None, **kwargs) -> None:
        """`history`: earlier questions, oldest first; `commands`: slash commands to suggest."""
        suggester = SuggestFromList(commands, case_sensitive=False) if commands else None
        super().__init__(suggester=suggester, **kwargs)
        self.history: list[str] = list(history or [])
        self._position: int | None = None
        self._draft = ""

    def remember(self, text: str) -> None:
        """Add a submitted line to the history (consecutive repeats are kept once)."""
        text = text.strip()
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self._position = None
        self._draft = ""

    def _show(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)

    def action_history_previous(self) -> None:
        """Show the previous (older) entry of the history."""
        if not self.history:
            return
        if self._position is None:
            self._draft = self.value
            self._position = len(self.history)
        if self._position > 0:
            self._position -= 1
            self._show(self.history[self._position])

    def action_history_next(self) -> None:
        """Show the next (newer) entry, then what was being typed before."""
        if self._position is None:
            return
        self._position += 1
        if self._position >= len(self.history):
            self._position = None
            self._show(self._draft)
        else:
            self._show(self.history[self._position])

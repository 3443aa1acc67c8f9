"""The status line: index state, current activity and a progress bar."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class StatusLine(Horizontal):
    """One line under the chat: `index: …`, what is running, and progress when known."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        background: $surface;
        color: $text-muted;
    }
    StatusLine #status-text { width: auto; }
    StatusLine #status-activity { width: 1fr; padding-left: 2; color: $text-accent; }
    StatusLine ProgressBar { width: auto; display: none; }
    StatusLine.-progress ProgressBar { display: block; }
    """

    def compose(self) -> ComposeResult:
        """Status text, activity text and a hidden progress bar."""
        yield Label("", id="status-text", markup=False)
        yield Label("", id="status-activity", markup=False)
        yield ProgressBar(total=None, show_eta=False, id="status-progress")

    @property
    def text(self) -> str:
        """The current status text."""
        return str(self.query_one("#status-text", Label).content)

    def set_text(self, text: str) -> None:
        """Replace the status text (e.g. `index: 2 articles, 34 passages`)."""
        self.query_one("#status-text", Label).update(text)

    def set_activity(self, text: str) -> None:
        """Say what is running now (empty to clear)."""
        self.query_one("#status-activity", Label).update(text)

    def set_progress(self, stage: str, done: int, total: int) -> None:
        """Show the progress bar at `done` of `total` (total <= 0 means unknown)."""
        self.add_class("-progress")
        self.set_activity(f"{stage}…")
        self.query_one(ProgressBar).update(total=total if total > 0 else None, progress=done)

    def hide_progress(self) -> None:
        """Hide the progress bar and clear the activity."""
        self.remove_class("-progress")
        self.set_activity("")

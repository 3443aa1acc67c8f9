"""The past-conversations screen: pick one to reopen it."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.store import ConversationStore, ConversationSummary


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


class HistoryScreen(ModalScreen[int | None]):
    """Lists saved conversations, newest first; enter reopens, `d` deletes, escape closes."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("d,delete", "delete", "Delete"),
    ]

    def __init__(self, store: ConversationStore) -> None:
        """List the conversations in `store`."""
        super().__init__()
        self.store = store
        self.summaries: list[ConversationSummary] = []

    def compose(self) -> ComposeResult:
        """A framed option list."""
        with Vertical(id="history-dialog") as dialog:
            dialog.border_title = "Past conversations"
            dialog.border_subtitle = "enter: open · d: delete · escape: close"
            yield OptionList(id="history-list")
            yield Static(Text("No saved conversations yet."), id="history-empty")

    def on_mount(self) -> None:
        """Fill the list from the store."""
        self._fill()

    def _fill(self) -> None:
        self.summaries = self.store.conversations()
        options = self.query_one(OptionList)
        options.clear_options()
        for s in self.summaries:
            plural = "" if s.turns == 1 else "s"
            prompt = Text.assemble((s.title, "bold"), "\n", (f"{s.turns} question{plural} · {_when(s.updated)}", "dim"))
            options.add_option(Option(prompt, id=str(s.id)))
        self.query_one("#history-empty").display = not self.summaries
        options.display = bool(self.summaries)
        if self.summaries:
            options.highlighted = 0
            options.focus()

    @on(OptionList.OptionSelected, "#history-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_delete(self) -> None:
        """Delete the highlighted conversation."""
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.summaries:
            return
        self.store.delete(self.summaries[options.highlighted].id)
        self._fill()

    def action_close(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)

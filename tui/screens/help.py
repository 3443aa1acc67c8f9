"""The help screen: every key binding and slash command."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.commands import SLASH_COMMANDS


def _key_label(key: str) -> str:
    parts = key.split("+")
    if len(parts) == 1:
        return key if len(key) == 1 else key.capitalize()
    return "+".join(part.upper() if len(part) == 1 else part.capitalize() for part in parts)


def binding_rows(where: str, bindings: Iterable[BindingType]) -> list[tuple[str, str, str]]:
    """(keys, what it does, where it works) for each described binding; 1…9 kept as one row."""
    rows: list[tuple[str, str, str]] = []
    digits = False
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        keys = binding.key.split(",")
        if keys[0].isdigit() and len(keys[0]) == 1:
            if not digits:
                rows.append(("1…9", "Show that numbered source", where))
                digits = True
            continue
        if binding.description:
            action = binding.tooltip or binding.description
            rows.append((" / ".join(_key_label(k) for k in keys), action, where))
    return rows


def help_tables() -> tuple[Table, Table]:
    """Two tables: every key binding, and every slash command."""
    from tui.app import QAApp
    from tui.screens.chat import ChatScreen
    from tui.widgets import PromptInput, SourcesPanel

    rows = [
        ("Ctrl+Q", "Quit", "anywhere"),
        ("Ctrl+P", "Command palette (every action below)", "anywhere"),
        *binding_rows("anywhere", QAApp.BINDINGS),
        *binding_rows("chat", ChatScreen.BINDINGS),
        *binding_rows("input", PromptInput.BINDINGS),
        *binding_rows("sources panel", SourcesPanel.BINDINGS),
        ("Tab / Shift+Tab", "Move between input, answers and sources", "anywhere"),
    ]
    keys = Table("Key", "Action", "Where", box=box.SIMPLE_HEAD, expand=True, title="Keys", title_style="bold")
    for row in rows:
        keys.add_row(*(Text(cell) for cell in row))
    slash = Table("Command", "Action", box=box.SIMPLE_HEAD, expand=True, title="Slash commands", title_style="bold")
    for command in SLASH_COMMANDS:
        slash.add_row(Text(command.usage), Text(command.help))
    return keys, slash


CITATIONS_HELP = (
    "Answers cite sentences of the articles as [1], [2]… Click a marker or an answer "
    "to list its sources; pick one to read its passage with the quoted sentence "
    "highlighted. Conversations are saved and can be reopened with /history."
)


class HelpScreen(ModalScreen[None]):
    """A modal listing every binding and slash command; any of escape, q or F1 closes it."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("f1", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        """A framed, scrollable pair of tables and a note on citations."""
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Help"
            dialog.border_subtitle = "escape to close"
            keys, slash = help_tables()
            yield Static(keys, id="help-keys")
            yield Static(slash, id="help-commands")
            yield Static(Text(CITATIONS_HELP), id="help-citations")

    def action_close(self) -> None:
        """Close the help screen."""
        self.dismiss(None)

"""Slash commands typed in the input, and the same actions in the command palette."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape


@dataclass(frozen=True)
class SlashCommand:
    """A `/name [args]` command and the chat screen action it runs."""

    name: str
    usage: str
    help: str
    action: str
    palette: str = ""
    """Title in the command palette (empty: not listed there)."""


SLASH_COMMANDS: tuple[SlashCommand, ...] = (
    SlashCommand("help", "/help", "Show every key and command", "help", "Help: keys and commands"),
    SlashCommand(
        "new", "/new", "Start a new conversation (forget follow-up context)", "new_conversation", "New conversation"
    ),
    SlashCommand("clear", "/clear", "Clear the chat log (the conversation goes on)", "clear_log", "Clear the chat log"),
    SlashCommand(
        "sources",
        "/sources",
        "Show and focus the sources panel, or hide it",
        "toggle_sources",
        "Toggle the sources panel",
    ),
    SlashCommand(
        "retrieved",
        "/retrieved",
        "Sources: show retrieved passages that were not cited",
        "toggle_retrieved",
        "Show retrieved passages",
    ),
    SlashCommand(
        "export", "/export [path]", "Write the conversation as a Markdown transcript", "export", "Export the transcript"
    ),
    SlashCommand(
        "reindex", "/reindex [--rebuild]", "Re-read the corpus and update the index", "reindex", "Reindex the corpus"
    ),
    SlashCommand("history", "/history", "Reopen a past conversation", "history", "Past conversations"),
    SlashCommand("copy", "/copy", "Copy the last answer to the clipboard", "copy_answer", "Copy the last answer"),
    SlashCommand(
        "theme", "/theme", "Switch between the dark and light themes", "toggle_theme", "Toggle dark/light theme"
    ),
    SlashCommand("quit", "/quit", "Quit", "quit"),
)

COMMANDS_BY_NAME = {c.name: c for c in SLASH_COMMANDS}


def parse_slash(line: str) -> tuple[SlashCommand | None, str, str] | None:
    """Split `/name args` into (command or None if unknown, name, args); None if not a command."""
    line = line.strip()
    if not line.startswith("/") or line.startswith("//"):
        return None
    name, _, args = line[1:].partition(" ")
    name = name.lower()
    return COMMANDS_BY_NAME.get(name), name, args.strip()


class QACommands(Provider):
    """Command-palette entries for the chat actions (same as the slash commands)."""

    def _entries(self) -> list[tuple[str, str, object]]:
        screen = self._chat_screen()
        out = []
        for command in SLASH_COMMANDS:
            if command.palette and screen is not None:
                out.append(
                    (
                        command.palette,
                        escape(f"{command.usage} — {command.help}"),
                        partial(screen.run_slash, command, ""),
                    )
                )
        if screen is not None:
            out.append(
                (
                    "Rebuild the index",
                    escape("/reindex --rebuild — re-embed everything"),
                    partial(screen.run_slash, COMMANDS_BY_NAME["reindex"], "--rebuild"),
                )
            )
        return out

    def _chat_screen(self):
        from tui.screens.chat import ChatScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, ChatScreen):
                return screen
        return None

    async def discover(self) -> Hits:
        """Every chat action, for an empty palette."""
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Chat actions matching `query`."""
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)

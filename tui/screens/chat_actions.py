"""The chat screen's commands: slash commands, palette entries and key actions."""

from __future__ import annotations

from textual.widgets import OptionList

from tui.commands import SlashCommand
from tui.export import write_transcript
from tui.render import location


class ChatActions:
    """Mixin of `ChatScreen` (whose state and widgets it uses): what `/commands`, the
    command palette and the key bindings run."""

    async def run_slash(self, command: SlashCommand, args: str = "") -> None:
        """Run a slash command (also what the command palette entries call)."""
        if command.name == "export":
            await self.export(args or None)
        elif command.name == "reindex":
            await self.reindex(rebuild="--rebuild" in args.split())
        else:
            await self.run_action(command.action)

    async def export(self, path: str | None) -> None:
        """Write the current conversation's transcript (default: a timestamped file here)."""
        if not self.answers:
            self.app.notify("Nothing to export yet.", severity="warning")
            return
        try:
            target = write_transcript(self.answers, path, self.conversation_title)
        except OSError as exc:
            await self.log_view.add_error(f"export failed: {exc}")
            self.app.notify(str(exc), title="Export failed", severity="error")
            return
        await self.log_view.add_notice(f"exported {len(self.answers)} answer(s) to {target}")
        self.app.notify(str(target), title="Transcript written")

    async def reindex(self, rebuild: bool = False) -> None:
        """Re-read the corpus in a worker (or retry loading if the index never loaded)."""
        app = self.qa_app
        if app.assistant is None or not app.ready:
            if not self._loading:
                self._start_loading()
            return
        if self.busy:
            self.app.notify(f"Busy ({self.busy}); try again when it is done.", severity="warning")
            return
        self.busy = "reindexing"
        self.status.set_progress("reindexing", 0, 0)
        self._reindex_worker(rebuild)

    def action_help(self) -> None:
        """Open the help screen."""
        self.app.action_help()

    def action_quit(self) -> None:
        """Quit the app."""
        self.app.exit()

    def action_toggle_theme(self) -> None:
        """Switch between dark and light themes."""
        self.qa_app.action_toggle_theme()

    async def action_new_conversation(self) -> None:
        """Start a new conversation: an empty log and no follow-up context."""
        self._generation += 1
        self._pending.clear()
        self.answers, self.conversation_id, self.conversation_title = [], None, "Conversation"
        await self.log_view.clear()
        self.sources.clear()
        await self.log_view.add_notice("New conversation.")
        self.prompt.focus()

    async def action_clear_log(self) -> None:
        """Clear the log; the conversation (and follow-up context) goes on."""
        keep = {turn for turn, _ in self._pending}
        await self.log_view.remove_children([c for c in self.log_view.children if c not in keep])

    def action_toggle_sources(self) -> None:
        """Show and focus the sources panel; hide it if it already has focus."""
        sources = self.sources
        if not sources.display:
            sources.display = True
            sources.query_one(OptionList).focus()
        elif sources.has_focus_within:
            sources.display = False
            self.prompt.focus()
        else:
            sources.query_one(OptionList).focus()

    def action_toggle_retrieved(self) -> None:
        """Switch the sources panel between cited and retrieved-but-uncited passages."""
        self.sources.display = True
        self.sources.action_toggle_retrieved()

    def action_copy_answer(self) -> None:
        """Copy the last answer, with its numbered sources, to the clipboard."""
        if not self.answers:
            self.app.notify("No answer to copy yet.", severity="warning")
            return
        answer = self.answers[-1]
        lines = [answer.text.strip()]
        if answer.citations:
            lines += ["", *[f"[{c.n}] {c.title} ({location(c)}): {c.quote}" for c in answer.citations]]
        self.app.copy_to_clipboard("\n".join(lines))
        self.app.notify("Copied the last answer.")

    def action_focus_input(self) -> None:
        """Put the focus back on the input."""
        self.prompt.focus()

    def action_history(self) -> None:
        """Pick a past conversation to reopen."""
        from tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.qa_app.store), self._reopen)

    async def _reopen(self, conversation_id: int | None) -> None:
        if conversation_id is not None:
            await self.open_conversation(conversation_id)

    async def open_conversation(self, conversation_id: int) -> None:
        """Load a saved conversation: its answers become the follow-up context again."""
        from tui.render import answer_from_dict

        store = self.qa_app.store
        try:
            turns = store.turns(conversation_id)
            title = next((s.title for s in store.conversations() if s.id == conversation_id), "Conversation")
            answers = [answer_from_dict(t.answer) for t in turns]
        except Exception as exc:  # noqa: BLE001
            self.app.notify(f"could not open the conversation: {exc}", severity="error")
            return
        await self.action_new_conversation()
        await self.log_view.clear()
        for turn, answer in zip(turns, answers, strict=True):
            entry = await self.log_view.add_turn(turn.question)
            await entry.show_answer(answer, self.qa_app.show_timings)
        self.answers, self.conversation_id, self.conversation_title = answers, conversation_id, title
        if answers:
            self.sources.show_answer(answers[-1], self._document_text)
        await self.log_view.add_notice(f"Reopened: {title} ({len(answers)} answer(s)).")

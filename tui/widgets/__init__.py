"""Widgets of the chat screen: the log, the sources panel, the prompt, the status line."""

from tui.widgets.chat_log import AnswerEntry, ChatLog, ErrorEntry, NoticeEntry, TurnEntry
from tui.widgets.prompt import PromptInput
from tui.widgets.sources import SourcesPanel
from tui.widgets.status import StatusLine

__all__ = [
    "AnswerEntry",
    "ChatLog",
    "ErrorEntry",
    "NoticeEntry",
    "PromptInput",
    "SourcesPanel",
    "StatusLine",
    "TurnEntry",
]

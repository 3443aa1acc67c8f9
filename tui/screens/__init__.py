"""Screens: the chat screen, the help screen and the past-conversations screen."""

from tui.screens.chat import ChatScreen
from tui.screens.help import HelpScreen
from tui.screens.history import HistoryScreen

__all__ = ["ChatScreen", "HelpScreen", "HistoryScreen"]

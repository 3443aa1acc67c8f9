"""Textual terminal UI for the news question-answering assistant.

`qa chat` calls `tui.app.run(settings)`. Nothing heavy is imported here: the
embedding model and index load in a worker thread after the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.config import Settings


def run(settings: Settings | None = None, **kwargs: Any) -> None:
    """Build the chat app for `settings` and run it until the user quits."""
    from tui.app import run as _run

    _run(settings, **kwargs)


__all__ = ["run"]

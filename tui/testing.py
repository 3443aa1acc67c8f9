"""Helpers for tests and snapshot apps: build the app over a given index, drive it with a Pilot.

app = make_app(corpus, index, assistant=shared_assistant)
async with app.run_test(size=(120, 40)) as pilot:
    await wait_ready(pilot)
    await ask(pilot, "What did China commit to?")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.app import QAApp

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from tui.screens.chat import ChatScreen


def make_app(corpus: str | Path, index: str | Path, assistant: Any = None, **kwargs: Any) -> QAApp:
    """The chat app over `corpus`/`index`; pass an open `assistant` to skip loading.

    Timings stay hidden so that screenshots are stable.
    """
    from qa.config import Settings

    kwargs.setdefault("show_timings", False)
    return QAApp(Settings(corpus=str(corpus), index=str(index)), assistant=assistant, **kwargs)


def chat_screen(pilot: Pilot) -> ChatScreen:
    """The app's chat screen (the bottom of the screen stack)."""
    from tui.screens.chat import ChatScreen

    screen = pilot.app.screen_stack[0]
    assert isinstance(screen, ChatScreen)
    return screen


async def wait_ready(pilot: Pilot, timeout: float = 120.0) -> None:
    """Wait until the index is loaded (or loading failed)."""
    app = pilot.app
    waited = 0.0
    while not app.ready and waited < timeout:  # type: ignore[attr-defined]
        await pilot.pause(0.05)
        waited += 0.05
        if not chat_screen(pilot)._loading and not app.ready:  # type: ignore[attr-defined]
            break
    await pilot.pause()


async def settle(pilot: Pilot, timeout: float = 60.0) -> None:
    """Wait until no question is queued or being answered and no worker runs."""
    screen = chat_screen(pilot)
    waited = 0.0
    while waited < timeout:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not screen.busy and not screen._pending and not screen._loading:
            break
        await pilot.pause(0.05)
        waited += 0.05
    await pilot.pause()


async def submit(pilot: Pilot, line: str) -> None:
    """Type `line` into the input, press enter and wait for what it started."""
    screen = chat_screen(pilot)
    screen.prompt.focus()
    screen.prompt.value = ""
    await pilot.press(*line, "enter")
    await settle(pilot)


async def ask(pilot: Pilot, question: str) -> None:
    """Ask a question the way a user does and wait for its answer."""
    await submit(pilot, question)

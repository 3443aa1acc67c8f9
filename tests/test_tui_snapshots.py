"""Snapshot tests of the terminal UI (pytest-textual-snapshot), over the session's real index.

Update after a deliberate change of the look with `pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.testing import ask, chat_screen, make_app, wait_ready

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each snapshot starts with no saved conversations."""
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path / "qa-data"))


@pytest.fixture
def app(seed_corpus: Path, seed_index: Path, assistant):  # noqa: ANN001, ANN201
    """The app over the session's index; timings hidden so that pictures are stable."""
    return make_app(seed_corpus, seed_index, assistant=assistant)


async def _answered(pilot) -> None:  # noqa: ANN001
    await wait_ready(pilot)
    chat_screen(pilot).prompt.cursor_blink = False
    await ask(pilot, "What did China commit to?")


def test_main_screen_with_an_answer(app, snap_compare) -> None:  # noqa: ANN001
    """The log shows the question and the cited answer; the sources panel lists the citations."""
    assert snap_compare(app, terminal_size=SIZE, run_before=_answered)


def test_source_preview(app, snap_compare) -> None:  # noqa: ANN001
    """Citation 3 chosen with its number key: the passage shows with the quote highlighted."""

    async def run_before(pilot) -> None:  # noqa: ANN001
        await _answered(pilot)
        await pilot.press("f2", "3")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_abstention_and_follow_up(app, snap_compare) -> None:  # noqa: ANN001
    """A rewritten follow-up and an abstention, styled apart."""

    async def run_before(pilot) -> None:  # noqa: ANN001
        await wait_ready(pilot)
        chat_screen(pilot).prompt.cursor_blink = False
        await ask(pilot, "Who is Pete Hegseth?")
        await ask(pilot, "Where did he meet his counterpart?")
        await ask(pilot, "What did Hegseth say about North Korea?")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(app, snap_compare) -> None:  # noqa: ANN001
    """The help screen lists every key and slash command."""

    async def run_before(pilot) -> None:  # noqa: ANN001
        await wait_ready(pilot)
        chat_screen(pilot).prompt.cursor_blink = False

    assert snap_compare(app, press=["f1"], terminal_size=SIZE, run_before=run_before)

"""Conversations saved across runs, in SQLite under the user's data directory."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR_ENV = "QA_DATA_DIR"
"""Environment variable that overrides where conversations are stored."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_by_conversation ON turns(conversation_id, id);
"""


def data_dir() -> Path:
    """Folder for the UI's data: `$QA_DATA_DIR`, else the platform's user data dir."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    try:
        from platformdirs import user_data_dir
    except ImportError:
        return Path.home() / ".local" / "share" / "qa"
    return Path(user_data_dir("qa", appauthor=False))


@dataclass(frozen=True)
class ConversationSummary:
    """One saved conversation as listed in the history screen."""

    id: int
    title: str
    created: float
    updated: float
    turns: int


@dataclass(frozen=True)
class SavedTurn:
    """A question and the answer it got (`Answer.to_dict()` data)."""

    question: str
    answer: dict[str, Any]


class ConversationStore:
    """Saves questions and answers; every call opens its own short connection."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "conversations.sqlite3"

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=5)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.executescript(_SCHEMA)
        return conn

    def create(self, title: str) -> int:
        """Start a conversation and return its id."""
        now = time.time()
        with closing(self._connect()) as conn, conn:
            cur = conn.execute(
                "INSERT INTO conversations(title, created, updated) VALUES (?, ?, ?)",
                (title.strip()[:80] or "untitled", now, now),
            )
            return int(cur.lastrowid or 0)

    def add_turn(self, conversation_id: int, question: str, answer: dict[str, Any]) -> None:
        """Append a question and its answer to a conversation."""
        now = time.time()
        with closing(self._connect()) as conn, conn:
            conn.execute(
                "INSERT INTO turns(conversation_id, question, answer_json, created) VALUES (?, ?, ?, ?)",
                (conversation_id, question, json.dumps(answer, ensure_ascii=False), now),
            )
            conn.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id))

    def conversations(self, limit: int = 200) -> list[ConversationSummary]:
        """Saved conversations, most recently updated first."""
        with closing(self._connect()) as conn:
            rows = conn.execute(
                "SELECT c.id, c.title, c.created, c.updated, COUNT(t.id) FROM conversations c "
                "LEFT JOIN turns t ON t.conversation_id = c.id GROUP BY c.id "
                "ORDER BY c.updated DESC, c.id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [ConversationSummary(*row) for row in rows]

    def turns(self, conversation_id: int) -> list[SavedTurn]:
        """The turns of one conversation, oldest first."""
        with closing(self._connect()) as conn:
            rows = conn.execute(
                "SELECT question, answer_json FROM turns WHERE conversation_id = ? ORDER BY id",
                (conversation_id,),
            ).fetchall()
        return [SavedTurn(q, json.loads(a)) for q, a in rows]

    def questions(self, limit: int = 100) -> list[str]:
        """Recently asked questions, oldest first (seeds the input history)."""
        with closing(self._connect()) as conn:
            rows = conn.execute("SELECT question FROM turns ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [q for (q,) in reversed(rows)]

    def delete(self, conversation_id: int) -> None:
        """Forget a conversation and its turns."""
        with closing(self._connect()) as conn, conn:
            conn.execute("DELETE FROM turns WHERE conversation_id = ?", (conversation_id,))
            conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

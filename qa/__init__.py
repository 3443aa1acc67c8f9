"""Local question answering over news articles, with checkable citations.

    from qa import Assistant
    assistant = Assistant.open(corpus="seeds", index=".qa-index")
    answer = assistant.ask("What did China commit to?")
"""

from typing import TYPE_CHECKING, Any

from qa.config import Settings, load_settings
from qa.errors import (
    ConfigError,
    CorpusError,
    IndexCorruptError,
    IndexLockedError,
    IndexMissingError,
    QAError,
    QuestionError,
    StoreUnavailableError,
)
from qa.types import ABSTAIN_TEXT, Answer, Citation, Passage

if TYPE_CHECKING:
    from qa.assistant import Assistant, Conversation, IndexStats


def __getattr__(name: str) -> Any:
    # The assistant pulls in the index and numpy; load it on first use so that
    # `import qa` (and `qa --help`) stay instant and `index` can import `qa.errors`.
    if name in {"Assistant", "Conversation", "IndexStats"}:
        from qa import assistant

        return getattr(assistant, name)
    raise AttributeError(f"module 'qa' has no attribute {name!r}")


__all__ = [
    "ABSTAIN_TEXT",
    "Answer",
    "Assistant",
    "Citation",
    "ConfigError",
    "Conversation",
    "CorpusError",
    "IndexCorruptError",
    "IndexLockedError",
    "IndexMissingError",
    "IndexStats",
    "Passage",
    "QAError",
    "QuestionError",
    "Settings",
    "StoreUnavailableError",
    "load_settings",
]

"""Typed records the library returns: answers, citations, retrieved passages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The sentence an abstaining answer starts with; tests and the UI match on it.
ABSTAIN_TEXT = "The articles don't say."


@dataclass(frozen=True)
class Citation:
    """One cited span: `quote == document_text[start:end]`."""

    n: int
    doc: str
    title: str
    start: int
    end: int
    quote: str
    date: str | None = None
    also_in: list[str] = field(default_factory=list)
    """Other documents (syndicated copies) that carry the same text."""


@dataclass(frozen=True)
class Passage:
    """A retrieved passage with its fused retrieval score. An answer lists its passages cited
    ones first, then by how well their best sentence answers (`score` keeps retrieval's own)."""

    id: str
    doc: str
    title: str
    start: int
    end: int
    text: str
    score: float
    date: str | None = None


@dataclass
class Answer:
    """What `Assistant.ask` returns."""

    question: str
    text: str
    citations: list[Citation]
    abstained: bool
    reason: str = ""
    rewritten_question: str = ""
    passages: list[Passage] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    removed_sentences: list[str] = field(default_factory=list)
    """Sentences of a model's answer removed because the sentences they cite do not support them."""
    answerer: str = "extractive"
    """What wrote the text: `extractive`, or the `llm` setting (e.g. `openai:MODEL`) when a
    verified model answer replaced the extractive one."""

    def to_dict(self) -> dict[str, Any]:
        """The answer as JSON-ready data with the same field names."""
        return asdict(self)

    def cited_passages(self) -> list[Passage]:
        """Retrieved passages that contain at least one citation, in citation order."""
        out: list[Passage] = []
        for c in self.citations:
            for p in self.passages:
                if p.doc == c.doc and p.start <= c.start and c.end <= p.end and p not in out:
                    out.append(p)
        return out

"""Turning answers, citations and passages into what the UI shows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from rich.text import Text

if TYPE_CHECKING:
    from qa.types import Answer, Citation, Passage

CONTEXT_CHARS = 600
"""Characters shown on each side of a quote when no retrieved passage holds it."""

HIGHLIGHT_STYLE = "bold black on #f0c674"
"""Style of the quoted sentence inside a passage preview (readable in both themes)."""

_MARKER = re.compile(r"(?<!\\)\[(\d{1,3})\](?!\()")


def link_markers(markdown: str) -> str:
    """Make `[n]` citation markers clickable links (`cite:n`) in answer Markdown."""
    return _MARKER.sub(lambda m: f"[\\[{m.group(1)}\\]](cite:{m.group(1)})", markdown)


def short_doc(doc: str) -> str:
    """The document's file name as shown to the user (absolute paths are cut to the name)."""
    return PurePath(doc).name if PurePath(doc).is_absolute() else doc


def location(citation: Citation | Passage) -> str:
    """`file · chars start–end` for a citation or passage."""
    return f"{short_doc(citation.doc)} · chars {citation.start}–{citation.end}"


def _pick(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def answer_from_dict(data: dict[str, Any]) -> Answer:
    """Rebuild an `Answer` saved with `Answer.to_dict()` (unknown keys are ignored)."""
    from qa.types import Answer, Citation, Passage

    values = _pick(Answer, data)
    values["citations"] = [Citation(**_pick(Citation, c)) for c in data.get("citations", [])]
    values["passages"] = [Passage(**_pick(Passage, p)) for p in data.get("passages", [])]
    return Answer(**values)


def uncited_passages(answer: Answer) -> list[Passage]:
    """Retrieved passages that hold no citation, in retrieval order."""
    cited = answer.cited_passages()
    return [p for p in answer.passages if p not in cited]


def _span_in(text: str, quote: str, guess: int) -> tuple[int, int] | None:
    if guess >= 0 and text[guess : guess + len(quote)] == quote:
        return guess, guess + len(quote)
    found = text.find(quote)
    return (found, found + len(quote)) if found >= 0 else None


def citation_region(
    citation: Citation,
    passages: list[Passage],
    document_text: Callable[[str], str] | None = None,
) -> tuple[str, int, int, int]:
    """The text to show around a citation: (text, quote_start, quote_end, text_offset).

    Prefers the retrieved passage that holds the quote, else a window of the
    document, else the quote alone. Offsets in the result are relative to the text;
    `text_offset` is where the text starts in the document.
    """
    for p in passages:
        if p.doc == citation.doc and p.start <= citation.start and citation.end <= p.end:
            span = _span_in(p.text, citation.quote, citation.start - p.start)
            if span:
                return p.text, span[0], span[1], p.start
    if document_text is not None:
        try:
            full = document_text(citation.doc)
        except Exception:  # noqa: BLE001 - preview falls back to the quote alone
            full = ""
        if full[citation.start : citation.end] == citation.quote:
            lo = max(0, citation.start - CONTEXT_CHARS)
            hi = min(len(full), citation.end + CONTEXT_CHARS)
            region = full[lo:hi]
            return region, citation.start - lo, citation.end - lo, lo
    return citation.quote, 0, len(citation.quote), citation.start


def highlighted(text: str, start: int, end: int, style: str = HIGHLIGHT_STYLE) -> Text:
    """Rich text of `text` with `[start:end]` styled as the quoted sentence."""
    out = Text(text)
    if 0 <= start < end <= len(text):
        out.stylize(style, start, end)
    return out


def citation_header(citation: Citation) -> Text:
    """Title, file, character position and date of a citation, one item a line."""
    head = Text()
    head.append(f"[{citation.n}] ", style="bold")
    head.append(citation.title or short_doc(citation.doc), style="bold")
    head.append(f"\nfile: {short_doc(citation.doc)}\nchars: {citation.start}–{citation.end}")
    if citation.date:
        head.append(f"\ndate: {citation.date}")
    if citation.also_in:
        head.append("\nalso in: " + ", ".join(short_doc(d) for d in citation.also_in))
    return head


def passage_header(rank: int, passage: Passage) -> Text:
    """Title, file, character position, date and score of a retrieved passage."""
    head = Text()
    head.append(f"#{rank} ", style="bold")
    head.append(passage.title or short_doc(passage.doc), style="bold")
    head.append(f"\nfile: {short_doc(passage.doc)}\nchars: {passage.start}–{passage.end}")
    if passage.date:
        head.append(f"\ndate: {passage.date}")
    head.append(f"\nscore: {passage.score:.3f} (retrieved, not cited)")
    return head

"""Markdown transcripts of a conversation, for `/export`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from tui.render import short_doc

if TYPE_CHECKING:
    from qa.types import Answer


def transcript(answers: list[Answer], title: str = "Conversation") -> str:
    """Markdown with each question, its answer and its numbered citations."""
    lines = [f"# {title}", ""]
    for i, answer in enumerate(answers, 1):
        lines += [f"## {i}. {answer.question}", ""]
        if answer.rewritten_question and answer.rewritten_question != answer.question:
            lines += [f"*→ rewritten: {answer.rewritten_question}*", ""]
        if answer.abstained:
            lines += ["**Abstained**" + (f" ({answer.reason})" if answer.reason else ""), ""]
        lines += [answer.text.strip(), ""]
        if answer.citations:
            lines += ["**Sources**", ""]
            for c in answer.citations:
                date = f", {c.date}" if c.date else ""
                lines.append(f"{c.n}. **{c.title}** — `{short_doc(c.doc)}`, chars {c.start}–{c.end}{date}")
                quote = " ".join(c.quote.split())
                lines += [f"   > {quote}", ""]
    return "\n".join(lines).rstrip() + "\n"


def default_export_path() -> Path:
    """`qa-transcript-YYYYmmdd-HHMMSS.md` in the current directory."""
    return Path.cwd() / time.strftime("qa-transcript-%Y%m%d-%H%M%S.md")


def write_transcript(answers: list[Answer], path: str | Path | None, title: str = "Conversation") -> Path:
    """Write the transcript to `path` (default: a timestamped file here); return the path."""
    target = Path(path).expanduser() if path else default_export_path()
    if target.is_dir():
        target = target / default_export_path().name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(transcript(answers, title), encoding="utf-8")
    return target

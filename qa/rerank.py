"""Optional rerank stage: a cross-encoder scores (question, passage) pairs.

No cross-encoder ships inside a PyPI package, so this stage is off by default; set
`reranker` to a local model folder (or a name already in the Hugging Face cache) to use it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qa.errors import ConfigError
from qa.retrieve import Hit


class Reranker:
    """Reorders fused hits by a sentence-transformers CrossEncoder."""

    def __init__(self, name: str) -> None:
        try:
            from sentence_transformers import CrossEncoder

            self.model: Any = CrossEncoder(name, device="cpu", local_files_only=True)
        except Exception as exc:  # missing folder, not a cross-encoder, not in cache offline
            where = "folder" if Path(name).exists() else "name (not found locally; no download happens offline)"
            raise ConfigError(f"reranker {name!r} cannot be loaded as a cross-encoder {where}: {exc}. "
                              "Set reranker to a local cross-encoder folder, or leave it empty.") from exc

    def rerank(self, question: str, hits: list[Hit], k: int) -> list[Hit]:
        """The best k hits by cross-encoder score (fusion score kept for ties)."""
        if not hits:
            return hits
        scores = self.model.predict([(question, f"{h.row.title}\n{h.row.text}") for h in hits],
                                    show_progress_bar=False)
        order = sorted(range(len(hits)), key=lambda i: (-float(scores[i]), -hits[i].score))
        return [hits[i] for i in order[:k]]

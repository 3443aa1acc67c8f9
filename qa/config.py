"""Settings in one place: defaults, then `qa.toml` or `[tool.qa]`, then `QA_*` env vars."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from qa.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    """Every knob of the assistant. Each field may be set in `qa.toml` (or
    `[tool.qa]` in `pyproject.toml`) and overridden by `QA_<FIELD>` in the environment."""

    corpus: str = "seeds"
    """Folder of articles (txt, md, html) or a JSONL/CSV dump."""
    index: str = ".qa-index"
    """Index directory: SQLite manifest, Chroma store, BM25 index, query encoder."""
    chroma_url: str = ""
    """Chroma server URL (`http://host:port`); empty means embedded Chroma in `index`."""
    collection: str = "passages"
    """Chroma collection name."""
    embed_model: str = ""
    """sentence-transformers model name or path; empty means the packaged all-MiniLM-L6-v2."""
    embed_batch_size: int = 64
    """Passages per embedding batch at ingest."""
    passage_tokens: int = 200
    """Target passage size in wordpieces (MiniLM truncates at 256)."""
    query_encoder: str = "onnx"
    """`onnx` (fast, no torch at query time) or `torch` (sentence-transformers)."""
    top_k: int = 8
    """Passages handed to the answerer after fusion."""
    candidates: int = 30
    """Candidates taken from each retriever before fusion."""
    mode: str = "hybrid"
    """Retrieval mode: `hybrid`, `dense` or `bm25`."""
    rrf_k: int = 60
    """Reciprocal-rank-fusion constant."""
    dense_weight: float = 1.0
    """Weight of the dense ranking in fusion."""
    bm25_weight: float = 1.0
    """Weight of the BM25 ranking in fusion."""
    reranker: str = ""
    """Cross-encoder name or path for an optional rerank stage; empty skips it."""
    rewrite: bool = True
    """Rewrite follow-up questions into stand-alone ones from the history."""
    max_question_chars: int = 2000
    """Longer questions are cut to this many characters, with a notice."""
    abstain_threshold: float = 0.30
    """Best sentence support below this abstains (chosen on eval/gold.jsonl)."""
    max_answer_sentences: int = 4
    """Upper bound on sentences in an answer (list items excluded)."""
    llm: str = ""
    """Optional generative answerer: `ollama:MODEL`, `openai:MODEL`, `gguf:PATH`."""
    llm_url: str = ""
    """Base URL of an OpenAI-compatible or Ollama server."""
    llm_timeout: float = 20.0
    """Seconds the model may take for a whole answer before the extractive one is used."""

    def with_overrides(self, **kwargs: Any) -> Settings:
        """A copy with the given fields replaced (None values are ignored)."""
        known = {f.name for f in fields(self)}
        bad = set(kwargs) - known
        if bad:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(bad))}")
        return replace(self, **{k: v for k, v in kwargs.items() if v is not None})


def _coerce(name: str, value: Any, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            return str(value).strip().lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot read {value!r} as {type(default).__name__}") from exc


def _file_settings(cwd: Path) -> dict[str, Any]:
    qa_toml = cwd / "qa.toml"
    try:
        if qa_toml.is_file():
            return tomllib.loads(qa_toml.read_text("utf-8"))
        pyproject = cwd / "pyproject.toml"
        if pyproject.is_file():
            return tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}).get("qa", {})
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot parse settings file in {cwd}: {exc}") from exc
    return {}


def load_settings(cwd: str | Path | None = None, **overrides: Any) -> Settings:
    """Layer defaults, the settings file, `QA_*` environment variables and `overrides`.

    Args:
        cwd: folder holding `qa.toml` or `pyproject.toml` (default: current directory).
        overrides: explicit values (e.g. from the command line); None means unset.
    """
    base = Settings()
    values: dict[str, Any] = {}
    known = {f.name: f for f in fields(base)}
    for key, value in _file_settings(Path(cwd or os.getcwd())).items():
        key = key.replace("-", "_")
        if key not in known:
            raise ConfigError(f"unknown setting {key!r} in settings file")
        values[key] = _coerce(key, value, getattr(base, key))
    for key in known:
        env = os.environ.get(f"QA_{key.upper()}")
        if env is not None:
            values[key] = _coerce(key, env, getattr(base, key))
    values.update({k: v for k, v in overrides.items() if v is not None})
    return base.with_overrides(**values)


__all__ = ["Settings", "load_settings"]

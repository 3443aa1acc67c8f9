"""Benchmark corpora: SciFact abstracts written out as one .txt article per record.

The seeds are two articles: too few to time anything. A throughput sample (the first
records up to ~512 passages) is written to a temp folder per run; the scale corpus
(5,183 abstracts) is written once into the cache and reused, so its file stamps stay
unchanged and its index can be re-ingested "unchanged".
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

SCIFACT = Path(os.environ.get("QA_BENCH_SCIFACT", "/work/shared/bench/scifact/corpus.jsonl"))
"""SciFact's corpus.jsonl (BEIR layout); override with $QA_BENCH_SCIFACT."""


def cache_dir() -> Path:
    """`$QA_BENCH_CACHE`, else `~/.cache/qa-bench`: the reusable 5k corpus and its index."""
    override = os.environ.get("QA_BENCH_CACHE")
    return Path(override).expanduser() if override else Path.home() / ".cache" / "qa-bench"


def scifact_records(path: Path = SCIFACT) -> Iterator[dict]:
    """SciFact records with non-empty text, in file order."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                if str(rec.get("text", "")).strip():
                    yield rec


def _article(rec: dict) -> str:
    title = " ".join(str(rec.get("title") or "").split())
    return f"{title}\n\n{rec['text'].strip()}\n" if title else f"{rec['text'].strip()}\n"


def _name(rec: dict) -> str:
    return f"{str(rec['_id']).replace('/', '_')}.txt"


def write_sample(dest: Path, passages: int, max_chars: int, path: Path = SCIFACT) -> tuple[int, int]:
    """Write the first records as .txt files until they make >= `passages` passages.

    Returns (documents, passages) as the ingest will chunk them.
    """
    from index.chunk import chunk_document
    from index.load import text_document

    dest.mkdir(parents=True, exist_ok=True)
    docs = total = 0
    for rec in scifact_records(path):
        text = _article(rec)
        name = _name(rec)
        (dest / name).write_text(text, encoding="utf-8")
        docs += 1
        total += len(chunk_document(name, text_document(name, text).text, max_chars))
        if total >= passages:
            break
    return docs, total


def scale_corpus(docs: int, path: Path = SCIFACT) -> Path:
    """The cached corpus of the first `docs` SciFact records (written once, then reused as is)."""
    folder = cache_dir() / f"scifact-{docs}" / "corpus"
    done = folder.parent / "corpus.done"
    if done.exists() and done.read_text().strip() == str(docs):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for n, rec in enumerate(scifact_records(path)):
        if n >= docs:
            break
        name = _name(rec)
        wanted.add(name)
        text = _article(rec)
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    for extra in folder.iterdir():
        if extra.name not in wanted:
            extra.unlink()
    done.write_text(str(docs))
    return folder


def scifact_size(path: Path = SCIFACT) -> int:
    """Records with text in the SciFact corpus (0 when it is absent)."""
    return sum(1 for _ in scifact_records(path)) if path.is_file() else 0


def scifact_queries(n: int = 64, path: Path = SCIFACT) -> list[str]:
    """`n` SciFact queries (claims) spread evenly over queries.jsonl beside the corpus; [] if absent."""
    qfile = path.parent / "queries.jsonl"
    if not qfile.is_file():
        return []
    with qfile.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    if len(texts) <= n:
        return texts
    step = len(texts) / n
    return [texts[int(i * step)] for i in range(n)]

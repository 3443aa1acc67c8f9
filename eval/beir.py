"""Retrieval on a BEIR dataset (corpus.jsonl, queries.jsonl, qrels/test.tsv): nDCG@10, recall@100.

The corpus is ingested as a dump, so document ids are `corpus.jsonl#<_id>`; passages are
folded into documents at their best passage before scoring, as BEIR scores documents.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eval import metrics as m

Progress = Callable[[str, int, int], None]

BEIR_MODES: dict[str, str] = {"bm25": "bm25", "dense": "dense", "hybrid": "hybrid"}
"""BEIR configuration name -> retrieval mode."""


@dataclass
class BeirData:
    """A BEIR dataset: the corpus file, the queries and graded relevance judgements."""

    name: str
    corpus: Path
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]
    """query id -> {document id -> relevance}; only judged queries are evaluated."""


def default_index(name: str) -> Path:
    """Where a BEIR dataset's index lives unless told: `<user cache>/qa/beir-<name>`."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("qa")) / f"beir-{name}"


def load_beir(folder: str | Path, split: str = "test") -> BeirData:
    """Read a BEIR folder; raises FileNotFoundError naming the missing part."""
    root = Path(folder)
    corpus, queries_file, qrels_file = root / "corpus.jsonl", root / "queries.jsonl", root / "qrels" / f"{split}.tsv"
    for path in (corpus, queries_file, qrels_file):
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: a BEIR folder holds corpus.jsonl, queries.jsonl "
                                    f"and qrels/{split}.tsv")
    queries: dict[str, str] = {}
    with queries_file.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                queries[str(rec["_id"])] = rec["text"]
    qrels: dict[str, dict[str, int]] = {}
    with qrels_file.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t")
        for row in rows:
            if len(row) < 3 or row[0] == "query-id":
                continue
            qrels.setdefault(row[0], {})[row[1]] = int(float(row[2]))
    qrels = {q: r for q, r in qrels.items() if q in queries}
    return BeirData(root.resolve().name, corpus, queries, qrels)


@dataclass
class BeirConfigResult:
    """Scores of one retrieval mode, averaged over the judged queries."""

    name: str
    ndcg_at_10: float
    recall_at_100: float
    docs_per_query: float
    """Distinct documents among the retrieved passages, on average."""
    ms_per_query: float
    per_query: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass
class BeirResult:
    """What `run_beir` measured."""

    dataset: str
    index: str
    queries: int
    documents: int
    k: int
    configs: dict[str, BeirConfigResult]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return asdict(self)


def doc_id(passage_doc: str) -> str:
    """The BEIR id of an indexed document (`corpus.jsonl#123` -> `123`)."""
    return passage_doc.split("#", 1)[1] if "#" in passage_doc else passage_doc


def score_mode(assistant: Any, data: BeirData, name: str, mode: str, query_ids: Sequence[str],
               k: int = 100, progress: Progress | None = None) -> BeirConfigResult:
    """Retrieve `k` passages per query in `mode`, rank documents, and score nDCG@10 and recall@100."""
    tick = progress or (lambda s, d, t: None)
    per: dict[str, dict[str, float]] = {}
    docs_seen = 0
    t0 = time.perf_counter()
    for i, qid in enumerate(query_ids):
        tick(name, i, len(query_ids))
        passages = assistant.retrieve(data.queries[qid], k=k, mode=mode)
        ranked = m.rank_documents((doc_id(p.doc), p.score) for p in passages)
        docs_seen += len(ranked)
        per[qid] = {"ndcg@10": m.ndcg_at(ranked, data.qrels[qid], 10),
                    "recall@100": m.doc_recall_at(ranked, data.qrels[qid], 100)}
    tick(name, len(query_ids), len(query_ids))
    n = max(len(query_ids), 1)
    return BeirConfigResult(name, sum(p["ndcg@10"] for p in per.values()) / n,
                            sum(p["recall@100"] for p in per.values()) / n, docs_seen / n,
                            (time.perf_counter() - t0) * 1000 / n, per)


def run_beir(folder: str | Path, index: str | Path | None = None, *, configs: Sequence[str] | None = None,
             limit: int | None = None, k: int = 100, progress: Progress | None = None,
             assistant: Any = None) -> BeirResult:
    """Ingest a BEIR corpus (once) and score retrieval of its test queries per mode.

    Args:
        folder: BEIR dataset folder.
        index: index directory (default `default_index(<folder name>)`).
        configs: names from `BEIR_MODES` (default all).
        limit: evaluate only the first N judged queries.
        k: passages retrieved per query (the candidate pools of each retriever are at least this large).
        progress: callback(stage, done, total).
        assistant: an already open `Assistant` over this corpus.
    """
    t0 = time.perf_counter()
    data = load_beir(folder)
    names = list(configs) if configs else list(BEIR_MODES)
    unknown = [n for n in names if n not in BEIR_MODES]
    if unknown:
        raise ValueError(f"unknown configuration(s) {', '.join(unknown)}; known: {', '.join(BEIR_MODES)}")
    if assistant is None:
        from qa import Assistant

        assistant = Assistant.open(corpus=data.corpus, index=index or default_index(data.name), progress=progress)
    # Assistant.retrieve already widens the pools to max(candidates, k); say so explicitly.
    assistant = assistant.configure(candidates=max(assistant.settings.candidates, k))
    query_ids = list(data.qrels)[:limit] if limit else list(data.qrels)
    results = {n: score_mode(assistant, data, n, BEIR_MODES[n], query_ids, k, progress) for n in names}
    return BeirResult(data.name, str(assistant.settings.index), len(query_ids), assistant.stats().documents, k,
                      results, time.perf_counter() - t0)

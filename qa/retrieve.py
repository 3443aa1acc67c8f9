"""Retrieval: BM25 and dense (Chroma) candidates fused by reciprocal rank.

The query path talks to Chroma and bm25s directly (no llama-index import): it is what
makes a cold `qa ask` take about a second instead of several. Ingest writes through
llama-index's Chroma vector store, so the collection is the one llama-index reads too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from index.dates import date_key
from index.store import KeywordIndex, Manifest, PassageRow, tokenize
from qa.synonyms import WIRE_FORMS, news_kin


@dataclass
class Filters:
    """Restrict retrieval to documents, title words or a publish-date range (ISO dates)."""

    docs: list[str] | None = None
    title: str | None = None
    since: str | None = None
    until: str | None = None

    def active(self) -> bool:
        """True when any filter is set."""
        return bool(self.docs or self.title or self.since or self.until)

    def where(self) -> dict[str, Any] | None:
        """The Chroma `where` clause for these filters (title is checked afterwards)."""
        clauses: list[dict[str, Any]] = []
        if self.docs:
            clauses.append({"doc": {"$in": list(self.docs)}})
        if self.since:
            clauses.append({"date_key": {"$gte": date_key(self.since)}})
        if self.until:
            clauses.append({"date_key": {"$lte": date_key(self.until)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def accepts(self, row: PassageRow) -> bool:
        """True when a passage passes every filter."""
        if self.docs and row.doc_id not in self.docs:
            return False
        if self.title and self.title.lower() not in (row.title or "").lower():
            return False
        return self.accepts_date(row.date)

    def accepts_date(self, date: str | None) -> bool:
        """True when a publish date (None: unknown) passes the date range."""
        key = date_key(date)
        if self.since and (not key or key < date_key(self.since)):
            return False
        return not (self.until and (not key or key > date_key(self.until)))


@dataclass
class Hit:
    """A fused candidate passage."""

    row: PassageRow
    score: float
    dense_rank: int | None
    bm25_rank: int | None


class Retriever:
    """Hybrid retrieval over one index."""

    def __init__(self, manifest: Manifest, collection: Any, keywords: KeywordIndex) -> None:
        self.manifest = manifest
        self.collection = collection
        self.keywords = keywords
        self._aliases: set[str] | None = None
        self._count: int | None = None

    def aliases(self) -> set[str]:
        """Documents that are copies of another (hidden from results; cited as 'also in')."""
        if self._aliases is None:
            self._aliases = {r[0] for r in self.manifest.db.execute(
                "SELECT doc_id FROM documents WHERE canonical IS NOT NULL")}
        return self._aliases

    def dense(self, qvec: np.ndarray, n: int, filters: Filters | None = None) -> list[str]:
        """Passage ids nearest to the query vector."""
        if self._count is None:
            self._count = self.collection.count()  # fixed for the life of this retriever
        total = self._count
        if not total:
            return []
        where = filters.where() if filters else None
        res = self.collection.query(query_embeddings=[qvec.tolist()], n_results=min(n, total),
                                    where=where, include=[])
        return list(res["ids"][0])

    def search(self, query: str, qvec: np.ndarray | None, *, k: int = 8, candidates: int = 30,
               mode: str = "hybrid", rrf_k: int = 60, dense_weight: float = 1.0,
               bm25_weight: float = 1.0, filters: Filters | None = None) -> list[Hit]:
        """Top-k passages for a query by `mode` ('hybrid', 'dense' or 'bm25')."""
        # Over-fetch a little: copies of a story (aliases) and filtered-out passages are dropped below.
        over = candidates * (3 if filters and filters.active() else 2 if self.aliases() else 1)
        dense_ids = self.dense(qvec, over, filters) if mode != "bm25" and qvec is not None else []
        bm25_ids = [p for p, _ in self.keywords.search(_with_wire_forms(query), over)] if mode != "dense" else []
        rows = self.manifest.passages(list(dict.fromkeys(dense_ids + bm25_ids)))
        hidden = self.aliases()

        def keep(ids: list[str]) -> list[str]:
            out = [p for p in ids if p in rows and rows[p].doc_id not in hidden
                   and (not filters or filters.accepts(rows[p]))]
            return out[:candidates]

        dense_ids, bm25_ids = keep(dense_ids), keep(bm25_ids)
        scores: dict[str, float] = {}
        for rank, pid in enumerate(dense_ids):
            scores[pid] = scores.get(pid, 0.0) + dense_weight / (rrf_k + rank + 1)
        for rank, pid in enumerate(bm25_ids):
            scores[pid] = scores.get(pid, 0.0) + bm25_weight / (rrf_k + rank + 1)
        d_rank = {p: i for i, p in enumerate(dense_ids)}
        b_rank = {p: i for i, p in enumerate(bm25_ids)}
        ranked = sorted(scores, key=lambda p: -scores[p])[:k]
        return [Hit(rows[p], scores[p], d_rank.get(p), b_rank.get(p)) for p in ranked]


def _with_wire_forms(query: str) -> str:
    """The query with the short forms wire copy writes its words in ("per share in the third
    quarter" is "Shr ... 3RD QTR" in a results table), so the keyword index finds those stories,
    and with news' words for the same thing (qa.synonyms.NEWS_KIN)."""
    terms = tokenize(query, query=True)
    forms = [f for t in terms for f in WIRE_FORMS.get(t, ()) if f.isalnum()]
    # and the words news uses for the same thing ("What did China promise?": its "commitments")
    forms += sorted({k for t in terms for k in news_kin(t)} - set(terms))
    return f"{query} {' '.join(forms)}" if forms else query

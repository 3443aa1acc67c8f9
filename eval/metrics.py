"""Metric functions: pure, small, and checked on hand-built cases in tests/test_eval.py.

Spans are `(start, end)` character offsets into a document's text, end exclusive.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Span = tuple[int, int]

_MARK = re.compile(r"\[\d+\]")
_MARKS_AFTER_PUNCT = re.compile(r"([.!?]+[\"”’')]*)(\s*)((?:\s*\[\d+\])+)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")


def overlap(a: Span, b: Span) -> int:
    """Number of characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def find_spans(text: str, quote: str) -> list[Span]:
    """Every occurrence of `quote` in `text` as a span (empty when absent or the quote is empty)."""
    spans: list[Span] = []
    if not quote:
        return spans
    i = text.find(quote)
    while i >= 0:
        spans.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    return spans


def passage_hits(passage: Span, quote: Span) -> bool:
    """True when the passage holds the quote: at least half of the quote lies inside it."""
    length = quote[1] - quote[0]
    return length > 0 and overlap(passage, quote) * 2 >= length


def first_hit_rank(ranked: Sequence[tuple[str, Span]], gold: Mapping[str, Sequence[Span]]) -> int | None:
    """1-based rank of the first passage `(doc, span)` holding a gold quote span, or None."""
    for rank, (doc, span) in enumerate(ranked, 1):
        if any(passage_hits(span, q) for q in gold.get(doc, ())):
            return rank
    return None


def recall_at(ranks: Iterable[int | None], k: int) -> float | None:
    """Share of cases whose first hit is within the top `k` (None when there are no cases)."""
    ranks = list(ranks)
    return sum(r is not None and r <= k for r in ranks) / len(ranks) if ranks else None


def mrr(ranks: Iterable[int | None]) -> float | None:
    """Mean reciprocal rank of the first hit (a miss counts 0; None when there are no cases)."""
    ranks = list(ranks)
    return sum(1.0 / r for r in ranks if r) / len(ranks) if ranks else None


def citation_correct(span: Span, gold: Sequence[Span]) -> bool:
    """True when a cited span overlaps any gold quote span of the same document."""
    return any(overlap(span, g) > 0 for g in gold)


def normalise(text: str) -> str:
    """Lower case, straight quotes and single spaces: what `must_include` matching sees."""
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text)


def facts_found(text: str, must_include: Sequence[Sequence[str]]) -> list[bool]:
    """For each group of alternatives, whether one of them occurs in `text` (case-insensitive)."""
    norm = normalise(text)
    return [any(normalise(alt) in norm for alt in group) for group in must_include]


def answer_sentences(text: str) -> list[str]:
    """The sentences of an answer, split per line; citation marks stay with their sentence."""
    from index.chunk import split_sentences

    out: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        # "Fact. [1] Next." -> "Fact[1]. Next." so the mark is not read as the next sentence's start.
        line = _MARKS_AFTER_PUNCT.sub(lambda m: m.group(3).replace(" ", "") + m.group(1), line)
        out += [line[s:e] for s, e in split_sentences(line, 0, len(line))]
    return out


def cited_sentences(text: str, quotes: Sequence[str] = ()) -> tuple[int, int]:
    """(cited sentences, all sentences) of an answer text.

    A sentence is cited when it carries a `[n]` mark, or when it lies word for word inside one
    of the cited `quotes` (a citation spanning "Lead sentence. These include: [1]").
    """
    sentences = answer_sentences(text)
    flat = [" ".join(q.split()) for q in quotes]
    cited = sum(bool(_MARK.search(s)) or any(" ".join(s.split()) in q for q in flat) for s in sentences)
    return cited, len(sentences)


@dataclass
class PRF:
    """Precision, recall and F1 of one class (None where undefined: nothing to divide by)."""

    precision: float | None
    recall: float | None
    f1: float | None
    tp: int
    fp: int
    fn: int


def prf(predicted: Sequence[bool], truth: Sequence[bool]) -> PRF:
    """Precision/recall/F1 of the positive class (e.g. predicted = abstained, truth = unanswerable)."""
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
    return PRF(precision, recall, f1, tp, fp, fn)


def percentiles(values: Sequence[float], qs: Sequence[float] = (50, 95)) -> dict[str, float]:
    """Percentiles (linear interpolation) keyed `p50`, `p95`, ...; empty input gives {}."""
    import numpy as np

    if not values:
        return {}
    arr = np.asarray(values, dtype=float)
    return {f"p{q:g}": float(np.percentile(arr, q)) for q in qs}


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the defined values (None when there are none)."""
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain with linear gains: sum(g_i / log2(i + 1)), i from 1."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at(ranked: Sequence[str], qrels: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k of a ranked list of document ids against graded relevance (as BEIR/trec_eval)."""
    ideal = sorted((r for r in qrels.values() if r > 0), reverse=True)[:k]
    if not ideal:
        return 0.0
    gains = [max(qrels.get(d, 0), 0) for d in ranked[:k]]
    return dcg(gains) / dcg(ideal)


def doc_recall_at(ranked: Sequence[str], qrels: Mapping[str, int], k: int = 100) -> float:
    """Share of the relevant documents (relevance > 0) found in the top `k`."""
    relevant = {d for d, r in qrels.items() if r > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / len(relevant)


def rank_documents(passages: Iterable[tuple[str, float]]) -> list[str]:
    """Documents of ranked passages `(doc, score)`: each at its best passage, first occurrence wins."""
    best: dict[str, float] = {}
    order: list[str] = []
    for doc, score in passages:
        if doc not in best:
            best[doc] = score
            order.append(doc)
        else:
            best[doc] = max(best[doc], score)
    # Python's sort is stable: ties (and an already score-sorted list) keep first-occurrence order.
    return sorted(order, key=lambda d: -best[d])

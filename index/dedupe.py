"""Syndicated copies: the same story under several ids becomes one canonical document.

Two tests, both at ingest: a hash of the body with whitespace, punctuation and case
ignored (byte-identical and reformatted copies), and MinHash LSH over word shingles
(datasketch) for near-copies: the same body under a new headline, a re-run with a
changed figure, an added paragraph. Copies keep their passages but point to their
canonical document, so retrieval shows a story once and citations list where else it ran.

Thresholds, measured on Reuters-21578 (LSH candidate pairs whose bodies differ, sampled
and read by band): template stories published on different days ("FED ADDS RESERVES VIA
CUSTOMER REPURCHASES" with one, 1.5 or two billion dlrs) reach Jaccard 0.78, so a near
copy must also be published within `MAX_DAYS_APART` days. Within that window, pairs at
0.45-0.55 were rewrites and re-runs of one story (same lead, new headline, markup or
figure), while 0.35-0.45 mixed rewrites with distinct same-day reports (a midsession and
a closing market report); hence `NEAR_DUP_JACCARD` = 0.5.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from index.store import Manifest

NEAR_DUP_JACCARD = 0.5
MAX_DAYS_APART = 2
NUM_PERM = 64
SHINGLE = 5
SCHEME = "affine32"
MIN_WORDS = 25
"""Bodies shorter than this are only matched exactly: a few words say too little."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS doc_signatures (doc_id TEXT PRIMARY KEY, body TEXT, words INTEGER, sig BLOB);
"""


def normalize_body(text: str) -> list[str]:
    """Lowercased words of a body, with signatures like a closing 'Reuter' dropped."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    while words and words[-1] in {"reuter", "reuters", "ap", "afp"}:
        words.pop()
    return words


def body_key(text: str) -> str:
    """A hash of the body with whitespace, punctuation and case ignored."""
    return hashlib.sha1(" ".join(normalize_body(text)).encode("utf-8")).hexdigest()


def signature(words: list[str]) -> np.ndarray:
    """MinHash signature of the word shingles of a body."""
    from datasketch import MinHash

    shingles = {" ".join(words[i:i + SHINGLE]).encode() for i in range(max(1, len(words) - SHINGLE + 1))}
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    mh.update_batch(list(shingles))
    return mh.hashvalues.astype(np.uint64)


def find_duplicates(manifest: Manifest) -> int:
    """Mark each copy's `canonical` (earliest-dated, then smallest id, of its group).

    Signatures are stored, so only new or changed documents are hashed; the grouping is
    redone only when the set of documents changed. Returns the number of groups.
    """
    db = manifest.db
    db.executescript(_SCHEMA)
    known = dict(db.execute("SELECT doc_id, body FROM doc_signatures"))
    docs = dict(db.execute("SELECT doc_id, hash FROM documents"))
    stale = [d for d in known if d not in docs]
    fresh = [d for d, h in docs.items() if known.get(d) != h]
    params = f"{NEAR_DUP_JACCARD}:{MAX_DAYS_APART}:{MIN_WORDS}"
    if not stale and not fresh and manifest.get("duplicate_params") == params:
        return int(manifest.get("duplicate_groups") or 0)
    db.executemany("DELETE FROM doc_signatures WHERE doc_id=?", [(d,) for d in stale])
    for i in range(0, len(fresh), 500):
        part = fresh[i:i + 500]
        rows = db.execute(f"SELECT doc_id, hash, text FROM documents WHERE doc_id IN ({','.join('?' * len(part))})", part)
        out = []
        for doc_id, h, text in rows:
            words = normalize_body(text)
            out.append((doc_id, h, len(words), signature(words).tobytes()))
        db.executemany("INSERT OR REPLACE INTO doc_signatures VALUES (?, ?, ?, ?)", out)
    groups = _group(manifest)
    updates = []
    for members in groups:
        head = members[0]
        updates += [(head if d != head else None, d) for d in members]
    db.execute("UPDATE documents SET canonical=NULL")
    db.executemany("UPDATE documents SET canonical=? WHERE doc_id=?", updates)
    n = sum(1 for g in groups if len(g) > 1)
    manifest.set("duplicate_groups", str(n))
    manifest.set("duplicate_params", params)
    db.commit()
    return n


def _day(iso: str | None) -> int | None:
    from datetime import date

    try:
        return date.fromisoformat(iso[:10]).toordinal() if iso else None
    except ValueError:
        return None


def _group(manifest: Manifest) -> list[list[str]]:
    from datasketch import MinHash, MinHashLSH

    db = manifest.db
    order = {d: (date or "9999", d) for d, date in db.execute("SELECT doc_id, date FROM documents")}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            if order[ra] <= order[rb]:
                parent[rb] = ra
            else:
                parent[ra] = rb

    dates = {d: _day(date) for d, date in db.execute("SELECT doc_id, date FROM documents")}

    def near_in_time(a: str, b: str) -> bool:
        da, dbb = dates.get(a), dates.get(b)
        return da is None or dbb is None or abs(da - dbb) <= MAX_DAYS_APART

    by_key: dict[str, str] = {}
    for doc_id, text in db.execute("SELECT doc_id, text FROM documents"):
        key = body_key(text)
        if key in by_key:
            union(by_key[key], doc_id)
        else:
            by_key[key] = doc_id
    lsh = MinHashLSH(threshold=NEAR_DUP_JACCARD, num_perm=NUM_PERM)
    sigs: dict[str, MinHash] = {}
    for doc_id, words, blob in db.execute("SELECT doc_id, words, sig FROM doc_signatures"):
        if words < MIN_WORDS or doc_id not in order:
            continue
        mh = MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.frombuffer(blob, dtype=np.uint64), scheme=SCHEME)
        for other in lsh.query(mh):
            if mh.jaccard(sigs[other]) >= NEAR_DUP_JACCARD and near_in_time(other, doc_id):
                union(other, doc_id)
        lsh.insert(doc_id, mh)
        sigs[doc_id] = mh
    members: dict[str, list[str]] = {}
    for d in order:
        members.setdefault(find(d), []).append(d)
    return [sorted(m, key=lambda d: order[d]) for m in members.values()]

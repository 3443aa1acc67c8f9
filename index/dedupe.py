"""Syndicated copies: the same story under several ids becomes one canonical document."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.store import Manifest


def body_key(text: str) -> str:
    """A hash of the body with whitespace, punctuation and case ignored."""
    norm = re.sub(r"[\W_]+", "", text.lower())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()


def find_duplicates(manifest: Manifest) -> int:
    """Mark each copy's `canonical` (the smallest id of its group); returns the group count."""
    db = manifest.db
    groups: dict[str, list[str]] = {}
    for doc_id, text in db.execute("SELECT doc_id, text FROM documents ORDER BY doc_id"):
        groups.setdefault(body_key(text), []).append(doc_id)
    updates = []
    n = 0
    for ids in groups.values():
        if len(ids) > 1:
            n += 1
        head = ids[0]
        updates += [(head if d != head else None, d) for d in ids]
    db.executemany("UPDATE documents SET canonical=? WHERE doc_id=?", updates)
    db.commit()
    return n

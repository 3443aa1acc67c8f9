"""Turning a corpus of articles into a citable index (SQLite + Chroma + BM25)."""

from index.ingest import IngestReport, ingest

__all__ = ["IngestReport", "ingest"]

"""Ingest: bring an index in line with a corpus, incrementally and crash-safely.

Order of writes per batch of changed documents: embed, commit to SQLite (passages,
sentences, vectors), then add to / delete from Chroma. Every run starts by reconciling
Chroma with SQLite and ends by rebuilding BM25 if the manifest moved, so a run killed at
any point is completed by the next one, with no duplicates and nothing lost.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.chunk import Chunk, chunk_document
from index.dates import date_key
from index.dedupe import find_duplicates
from index.load import (
    DUMP_SUFFIXES,
    READING_VERSION,
    TEXT_SUFFIXES,
    Document,
    Skipped,
    SourceFile,
    load_file,
    scan_corpus,
)
from index.store import IndexLock, KeywordIndex, Manifest, forget_chroma_client, from_blob, open_chroma, to_blob
from qa.errors import ConfigError, CorpusError, IndexCorruptError

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): called as work advances."""

BATCH_PASSAGES = 512


@dataclass
class IngestReport:
    """What an ingest did, by document (files for dumps hold many documents)."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    documents: int = 0
    passages: int = 0
    embedded: int = 0
    duplicate_groups: int = 0
    repaired: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0

    @property
    def changed(self) -> bool:
        """True when the index content changed."""
        return bool(self.added or self.updated or self.removed or self.repaired)

    def summary(self) -> str:
        """A human summary, one line of counts then the skipped files."""
        rate = f", {self.embedded / self.embed_seconds:.0f} passages/s" if self.embedded and self.embed_seconds else ""
        lines = [
            f"added {self.added}, updated {self.updated}, removed {self.removed}, "
            f"unchanged {self.unchanged}, skipped {len(self.skipped)} documents; "
            f"{self.documents} documents, {self.passages} passages in the index "
            f"({self.embedded} embedded{rate}); {self.duplicate_groups} duplicate groups; "
            f"{self.seconds:.2f} s"
        ]
        if self.repaired:
            lines.append(f"repaired {self.repaired} passages left by an interrupted run")
        lines += [f"  note: {n}" for n in self.notes[:20]]
        if len(self.notes) > 20:
            lines.append(f"  ... and {len(self.notes) - 20} more notes")
        by_reason: dict[str, list[str]] = {}
        for s in self.skipped:
            by_reason.setdefault(s.reason, []).append(s.id)
        for reason, ids in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
            if len(ids) <= 3:
                lines += [f"  skipped {i}: {reason}" for i in ids]
            else:
                lines.append(f"  skipped {len(ids)}: {reason} (e.g. {', '.join(ids[:3])})")
        return "\n".join(lines)


class _Encoders:
    """Loads the passage encoder only when something must be embedded."""

    def __init__(self, model: str, batch_size: int) -> None:
        self.model, self.batch_size = model, batch_size
        self._enc: Any = None

    def get(self) -> Any:
        if self._enc is None:
            from index.embed import PassageEncoder

            self._enc = PassageEncoder(self.model, self.batch_size)
        return self._enc


def check_corpus(corpus: Path) -> None:
    """Raise CorpusError with a clear message unless `corpus` is a usable folder or file."""
    if not corpus.exists():
        raise CorpusError(f"corpus {corpus} does not exist; pass --corpus with a folder of articles or a dump")
    if corpus.is_file():
        name = corpus.name.lower()
        if not (name.endswith(DUMP_SUFFIXES) or corpus.suffix.lower() in TEXT_SUFFIXES):
            raise CorpusError(
                f"corpus {corpus} is a file but not an article or a dump (.jsonl, .jsonl.gz, .csv, "
                ".txt, .md, .html); pass a folder or one of those")


def ingest(corpus: str | Path, index: str | Path, *, model: str = "", chroma_url: str = "",
           collection: str = "passages", batch_size: int = 64, max_chars: int = 800,
           rebuild: bool = False, progress: Progress | None = None) -> IngestReport:
    """Index `corpus` into `index`: new files added, changed ones replaced, deleted ones removed.

    Args:
        corpus: folder of articles, or one article / JSONL / CSV dump file.
        index: index directory (created if needed).
        model: sentence-transformers model path or name ('' = packaged MiniLM).
        chroma_url: Chroma server URL, '' for the embedded store.
        rebuild: drop the index first (the recovery for a damaged index).
        progress: callback(stage, done, total).
    """
    t0 = time.perf_counter()
    corpus, folder = Path(corpus), Path(index)
    check_corpus(corpus)
    report = IngestReport()
    tick = progress or (lambda stage, done, total: None)
    folder.mkdir(parents=True, exist_ok=True)
    with IndexLock(folder):
        files, skipped = scan_corpus(corpus)
        report.skipped += skipped
        if not files:
            raise CorpusError(f"corpus {corpus} holds no articles (.txt, .md, .html, .jsonl, .csv); "
                              "nothing indexed, nothing removed")
        if rebuild:  # only once the corpus is known to hold articles
            _wipe(folder, chroma_url, collection)
        manifest = Manifest(folder, create=True)
        try:
            chroma = open_chroma(folder, chroma_url, collection, create=True)
            if chroma_url:
                _claim_collection(manifest, chroma, chroma_url, collection, rebuild)
            encoders = _Encoders(model, batch_size)
            _check_model(manifest, encoders, model)
            report.repaired = _reconcile(manifest, chroma, tick)
            _sync(manifest, chroma, encoders, files, report, max_chars, tick)
            report.duplicate_groups = find_duplicates(manifest)
            keywords = KeywordIndex(folder)
            if report.changed or rebuild or not keywords.load() or keywords.generation != manifest.generation:
                tick("keyword index", 0, 1)
                keywords.build(KeywordIndex.rows(manifest), manifest.generation)
                tick("keyword index", 1, 1)
            if not (folder / "encoder" / "model.onnx").exists():
                tick("query encoder", 0, 1)
                encoders.get().export_onnx(folder / "encoder")
                tick("query encoder", 1, 1)
            report.documents, report.passages = manifest.counts()
        except sqlite3.DatabaseError as exc:
            raise IndexCorruptError(f"index {folder} is damaged ({exc}); run `qa ingest --rebuild`") from exc
        finally:
            manifest.close()
    report.seconds = time.perf_counter() - t0
    return report


def _claim_collection(manifest: Manifest, chroma: Any, url: str, collection: str, take: bool) -> None:
    """A server collection holds one index's passages: refuse another index's.

    Ingest makes the collection hold exactly its manifest's passages, so an ingest of a
    second index folder into the same collection would delete the first one's vectors.
    The manifest carries an id and the collection records which id it serves.
    """
    mine = manifest.get("index_id")
    if not mine:
        mine = uuid.uuid4().hex
        manifest.set("index_id", mine)
        manifest.db.commit()
    meta = dict(chroma.metadata or {})
    owner = meta.get("qa_index")
    if owner and owner != mine and not take:
        raise ConfigError(
            f"Chroma collection {collection!r} at {url} holds the passages of another index folder; "
            f"set another collection (`collection` in qa.toml, or QA_COLLECTION) for {Path(manifest.path).parent}, "
            "or run `qa ingest --rebuild` to replace that collection's passages with this corpus")
    if owner != mine:
        meta = {k: v for k, v in meta.items() if not k.startswith("hnsw:")}  # fixed at creation
        chroma.modify(metadata={**meta, "qa_index": mine})


def _wipe(folder: Path, chroma_url: str, collection: str) -> None:
    for name in ("manifest.sqlite", "manifest.sqlite-wal", "manifest.sqlite-shm"):
        (folder / name).unlink(missing_ok=True)
    forget_chroma_client(folder / "chroma")  # else this process keeps serving the deleted store
    for name in ("chroma", "bm25", "bm25.tmp", "bm25.old"):
        shutil.rmtree(folder / name, ignore_errors=True)
    if chroma_url:
        col = open_chroma(folder, chroma_url, collection, create=True)
        ids = col.get(include=[])["ids"]
        for i in range(0, len(ids), 5000):
            col.delete(ids=ids[i:i + 5000])


def _check_model(manifest: Manifest, encoders: _Encoders, model: str) -> None:
    from index.embed import model_fingerprint, resolve_model

    fp = model_fingerprint(resolve_model(model))
    old = manifest.get("model")
    if old and old != fp:
        # Another model: every vector is stale. Forget file stamps so all is re-embedded.
        manifest.db.execute("DELETE FROM files")
        manifest.db.execute("UPDATE documents SET hash = ''")
        manifest.db.execute("UPDATE passages SET vec = NULL")
        shutil.rmtree(Path(manifest.path).parent / "encoder", ignore_errors=True)
    splitter = manifest.get("chunker")
    if (splitter or manifest.pids()) and splitter != READING_VERSION:
        # Other sentence boundaries or another reading of the files: re-read and re-split every
        # document (unchanged passages keep their vectors).
        manifest.db.execute("DELETE FROM files")
        manifest.db.execute("UPDATE documents SET hash = ''")
    manifest.set("model", fp)
    manifest.set("chunker", READING_VERSION)
    manifest.db.commit()


def _reconcile(manifest: Manifest, chroma: Any, tick: Progress) -> int:
    """Make Chroma hold exactly the manifest's passages (after a crash or a lost store)."""
    in_chroma = set(chroma.get(include=[])["ids"])
    in_manifest = manifest.pids()
    extra = sorted(in_chroma - in_manifest)
    missing = sorted(in_manifest - in_chroma)
    for i in range(0, len(extra), 5000):
        chroma.delete(ids=extra[i:i + 5000])
    if missing:
        tick("repair", 0, len(missing))
        rows = manifest.passages(missing)
        vecs = dict(manifest.db.execute(
            f"SELECT pid, vec FROM passages WHERE pid IN ({','.join('?' * len(missing))})", missing)
        ) if len(missing) < 30000 else dict(manifest.db.execute("SELECT pid, vec FROM passages"))
        stale = [p for p in missing if vecs.get(p) is None]
        if stale:  # no stored vector (model changed): re-embed those documents
            docs = {rows[p].doc_id for p in stale}
            manifest.db.executemany("UPDATE documents SET hash='' WHERE doc_id=?", [(d,) for d in docs])
            manifest.db.executemany("DELETE FROM files WHERE path=(SELECT source_file FROM documents "
                                    "WHERE doc_id=?)", [(d,) for d in docs])
            manifest.db.commit()
        good = [p for p in missing if vecs.get(p) is not None]
        _chroma_add(chroma, [rows[p] for p in good], [from_blob(vecs[p]) for p in good])
        tick("repair", len(missing), len(missing))
    return len(extra) + len(missing)


def _chroma_add(chroma: Any, rows: list[Any], vecs: list[np.ndarray]) -> None:
    """Add passages to Chroma through llama-index's Chroma vector store."""
    if not rows:
        return
    from llama_index.core.schema import TextNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

    store = ChromaVectorStore(chroma_collection=chroma)
    nodes = [
        TextNode(id_=r.pid, text=r.text, embedding=[float(x) for x in v],
                 metadata={"doc": r.doc_id, "start": r.start, "end": r.end, "title": r.title or "",
                           "date": r.date or "", "date_key": date_key(r.date)},
                 excluded_embed_metadata_keys=["doc", "start", "end", "date", "date_key"])
        for r, v in zip(rows, vecs, strict=True)
    ]
    store.add(nodes)


def _sync(manifest: Manifest, chroma: Any, encoders: _Encoders, files: list[SourceFile],
          report: IngestReport, max_chars: int, tick: Progress) -> None:
    db = manifest.db
    stamps = {r[0]: (r[1], r[2]) for r in db.execute("SELECT path, size, mtime_ns FROM files")}
    known_files = {r[0] for r in db.execute("SELECT DISTINCT source_file FROM documents")} | set(stamps)
    present = {f.rel for f in files}
    # Files gone from the corpus: drop their documents.
    for gone in sorted(known_files - present):
        ids = [r[0] for r in db.execute("SELECT doc_id FROM documents WHERE source_file=?", (gone,))]
        _remove_docs(manifest, chroma, ids)
        report.removed += len(ids)
        db.execute("DELETE FROM files WHERE path=?", (gone,))
        db.commit()
    changed = [f for f in files if stamps.get(f.rel) != (f.size, f.mtime_ns)]
    unchanged_files = [f for f in files if stamps.get(f.rel) == (f.size, f.mtime_ns)]
    if unchanged_files:
        per_file = dict(db.execute("SELECT source_file, COUNT(*) FROM documents GROUP BY source_file"))
        report.unchanged += sum(per_file.get(f.rel, 0) for f in unchanged_files)
    pending: list[tuple[Document, list[Chunk]]] = []
    pending_files: list[SourceFile] = []  # stamped in the commit that writes their last document
    pending_passages = 0
    for i, sf in enumerate(changed):
        tick("loading", i, len(changed))
        if sf.path.is_file():
            docs, skipped = load_file(sf)
        else:  # a named pipe or a device: reading it would block or never end
            docs, skipped = [], [Skipped(sf.rel, "not a regular file")]
        report.skipped += skipped
        old = dict(db.execute("SELECT doc_id, hash FROM documents WHERE source_file=?", (sf.rel,)))
        new_ids = {d.id for d in docs}
        gone = [d for d in old if d not in new_ids]
        if gone:
            _remove_docs(manifest, chroma, gone)
            report.removed += len(gone)
        for doc in docs:
            report.notes += [f"{doc.id}: {n}" for n in doc.notes]
            if old.get(doc.id) == doc.content_hash:
                report.unchanged += 1
                continue
            if doc.id in old:
                report.updated += 1
            else:
                report.added += 1
            chunks = chunk_document(doc.id, doc.text, max_chars)
            pending.append((doc, chunks))
            pending_passages += len(chunks)
            if pending_passages >= BATCH_PASSAGES:
                _write_batch(manifest, chroma, encoders, pending, pending_files, report, tick)
                pending, pending_files, pending_passages = [], [], 0
        if pending:
            pending_files.append(sf)
        else:
            _stamp(manifest, sf)
    if pending:
        _write_batch(manifest, chroma, encoders, pending, pending_files, report, tick)
    tick("loading", len(changed), len(changed))


def _stamp(manifest: Manifest, sf: SourceFile) -> None:
    manifest.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (sf.rel, sf.size, sf.mtime_ns))
    manifest.db.commit()


def _remove_docs(manifest: Manifest, chroma: Any, doc_ids: list[str]) -> None:
    db = manifest.db
    pids: list[str] = []
    for d in doc_ids:
        pids += [r[0] for r in db.execute("SELECT pid FROM passages WHERE doc_id=?", (d,))]
        db.execute("DELETE FROM passages WHERE doc_id=?", (d,))
        db.execute("DELETE FROM sentences WHERE doc_id=?", (d,))
        db.execute("DELETE FROM documents WHERE doc_id=?", (d,))
    manifest.set("generation", str(manifest.generation + 1))
    db.commit()
    for i in range(0, len(pids), 5000):
        chroma.delete(ids=pids[i:i + 5000])


def _release_memory() -> None:
    """Hand freed native memory back to the OS after a batch (glibc keeps torch's buffers
    otherwise: a 5k-document ingest grew to 2.4 GB of RSS with a flat Python heap)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def stored_title(doc: Document) -> str:
    """The title the index keeps, shows and searches: the headline, then the place of the
    dateline a reader of the wire sees before the story ("... — OSAKA, Japan"), so a question
    about "the bank's meeting in Osaka" finds the story and names no place it never gives.
    (The model embeds the headline alone: where a story was filed says little of what a passage tells.)"""
    return f"{doc.title} \u2014 {doc.dateline}" if doc.dateline else doc.title


def embed_input(doc: Document, chunk: Chunk) -> tuple[str, list[tuple[int, int]]]:
    """What the model sees for a passage: the title as context, then the passage.

    Returns the string and each sentence's span within it.
    """
    prefix = f"{doc.title}\n" if doc.title and not chunk.text.startswith(doc.title) else ""
    shift = len(prefix) - chunk.start
    return prefix + chunk.text, [(s.start + shift, s.end + shift) for s in chunk.sentences]


def _write_batch(manifest: Manifest, chroma: Any, encoders: _Encoders,
                 pending: list[tuple[Document, list[Chunk]]], files: list[SourceFile],
                 report: IngestReport, tick: Progress) -> None:
    db = manifest.db
    all_chunks = [(doc, c) for doc, chunks in pending for c in chunks]
    pids = [c.id for _, c in all_chunks]
    # Passages whose id (document, span and text) is already stored keep their vectors.
    reuse: dict[str, tuple[bytes, list[bytes]]] = {}
    for i in range(0, len(pids), 500):
        part = pids[i:i + 500]
        q = f"SELECT pid, vec FROM passages WHERE vec IS NOT NULL AND pid IN ({','.join('?' * len(part))})"
        for pid, vec in db.execute(q, part):
            svecs = [r[0] for r in db.execute("SELECT vec FROM sentences WHERE pid=? ORDER BY ord", (pid,))]
            reuse[pid] = (vec, svecs)
    todo = [(d, c) for d, c in all_chunks if c.id not in reuse or len(reuse[c.id][1]) != len(c.sentences)]
    fresh: dict[str, tuple[np.ndarray, list[np.ndarray]]] = {}
    if todo:
        inputs = [embed_input(d, c) for d, c in todo]
        done = [0]

        def step(n: int) -> None:
            done[0] += n
            tick("embedding", report.embedded + done[0], report.embedded + len(todo))

        encoder = encoders.get()  # loading the model is not embedding time
        t = time.perf_counter()
        pvecs, svecs = encoder.encode([i[0] for i in inputs], [i[1] for i in inputs], step)
        report.embed_seconds += time.perf_counter() - t
        _release_memory()
        report.embedded += len(todo)
        for k, (_, c) in enumerate(todo):
            fresh[c.id] = (pvecs[k], list(svecs[k]))
    old_pids: set[str] = set()
    for doc, _ in pending:
        old_pids |= {r[0] for r in db.execute("SELECT pid FROM passages WHERE doc_id=?", (doc.id,))}
        db.execute("DELETE FROM passages WHERE doc_id=?", (doc.id,))
        db.execute("DELETE FROM sentences WHERE doc_id=?", (doc.id,))
        db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                   (doc.id, doc.source_file, doc.content_hash, stored_title(doc), doc.date, doc.publisher,
                    doc.url, doc.text))
    prow, srow = [], []
    for doc, c in all_chunks:
        if c.id in fresh:
            pv = to_blob(fresh[c.id][0])
            sv = [to_blob(v) for v in fresh[c.id][1]]
        else:
            pv, sv = reuse[c.id]
        prow.append((c.id, doc.id, c.ord, c.start, c.end, c.heading, c.text, pv))
        srow += [(c.id, k, doc.id, s.start, s.end, s.kind, s.block, sv[k]) for k, s in enumerate(c.sentences)]
    db.executemany("INSERT OR REPLACE INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?)", prow)
    db.executemany("INSERT OR REPLACE INTO sentences VALUES (?, ?, ?, ?, ?, ?, ?, ?)", srow)
    manifest.set("generation", str(manifest.generation + 1))
    for sf in files:
        db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (sf.rel, sf.size, sf.mtime_ns))
    db.commit()
    # Chroma follows the committed manifest.
    new_pids = {c.id for _, c in all_chunks}
    stale = sorted(old_pids - new_pids)
    for i in range(0, len(stale), 5000):
        chroma.delete(ids=stale[i:i + 5000])
    have = set(chroma.get(ids=sorted(new_pids), include=[])["ids"]) if new_pids else set()
    add = [(d, c) for d, c in all_chunks if c.id not in have]
    rows = manifest.passages([c.id for _, c in add])
    _chroma_add(chroma, [rows[c.id] for _, c in add],
                [fresh[c.id][0] if c.id in fresh else from_blob(reuse[c.id][0]) for _, c in add])

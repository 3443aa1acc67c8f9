"""The index on disk: a SQLite manifest (the truth), Chroma (vectors), BM25 (keywords).

Layout of an index directory:
    manifest.sqlite   documents, passages, sentences, their vectors, file stamps
    chroma/           embedded Chroma store (absent in server mode)
    bm25/             bm25s index of the passages, stamped with the manifest generation
    encoder/          ONNX export of the embedding model for queries
    lock              held by a running ingest

SQLite commits first; Chroma and BM25 are derived from it and reconciled on the next
ingest, which is what makes an ingest killed at any point recoverable.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from qa.errors import IndexCorruptError, IndexLockedError, IndexMissingError, StoreUnavailableError  # noqa: E402

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, source_file TEXT, hash TEXT, title TEXT, date TEXT,
    publisher TEXT, url TEXT, text TEXT, canonical TEXT);
CREATE INDEX IF NOT EXISTS documents_file ON documents(source_file);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(hash);
CREATE TABLE IF NOT EXISTS passages (
    pid TEXT PRIMARY KEY, doc_id TEXT, ord INTEGER, start INTEGER, "end" INTEGER,
    heading TEXT, text TEXT, vec BLOB);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id);
CREATE TABLE IF NOT EXISTS sentences (
    pid TEXT, ord INTEGER, doc_id TEXT, start INTEGER, "end" INTEGER, kind TEXT,
    block INTEGER, vec BLOB, PRIMARY KEY (pid, ord));
CREATE INDEX IF NOT EXISTS sentences_doc ON sentences(doc_id, start);
"""


@dataclass
class PassageRow:
    """A stored passage with its document's metadata."""

    pid: str
    doc_id: str
    start: int
    end: int
    text: str
    title: str
    date: str | None
    heading: str


@dataclass
class SentenceRow:
    """A stored sentence: offsets into its document, kind, block and vector."""

    pid: str
    doc_id: str
    start: int
    end: int
    kind: str
    block: int
    vec: np.ndarray


def to_blob(v: np.ndarray) -> bytes:
    """Vectors are stored as float16: half the bytes, no measurable loss for cosine."""
    return np.asarray(v, dtype=np.float16).tobytes()


def from_blob(b: bytes) -> np.ndarray:
    """Inverse of `to_blob`, as float32."""
    return np.frombuffer(b, dtype=np.float16).astype(np.float32)


class IndexLock:
    """An exclusive, non-blocking lock on the index directory for writers."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "lock"
        self.fd: int | None = None

    def __enter__(self) -> IndexLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise IndexLockedError(
                f"another ingest (pid {holder}) is writing {self.path.parent}; "
                "wait for it to finish, then run again") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


class Manifest:
    """The SQLite manifest: what is indexed, passage texts, offsets and vectors."""

    def __init__(self, folder: Path, create: bool = False) -> None:
        self.path = folder / "manifest.sqlite"
        if not self.path.exists() and not create:
            raise IndexMissingError(f"no index at {folder}; run `qa ingest --index {folder}` first")
        try:
            self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            version = self.get("schema")
            if version is None:
                self.set("schema", str(SCHEMA_VERSION))
                self.db.commit()
            elif version != str(SCHEMA_VERSION):
                raise IndexCorruptError(
                    f"index {folder} has schema {version}, this version needs {SCHEMA_VERSION}: "
                    "run `qa ingest --rebuild`")
        except sqlite3.DatabaseError as exc:
            raise IndexCorruptError(
                f"index manifest {self.path} is damaged ({exc}); run `qa ingest --rebuild`") from exc

    def get(self, key: str) -> str | None:
        """A value from the meta table."""
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set(self, key: str, value: str) -> None:
        """Set a meta value (inside the caller's transaction)."""
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def generation(self) -> int:
        """Bumped on every committed change to passages; BM25 is stamped with it."""
        return int(self.get("generation") or 0)

    def counts(self) -> tuple[int, int]:
        """(documents, passages)."""
        d = self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        p = self.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
        return d, p

    def pids(self) -> set[str]:
        """All passage ids."""
        return {r[0] for r in self.db.execute("SELECT pid FROM passages")}

    def passages(self, pids: Sequence[str]) -> dict[str, PassageRow]:
        """Passages by id, joined with their document's title and date."""
        out: dict[str, PassageRow] = {}
        for i in range(0, len(pids), 500):
            part = list(pids[i:i + 500])
            q = ("SELECT p.pid, p.doc_id, p.start, p.\"end\", p.text, d.title, d.date, p.heading "
                 f"FROM passages p JOIN documents d USING (doc_id) WHERE p.pid IN ({','.join('?' * len(part))})")
            for r in self.db.execute(q, part):
                out[r[0]] = PassageRow(*r)
        return out

    def sentences(self, pids: Sequence[str]) -> list[SentenceRow]:
        """Sentences of the given passages, with vectors."""
        out: list[SentenceRow] = []
        if not pids:
            return out
        q = (f"SELECT pid, doc_id, start, \"end\", kind, block, vec FROM sentences "
             f"WHERE pid IN ({','.join('?' * len(pids))}) ORDER BY doc_id, start")
        for r in self.db.execute(q, list(pids)):
            out.append(SentenceRow(r[0], r[1], r[2], r[3], r[4], r[5], from_blob(r[6])))
        return out

    def doc_sentences(self, doc_id: str, blocks: Iterable[int]) -> list[SentenceRow]:
        """Sentences of a document's given blocks (to expand a list whose items span passages)."""
        bl = sorted(set(blocks))
        if not bl:
            return []
        q = (f"SELECT pid, doc_id, start, \"end\", kind, block, vec FROM sentences WHERE doc_id=? "
             f"AND block IN ({','.join('?' * len(bl))}) ORDER BY start")
        return [SentenceRow(r[0], r[1], r[2], r[3], r[4], r[5], from_blob(r[6]))
                for r in self.db.execute(q, [doc_id, *bl])]

    def document_text(self, doc_id: str) -> str | None:
        """The text of a document as loaded (what citation offsets address)."""
        row = self.db.execute("SELECT text FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return row[0] if row else None

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A document's metadata."""
        row = self.db.execute(
            "SELECT doc_id, title, date, publisher, url, canonical FROM documents WHERE doc_id=?",
            (doc_id,)).fetchone()
        if not row:
            return None
        return dict(zip(("doc", "title", "date", "publisher", "url", "canonical"), row, strict=True))

    def aliases(self, doc_id: str) -> list[str]:
        """Documents recorded as copies of `doc_id`."""
        return [r[0] for r in self.db.execute(
            "SELECT doc_id FROM documents WHERE canonical=? ORDER BY doc_id", (doc_id,))]

    def close(self) -> None:
        """Close the connection."""
        self.db.close()


_TOKEN = re.compile(r"[a-z0-9]+(?:[.'’][a-z0-9]+)*")
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves also said says say s t
""".split())

_stemmer: Any = None


def _stem(words: list[str]) -> list[str]:
    global _stemmer
    if _stemmer is None:
        try:
            import Stemmer

            _stemmer = Stemmer.Stemmer("english")
        except ImportError:
            _stemmer = False
    if _stemmer:
        return _stemmer.stemWords(words)
    return [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words]


# Irregular past forms the stemmer cannot join to their verb ("told" ~ "tell").
_IRREGULAR = dict(pair.split(":") for pair in """
told:tell spoke:speak met:meet made:make took:take held:hold gave:give went:go came:come saw:see
thought:think became:become began:begin brought:bring bought:buy sold:sell won:win lost:lose
paid:pay left:leave kept:keep found:find ran:run led:lead rose:rise fell:fall grew:grow chose:choose
wrote:write sent:send built:build spent:spend struck:strike sought:seek fought:fight taught:teach
caught:catch drew:draw drove:drive flew:fly froze:freeze hung:hang knew:know meant:mean shot:shoot
shut:shut stood:stand understood:understand withdrew:withdraw agreed:agree
chinese:china american:america americans:america russian:russia japanese:japan british:britain
french:france german:germany indian:india korean:korea taiwanese:taiwan malaysian:malaysia
european:europe israeli:israel iranian:iran ukrainian:ukraine canadian:canada mexican:mexico
brazilian:brazil australian:australia vietnamese:vietnam philippine:philippines filipino:philippines
pakistani:pakistan turkish:turkey saudi:saudi egyptian:egypt italian:italy spanish:spain""".split())


_DEMONYMS = {w for w, base in _IRREGULAR.items() if w.endswith(("ese", "an", "ans", "ish", "i", "ino"))}


def tokenize(text: str, query: bool = False) -> list[str]:
    """Lowercased, stop-worded, stemmed keyword tokens ("U.S." -> "us", "soybeans" -> "soybean").

    Documents keep a demonym beside its country ("chinese", "china"); a query (`query=True`)
    keeps the country only, so one word of a question counts once.
    """
    words = [w.replace(".", "").replace("’", "'") for w in _TOKEN.findall(text.lower())]
    out: list[str] = []
    for w in (w.split("'")[0] for w in words):
        if not w or w in STOPWORDS:
            continue
        base = _IRREGULAR.get(w)
        if base and w in _DEMONYMS and not query:
            out.append(w)  # keep "chinese" beside "china", for misspellings of either
        out.append(base or w)
    return _stem(out)


class KeywordIndex:
    """BM25 over passages (bm25s), persisted beside the manifest and stamped with its generation."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "bm25"
        self.retriever: Any = None
        self.pids: list[str] = []
        self.generation = -1

    def load(self) -> bool:
        """Load from disk; False when missing or unreadable (then rebuild)."""
        try:
            import bm25s

            stamp = json.loads((self.folder / "stamp.json").read_text())
            self.retriever = bm25s.BM25.load(str(self.folder), mmap=False, load_vocab=True)
            self.pids = stamp["pids"]
            self.generation = int(stamp["generation"])
            return True
        except (OSError, ValueError, KeyError):
            self.retriever, self.pids, self.generation = None, [], -1
            return False

    def build(self, rows: Iterable[tuple[str, str]], generation: int) -> None:
        """Index (pid, text) rows and persist atomically (write aside, then rename)."""
        import bm25s

        pids: list[str] = []
        corpus: list[list[str]] = []
        for pid, text in rows:
            pids.append(pid)
            corpus.append(tokenize(text) or ["__empty__"])
        retriever = bm25s.BM25()
        if corpus:
            retriever.index(corpus, show_progress=False)
        tmp = self.folder.with_name("bm25.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if corpus:
            retriever.save(str(tmp), show_progress=False)
        (tmp / "stamp.json").write_text(json.dumps({"generation": generation, "pids": pids}))
        old = self.folder.with_name("bm25.old")
        shutil.rmtree(old, ignore_errors=True)
        if self.folder.exists():
            os.replace(self.folder, old)
        os.replace(tmp, self.folder)
        shutil.rmtree(old, ignore_errors=True)
        self.retriever, self.pids, self.generation = (retriever if corpus else None), pids, generation

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """Top-k (pid, score) for a query; empty when no query term is in the vocabulary."""
        if self.retriever is None or not self.pids:
            return []
        vocab = self.retriever.vocab_dict
        terms = [t for t in tokenize(query) if t in vocab]
        if not terms:
            return []
        scores = self.retriever.get_scores(terms)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.pids[i], float(scores[i])) for i in top if scores[i] > 0]


def open_chroma(folder: Path, url: str, collection: str, create: bool) -> Any:
    """The Chroma collection: embedded in `folder/chroma`, or on the server at `url`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        m = re.match(r"^(https?)://([^:/]+)(?::(\d+))?/?$", url.strip())
        if not m:
            raise StoreUnavailableError(f"Chroma URL {url!r} is not of the form http://host:port")
        try:
            client = chromadb.HttpClient(host=m.group(2), port=int(m.group(3) or 8000),
                                         ssl=m.group(1) == "https", settings=settings)
            client.heartbeat()
        except Exception as exc:  # the client raises several unrelated types when down
            raise StoreUnavailableError(
                f"Chroma server at {url} is not reachable ({type(exc).__name__}); start it "
                f"(`chroma run --path DIR --port N`) or unset chroma_url to use the embedded store") from exc
    else:
        path = folder / "chroma"
        if not path.exists() and not create:
            raise IndexCorruptError(f"index {folder} has no chroma/ folder; run `qa ingest --rebuild`")
        try:
            client = chromadb.PersistentClient(path=str(path), settings=settings)
        except Exception as exc:
            raise IndexCorruptError(
                f"Chroma store in {path} cannot be opened ({exc}); run `qa ingest --rebuild`") from exc
    try:
        if create:
            return client.get_or_create_collection(collection, embedding_function=None,
                                                   metadata={"hnsw:space": "cosine"})
        return client.get_collection(collection, embedding_function=None)
    except StoreUnavailableError:
        raise
    except Exception as exc:
        where = url or str(folder / "chroma")
        raise IndexCorruptError(
            f"Chroma collection {collection!r} at {where} cannot be opened ({exc}); "
            "run `qa ingest --rebuild`") from exc

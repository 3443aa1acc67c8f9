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

import contextlib
import fcntl
import hashlib
import importlib
import json
import math
import os
import re
import shutil
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from qa.errors import IndexCorruptError, IndexLockedError, IndexMissingError, StoreUnavailableError  # noqa: E402

SCHEMA_VERSION = 1
TOKENIZER_VERSION = "3"
"""Stamped on the keyword index: a saved index tokenized otherwise is rebuilt on the next ingest."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, source_file TEXT, hash TEXT, title TEXT, date TEXT,
    publisher TEXT, url TEXT, text TEXT, canonical TEXT);
CREATE INDEX IF NOT EXISTS documents_file ON documents(source_file);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(hash);
CREATE INDEX IF NOT EXISTS documents_canonical ON documents(canonical);
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


_CORRUPT = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def _guard(conn: Any, call: Any, *args: Any) -> Any:
    """Run a SQLite call; damage found on any page becomes IndexCorruptError (exit code 5)."""
    try:
        return call(*args)
    except sqlite3.DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in _CORRUPT:
            raise IndexCorruptError(
                f"index manifest {getattr(conn, 'path', '')} is damaged ({exc}); run `qa ingest --rebuild`") from exc
        raise


class _Cursor(sqlite3.Cursor):
    """A cursor that reports a damaged manifest as IndexCorruptError, however late it is read."""

    def execute(self, *args: Any) -> Any:
        return _guard(self.connection, super().execute, *args)

    def executemany(self, *args: Any) -> Any:
        return _guard(self.connection, super().executemany, *args)

    def fetchone(self) -> Any:
        return _guard(self.connection, super().fetchone)

    def fetchmany(self, *args: Any) -> Any:
        return _guard(self.connection, super().fetchmany, *args)

    def fetchall(self) -> Any:
        return _guard(self.connection, super().fetchall)

    def __next__(self) -> Any:
        return _guard(self.connection, super().__next__)


class _Connection(sqlite3.Connection):
    """The manifest's connection: its cursors and commits report damage as IndexCorruptError."""

    path = ""

    def cursor(self, factory: Any = None) -> Any:  # type: ignore[override]
        return super().cursor(factory or _Cursor)

    def execute(self, *args: Any) -> Any:  # type: ignore[override]
        return self.cursor().execute(*args)

    def executemany(self, *args: Any) -> Any:  # type: ignore[override]
        return self.cursor().executemany(*args)

    def executescript(self, *args: Any) -> Any:  # type: ignore[override]
        return _guard(self, super().executescript, *args)

    def commit(self) -> None:
        _guard(self, super().commit)


class Manifest:
    """The SQLite manifest: what is indexed, passage texts, offsets and vectors."""

    def __init__(self, folder: Path, create: bool = False, cache: int = 0) -> None:
        self.path = folder / "manifest.sqlite"
        # A reader's rows by passage and by document, up to `cache` of each (0: none); a
        # passage id hashes its text, and any committed change bumps the generation, which
        # empties the cache.
        self._cache = cache
        self._gen = -1
        self._passages: OrderedDict[str, PassageRow] = OrderedDict()
        self._sentences: OrderedDict[str, list[SentenceRow]] = OrderedDict()
        self._docs: OrderedDict[str, list[SentenceRow]] = OrderedDict()
        if not self.path.exists() and not create:
            raise IndexMissingError(f"no index at {folder}; run `qa ingest --index {folder}` first")
        try:
            self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=30, factory=_Connection)
            self.db.path = str(self.path)
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
        return {r[0] for r in self.db.execute("SELECT pid FROM passages").fetchall()}

    def _fresh(self) -> None:
        """Empty the read cache when the index changed since it was filled."""
        if self._cache and (gen := self.generation) != self._gen:
            self._passages.clear()
            self._sentences.clear()
            self._docs.clear()
            self._gen = gen

    def _keep(self, cache: OrderedDict[str, Any], key: str, value: Any) -> None:
        """Remember `value`, as the newest of `cache`, forgetting the oldest beyond the limit."""
        cache[key] = value
        cache.move_to_end(key)
        # a document may run to thousands of sentences: fewer of them are kept
        limit = max(1, self._cache // 16) if cache is self._docs else self._cache
        if len(cache) > limit:
            cache.popitem(last=False)

    def passages(self, pids: Sequence[str]) -> dict[str, PassageRow]:
        """Passages by id, joined with their document's title and date."""
        self._fresh()
        kept = {p: self._passages[p] for p in pids if p in self._passages}  # before new rows push any out
        todo = [p for p in pids if p not in kept]
        out: dict[str, PassageRow] = {}
        for i in range(0, len(todo), 500):
            part = list(todo[i:i + 500])
            q = ("SELECT p.pid, p.doc_id, p.start, p.\"end\", p.text, d.title, d.date, p.heading "
                 f"FROM passages p JOIN documents d USING (doc_id) WHERE p.pid IN ({','.join('?' * len(part))})")
            for r in self.db.execute(q, part).fetchall():
                out[r[0]] = PassageRow(*r)
        for p, row in (*kept.items(), *out.items()) if self._cache else ():
            self._keep(self._passages, p, row)
        return {p: kept.get(p) or out[p] for p in pids if p in kept or p in out}

    def sentences(self, pids: Sequence[str]) -> list[SentenceRow]:
        """Sentences of the given passages, with vectors, in document order."""
        self._fresh()
        found = {p: self._sentences[p] for p in dict.fromkeys(pids) if p in self._sentences}
        todo = [p for p in dict.fromkeys(pids) if p not in found]
        if todo:
            found.update((p, []) for p in todo)
            q = (f"SELECT pid, doc_id, start, \"end\", kind, block, vec FROM sentences "
                 f"WHERE pid IN ({','.join('?' * len(todo))})")
            for r in self.db.execute(q, todo).fetchall():  # one guarded call, not one per row
                found[r[0]].append(SentenceRow(r[0], r[1], r[2], r[3], r[4], r[5], from_blob(r[6])))
        for p, rows in found.items() if self._cache else ():
            self._keep(self._sentences, p, rows)
        return sorted((r for rows in found.values() for r in rows), key=lambda r: (r.doc_id, r.start))

    def doc_sentences(self, doc_id: str, blocks: Iterable[int]) -> list[SentenceRow]:
        """Sentences of a document's given blocks (to expand a list whose items span passages)."""
        bl = set(blocks)
        return [r for r in self.doc_rows(doc_id) if r.block in bl] if bl else []

    def doc_rows(self, doc_id: str) -> list[SentenceRow]:
        """Every sentence of a document, in order, with vectors."""
        self._fresh()
        if doc_id in self._docs:
            self._docs.move_to_end(doc_id)
            return self._docs[doc_id]
        q = "SELECT pid, doc_id, start, \"end\", kind, block, vec FROM sentences WHERE doc_id=? ORDER BY start"
        rows = [SentenceRow(r[0], r[1], r[2], r[3], r[4], r[5], from_blob(r[6]))
                for r in self.db.execute(q, (doc_id,)).fetchall()]
        if self._cache:
            self._keep(self._docs, doc_id, rows)
        return rows

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
below between both but by can could did do does doing down during each few for from
had has have having he her here hers herself him himself his how i if in into is it its itself
just me most my myself no nor not now of off on once only or other our ours ourselves out
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
more:additional further:additional told:tell spoke:speak met:meet made:make took:take held:hold gave:give went:go came:come saw:see
thought:think became:become began:begin brought:bring bought:buy sold:sell won:win lost:lose
paid:pay left:leave kept:keep found:find ran:run led:lead rose:rise fell:fall grew:grow chose:choose
wrote:write sent:send built:build spent:spend struck:strike sought:seek fought:fight taught:teach
caught:catch drew:draw drove:drive flew:fly froze:freeze hung:hang knew:know meant:mean shot:shoot
shut:shut stood:stand understood:understand withdrew:withdraw agreed:agree
chinese:china american:america americans:america russian:russia japanese:japan british:britain
french:france german:germany indian:india korean:korea taiwanese:taiwan malaysian:malaysia
european:europe israeli:israel iranian:iran ukrainian:ukraine canadian:canada mexican:mexico
brazilian:brazil australian:australia vietnamese:vietnam philippine:philippines filipino:philippines
pakistani:pakistan turkish:turkey saudi:saudi egyptian:egypt italian:italy spanish:spain
belgian:belgium dutch:netherlands swiss:switzerland swedish:sweden norwegian:norway danish:denmark
finnish:finland irish:ireland austrian:austria greek:greece portuguese:portugal argentine:argentina
argentinian:argentina chilean:chile peruvian:peru colombian:colombia venezuelan:venezuela
ecuadorean:ecuador ecuadorian:ecuador nigerian:nigeria kenyan:kenya zambian:zambia zimbabwean:zimbabwe
indonesian:indonesia thai:thailand singaporean:singapore cuban:cuba iraqi:iraq kuwaiti:kuwait
lebanese:lebanon syrian:syria libyan:libya algerian:algeria moroccan:morocco bolivian:bolivia
hungarian:hungary yugoslav:yugoslavia""".split())


_DEMONYMS = {w for w, base in _IRREGULAR.items() if w.endswith(("ese", "an", "ans", "ish", "i", "ino", "ine", "av"))} \
    | {"dutch", "swiss", "greek"}


def demonym_country(word: str) -> str:
    """The country a demonym names, lowercased ("Chinese" -> "china"), or "" for other words."""
    w = word.lower()
    return _IRREGULAR[w] if w in _DEMONYMS else ""


def tokenize(text: str, query: bool = False) -> list[str]:
    """Lowercased, stop-worded, stemmed keyword tokens ("U.S." -> "us", "soybeans" -> "soybean").

    Documents keep a demonym beside its country ("chinese", "china"); a query (`query=True`)
    keeps the country only, so one word of a question counts once.
    """
    memo = _QUERY_WORDS if query else _DOC_WORDS
    out: list[str] = []
    for w in _TOKEN.findall(text.lower()):
        toks = memo.get(w)
        if toks is None:
            toks = _word_tokens(w, query)
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()  # a bounded memo: the vocabulary of news is open-ended
            memo[w] = toks
        out.extend(toks)
    return out


_DOC_WORDS: dict[str, tuple[str, ...]] = {}
_QUERY_WORDS: dict[str, tuple[str, ...]] = {}
_MEMO_LIMIT = 500_000


def _word_tokens(word: str, query: bool) -> tuple[str, ...]:
    """The tokens of one lowercased word (memoised by `tokenize`: stemming is per word)."""
    w = word.replace(".", "").replace("’", "'").split("'")[0]
    if not w or w in STOPWORDS:
        return ()
    base = _IRREGULAR.get(w)
    if base and w in _DEMONYMS and not query:
        return tuple(_stem([w, base]))  # keep "chinese" beside "china", for misspellings of either
    return tuple(_stem([base or w]))


def _file_digest(path: Path) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class KeywordIndex:
    """BM25 over passages (bm25s), persisted beside the manifest and stamped with its generation."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "bm25"
        self.retriever: Any = None
        self.pids: list[str] = []
        self.generation = -1
        self._buckets: tuple[Any, dict[tuple[str, int], list[str]]] | None = None
        self._spelled: dict[str, list[str]] = {}

    def load(self) -> bool:
        """Load from disk; False when missing, unreadable or damaged (then rebuild: it is derived data)."""
        try:
            import bm25s

            stamp = json.loads((self.folder / "stamp.json").read_text())
            pids, generation = list(stamp["pids"]), int(stamp["generation"])
            if stamp.get("tokenizer", "1") != TOKENIZER_VERSION:
                raise ValueError("tokenized by another version")
            # Files are checked against the checksums written with them (stamps of older
            # versions carry none), so a damaged file is rebuilt, never searched.
            for name, digest in stamp.get("files", {}).items():
                if _file_digest(self.folder / name) != digest:
                    raise ValueError(f"{name} does not match its checksum")
            retriever = bm25s.BM25.load(str(self.folder), mmap=False, load_vocab=True) if pids else None
            self.retriever, self.pids, self.generation = retriever, pids, generation
            return True
        except Exception:  # any damage: report "not loaded" and let the caller rebuild
            self.retriever, self.pids, self.generation = None, [], -1
            return False

    def build(self, rows: Iterable[tuple[str, str]], generation: int, persist: bool = True) -> None:
        """Index (pid, text) rows; with `persist`, save atomically (write aside, then rename).

        A reader that finds the saved index stale builds one in memory (`persist=False`):
        readers never write to the index directory.
        """
        import bm25s

        pids: list[str] = []
        corpus: list[list[str]] = []
        for pid, text in rows:
            pids.append(pid)
            corpus.append(tokenize(text) or ["__empty__"])
        retriever = bm25s.BM25()
        if corpus:
            retriever.index(corpus, show_progress=False)
        if not persist:
            self.retriever, self.pids, self.generation = (retriever if corpus else None), pids, generation
            return
        tmp = self.folder.with_name("bm25.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if corpus:
            retriever.save(str(tmp), show_progress=False)
        files = {p.name: _file_digest(p) for p in sorted(tmp.iterdir())}
        (tmp / "stamp.json").write_text(json.dumps({"generation": generation, "pids": pids, "files": files,
                                                         "tokenizer": TOKENIZER_VERSION}))
        old = self.folder.with_name("bm25.old")
        shutil.rmtree(old, ignore_errors=True)
        if self.folder.exists():
            os.replace(self.folder, old)
        os.replace(tmp, self.folder)
        shutil.rmtree(old, ignore_errors=True)
        self.retriever, self.pids, self.generation = (retriever if corpus else None), pids, generation

    @staticmethod
    def rows(manifest: Manifest) -> Iterable[tuple[str, str]]:
        """(pid, title + text) of every passage, in a stable order: what BM25 indexes."""
        return manifest.db.execute(
            "SELECT p.pid, d.title || ' ' || p.text FROM passages p JOIN documents d USING (doc_id) ORDER BY p.rowid")

    def knows(self, term: str) -> bool:
        """True when the (tokenized) term occurs in some passage."""
        return self.retriever is not None and term in self.retriever.vocab_dict

    def rarity(self, term: str) -> float:
        """How rare `term` is among the passages, 0 (in every one) to 1 (in one, or in none):
        a scaled inverse document frequency."""
        r = self.retriever
        n = len(self.pids)
        if r is None or n < 2:
            return 1.0
        i = r.vocab_dict.get(term)
        df = 0 if i is None else int(r.scores["indptr"][i + 1] - r.scores["indptr"][i])
        return 1.0 - math.log(max(df, 1)) / math.log(n)

    def spelled(self, term: str) -> list[str]:
        """Indexed terms one or two edits from an unknown `term` ("fentanil" -> "fentanyl"),
        the closest ones only; [] for short terms, whose near neighbours are other words."""
        from qa.question import edit_distance, spelling_budget

        budget = spelling_budget(term)
        if not budget or self.retriever is None:
            return []
        if self._buckets is None or self._buckets[0] is not self.retriever:
            buckets: dict[tuple[str, int], list[str]] = {}
            for v in self.retriever.vocab_dict:
                buckets.setdefault((v[:1], len(v)), []).append(v)
            self._buckets = (self.retriever, buckets)
            self._spelled = {}
        if term in self._spelled:
            return self._spelled[term]
        best, found = budget + 1, []
        for n in range(len(term) - budget, len(term) + budget + 1):
            for v in self._buckets[1].get((term[:1], n), ()):
                d = edit_distance(term, v, budget)
                if d > budget:
                    continue
                if d < best:
                    best, found = d, [v]
                elif d == best:
                    found.append(v)
        if len(self._spelled) >= 10_000:
            self._spelled.clear()
        self._spelled[term] = found[:2]
        return found[:2]

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """Top-k (pid, score) for a query; empty when no query term is in the vocabulary."""
        if self.retriever is None or not self.pids:
            return []
        vocab = self.retriever.vocab_dict
        terms: list[str] = []
        for t in tokenize(query):
            terms += [t] if t in vocab else self.spelled(t)
        if not terms:
            return []
        scores = self.retriever.get_scores(terms)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.pids[i], float(scores[i])) for i in top if scores[i] > 0]


_OPENED_STORES: dict[str, tuple[int, int] | None] = {}
"""Identity (device, inode) of each embedded store's database file when this process opened it."""


def _store_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path / "chroma.sqlite3")
        return st.st_dev, st.st_ino
    except OSError:
        return None


def forget_chroma_client(path: Path) -> None:
    """Drop the client chromadb caches in this process for the embedded store at `path`.

    chromadb keeps one client per store path for the life of the process; once the folder
    is deleted (`--rebuild`, or by hand) that client still serves the old store and fails
    on writes ("attempt to write a readonly database"). The next open then starts afresh.
    """
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        target = os.path.realpath(path)
        _OPENED_STORES.pop(target, None)
        for key in [k for k in list(SharedSystemClient._identifier_to_system) if os.path.realpath(k) == target]:
            system = SharedSystemClient._identifier_to_system.pop(key, None)
            SharedSystemClient._identifier_to_refcount.pop(key, None)
            if system is not None:
                with contextlib.suppress(Exception):  # best effort: the store is gone anyway
                    system.stop()
    except (ImportError, AttributeError):  # another chromadb layout: nothing cached we know of
        pass


def _marked_override(method: Any = None, **_: Any) -> Any:
    """`overrides.override` without its signature check: marks the method, as the real one does."""
    def mark(fn: Any) -> Any:
        fn.__override__ = True
        return fn
    return mark(method) if method is not None else mark


@contextlib.contextmanager
def _unchecked_overrides() -> Any:
    """chromadb decorates ~170 methods with `overrides.override`, which compares each one's
    signature with its base class's as the module is imported: about a quarter of a cold start
    (measured: `import chromadb` 1.2 -> 0.9 s). The check guards chromadb's own development, not
    its behaviour, so it is skipped while chromadb's modules load; `EnforceOverrides` still sees
    every method marked."""
    try:
        import overrides

        module = importlib.import_module("overrides.overrides")  # the package's `overrides` is the function
    except ImportError:  # a chromadb without that dependency
        yield
        return
    saved = overrides.override, overrides.overrides, module.override, module.overrides
    overrides.override = overrides.overrides = module.override = module.overrides = _marked_override
    try:
        yield
    finally:
        overrides.override, overrides.overrides, module.override, module.overrides = saved


def open_chroma(folder: Path, url: str, collection: str, create: bool) -> Any:
    """The Chroma collection: embedded in `folder/chroma`, or on the server at `url`."""
    with _unchecked_overrides():  # the client loads more of chromadb's modules
        return _open_chroma(folder, url, collection, create)


def _open_chroma(folder: Path, url: str, collection: str, create: bool) -> Any:
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
        # chromadb caches one client per path for the life of the process. If the store on
        # disk is not the one that client opened (deleted, or rebuilt by another process),
        # drop it, or it keeps serving the old store and fails on writes.
        key = os.path.realpath(path)
        if _store_identity(path) != _OPENED_STORES.get(key, "unset"):
            forget_chroma_client(path)
        try:
            client = chromadb.PersistentClient(path=str(path), settings=settings)
        except Exception as exc:
            forget_chroma_client(path)  # nor reuse a client that failed to start
            raise IndexCorruptError(
                f"Chroma store in {path} cannot be opened ({exc}); run `qa ingest --rebuild`") from exc
        _OPENED_STORES[key] = _store_identity(path)
    try:
        if create:
            return client.get_or_create_collection(collection, embedding_function=None,
                                                   metadata={"hnsw:space": "cosine"})
        return client.get_collection(collection, embedding_function=None)
    except StoreUnavailableError:
        raise
    except Exception as exc:
        where = url or str(folder / "chroma")
        if not url:
            forget_chroma_client(folder / "chroma")
        raise IndexCorruptError(
            f"Chroma collection {collection!r} at {where} cannot be opened ({exc}); "
            "run `qa ingest --rebuild`") from exc

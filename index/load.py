"""Loading articles: files (txt, md, html) and news dumps (JSONL, JSONL.gz, CSV).

Every loaded document keeps the text exactly as offsets will address it: the decoded
file with newlines normalised to "\\n" (HTML: its extracted main text). Nothing later
rewrites that text; cleaning and chunking only choose spans of it.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from index.chunk import CHUNKER_VERSION
from index.dates import parse_date
from index.html import extract_html

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".html", ".htm"}
DUMP_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".csv")
LOADER_VERSION = "3"
"""Bumped when what is read from a file changes (2: a record's dateline; 3: its place only): every
file is read again on the next ingest, and passages whose text is unchanged keep their vectors."""
READING_VERSION = f"{CHUNKER_VERSION}/{LOADER_VERSION}"
"""How an index's documents were read and split: another reading re-reads every file."""
MAX_FILE_BYTES = 20 * 1024 * 1024
"""Files above this size are skipped and reported (a 50 MB 'article' is not one)."""

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "doc_id", "article_id", "guid", "uuid"),
    "title": ("title", "headline", "heading", "name"),
    "date": ("date", "published", "published_at", "publish_date", "pubdate", "datetime", "time"),
    "url": ("url", "link", "href", "canonical_url"),
    "source": ("source", "publisher", "site", "outlet", "domain"),
    "text": ("text", "body", "content", "article", "full_text", "maintext"),
    "dateline": ("dateline", "location"),
}


@dataclass
class Document:
    """One article as loaded: `id` is its path (or `file#record`) relative to the corpus root."""

    id: str
    text: str
    title: str
    source_file: str
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    content_hash: str = ""
    notes: list[str] = field(default_factory=list)
    dateline: str | None = None
    """Where (and when) a wire story was filed, printed before its first line ("OSAKA, Japan, April 29")."""

    def __post_init__(self) -> None:
        if not self.content_hash:
            key = f"{self.title}\x00{self.date}\x00{self.url}\x00{self.text}"
            key += f"\x00{self.dateline}" if self.dateline else ""
            self.content_hash = hashlib.sha1(key.encode("utf-8")).hexdigest()


@dataclass
class Skipped:
    """A file or record that was not indexed, and why."""

    id: str
    reason: str


@dataclass
class SourceFile:
    """A file of the corpus as seen by a scan: its identity for change detection."""

    rel: str
    path: Path
    size: int
    mtime_ns: int


def scan_corpus(root: Path) -> tuple[list[SourceFile], list[Skipped]]:
    """List the loadable files under `root` (a folder, or a single dump/article file).

    Symlink loops and unreadable folders are reported as skipped, never raised.
    """
    if root.is_file():
        st = root.stat()
        return [SourceFile(root.name, root, st.st_size, st.st_mtime_ns)], []
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    seen_dirs: set[tuple[int, int]] = set()

    def onerror(err: OSError) -> None:
        skipped.append(Skipped(os.path.relpath(err.filename or str(root), root), f"unreadable: {err.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=onerror):
        st = os.stat(dirpath)
        if (st.st_dev, st.st_ino) in seen_dirs:
            skipped.append(Skipped(os.path.relpath(dirpath, root), "symlink loop"))
            dirnames[:] = []
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath, name)
            rel = path.relative_to(root).as_posix()
            if not (path.suffix.lower() in TEXT_SUFFIXES or name.lower().endswith(DUMP_SUFFIXES)):
                skipped.append(Skipped(rel, f"unsupported file type {path.suffix or '(none)'}"))
                continue
            try:
                fst = path.stat()
            except OSError as exc:
                skipped.append(Skipped(storable_name(rel), f"unreadable: {exc.strerror}"))
                continue
            if not stat.S_ISREG(fst.st_mode):  # a named pipe or a device: reading it would block
                skipped.append(Skipped(storable_name(rel), "not a regular file"))
                continue
            files.append(SourceFile(storable_name(rel), path, fst.st_size, fst.st_mtime_ns))
    return files, skipped


def storable_name(rel: str) -> str:
    """`rel`, or for a name that is not valid UTF-8 a printable one (bytes as \\xNN): SQLite
    stores UTF-8, and the same file must get the same name on every scan."""
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode bytes as UTF-8, falling back to cp1252 then latin-1; returns (text, note)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text, note = data.decode("utf-8"), None
    except UnicodeDecodeError:
        try:
            text, note = data.decode("cp1252"), "not UTF-8: decoded as cp1252"
        except UnicodeDecodeError:
            text, note = data.decode("latin-1"), "not UTF-8: decoded as latin-1"
    return text.replace("\r\n", "\n").replace("\r", "\n"), note


def looks_binary(data: bytes) -> bool:
    """True when the bytes are not text: NUL bytes or many control characters."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(head) > 0.05


def load_file(sf: SourceFile) -> tuple[list[Document], list[Skipped]]:
    """Load one corpus file into documents (many for a dump), with what was skipped."""
    if sf.size > MAX_FILE_BYTES and not sf.rel.lower().endswith(DUMP_SUFFIXES):
        mb = sf.size / 1024 / 1024
        return [], [Skipped(sf.rel, f"too large ({mb:.0f} MB > {MAX_FILE_BYTES // 2**20} MB limit)")]
    try:
        data = sf.path.read_bytes()
    except OSError as exc:
        return [], [Skipped(sf.rel, f"unreadable: {exc.strerror}")]
    lower = sf.rel.lower()
    if lower.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            return [], [Skipped(sf.rel, f"corrupt gzip: {exc}")]
    if looks_binary(data):
        return [], [Skipped(sf.rel, "binary file")]
    text, note = decode(data)
    if lower.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return load_jsonl(sf.rel, text)
    if lower.endswith(".csv"):
        return load_csv(sf.rel, text)
    if not text.strip():
        return [], [Skipped(sf.rel, "empty file")]
    if lower.endswith((".html", ".htm")):
        page = extract_html(text)
        if not page.text.strip():
            return [], [Skipped(sf.rel, "no article text in HTML")]
        doc = Document(sf.rel, page.text, page.title or first_line(page.text), sf.rel,
                       parse_date(page.date), page.publisher, page.url)
    else:
        doc = text_document(sf.rel, text)
    if note:
        doc.notes.append(note)
    return [doc], []


def first_line(text: str) -> str:
    """The first non-empty line, stripped of Markdown heading marks."""
    for line in text.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip()
    return ""


_META_LINE = re.compile(r"^\s*(source|publisher|published|date|url|by|author)\s*:\s*(.+?)\s*$", re.I)
_URL = re.compile(r"^\s*(https?://\S+)\s*$")


def text_document(rel: str, text: str) -> Document:
    """A text or Markdown article: title from the first line, metadata from its head."""
    title = first_line(text)
    meta: dict[str, str] = {}
    lines = [ln.strip() for ln in text.splitlines()[:15] if ln.strip()]
    if lines and lines[0] == "---":  # Markdown front matter
        for ln in lines[1:]:
            if ln == "---":
                break
            key, _, value = ln.partition(":")
            meta.setdefault(key.strip().lower(), value.strip().strip("\"'"))
    for ln in lines[1:]:
        m = _META_LINE.match(ln)
        if m:
            meta.setdefault(m.group(1).lower(), m.group(2))
        elif _URL.match(ln):
            meta.setdefault("url", ln)
        elif "date" not in meta and len(ln) < 40 and parse_date(ln):
            meta["date"] = ln
    # A short name-like line right under the title is usually the outlet ("Times in Pakistan").
    if len(lines) > 1 and "source" not in meta and "publisher" not in meta:
        cand = lines[1]
        words = cand.split()
        if 1 <= len(words) <= 5 and not cand.endswith((".", "?", "!", ":")) and cand[0].isupper() \
                and sum(w[0].isupper() for w in words if w[0].isalpha()) >= len(words) - 1:
            meta["publisher"] = cand
    date = meta.get("date") or meta.get("published")
    return Document(rel, text, meta.get("title", title), rel, parse_date(date),
                    meta.get("source") or meta.get("publisher"), meta.get("url"))


def _pick(record: dict, name: str, mapping: dict[str, str] | None) -> str:
    keys = (mapping[name],) if mapping and name in mapping else FIELD_ALIASES[name]
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in keys:
        value = lowered.get(key.lower())
        if value not in (None, ""):
            return str(value)
    return ""


_DATELINE_DATE = re.compile(r",?\s*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|"
                            r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)(?:,?\s+\d{4})?\s*$", re.I)
"""The date that ends a dateline ("OSAKA, Japan, April 29"): the record's date tells it already."""


def record_document(rel: str, record: dict, n: int, mapping: dict[str, str] | None = None) -> Document | Skipped:
    """Turn one dump record into a Document (id `<file>#<record id>`), or a Skipped."""
    rid = _pick(record, "id", mapping) or str(n)
    doc_id = f"{rel}#{rid}"
    text = _pick(record, "text", mapping).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return Skipped(doc_id, "record without text")
    title = _pick(record, "title", mapping) or first_line(text)
    # the place it was filed at: its date is the record's own ("OSAKA, Japan, April 29" -> "OSAKA, Japan")
    dateline = _DATELINE_DATE.sub("", _pick(record, "dateline", mapping).strip(" -\u2014")).strip(" ,")
    return Document(doc_id, text, title, rel, parse_date(_pick(record, "date", mapping)),
                    _pick(record, "source", mapping) or None, _pick(record, "url", mapping) or None,
                    dateline=dateline if dateline.lower() not in text[:200].lower() else None)


def load_jsonl(rel: str, text: str, mapping: dict[str, str] | None = None) -> tuple[list[Document], list[Skipped]]:
    """Load a JSON-lines dump; malformed lines are reported with their line number."""
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            skipped.append(Skipped(f"{rel}:{n}", f"malformed line {n}: {exc}"))
            continue
        out = record_document(rel, record, n, mapping)
        (docs if isinstance(out, Document) else skipped).append(out)  # type: ignore[arg-type]
    return _dedupe_ids(docs, skipped)


def load_csv(rel: str, text: str, mapping: dict[str, str] | None = None) -> tuple[list[Document], list[Skipped]]:
    """Load a CSV dump with a header row; one article per row."""
    docs: list[Document] = []
    skipped: list[Skipped] = []
    csv.field_size_limit(MAX_FILE_BYTES)
    try:
        for n, row in enumerate(csv.DictReader(io.StringIO(text)), 2):
            out = record_document(rel, row, n, mapping)
            (docs if isinstance(out, Document) else skipped).append(out)  # type: ignore[arg-type]
    except csv.Error as exc:
        skipped.append(Skipped(rel, f"malformed CSV: {exc}"))
    return _dedupe_ids(docs, skipped)


def _dedupe_ids(docs: list[Document], skipped: list[Skipped]) -> tuple[list[Document], list[Skipped]]:
    seen: set[str] = set()
    out = []
    for d in docs:
        if d.id in seen:
            skipped.append(Skipped(d.id, "duplicate record id"))
            continue
        seen.add(d.id)
        out.append(d)
    return out, skipped


def iter_documents(files: list[SourceFile]) -> Iterator[tuple[SourceFile, list[Document], list[Skipped]]]:
    """Load each file in turn."""
    for sf in files:
        docs, skipped = load_file(sf)
        yield sf, docs, skipped

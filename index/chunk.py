"""Chunking: paragraphs, headings, list items and sentences, all as offsets.

A passage is a run of whole blocks (a heading stays with its section) sized for the
embedding model; each passage lists its sentences so answers can cite a sentence.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from dataclasses import dataclass, field

from index.clean import content_lines

_BULLET = re.compile(r"^(?:[•●▪‣◦*·–—-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_TERMINAL = ('.', '!', '?', '"', '”', '’', "'", ':', ';', ',', ')')
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "gov",
    "sen", "rep", "rev", "hon", "pres", "adm", "cmdr", "maj", "no", "nos", "vs", "v", "etc", "inc",
    "corp", "ltd", "co", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "mln", "bln", "pct",
    "approx", "dept", "est", "fig", "mt", "ft", "e.g", "i.e", "u.s", "u.k", "u.n", "a.m", "p.m",
}
_STARTERS = {"the", "a", "an", "in", "it", "he", "she", "they", "we", "but", "and", "this", "that",
             "these", "those", "i", "on", "at", "for", "as", "officials", "its", "his", "her"}
# A candidate boundary: terminal punctuation, optional closing quotes, whitespace, then a
# character that can open a sentence.
# Scraped text often glues two sentences ("an invasion.The question"): a lowercase word,
# a full stop and a capitalised word with no space between them split too.
_BOUNDARY = re.compile(r"([.!?]+|:)([\"”’')\]]*)(\s+|(?<=[a-z][a-z][.!?])(?=[A-Z][a-z]))(?=[\"“‘'(\[]?[A-Z0-9•])")
CHUNKER_VERSION = "6"
"""Bumped when sentence or passage boundaries change: documents are re-split on the next ingest
(passages whose text is unchanged keep their vectors)."""


@dataclass
class Sentence:
    """A sentence (or heading, or list item) as offsets into the document text."""

    start: int
    end: int
    kind: str = "text"  # "text", "heading" or "item"
    block: int = 0
    """Ordinal of the paragraph, heading or list item it belongs to."""


@dataclass
class Chunk:
    """A passage: whole blocks of one document, with its sentences."""

    doc_id: str
    ord: int
    start: int
    end: int
    text: str
    heading: str
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Stable id: the same document, span and text always give the same id."""
        key = f"{self.doc_id}\x00{self.start}\x00{self.end}\x00{self.text}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:24]


@dataclass
class _Block:
    start: int
    end: int
    kind: str
    after_furniture: bool = False


def _is_hard_wrapped(lines: list[tuple[int, int, int]], text: str) -> bool:
    if len(lines) < 4:
        return False
    lengths = [e - s for s, e, _ in lines]
    if max(lengths) > 140:
        return False
    if 45 <= statistics.median(lengths) <= 90:
        return True
    # Wrapped prose above a results table (whose short rows pull the median down): lines of
    # 45-90 columns that stop mid-sentence and run straight on into an unindented line.
    runs_on = sum(1 for (s, e, _), (s2, _e2, indent2) in zip(lines, lines[1:], strict=False)
                  if 45 <= e - s <= 90 and not text[s:e].endswith(_TERMINAL) and indent2 == 0
                  and text.count("\n", e, s2) == 1)
    return runs_on >= 2


_NUMBER_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|nil)"
_TABLE_ROW = re.compile(r"\d.*\bvs\.?\s+(?:loss\s+|profit\s+)?[\d.,$]|\bvs\.?\s+\d|"
                        r"\d[\d,.]{2,}\s{2,}.*\d[\d,.]{2,}|"
                        rf"(?i:\b{_NUMBER_WORD}\s+(?:cts?|dlrs?)\b.*\bvs\.?\s+(?:loss\s+|profit\s+)?(?:\d|{_NUMBER_WORD}\b))")
"""A row of figures: "Shr 59 cts vs 27 cts", "Iowa   3,450    3,550    2,815", "Oper shr seven cts vs four cts"."""


def _line_kind(line: str, first: bool) -> str:
    words = line.split()
    if len(words) > (25 if first else 18):
        return "para"
    if not line.endswith(_TERMINAL):
        # "Shr 59 cts vs 27 cts": a row of a results table, which states a figure, heads nothing
        return "para" if _TABLE_ROW.search(line) else "heading"
    capitalised = sum(w[:1].isupper() for w in words if len(w) > 3)
    long_words = sum(1 for w in words if len(w) > 3)
    if line.endswith("?") and long_words and capitalised / long_words >= 0.6:
        return "heading"
    return "para"


def blocks(text: str) -> list[_Block]:
    """Paragraph-level blocks (headings, list items, paragraphs) over content lines.

    In hard-wrapped copy (wire stories wrapped at ~65 columns) a paragraph runs on over
    several lines and starts at a blank line or an indented line; elsewhere a line is a block.
    """
    lines = content_lines(text)
    wrapped = _is_hard_wrapped(lines, text)
    out: list[_Block] = []
    joined: list[bool] = []
    prev_end = -2
    for i, (start, end, indent) in enumerate(lines):
        line = text[start:end]
        bullet = bool(_BULLET.match(line))
        gap = text.count("\n", prev_end, start) if prev_end >= 0 else 2
        if wrapped and out and not bullet and gap == 1 and indent == 0 and not text[prev_end:start].strip():
            out[-1].end = end
            joined[-1] = True
        else:
            junk = prev_end >= 0 and bool(text[prev_end:start].strip())
            out.append(_Block(start, end, "item" if bullet else _line_kind(line, first=i == 0), junk))
            joined.append(False)
        prev_end = end
    for block, multi in zip(out, joined, strict=True):
        if multi and block.kind == "heading":
            block.kind = "para"
    # A "heading" with nothing after it, or followed only by more headings at the end, is
    # still content (a short closing line), so keep it as a paragraph.
    if out and out[-1].kind == "heading" and len(out) > 1:
        out[-1].kind = "para"
    return out


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within text[start:end], sentences may span hard line breaks."""
    spans: list[tuple[int, int]] = []
    seg = text[start:end]
    cur = 0
    for m in _BOUNDARY.finditer(seg):
        punct_end = m.end(2)
        word = re.search(r"([\w.]+)$", seg[cur:m.start(1)])
        prev = (word.group(1) if word else "").lower().rstrip(".")
        nxt = re.match(r"[\"“‘'(\[]?(\w+)", seg[m.end(3):])
        nxt_word = nxt.group(1).lower() if nxt else ""
        if m.group(1) == ":":
            # "...: The most sensitive issue" is one sentence; only a colon ending a line splits.
            continue
        initials = re.fullmatch(r"(?:[a-z]\.)+[a-z]", prev)
        if m.group(1) == "." and (prev in _ABBREV or re.fullmatch(r"[a-z]", prev) or initials) \
                and not (initials and nxt_word in _STARTERS):
            continue  # "U.S. officials": no split; "in the U.S. The talks": split
        spans.append((cur, punct_end))
        cur = m.end(3)
    spans.append((cur, len(seg)))
    out = []
    for s, e in _without_links(seg, spans):
        piece = seg[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            out.extend(_split_long(text, start + s + lead, start + s + trail))
    return out


_LINK = re.compile(r"(?:https?://|www\.)\S+")


def _without_links(seg: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans with web addresses cut out: a source link pasted after a sentence ("... near the
    island. https://www.cfr.org/...") is no part of it, and never a sentence of its own."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        links = list(_LINK.finditer(seg, s, e))
        if not links:
            out.append((s, e))
            continue
        bounds = [s] + [x for m in links for x in (m.start(), m.end())] + [e]
        out += [(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=True) if len(re.findall(r"\w+", seg[a:b])) > 1]
    return out


def _split_long(text: str, start: int, end: int, limit: int = 600) -> list[tuple[int, int]]:
    """Cut run-on 'sentences' (tables, lists without punctuation) at line breaks or semicolons."""
    if end - start <= limit:
        return [(start, end)]
    seg = text[start:end]
    cut = max(seg.rfind("\n", 0, limit), seg.rfind("; ", 0, limit) + 1, seg.rfind(" ", 0, limit))
    if cut <= 0:
        cut = limit
    head = seg[:cut].rstrip()
    rest_lead = len(seg[cut:]) - len(seg[cut:].lstrip())
    return [(start, start + len(head))] + _split_long(text, start + cut + rest_lead, end, limit)


def block_sentences(text: str, block: _Block, n: int = 0) -> list[Sentence]:
    """The sentences of one block (ordinal `n`); list markers are left out of the item's span."""
    if block.kind == "heading":
        return [Sentence(block.start, block.end, "heading", n)]
    start = block.start
    kind = "text"
    if block.kind == "item":
        m = _BULLET.match(text[start:block.end])
        start += m.end() if m else 0
        kind = "item"
    return [Sentence(s, e, kind, n) for s, e in split_sentences(text, start, block.end)]


def chunk_document(doc_id: str, text: str, max_chars: int = 800) -> list[Chunk]:
    """Split a document into passages of whole sentences, headings kept with their section."""
    chunks: list[Chunk] = []
    cur: list[Sentence] = []
    heading = ""
    cur_heading = ""

    def flush() -> None:
        nonlocal cur
        if cur:
            s, e = cur[0].start, cur[-1].end
            chunks.append(Chunk(doc_id, len(chunks), s, e, text[s:e], cur_heading, cur))
        cur = []

    for n, block in enumerate(blocks(text)):
        sents = block_sentences(text, block, n)
        if block.after_furniture:
            flush()  # a passage never spans page furniture, so its text stays clean
        if block.kind == "heading":
            if cur and any(s.kind != "heading" for s in cur):
                flush()
            heading = text[block.start:block.end]
            if not cur:
                cur_heading = heading
            cur.extend(sents)
            continue
        for sent in sents:
            if cur and sent.end - cur[0].start > max_chars and any(s.kind != "heading" for s in cur):
                flush()
                cur_heading = heading
            if not cur:
                cur_heading = heading
            cur.append(sent)
    flush()
    return chunks

"""Questions about an article's make-up rather than its news: how it opens, how it closes, who
published it ("In its opening line, how does the piece describe ...?", "Which site published
the first article?")."""

from __future__ import annotations

import re

from index.store import Manifest, SentenceRow

EDGE_SENTENCES = 4
"""At most this many sentences make an article's opening (its first paragraph) or its close
(the section after its last heading, else its last sentences)."""

CAPTION_BLOCKS = 4
"""A caption stands among the first blocks: title, byline, photo, caption."""
_CAPTION = re.compile(r"[A-Z].{5,150}?\b(?:meets|speaks|attends|arrives|shakes hands|listens|gestures|poses|looks on|"
                      r"greets|is seen|are seen|pictured)\b[^.!?]*\.?$")
"""A photo caption: one sentence in the present tense of what the picture shows."""


def is_caption(row: SentenceRow, text: str) -> bool:
    """True for a photo caption: a present-tense sentence among the first blocks of a page."""
    return row.block <= CAPTION_BLOCKS and bool(_CAPTION.match(text))


_HOW_IT = r"\bhow (?:does|do|did) (?:the |this |that |each |both |its )?(?:\w+ )?(?:articles?|pieces?|stor(?:y|ies)|reports?) "
_OPENING = re.compile(
    r"\b(?:opening|first|initial) (?:line|lines|sentence|sentences|paragraph|words)\b|\b(?:lede|lead paragraph|intro)\b|"
    r"\b(?:begins?|began|starts?|started|opens?|opened) (?:with|by)\b|"
    rf"{_HOW_IT}(?:begin|open|start)\b|\bat the (?:start|beginning|top|outset) of (?:the |its |this |that )?(?:article|piece|story|report)\b", re.I)
_CLOSING = re.compile(
    r"\b(?:closing|last|final|concluding) (?:line|lines|sentence|sentences|paragraph|paragraphs|words|section|"
    r"remarks?)\b|\b(?:conclusion|concludes?|concluded)\b|\b(?:ends?|ended|closes?|closed|wraps? up) (?:with|by|on)\b|"
    rf"{_HOW_IT}(?:end|close|conclude|finish|wrap up)\b|\bat the end of (?:the |its |this |that )?(?:article|piece|story|report)\b", re.I)
_PUBLISHER = re.compile(
    r"\b(?:which|what) (?:news |media )?(?:site|website|outlet|publication|newspaper|paper|magazine|agency|"
    r"source|publisher)\b.{0,40}?\b(?:published|publish|ran|run|carried|carry|printed|print|put out)\b|"
    r"\bwho (?:published|publishes|ran|carried|printed|put out) (?:it|(?:the|this|that) (?:\w+ )?"
    r"(?:article|story|piece|report))\b|"
    r"\b(?:where|by whom) (?:was|is) (?:it|(?:the|this|that) (?:\w+ )?(?:article|story|piece|report)) published\b|"
    r"\bwho is the publisher\b|\bwhat is the (?:source|publisher|outlet) of (?:the|this|that) (?:\w+ )?"
    r"(?:article|story|piece|report)\b", re.I)


SUMMARY_MAX_ARTICLES = 5
"""A summary of "the articles" covers them all when the collection holds at most this many;
a larger one is asked for a topic ("summarize the news about the soybean deal" is answered as
what the articles say about it)."""
_SUMMARY = re.compile(
    r"^(?:(?:please|can you|could you|would you|just)\s+)*(?:(?:give|write|make)\s+(?:me\s+|us\s+)?(?:a\s+|an\s+)?"
    r"(?:short\s+|brief\s+|quick\s+)?(?:summary|overview|recap|rundown|gist)\b|summari[sz]e\b|sum up\b|recap\b|tl;?dr\b)|"
    r"^(?:so\s+)?what(?:['’]s| is| are)\s+(?:this|these|that|the|each|both)\s+(?:(?:first|second|third|last|other|two)\s+)?"
    r"(?:articles?|stor(?:y|ies)|pieces?|reports?|documents?|news)\s+(?:all\s+)?about\s*\??$|"
    r"^(?:what are )?the (?:main|key) (?:points|takeaways)\b", re.I)
_SUMMARY_WORDS = re.compile(
    r"\b(?:please|can you|could you|would you|just|give|write|make|me|us|a|an|short|brief|quick|summary|overview|"
    r"recap|rundown|gist|summari[sz]e|sum up|tl;?dr|main|key|points|takeaways|what|is|are|of|the|this|these|that|"
    r"each|both|two|all|articles?|stor(?:y|ies)|pieces?|reports?|documents?|news|about|on|regarding|concerning|for)\b"
    r"|[^\w\s]", re.I)


def summary_asked(question: str) -> bool:
    """True when the question asks for a summary ("Summarize the articles", "What's this story about?")."""
    return bool(_SUMMARY.search(question.strip()))


def summary_topic(question: str) -> str:
    """What a summary request is about, its request words left out ("summarize the news about the
    soybean deal" -> "soybean deal"); "" when it names no topic."""
    return " ".join(_SUMMARY_WORDS.sub(" ", question).split())


def lead_sentences(manifest: Manifest, doc_id: str, n: int) -> list[SentenceRow]:
    """The first `n` sentences of an article's news: no heading, byline, photo caption or
    rhetorical question, nothing shorter than a sentence (a news story leads with what matters)."""
    text = manifest.document_text(doc_id) or ""
    leads = [r for r in _body(manifest, doc_id, text) if not text[r.start:r.end].endswith("?")
             and len(text[r.start:r.end].split()) >= 8]
    return leads[:n]


def _body(manifest: Manifest, doc_id: str, text: str) -> list[SentenceRow]:
    """A document's sentences (`text`: the document's), its headings and a photo's caption left out."""
    return [r for r in manifest.doc_rows(doc_id) if r.kind != "heading" and not is_caption(r, text[r.start:r.end])]


def position_asked(question: str) -> str:
    """"opening" or "closing" when the question asks how an article begins or ends, else ""."""
    if _CLOSING.search(question):
        return "closing"
    if _OPENING.search(question):
        return "opening"
    return ""


def strip_position(question: str) -> str:
    """The question without the words that point at an article's opening or close: they are
    not what the answer talks about."""
    return _OPENING.sub(" ", _CLOSING.sub(" ", question))


def publisher_asked(question: str) -> bool:
    """True when the question asks who published an article."""
    return bool(_PUBLISHER.search(question))


def edge_sentences(manifest: Manifest, doc_id: str, position: str) -> list[SentenceRow]:
    """The sentences that open (`position` "opening") or close ("closing") a document, headings and
    a photo's caption left out."""
    rows = manifest.doc_rows(doc_id)
    body = _body(manifest, doc_id, manifest.document_text(doc_id) or "")
    if not body:
        return []
    if position == "opening":
        first = body[0].block
        return [r for r in body if r.block == first][:EDGE_SENTENCES]
    headings = [r for r in rows if r.kind == "heading"]
    last_section = [r for r in body if headings and r.start > headings[-1].start]
    return (last_section or body)[-EDGE_SENTENCES:]


_HEADLINE = re.compile(r"\bheadlines?\b|\btitle of (?:the|this|that|each|both) (?:\w+ )?(?:article|story|piece|report)s?\b|"
                       r"\b(?:article|story|piece|report)['’]s title\b|\bwhat (?:is|was) (?:the|each) "
                       r"(?:\w+ )?(?:article|story|piece) (?:called|titled)\b", re.I)


def headline_asked(question: str) -> bool:
    """True when the question asks for an article's headline ("What's the headline of the second article?")."""
    return bool(_HEADLINE.search(question))


def headline_span(manifest: Manifest, doc_id: str) -> tuple[str, int, int] | None:
    """A document's title and where its text gives it (a citation's span); None when the text
    does not carry it."""
    title = ((manifest.document(doc_id) or {}).get("title") or "").strip()
    text = manifest.document_text(doc_id) or ""
    start = text.find(title) if title else -1
    return (title, start, start + len(title)) if start >= 0 else None


def publisher_span(manifest: Manifest, doc_id: str) -> tuple[str, int, int] | None:
    """The publisher recorded for a document and where the document's text names it (the
    span a citation can point to); None when either is missing."""
    meta = manifest.document(doc_id) or {}
    name = (meta.get("publisher") or "").strip()
    text = manifest.document_text(doc_id) or ""
    if not name:
        return None
    for r in manifest.doc_rows(doc_id):
        if name.lower() in text[r.start:r.end].lower():
            return name, r.start, r.end
    return None

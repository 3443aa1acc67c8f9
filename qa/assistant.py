"""The library's front door: open an index, ask questions, keep a conversation."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from index.load import READING_VERSION, scan_corpus
from index.store import KeywordIndex, Manifest, open_chroma, tokenize
from qa.answer import UNTYPED_REASON, Answerer, Draft, Line, abstain, combine, tells_figure, tells_measure
from qa.config import Settings, load_settings
from qa.errors import IndexMissingError, QuestionError
from qa.question import (
    FOLLOW_UP_JOIN,
    ORDINALS,
    Question,
    clean_question,
    content_terms,
    entities,
    read_question,
    recase_by_usage,
    restore_case,
    two_parts,
)
from qa.retrieve import Filters, Hit, Retriever
from qa.rewrite import other_reading, rewrite
from qa.structure import (
    SUMMARY_MAX_ARTICLES,
    edge_sentences,
    headline_asked,
    headline_span,
    lead_sentences,
    publisher_asked,
    publisher_span,
    summary_asked,
    summary_topic,
)
from qa.types import Answer, Citation, Passage
from qa.when import TimeScope, names_date, time_scope

Progress = Callable[[str, int, int], None]
SAME_STORY_MARGIN = 0.1
"""How much less support a two-part question's second part may find in the first part's story than
anywhere, and still be answered from that story (the same story tells both, mostly)."""
READ_CACHE = 1024
"""Passages (and their sentences) an open assistant keeps in memory after reading them once:
about 10 MB of sentence vectors; a conversation keeps returning to the same stories."""
MAX_ORDINAL_ARTICLES = 10
"""Up to this many articles, "the second article" names one of them (in file order)."""
_ARTICLE_ORDINAL = re.compile(
    r"\bthe (first|second|third|fourth|fifth|last|1st|2nd|3rd) (?:article|story|piece|report)\b|"
    r"\b(first|second|third|fourth|fifth|last) (?:article|story|piece)['’]s\b", re.I)
_WHICH_ARTICLE = re.compile(
    r"^(?:(?:and|so|but)\s+)?(?:which|what)\s+(?:one\s+)?(?:of\s+the\s+(?:two\s+|three\s+)?)?(?:articles?|stor(?:y|ies)|"
    r"pieces?|reports?)\s+(?:\w+ly\s+)?(?:mention|bring|talk|refer|name|discuss|cover|quote|say|report|cite|feature|"
    r"include|describe|note|give|tell)\w*\b", re.I)
"""'Which of the two articles brings up Nancy Pelosi?': the article is asked, by its title."""


@dataclass
class IndexStats:
    """What the open index holds."""

    documents: int
    passages: int
    corpus: str
    index: str
    chroma_url: str = ""


def index_is_stale(corpus: Path, manifest: Manifest) -> bool:
    """True when files of the corpus were added, changed or removed since the last ingest,
    or when it was read or split into sentences by another version of the loader or chunker."""
    if not corpus.exists():
        return False
    if manifest.get("chunker") != READING_VERSION and manifest.pids():
        return True
    files, _ = scan_corpus(corpus)
    stamps = {r[0]: (r[1], r[2]) for r in manifest.db.execute("SELECT path, size, mtime_ns FROM files")}
    current = {f.rel: (f.size, f.mtime_ns) for f in files}
    return current != stamps


@dataclass
class _Parts:
    manifest: Manifest
    collection: Any
    keywords: KeywordIndex
    encoder: Any
    lock: threading.Lock = field(default_factory=threading.Lock)
    rerankers: dict[str, Any] = field(default_factory=dict)


class Assistant:
    """Answers questions about one indexed corpus. Create with `Assistant.open`."""

    def __init__(self, settings: Settings, parts: _Parts) -> None:
        self.settings = settings
        self._parts = parts
        self.retriever = Retriever(parts.manifest, parts.collection, parts.keywords)
        self.answerer = Answerer(parts.manifest, settings.abstain_threshold, settings.max_answer_sentences,
                                 parts.keywords.rarity)

    @classmethod
    def open(cls, corpus: str | Path | None = None, index: str | Path | None = None, *,
             ingest: bool | None = None, progress: Progress | None = None, **config: Any) -> Assistant:
        """Open the index of `corpus`, ingesting first when it is missing or stale.

        Args:
            corpus: folder of articles or a dump file (default from settings: `seeds`).
            index: index directory (default from settings: `.qa-index`).
            ingest: True always ingests, False never does, None (default) when needed.
            progress: callback(stage, done, total) for ingest and model loading.
            config: any `Settings` field, e.g. `mode="bm25"`, `top_k=5`.
        """
        settings = load_settings(corpus=str(corpus) if corpus else None,
                                 index=str(index) if index else None, **config)
        if settings.llm:  # a malformed `llm` setting fails here, before any loading
            from qa.llm import parse_spec

            parse_spec(settings.llm, settings.llm_url)
        tick = progress or (lambda s, d, t: None)
        folder = Path(settings.index)
        need = ingest is True or not (folder / "manifest.sqlite").exists()
        if not need and ingest is None:
            m = Manifest(folder)
            try:
                need = index_is_stale(Path(settings.corpus), m)
            finally:
                m.close()
        if need and ingest is not False:
            from index.ingest import ingest as run_ingest

            run_ingest(settings.corpus, folder, model=settings.embed_model, chroma_url=settings.chroma_url,
                       collection=settings.collection, batch_size=settings.embed_batch_size,
                       max_chars=settings.passage_tokens * 4, progress=tick)
        return cls(settings, cls._load(settings, tick))

    @staticmethod
    def _load(settings: Settings, tick: Progress) -> _Parts:
        folder = Path(settings.index)
        if not (folder / "manifest.sqlite").exists():
            raise IndexMissingError(f"no index at {folder}; run `qa ingest --corpus DIR --index {folder}`")
        tick("opening index", 0, 3)
        manifest = Manifest(folder, cache=READ_CACHE)
        collection = open_chroma(folder, settings.chroma_url, settings.collection, create=False)
        keywords = KeywordIndex(folder)
        if not keywords.load() or keywords.generation != manifest.generation:
            # Derived data out of date (an interrupted ingest): rebuild in memory, read-only.
            keywords.build(KeywordIndex.rows(manifest), manifest.generation, persist=False)
        tick("loading model", 1, 3)
        encoder_dir = folder / "encoder"
        if settings.query_encoder == "onnx" and (encoder_dir / "model.onnx").exists():
            from index.embed import QueryEncoder

            encoder: Any = QueryEncoder(encoder_dir)
        else:
            from index.embed import PassageEncoder

            encoder = PassageEncoder(settings.embed_model, settings.embed_batch_size)
        tick("ready", 3, 3)
        return _Parts(manifest, collection, keywords, encoder)

    def configure(self, **overrides: Any) -> Assistant:
        """Another assistant over the same loaded index and model with some settings changed."""
        return Assistant(self.settings.with_overrides(**overrides), self._parts)

    def stats(self) -> IndexStats:
        """Counts of the open index."""
        docs, passages = self._parts.manifest.counts()
        s = self.settings
        return IndexStats(docs, passages, s.corpus, s.index, s.chroma_url)

    def document_text(self, doc: str) -> str:
        """A document's text as indexed: `text[c.start:c.end] == c.quote` for its citations."""
        return self._parts.manifest.document_text(doc) or ""

    def retrieve(self, query: str, k: int | None = None, *, mode: str | None = None,
                 filters: Filters | None = None) -> list[Passage]:
        """The top passages for a query, without answering."""
        qvec = self._parts.encoder.encode_queries([query])[0]
        hits = self._search(query, qvec, k or self.settings.top_k, mode, filters)
        return [_passage(h) for h in hits]

    def _search(self, query: str, qvec: Any, k: int, mode: str | None, filters: Filters | None) -> list[Hit]:
        s = self.settings
        pool = k * 3 if s.reranker else k
        hits = self.retriever.search(query, qvec, k=pool, candidates=max(s.candidates, pool), mode=mode or s.mode,
                                     rrf_k=s.rrf_k, dense_weight=s.dense_weight, bm25_weight=s.bm25_weight,
                                     filters=filters)
        if s.reranker:
            if s.reranker not in self._parts.rerankers:
                from qa.rerank import Reranker

                self._parts.rerankers[s.reranker] = Reranker(s.reranker)
            hits = self._parts.rerankers[s.reranker].rerank(query, hits, k)
        return hits

    def ask(self, question: str, history: Sequence[str | Answer] | None = None, *,
            since: str | None = None, until: str | None = None, docs: list[str] | None = None,
            on_token: Callable[[str], None] | None = None) -> Answer:
        """Answer one question, citing sentences; abstains when the articles don't say.

        Args:
            question: the user's question.
            history: earlier turns of this conversation (question strings or Answers).
            since, until: ISO dates bounding the articles' publish dates.
            docs: restrict to these document ids.
            on_token: with an `llm` setting, called with each piece of the model's (unverified)
                draft as it arrives; the returned Answer is the verified one.
        """
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        if not isinstance(question, str) or not question.strip():
            raise QuestionError("the question is empty: ask something about the articles")
        text, notices = clean_question(question, self.settings.max_question_chars)
        if not any(ch.isalnum() for ch in text):
            raise QuestionError("the question has no words in it: ask something about the articles")
        since, until = _check_date("since", since), _check_date("until", until)
        typed_lower = not any(ch.isupper() for ch in text)  # its dictionary-word names are told by the evidence
        text = restore_case(text, self._parts.keywords.knows)  # "who is xi jinping": names have capitals
        with self._parts.lock:
            topic_form = None
            if summary_asked(text):
                topic = summary_topic(_ARTICLE_ORDINAL.sub(" ", text))
                if not content_terms(topic):
                    return self._summary(question, text, timings, t0, notices, since, until, docs)
                # "summarize the news about the soybean deal": what the articles say of it
                topic_form = f"What do the articles say about {topic}?"
            t = time.perf_counter()
            standalone = topic_form or (rewrite(text, history) if self.settings.rewrite and history else text)
            timings["rewrite"] = (time.perf_counter() - t) * 1000
            parts = two_parts(standalone) if not self.settings.llm else None
            if parts:
                # "How much did stocks fall, and what level did they reach?": each part answered
                # on its own, the second read with the first as its context
                first, second = parts
                # "Why did he say he bought?" is read with the first part; "How did Beijing respond?" by itself
                second = rewrite(second, [first]) if entities(second) else f"{second.rstrip('?')}{FOLLOW_UP_JOIN}{first}"
                one = self._draft(first, timings, since, until, docs, lower=typed_lower)
                two = self._draft(second, timings, since, until, docs, lower=typed_lower)
                said = {(c.doc, c.start) for c in one.draft.citations}
                if two.draft.citations and {(c.doc, c.start) for c in two.draft.citations} <= said \
                        and not _tells(one.draft, second, first):
                    # "How much sugarcane ..., and how much refined sugar did it yield?": the first
                    # figure is no answer to the second ("..., and to what rating were the senior notes
                    # cut?": nor is the debt cut); another sentence of the same story may be
                    two = self._retold(second, timings, since, until, docs, said, typed_lower) or two
                told = sorted({c.doc for c in one.draft.citations})
                if told and not one.draft.abstained and not two.draft.abstained \
                        and not {c.doc for c in two.draft.citations} & set(told):
                    # "What did the USDA's man in Peking estimate China's wheat crop at, and how much
                    # was China expected to import from the U.S.?": the second part asks of the story
                    # the first was answered from, when that story answers it
                    same = self._draft(second, timings, since, until, told, lower=typed_lower)
                    if not same.draft.abstained and same.draft.support >= two.draft.support - SAME_STORY_MARGIN:
                        two = same
                if one.draft.abstained or two.draft.abstained:
                    parts = None  # a part the articles do not answer: the question is answered whole
                else:
                    q, qvec, bonus = one.question, one.qvec, one.bonus
                    hits = one.hits + [h for h in two.hits if h not in one.hits]
                    draft = combine(one.draft, two.draft, two.question)
            if not parts:
                q, qvec, hits, bonus, draft = self._draft(standalone, timings, since, until, docs, lower=typed_lower)
                before = history[-1] if history and isinstance(history[-1], Answer) else None
                if before is not None and before.citations and not draft.abstained and standalone != text \
                        and q.answer_type in {"number", "money"}:
                    # "And how big were the loans to each of those two countries?" after "By how much
                    # would the loans cut its earnings?": the earlier answer is no answer to it, when
                    # none of its clauses gives a figure of what the follow-up measures (the loans);
                    # another sentence of its story may
                    said = {(c.doc, c.start) for c in before.citations}
                    own = standalone.split(FOLLOW_UP_JOIN)[0]
                    repeated = {(c.doc, c.start) for c in draft.citations} <= said
                    if repeated and not any(tells_measure(own, q.answer_type, c.quote) for c in before.citations):
                        again = self._retold(standalone, timings, since, until, docs, said, typed_lower)
                        if again is not None:
                            q, qvec, hits, bonus, draft = again
                    elif repeated and _untold_own(own, draft) \
                            and (narrowed := self._narrowed(standalone, timings, since, until, docs, said, typed_lower)):
                        # "the previous state loan, the split-maturity one from the month before - how
                        # much did that bring in?": the earlier answer again, which tells few of its
                        # own words; with only the earlier names, another sentence may
                        standalone, (q, qvec, hits, bonus, draft) = narrowed
                if draft.abstained and draft.reason.startswith(UNTYPED_REASON) and q.answer_type in {"number", "money"} \
                        and (narrowed := self._narrowed(standalone, timings, since, until, docs, None, typed_lower)):
                    # "how much did the cost of living go up that year — What was Yugoslavia's trade
                    # deficit for 1986 ...?": the earlier question's many words find its own answer
                    # again; its names and years alone still say whose story, and when
                    standalone, (q, qvec, hits, bonus, draft) = narrowed
                other = other_reading(text, history, standalone) if self.settings.rewrite and history else None
                if other:
                    # "what did he say?" after "Who did Hegseth meet?": he may be either man; the
                    # reading whose answer is that man's own telling, the better supported one
                    alt_q, alt_person, person = other
                    alt = self._draft(alt_q, timings, since, until, docs, lower=typed_lower)
                    if _voiced_by(alt.draft, alt_person, person) and (
                            not _voiced_by(draft, person, alt_person) or alt.draft.support > draft.support):
                        standalone = alt_q
                        q, qvec, hits, bonus, draft = alt
            hits = by_evidence(hits + self._cited_elsewhere(hits, draft), draft)
        timings["total"] = (time.perf_counter() - t0) * 1000
        answer = Answer(question=question if len(question) <= self.settings.max_question_chars else text,
                        text=draft.text, citations=draft.citations, abstained=draft.abstained,
                        reason=draft.reason, rewritten_question=standalone if standalone != text else "",
                        passages=[_passage(h) for h in hits], timings_ms=timings, notices=notices)
        if self.settings.llm:
            from qa.llm import answer_with_llm

            answer = answer_with_llm(self, answer, draft, q, qvec, hits, bonus, standalone, on_token)
        return answer

    def _retold(self, standalone: str, timings: dict[str, float], since: str | None, until: str | None,
                docs: list[str] | None, said: set[tuple[str, int]], lower: bool) -> _Drafted | None:
        """`standalone` drafted again without the sentences `said` (document, start) already gave:
        the new draft when it answers from one of their stories, else None."""
        again = self._draft(standalone, timings, since, until, docs, said, lower=lower)
        if again.draft.abstained or not {c.doc for c in again.draft.citations} & {d for d, _ in said}:
            return None
        return again

    def _narrowed(self, standalone: str, timings: dict[str, float], since: str | None, until: str | None,
                  docs: list[str] | None, said: set[tuple[str, int]] | None, lower: bool) -> tuple[str, _Drafted] | None:
        """A follow-up drafted again with only the names and years of the earlier question joined
        on (and without the sentences `said`): the new reading and its draft when it answers."""
        narrow = _names_and_years(standalone)
        if not narrow:
            return None
        again = self._draft(narrow, timings, since, until, docs, said, lower=lower)
        return None if again.draft.abstained else (narrow, again)

    def _draft(self, standalone: str, timings: dict[str, float], since: str | None, until: str | None,
               docs: list[str] | None, said: set[tuple[str, int]] | None = None, lower: bool = False) -> _Drafted:
        """Retrieve for one stand-alone question and compose its answer (the caller holds the lock);
        `lower`: the question was typed all in lowercase."""
        q = read_question(standalone)
        t = time.perf_counter()
        qvec = self._parts.encoder.encode_queries([q.text])[0]
        timings["encode"] = timings.get("encode", 0.0) + (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        filters = Filters(docs=docs or self._article_named(q.text), since=since, until=until)
        hits = self._search(q.text, qvec, self.settings.top_k, None, filters if filters.active() else None)
        scope = time_scope(q.text, self._newest()) if not (since or until) else TimeScope()
        bonus: dict[str, float] = {}
        published: set[str] | None = None  # documents of the question's date window
        if scope.since or scope.until:
            wide = self._search(q.text, qvec, self.settings.top_k * 4, None, filters if filters.active() else None)
            hits = _in_window_first(wide, scope, self.settings.top_k)
            window = Filters(since=scope.since, until=scope.until)
            published = {h.row.doc_id for h in hits if window.accepts(h.row)}
            bonus = dict.fromkeys(published, WINDOW_BONUS)
        if scope.latest:
            bonus = _recency_bonus(hits)
        only: set[tuple[str, int]] | None = None
        if q.position:
            # "the closing lines of the first piece": the answer comes from those sentences
            edges = [r for d in (filters.docs or _top_docs(hits)) for r in edge_sentences(self._parts.manifest, d,
                                                                                          q.position)]
            only = {(r.doc_id, r.start) for r in edges}
            hits = hits + _hits_of(self._parts.manifest, {r.pid for r in edges} - {h.row.pid for h in hits})
        if lower:
            # "how did trump describe his meeting with xi": "trump" is a dictionary word, but the
            # passages write it as a name ("Trump hailed the meeting ..."); retrieval is uncased
            recased = recase_by_usage(q.text, [h.row.text for h in hits])
            if recased != q.text:
                q = read_question(recased)
        timings["retrieve"] = timings.get("retrieve", 0.0) + (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        asks_publisher = publisher_asked(q.text.split(FOLLOW_UP_JOIN)[0])  # not the earlier question's words
        draft = self._published_by(q.text, filters.docs or _top_docs(hits)) if asks_publisher else None
        if draft is None and headline_asked(q.text.split(FOLLOW_UP_JOIN)[0]):
            draft = self._headline_of(filters.docs or _top_docs(hits)[:1])
        draft = draft or self.answerer.answer(q, qvec, hits, bonus, published, only, said)
        if draft.abstained and q.answer_type == "name" and draft.reason.startswith(UNTYPED_REASON) and not only:
            # "Which bank was going to lend Cross the money?": the story the search found tells it
            # further down ("... borrowed from the First National Bank of Boston"), in a passage that
            # shares too few words with the question to be retrieved itself
            known = {h.row.pid for h in hits}
            rest = {r.pid for d in _top_docs(hits, STORY_DOCS) for r in self._parts.manifest.doc_rows(d)} - known
            if rest:
                wider = hits + _hits_of(self._parts.manifest, rest)
                again = self.answerer.answer(q, qvec, wider, bonus, published, only, said)
                if not again.abstained:
                    hits, draft = wider, again
        if not draft.abstained and draft.citations and _WHICH_ARTICLE.match(q.text.split(FOLLOW_UP_JOIN)[0]):
            draft = self._told_in(draft)
        if q.dates and (scope.since or scope.until) and not draft.abstained and not self._published_in(scope) \
                and not any(names_date(q.dates, c.quote) for c in draft.citations):
            # "The Dow's close on December 31, 1987" over news that ends in October: a close
            # from another day is no answer.
            newest = (self._newest() or "")[:10]
            draft = abstain(f"No article was published {scope.phrase} (the newest is from {newest}), and none "
                            f"names that date.", draft.support, draft.scored)
        timings["answer"] = timings.get("answer", 0.0) + (time.perf_counter() - t) * 1000
        return _Drafted(q, qvec, hits, bonus, draft)

    def ask_stream(self, question: str, history: Sequence[str | Answer] | None = None,
                   **kwargs: Any) -> Iterator[str | Answer]:
        """Like `ask`, as a stream: pieces of the model's unverified draft (str) as they come,
        then the verified `Answer` as the last item (the only item without an `llm` setting)."""
        from qa.llm import stream_answer

        return stream_answer(self, question, history, **kwargs)

    def _summary(self, question: str, text: str, timings: dict[str, float], t0: float, notices: list[str],
                 since: str | None, until: str | None, docs: list[str] | None) -> Answer:
        """'Summarize the articles', 'What is the second story about?': each article's leading
        sentences, cited (the caller holds the lock); a collection too large for that is asked
        for a topic."""
        t = time.perf_counter()
        filters = Filters(docs=docs or self._article_named(text), since=since, until=until)
        chosen = filters.docs
        if not chosen:
            rows = self._parts.manifest.db.execute(
                "SELECT doc_id, date FROM documents WHERE canonical IS NULL OR canonical = doc_id ORDER BY doc_id "
                "LIMIT ?", (SUMMARY_MAX_ARTICLES + 1,)).fetchall()
            if len(rows) > SUMMARY_MAX_ARTICLES:
                count = self.stats().documents
                raise QuestionError(f"the collection holds {count:,} articles, too many to summarise at once: ask "
                                    f"for a summary of a topic (\"summarize the news about ...\")")
            chosen = [d for d, date in rows if filters.accepts_date(date)]
        per = 3 if len(chosen) == 1 else 2 if len(chosen) <= 3 else 1
        lines = []
        for doc in chosen:
            lead = lead_sentences(self._parts.manifest, doc, per)
            if lead:
                title = (self._parts.manifest.document(doc) or {}).get("title") or doc
                said = " ".join(" ".join(self.document_text(doc)[r.start:r.end].split()) for r in lead)
                lines.append(Line([(doc, r.start, r.end) for r in lead], f"“{title}”: {said}", bullet=len(chosen) > 1))
        draft = self._stated(lines) if lines else abstain("The articles asked about hold no sentences to summarise.")
        timings["answer"] = (time.perf_counter() - t) * 1000
        timings["total"] = (time.perf_counter() - t0) * 1000
        return Answer(question=question if len(question) <= self.settings.max_question_chars else text,
                      text=draft.text, citations=draft.citations, abstained=draft.abstained, reason=draft.reason,
                      passages=[_passage(h) for h in self._cited_elsewhere([], draft)], timings_ms=timings,
                      notices=notices)

    def _cited_elsewhere(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        """Passages holding a cited sentence that retrieval did not return (a list's items read
        further down the story): the answer lists every passage it cites."""
        pids = {r.pid for c in draft.citations if not any(_holds_citation(h, c) for h in hits)
                for r in self._parts.manifest.doc_rows(c.doc) if r.start <= c.start < r.end}
        return _hits_of(self._parts.manifest, pids) if pids else []

    def _article_named(self, question: str) -> list[str] | None:
        """The one article a question names by its place ("according to the second article"),
        in a corpus small enough for that to mean something; None otherwise."""
        m = _ARTICLE_ORDINAL.search(question)
        if not m:
            return None
        rows = self._parts.manifest.db.execute(
            "SELECT doc_id FROM documents WHERE canonical IS NULL OR canonical = doc_id ORDER BY doc_id LIMIT ?",
            (MAX_ORDINAL_ARTICLES + 1,)).fetchall()
        if not rows or len(rows) > MAX_ORDINAL_ARTICLES:
            return None
        word = (m.group(1) or m.group(2)).lower()
        i = len(rows) - 1 if word == "last" else ORDINALS[word] - 1
        return [rows[i][0]] if i < len(rows) else None

    def _published_by(self, question: str, docs: list[str]) -> Draft | None:
        """'Which site published the first article?': the publisher each article's text names
        under its title, cited there; None when none does."""
        found = [(d, span) for d in docs if (span := publisher_span(self._parts.manifest, d))]
        if not found:
            return None
        return self._stated([Line([(d, start, end)], f"“{(self._parts.manifest.document(d) or {}).get('title') or d}” "
                                  f"was published by {name}.") for d, (name, start, end) in found[:3]])

    def _headline_of(self, docs: list[str]) -> Draft | None:
        """'What's the headline of the second article?': each article's title, cited where its
        text gives it; None when no text carries its title."""
        found = [(d, span) for d in docs if (span := headline_span(self._parts.manifest, d))]
        if not found:
            return None
        return self._stated([Line([(d, start, end)], f"The headline is “{title}”.")
                             for d, (title, start, end) in found[:3]])

    def _told_in(self, draft: Draft) -> Draft:
        """The answer to 'which article mentions X?': each article an answer sentence comes from,
        by its title and file, with that sentence."""
        lines, seen = [], set()
        for c in draft.citations:
            if c.doc not in seen:
                seen.add(c.doc)
                quote = " ".join(c.quote.split())
                lines.append(Line([(c.doc, c.start, c.end)], f"“{c.title or c.doc}” ({c.doc}): {quote}"))
        text, citations = self.answerer.render(lines)
        return Draft(text, citations, False, "", draft.support, draft.scored, draft.passage_support)

    def _stated(self, lines: list[Line]) -> Draft:
        """An answer of facts the index records about articles (publisher, headline), each line
        cited where the article's text gives it."""
        text, citations = self.answerer.render(lines)
        return Draft(text, citations, False, "", 1.0, [])

    def _newest(self) -> str | None:
        if not hasattr(self, "_newest_date"):
            row = self._parts.manifest.db.execute("SELECT MAX(date) FROM documents").fetchone()
            self._newest_date = row[0] if row else None
        return self._newest_date

    def _published_in(self, scope: TimeScope) -> bool:
        """True when an article is dated inside `scope`, or when no article carries a date."""
        if not self._newest():
            return True
        row = self._parts.manifest.db.execute(
            "SELECT 1 FROM documents WHERE date IS NOT NULL AND substr(date, 1, 10) BETWEEN ? AND ? LIMIT 1",
            (scope.since or "0000-00-00", scope.until or "9999-99-99")).fetchone()
        return row is not None

    def chat(self) -> Conversation:
        """A conversation that keeps its own history."""
        return Conversation(self)

    def reindex(self, progress: Progress | None = None, rebuild: bool = False) -> Any:
        """Ingest the corpus again (incrementally, or from scratch) and reload the index."""
        from index.ingest import ingest as run_ingest

        s = self.settings
        with self._parts.lock:
            report = run_ingest(s.corpus, s.index, model=s.embed_model, chroma_url=s.chroma_url,
                                collection=s.collection, batch_size=s.embed_batch_size,
                                max_chars=s.passage_tokens * 4, rebuild=rebuild, progress=progress)
            fresh = self._load(s, progress or (lambda a, b, c: None))
            old = self._parts.manifest
            self._parts.manifest, self._parts.collection = fresh.manifest, fresh.collection
            self._parts.keywords, self._parts.encoder = fresh.keywords, fresh.encoder
            self.retriever = Retriever(fresh.manifest, fresh.collection, fresh.keywords)
            self.answerer = Answerer(fresh.manifest, s.abstain_threshold, s.max_answer_sentences,
                                     fresh.keywords.rarity)
            old.close()
        return report

    def close(self) -> None:
        """Release the index."""
        self._parts.manifest.close()


class Conversation:
    """A sequence of questions where follow-ups are read in the light of earlier turns."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.history: list[Answer] = []

    def ask(self, question: str, **kwargs: Any) -> Answer:
        """Ask the next question of the conversation."""
        answer = self.assistant.ask(question, self.history, **kwargs)
        self.history.append(answer)
        return answer

    def reset(self) -> None:
        """Start over."""
        self.history.clear()


class _Drafted(NamedTuple):
    """One stand-alone question's analysis, retrieval and composed answer."""

    question: Question
    qvec: Any
    hits: list[Hit]
    bonus: dict[str, float]
    draft: Draft


_MONTH_YEAR = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d\b",
                         re.I)


def _untold_own(own: str, draft: Draft) -> bool:
    """True when the draft's cited sentences tell fewer than half of the follow-up's own words."""
    words = set(content_terms(own)) - {t for e in entities(own) for t in tokenize(e)}
    told = {t for c in draft.citations for t in tokenize(c.quote)}
    return len(words) >= 3 and len(words & told) * 2 < len(words)


def _names_and_years(standalone: str) -> str:
    """A follow-up read with only the names and years of the earlier question joined on, or ""."""
    own, _, context = standalone.partition(FOLLOW_UP_JOIN)
    # the year a figure is of ("for 1986"), not when it was told ("released in April 1987")
    undated = _MONTH_YEAR.sub("", context)
    told = entities(context) + re.findall(r"\b(?:19|20)\d\d\b", undated)
    told = [t for t in told if t not in own]
    return f"{own.rstrip(' ?')}{FOLLOW_UP_JOIN}{', '.join(told)}?" if told else ""


def _voiced_by(draft: Draft, person: str, other: str) -> bool:
    """True when the draft answers and its first cited sentence names `person` before `other`
    (or alone): what "Dong Jun told Hegseth" says is Dong Jun's, not Hegseth's."""
    if draft.abstained or not draft.citations:
        return False
    text = draft.citations[0].quote
    mine = text.find(person.split()[-1])
    theirs = text.find(other.split()[-1])
    return mine >= 0 and (theirs < 0 or mine < theirs)


def _check_date(name: str, value: str | None) -> str | None:
    """A --since/--until value as an ISO date, or QuestionError naming the expected form."""
    if value is None or value == "":
        return None
    from datetime import date

    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise QuestionError(f"--{name} must be a date YYYY-MM-DD, got {value!r}") from None


def _top_docs(hits: list[Hit], n: int = 3) -> list[str]:
    """The documents of the best hits, best first, at most `n`."""
    return list(dict.fromkeys(h.row.doc_id for h in hits))[:n]


def _hits_of(manifest: Manifest, pids: set[str]) -> list[Hit]:
    """Passages brought in by id (not by search), to score their sentences too."""
    return [Hit(row, 0.0, None, None) for row in manifest.passages(sorted(pids)).values()]


def _in_window_first(hits: list[Hit], scope: TimeScope, k: int) -> list[Hit]:
    """A wider pool of hits with those published in the question's date window counted double."""
    window = Filters(since=scope.since, until=scope.until)
    weighted = [Hit(h.row, h.score * (2 if window.accepts(h.row) else 1), h.dense_rank, h.bm25_rank) for h in hits]
    return sorted(weighted, key=lambda h: -h.score)[:k]


WINDOW_BONUS = 0.1
"""Added to sentences of articles published in the question's date window ("in June 1987"):
the loan approved in June beats a March story's figures for earlier years."""
STORY_DOCS = 3
"""When the retrieved passages name no thing of the asked kind ("which bank"), the rest of the
best stories, this many, are read too (a figure or a date found so would answer too loosely)."""


def _holds_citation(h: Hit, c: Citation) -> bool:
    """True when the passage holds the cited sentence."""
    return c.doc == h.row.doc_id and h.row.start <= c.start < h.row.end


def by_evidence(hits: list[Hit], draft: Draft) -> list[Hit]:
    """Passages re-ranked by what their sentences say: the cited ones first, in citation order,
    then the rest by their best sentence's score (retrieval order among equals). An abstention
    keeps retrieval order: no sentence answered, so sentence scores rank nothing."""
    if draft.abstained or not draft.passage_support:
        return hits

    def cited(h: Hit) -> int | None:
        return next((c.n for c in draft.citations if _holds_citation(h, c)), None)

    def key(item: tuple[int, Hit]) -> tuple[int, float, int]:
        i, h = item
        n = cited(h)
        return (0, float(n), i) if n is not None else (1, -draft.passage_support.get(h.row.pid, -1e9), i)

    return [h for _, h in sorted(enumerate(hits), key=key)]


def _recency_bonus(hits: list[Hit]) -> dict[str, float]:
    """For 'latest' questions: a score bonus by publish date, newest first."""
    dated = sorted({h.row.doc_id: h.row.date for h in hits if h.row.date}.items(), key=lambda kv: kv[1], reverse=True)
    return {doc: 0.1 / (1 + rank) for rank, (doc, _) in enumerate(dated)}


def _tells(draft: Draft, second: str, first: str) -> bool:
    """True when the sentences of `draft` (the first part's answer) hold at least half the words
    the `second` part asks about that the `first` does not ("the total cost of the program":
    "... a total economic program costing 8.9 billion dlrs" tells it; "how much refined sugar"
    is not told by "... sugarcane ... 9.4 mln tonnes")."""
    own = second.split(FOLLOW_UP_JOIN)[0]
    if any(tells_figure(own, c.quote) for c in draft.citations):
        return True  # "who's buying the unit, and what are they paying?": "sell it to Best Co for 24.6 mln dlrs"
    new = set(content_terms(own)) - set(content_terms(first))
    told = set().union(*(tokenize(c.quote) for c in draft.citations)) if draft.citations else set()
    return bool(new) and len(new & told) * 2 >= len(new)


def _passage(h: Hit) -> Passage:
    r = h.row
    return Passage(id=r.pid, doc=r.doc_id, title=r.title or r.doc_id, start=r.start, end=r.end,
                   text=r.text, score=round(h.score, 6), date=r.date)

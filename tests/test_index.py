"""Ingestion: offsets, furniture, incremental and idempotent runs, agreement of the stores."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index import ingest
from index.store import IndexLock, KeywordIndex, Manifest, open_chroma
from qa.errors import CorpusError, IndexLockedError

from .conftest import CHINA_DOC, OTHER_DOC, ROOT, SEEDS


def counts(folder: Path) -> tuple[int, int, int]:
    """(manifest passages, Chroma vectors, BM25 rows)."""
    m = Manifest(folder)
    try:
        n = m.counts()[1]
        chroma = open_chroma(folder, "", "passages", create=False).count()
        kw = KeywordIndex(folder)
        assert kw.load() and kw.generation == m.generation
        return n, chroma, len(kw.pids)
    finally:
        m.close()


def test_every_stored_sentence_is_exactly_its_slice_of_the_document(seed_index: Path) -> None:
    m = Manifest(seed_index)
    texts = {d: t for d, t in m.db.execute("SELECT doc_id, text FROM documents")}
    rows = list(m.db.execute('SELECT s.doc_id, s.start, s."end", s.kind, p.start, p."end" '
                             "FROM sentences s JOIN passages p USING (pid)"))
    assert len(rows) > 60
    for doc, start, end, _kind, pstart, pend in rows:
        sentence = texts[doc][start:end]
        assert sentence == sentence.strip() and sentence, (doc, start, end)
        assert pstart <= start < end <= pend
        assert not sentence.startswith(("•", "* ", "- ")), sentence
    for doc, start, end, text in m.db.execute('SELECT doc_id, start, "end", text FROM passages'):
        assert texts[doc][start:end] == text
    # The documents are stored exactly as the files read.
    for doc, text in texts.items():
        assert text == (SEEDS / doc).read_text("utf-8")
    m.close()


def test_page_furniture_is_never_in_a_passage(seed_index: Path) -> None:
    m = Manifest(seed_index)
    passages = [t for (t,) in m.db.execute("SELECT text FROM passages")]
    joined = "\n".join(passages)
    for junk in ("Post a Comment", "0 Comments", "3/related/default", "\nTags"):
        assert junk not in joined
    assert not any(line.strip() == "0" for p in passages for line in p.splitlines())
    # ...while the article text around them is all there.
    assert "Hegseth reiterated" in joined and "Clarity: Increased transparency" in joined
    m.close()


def test_titles_and_publisher_come_from_the_article_head(seed_index: Path) -> None:
    m = Manifest(seed_index)
    doc = m.document(CHINA_DOC)
    assert doc["title"].startswith("U.S. and China Reopen Military Channels")
    assert doc["publisher"] == "Times in Pakistan"
    assert m.document(OTHER_DOC)["title"].startswith("US and China Agree to Re-Establish")
    m.close()


def test_passage_ids_are_stable_across_fresh_builds(tmp_path: Path, seed_index: Path) -> None:
    ingest(SEEDS, tmp_path / "again")
    a, b = Manifest(seed_index), Manifest(tmp_path / "again")
    assert a.pids() == b.pids()
    a.close()
    b.close()


def test_incremental_edit_delete_and_rerun(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    folder = tmp_path / "index"
    first = ingest(corpus, folder)
    assert (first.added, first.updated, first.removed) == (2, 0, 0)
    n, chroma, bm25 = counts(folder)
    assert n == chroma == bm25 == first.passages > 10

    again = ingest(corpus, folder)
    assert (again.added, again.updated, again.unchanged, again.embedded) == (0, 0, 2, 0)
    assert counts(folder) == (n, n, n)

    # Edit one article: only its changed passages are embedded again.
    path = corpus / OTHER_DOC
    path.write_text(path.read_text("utf-8") + "\nA brand new closing paragraph about naval drills.\n", "utf-8")
    edited = ingest(corpus, folder)
    assert (edited.updated, edited.unchanged) == (1, 1)
    assert 0 < edited.embedded < 4
    m = Manifest(folder)
    assert m.document_text(OTHER_DOC).endswith("naval drills.\n")
    m.close()
    n2, chroma2, bm2 = counts(folder)
    assert n2 == chroma2 == bm2

    # Delete one: its passages leave Chroma and BM25.
    os.remove(corpus / CHINA_DOC)
    removed = ingest(corpus, folder)
    assert removed.removed == 1
    m = Manifest(folder)
    assert m.document(CHINA_DOC) is None
    assert not list(m.db.execute("SELECT 1 FROM passages WHERE doc_id=?", (CHINA_DOC,)))
    left = m.pids()
    m.close()
    assert set(open_chroma(folder, "", "passages", create=False).get(include=[])["ids"]) == left
    kw = KeywordIndex(folder)
    kw.load()
    assert set(kw.pids) == left
    assert counts(folder)[0] == len(left)


def test_a_readers_cache_returns_what_the_index_holds(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    folder = tmp_path / "index"
    ingest(corpus, folder)
    plain, cached = Manifest(folder), Manifest(folder, cache=3)
    pids = sorted(plain.pids())

    def spans(rows: list) -> list[tuple[str, int, int]]:
        return [(r.pid, r.start, r.end) for r in rows]

    # Overlapping windows: rows kept from one call are asked again while new ones push them out.
    for i in range(0, len(pids) - 5):
        window = pids[i:i + 5]
        assert cached.passages(window) == plain.passages(window)
        assert list(cached.passages(window)) == window
        assert spans(cached.sentences(window)) == spans(plain.sentences(window))
        doc = plain.passages(window[:1])[window[0]].doc_id
        assert spans(cached.doc_sentences(doc, range(3))) == spans(plain.doc_sentences(doc, range(3)))

    # Another process edits an article: its old passages are gone for an open reader too.
    cached.close()
    cached = Manifest(folder, cache=1000)
    before = {p for p, r in cached.passages(pids).items() if r.doc_id == OTHER_DOC}
    cached.sentences(pids)
    cached.doc_rows(OTHER_DOC)
    path = corpus / OTHER_DOC
    path.write_text(path.read_text("utf-8").replace("Hegseth", "Hegseth himself", 1), "utf-8")
    ingest(corpus, folder)
    gone = before - plain.pids()
    assert gone and not cached.passages(sorted(gone))
    assert not {r.pid for r in cached.doc_rows(OTHER_DOC)} & gone
    plain.close()
    cached.close()


def test_sentences_glued_by_a_scraper_are_split(tmp_path: Path) -> None:
    from index.chunk import split_sentences

    text = "Washington keeps its policy on a potential invasion.The question of defence is urgent. " \
           "Mr.Smith agreed. The U.S.Army said so."
    quotes = [text[s:e] for s, e in split_sentences(text, 0, len(text))]
    assert quotes == ["Washington keeps its policy on a potential invasion.", "The question of defence is urgent.",
                      "Mr.Smith agreed.", "The U.S.Army said so."]
    # A source link pasted after a sentence is neither part of it nor a sentence.
    text = "Drills followed near the island. https://www.cfr.org/backgrounder/china-taiwan Talks resumed in May."
    quotes = [text[s:e] for s, e in split_sentences(text, 0, len(text))]
    assert quotes == ["Drills followed near the island.", "Talks resumed in May."]


def test_an_index_split_by_another_chunker_version_is_re_split_keeping_vectors(tmp_path: Path) -> None:
    from index.load import READING_VERSION
    from qa.assistant import index_is_stale

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    folder = tmp_path / "index"
    ingest(corpus, folder)
    m = Manifest(folder)
    m.set("chunker", "0")  # as an older version would have left it
    m.db.commit()
    assert index_is_stale(corpus, m)
    m.close()
    again = ingest(corpus, folder)
    assert again.updated + again.unchanged == 2
    assert again.embedded == 0  # the same passages: their vectors are kept
    m = Manifest(folder)
    assert m.get("chunker") == READING_VERSION and not index_is_stale(corpus, m)
    m.close()


def test_bad_files_are_skipped_and_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("A headline\n\nThe minister said the port reopened on Monday.\n")
    (corpus / "legacy.txt").write_bytes(b"Caf\xe9 owners\n\nThe caf\xe9 \x93reopened\x94 today.\n")
    (corpus / "blank.md").write_text("  \n\n")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)))
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04")
    report = ingest(corpus, tmp_path / "index")
    reasons = {s.id: s.reason for s in report.skipped}
    assert reasons["blank.md"] == "empty file"
    assert reasons["image.txt"] == "binary file"
    assert "unsupported" in reasons["notes.docx"]
    assert report.added == 2
    assert any("legacy.txt" in n and "cp1252" in n for n in report.notes)
    m = Manifest(tmp_path / "index")
    assert "café “reopened” today" in m.document_text("legacy.txt")
    m.close()


def test_html_keeps_the_article_and_drops_navigation(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.html").write_text("""<html><head><title>Port news | Site</title>
      <meta property="article:published_time" content="2025-10-31T08:00:00Z">
      <meta property="og:site_name" content="Harbour Times"></head>
      <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <article><h1>Port reopens after strike</h1><p>The port of Santos reopened on Friday after a
      two-week strike, officials said.</p><p>Exports resumed at once.</p></article>
      <footer>Copyright 2025 Harbour Times. Subscribe now</footer></body></html>""")
    ingest(corpus, tmp_path / "index")
    m = Manifest(tmp_path / "index")
    doc = m.document("page.html")
    text = m.document_text("page.html")
    assert doc["title"] == "Port reopens after strike"
    assert doc["date"] == "2025-10-31T08:00:00" and doc["publisher"] == "Harbour Times"
    assert "Santos reopened on Friday" in text and "Exports resumed" in text
    assert "World" not in text and "Subscribe" not in text
    m.close()


def test_missing_or_empty_corpus_is_a_clear_error_and_keeps_the_index(tmp_path: Path, seed_index: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        ingest(tmp_path / "nope", tmp_path / "index")
    empty = tmp_path / "empty"
    empty.mkdir()
    folder = tmp_path / "kept"
    shutil.copytree(seed_index, folder)
    before = counts(folder)
    with pytest.raises(CorpusError, match="holds no articles"):
        ingest(empty, folder)
    assert counts(folder) == before


def test_a_second_ingest_while_one_runs_stops_with_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    with IndexLock(folder), pytest.raises(IndexLockedError, match="another ingest"):
        ingest(SEEDS, folder)


def test_ingest_runs_without_network(tmp_path: Path) -> None:
    """`qa ingest` in a network namespace with no interfaces up, HF_HUB_OFFLINE=1."""
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -n is not permitted here")
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    qa = [sys.executable, "-m", "qa.cli"]
    args = ["ingest", "--corpus", str(SEEDS), "--index", str(tmp_path / "idx"), "--quiet"]
    first = subprocess.run(["unshare", "-n", *qa, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    assert "added 2" in first.stdout
    second = subprocess.run(["unshare", "-n", *qa, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    assert second.returncode == 0, second.stderr
    assert "unchanged 2" in second.stdout and "(0 embedded)" in second.stdout


def test_the_model_runs_in_bf16_only_where_the_cpu_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # Emulated bf16 (an AVX2-only CPU) embedded a 21,578-article dump at 3 passages/s, fp32 at 25.
    import torch

    from index.embed import PassageEncoder, native_bf16

    def dtype() -> torch.dtype:
        return next(PassageEncoder().model.parameters()).dtype

    monkeypatch.delenv("QA_EMBED_DTYPE", raising=False)
    assert dtype() == (torch.bfloat16 if native_bf16() else torch.float32)
    monkeypatch.setenv("QA_EMBED_DTYPE", "fp32")
    assert dtype() == torch.float32


def test_opening_chroma_leaves_the_overrides_check_as_it_found_it(seed_index: Path) -> None:
    # chromadb's modules load with `overrides`' signature check off (a quarter of a cold start);
    # the program importing this library gets the real decorator back, checks and all
    import overrides

    before = overrides.override
    assert open_chroma(seed_index, "", "passages", create=False).count() > 0
    assert overrides.override is before

    class Base:
        def run(self, x: int) -> int:
            return x

    with pytest.raises(TypeError):
        class Wrong(Base):
            @overrides.override
            def run(self) -> int:  # drops an argument: the real check refuses it
                return 0

"""The evaluation package: metric functions on hand-built cases, `qa eval` and `qa eval beir` end to end."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eval import metrics as m
from eval.runner import Evidence, GoldCase, GoldSpans, load_gold, score_case, summarise
from qa.cli import main
from qa.types import Answer, Citation

from .conftest import CHINA_DOC

# --- metric functions ---------------------------------------------------------------------


def test_passage_hits_needs_half_the_quote_inside() -> None:
    assert m.passage_hits((100, 200), (120, 180))
    assert m.passage_hits((100, 200), (180, 220))      # 20 of 40 characters inside
    assert not m.passage_hits((100, 200), (185, 225))  # 15 of 40
    assert not m.passage_hits((0, 50), (60, 80))


def test_recall_at_k_and_mrr_from_first_hit_ranks() -> None:
    gold = {"a.txt": [(10, 30)]}
    ranked = [("b.txt", (0, 100)), ("a.txt", (200, 300)), ("a.txt", (0, 100))]
    assert m.first_hit_rank(ranked, gold) == 3
    assert m.first_hit_rank(ranked[:2], gold) is None
    ranks = [1, 3, None, 2]
    assert m.recall_at(ranks, 1) == 0.25
    assert m.recall_at(ranks, 5) == 0.75
    assert m.mrr(ranks) == pytest.approx((1 + 1 / 3 + 0 + 1 / 2) / 4)
    assert m.recall_at([], 5) is None and m.mrr([]) is None


def test_ndcg_and_recall_on_toy_qrels() -> None:
    qrels = {"a": 1, "c": 2, "z": 0}
    # DCG = 1/log2(2) + 0 + 2/log2(4) = 2; ideal = 2/log2(2) + 1/log2(3)
    assert m.ndcg_at(["a", "b", "c"], qrels, 10) == pytest.approx(2 / (2 + 1 / math.log2(3)))
    assert m.ndcg_at(["c", "a"], qrels, 10) == pytest.approx(1.0)
    assert m.ndcg_at(["b", "z"], qrels, 10) == 0.0
    assert m.ndcg_at(["a"], {}, 10) == 0.0
    assert m.doc_recall_at(["a", "b"], qrels, 100) == 0.5
    assert m.doc_recall_at(["b", "c", "a"], qrels, 2) == 0.5


def test_passages_fold_into_documents_at_their_best_passage() -> None:
    ranked = m.rank_documents([("d1", 0.9), ("d2", 0.8), ("d1", 0.7), ("d3", 0.6), ("d2", 0.5)])
    assert ranked == ["d1", "d2", "d3"]


def test_citation_correct_when_spans_overlap() -> None:
    gold = [(100, 150), (400, 420)]
    assert m.citation_correct((140, 200), gold)
    assert m.citation_correct((390, 401), gold)
    assert not m.citation_correct((150, 160), gold)  # touching is not overlapping
    assert not m.citation_correct((0, 10), [])


def test_abstention_precision_recall_f1() -> None:
    r = m.prf([True, True, False, False], [True, False, True, False])
    assert (r.tp, r.fp, r.fn) == (1, 1, 1)
    assert r.precision == 0.5 and r.recall == 0.5 and r.f1 == 0.5
    never = m.prf([False, False], [True, False])
    assert never.precision is None and never.recall == 0.0 and never.f1 == 0.0
    assert m.prf([False], [False]).f1 is None


def test_sentences_with_citation_marks() -> None:
    text = "A fact. [1] Another one without. And U.S. envoys said so. [2][3]\n\n- An item [4]\n- Bare item"
    assert m.answer_sentences(text)[0] == "A fact[1]."
    assert m.cited_sentences(text) == (3, 5)
    # A citation covering two sentences cites both, even with one mark.
    assert m.cited_sentences("Lead sentence. These include: [1]", ["Lead sentence. These include:"]) == (2, 2)


def test_key_facts_match_any_alternative_case_insensitively() -> None:
    found = m.facts_found("China’s  Soybean purchases resume.", [["soybean"], ["rare earth", "China's"], ["x"]])
    assert found == [True, True, False]


def test_percentiles() -> None:
    assert m.percentiles([1, 2, 3, 4, 5]) == {"p50": 3.0, "p95": pytest.approx(4.8)}
    assert m.percentiles([]) == {}


class _Docs:
    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts

    def document_text(self, doc: str) -> str:
        return self.texts.get(doc, "")


def _cite(n: int, doc: str, text: str, quote: str) -> Citation:
    i = text.index(quote)
    return Citation(n=n, doc=doc, title=doc, start=i, end=i + len(quote), quote=quote)


def test_scoring_counts_citations_on_unanswerable_cases_as_wrong() -> None:
    text = "Intro line. China will buy soybeans. Rare earths keep flowing. Weather was fine."
    gold = GoldSpans(_Docs({"a.txt": text}))
    answerable = GoldCase("c1", "What will China do?", True, "Buy soybeans.", [["soybean"], ["fentanyl"]],
                          [Evidence("a.txt", "China will buy soybeans.")])
    unanswerable = GoldCase("c2", "What about the weather on Mars?", False)
    a1 = Answer("q", "China will buy soybeans. [1] Weather was fine. [2]",
                [_cite(1, "a.txt", text, "China will buy soybeans."), _cite(2, "a.txt", text, "Weather was fine.")],
                abstained=False)
    a2 = Answer("q", "Weather was fine. [1]", [_cite(1, "a.txt", text, "Weather was fine.")], abstained=False)
    r1, r2 = score_case(answerable, a1, gold), score_case(unanswerable, a2, gold)
    assert [c.correct for c in r1.citations] == [True, False]
    assert r1.facts == [True, False] and not r1.passed
    assert r2.failures == ["answered an unanswerable question"]
    s = summarise([r1, r2])
    assert s.citation_precision == pytest.approx(1 / 3)
    assert s.citation_recall == 1.0 and s.key_fact_recall == 0.5
    assert s.abstention_recall == 0.0 and s.abstention_precision is None and s.abstention_f1 == 0.0
    assert s.cited_sentence_share == 1.0


def test_the_same_sentence_in_a_copy_the_gold_does_not_list_is_a_correct_citation() -> None:
    said = "Petrobras cancelled a 40 mln dlr crude oil purchase from Saudi Arabia, an official said."
    first, copy = f"Lead. {said} More.", f"Other lead. {said.replace(', an', ' an')} Other end. Oil rose."
    gold = GoldSpans(_Docs({"a": first, "b": copy}))
    case = GoldCase("c", "How large was the deal?", True, "40 mln dlrs.", [["40 mln"]], [Evidence("a", said)])
    quoted = said.replace(", an", " an")
    answer = Answer("q", f"{quoted} [1] Oil rose. [2]",
                    [_cite(1, "b", copy, quoted), _cite(2, "b", copy, "Oil rose.")], abstained=False)
    assert [c.correct for c in score_case(case, answer, gold).citations] == [True, False]


# --- gold files and qa eval ---------------------------------------------------------------

SEED_CASES = [
    {"id": "commit-china", "question": "What did China commit to?", "answerable": True,
     "answer": "Soybeans, rare earths, fentanyl.", "must_include": [["soybean"]],
     "evidence": [{"doc": CHINA_DOC, "quote": "Resuming large-scale purchases of U.S. soybeans"}]},
    {"id": "fu-where", "question": "Where did he meet his counterpart?",
     "history": [{"question": "Who is Pete Hegseth?"}], "answerable": True, "answer": "In Malaysia.",
     "must_include": [["Malaysia"]],
     "evidence": [{"doc": CHINA_DOC, "quote": "on the sidelines of a regional security summit in Malaysia"}]},
    {"id": "north-korea", "question": "What did Hegseth say about North Korea?", "answerable": False,
     "answer": "", "must_include": [], "evidence": []},
]


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def test_load_gold_reads_history_and_alternatives(tmp_path: Path) -> None:
    cases = load_gold(_write_jsonl(tmp_path / "g.jsonl", SEED_CASES))
    assert [c.id for c in cases] == ["commit-china", "fu-where", "north-korea"]
    assert cases[1].history == ["Who is Pete Hegseth?"]
    assert cases[0].evidence[0].doc == CHINA_DOC and not cases[2].answerable
    (tmp_path / "bad.jsonl").write_text('{"id": "x"}\n')
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        load_gold(tmp_path / "bad.jsonl")


def test_run_eval_on_the_session_assistant(tmp_path: Path, assistant) -> None:
    from eval import run_eval

    result = run_eval(_write_jsonl(tmp_path / "g.jsonl", SEED_CASES), assistant=assistant, configs=["hybrid"])
    cfg = result.configs["hybrid"]
    china = cfg.cases[0]
    assert china.hit_rank is not None and china.hit_rank <= 5
    assert any(c.correct for c in china.citations) and china.passed
    assert cfg.cases[1].rewritten_question  # the follow-up was read in the light of the first question
    assert cfg.metrics.cases == 3 and cfg.metrics.answerable == 2
    assert {"encode", "retrieve", "answer", "total"} <= set(cfg.latency_ms)
    assert result.skipped == {}  # only what was asked for runs; nothing to skip


def test_qa_eval_prints_table_and_writes_json_and_report(tmp_path: Path, seed_corpus: Path, seed_index: Path) -> None:
    gold = _write_jsonl(tmp_path / "gold.jsonl", SEED_CASES)
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["eval", "--gold", str(gold), "--corpus", str(seed_corpus), "--index",
                                       str(seed_index), "--json", str(out / "results.json"), "--report", str(out),
                                       "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "| config | R@1 | R@5 | MRR | key facts | cite P |" in result.output
    for name in ("bm25", "dense", "hybrid", "hybrid-norewrite"):
        assert f"| {name} |" in result.output
    assert "skipped hybrid+rerank: no cross-encoder configured (none ship offline)" in result.output
    assert "skipped hybrid+llm: no llm configured" in result.output
    data = json.loads((out / "results.json").read_text())
    assert {"gold", "corpus", "index", "configs", "skipped", "warnings", "seconds"} <= set(data)
    hybrid = data["configs"]["hybrid"]
    assert {"metrics", "latency_ms", "cases"} <= set(hybrid)
    assert {"recall_at_1", "recall_at_5", "mrr", "key_fact_recall", "citation_precision", "citation_recall",
            "abstention_f1", "cited_sentence_share"} <= set(hybrid["metrics"])
    assert [c["id"] for c in hybrid["cases"]] == ["commit-china", "fu-where", "north-korea"]
    assert {"text", "abstained", "citations", "passed", "failures"} <= set(hybrid["cases"][0])
    report = (out / "report.md").read_text()
    assert "| hybrid |" in report and "## Failed cases: hybrid" in report
    assert (out / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_qa_eval_runs_an_llm_beside_the_extractive_answerer(tmp_path: Path, seed_corpus: Path,
                                                          seed_index: Path) -> None:
    from .openai_stub import StubServer

    stub = StubServer()  # an OpenAI-compatible server on loopback with a scripted model
    try:
        stub.model.say("China committed to resuming large-scale purchases of U.S. soybeans [2]. "
                       "It also promised to buy 500 Boeing jets [2].")
        gold = _write_jsonl(tmp_path / "gold.jsonl", SEED_CASES)
        result = CliRunner().invoke(main, ["eval", "--gold", str(gold), "--corpus", str(seed_corpus), "--index",
                                           str(seed_index), "--config", "hybrid", "--config", "hybrid+llm",
                                           "--llm", "openai:scripted", "--llm-url", stub.url,
                                           "--json", str(tmp_path / "r.json"), "--quiet"], catch_exceptions=False)
    finally:
        stub.close()
    assert result.exit_code == 0, result.output
    assert "| LLM answers | removed |" in result.output
    data = json.loads((tmp_path / "r.json").read_text())
    plain, llm = data["configs"]["hybrid"], data["configs"]["hybrid+llm"]
    assert {c["answerer"] for c in plain["cases"]} == {"extractive"}  # the extractive row stays extractive
    assert plain["metrics"]["llm_share"] is None
    china = llm["cases"][0]
    assert china["answerer"] == "openai:scripted" and china["removed"] == 1  # the Boeing sentence
    assert "Boeing" not in china["text"] and china["citations"]
    assert llm["metrics"]["removed_sentences"] >= 1 and llm["metrics"]["llm_share"] > 0
    assert llm["cases"][2]["abstained"]  # North Korea: abstains whatever the model would say


def _borrow_encoder(seed_index: Path, index: Path) -> None:
    """Give a new index the seed index's exported query encoder (skips a slow ONNX export)."""
    shutil.copytree(seed_index / "encoder", index / "encoder")


ARTICLES = {
    "harbour.txt": "New Harbour Bridge Opens\n\nThe city opened the Kestrel Harbour Bridge on Monday. "
                   "The bridge cost 240 million dollars and took four years to build.\n\n"
                   "Mayor Lina Ortiz said the bridge would cut commuting times by twenty minutes.\n",
    "orchard.txt": "Apple Harvest Falls\n\nFarmers in the Vell Valley reported a poor apple harvest this autumn. "
                   "A late frost in April destroyed most of the blossom.\n\n"
                   "Growers expect prices to rise by a third before winter.\n",
    "chess.txt": "Teenager Wins Chess Title\n\nSixteen-year-old Tomas Reyes won the national chess championship "
                 "on Sunday. He beat the defending champion in the final round.\n",
}


def test_qa_eval_on_another_corpus_builds_its_own_index(tmp_path: Path, seed_index: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from eval.cli import index_for_corpus
    from qa.config import load_settings

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    corpus = tmp_path / "news"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, "utf-8")
    gold = _write_jsonl(tmp_path / "news-gold.jsonl", [
        {"id": "bridge-cost", "question": "How much did the Kestrel Harbour Bridge cost?", "answerable": True,
         "answer": "240 million dollars.", "must_include": [["240 million"]],
         "evidence": [{"doc": "harbour.txt", "quote": "The bridge cost 240 million dollars"}]},
        {"id": "frost", "question": "What destroyed the apple blossom in the Vell Valley?", "answerable": True,
         "answer": "A late frost in April.", "must_include": [["frost"]],
         "evidence": [{"doc": "orchard.txt", "quote": "A late frost in April destroyed most of the blossom."}]},
        {"id": "mars", "question": "What is the population of Mars colony Alpha?", "answerable": False,
         "answer": "", "must_include": [], "evidence": []},
    ])
    index = Path(index_for_corpus(str(corpus), load_settings()))
    assert index.is_relative_to(tmp_path / "cache")
    _borrow_encoder(seed_index, index)
    result = CliRunner().invoke(main, ["eval", "--gold", str(gold), "--corpus", str(corpus), "--config", "hybrid",
                                       "--config", "bm25", "--json", str(tmp_path / "r.json"), "--quiet"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (index / "manifest.sqlite").exists()
    data = json.loads((tmp_path / "r.json").read_text())
    assert Path(data["index"]) == index and list(data["configs"]) == ["hybrid", "bm25"]
    metrics = data["configs"]["bm25"]["metrics"]
    assert metrics["recall_at_5"] == 1.0 and metrics["cases"] == 3
    assert "| hybrid |" in result.output and "| dense |" not in result.output


def test_qa_eval_rejects_an_unknown_configuration(tmp_path: Path) -> None:
    gold = _write_jsonl(tmp_path / "g.jsonl", SEED_CASES[:1])
    result = CliRunner().invoke(main, ["eval", "--gold", str(gold), "--config", "nope", "--quiet"])
    assert result.exit_code == 2 and "unknown configuration" in result.output


# --- qa eval beir -------------------------------------------------------------------------

BEIR_DOCS = [
    ("d1", "Volcanoes", "Volcanic eruptions release ash and sulfur dioxide that can cool the climate for years."),
    ("d2", "Honeybees", "Honeybees make honey by evaporating flower nectar inside wax combs of the hive."),
    ("d3", "Jazz", "Bebop jazz arose in the 1940s with fast tempos and complex chord progressions."),
    ("d4", "Glaciers", "Melting glaciers raise the sea level and threaten low coastal cities."),
    ("d5", "Chess openings", "The Sicilian Defence is a popular chess opening answering 1.e4 with c5."),
]
BEIR_QUERIES = {"q1": "How do bees turn nectar into honey?", "q2": "Why does the sea level rise?",
                "q3": "Which chess opening answers e4 with c5?"}
BEIR_QRELS = [("q1", "d2", 1), ("q2", "d4", 2), ("q2", "d1", 1), ("q3", "d5", 1)]


def test_qa_eval_beir_on_a_toy_dataset(tmp_path: Path, seed_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eval.beir import default_index, load_beir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "toy"
    (folder / "qrels").mkdir(parents=True)
    _write_jsonl(folder / "corpus.jsonl", [{"_id": i, "title": t, "text": x} for i, t, x in BEIR_DOCS])
    _write_jsonl(folder / "queries.jsonl", [{"_id": q, "text": t} for q, t in BEIR_QUERIES.items()])
    (folder / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n" + "".join(f"{q}\t{d}\t{s}\n" for q, d, s in BEIR_QRELS))
    data = load_beir(folder)
    assert data.qrels["q2"] == {"d4": 2, "d1": 1} and len(data.queries) == 3
    _borrow_encoder(seed_index, default_index("toy"))
    result = CliRunner().invoke(main, ["eval", "beir", str(folder), "--json", str(tmp_path / "beir.json"), "--quiet"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "| bm25 |" in result.output and "| hybrid |" in result.output
    out = json.loads((tmp_path / "beir.json").read_text())
    assert out["queries"] == 3 and out["documents"] == 5
    for name in ("bm25", "dense", "hybrid"):
        cfg = out["configs"][name]
        assert 0.0 <= cfg["ndcg_at_10"] <= 1.0 and 0.0 <= cfg["recall_at_100"] <= 1.0
        assert set(cfg["per_query"]) == {"q1", "q2", "q3"}
    assert out["configs"]["bm25"]["per_query"]["q1"]["ndcg@10"] == 1.0
    assert out["configs"]["dense"]["recall_at_100"] == 1.0  # dense ranks all five documents

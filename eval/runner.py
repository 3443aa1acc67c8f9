"""Run a gold file through the assistant under several configurations and score each.

    from eval import run_eval
    result = run_eval("eval/gold.jsonl", corpus="seeds", index=".qa-index")
    result.configs["hybrid"].metrics.citation_precision
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eval import metrics as m
from qa.errors import QAError

Progress = Callable[[str, int, int], None]

NO_RERANKER = "no cross-encoder configured (none ship offline)"
MIN_TEXT_MATCH = 40
"""A retrieved passage whose text contains a gold quote this long holds the evidence even when
it belongs to another document (a syndicated copy the index folded into one canonical)."""


# --- gold cases ---------------------------------------------------------------------------

@dataclass
class Evidence:
    """A gold quote: an exact substring of document `doc` (id relative to the corpus root)."""

    doc: str
    quote: str


@dataclass
class GoldCase:
    """One question of a gold file, with what a right answer must contain and cite."""

    id: str
    question: str
    answerable: bool
    answer: str = ""
    must_include: list[list[str]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    """Earlier questions of the same conversation, asked first in this order."""


def load_gold(path: str | Path) -> list[GoldCase]:
    """Read a gold JSONL file (one case per line); raises ValueError naming a bad line."""
    cases: list[GoldCase] = []
    for n, line in enumerate(Path(path).read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            history = [h["question"] if isinstance(h, dict) else str(h) for h in rec.get("history") or []]
            groups = [[g] if isinstance(g, str) else list(g) for g in rec.get("must_include") or []]
            cases.append(GoldCase(
                id=str(rec.get("id") or f"line-{n}"), question=rec["question"],
                answerable=bool(rec.get("answerable", True)), answer=rec.get("answer") or "",
                must_include=groups, history=history,
                evidence=[Evidence(e["doc"], e["quote"]) for e in rec.get("evidence") or []]))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: not a gold case ({exc})") from exc
    return cases


# --- configurations -----------------------------------------------------------------------

@dataclass
class ConfigSpec:
    """A named configuration: settings overrides, and a check that says why it cannot run."""

    name: str
    overrides: dict[str, Any]
    needs: Callable[[Any], str] | None = None
    """needs(settings) -> reason to skip ('' when the configuration can run)."""

    def skip_reason(self, settings: Any) -> str:
        """Why this configuration cannot run with `settings` ('' when it can)."""
        return self.needs(settings) if self.needs else ""


CONFIGS: dict[str, ConfigSpec] = {}
"""Every known configuration by name, in table order. Add more with `register_config`."""


def register_config(name: str, overrides: dict[str, Any] | None = None,
                    needs: Callable[[Any], str] | None = None) -> ConfigSpec:
    """Add (or replace) a configuration, e.g. `register_config("hybrid+llm", {"llm": "ollama:qwen"})`."""
    spec = ConfigSpec(name, dict(overrides or {}), needs)
    CONFIGS[name] = spec
    return spec


def _llm_missing(settings: Any) -> str:
    from qa.llm import unavailable

    return unavailable(settings.llm, settings.llm_url)


# The extractive configurations pin `llm` off, so a configured model shows only in its own row.
register_config("bm25", {"mode": "bm25", "llm": ""})
register_config("dense", {"mode": "dense", "llm": ""})
register_config("hybrid", {"mode": "hybrid", "llm": ""})
register_config("hybrid-norewrite", {"mode": "hybrid", "rewrite": False, "llm": ""})
register_config("hybrid+rerank", {"mode": "hybrid", "llm": ""}, needs=lambda s: "" if s.reranker else NO_RERANKER)
register_config("hybrid+llm", {"mode": "hybrid"}, needs=_llm_missing)


def select_configs(settings: Any, names: Sequence[str] | None = None) -> tuple[list[ConfigSpec], dict[str, str]]:
    """The configurations to run (all by default) and the skipped ones with their reasons."""
    wanted = list(names) if names else list(CONFIGS)
    unknown = [n for n in wanted if n not in CONFIGS]
    if unknown:
        raise ValueError(f"unknown configuration(s) {', '.join(unknown)}; known: {', '.join(CONFIGS)}")
    run, skipped = [], {}
    for name in wanted:
        reason = CONFIGS[name].skip_reason(settings)
        if reason:
            skipped[name] = reason
        else:
            run.append(CONFIGS[name])
    return run, skipped


# --- results ------------------------------------------------------------------------------

@dataclass
class CitationResult:
    """One citation of an answer and whether it overlaps a gold quote."""

    n: int
    doc: str
    start: int
    end: int
    quote: str
    correct: bool


@dataclass
class CaseResult:
    """What one configuration answered for one gold case, and how it scored."""

    id: str
    question: str
    history: list[str]
    answerable: bool
    expected: str
    must_include: list[list[str]]
    evidence: list[Evidence]
    text: str
    abstained: bool
    reason: str
    rewritten_question: str
    citations: list[CitationResult]
    hit_rank: int | None
    """1-based rank of the first retrieved passage holding a gold quote (None: none did)."""
    facts: list[bool]
    cited_sentences: int
    sentences: int
    timings_ms: dict[str, float]
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    answerer: str = "extractive"
    """Who wrote the answer: 'extractive', or the LLM spec when its verified draft was kept."""
    removed: int = 0
    """Sentences of an LLM draft that verification removed as unsupported by their citations."""

    @property
    def passed(self) -> bool:
        """True when nothing went wrong with this case."""
        return not self.failures


@dataclass
class Metrics:
    """The scores of one configuration (None where a metric has no cases to average)."""

    recall_at_1: float | None
    recall_at_5: float | None
    mrr: float | None
    key_fact_recall: float | None
    citation_precision: float | None
    citation_recall: float | None
    abstention_precision: float | None
    abstention_recall: float | None
    abstention_f1: float | None
    cited_sentence_share: float | None
    pass_rate: float | None
    cases: int
    answerable: int
    unanswerable: int
    citations: int
    llm_share: float | None = None
    """Share of the non-abstained answers written by an LLM (None when no LLM was configured)."""
    removed_sentences: int | None = None
    """Sentences of LLM drafts removed by verification over all cases (None without an LLM)."""


@dataclass
class ConfigResult:
    """One configuration's metrics, latency percentiles per stage, and per-case results."""

    name: str
    overrides: dict[str, Any]
    metrics: Metrics
    latency_ms: dict[str, dict[str, float]]
    cases: list[CaseResult]

    def failed(self) -> list[CaseResult]:
        """The cases with at least one failure."""
        return [c for c in self.cases if not c.passed]


@dataclass
class EvalResult:
    """Everything `run_eval` measured, configurations in run order."""

    gold: str
    corpus: str
    index: str
    configs: dict[str, ConfigResult]
    skipped: dict[str, str]
    warnings: list[str]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: per-configuration metrics, latency and per-case results."""
        out = asdict(self)
        for name, cfg in self.configs.items():
            for case, data in zip(cfg.cases, out["configs"][name]["cases"], strict=True):
                data["passed"] = case.passed
        return out


# --- scoring ------------------------------------------------------------------------------

class GoldSpans:
    """Locates gold quotes in the indexed document texts (each text read once)."""

    def __init__(self, assistant: Any) -> None:
        self.assistant = assistant
        self._texts: dict[str, str] = {}

    def text(self, doc: str) -> str:
        """A document's indexed text ('' when it is not in the index)."""
        if doc not in self._texts:
            self._texts[doc] = self.assistant.document_text(doc)
        return self._texts[doc]

    def spans(self, case: GoldCase) -> tuple[dict[str, list[m.Span]], list[str]]:
        """Spans of a case's quotes per document, and warnings for quotes that cannot be found."""
        spans: dict[str, list[m.Span]] = {}
        warnings: list[str] = []
        for ev in case.evidence:
            text = self.text(ev.doc)
            found = m.find_spans(text, ev.quote)
            if not text:
                warnings.append(f"evidence document {ev.doc!r} is not in the index")
            elif not found:
                warnings.append(f"evidence quote not found in {ev.doc!r}: {ev.quote[:60]!r}")
            spans.setdefault(ev.doc, []).extend(found)
        return spans, warnings


def _hit_rank(answer: Any, case: GoldCase, spans: dict[str, list[m.Span]]) -> int | None:
    if not case.evidence:
        return None
    long_quotes = [e.quote for e in case.evidence if len(e.quote) >= MIN_TEXT_MATCH]
    for rank, p in enumerate(answer.passages, 1):
        if m.first_hit_rank([(p.doc, (p.start, p.end))], spans) or any(q in p.text for q in long_quotes):
            return rank
    return None


def _citation_correct(c: Any, spans: dict[str, list[m.Span]], gold: GoldSpans, quotes: Sequence[str] = ()) -> bool:
    if m.citation_correct((c.start, c.end), spans.get(c.doc, [])):
        return True
    for other in c.also_in or []:  # the same sentence in a syndicated copy of the cited article
        copies = m.find_spans(gold.text(other), c.quote) if other in spans else []
        if any(m.citation_correct(s, spans[other]) for s in copies):
            return True
    # the same words in a syndicated copy the gold set does not list (cited on their own line):
    # as retrieval's hit rank counts a long quote found in any passage
    cited = _letters(c.quote)
    return any(len(q) >= MIN_TEXT_MATCH and (q in cited or len(cited) >= MIN_TEXT_MATCH and cited in q)
               for q in map(_letters, quotes))


def _letters(text: str) -> str:
    """Text as its lowercase letters and digits only: a syndicated copy differs in commas and line breaks."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def score_case(case: GoldCase, answer: Any, gold: GoldSpans) -> CaseResult:
    """Score one answer against its gold case."""
    spans, warnings = gold.spans(case)
    cites = [CitationResult(c.n, c.doc, c.start, c.end, c.quote,
                            case.answerable and _citation_correct(c, spans, gold, [e.quote for e in case.evidence]))
             for c in answer.citations]
    facts = m.facts_found(answer.text, case.must_include) if case.answerable and not answer.abstained \
        else [False] * len(case.must_include)
    cited, total = (0, 0) if answer.abstained else m.cited_sentences(answer.text, [c.quote for c in answer.citations])
    failures: list[str] = []
    if case.answerable:
        if answer.abstained:
            failures.append(f"abstained on an answerable question ({answer.reason})")
        else:
            missing = [" / ".join(g) for g, ok in zip(case.must_include, facts, strict=True) if not ok]
            if missing:
                failures.append("missing: " + "; ".join(missing))
            if case.evidence and not any(c.correct for c in cites):
                failures.append("no citation overlaps the gold evidence")
    elif not answer.abstained:
        failures.append("answered an unanswerable question")
    return CaseResult(
        id=case.id, question=case.question, history=case.history, answerable=case.answerable,
        expected=case.answer, must_include=case.must_include, evidence=case.evidence, text=answer.text,
        abstained=answer.abstained, reason=answer.reason, rewritten_question=answer.rewritten_question, citations=cites,
        hit_rank=_hit_rank(answer, case, spans) if case.answerable else None, facts=facts,
        cited_sentences=cited, sentences=total, timings_ms=dict(answer.timings_ms),
        failures=failures, warnings=warnings, answerer=getattr(answer, "answerer", "extractive"),
        removed=len(getattr(answer, "removed_sentences", []) or []))


def summarise(cases: Sequence[CaseResult], llm: bool = False) -> Metrics:
    """The metrics of one configuration from its scored cases."""
    ans = [c for c in cases if c.answerable]
    ranks = [c.hit_rank for c in ans if c.evidence]
    all_cites = [ci for c in cases for ci in c.citations]
    abst = m.prf([c.abstained for c in cases], [not c.answerable for c in cases])
    answered = [c for c in cases if not c.abstained]
    sentences = sum(c.sentences for c in answered)
    return Metrics(
        recall_at_1=m.recall_at(ranks, 1), recall_at_5=m.recall_at(ranks, 5), mrr=m.mrr(ranks),
        key_fact_recall=m.mean(sum(c.facts) / len(c.facts) if c.facts else None for c in ans),
        citation_precision=sum(ci.correct for ci in all_cites) / len(all_cites) if all_cites else None,
        citation_recall=sum(any(ci.correct for ci in c.citations) for c in ans) / len(ans) if ans else None,
        abstention_precision=abst.precision, abstention_recall=abst.recall, abstention_f1=abst.f1,
        cited_sentence_share=sum(c.cited_sentences for c in answered) / sentences if sentences else None,
        pass_rate=sum(c.passed for c in cases) / len(cases) if cases else None,
        cases=len(cases), answerable=len(ans), unanswerable=len(cases) - len(ans), citations=len(all_cites),
        llm_share=(sum(c.answerer != "extractive" for c in answered) / len(answered) if answered else 0.0)
        if llm else None,
        removed_sentences=sum(c.removed for c in cases) if llm else None)


def latency(cases: Sequence[CaseResult]) -> dict[str, dict[str, float]]:
    """p50 and p95 in milliseconds of each timed stage over the cases."""
    stages = list(dict.fromkeys(k for c in cases for k in c.timings_ms))
    return {s: m.percentiles([c.timings_ms[s] for c in cases if s in c.timings_ms]) for s in stages}


# --- running ------------------------------------------------------------------------------

def ask_case(assistant: Any, case: GoldCase) -> Any:
    """Ask a case's earlier questions in order, then its question with their answers as history."""
    history: list[Any] = []
    for q in case.history:
        history.append(assistant.ask(q, history=list(history)))
    return assistant.ask(case.question, history=history)


def _error_answer(case: GoldCase, exc: Exception) -> Any:
    from qa.types import Answer

    return Answer(question=case.question, text="", citations=[], abstained=False, reason=f"error: {exc}")


def run_config(assistant: Any, spec: ConfigSpec, cases: Sequence[GoldCase],
               progress: Progress | None = None, gold: GoldSpans | None = None) -> ConfigResult:
    """Ask every case under one configuration and score the answers."""
    configured = assistant.configure(**spec.overrides)
    gold = gold or GoldSpans(assistant)
    tick = progress or (lambda s, d, t: None)
    results: list[CaseResult] = []
    for i, case in enumerate(cases):
        tick(spec.name, i, len(cases))
        try:
            answer = ask_case(configured, case)
        except QAError as exc:
            answer = _error_answer(case, exc)
        result = score_case(case, answer, gold)
        if answer.reason.startswith("error: "):
            result.failures.insert(0, answer.reason)
        results.append(result)
    tick(spec.name, len(cases), len(cases))
    return ConfigResult(spec.name, spec.overrides, summarise(results, bool(configured.settings.llm)),
                        latency(results), results)


def run_eval(gold: str | Path, corpus: str | Path | None = None, index: str | Path | None = None, *,
             configs: Sequence[str] | None = None, progress: Progress | None = None,
             assistant: Any = None, **settings: Any) -> EvalResult:
    """Evaluate the gold cases under each configuration, side by side.

    Args:
        gold: gold JSONL file.
        corpus, index: what to open (ingested first when missing or stale); defaults from settings.
        configs: names from `CONFIGS` (default: all that can run; the others are listed as skipped).
        progress: callback(stage, done, total) for ingest, loading and each configuration.
        assistant: an open `Assistant` to use instead of opening `corpus`/`index`.
        settings: `Settings` fields for every configuration, e.g. `llm="ollama:qwen2.5"` for `hybrid+llm`.
    """
    t0 = time.perf_counter()
    cases = load_gold(gold)
    if assistant is None:
        from qa import Assistant

        assistant = Assistant.open(corpus=corpus, index=index, progress=progress, **settings)
    elif settings:
        assistant = assistant.configure(**settings)
    specs, skipped = select_configs(assistant.settings, configs)
    if cases:  # one untimed question first, so the first configuration's latency is not a cold start
        assistant.ask(cases[0].question)
    scorer = GoldSpans(assistant)
    results = {s.name: run_config(assistant, s, cases, progress, scorer) for s in specs}
    warnings = sorted({f"{c.id}: {w}" for r in results.values() for c in r.cases for w in c.warnings})
    return EvalResult(str(gold), str(assistant.settings.corpus), str(assistant.settings.index), results,
                      skipped, warnings, time.perf_counter() - t0)

"""The whole benchmark, phase by phase; `run_bench` returns the results dict `qa bench` prints."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import corpora
from bench import measure as ms
from bench.report import check_targets

Progress = Callable[[str, int, int], None]
BarFactory = Callable[[], AbstractContextManager[Progress]]

COLD_QUESTION = "What did China commit to?"


@dataclass
class BenchOptions:
    """What `qa bench` runs."""

    corpus: str | None = None
    """Corpus of the main figures (default from settings: seeds)."""
    index: str | None = None
    """Its index (default: a bench cache folder of its own, never the user's .qa-index)."""
    scale_docs: int = 5183
    """Documents of the scale corpus (SciFact abstracts; capped at what the file holds)."""
    skip_scale: bool = False
    """Skip the large corpus (re-ingest, ask latency and RSS at scale)."""
    quick: bool = False
    """One run of everything, no throughput sample: a smoke run (figures are not meaningful)."""
    throughput_passages: int = 512
    """Size of the SciFact throughput sample when the corpus has fewer passages than this."""
    rounds: int = 5
    """Timed passes over the questions in the warm-ask phase."""
    raw_limit: int = 4000
    """Raw encode runs on an evenly spaced sample of this many passages of a larger corpus, and
    its full ingest runs once instead of twice (a 20,000-article dump would take hours)."""
    gold: str | None = None
    """Questions file (default eval/gold.jsonl)."""


@contextlib.contextmanager
def _no_bar() -> Iterator[Progress]:
    yield lambda stage, done, total: None


def machine_info() -> dict[str, Any]:
    """CPU count and model, memory, Python and the versions of the heavy libraries."""
    model = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = 0
    with contextlib.suppress(OSError, ValueError), open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // 1024
    versions = {}
    from importlib.metadata import PackageNotFoundError, version

    for pkg in ("torch", "sentence-transformers", "transformers", "onnxruntime", "chromadb", "bm25s",
                "textual", "llama-index-core"):
        with contextlib.suppress(PackageNotFoundError):
            versions[pkg] = version(pkg)
    return {"cpu_count": os.cpu_count(), "cpu_model": model or platform.processor(), "memory_mb": mem,
            "loadavg_start": loadavg(),
            "python": platform.python_version(), "platform": platform.platform(), "versions": versions}


def loadavg() -> list[float] | None:
    """1, 5 and 15-minute load averages (other work on the machine skews every figure)."""
    try:
        return list(os.getloadavg())
    except OSError:
        return None


def default_index(corpus: str) -> Path:
    """The bench's own index for a corpus: `<cache>/index-<name>-<hash>`."""
    path = Path(corpus).resolve()
    digest = hashlib.sha1(str(path).encode()).hexdigest()[:8]
    return corpora.cache_dir() / f"index-{path.name}-{digest}"


def load_questions(gold: str | None) -> list[str]:
    """The "question" fields of the gold file (default eval/gold.jsonl here, else the packaged one)."""
    path = Path(gold) if gold else Path("eval") / "gold.jsonl"
    if not path.exists() and not gold:
        import eval as eval_pkg

        path = Path(eval_pkg.__file__).resolve().parent / "gold.jsonl"
    qs = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                q = json.loads(line).get("question")
                if q:
                    qs.append(q)
    if not qs:
        raise ValueError(f"no questions in {path}")
    return qs


class _Phases:
    """Runs phases, recording failures instead of stopping the benchmark."""

    def __init__(self, bar: BarFactory, log: Callable[[str], None]) -> None:
        self.bar, self.log = bar, log
        self.errors: dict[str, str] = {}
        self.seconds: dict[str, float] = {}

    def run(self, name: str, fn: Callable[[Progress], dict[str, Any]], use_bar: bool = True) -> dict[str, Any]:
        t = time.perf_counter()
        try:
            with self.bar() if use_bar else _no_bar() as tick:
                tick(name, 0, 1)
                out = fn(tick)
            return out
        except Exception as exc:  # noqa: BLE001 - one failing phase must not lose the others
            self.errors[name] = f"{type(exc).__name__}: {exc}"
            self.log(f"phase {name!r} failed: {exc}\n{traceback.format_exc(limit=4)}")
            return {}
        finally:
            self.seconds[name] = round(time.perf_counter() - t, 2)


def run_bench(opts: BenchOptions, bar: BarFactory = _no_bar, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Every phase in order; the flat headline keys, a `scale` section, targets and notes."""
    from qa.config import load_settings

    started = time.perf_counter()
    settings = load_settings(corpus=opts.corpus, index=opts.index)
    corpus = Path(settings.corpus).resolve()
    index = Path(opts.index).resolve() if opts.index else default_index(str(corpus))
    questions = load_questions(opts.gold)
    quick = opts.quick
    rounds = 1 if quick else opts.rounds
    phases = _Phases(bar, log)
    notes: list[str] = []
    results: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine_info(),
        "options": asdict(opts),
        "corpus": str(corpus),
        "index": str(index),
        "settings": {k: getattr(settings, k) for k in ("embed_model", "embed_batch_size", "passage_tokens",
                                                       "query_encoder", "top_k", "candidates", "mode")},
    }

    # 1. The main index, in line with its corpus before anything is timed over it.
    def prepare(tick: Progress) -> dict[str, Any]:
        r = ms.ensure_index(corpus, index, settings, tick)
        return {"documents": r.documents, "passages": r.passages, "ingest_s": r.seconds}

    small = phases.run("prepare index", prepare)

    # 2. Cold start: qa --help, a new `qa ask` process, the TUI's first paint.
    def cold(tick: Progress) -> dict[str, Any]:
        out: dict[str, Any] = {}
        tick("cold start", 0, 3)
        out.update(ms.help_time(1 if quick else 5))
        tick("cold start", 1, 3)
        out.update(ms.cold_ask(str(corpus), str(index), COLD_QUESTION, 1 if quick else 3))
        tick("cold start", 2, 3)
        out.update(ms.first_paint(str(corpus), str(index), 1 if quick else 3))
        tick("cold start", 3, 3)
        return out

    cold_res = phases.run("cold start", cold)
    results.update(cold_res)
    if cold_res.get("first_paint_error"):
        notes.append(f"first paint: {cold_res['first_paint_error']}")

    # 3. Warm ask latency over the gold questions, in a serving process of its own.
    def warm(tick: Progress) -> dict[str, Any]:
        tick("warm ask", 0, 1)
        out = ms.warm_ask(str(corpus), str(index), questions, rounds=rounds)
        tick("warm ask", 1, 1)
        return out

    warm_res = phases.run("warm ask", warm)
    for k in ("ask_p50_ms", "ask_p95_ms", "bare_p50_ms", "bare_p95_ms", "ask_vs_bare_p50", "ask_vs_bare_p95"):
        results[k] = warm_res.get(k)
    robust = warm_res.get("min_of_rounds", {})
    results["ask_vs_bare_p50_robust"] = robust.get("ask_vs_bare_p50")
    results["ask_vs_bare_p95_robust"] = robust.get("ask_vs_bare_p95")
    results["peak_rss_mb"] = warm_res.get("process_peak_rss_mb")
    results["warm_ask"] = warm_res

    # 4. Ingest throughput beside raw SentenceTransformer.encode (in this process).
    def thr(tick: Progress) -> dict[str, Any]:
        reps = 1 if quick or (small.get("passages") or 0) > opts.raw_limit else 2
        out = {"corpus": ms.throughput(corpus, settings, tick, reps, raw_limit=opts.raw_limit)}
        big_enough = out["corpus"]["passages"] >= opts.throughput_passages
        if not big_enough and not quick and corpora.SCIFACT.is_file():
            with tempfile.TemporaryDirectory(prefix="qa-bench-sample-") as tmp:
                docs, n = corpora.write_sample(Path(tmp), opts.throughput_passages, settings.passage_tokens * 4)
                out["sample"] = ms.throughput(Path(tmp), settings, tick, reps)
                out["sample"]["corpus"] = f"first {docs} SciFact abstracts as .txt ({n} passages)"
        return out

    thr_res = phases.run("throughput", thr)
    head = thr_res.get("sample") or thr_res.get("corpus") or {}
    if thr_res and "sample" not in thr_res and not quick:
        notes.append("throughput measured on the corpus alone (no SciFact sample): "
                     f"{head.get('passages')} passages, fixed costs weigh heavily")
    for k in ("ingest_passages_per_s", "ingest_total_passages_per_s", "encode_passages_per_s",
              "ingest_vs_encode", "ingest_total_vs_encode"):
        results[k] = head.get(k)
    results["throughput"] = head
    results["throughput_runs"] = thr_res

    # 5. Re-ingest of the unchanged corpus.
    re_small = phases.run("re-ingest", lambda tick: ms.reingest_unchanged(corpus, index, settings, 1 if quick else 3))
    results["reingest_unchanged_seeds_s"] = re_small.get("reingest_unchanged_s")
    small_scale = {"documents": warm_res.get("documents", small.get("documents")),
                   "passages": warm_res.get("passages", small.get("passages")),
                   **{k: warm_res.get(k) for k in ("ask_p50_ms", "ask_p95_ms", "bare_p50_ms", "bare_p95_ms",
                                                    "open_s", "rss_after_open_mb")},
                   "peak_rss_mb": warm_res.get("process_peak_rss_mb"),
                   "cold_ask_s": cold_res.get("cold_ask_s"), "cold_ask_cpu_s": cold_res.get("cold_ask_cpu_s"),
                   "cold_ask_rss_mb": cold_res.get("cold_ask_rss_mb"),
                   **{k: re_small.get(k) for k in ("reingest_unchanged_s", "reingest_inprocess_s", "reingest_cli_rss_mb")}}
    scale: dict[str, Any] = {"small": small_scale}

    # 6. Scale: the cached SciFact corpus of --scale-docs documents.
    available = 0 if opts.skip_scale else corpora.scifact_size()
    if opts.skip_scale:
        scale["skipped"] = "--skip-scale"
    elif not available:
        scale["skipped"] = f"{corpora.SCIFACT} not found"
        notes.append(f"scale skipped: {corpora.SCIFACT} not found")
    else:
        n_docs = min(opts.scale_docs, available)
        large = _scale(phases, n_docs, settings, questions, rounds, quick)
        scale["large"] = large
        if large:
            growth = {}
            for key, src in (("ask_p50_x", "ask_p50_ms"), ("ask_p95_x", "ask_p95_ms"),
                             ("bare_p95_x", "bare_p95_ms"), ("peak_rss_x", "peak_rss_mb"),
                             ("cold_ask_x", "cold_ask_s"), ("passages_x", "passages")):
                a, b = small_scale.get(src), large.get(src)
                growth[key] = b / a if a and b else None
            scale["growth"] = growth
    results["scale"] = scale
    large_re = scale.get("large", {}).get("reingest_unchanged_s")
    results["reingest_unchanged_s"] = large_re if large_re is not None else results["reingest_unchanged_seeds_s"]
    results["reingest_unchanged_of"] = (f"{scale['large'].get('documents')} documents" if large_re is not None
                                        else f"{small_scale.get('documents')} documents ({corpus.name})")

    results["targets"] = check_targets(results)
    results["errors"] = phases.errors
    results["phase_seconds"] = phases.seconds
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    results["bench_process_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["methods"] = METHODS
    results["machine"]["loadavg_end"] = loadavg()
    busy = max((results["machine"]["loadavg_start"] or [0])[0], (results["machine"]["loadavg_end"] or [0])[0])
    if busy > (os.cpu_count() or 1):
        notes.append(f"the machine was busy (load average up to {busy:.1f} on {os.cpu_count()} cores): "
                     "timings are inflated by other processes")
    if quick:
        notes.append("--quick: single runs; the figures are a smoke test, not measurements")
    results["notes"] = notes
    return results


def _scale(phases: _Phases, n_docs: int, settings: Any, questions: list[str], rounds: int,
           quick: bool) -> dict[str, Any]:
    root = corpora.cache_dir() / f"scifact-{n_docs}"
    out: dict[str, Any] = {}

    def build(tick: Progress) -> dict[str, Any]:
        corpus = corpora.scale_corpus(n_docs)
        index = root / "index"
        stamp = root / "build.json"
        if not stamp.exists() or not (index / "manifest.sqlite").exists():
            print(f"building the {n_docs}-document index once into {index} (minutes; reused later)",
                  file=sys.stderr)
            r = ms.build_index_process(corpus, index)
            if r.returncode != 0:
                raise RuntimeError(f"qa ingest of the scale corpus failed ({r.returncode})")
            stamp.write_text(json.dumps({"first_ingest_s": r.wall_s, "first_ingest_peak_rss_mb": r.peak_rss_mb,
                                         "date": dt.datetime.now().isoformat(timespec="seconds")}))
        return {"corpus": str(corpus), "index": str(index), **json.loads(stamp.read_text())}

    built = phases.run("scale: build", build, use_bar=False)
    if not built:
        return out
    out.update(built)
    corpus, index = Path(built["corpus"]), Path(built["index"])
    out.update(phases.run("scale: re-ingest",
                          lambda tick: ms.reingest_unchanged(corpus, index, settings, 1 if quick else 3)))
    w = phases.run("scale: warm ask", lambda tick: ms.warm_ask(str(corpus), str(index), questions, rounds=rounds))
    if w:
        out.update({k: w.get(k) for k in ("documents", "passages", "ask_p50_ms", "ask_p95_ms", "bare_p50_ms",
                                          "bare_p95_ms", "ask_vs_bare_p50", "ask_vs_bare_p95", "open_s",
                                          "rss_after_open_mb", "stages_p50_ms", "stages_p95_ms")})
        out["peak_rss_mb"] = w.get("process_peak_rss_mb")
        out["warm_ask"] = w
    queries = corpora.scifact_queries(len(questions))
    if queries:
        # The gold questions are about news: over SciFact most abstain early. Its own queries
        # exercise retrieval and sentence scoring fully, so they give the latency to check.
        wq = phases.run("scale: warm ask (SciFact queries)",
                        lambda tick: ms.warm_ask(str(corpus), str(index), queries, rounds=rounds))
        if wq:
            out["corpus_queries"] = {k: wq.get(k) for k in (
                "questions", "abstained_share", "ask_p50_ms", "ask_p95_ms", "bare_p50_ms", "bare_p95_ms",
                "ask_vs_bare_p50", "ask_vs_bare_p95", "min_of_rounds", "stages_p50_ms", "stages_p95_ms")}
            out["corpus_queries"]["peak_rss_mb"] = wq.get("process_peak_rss_mb")
    p95s = [v for v in (out.get("ask_p95_ms"), out.get("corpus_queries", {}).get("ask_p95_ms")) if v is not None]
    out["ask_p95_ms_worst"] = max(p95s) if p95s else None
    rss = [v for v in (out.get("peak_rss_mb"), out.get("corpus_queries", {}).get("peak_rss_mb")) if v is not None]
    out["peak_rss_mb_worst"] = max(rss) if rss else None
    c = phases.run("scale: cold ask", lambda tick: ms.cold_ask(str(corpus), str(index), COLD_QUESTION,
                                                               1 if quick else 3))
    out.update({k: c.get(k) for k in ("cold_ask_s", "cold_ask_cpu_s", "cold_ask_rss_mb")})
    return out


METHODS = {
    "ingest_passages_per_s": "IngestReport.embedded / embed_seconds of a full ingest into a fresh temp index "
                             "(embedding phase; embed_seconds includes the ingest's own model load); median of 2 "
                             "ingests alternating with 3 raw encodes (raw, ingest, raw, ingest, raw)",
    "ingest_total_passages_per_s": "IngestReport.embedded / seconds (whole ingest: scan, chunk, embed, SQLite, "
                                   "Chroma, BM25, dedupe, ONNX export of the query encoder)",
    "encode_passages_per_s": "PassageEncoder.encode_plain (SentenceTransformer.encode) of the same embed_input "
                             "strings, same model and batch size, same process, after a one-batch warm-up",
    "reingest_unchanged_s": "median wall time of 3 `qa ingest --quiet` processes over an index already in line "
                            "(reingest_inprocess_s: median IngestReport.seconds of in-process ingest() calls)",
    "ask": "Assistant.ask over eval/gold.jsonl questions in a separate process, one warm-up pass, then "
           "`rounds` passes; bare = assistant encoder.encode_queries + collection.query(n_results=candidates, "
           "include=[]), alternated with ask per question",
    "cold_ask_s": "median wall time of `qa ask --corpus C --index I 'What did China commit to?'` as a new process "
                  "(after one untimed run); RSS = the child's ru_maxrss from os.wait4",
    "help_s": "median wall time of 5 `qa --help` processes after one untimed run",
    "first_paint_s": "`qa chat` on a new pty (120x40, TERM=xterm-256color): seconds from spawn until the output, "
                     "stripped of escape sequences, contains the input placeholder or the header subtitle; "
                     "median of 3 after one untimed launch; quit with ctrl+q",
    "ask_vs_bare_robust": "targets use these: per question the fastest of the rounds (ask and bare alike), then "
                          "p50/p95 over the questions; other load on the machine slows the multi-threaded "
                          "encoder (most of bare) more than the single-threaded answer stage, so all-sample "
                          "ratios drift low on a busy machine",
    "first_paint_cpu_s": "user+system CPU seconds the `qa chat` process had used when its content arrived",
    "peak_rss_mb": "ru_maxrss of the warm-ask process (open the index, answer every question rounds+1 times)",
}

"""The warm-ask process: `python -m bench.worker --corpus C --index I --questions Q.json`.

Runs in its own process so its peak RSS is that of a serving assistant (open + answers),
not of the benchmark (which has torch loaded for the ingest figures). Prints one JSON
object: per-call latencies of `Assistant.ask` and of the bare retrieval floor (one query
encode with the assistant's own encoder + one Chroma `collection.query(n_results=candidates)`),
p50 of each ask stage, the open time and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any


def rss_mb() -> float:
    """Current resident set size in MiB (from /proc)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


def peak_rss_mb() -> float:
    """This process's peak RSS in MiB: VmHWM of its own memory map.

    Not ru_maxrss, which on Linux keeps the high-water mark of the image this process was
    exec'd from (the parent's size when spawned from a big process).
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(corpus: str, index: str, questions: list[str], rounds: int = 3, warmup: int = 1) -> dict[str, Any]:
    """Open the assistant, warm it, then time ask and bare retrieval alternately per question."""
    import numpy as np

    t = time.perf_counter()
    from qa import Assistant

    assistant = Assistant.open(corpus, index)
    open_s = time.perf_counter() - t
    rss_open = rss_mb()
    parts = assistant._parts  # noqa: SLF001 - the bare floor uses the assistant's own encoder and collection
    encoder, collection = parts.encoder, parts.collection
    n_results = max(1, min(assistant.settings.candidates, collection.count()))

    def bare(q: str) -> float:
        t0 = time.perf_counter()
        v = encoder.encode_queries([q])[0]
        collection.query(query_embeddings=[v.tolist()], n_results=n_results, include=[])
        return (time.perf_counter() - t0) * 1000

    def ask(q: str) -> tuple[float, dict[str, float], bool]:
        t0 = time.perf_counter()
        a = assistant.ask(q)
        return (time.perf_counter() - t0) * 1000, dict(a.timings_ms), a.abstained

    first_ask_ms = None
    for w in range(warmup):
        for q in questions:
            ms, _, _ = ask(q)
            if first_ask_ms is None and w == 0:
                first_ask_ms = ms
            bare(q)
    ask_ms: list[float] = []
    bare_ms: list[float] = []
    stages: dict[str, list[float]] = {}
    abstained = 0
    for r in range(rounds):
        for i, q in enumerate(questions):
            # Alternate which goes first so neither always runs on a freshly touched cache.
            if (i + r) % 2:
                bare_ms.append(bare(q))
                ms, st, ab = ask(q)
            else:
                ms, st, ab = ask(q)
                bare_ms.append(bare(q))
            ask_ms.append(ms)
            abstained += ab
            for k, v in st.items():
                stages.setdefault(k, []).append(v)
    docs, passages = assistant._parts.manifest.counts()  # noqa: SLF001
    assistant.close()

    def pct(xs: list[float] | np.ndarray, p: float) -> float:
        return float(np.percentile(np.asarray(xs), p))

    # Robust to other work on the machine: each question's fastest of the rounds.
    ask_min = np.asarray(ask_ms).reshape(rounds, len(questions)).min(0)
    bare_min = np.asarray(bare_ms).reshape(rounds, len(questions)).min(0)

    return {
        "documents": docs,
        "passages": passages,
        "questions": len(questions),
        "samples": len(ask_ms),
        "abstained_share": abstained / max(1, len(ask_ms)),
        "open_s": open_s,
        "first_ask_ms": first_ask_ms,
        "ask_p50_ms": pct(ask_ms, 50),
        "ask_p95_ms": pct(ask_ms, 95),
        "ask_max_ms": max(ask_ms),
        "bare_p50_ms": pct(bare_ms, 50),
        "bare_p95_ms": pct(bare_ms, 95),
        "min_of_rounds": {"ask_p50_ms": pct(ask_min, 50), "ask_p95_ms": pct(ask_min, 95),
                          "bare_p50_ms": pct(bare_min, 50), "bare_p95_ms": pct(bare_min, 95),
                          "ask_vs_bare_p50": pct(ask_min, 50) / pct(bare_min, 50),
                          "ask_vs_bare_p95": pct(ask_min, 95) / pct(bare_min, 95)},
        "stages_p50_ms": {k: pct(v, 50) for k, v in stages.items()},
        "stages_p95_ms": {k: pct(v, 95) for k, v in stages.items()},
        "encoder": type(encoder).__name__,
        "n_results": n_results,
        "rss_after_open_mb": rss_open,
        "rss_end_mb": rss_mb(),
        "peak_rss_mb": peak_rss_mb(),
    }


def main(argv: list[str] | None = None) -> None:
    """Entry point: prints the JSON of `measure` on stdout."""
    p = argparse.ArgumentParser(prog="python -m bench.worker")
    p.add_argument("--corpus", required=True)
    p.add_argument("--index", required=True)
    p.add_argument("--questions", required=True, help="JSON file: a list of question strings")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    a = p.parse_args(argv)
    questions = json.loads(Path(a.questions).read_text(encoding="utf-8"))
    out = measure(a.corpus, a.index, questions, a.rounds, a.warmup)
    sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()

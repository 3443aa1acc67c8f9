"""Targets, the table printed by `qa bench`, and the JSON file."""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Target:
    """A line of the table with a pass mark: `value(results) <op> limit`."""

    name: str
    label: str
    path: tuple[str, ...]
    op: str
    limit: float
    unit: str = ""

    def value(self, results: dict[str, Any]) -> float | None:
        node: Any = results
        for key in self.path:
            if not isinstance(node, dict) or node.get(key) is None:
                return None
            node = node[key]
        return float(node)

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        compare: Callable[[float, float], bool] = operator.le if self.op == "<=" else operator.ge
        return compare(value, self.limit)


TARGETS: list[Target] = [
    Target("ingest_vs_encode", "ingest embed rate / raw encode", ("ingest_vs_encode",), ">=", 0.9, "x"),
    Target("reingest_unchanged_5k", "re-ingest unchanged, 5k docs", ("scale", "large", "reingest_unchanged_s"),
           "<=", 2.0, "s"),
    Target("ask_vs_bare_p50", "warm ask / bare, p50 (robust)", ("ask_vs_bare_p50_robust",), "<=", 1.5, "x"),
    Target("ask_vs_bare_p95", "warm ask / bare, p95 (robust)", ("ask_vs_bare_p95_robust",), "<=", 2.5, "x"),
    Target("help_s", "qa --help", ("help_s",), "<=", 0.3, "s"),
    Target("first_paint_s", "TUI first paint", ("first_paint_s",), "<=", 0.5, "s"),
    Target("cold_ask_s", "cold qa ask (main corpus)", ("cold_ask_s",), "<=", 1.5, "s"),
    Target("cold_ask_rss_mb", "cold qa ask peak RSS", ("cold_ask_rss_mb",), "<=", 400, "MB"),
    Target("ask_p95_5k", "ask p95 at 5k docs", ("scale", "large", "ask_p95_ms_worst"), "<=", 150, "ms"),
    Target("peak_rss_5k", "peak RSS at 5k docs (serving)", ("scale", "large", "peak_rss_mb_worst"), "<=", 1024, "MB"),
]


def check_targets(results: dict[str, Any]) -> dict[str, Any]:
    """{target name: {label, value, op, limit, met}}; met is None when not measured."""
    out = {}
    for t in TARGETS:
        v = t.value(results)
        out[t.name] = {"label": t.label, "value": v, "op": t.op, "limit": t.limit, "unit": t.unit, "met": t.met(v)}
    return out


def _fmt(v: Any, unit: str = "") -> str:
    if v is None:
        return "n/a"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int | float):
        if unit == "x":
            return f"{v:.2f}x"
        if unit == "s":
            return f"{v:.3f} s" if v < 10 else f"{v:.1f} s"
        if unit == "ms":
            return f"{v:.1f} ms"
        if unit == "MB":
            return f"{v:.0f} MB"
        if unit == "/s":
            return f"{v:.0f}/s"
        if unit == "%":
            return f"{100 * v:.0f}%"
        if isinstance(v, int):
            return f"{v:,}"
        return f"{v:.3g}"
    return str(v)


# (label, path, unit) of the informational rows under the targets
ROWS: list[tuple[str, tuple[str, ...], str]] = [
    ("ingest: embedding phase", ("ingest_passages_per_s",), "/s"),
    ("ingest: whole ingest", ("ingest_total_passages_per_s",), "/s"),
    ("raw SentenceTransformer.encode", ("encode_passages_per_s",), "/s"),
    ("our encode (with sentences), warm", ("throughput", "encode_with_sentences_passages_per_s"), "/s"),
    ("our encode / raw, batch-interleaved", ("throughput", "encode_interleaved", "ours_vs_raw"), "x"),
    ("ingest embedding, less one model load", ("throughput", "ingest_embed_excl_model_load_passages_per_s"), "/s"),
    ("whole ingest / raw encode", ("ingest_total_vs_encode",), "x"),
    ("throughput corpus: passages", ("throughput", "passages"), ""),
    ("throughput corpus: raw-encoded sample", ("throughput", "raw_encode_passages"), ""),
    ("throughput corpus: index on disk", ("throughput", "index_mb"), "MB"),
    ("throughput phase: process peak RSS", ("throughput", "process_peak_rss_mb"), "MB"),
    ("re-ingest unchanged (main corpus), qa ingest", ("reingest_unchanged_seeds_s",), "s"),
    ("warm ask p50", ("ask_p50_ms",), "ms"),
    ("warm ask p95", ("ask_p95_ms",), "ms"),
    ("bare encode+query p50", ("bare_p50_ms",), "ms"),
    ("bare encode+query p95", ("bare_p95_ms",), "ms"),
    ("ask/bare p50, all samples", ("ask_vs_bare_p50",), "x"),
    ("ask/bare p95, all samples", ("ask_vs_bare_p95",), "x"),
    ("warm ask stages p50: encode", ("warm_ask", "stages_p50_ms", "encode"), "ms"),
    ("warm ask stages p50: retrieve", ("warm_ask", "stages_p50_ms", "retrieve"), "ms"),
    ("warm ask stages p50: answer", ("warm_ask", "stages_p50_ms", "answer"), "ms"),
    ("warm ask: gold questions abstained", ("warm_ask", "abstained_share"), "%"),
    ("serving process peak RSS (main corpus)", ("peak_rss_mb",), "MB"),
    ("TUI first byte", ("first_byte_s",), "s"),
    ("TUI CPU time at first paint", ("first_paint_cpu_s",), "s"),
    ("cold qa ask, CPU time (user+sys)", ("cold_ask_cpu_s",), "s"),
    ("qa --help, CPU time", ("help_cpu_s",), "s"),
    ("5k: warm ask p50 (gold questions)", ("scale", "large", "ask_p50_ms"), "ms"),
    ("5k: warm ask p95 (gold questions)", ("scale", "large", "ask_p95_ms"), "ms"),
    ("5k: bare p95 (gold questions)", ("scale", "large", "bare_p95_ms"), "ms"),
    ("5k: gold questions abstained", ("scale", "large", "warm_ask", "abstained_share"), "%"),
    ("5k: warm ask p50 (SciFact queries)", ("scale", "large", "corpus_queries", "ask_p50_ms"), "ms"),
    ("5k: warm ask p95 (SciFact queries)", ("scale", "large", "corpus_queries", "ask_p95_ms"), "ms"),
    ("5k: bare p95 (SciFact queries)", ("scale", "large", "corpus_queries", "bare_p95_ms"), "ms"),
    ("5k: ask/bare p50 (SciFact queries)", ("scale", "large", "corpus_queries", "ask_vs_bare_p50"), "x"),
    ("5k: ask/bare p50 (SciFact, fastest of rounds)", ("scale", "large", "corpus_queries", "min_of_rounds",
                                                      "ask_vs_bare_p50"), "x"),
    ("5k: first ingest (once, cached)", ("scale", "large", "first_ingest_s"), "s"),
    ("5k: first ingest peak RSS", ("scale", "large", "first_ingest_peak_rss_mb"), "MB"),
    ("5k: cold qa ask", ("scale", "large", "cold_ask_s"), "s"),
    ("5k: cold qa ask RSS", ("scale", "large", "cold_ask_rss_mb"), "MB"),
    ("5k: re-ingest, CPU time of qa ingest", ("scale", "large", "reingest_cli_cpu_s"), "s"),
    ("5k: re-ingest in-process (warm imports)", ("scale", "large", "reingest_inprocess_s"), "s"),
    ("5k: re-ingest, time qa ingest reports", ("scale", "large", "reingest_cli_reported_s"), "s"),
    ("growth seeds->5k: ask p50", ("scale", "growth", "ask_p50_x"), "x"),
    ("growth seeds->5k: ask p95", ("scale", "growth", "ask_p95_x"), "x"),
    ("growth seeds->5k: peak RSS", ("scale", "growth", "peak_rss_x"), "x"),
]


def _get(results: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = results
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def print_table(results: dict[str, Any], console: Any = None) -> None:
    """Targets (met / missed) then the other figures, as Rich tables on stdout."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    m = results.get("machine", {})
    console.print(f"qa bench  {results.get('date', '')}  {m.get('cpu_model', '?')} x{m.get('cpu_count', '?')}  "
                  f"Python {m.get('python', '?')}")
    console.print(f"main corpus: {results.get('corpus', '?')}")
    t = Table(title="Targets")
    for col, just in (("metric", "left"), ("value", "right"), ("target", "right"), ("", "left")):
        t.add_column(col, justify=just)  # type: ignore[arg-type]
    for tgt in TARGETS:
        r = results["targets"][tgt.name]
        mark = {True: "[green]met[/]", False: "[red]missed[/]", None: "[dim]not measured[/]"}[r["met"]]
        t.add_row(tgt.label, _fmt(r["value"], tgt.unit), f"{tgt.op} {_fmt(tgt.limit, tgt.unit)}", mark)
    console.print(t)
    info = Table(title="Other figures")
    info.add_column("metric")
    info.add_column("value", justify="right")
    for label, path, unit in ROWS:
        v = _get(results, path)
        if v is not None:
            info.add_row(label, _fmt(v, unit))
    console.print(info)
    for note in results.get("notes", []):
        console.print(f"[yellow]note:[/] {note}")


def write_json(results: dict[str, Any], path: str | Path) -> Path:
    """Write the results (indented, UTF-8); returns the path."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return p

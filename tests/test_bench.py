"""`qa bench`: a smoke run on the seeds (--quick --skip-scale) and the pieces that need no model.

No timing assertions here: speed figures come from `qa bench` itself, never from unit tests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from click.testing import CliRunner

from bench.measure import run_child, strip_ansi
from bench.report import TARGETS, check_targets
from qa.cli import main

NUMERIC_KEYS = [
    "ingest_passages_per_s", "encode_passages_per_s", "ingest_vs_encode", "reingest_unchanged_s",
    "ask_p50_ms", "ask_p95_ms", "bare_p50_ms", "bare_p95_ms", "ask_vs_bare_p50", "ask_vs_bare_p95",
    "help_s", "cold_ask_s", "cold_ask_rss_mb", "first_paint_s", "peak_rss_mb",
    "ask_vs_bare_p50_robust", "ask_vs_bare_p95_robust", "first_paint_cpu_s", "cold_ask_cpu_s",
]


def test_bench_quick_writes_every_key(tmp_path: Path, seed_corpus: Path, seed_index: Path) -> None:
    out = tmp_path / "results.json"
    result = CliRunner().invoke(main, ["bench", "--corpus", str(seed_corpus), "--index", str(seed_index),
                                       "--quick", "--skip-scale", "--quiet", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "Targets" in result.output and "results written to" in result.output
    data = json.loads(out.read_text())
    assert data["errors"] == {}
    for key in NUMERIC_KEYS:
        assert isinstance(data[key], int | float) and data[key] > 0, (key, data[key])
    assert data["ask_p95_ms"] >= data["ask_p50_ms"]
    assert data["scale"]["skipped"] == "--skip-scale"
    assert data["scale"]["small"]["documents"] == 2
    m = data["machine"]
    assert m["cpu_count"] >= 1 and m["cpu_model"] and m["python"].startswith("3.")
    assert data["date"][:2] == "20"
    assert set(data["targets"]) == {t.name for t in TARGETS}
    assert data["targets"]["ask_p95_5k"]["met"] is None  # not measured with --skip-scale
    assert data["warm_ask"]["encoder"] == "QueryEncoder"
    # A serving process over the seeds is far below the benchmark's own size (no torch in it).
    assert data["peak_rss_mb"] < data["bench_process_peak_rss_mb"]


def test_targets_met_missed_and_unmeasured() -> None:
    results = {"ingest_vs_encode": 0.95, "help_s": 0.5, "scale": {"large": {"ask_p95_ms_worst": 100.0}}}
    t = check_targets(results)
    assert t["ingest_vs_encode"]["met"] is True
    assert t["help_s"]["met"] is False
    assert t["ask_p95_5k"]["met"] is True
    assert t["first_paint_s"]["met"] is None and t["first_paint_s"]["value"] is None


def test_child_rss_is_the_childs_own() -> None:
    big = bytearray(300 * 2**20)  # the parent holds 300 MB resident, which the child's figure must not show
    big[::4096] = b"x" * len(big[::4096])
    code = "b = bytearray(60 * 2**20); b[::4096] = b'x' * len(b[::4096])"
    r = run_child([sys.executable, "-c", code])
    assert r.returncode == 0
    assert 60 <= r.peak_rss_mb < 250
    del big


def test_strip_ansi() -> None:
    painted = "\x1b[?1049h\x1b[38;2;1;2;3mAsk about\x1b[0m the articles\x1b]0;qa\x07"
    assert strip_ansi(painted) == "Ask about the articles"

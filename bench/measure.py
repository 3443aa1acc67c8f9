"""The measurements. In-process: ingest and encode throughput, unchanged re-ingest. In child
processes (wall time and peak RSS through `os.wait4`): `qa --help`, a cold `qa ask`, the
warm-ask worker, and the TUI's first paint under a pseudo-terminal.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import resource
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Progress = Callable[[str, int, int], None]
SPAWN = Path(__file__).with_name("spawn.py")


def _noop(stage: str, done: int, total: int) -> None:
    return None


# ---------------------------------------------------------------------------- child processes

def child_env(data_dir: str | None = None) -> dict[str, str]:
    """The environment of measured children: offline, no telemetry, embedded Chroma, private UI data."""
    env = dict(os.environ)
    # A user's second run reads the bytecode its first run wrote; a shell that forbids writing it
    # would have every "cold" process compile our sources anew (~0.1 s) and measure a first run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                "ORT_DISABLE_TELEMETRY": "1", "QA_CHROMA_URL": "", "PYTHONUNBUFFERED": "1"})
    if data_dir:
        env["QA_DATA_DIR"] = data_dir
    return env


def qa_command() -> list[str]:
    """How to run `qa`: the console script beside this interpreter, else `python -m qa.cli`."""
    script = Path(sys.executable).parent / "qa"
    return [str(script)] if script.exists() else [sys.executable, "-m", "qa.cli"]


@dataclass
class ChildRun:
    """One finished child process."""

    wall_s: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    cpu_s: float = 0.0
    """User + system CPU seconds of the child: the figure a busy machine inflates least."""


def run_child(cmd: Sequence[str], env: dict[str, str] | None = None, timeout: float = 600.0,
              stderr_to_terminal: bool = False) -> ChildRun:
    """Run `cmd` through the small launcher `bench/spawn.py`: wall time from spawn to exit
    (taken by the launcher) and the child's own peak RSS (wait4 rusage in the launcher)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as stat:
        stat_path = stat.name
    try:
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            launcher = [sys.executable, "-I", "-S", str(SPAWN), stat_path, *cmd]
            p = subprocess.Popen(launcher, stdin=subprocess.DEVNULL, stdout=out,
                                 stderr=None if stderr_to_terminal else err, env=env)
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                p.terminate()  # the launcher passes SIGTERM on to its child
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
                raise
            out.seek(0)
            err.seek(0)
            info = json.loads(Path(stat_path).read_text())
            return ChildRun(info["wall_s"], info["peak_rss_kb"] / 1024, info["returncode"],
                            out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                            info.get("cpu_s", 0.0))
    finally:
        Path(stat_path).unlink(missing_ok=True)


def help_time(runs: int = 5) -> dict[str, Any]:
    """`qa --help` wall time: one untimed run, then the median of `runs`."""
    cmd = [*qa_command(), "--help"]
    env = child_env()
    run_child(cmd, env)
    runs_ = [run_child(cmd, env) for _ in range(runs)]
    walls = [r.wall_s for r in runs_]
    return {"help_s": statistics.median(walls), "help_runs_s": walls,
            "help_cpu_s": statistics.median(r.cpu_s for r in runs_)}


def cold_ask(corpus: str, index: str, question: str, runs: int = 3) -> dict[str, Any]:
    """A new `qa ask` process over an existing index: median wall time and its peak RSS.

    One untimed run first, so the figures are for a warm OS page cache (a "cold" process,
    not a cold disk).
    """
    cmd = [*qa_command(), "ask", "--corpus", corpus, "--index", index, question]
    env = child_env()
    first = run_child(cmd, env)
    if first.returncode != 0:
        raise RuntimeError(f"`qa ask` failed ({first.returncode}): {first.stderr.strip()[-800:]}")
    results = [run_child(cmd, env) for _ in range(runs)]
    walls = [r.wall_s for r in results]
    return {"cold_ask_s": statistics.median(walls), "cold_ask_runs_s": walls,
            "cold_ask_cpu_s": statistics.median(r.cpu_s for r in results),
            "cold_ask_rss_mb": max(r.peak_rss_mb for r in results),
            "cold_ask_answer": results[-1].stdout.strip().splitlines()[0][:200] if results[-1].stdout.strip() else ""}


def warm_ask(corpus: str, index: str, questions: list[str], rounds: int = 3, warmup: int = 1) -> dict[str, Any]:
    """Run the warm-ask worker (bench.worker) in its own process; its JSON plus its wait4 peak RSS."""
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        qfile = Path(tmp) / "questions.json"
        qfile.write_text(json.dumps(questions), encoding="utf-8")
        cmd = [sys.executable, "-m", "bench.worker", "--corpus", corpus, "--index", index,
               "--questions", str(qfile), "--rounds", str(rounds), "--warmup", str(warmup)]
        r = run_child(cmd, child_env(tmp), timeout=3600)
    if r.returncode != 0:
        raise RuntimeError(f"warm-ask worker failed ({r.returncode}): {r.stderr.strip()[-1500:]}")
    out = json.loads(r.stdout.strip().splitlines()[-1])
    out["process_peak_rss_mb"] = r.peak_rss_mb
    out["process_wall_s"] = r.wall_s
    out["ask_vs_bare_p50"] = out["ask_p50_ms"] / out["bare_p50_ms"]
    out["ask_vs_bare_p95"] = out["ask_p95_ms"] / out["bare_p95_ms"]
    return out


# ---------------------------------------------------------------------------- first paint (pty)

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])")
PAINT_MARKERS = ("Ask about the articles", "questions over news articles", "corpus:")
"""Text of the chat screen: the input placeholder, the header's subtitle."""


def strip_ansi(text: str) -> str:
    """Terminal output without escape sequences."""
    return _ANSI.sub("", text)


def first_paint_once(corpus: str, index: str, timeout: float = 20.0, cols: int = 120,
                     rows: int = 40) -> dict[str, Any]:
    """Launch `qa chat` on a pseudo-terminal and time the arrival of the app's content.

    The child gets a fresh pty of `cols` x `rows` with TERM=xterm-256color. Output is read
    as it comes; the paint time is when the output so far, stripped of escape sequences,
    first contains one of `PAINT_MARKERS`. Then ctrl+q quits the app (SIGTERM after 5 s).
    """
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    with tempfile.TemporaryDirectory(prefix="qa-bench-tui-") as data:
        env = child_env(data)
        env.update({"TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows), "COLORTERM": "truecolor"})
        env.pop("NO_COLOR", None)
        cmd = [*qa_command(), "chat", "--corpus", corpus, "--index", index]
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
                             start_new_session=True, close_fds=True)
        os.close(slave)
        buf = bytearray()
        first_byte = paint = paint_cpu = None
        marker = None
        deadline = t0 + timeout
        try:
            while time.perf_counter() < deadline and paint is None:
                ready, _, _ = select.select([master], [], [], 0.02)
                if not ready:
                    if p.poll() is not None:
                        break
                    continue
                try:
                    data_in = os.read(master, 1 << 16)
                except OSError:
                    break
                if not data_in:
                    break
                now = time.perf_counter()
                if first_byte is None:
                    first_byte = now - t0
                buf += data_in
                plain = strip_ansi(buf.decode("utf-8", "ignore"))
                for m in PAINT_MARKERS:
                    if m in plain:
                        paint, marker = now - t0, m
                        paint_cpu = _cpu_seconds(p.pid)
                        break
        finally:
            _quit_tui(p, master)
            os.close(master)
    return {"first_paint_s": paint, "first_paint_cpu_s": paint_cpu, "first_byte_s": first_byte, "marker": marker,
            "exit_code": p.returncode, "output_tail": "" if paint else strip_ansi(buf.decode("utf-8", "ignore"))[-400:]}


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a live process has used so far (/proc/PID/stat)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _quit_tui(p: subprocess.Popen, master: int) -> None:
    """ctrl+q, then SIGTERM, then SIGKILL: the child process only (it leads its own session)."""
    steps = [(lambda: os.write(master, b"\x11"), 5.0), (p.terminate, 3.0), (p.kill, 3.0)]
    for action, wait in steps:
        if p.poll() is not None:
            return
        with contextlib.suppress(OSError):
            action()
        end = time.perf_counter() + wait
        while time.perf_counter() < end and p.poll() is None:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                with contextlib.suppress(OSError):
                    os.read(master, 1 << 16)  # keep draining so the child never blocks on a write
    if p.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(p.pid, signal.SIGKILL)
        p.wait()


def first_paint(corpus: str, index: str, runs: int = 3) -> dict[str, Any]:
    """Median time to first paint of `qa chat` over `runs` launches (after one untimed launch)."""
    try:
        import tui.app  # noqa: F401
    except ImportError as exc:
        return {"first_paint_s": None, "first_paint_error": f"tui.app not importable: {exc}"}
    first_paint_once(corpus, index)
    results = [first_paint_once(corpus, index) for _ in range(runs)]
    painted = [r["first_paint_s"] for r in results if r["first_paint_s"] is not None]
    out: dict[str, Any] = {
        "first_paint_s": statistics.median(painted) if painted else None,
        "first_paint_runs_s": [r["first_paint_s"] for r in results],
        "first_byte_s": statistics.median([r["first_byte_s"] for r in results if r["first_byte_s"] is not None] or [0]),
        "first_paint_cpu_s": statistics.median([r["first_paint_cpu_s"] for r in results
                                                if r["first_paint_cpu_s"] is not None] or [0]),
        "first_paint_marker": next((r["marker"] for r in results if r["marker"]), None),
    }
    if not painted:
        out["first_paint_error"] = f"no app content within the timeout; output ended: {results[-1]['output_tail']!r}"
    return out


# ---------------------------------------------------------------------------- in-process ingest

def ingest_kwargs(settings: Any) -> dict[str, Any]:
    """The ingest arguments `qa ingest` would use for `settings` (always the embedded store)."""
    return {"model": settings.embed_model, "chroma_url": "", "collection": settings.collection,
            "batch_size": settings.embed_batch_size, "max_chars": settings.passage_tokens * 4}


def passage_inputs(corpus: Path, max_chars: int) -> tuple[list[str], list[list[tuple[int, int]]]]:
    """What the model sees for every passage of `corpus` (index.ingest.embed_input), with sentence spans."""
    from index.chunk import chunk_document
    from index.ingest import embed_input
    from index.load import load_file, scan_corpus

    texts: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    files, _ = scan_corpus(corpus)
    for sf in files:
        docs, _ = load_file(sf)
        for d in docs:
            for c in chunk_document(d.id, d.text, max_chars):
                text, sp = embed_input(d, c)
                texts.append(text)
                spans.append(sp)
    return texts, spans


def throughput(corpus: Path, settings: Any, tick: Progress = _noop, reps: int = 2,
               raw_limit: int | None = None) -> dict[str, Any]:
    """Full ingest of `corpus` into a fresh temp index beside raw `SentenceTransformer.encode`.

    Same process, same model and batch size, same passage inputs. The raw encoder is
    warmed with one batch first; the ingest loads its own model as `qa ingest` does.
    Medians of `reps` ingests and `reps + 1` raw encodes run alternately. With `raw_limit`,
    a corpus of more passages is encoded raw on an evenly spaced sample of that many (rates
    are compared, per passage), so a 20,000-article dump does not take hours.
    """
    from index.embed import PassageEncoder
    from index.ingest import ingest

    kw = ingest_kwargs(settings)
    texts, spans = passage_inputs(corpus, kw["max_chars"])
    if not texts:
        raise RuntimeError(f"corpus {corpus} yields no passages")
    all_passages = len(texts)
    if raw_limit and len(texts) > raw_limit:
        step = len(texts) / raw_limit
        keep = [int(i * step) for i in range(raw_limit)]
        texts, spans = [texts[i] for i in keep], [spans[i] for i in keep]
    tick("raw encode", 0, 3)
    PassageEncoder(kw["model"], kw["batch_size"])  # imports and file cache warm, as for the ingest's own load
    t = time.perf_counter()
    enc = PassageEncoder(kw["model"], kw["batch_size"])
    model_load_s = time.perf_counter() - t
    enc.encode_plain(texts[: kw["batch_size"]])  # warm-up
    tick("raw encode", 1, 3)
    t = time.perf_counter()
    enc.encode(texts, spans)
    ours_s = time.perf_counter() - t
    n = len(texts)
    # Raw encode and full ingest alternate, raw first and last (A-B-A-B-A for reps=2), so load
    # from other processes that changes during the phase weighs on both sides.
    plain_runs: list[float] = []
    reports: list[Any] = []

    def raw_run() -> None:
        t0 = time.perf_counter()
        enc.encode_plain(texts)
        plain_runs.append(time.perf_counter() - t0)

    raw_run()
    index_bytes = 0
    for _ in range(reps):
        with tempfile.TemporaryDirectory(prefix="qa-bench-index-") as tmp:
            reports.append(ingest(corpus, Path(tmp) / "index", progress=tick, **kw))
            index_bytes = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
        raw_run()
    tick("raw encode", 3, 3)
    interleaved = encode_interleaved(enc, texts, spans)
    plain_s = statistics.median(plain_runs)
    encode_rate = n / plain_s
    embed_s = statistics.median(r.embed_seconds for r in reports)
    total_s = statistics.median(r.seconds for r in reports)
    report = reports[-1]
    # embed_seconds starts before the ingest's lazy model load (index.ingest._write_batch), so it
    # includes one model construction; a warm construction took `model_load_s` here.
    embed_only = embed_s - model_load_s
    embed_rate = report.embedded / embed_s if embed_s else 0.0
    total_rate = report.embedded / total_s if total_s else 0.0
    return {
        "corpus": str(corpus),
        "documents": report.documents,
        "passages": all_passages,
        "raw_encode_passages": n,
        "index_mb": index_bytes / 2**20,
        "process_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "embedded": report.embedded,
        "batch_size": kw["batch_size"],
        "ingest_passages_per_s": embed_rate,
        "ingest_total_passages_per_s": total_rate,
        "encode_passages_per_s": encode_rate,
        "encode_with_sentences_passages_per_s": n / ours_s,
        "ingest_vs_encode": embed_rate / encode_rate,
        "ingest_embed_excl_model_load_passages_per_s": report.embedded / embed_only if embed_only > 0 else None,
        "ingest_total_vs_encode": total_rate / encode_rate,
        "ingest_s": total_s,
        "ingest_embed_s": embed_s,
        "ingest_runs_embed_passages_per_s": [r.embedded / r.embed_seconds for r in reports if r.embed_seconds],
        "encode_s": plain_s,
        "encode_runs_passages_per_s": [n / x for x in plain_runs],
        "encode_interleaved": interleaved,
        "encode_with_sentences_s": ours_s,
        "model_load_s": model_load_s,
    }


def encode_interleaved(enc: Any, texts: list[str], spans: list[list[tuple[int, int]]], limit: int = 256,
                       reps: int = 3) -> dict[str, Any]:
    """Raw `encode_plain` and our `encode` (with sentence vectors) alternated batch by batch,
    best of `reps` per batch: the comparison least moved by other work on the machine."""
    import numpy as np

    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))[:limit]
    size = enc.batch_size
    batches = [order[b:b + size] for b in range(0, len(order), size)]
    raw = np.full((reps, len(batches)), np.inf)
    ours = np.full((reps, len(batches)), np.inf)
    for r in range(reps):
        for j, idx in enumerate(batches):
            bt, bs = [texts[i] for i in idx], [spans[i] for i in idx]
            for which in ((0, 1) if (r + j) % 2 else (1, 0)):
                t = time.perf_counter()
                if which == 0:
                    enc.encode_plain(bt)
                else:
                    enc.encode(bt, bs)
                (raw if which == 0 else ours)[r, j] = time.perf_counter() - t
    n = len(order)
    raw_s, ours_s = float(raw.min(0).sum()), float(ours.min(0).sum())
    return {"passages": n, "reps": reps, "raw_passages_per_s": n / raw_s, "ours_passages_per_s": n / ours_s,
            "ours_vs_raw": raw_s / ours_s}


def reingest_unchanged(corpus: Path, index: Path, settings: Any, runs: int = 3) -> dict[str, Any]:
    """An ingest over an index already in line with its corpus: as a `qa ingest --quiet` process
    (median wall time of `runs`, what a user waits; its peak RSS) and as an in-process
    `ingest()` call (median IngestReport.seconds, imports and Chroma client already warm)."""
    from index.ingest import ingest

    kw = ingest_kwargs(settings)
    ingest(corpus, index, **kw)  # make sure it is in line (no-op when it already is)
    reports = [ingest(corpus, index, **kw) for _ in range(runs)]
    cmd = [*qa_command(), "ingest", "--corpus", str(corpus), "--index", str(index), "--quiet"]
    cli = [run_child(cmd, child_env(), timeout=3600) for _ in range(runs)]
    bad = [c for c in cli if c.returncode != 0]
    if bad:
        raise RuntimeError(f"`qa ingest` failed ({bad[0].returncode}): {bad[0].stderr.strip()[-800:]}")
    changed = [r for r in reports if r.changed or r.embedded]
    reported = [float(m.group(1)) for c in cli for m in [re.search(r"; ([0-9.]+) s\s*$", c.stdout.strip().splitlines()[0])] if m]
    return {
        "reingest_unchanged_s": statistics.median(c.wall_s for c in cli),
        "reingest_cli_runs_s": [c.wall_s for c in cli],
        "reingest_cli_cpu_s": statistics.median(c.cpu_s for c in cli),
        "reingest_cli_reported_s": statistics.median(reported) if reported else None,
        "reingest_cli_rss_mb": max(c.peak_rss_mb for c in cli),
        "reingest_inprocess_s": statistics.median(r.seconds for r in reports),
        "reingest_inprocess_runs_s": [r.seconds for r in reports],
        "documents": reports[-1].documents,
        "passages": reports[-1].passages,
        "unchanged": reports[-1].unchanged,
        "changed_on_reingest": bool(changed),
    }


def ensure_index(corpus: Path, index: Path, settings: Any, tick: Progress = _noop) -> Any:
    """Bring `index` in line with `corpus` in-process (the measured runs then start from it)."""
    from index.ingest import ingest

    return ingest(corpus, index, progress=tick, **ingest_kwargs(settings))


def build_index_process(corpus: Path, index: Path) -> ChildRun:
    """Ingest `corpus` into `index` as a `qa ingest` process (its own progress bar on stderr)."""
    return run_child([*qa_command(), "ingest", "--corpus", str(corpus), "--index", str(index)],
                     child_env(), timeout=6 * 3600, stderr_to_terminal=True)

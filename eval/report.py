"""Rendering results: the Markdown table, report.md with failed cases, chart.png, JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.beir import BeirResult
from eval.runner import CaseResult, EvalResult

COLUMNS: list[tuple[str, str]] = [
    ("recall_at_1", "R@1"),
    ("recall_at_5", "R@5"),
    ("mrr", "MRR"),
    ("key_fact_recall", "key facts"),
    ("citation_precision", "cite P"),
    ("citation_recall", "cite R"),
    ("abstention_precision", "abst P"),
    ("abstention_recall", "abst R"),
    ("abstention_f1", "abst F1"),
    ("cited_sentence_share", "cited sent."),
    ("pass_rate", "pass"),
]
"""Metric field -> column header of the main table (and bars of the chart)."""

LLM_COLUMNS: list[tuple[str, str]] = [("llm_share", "LLM answers"), ("removed_sentences", "removed")]
"""Shown when a configuration used an LLM: how often its verified draft was kept, and how many
of its sentences verification removed as unsupported."""


def _num(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def markdown_table(result: EvalResult) -> str:
    """One row per configuration: the main metrics and p50/p95 of total latency."""
    extra = LLM_COLUMNS if any(c.metrics.llm_share is not None for c in result.configs.values()) else []
    head = ["config", *(h for _, h in COLUMNS), *(h for _, h in extra), "p50 ms", "p95 ms"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    for name, cfg in result.configs.items():
        total = cfg.latency_ms.get("total", {})
        llm_cells = [_num(cfg.metrics.llm_share) if cfg.metrics.llm_share is not None else "-",
                     str(cfg.metrics.removed_sentences) if cfg.metrics.removed_sentences is not None else "-"]
        cells = [name, *(_num(getattr(cfg.metrics, f)) for f, _ in COLUMNS), *llm_cells[:len(extra)],
                 _num(total.get("p50"), 0), _num(total.get("p95"), 0)]
        lines.append("| " + " | ".join(cells) + " |")
    for name, reason in result.skipped.items():
        lines.append(f"\nskipped {name}: {reason}")
    any_cfg = next(iter(result.configs.values()), None)
    if any_cfg:
        mm = any_cfg.metrics
        lines.append(f"\n{mm.cases} cases ({mm.answerable} answerable, {mm.unanswerable} unanswerable) "
                     f"from {result.gold}; {result.seconds:.1f} s")
    return "\n".join(lines)


def latency_table(result: EvalResult) -> str:
    """p50/p95 milliseconds of every timed stage, one row per configuration."""
    stages = list(dict.fromkeys(s for c in result.configs.values() for s in c.latency_ms))
    head = ["config", *(f"{s} p50/p95" for s in stages)]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * len(stages)) + "|"]
    for name, cfg in result.configs.items():
        cells = [f"{_num(cfg.latency_ms.get(s, {}).get('p50'), 1)} / {_num(cfg.latency_ms.get(s, {}).get('p95'), 1)}"
                 for s in stages]
        lines.append("| " + " | ".join([name, *cells]) + " |")
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def describe_case(case: CaseResult) -> str:
    """A failed case as Markdown: question, what was expected, what came back."""
    expected = case.expected or ("(abstain)" if not case.answerable else "")
    must = "; ".join(" / ".join(g) for g in case.must_include) or "-"
    out = [f"#### {case.id}: {case.question}", ""]
    if case.history:
        out.append(f"- after: {' / '.join(case.history)}")
    out += [f"- why: {'; '.join(case.failures)}",
            f"- expected: {_one_line(expected)}" + (f" (must include: {must})" if case.answerable else ""),
            f"- got{' (abstained)' if case.abstained else ''}: {_one_line(case.text)}"]
    if case.rewritten_question:
        out.append(f"- read as: {case.rewritten_question}")
    out.append(f"- first gold passage at rank: {case.hit_rank if case.hit_rank else 'not retrieved'}"
               if case.answerable else "- answerable: no")
    for c in case.citations:
        mark = "ok" if c.correct else "wrong"
        out.append(f"  - [{c.n}] ({mark}) {c.doc} {c.start}-{c.end}: “{_one_line(c.quote)[:160]}”")
    return "\n".join(out)


def report_markdown(result: EvalResult) -> str:
    """The whole report: main table, latency per stage, warnings, failed cases per configuration."""
    parts = ["# Evaluation", "", f"Gold `{result.gold}`, corpus `{result.corpus}`, index `{result.index}`.", "",
             markdown_table(result), "", "![metrics per configuration](chart.png)", "",
             "## Latency per stage (ms)", "", latency_table(result), ""]
    if result.warnings:
        parts += ["## Gold file warnings", "", *(f"- {w}" for w in result.warnings), ""]
    for name, cfg in result.configs.items():
        failed = cfg.failed()
        parts += [f"## Failed cases: {name} ({len(failed)} of {len(cfg.cases)})", ""]
        parts += [describe_case(c) + "\n" for c in failed] or ["none", ""]
    return "\n".join(parts)


def write_chart(result: EvalResult, path: str | Path) -> Path:
    """Grouped bars of the main metrics, one colour per configuration (matplotlib, Agg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    names = list(result.configs)
    x = np.arange(len(COLUMNS))
    width = 0.8 / max(len(names), 1)
    fig, ax = plt.subplots(figsize=(max(8, len(COLUMNS) * 1.1), 4.5))
    for i, name in enumerate(names):
        values = [getattr(result.configs[name].metrics, f) or 0.0 for f, _ in COLUMNS]
        ax.bar(x - 0.4 + width * (i + 0.5), values, width, label=name)
    ax.set_xticks(x, [h for _, h in COLUMNS], rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title("Metrics per configuration")
    ax.legend(fontsize="small", ncols=min(len(names), 5) or 1, loc="upper center", bbox_to_anchor=(0.5, -0.25))
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def write_report(result: EvalResult, folder: str | Path) -> Path:
    """Write `report.md` and `chart.png` into `folder` (created); returns the report path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_chart(result, folder / "chart.png")
    report = folder / "report.md"
    report.write_text(report_markdown(result), "utf-8")
    return report


def write_json(data: dict[str, Any], path: str | Path) -> Path:
    """Write JSON (parent folders created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return path


def beir_table(result: BeirResult) -> str:
    """One row per retrieval mode: nDCG@10, recall@100, documents per query, ms per query."""
    lines = [f"{result.dataset}: {result.queries} queries, {result.documents} documents, {result.k} passages "
             "per query", "", "| config | nDCG@10 | recall@100 | docs/query | ms/query |", "|---|---:|---:|---:|---:|"]
    for name, r in result.configs.items():
        lines.append(f"| {name} | {r.ndcg_at_10:.3f} | {r.recall_at_100:.3f} | {r.docs_per_query:.1f} | "
                     f"{r.ms_per_query:.1f} |")
    return "\n".join(lines)

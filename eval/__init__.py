"""Evaluation of the assistant: gold question sets (`run_eval`) and BEIR retrieval (`run_beir`).

    from eval import run_eval, run_beir
    result = run_eval("eval/gold.jsonl")            # all configurations side by side
    beir = run_beir("../shared/bench/scifact")     # nDCG@10, recall@100 per retrieval mode
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eval.beir import BeirConfigResult, BeirResult, load_beir, run_beir
    from eval.runner import (
        CONFIGS,
        CaseResult,
        ConfigResult,
        ConfigSpec,
        EvalResult,
        GoldCase,
        Metrics,
        load_gold,
        register_config,
        run_eval,
    )

_WHERE = {
    **dict.fromkeys(["BeirConfigResult", "BeirResult", "load_beir", "run_beir"], "eval.beir"),
    **dict.fromkeys(["CONFIGS", "CaseResult", "ConfigResult", "ConfigSpec", "EvalResult", "GoldCase",
                     "Metrics", "load_gold", "register_config", "run_eval"], "eval.runner"),
}


def __getattr__(name: str) -> Any:
    # Loaded on first use: `qa --help` imports `eval.cli`, which must stay light.
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'eval' has no attribute {name!r}")


__all__ = [
    "CONFIGS",
    "BeirConfigResult",
    "BeirResult",
    "CaseResult",
    "ConfigResult",
    "ConfigSpec",
    "EvalResult",
    "GoldCase",
    "Metrics",
    "load_beir",
    "load_gold",
    "register_config",
    "run_beir",
    "run_eval",
]

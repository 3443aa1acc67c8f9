"""Sanity checks for the gold evaluation files in eval/.

Every case must parse, have the documented fields, cite exact quotes from its
documents, and carry `must_include` words that the cited documents really contain.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval"
SEEDS = ROOT / "seeds"
REUTERS_DUMP = ROOT.parent / "shared" / "bench" / "reuters" / "reuters21578.jsonl"
REUTERS_PREFIX = "reuters21578.jsonl#"

SEED_FILES = ["gold.jsonl", "heldout.jsonl"]
REQUIRED = {
    "id": str,
    "question": str,
    "answerable": bool,
    "answer": str,
    "must_include": list,
    "evidence": list,
}


def _load(path: Path) -> list[dict]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:  # pragma: no cover - message only
            pytest.fail(f"{path.name}:{n}: not JSON: {exc}")
        assert isinstance(case, dict), f"{path.name}:{n}: not an object"
        cases.append(case)
    return cases


@cache
def _seed_doc(name: str) -> str:
    path = SEEDS / name
    assert path.is_file(), f"evidence doc {name!r} not in {SEEDS}"
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _reuters_texts() -> dict[str, str]:
    texts = {}
    with REUTERS_DUMP.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            texts[rec["id"]] = rec.get("text") or ""
    return texts


def _reuters_doc(doc: str) -> str:
    assert doc.startswith(REUTERS_PREFIX), f"bad reuters doc id {doc!r}"
    rid = doc[len(REUTERS_PREFIX):]
    texts = _reuters_texts()
    assert rid in texts, f"no record {rid!r} in the dump"
    return texts[rid]


def _check_shape(cases: list[dict], fname: str) -> None:
    assert cases, f"{fname} is empty"
    ids = [c.get("id") for c in cases]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, f"{fname}: duplicate ids {sorted(dupes)}"
    for c in cases:
        cid = c.get("id")
        for key, typ in REQUIRED.items():
            assert key in c, f"{fname}:{cid}: missing {key!r}"
            assert isinstance(c[key], typ), f"{fname}:{cid}: {key!r} is not {typ.__name__}"
        assert c["id"].strip() and c["question"].strip(), f"{fname}:{cid}: empty id/question"
        if "history" in c:
            assert isinstance(c["history"], list) and c["history"], f"{fname}:{cid}: bad history"
            for turn in c["history"]:
                assert isinstance(turn, dict), f"{fname}:{cid}: history turn not an object"
                assert isinstance(turn.get("question"), str) and turn["question"].strip(), (
                    f"{fname}:{cid}: history turn without a question"
                )
        for group in c["must_include"]:
            assert isinstance(group, list) and group, f"{fname}:{cid}: empty must_include group"
            assert all(isinstance(a, str) and a.strip() for a in group), (
                f"{fname}:{cid}: must_include alternatives must be non-empty strings"
            )
        for ev in c["evidence"]:
            assert isinstance(ev, dict), f"{fname}:{cid}: evidence item not an object"
            assert isinstance(ev.get("doc"), str) and ev["doc"], f"{fname}:{cid}: evidence without doc"
            assert isinstance(ev.get("quote"), str) and ev["quote"].strip(), (
                f"{fname}:{cid}: evidence without quote"
            )
        if c["answerable"]:
            assert c["must_include"], f"{fname}:{cid}: answerable but must_include is empty"
            assert c["evidence"], f"{fname}:{cid}: answerable but evidence is empty"
        else:
            assert c["must_include"] == [], f"{fname}:{cid}: unanswerable but must_include set"
            assert c["evidence"] == [], f"{fname}:{cid}: unanswerable but evidence set"


def _check_grounding(cases: list[dict], fname: str, doc_text) -> None:
    for c in cases:
        cid = c["id"]
        texts = []
        for ev in c["evidence"]:
            text = doc_text(ev["doc"])
            assert ev["quote"] in text, (
                f"{fname}:{cid}: quote not found verbatim in {ev['doc']}: {ev['quote']!r}"
            )
            texts.append(text.lower())
        for group in c["must_include"]:
            assert any(alt.lower() in t for alt in group for t in texts), (
                f"{fname}:{cid}: none of {group} occurs in the evidence documents"
            )


# ---------------------------------------------------------------- seed corpus


@pytest.mark.parametrize("fname", SEED_FILES)
def test_seed_gold_shape(fname: str) -> None:
    _check_shape(_load(EVAL / fname), fname)


@pytest.mark.parametrize("fname", SEED_FILES)
def test_seed_gold_grounded(fname: str) -> None:
    _check_grounding(_load(EVAL / fname), fname, _seed_doc)


def test_gold_size() -> None:
    cases = _load(EVAL / "gold.jsonl")
    assert len(cases) >= 40
    assert sum(not c["answerable"] for c in cases) >= 12
    assert sum(bool(c.get("history")) for c in cases) >= 5


def test_heldout_size() -> None:
    cases = _load(EVAL / "heldout.jsonl")
    assert len(cases) >= 24
    assert sum(not c["answerable"] for c in cases) >= 7
    assert sum(bool(c.get("history")) for c in cases) >= 3


def test_heldout_disjoint_from_gold() -> None:
    gold = _load(EVAL / "gold.jsonl")
    held = _load(EVAL / "heldout.jsonl")
    assert not {c["id"] for c in gold} & {c["id"] for c in held}
    norm = lambda s: " ".join(s.lower().split())  # noqa: E731
    assert not {norm(c["question"]) for c in gold} & {norm(c["question"]) for c in held}


# ---------------------------------------------------------------- reuters dump


def test_reuters_gold_shape() -> None:
    cases = _load(EVAL / "reuters_gold.jsonl")
    _check_shape(cases, "reuters_gold.jsonl")
    assert len(cases) >= 32
    assert sum(not c["answerable"] for c in cases) >= 8


def test_reuters_gold_grounded() -> None:
    if not REUTERS_DUMP.is_file():
        pytest.skip(f"Reuters dump not available at {REUTERS_DUMP}")
    _check_grounding(_load(EVAL / "reuters_gold.jsonl"), "reuters_gold.jsonl", _reuters_doc)

"""Synonyms of common words, from WordNet 3.0: a question says "duties", the article "tariffs".

The table (qa/data/synonyms.tsv.gz, built by qa/data/make_synonyms.py) maps a stemmed
word to the stemmed words sharing one of its three commonest senses. The answerer gives a
synonym match part of the credit of the word itself (SYNONYM_CREDIT); BM25 queries are not
widened by WordNet (that cost recall over 20,000 articles), only by the few lines of NEWS_KIN. Names are never widened either: "North Korea"
has to be in the articles as written, or under one of its usual names (SAME_NAMES, names_in).
WordNet 3.0 Copyright 2006 by Princeton University (licence: qa/data/WORDNET_LICENSE).
"""

from __future__ import annotations

import gzip
import threading
from functools import lru_cache
from pathlib import Path

SYNONYM_CREDIT = 0.5
"""Share of a question word's weight that a synonym of it earns: a synonym may be another
sense of the word, so it counts, but less than the word."""
TABLE = Path(__file__).with_name("data") / "synonyms.tsv.gz"

_table: dict[str, str] | None = None
_lock = threading.Lock()


NEWS_KIN = """
chief minister secretary
promise pledge commit vow
minimum smallest lowest
maximum largest biggest highest
tech technology technological
react respond response reaction
stance policy posture
"""
"""Words news uses for one thing that WordNet's commonest senses do not join ("defense chiefs"
are the defense ministers or secretaries; what a country "promised" are its "commitments"): lines
of words that count as synonyms."""


@lru_cache(maxsize=20_000)
def synonyms(term: str) -> frozenset[str]:
    """Stemmed synonyms of a stemmed term (empty for names, rare words and unknown ones)."""
    words = (_table if _table is not None else _load()).get(term)
    found = frozenset(words.split()) if words else frozenset()
    return found | news_kin(term)


def news_kin(term: str) -> frozenset[str]:
    """Stemmed words news uses for the same thing as a stemmed term (NEWS_KIN), empty for others."""
    return _news_kin().get(term, frozenset())


@lru_cache(maxsize=1)
def _news_kin() -> dict[str, frozenset[str]]:
    from index.store import tokenize

    kin: dict[str, set[str]] = {}
    for line in NEWS_KIN.strip().splitlines():
        stems = {s for w in line.split() for s in tokenize(w)}
        for s in stems:
            kin.setdefault(s, set()).update(stems - {s})
    return {s: frozenset(k) for s, k in kin.items()}


def _load() -> dict[str, str]:
    global _table
    with _lock:
        if _table is None:
            try:
                text = gzip.decompress(TABLE.read_bytes()).decode("utf-8")
                _table = dict(line.split("\t", 1) for line in text.splitlines())
            except (OSError, ValueError):
                _table = {}  # an install without the table answers as before, on exact words
    return _table


# News names one actor several ways: a country, its capital, its government's seat.
SAME_NAMES = """
U.S. | United States | America | USA | Washington
China | Beijing | PRC
Russia | Moscow | Kremlin
Britain | UK | United Kingdom | London
Japan | Tokyo
France | Paris
Germany | Berlin | Bonn
Taiwan | Taipei
Ukraine | Kyiv | Kiev
Iran | Tehran
India | New Delhi
G7 | G-7 | Group of Seven
G5 | G-5 | Group of Five
Pentagon | U.S. Defense Department | U.S. Department of Defense | Defense Department | Department of Defense | Defense Secretary | Secretary of Defense
"""


@lru_cache(maxsize=1)
def _name_groups() -> list[list[tuple[str, ...]]]:
    from index.store import tokenize

    return [[tuple(tokenize(name, query=True)) for name in line.split("|")]
            for line in SAME_NAMES.strip().splitlines()]


def names_in(tokens: list[str], words: set[str]) -> bool:
    """True when the name whose tokens are `tokens` is among `words` under any of its usual
    names ("U.S." for "United States", "Beijing" for "China")."""
    rest = list(tokens)
    for alt, group in _alternatives():
        if all(t in rest for t in alt):
            for t in alt:
                rest.remove(t)
            if not any(other and all(t in words for t in other) for other in group):
                return False
    return all(t in words for t in rest)


@lru_cache(maxsize=1)
def _alternatives() -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """Every name of SAME_NAMES with its group, longest first: "U.S. Defense Department" is
    the Pentagon, before "U.S." alone is the United States."""
    pairs = [(alt, group) for group in _name_groups() for alt in group if alt]
    return sorted(pairs, key=lambda p: -len(p[0]))


WIRE_FORMS = {"share": ("shr", "shrs"), "quarter": ("qtr",), "revenu": ("rev",), "month": ("mths",),
              "averag": ("avg",), "year": ("yr",), "dollar": ("dlrs", "dlr"), "percent": ("pct",),
              "million": ("mln",), "billion": ("bln",), "first": ("1st",), "second": ("2nd",), "third": ("3rd",),
              "fourth": ("4th",)}
"""Stemmed words and the short forms wire copy gives them ("Shr 59 cts", "3RD QTR NET"): the
same word, so full credit, unlike a synonym."""


_KINDS = [("ship", "vessel", "tanker", "freighter"), ("plane", "aircraft", "jet"), ("worker", "employe", "staff"),
          ("ton", "tonn"), ("car", "vehicl"), ("person", "peopl"), ("exchang", "bours"),
          ("auditor", "accountant"), ("insur", "assur"), ("store", "outlet", "shop")]
COUNTED_KIN = {w: frozenset(group) for group in _KINDS for w in group}
"""Stemmed words of a counted or named thing and what news also calls it ("344 vessels" for "how
many ships", "the Zurich bourse" for "which exchange"): used only to check that a figure counts,
or a name names, the thing asked, never in scoring."""

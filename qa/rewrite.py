"""Follow-up questions made stand-alone from the conversation, without an LLM.

Pronouns take the entity they most likely point to ("Where did he meet his
counterpart?" after "Who is Pete Hegseth?"), and fragments ("And Beijing's side of the
deal?") take the frame of the previous question. The rewrite is shown to the user, so a
wrong guess is visible rather than silent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.store import STOPWORDS, demonym_country, tokenize
from qa.question import (
    COUNTRIES,
    FOLLOW_UP_JOIN,
    NAME_RE,
    ORDINAL_WORDS,
    PERSON_RE,
    entities,
    last_sentence,
    restore_case,
)
from qa.synonyms import synonyms
from qa.types import Answer

_FRAGMENT = re.compile(r"^(?:and|but|also|so)?\s*(?:what|how)\s+about\s+|^(?:and|but|also)\s+|^what of\s+", re.I)
_PERSON_PRON = re.compile(r"\b(he|him|his|she|her|hers|(?:that|this|the) (?:person|man|woman|official|leader|minister|secretary))\b", re.I)
_OWNED = re.compile(r"^(its|their|his|her)\s+((?:[\w-]+\s+){0,2}?([a-z][\w-]*)(?:\s+(?:in|for|of|at|during|last|this|since|from|over|to|on|by|between|through)\b.*)?)$", re.I)
"""'its earnings in 1986': a possessive fragment, group 3 its head noun."""
_DEALT = re.compile(r"\b(?:sell(?:s|ing)?|sold|buy(?:s|ing)?|bought|acquir(?:e|es|ed|ing)|divest(?:s|ed|ing)?|spin(?:s|ning)? off|"
                    r"spun off|purchas(?:e|es|ed|ing)) (?:its|their|his|her|the) ((?:[A-Z][\w&-]*\s+)*(?:[a-z][\w-]*\s+){0,3}?"
                    r"(?:subsidiary|unit|division|arm|business|operations?|stake|interest|plant|mill|refinery|assets|"
                    r"holding|company|chain|stores?)|[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*)\b")
"""'selling its Celeron oil and gas subsidiary': group 1 is the thing a deal is about."""
_DEAL_VERB = re.compile(r"\b(?:sell|selling|sold|buy|buying|bought|acquir\w*|purchas\w*|bid\w*|pay\w*|paid|bidder|"
                        r"buyer|acquirer|for)\s*$", re.I)
"""A follow-up whose "it" is the object of a deal verb ("interested in buying it")."""
_PREP_TAIL = re.compile(r"\s+\b(?:about|on|regarding|over|for|with|in|to)\b\s+[^?]*\?*$", re.I)
_PREP_HEAD = re.compile(r"^(?:about|on|regarding|over|for|with|in|to)\b", re.I)
_PLURAL_PRON = re.compile(r"\b(they|them|their|theirs)\b", re.I)
_THING_PRON = re.compile(r"\b(it|its)\b", re.I)
_OWN_ANTECEDENT = re.compile(r"\bthe\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*,\s+and\s+[^,]*$")
"""A two-part question's first part naming a thing ("the original placement, and how large was")."""
_IN_RETURN = re.compile(r"\b(?:give|gives|gave|offer|offers|offered|concede|concedes|conceded|provide|provides|provided) "
                        r"in (?:return|exchange)\s*\??$", re.I)
"""A follow-up asking what was given 'in return', for what the earlier question told of."""
_FIRM_REF = re.compile(r"\bthe (?:company|firm)(?:['’]s\b|\b(?!\s+(?:that|which|who|whose)\b))", re.I)
"""'the company' of a follow-up: the one the earlier question named (not "the company that ...")."""
_WH = r"(?:what|who|whom|whose|which|when|where|why|how)"
"""The words a question of its own opens with."""
_PREAMBLE = re.compile(rf"^[^?]{{3,120}}?(?:\s[—–]|:|;)\s+(?=(?:and\s+)?{_WH}\b)", re.I)
"""What the asker says before the question itself ("Comparing the two pieces: what ...")."""
_THERE = re.compile(r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b(?!\s+(?:is|are|was|were|will|would|could|"
                    r"might|may|has|have|had|must|should|seems?|appears?|be|been)\b)", re.I)
"""'there' standing for a place named before ("Who did he meet there?"), not the existential 'there would be'."""
# "that"/"this" standing for the last answer ("When did that happen?", "Who is that supposed to
# help?"), not a determiner ("that remark").
_DEMONSTRATIVE = re.compile(
    r"\b(?:that|this)\b(?=\s*[?.!,]|\s*$|\s+(?:is|was|will|would|could|did|does|has|had|means?|meant|"
    r"happen(?:s|ed)?|supposed|help(?:s|ed)?|costs?|affect(?:s|ed)?|lead(?:s)?|led|change(?:s|d)?|"
    r"matter(?:s|ed)?|come|came|work(?:s|ed)?)\b)|"
    r"\b(?:those|these)\b(?=\s*[?.!,]|\s*$|\s+(?:are|were|will|would|could|did|do|have|had|take|took|"
    r"happen(?:ed)?|mean|meant)\b)", re.I)
_ORDINAL = re.compile(rf"\b({ORDINAL_WORDS})\b", re.I)
_POINTED = re.compile(r"\b(?:that|this|these|those)\s+([a-z][\w-]*)", re.I)
# "Which drug did Beijing promise to curb?": its answer is a drug, and "it" next is that drug.
_WHICH_THING = re.compile(r"^(?:which|what|whose)\s+(?:[a-z0-9]+\s+){0,2}?([a-z]+)\s+(?:(?:on|of|for|in|from|to)\s+(?:[\w’'-]+\s+){1,3}?)?(?:did|does|do|has|have|had|will|would|is|are|"
                          r"was|were)\b", re.I)
_NOT_PERSON = re.compile(r"\b(?:China|States|America|Korea|Sea|Strait|Ministry|Department|Pentagon|"
                         r"Navy|Army|Union|Council|Nations|Beijing|Washington|Malaysia|Taiwan|"
                         r"Busan|Congress|House|Party|Company|Corp|Co|Inc|Ltd|Plc|Bank|Group)\b")
_TITLE = re.compile(r"\b(?:(?i:president|secretary|minister|admiral|general|speaker|senator|chairman|governor|"
                    r"ambassador)|Mr|Mrs|Ms|Dr)\.?\s+((?:[A-Z][\w’'-]+\s?){1,3})")
_TOPIC_DASH = re.compile(r"\s[-–—]\s+|\s*[:;?]\s+")
_OWNER_PRON = re.compile(r"\b(it|its|their)\b", re.I)
_WH_WORD = re.compile(rf"{_WH}\b", re.I)
_FULL_QUESTION = re.compile(_WH + r"(?:['’]s\b|\s+(?:\w+\s+){0,4}?"
                            r"(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could)\b)", re.I)
_AMONG = re.compile(r"\b(?:of|among)\s+(those|these|them)\b(?=\s+(?:is|was|are|were|has|had|did|does|do|will|would|can|could|seems?|matters?)\b|\s*[?,.]|$)",
                    re.I)
"""'Which of those ...?': one of the things the previous question asked for."""
_PAIR = re.compile(r"\b(?:the two of them|both of them|the two men|the two women|the pair|the two)\b(?!\s+[a-z]+s\b)",
                   re.I)
"""'What did the two of them agree to?': the one asked about and the one the answer named."""
_ASKS_WHO = re.compile(r"^(?:and\s+)?(?:who|whom|which (?:[\w-]+ ){0,2}?(?:official|minister|leader|person|man|woman|"
                       r"executive|diplomat|officer))\s+(?:did|does|do|has|have|had|will)\b", re.I)
"""'Who did X meet?': its answer names someone new, whom a following 'he' or 'she' means."""


def _turn(item: str | Answer) -> tuple[str, str]:
    if isinstance(item, Answer):
        return item.rewritten_question or item.question, item.text
    return str(item), ""


_ONE_NAMED = re.compile(r"\b(?:the|that|this) ((?:[\w’'-]+ ){0,3}?[\w’'-]+) one\b", re.I)
_LIST_HEAD = re.compile(r"^- ([^:\n]{3,60}):", re.M)


def _item_named(question: str, answer: str) -> str:
    """'For the tech rivalry one, which fields ...?' after a list of headed items: the question with
    the item's heading for "the tech rivalry one" ("For Technological Competition, which ...?");
    empty when the question names no one item of the answer's list."""
    m = _ONE_NAMED.search(question)
    heads = _LIST_HEAD.findall(answer) if m else []
    if not heads:
        return ""
    said = {w for t in tokenize(m.group(1)) for w in {t} | synonyms(t)}
    shared = [len(said & set(tokenize(h))) for h in heads]
    best = max(shared)
    if not best or shared.count(best) > 1:
        return ""
    return question[:m.start()] + heads[shared.index(best)] + question[m.end():]


def _titled(answer: str) -> list[str]:
    """The people an answer names by their office ("Defense Minister Dong Jun" -> "Dong Jun")."""
    return [m.group(1).strip() for m in _TITLE.finditer(answer)]


def _named_in(name: str, text: str) -> bool:
    """True when `text` names the person by their last name, in any case ("hegseth")."""
    return bool(re.search(rf"\b{re.escape(name.split()[-1])}\b", text, re.I))


def _people(question: str, answer: str, asked_first: bool = False) -> list[str]:
    # "Where did Hegseth post about his talks ...?": one "his" or "her" is a person's
    found = [e for e in entities(question) if _is_person(e, answer)
             or re.search(rf"\b{re.escape(e)}\s+(?:[a-z]+\s+){{1,4}}?(?:his|her)\b", question)]
    titled = _titled(answer)
    if asked_first and _ASKS_WHO.match(question):
        asked = [e for e in entities(restore_case(question)) if not _NOT_PERSON.search(e)
                 and e.lower() not in COUNTRIES and not demonym_country(e)]
        if asked:
            return asked[:1]
    if _ASKS_WHO.match(question) and answer:
        # "Who did Hegseth meet?" -> "What did he say?": "he" is the one the answer named.
        named = titled + [m.group(0) for m in NAME_RE.finditer(answer) if not _NOT_PERSON.search(m.group(0))]
        # not one the question names, in whatever case it was typed ("who did hegseth meet?")
        # nor one it names by office ("the U.S. defense secretary": "defense Secretary Pete Hegseth")
        found = [n for n in dict.fromkeys(named) if not _named_in(n, question)
                 and not _office_asked(n, answer, question)] + found
    if not found and answer:
        found = titled + [m.group(0) for m in PERSON_RE.finditer(answer)
                          if " " in m.group(0) and not _NOT_PERSON.search(m.group(0))]
    if not found and not re.match(r"(?i)(?:and\s+)?(?:who|whom)\b", question):
        # "I remember Pelosi going to Taiwan ..." -> "What was her position?": the one name of the
        # question that is no place or body ("Who was Hegseth's counterpart?" -> "his": the answer's)
        found = [e for e in entities(question) if re.fullmatch(r"[A-Z][a-z’'-]{2,}", e) and not _NOT_PERSON.search(e)
                 and e.lower() not in COUNTRIES and not demonym_country(e)
                 and not re.search(rf"\b(?:in|at|from|near|to)\s+{re.escape(e)}\b", question)][:1]  # "in Osaka": a place
    return found


_SAID_BY_PRON = re.compile(r"\b(?:he|she)\s+(?:said|says|told|tells|spoke|stated|made (?:that|those|the|his|her))\b|"
                           r"\b(?:did|does|was|is)\s+(?:he|she)\s+(?:say|tell|speak|speaking|state)\b", re.I)
"""A follow-up whose he or she said something ("when he said that", "where was she speaking")."""


_SPOKE_BY = re.compile(r"\b(?:did|does|do|has|have|had|will|would)\s+((?:[\w.’'-]+\s+){1,7}?)(?:say|tell|claim|state|"
                       r"announce|add|warn|insist|suggest|predict|describe)\b", re.I)


def _speaker(question: str) -> str:
    """The named speaker of a question about someone's words ("Who did U.S. trade representative
    Clayton Yeutter say was responsible?" -> "Clayton Yeutter"); "" when there is none."""
    m = _SPOKE_BY.search(question)
    named = [e for e in entities(m.group(1)) if " " in e and not _NOT_PERSON.search(e)] if m else []
    return named[-1] if named else ""


def _office_asked(name: str, answer: str, question: str) -> bool:
    """True when the answer titles `name` with an office the question names ("defense Secretary
    Pete Hegseth" after "... did the U.S. defense secretary hold talks with?")."""
    m = re.search(rf"((?:[\w.’'-]+\s+){{1,3}}){re.escape(name)}", answer)
    offices = set(re.findall(rf"\b(?:{_TITLE_WORDS})\b", m.group(1), re.I)) if m else set()
    return any(re.search(rf"\b{o}\b", question, re.I) for o in offices)


_ASKS_WHO_ANY = re.compile(r"^(?:and\s+)?(?:who|whom)\b", re.I)


def _pair(question: str, answer: str) -> str:
    """"X and Y" after "Who did X meet?" answered with Y's name; "" when there is no such pair."""
    if not answer or not _ASKS_WHO_ANY.match(question):
        return ""
    asked = [e for e in entities(restore_case(question)) if not _NOT_PERSON.search(e) and e.lower() not in COUNTRIES
             and not demonym_country(e)]
    # not one the question names (the one asked about among them)
    named = [n for n in _people(question, answer)
             if not re.search(rf"\b{re.escape(n.split()[-1].lower())}\b", question.lower())]
    return f"{asked[0]} and {named[0]}" if asked and named else ""


def _is_person(entity: str, context: str) -> bool:
    if _NOT_PERSON.search(entity) or any(ch.isdigit() for ch in entity):
        return False
    words = entity.split()
    if len(words) >= 2 and all(w[:1].isupper() for w in words):
        return True
    return bool(re.search(rf"\b(?:President|Secretary|Minister|Admiral|Mr|Mrs|Ms|Dr)\.?\s+(?:\w+\s)?{re.escape(entity)}", context))


_NATIONAL = re.compile(r"\s+(?:government|country|nation|administration|ministry|military|army|navy|people|side|"
                       r"leaders?|capital)\b", re.I)


_TITLE_WORDS = "minister|secretary|president|chief|general|admiral|spokesman|spokeswoman|ambassador|governor"


def _country_of(name: str, answer: str) -> str:
    """The country an answer puts before a person's name ("China's Defense Minister Dong Jun",
    "Chinese Defense Minister Dong Jun" -> "China"), or ""."""
    last = name.split()[-1]
    # "Chinese Defense minister Dong Jun": a title's words may be in lowercase
    m = re.search(rf"\b([A-Z][a-z]+)(?:’s|'s)?\s+(?:(?:[A-Z][\w-]*|{_TITLE_WORDS})\s+){{0,4}}{re.escape(last)}\b", answer)
    if not m:
        return ""
    word = m.group(1)
    country = demonym_country(word)
    if country and country != word.lower():
        return country.title()
    return word if re.search(rf"\b{word}(?:’s|'s)", answer) else ""


_MEASURED_THEY = re.compile(r"^(?:(?:and|so|but)\s+)?(?:what|how (?:much|high|low|many|big|large))\s+(?:were|are|had|have)"
                            r"(?:\s+been)?\s+(they)\b(?!\s+\w+ing\b)", re.I)
"""'What were they (before that)?': "they" has a value, so it stands for things, not people."""
_NOT_PLURAL = frozenset("""does was has its this his hers ours yours theirs news always perhaps less plus series various
numerous whereas besides afterwards towards is us as thus""".split())


def _plural_thing(question: str) -> str:
    """The first plural common noun of a question ("tariffs" in "What did Trump say tariffs on
    Chinese goods would be cut to?"); "" when it has none."""
    for word in re.findall(r"\b[a-z][a-z-]+s\b", question):
        if word not in _NOT_PLURAL and not word.endswith(("ss", "us", "is")):
            return word
    return ""


_DOER_ASKS = re.compile(r"\b(?:did|does|do|has|had|have|will|would|can|could|should|might|may)\s+$", re.I)
"""What stands before a follow-up's "it" when "it" does the deed it asks about ("had it bought ...")."""
_AGENT_VERB = re.compile(r"\s+(?:\w+ly\s+)?(?:expect|plan|intend|spend|say|want|hope|pay|buy|sell|hire|report|earn|"
                         r"announce|decide|agree|seek|propose|tell|own|employ|acquire|need|aim|budget|project|forecast)\b",
                         re.I)
"""A verb only a doer does ("does it expect to spend"), after a follow-up's "it"."""
_DOER_ASKED = re.compile(r"\b(?:did|does|do|has|had|have|will|would|can|could|was|were|is|are)\s+(?:the\s+)?"
                         r"((?:[A-Z][\w.&-]*\s+)*[A-Z][\w.&-]*)(?!['’]s)\s+[a-z]")
"""The name doing the deed of an earlier question ("How much of X did Bank Negara take over?")."""


def _doer_of_it(out: str, m: re.Match[str], prev_q: str, things: list[str]) -> str:
    """The earlier question's doer, when the follow-up's "it" (matched by `m` in `out`) is the one
    doing its deed ("had it bought ..."); "" otherwise."""
    if m.group(1).lower() != "it" or not _DOER_ASKS.search(out[:m.start()]):
        return ""
    doer = _DOER_ASKED.search(prev_q)
    return doer.group(1) if doer and doer.group(1) in things else ""


_THAT_PRON = re.compile(r"\b(?:did|does|do|will|would|was|is|has|had)\s+(that|this)\b(?!\s+(?:one|same)\b)", re.I)
"""'how much did that bring in?': "that" stands for a thing named before."""
_TOPIC_FIRST = re.compile(r"^(?:(?:and|so|but|now|ok|okay)\s+)?(?:(?:what|how) about\s+|as for\s+)?((?:that|the|this)\s+[^—–?]{3,80}?)"
                          r"\s*(?:[—–]|\s-)\s*((?:what|which|who|whom|how|why|when|where|did|does|do|is|was|were|are)\b.*)$", re.I)
"""A follow-up that names its topic, then asks of it ("that pelosi trip — how did beijing respond to it?")."""


def _things(question: str) -> list[str]:
    # "Dutch insurer AEGON": a demonym before a noun says whose, it is no thing "it" can be
    return [e for e in entities(question) if (not _is_person(e, "") or _is_body(e, question))
            and not (demonym_country(e) and re.search(rf"\b{re.escape(e)}\s+[a-z]", question))]


def _is_body(name: str, question: str) -> bool:
    """True when the question tells a two-word name is a company's ("the president of Honeywell
    Bull, the computer company jointly owned by ..."), not a person's."""
    e = re.escape(name)
    return bool(re.search(rf"\b(?:president|chairman|chief executive|head|director|spokes\w+|owners?|units?|subsidiary|"
                          rf"shares|stake|board) (?:\w+ )?(?:of|in|at) (?:the )?{e}\b|"
                          rf"\b{e},? (?:the|a|an) (?:[\w-]+ ){{0,3}}?(?:company|firm|group|bank|maker|carrier|concern|"
                          rf"venture|unit|subsidiary|insurer|retailer|producer)\b", question))


_WHO_THEY_ARE = re.compile(r"\b(?:who|job|title|role|position|post|office|rank|name|nationality|age)\b", re.I)


def other_reading(question: str, history: Sequence[str | Answer] | None,
                  reading: str) -> tuple[str, str, str] | None:
    """After "Who did Hegseth meet?" answered "Dong Jun", "what did he say?" may be about either:
    the rewrite (`reading`, what `rewrite` gave) reads "he" as the one the answer named; this gives
    the reading with the one the question named, as (question, that person, the answer's person),
    or None when there is no other."""
    if not history:
        return None
    prev_q, prev_a = _turn(history[-1])
    if not (_ASKS_WHO.match(prev_q) and prev_a and _PERSON_PRON.search(question)) or _WHO_THEY_ARE.search(question):
        return None  # "what's his job?" asks after the one just named
    mine, theirs = _people(prev_q, prev_a, asked_first=True), _people(prev_q, prev_a)
    if not mine or not theirs or mine[0] == theirs[0]:
        return None
    alt = rewrite(question, history, asked_first=True)
    return (alt, mine[0], theirs[0]) if alt != reading else None


def _read_with(question: str, prev_q: str) -> str:
    """`question` with the earlier question joined on, which tells what it points back to."""
    return f"{question.rstrip(' ?')}{FOLLOW_UP_JOIN}{prev_q}"


def rewrite(question: str, history: Sequence[str | Answer] | None, asked_first: bool = False) -> str:
    """A stand-alone version of `question` given the earlier turns (unchanged if it stands alone);
    `asked_first`: a pronoun is the person the earlier question named before the one its answer named."""
    if not history:
        return question
    q = question.strip()
    lead = _FRAGMENT.match(q)
    if lead and _WH_WORD.match(q[lead.end():]) and not _FULL_QUESTION.match(q[lead.end():]):
        # "and how much of that relates to the shoe subsidiary they had to liquidate?": a question
        # of its own, not a fragment, that goes on from the earlier one, read with it
        out = _rewrite(q[lead.end():], history, asked_first)
        prev_q = _turn(history[-1])[0]
        return out if FOLLOW_UP_JOIN in out or not prev_q else _read_with(out, prev_q)
    return _rewrite(question, history, asked_first)


def _rewrite(question: str, history: Sequence[str | Answer], asked_first: bool) -> str:
    """`rewrite` of a question that is not a wh-question opened by "and"."""
    prev_q, prev_a = _turn(history[-1])
    preamble = _PREAMBLE.match(prev_q)
    if preamble:
        prev_q = prev_q[preamble.end():]  # "I trade China-exposed names — what tariff ...?": the question is after the dash
    q = question.strip()
    topic = _TOPIC_FIRST.match(q)
    that = None
    if topic and (m := _THING_PRON.search(rest := topic.group(2)) or (that := _THAT_PRON.search(rest))):
        # "and that pelosi trip to taiwan — how did beijing respond to it?": "it" is the trip
        thing = re.sub(r"^(?:that|this)\s+", "the ", topic.group(1).strip())
        repl = f"{thing}’s" if m.group(1).lower() == "its" else thing
        out = f"{rest[:m.start(1)]}{repl}{rest[m.end(1):]}"
        # "the previous state loan ... - how much did that bring in?": whose loan, the earlier question says
        return out if not that or entities(out) else _read_with(out, prev_q)
    item = _item_named(q, prev_a)
    if item:
        return item
    frag = _FRAGMENT.match(q)
    if frag and _FULL_QUESTION.match(q[frag.end():]):
        # "And what did he say China was ready to do?" is a question of its own, not a fragment.
        q, frag = q[frag.end():], None
    dash = _TOPIC_DASH.search(q) if frag else None
    if dash and (_FULL_QUESTION.match(q[dash.end():]) or _WH_WORD.match(q[dash.end():])):
        # "what about inflation - how much did the cost of living go up that year?": the question
        # after the dash is the one asked, the topic before it only names what it is about; "And
        # Lloyds? How many of its Hong Kong staff lose their jobs?": its "its" is the topic
        topic, q, frag = q[frag.end():dash.start()].strip(), q[dash.end():], None
        if topic[:1].isupper() and _THING_PRON.search(q):
            q = _OWNER_PRON.sub(lambda m: f"{topic}’s" if m.group(1).lower() in {"its", "their"} else topic, q)
    if frag:
        np_ = q[frag.end():].rstrip(" ?.!")
        new_ord, old_ord = _ORDINAL.search(np_), _ORDINAL.search(prev_q)
        if new_ord and old_ord:
            # "And the second one?" after "What is the first challenge ...?"
            return prev_q[:old_ord.start()] + new_ord.group(1).lower() + prev_q[old_ord.end():]
        if np_:
            tail = _PREP_TAIL.search(prev_q)
            if _PREP_HEAD.match(np_) and tail:
                # "And on rare earths?" after "What did China agree to do about fentanyl?"
                return prev_q[:tail.start()] + " " + np_ + "?"
            things, group = _things(prev_q), entities(prev_q)
            old = things + [e for e in group if e not in things]
            owned = _OWNED.match(np_)
            if owned:
                word, head = owned.group(1).lower(), owned.group(3).lower()
                owner = ([" and ".join(group[:2])] if word == "their" and len(group) >= 2
                         else _people(prev_q, prev_a) if word in {"his", "her"} else old)
                if owner:
                    # "What about its earnings in 1986?" after "When did Middle South Utilities last
                    # pay a dividend?": the owner's earnings, not a dividend on them
                    verb = "were" if head.endswith("s") and not head.endswith("ss") else "was"
                    return f"What {verb} {owner[0]}’s {owned.group(2)}?"
            if np_[:1].isupper() and old and old[0] in prev_q:
                return prev_q.replace(old[0], np_, 1)
            if tail:
                return prev_q[:tail.start()] + " " + tail.group(0).split()[0] + " " + np_ + "?"
            return f"{np_}{FOLLOW_UP_JOIN}{prev_q}"
    out = q
    people = _people(prev_q, prev_a, asked_first)
    speaker = _speaker(prev_q) if _SAID_BY_PRON.search(out) else ""
    if speaker:
        # "Where was he speaking when he said that?" after "Who did U.S. trade representative Clayton
        # Yeutter say was responsible ...?": the one who said it, not whom the answer named
        people = [speaker]
    m = _PERSON_PRON.search(out)
    # "what did he tell Hegseth?": he is not the one the question names (nor "Pete Hegseth" in full)
    if m:
        others = people + _titled(prev_a)  # "Defense minister Dong Jun"
        people = [p for p in dict.fromkeys(others) if not _named_in(p, out)]
    if m and not people and prev_q and m.group(1).lower().startswith(("that ", "this ", "the ")):
        # "what did that official say ...?" after a question naming no one ("a U.S. delegate"):
        # the earlier question tells who (a bare "his" may be someone the question itself names:
        # "how did Trump describe his talks")
        return _read_with(q, prev_q)
    if m and people:
        word = m.group(1).lower()
        name = people[0]
        repl = f"{name}’s" if word in {"his", "hers"} else name
        if word == "her" and re.match(r"\s+[a-z]+\s*(?:\?|$|,|and)", out[m.end():]) is None and \
                re.match(r"\s+[a-z]", out[m.end():]):
            repl = f"{name}’s"  # "her counterpart" is possessive, "met her" is not
        country = _country_of(name, prev_a) if _NATIONAL.match(out[m.end():]) and word in {"his", "her"} else ""
        if country:
            repl = f"{country}’s"  # "his government" after "Chinese Defense Minister Dong Jun": China's
        out = out[:m.start()] + repl + out[m.end():]
    things = _things(prev_q)
    among = _AMONG.search(out)
    which = _WHICH_THING.match(last_sentence(prev_q))
    if among and which:
        # "Which of those is the most sensitive?" after "What challenges could undermine ...?"
        return f"{out[:among.start(1)]}the {which.group(1).lower()}{out[among.end(1):]}"
    measured = _MEASURED_THEY.match(out)
    noun = _plural_thing(prev_q) if measured else ""
    if noun:
        # "And what were they before that?" after "What did Trump say tariffs would be cut to?":
        # what "they" were is a level, so "they" are the tariffs, not Trump and the Chinese
        rest = out[measured.end(1):].rstrip(" ?")
        return f"{out[:measured.start(1)]}the {noun}{rest}{FOLLOW_UP_JOIN}{prev_q}"
    pair = _pair(prev_q, prev_a)
    m = _PAIR.search(out)
    if m and pair:
        out = out[:m.start()] + pair + out[m.end():]
    m = _PLURAL_PRON.search(out)
    if m and pair and len(entities(prev_q)) < 2:
        # "Who did Hegseth meet?" -> "What did they agree?": Hegseth and the one he met
        out = out[:m.start()] + (f"{pair}’s" if m.group(1).lower() in {"their", "theirs"} else pair) + out[m.end():]
        m = None
    if m:
        group = entities(prev_q)
        if len(group) >= 2 and not any(g in out for g in group):
            noun = _plural_thing(prev_q)
            first_name = min((prev_q.find(e) for e in group if e in prev_q), default=len(prev_q))
            if noun and prev_q.find(noun) < first_name and m.group(1).lower() in {"they", "them"}:
                # "Did he give any specifics about them?" after "Are more meetings between U.S. and
                # Chinese defense officials in the works?": the meetings the question was about, not
                # the names that tell whose they are
                return f"{out[:m.start()]}the {noun}{out[m.end():].rstrip(' ?')}{FOLLOW_UP_JOIN}{prev_q}"
            names = " and ".join(group[:2])
            repl = f"{names}’s" if m.group(1).lower() in {"their", "theirs"} else names
            out = out[:m.start()] + repl + out[m.end():]
        elif things and things[0] not in out:
            repl = f"{things[0]}’s" if m.group(1).lower() in {"their", "theirs"} else things[0]
            out = out[:m.start()] + repl + out[m.end():]
    firm = _FIRM_REF.search(out)
    named = [t for t in things if t.lower() not in COUNTRIES and not demonym_country(t)] if firm else []
    if named and named[0] not in out:
        # "Which firm did the company hire to raise the rest?" after "What price did Entertainment
        # Marketing Inc offer Crazy Eddie?": the company the earlier question named first
        repl = f"{named[0]}’s" if firm.group(0)[-2:] in {"'s", "’s"} else named[0]
        out = out[:firm.start()] + repl + out[firm.end():]
    named_firm = out if firm else None
    m = _THING_PRON.search(out)
    if m and firm and named_firm != q and m.group(1).lower() == "its" and firm.start() < m.start():
        m = None  # "How much was the company going to put into its affiliate?": the company's own
    if m and m.group(1).lower() == "it" and _OWN_ANTECEDENT.search(out[:m.start()]):
        # "Who led the original placement, and how large was it?": "it" is the placement this
        # question names, the earlier question only tells whose
        return _read_with(out, prev_q)
    sold = _DEALT.search(prev_q) if m and m.group(1).lower() == "it" and _DEAL_VERB.search(out[:m.start()]) else None
    if sold:
        # "How many companies are interested in buying it?" after "... raise by selling its Celeron
        # oil and gas subsidiary?": "it" is the unit for sale, not the company selling it
        return f"{out[:m.start()]}the {sold.group(1)}{out[m.end():]}"
    which = _WHICH_THING.match(prev_q)
    doer = _doer_of_it(out, m, prev_q, things) if m and which and _AGENT_VERB.match(out[m.end():]) else ""
    if doer:
        # "And how much does it expect to spend?" after "What budget deficit did Qatar project?": who
        # expects is Qatar, not the deficit ("When does it take effect?" is the tariff's, below)
        return f"{out[:m.start()]}{doer}{out[m.end():]}"
    if m and which and not re.match(r"(?i)^(is|was) it\b", out):
        noun = f"the {which.group(1).lower()}"
        repl = f"{noun}’s" if m.group(1).lower() == "its" else noun
        return f"{out[:m.start()]}{repl}{out[m.end():].rstrip(' ?')}{FOLLOW_UP_JOIN}{prev_q}"
    if m and things and things[0] not in out and not re.match(r"(?i)^(is|was) it\b", out):
        # "What does Hewlett-Packard's new LaserJet Series II printer cost?" then "How many pages a
        # minute can it print?": "it" is the printer, the thing the company's name is put before
        owned = re.search(rf"(?<![\w-]){re.escape(things[0])}['’]s\s+((?:[A-Za-z][\w-]*\s+){{0,5}}?[a-z][\w-]*)"
                          r"(?=\s*[,?]|\s+(?:launched|that|which|did|does|do|is|was|were|are|will|would|has|have|had|"
                          r"cost|costs)\b)", prev_q)
        thing = f"{things[0]}’s {owned.group(1)}" if owned else things[0]
        # "Which other bank had it bought into?" after "How much of United Asian Bank did Bank
        # Negara take over?": "it" does the deed, as the one the earlier question said did one
        thing = (_doer_of_it(out, m, prev_q, things) if not owned else "") or thing
        repl = f"{thing}’s" if m.group(1).lower() == "its" else thing
        out = out[:m.start()] + repl + out[m.end():]
    m = _THERE.search(out)
    if m and things and not re.match(r"(?i)^(is|are|was|were) there\b", out) and things[0] not in out:
        out = out[:m.start()] + f"in {things[0]}" + out[m.end():]
    # "that loan", "is that a hike?"; not the "that" of "unhappy that the exchange had failed"
    pointed = next((p for p in _POINTED.finditer(q) if p.group(1).lower() not in STOPWORDS
                    or re.search(r"\b(?:is|was|are|were)\s+$", q[:p.start()], re.I)), None)
    if prev_q and _IN_RETURN.search(out) and FOLLOW_UP_JOIN not in out:
        # "and what does China give in return?": in return for what the earlier question asked of
        return _read_with(out, prev_q)
    if out not in (q, named_firm) and prev_q and _DEMONSTRATIVE.search(out) and FOLLOW_UP_JOIN not in out:
        # "Where was Clayton Yeutter speaking when he said that?": what he said is the earlier question's
        return _read_with(out, prev_q)
    if out in (q, named_firm) and prev_q and (
            len(q.split()) <= 3  # a bare fragment: "Why?", "When exactly?"
            or _DEMONSTRATIVE.search(q)  # "When did that happen?"
            or (pointed and (set(tokenize(pointed.group(1))) & set(tokenize(f"{prev_q} {prev_a}"))  # "that loan"
                             # "that trip", after a visit: nothing else it could mean ("those Noteholders",
                             # capitalised as the wire does, is no name of its own)
                             or not [e for e in entities(q) if e.lower() != pointed.group(1).lower()]))):
        # (read whole with the earlier question, "the company" needs no name of its own)
        return _read_with(q, prev_q)  # what it points to is in the previous question
    return out

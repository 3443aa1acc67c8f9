"""Reading a question: its answer type, salient entities, content terms, instructions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from index.store import STOPWORDS, demonym_country, tokenize
from qa.structure import position_asked, strip_position
from qa.synonyms import COUNTED_KIN, names_in, synonyms
from qa.when import calendar_mentions

# Words that open a question or a request; capitalised only because they come first.
START_WORDS = frozenset("""
what who whom whose when where why which how did does do is are was were can could should would
will has have had tell list name give show describe explain summarize summarise compare find
quote cite paraphrase recount outline identify recap
according and but so please ignore in on at for from to by of the a an if as since during after
before between about any anything everything nothing there this that these those then also now
apart besides except despite although though unlike instead beyond aside regarding concerning
following given considering among against other under over within without through throughout
toward towards upon via while whereas once unless until whether like near per both either neither
each every all some many much most several such another meanwhile overall first finally next
again just even only beside yet still however
i me my we our you your it its he him his she her they them their one ok hey hi yes no
vs versus pct cts dlrs dlr mln bln shr qtr revs oper avg
along around never yesterday tomorrow yep nope hmm
""".split())
# Question words that carry no topic.
QUESTION_NOISE = frozenset("""
know article articles story stories text report reports mention mentioned mentions say
said says according describe describes described characterize characterise portray explain summarize summarise give list name please happen happened
exactly kind sort thing things way anything something detail details information info else whose
ok okay
""".split())
_SETTING_ASIDE = re.compile(
    r"\b(?:apart from|aside from|besides|other than|except(?: for)?|in addition to|not counting)\s+"
    r"([^,;?]+?)(?=\s*,|\s*\?|\s*$|\s+(?:what|which|who|whom|how|where|when|why|did|does|do|is|are|was|were)\b)",
    re.I)
"""'Apart from Hegseth's rhetoric, what ...': what is set aside, which the answer need not name."""
_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
DATE_RE = re.compile(
    rf"\b(?:{_MONTHS}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTHS}|{_MONTHS}\s+\d{{4}}|(?:19|20)\d\d|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow)\b", re.I)
TIME_RE = re.compile(
    rf"{DATE_RE.pattern}|\b(?:(?:a|one|two|three|\d+)\s+(?:day|week|month|year)s?\s+(?:after|before|ago|later|earlier)|"
    r"(?:last|next|this|earlier this|later this|past)\s+(?:week|month|year|decade|spring|summer|autumn|fall|winter)|"
    r"since\s+\w+|in recent years|recently|soon|first time|for years|noon|midnight|"
    # a clock time: "at 1300 pdt", "at 3:30 p.m.", "by 10 am"
    r"\d{1,2}(?::\d\d)?\s*(?:a\.m|p\.m|am|pm)|\d{1,2}:\d\d|[012]\d[0-5]\d,?\s*(?:hrs|hours|gmt|[ecmp][sd]t|local time|"
    r"(?:pacific|eastern|central|mountain) (?:daylight|standard) time)|"
    r"(?:with)?in (?:about |around |roughly |some |the next )?(?:a|one|two|three|four|five|six|\d+|a few|several) "
    r"(?:days?|weeks?|months?|years?)|"
    r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final) (?:fiscal )?quarter|(?:the )?(?:end of the|year-end|mid-)year|"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty)[- ]"
    r"(?:day|week|month|year|decade)s?|"
    # a month alone, after a word that makes it a time ("in June", "by early March"; "may" only capitalised)
    r"(?:in|by|until|till|before|after|during|since|from|early|late|mid-?|next|last|this)\s+(?:early\s+|late\s+|mid-?)?"
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December))\b", re.I)  # durations too: "how long" asks for "a 20-year loan"
NUMBER_RE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|"
    r"thousand|million|billion|trillion|mln|bln|half|several|dozens)\b", re.I)
MONEY_RE = re.compile(r"[$€£¥]|\b(?:dollars?|usd|cents?|cts|euros?|yen|yuan|pounds?|cruzados?|"
                      r"marks?|francs?|rupees?|dlrs?|stg|lire|lira|pesos?|rand|crowns?|kronor|kroner|guilders?|"
                      r"rupiah|ringgit|baht|shekels?|riyals?|dinars?|pesetas?|escudos?|schillings?|ecus?)\b", re.I)
PERSON_RE = re.compile(
    r"\b(?:President|Secretary|Minister|Admiral|General|Speaker|Senator|Mr|Mrs|Ms|Dr|Chairman|"
    r"Chief|Governor|Ambassador|analyst|official|spokesman|spokeswoman)\b|"
    r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
WORDING = r"(?:words?|phrases?|terms?|expressions?|language|label)"
"""What a question about someone's own words calls them ("What phrase did Trump use ...?")."""
SPEECH_QUESTION = re.compile(
    rf"(?:\b(?:(?:[Ww]hat|[Hh]ow)(?: exactly| precisely)?(?: {WORDING})?|[Ww]hich {WORDING}) (?:did|does|do|has|have|had|will|would)|"
    r"^(?:(?:[Aa]nd|[Ss]o|[Bb]ut) )?(?:[Dd]id|[Dd]oes|[Hh]as)) "
    r"((?:\S+ ){1,7}?)(?:(?:have|has|had) to |use to |used to )?(?:say|tell|state|announce|"
    r"declare|claim|describe|call|characteri[sz]e|post|write|add|stress|warn)\b")
_NOT_SPEAKERS = frozenset("""
us usa america china beijing washington moscow russia japan tokyo britain london europe taiwan korea
government ministry pentagon department administration country countries nation company bank
officials analysts experts report article articles story they it he she side deal document paper study survey
statement letter filing plan proposal budget bill union
""".split())


_OFFICES = (r"prime minister|president|secretary|minister|spokes(?:man|woman|person)|ambassador|governor|chairman|"
            r"chairwoman|chancellor|king|queen|mayor|senator|general|admiral|commander|ceo|chief executive")


def _office_of_speaker(question: str) -> str:
    """The office a 'What did X say' question names its speaker by, when it gives no name
    ("Malaysia's prime minister" -> "prime minister"; "" for "Hegseth" or "Defense Secretary Hegseth")."""
    m = SPEECH_QUESTION.search(question)
    if not m:
        return ""
    office = re.search(rf"\b(?:{_OFFICES})\b", m.group(1), re.I)
    after = m.group(1)[office.end():] if office else ""
    return office.group(0).lower() if office and not re.search(r"[A-Z]", after) else ""


def speaker_is_person(subject: str) -> bool:
    """'Hegseth', 'Xi Jinping', 'the defense secretary': someone who speaks; not 'China', 'Beijing's side'."""
    owned = re.split(r"\S+['’]s\s+", subject)[-1].strip()
    subject = owned or subject  # "Dresdner Bank's Juergen Sarrazin" is Sarrazin, who speaks
    words = [w.strip("’'s.,").lower() for w in subject.split()]
    if any(w in _NOT_SPEAKERS or w.endswith(("ese", "ian")) for w in words):
        return False  # a country, a capital or an institution "says" in a looser sense
    return any(w[:1].isupper() for w in subject.split()) or bool(
        re.search(r"\b(?:secretary|minister|president|spokes\w+|official|chief|leader|admiral|general|analyst|economist|"
        r"chairman|executive|diplomat|expert)\b", subject, re.I))  # one of them, not "experts" at large
REACTION_QUESTION = re.compile(
    r"\b[Hh]ow (?:did|does|do|has|have|had|will|would) ((?:\S+ ){1,5}?)(?:react|respond|reply)\b")
REACTION_RE = re.compile(
    r"\b(?:welcom|condemn|protest|critici[sz]|prais|reject|hail|denounc|slam|dismiss|warn|urg|"
    r"trigger|prompt|spark|retaliat|anger|object|applaud|endors|oppos)\w*|"
    r"\b(?:respond(?:s|ed|ing)?|response|react(?:s|ed|ing|ion|ions)?|drew|draw|drawn)\b", re.I)
"""A reaction: what answers 'how did X react / respond' (besides a speech verb or a quotation)."""
_CAUSED_REACTION = re.compile(r"\b(?:trigger|prompt|spark|anger)\w*|\b(?:drew|draw|drawn|draws)\b", re.I)
"""Verbs whose object is the reaction ("drew protests from Beijing")."""
SPEECH_RE = re.compile(
    r"[“”\"]|\b(?:said|says|say|told|tells|stated|states|announced|announces|added|noted|stressed|emphasi[sz]ed|"
    r"emphasi[sz]ing|warned|voiced|declared|claimed|hailed|described|called|wrote|posted|according to|expressed|"
    r"reiterated|urged|insisted|argued|explained|continued|remarked|asserted|affirmed|acknowledged|"
    r"confirmed|statement|readout|quoted)\b")
RANK_RE = re.compile(
    r"\b(?:(?:Rear |Vice |Fleet )?Admiral|(?:Lieutenant |Major |Brigadier |Air )?General|(?:Lieutenant )?Colonel|"
    r"Lieutenant|Captain|Major|Commander|Commodore|(?:Field |Air )?Marshal|Sergeant|Corporal|Brigadier)\b")
PLACE_RE = re.compile(r"\b(?:(?:in|at|near|(?:out|in)side(?: of)?|around|across|off|along|throughout|within)|(?:areas|regions|"
                      r"waters|places|zones|seas|cities|provinces|countries|states) (?:like|such as|including))\s+"
                      r"(?:the\s+)?[A-Z][a-zA-Z]+(?:\s+[A-Z][a-zA-Z]+)*"
                      # "at its Springfield, Ohio truck assembly plant": a town and its state after "its"
                      r"|\b(?:in|at|near)\s+(?:its|their|his|her)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s+[A-Z][a-z]+")
COUNTRIES = frozenset(n.strip().lower() for n in """
Afghanistan|Albania|Algeria|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahrain|Bangladesh|Belarus|
Belgium|Bolivia|Bosnia|Brazil|Britain|Great Britain|Bulgaria|Burma|Myanmar|Cambodia|Cameroon|Canada|Chile|China|
Colombia|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Ecuador|Egypt|El Salvador|England|
Estonia|Ethiopia|Finland|France|Georgia|Germany|West Germany|East Germany|Ghana|Greece|Guatemala|Honduras|
Hong Kong|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|
Kazakhstan|Kenya|Korea|North Korea|South Korea|Kuwait|Laos|Latvia|Lebanon|Libya|Lithuania|Luxembourg|Malaysia|
Mexico|Mongolia|Morocco|Mozambique|Nepal|Netherlands|Holland|New Zealand|Nicaragua|Niger|Nigeria|Norway|Oman|
Pakistan|Panama|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Soviet Union|Saudi Arabia|
Scotland|Senegal|Serbia|Singapore|Slovakia|Slovenia|Somalia|South Africa|Spain|Sri Lanka|Sudan|Sweden|
Switzerland|Syria|Taiwan|Tanzania|Thailand|Tunisia|Turkey|Uganda|Ukraine|United Arab Emirates|UAE|
United Kingdom|UK|United States|US|USA|America|Uruguay|Uzbekistan|Venezuela|Vietnam|Wales|Yemen|Yugoslavia|
Zaire|Zambia|Zimbabwe|Africa|Asia|Europe|Latin America|North America|South America|Middle East|Gulf|
Indo-Pacific|Asia-Pacific|Pacific|Atlantic""".split("|"))
"""Countries and larger regions: a place, but no answer to 'in what city'."""
_COUNTRY_NAME = re.compile(r"\b(?:" + "|".join(sorted((re.escape(c.title()) for c in COUNTRIES if len(c) > 3),
                                                      key=len, reverse=True)) + r")\b")
"""A country or region named, capitalised ("West Germany", "Denmark")."""


def names_new_country(text: str, question: str) -> bool:
    """True when `text` names a country (its name or its people's) the question does not."""
    asked = set(tokenize(question))
    told = [m.group(0) for m in _COUNTRY_NAME.finditer(text)]
    told += [demonym_country(w) for w in re.findall(r"\b[A-Z][a-z]+\b", text) if demonym_country(w)]
    return any(not set(tokenize(c)) <= asked for c in told)


CURRENCY_WORD = r"(?:dollars?|yen|marks?|francs?|pounds?|sterling|currency|currencies)"
"""A currency named by its word ("the U.S. dollar", "against the yen")."""
COUNTRIES_ASKED = re.compile(r"\b(?:what|which) (?:(?!(?:the|have|has|had|did|do|does|is|are|was|were)\b)[\w-]+ ){0,2}?"
                             r"(?:countries|nations)\b", re.I)
"""A question after several countries ("Which EC countries ...?")."""
CITY_STATES = frozenset({"singapore", "hong kong", "monaco", "macau", "luxembourg"})
"""Countries that are a city too: "based in Singapore" answers 'which city'."""
NAME_RE = re.compile(r"(?<![.!?“\"]\s)(?<!^)\b[A-Z][a-z]+(?:\s+(?:[A-Z]\.\s+)*[A-Z][a-z]+)+\b")

_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b(?:\s+\w+){0,4}?\s+(?:instructions?|articles?|context|"
    r"rules?|sources?|documents?|above|prompt|everything)\b[\s,.;:!-]*(?:and|then)?\s*", re.I)
_CREATIVE = re.compile(
    r"\b(?:write|compose|generate|create|draft|sing|invent|make up|tell)\b(?:\s+\w+){0,3}?\s+"
    r"(?:poem|story|joke|essay|song|haiku|limerick|code|script|email|letter|tweet|rap)s?\b", re.I)
_ROLEPLAY = re.compile(r"\b(?:you are now|pretend (?:to be|you are)|act as|roleplay|from now on)\b", re.I)
_OPINION = re.compile(r"\byour (?:honest |own |personal |best )?(?:gut(?: call| feeling| check)?|opinion|view|take|guess|"
                      r"prediction|forecast|thoughts|feeling|hunch|bet)\b|\b(?:what|how) do you (?:think|believe|reckon|feel)\b|"
                      r"\bdo you (?:think|believe|reckon|expect)\b|\bin your (?:opinion|view)\b|"
                      r"\b(?:can|could|would) you (?:predict|guess|speculate|forecast)\b", re.I)
"""A question asking the assistant's own opinion or prediction ("just give me your honest gut call:
will China invade ...?"), which no article can answer."""


@dataclass
class Question:
    """A question as the answerer sees it."""

    text: str
    answer_type: str  # person, date, time, duration, year, number, money, place, city, name, rank, speech, reaction,
    # reason or "" (any)
    entities: list[str]
    terms: list[str]  # stemmed content terms
    list_like: bool
    request: str = ""  # non-empty when the question asks for something other than facts
    role: str = ""
    """For 'who is the X' questions, the office X: see `role_of`."""
    future: bool = False
    """The question asks about what is still to come: only a sentence about the future answers."""
    dates: list[tuple[int, int | None]] = field(default_factory=list)
    """(month, day or None) of each month the question names: see `qa.when.calendar_mentions`."""
    sources: list[str] = field(default_factory=list)
    """Entities only of an 'according to X' clause: whom the answer is told by, not what it is about."""
    measured_dates: list[tuple[int, int | None]] = field(default_factory=list)
    """The months of `dates` said outside a scene-setting clause: the month a figure must be of
    ("in March 1987, until when was the standstill extended?" asks of no month)."""
    told_by: frozenset[str] = frozenset()
    """Terms of an 'according to X' clause naming a teller, not an article ("according to the
    analyst based in Singapore"): the answer is in words the story gives that teller."""
    setting: frozenset[str] = frozenset()
    """Terms only of a leading clause that sets the scene ("When Joe Clark visited Washington in
    March 1987, what ...?"): they find the story, but the answer is told in other sentences of it."""
    position: str = ""
    """"opening" or "closing": the question asks how an article begins or ends (qa.structure)."""
    notices: list[str] = field(default_factory=list)


def clean_question(raw: str, limit: int) -> tuple[str, list[str]]:
    """Strip control characters and odd whitespace, cut to `limit` chars; returns (text, notices)."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw)
    text = re.sub(r"\s+", " ", text).strip()
    notices = []
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
        notices.append(f"question cut to its first {len(cut)} of {len(text)} characters")
        text = cut
    return text, notices


PER_SHARE = re.compile(r"\b(?:per|a) share\b|\bper-share\b|\bshr\b|\beps\b", re.I)
"""A figure per share ("1.11 dlrs a share", "20 cts per shr")."""
_AUX = r"(?:did|does|do|is|was|were|are|will|would|has|have|had|can|could|should|must|exactly)"


_PLATFORM = r"\b(?:which|what) (?:social (?:network|media)(?: site| platform)?|platform|website|web site|site|app)\b"
"""'On which social network did he post?': a platform, told as 'on X' or 'via Weibo'."""


CHANGED_TO = re.compile(
    r"^(?:[^,?]{3,100},\s+)?(?:and |so )?what (?:did|does|do|will|would|has|have|had) .{1,120}? (?:(?:raise|cut|lower|increase|reduce|lift|"
    r"boost|hike|trim|drop|slash) .{1,60}?|(?:go|gone|rise|risen|fall|fallen|climb(?:ed)?|jump(?:ed)?|drop(?:ped)?|sink|sunk|"
    r"slip(?:ped)?|ease[ds]?|edge[ds]?|grow|grown|decline[ds]?|soar(?:ed)?|move[ds]?)(?: up| down| back)?) to"
    r"(?=\s*\?|\s*$|\s+(?:in|on|by|for|from|during|after|"
    r"last|this|next|early|late|mid)\b)")
"""'What did the Fed cut its discount rate to?', 'what did it go to?': asks for the level a figure
was moved to."""


AMOUNT_ASKED = re.compile(r"\bhow (?:large|big|much) (?:a|an) (bond|loan|fine|payment|deposit|credit|fee|penalty|"
                          r"settlement|dividend|budget|deficit|surplus|offer|bid|grant|subsidy|loss|profit|"
                          r"provision|charge|write-?off|write-?down|writedown|investment)\b", re.I)
"""'How large a bond does X have to post?': an amount of money, and group 1 is what it is of."""


CHANGE_OF_LEVEL = (r"\bwhat (?:[\w'’.-]+ ){0,2}?(?:pay|wage|salary|price|rate|tax|tariff|rent|fare|dividend)s? "
                    r"(?:rises?|increases?|raises?|hikes?|cuts?|reductions?)\b")
"""'What pay rise were they demanding?': a figure (a percentage, or a sum), as a rate's change is."""


def answer_type(q: str) -> str:
    """The kind of phrase that would answer `q`."""
    low = re.sub(r"\bwhat['’]s (?=the |its |their )", "what is ", q.lower())  # "what's the smallest number of shares"
    low = re.sub(r"\bwhat (?:exactly|precisely) (?=did |does |do |will |would |was |were |is |are )", "what ", low)
    # "What earnings per share did X expect?", and the terse "acme 4th qtr earnings per share vs year
    # before?": cents or dollars a share
    if PER_SHARE.search(low) and (re.search(r"\b(?:what|how much)\b", low) or not _ASKS.search(low)):
        return "money"
    if re.search(r"\bhow much (?:in |of )?(?:\w+ )?(?:damages|compensation|fines?|penalt\w+|fees|royalt\w+|dividends?|"
                 r"ransom|reward|severance|bonus(?:es)?)\b", low):
        return "money"  # "How much in damages is NEC seeking?": an amount of money, not "PC 286"
    if re.search(r"\bwhat\b.{1,80}?\b(?:be|is|was|are|were|been) (?:worth|valued at)\s*\??$", low):
        return "money"  # "what were analysts saying the engine maker might be worth?": a sum
    if re.search(r"\bhow (?:close|narrow|wide|big) (?:was|were|is|are|will be) (?:the |its |their )?(?:\w+ )?"
                 r"(?:votes?|ballots?|results?|margins?|counts?|polls?|tally|tallies)\b", low):
        return "number"  # "how close was the vote?": its tally ("54.5 pct against, 45.5 pct for")
    if CHANGED_TO.search(low):
        return "number"  # "What did Zambia raise its maize producer price to?": the level it reached
    if re.search(r"\bwhat (?:was|were|is|are) (?:the |its |their )?(?:[\w'’.-]+ ){0,3}?(?:tar+if+s?|duties|tax(?:es)?|rates?|prices?|levels?|yields?|"
                 r"exports|imports|output|production|shipments|arrivals|deliveries|inventories|stocks|supplies)\b"
                 r"(?= (?:on|of|for|in|at|before|after)\b)", low) or re.search(
            r"\bhow (?:much|many|large|big|high|low|small|heavy|far|deep|fast)\b|\bwhat (?:[\w'’.-]+ ){0,4}?(?:percentage|share|number|amount|level|rate|figure|price|total|value|cost|worth|yield|size)\b|\bby how much\b|"
            r"\bwhat (?:\w+ ){0,2}?(?:quantit(?:y|ies)|volumes?|amounts?|tonnages?|octane|capacity|age|size)\b|"
            r"\bwhat (?:size of )?(?:a |an )?(?:stake|holding)\b|" + CHANGE_OF_LEVEL, low):
        many = re.search(r"\bhow many ([\w-]+)", low)
        if many and not MONEY_RE.fullmatch(many.group(1)):
            return "number"  # "How many executives shared the bonus it paid?": a count, whatever else is said
        if re.search(r"\b(?:what|which|at what) (?:[\w-]+ ){0,2}?(?:rates?|yields?)\b|"
                     r"\bwhat (?:share|percentage|proportion|portion|fraction)\b|"
                     r"\bwhat (?:size of )?(?:a |an )?(?:stake|holding)\b|"
                     r"\bprices? (?:rise|rises|increase|increases|inflation|gains?|growth|index)\b|" + CHANGE_OF_LEVEL, low):
            return "number"  # "What interest rate does the 300 mln dlr loan carry?": a rate, not the loan's dollars
        # "expect the lira to gain against the U.S. dollar": a rate of change, not an amount of dollars
        unpriced = re.sub(rf"\b(?:against|versus|vs) (?:the )?(?:[\w.]+ )?{CURRENCY_WORD}\b", "", low)
        unpriced = re.sub(r"\bcosts? of living\b", "", unpriced)  # an index that rises by a percentage
        if re.search(r"\b(?:cost|costs|costing|spend|spent|spending|pay|pays|paid|paying|charg(?:e|es|ed|ing)|price|worth|"
                     r"money|fund|funding|budget|fine|dollars?|value|lose|lost|losing|earn|earned|earning)\b", unpriced) or re.search(
                         rf"\bhow much (?:money )?{_AUX}\b.*\b(?:lend|lent|loaned|borrow|borrowed|owe|owed|owes|"
                         r"raise|raised|raising)\b(?! (?:its|the|their|his|her|a|an)\b)", low) or AMOUNT_ASKED.search(low):
            return "money"  # "How large a bond does X have to post?": an amount, not "one condition"
        if re.search(r"\bhow much\b", low) and re.search(r"\b(?:payments?|aid|subsid\w*|loans?|debts?|spending|revenues?|earnings|profits?|income|"
                     r"salary|salaries|wages?|bonus(?:es)?|compensation|fees?|taxes|capital|investments?|assets|"
                     r"reserves|goodwill|provisions?|write-?offs?|write-?downs?|charges?)\b", low) and not re.search(
                         r"\b(?:rise|rose|risen|fall|fell|fallen|grow|grew|grown|increase\w*|decline\w*|drop\w*|"
                         r"change\w*|climb\w*|jump\w*|slip\w*|gain\w*|(?:go|goes|went|gone|come|came|move|moved) "
                         r"(?:up|down)|higher|lower)\b", low):
            return "money"  # "How much will transfer payments amount to?": an amount, not "five pct"
        return "number"
    if re.search(r"\bwhat (?:(?:were|was|are|is) (?:the |its |their )?(?:[\w’'.-]+ ){0,4}?|(?:net |gross |operating |pre-tax |pretax )?(?=\w+ (?:did|does|do|will|would|has|had)\b))(?:assets|revenues?|sales|profits?|losses|loss|"
                 r"earnings|income|debts?|deficit|surplus|reserves|salary|salaries|wages?|compensation|net(?= (?:in|for|of)\b|\s*\??$))\b"
                 r"(?! \w+ing\b)", low):
        return "money"  # "What were the combined assets of ...?": an amount, in some currency
    if re.search(r"\bwhat (?:\w+ )?(?:net|financial|operating|quarterly|annual|full-year|first-quarter) results?\b", low):
        return "money"  # "What net result did Coleco report?": its profit or loss
    if re.search(r"^(?:and |so )?what did .{1,80}? (?:earn|lose)\b", low):
        return "money"  # "What did AEL Industries earn for the year?": its profit
    if re.search(r"^(?:and |so )?what (?:(?:did|does|do|will|would) (?:(?!\b(?:say|says|said|think|thinks|believe|believes)\b).)"
                 r"{1,80}? (?:pay|charge|cost)|(?:is|are|was|were) .{1,80}? (?:paying|charging))\b", low):
        # "what did Norska Design pay Ericsson for the unit?": a price; "what does Sarrazin say the
        # moratorium cost Brazil?" asks his words, which may tell another cost ("the goodwill of many banks")
        return "money"
    if re.search(r"\bwhat (?:\w+ )?(?:date|day)\b|\bon which (?:date|day)\b|\bwhen exactly\b|\bexact date\b|"
                 r"^(?:and |so )?when\b.*\b(?:scheduled|slated|set for|due)\b", low):
        return "date"
    if re.search(r"\b(?:until|till|through|by) when\b|\b(?:until|till|through|by) what (?:date|day|year|month)\b", low):
        return "deadline"  # "until when was the standstill extended?": a date ("to June 30, 1990"), not "last year"
    if re.search(r"\b(?:what|which) month\b", low):
        return "month"  # "In which month of 2022 did Pelosi travel?": a month's name, not "2022"
    if re.search(r"\b(?:what|which) year\b|\bin what year\b", low):
        return "year"
    speech = SPEECH_QUESTION.search(q)
    if speech and speaker_is_person(speech.group(1)):
        return "speech"
    if REACTION_QUESTION.search(q):
        return "reaction"
    # The noun "rank" ("What rank does Dong hold?"), not the verb ("How does it rank them?").
    if re.search(r"\b(?:what|which|whose|his|her) (?:\w+ )?ranks?\b(?! (?:first|second|third|top|highest|lowest|last))|"
                 r"\brank (?:of|does|did|is|was)\b|\b(?:what|which) (?:military|naval|army) titles?\b", low):  # not "Which country ranks first?"
        return "rank"
    if re.search(r"\bnames? of\b|\bwhat is (?:his|her|their) name\b|\bwho exactly\b|(?<!articles )(?<!article )(?<!stories )(?<!story )(?<!pieces )(?<!piece )\bnamed?\b.*\?$",
                 low) or \
            (named_thing(q) and not re.search(_PLATFORM, low)) or _APPOINTED.search(q) or _REPLACED.search(q) \
            or _SUCCESSOR.search(q):
        return "name"  # (a platform is asked as a place: "shared on X")
    if re.search(r"\bhow (?:soon|long|many (?:days|weeks|months|hours)) (?:after|before)\b|\bhow soon\b", low):
        return "time"  # "How soon after the summit did they meet?": "just a day after", a gap, not a length
    if re.search(r"\bhow long\b", low) and not re.search(r"\bhow long (?:ago|(?:has|had|have) it been)\b", low) or \
            re.search(r"\bwhat (?:\w+ )?(?:prison|jail) (?:sentence|term)\b", low):
        return "duration"  # "How long did they talk?": "two hours", not "a day after" or "since 2019"
    # "when" asking, not "when he spoke": first word, or before an auxiliary ("since when did").
    # ("did he say when those would take place?": a time he may have given)
    if re.search(rf"^(?:and |but |so |by |since |until )?when\b|\bwhen {_AUX}\b|\bwhat (?:month|time)\b|\bhow long\b", low) \
            or re.match(r"(?:and |but |so )?(?:did|does|do|has|have|had|was|were|is|are) ", low) and _SAID_WHEN.search(low):
        return "time"
    if re.search(r"\b(?:which|what) (?:\w+ )?(?:city|town|village|port|province|capital)\b", low) \
            and not re.search(r"\b(?:which|what) (?:\w+ )?City\s+[a-z]", q):  # "what were City analysts saying"
        return "city"
    if re.search(r"\bwhere (?:is|are|was|were|did|does|do) .{1,40}? (?:trad(?:e|es|ed|ing)|stand(?:s|ing)?|stood|"
                 r"clos(?:e|es|ed|ing)|end(?:s|ed|ing)?|settl(?:e|es|ed|ing)|open(?:s|ed|ing)?)\b", low):
        return "number"  # "where were fed funds trading?": a level ("at 7-1/8 pct"), no place
    # "where" that asks ("Where did they meet?", "... and where?"), not one that relates ("places where a clash ...").
    if re.search(rf"^(?:\w+ ){{0,2}}where\b|\bwhere(?: {_AUX}\b|\s*\?|$)|\b(?:what|which) (?:(?!(?:the|have|has|had|did|do|does|is|are|was|were|will|would)\b)\w+ ){{0,2}}?(?:country|countries|nations|place|region|location|area|waters|sea|island|islands)\b|"
                 r"\bin which (?:country|city|place)\b",
                 low) or \
            re.search(_PLATFORM, low):
        return "place"
    if stance_asked(q):
        return "stance"  # "What was China ready to do?": what it is ready to do
    if _PURPOSE_ASK.search(low):
        return "reason"  # "What are the hotlines meant to achieve?": a purpose
    if re.search(r"\bwhy\b|\bwhat (?:caused|prompted|led to|drove|is behind|was behind|is the reason|was the reason)\b|"
                 r"\bfor what (?:reason|purpose)\b|\breasons? for\b|\bwhat (?:\w+ )?reasons?\b|\bwhat (?:\w+ )?(?:did|do|does) .{1,60}\b(?:blame|attribute|credit)\b|"
                 r"\bblamed? for\b", low):
        return "reason"
    if re.search(r"^(?:and\s+)?whose\b", low):
        return "name"  # "Whose effigies did the farmers burn?": a name
    if re.search(r"^(?:and\s+)?who\b|(?:[—–:]|\s-)\s*(?:and\s+)?who(?:['’]s|\b)|\bwho (?:is|was|are|were|said|met|told|announced)\b|\bwhich (?:official|person|leader|minister)\b|\bwhom\b", low):
        return "person"
    return ""


_NUMBER_PHRASE = re.compile(NUMBER_RE.pattern.replace(r"\d|", r"(?<![\w/-])\d[\d,.]*%?|"), re.I)
"""A figure, not the digits of a model's name ("the Bertone X1/9", "an MD-80", "the A320")."""
CALENDAR_RE = re.compile(
    rf"\b(?:{_MONTHS}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTHS}|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|today|yesterday|tomorrow|\d{4}-\d\d-\d\d)\b", re.I)
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
MONTH_RE = re.compile(rf"\b(?:{_MONTH_NAMES}|(?i:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.)(?!\w)")
"""A month named ("in August", "Aug."); "may" only capitalised."""
MOTIVE = r"rel(?:y|ies|ied|ying) (?:heavily |largely |mainly )?on|reliant on|dependent on"
"""What moves someone: what they rely on ("nations, many of which rely heavily on both Chinese trade
and American security guarantees, have long called for ...")."""
CAUSE_RE = re.compile(
    r"\b(?:because|due to|owing to|thanks to|as a result|result(?:s|ed)? (?:of|from)|following|in the wake of|"
    r"amid|after|caus(?:e|ed|es|ing)|led to|leading to|blam(?:e|ed|ing)|spark(?:ed|ing)|trigger(?:ed|ing)|"
    r"driven by|stem(?:s|med|ming) from|in response to|in protest|in retaliation|reasons?|"
    r"attribut(?:e|ed|es|ing) (?:\w+ ){0,4}?to|put (?:it |this )?down to|cit(?:ed|ing|es)|reflecting|"
    rf"pointed to|(?<!percentage )(?<!basis )(?<!\d )points to|{MOTIVE})\b", re.I)
"""A cause: what answers 'why did it happen'; a motive too (MOTIVE)."""
PURPOSE_RE = re.compile(
    r"\b(?:designed to|aimed at|aims? to|meant to|intended to|in order to|so that|so as to|purpose|goal|"
    r"seek(?:s|ing)? to|sought to|in case of|to prevent|to avoid|to reduce the risk|(?:an )?(?:attempts?|efforts?|bids?) to|"
    r"to (?:preserve|protect|ensure|safeguard|foster|promote|maintain|secure)|"
    # what money raised is for ("proceeds will be used for additional working capital")
    r"(?<!not )be used (?:for|to)|go (?:toward|towards)|to (?:finance|fund|repay|pay (?:off|down|for))|working capital|"
    r"corporate purposes)\b",
    re.I)
"""A purpose: what answers 'why was it set up', besides a cause."""
FUTURE_QUESTION = re.compile(
    r"^(?:and |but |so )?(?:will|shall)\b|\b(?:what|who|whom|which|when|where|why|how)\b(?: [\w’'-]+){0,4}? (?:will|shall)\b|"
    r"\b(?:going to(?= (?-i:[a-z]))|upcoming|forthcoming|in future|in the future|next (?!to\b)[a-z]+|expected|planned|"
    r"planning to|plans? (?:to|for)|scheduled|due to|(?:aim(?:s|ed|ing)?|expects?|intends?|intended|hopes?|hoped)"
    r"(?: (?!to\b)[\w.’'-]+){0,4}? to)\b",
    re.I)
"""A question about what is still to come ("Where will the next round be held?"; not "Pelosi going
to Taiwan")."""
FUTURE_RE = re.compile(
    r"\b(?:will|won[’']t|would|could|may|might|shall|going to|set to|due to be|to be held|plan+(?:s|ed|ing)?|"
    r"(?:five|four|three|two|ten|\d+)-year (?:[a-z]+ ){0,3}?(?:program|programme|plan)|"
    r"upcoming|next|future|soon|expect\w*|schedul\w*|intend\w*|aim\w*|target(?:s|ed)?\s+(?:[\d,.]+|of|for)|hop(?:e|es|ed|ing)|later|ahead|forward|"
    r"coming|prospects?|pledg\w*|promis\w*|commit\w*|vow\w*|agree\w* to|likely|unlikely|forecast\w*|projected|"
    r"predict\w*|outlook|estimat\w*|payable|(?:is|are) to (?:be|take|start|begin)|(?:is|are|falls?) due|fac(?:es|ing))\b|\w[’']ll\b",
    re.I)
"""A sentence about what is to come: a future tense, a plan, a pledge."""
STANCES = {
    "promise": r"promis\w*|pledg\w*|commit\w*|vow\w*|agree(?:s|d|ing)?\b|agreements? (?:to|on|that)\b|undert(?:ake|akes|ook|aken|aking)|guarantee\w*|"
               r"in exchange for|in return for",
    "ready": r"(?:ready|willing|prepared|open|eager|keen) to",
    "want": r"wan(?:t|ts|ted|ting)|seek\w*|sought|wish\w*|hop(?:e|es|ed|ing)|desir\w*|aim\w*|push\w* for|"
            r"call\w* for|urg\w*|demand\w*",
    "refuse": r"refus\w*|reject\w*|declin\w*|rul\w* out|oppos\w*|resist\w*|won[’']t|will not|would not",
    "plan": r"plan\w*|intend\w*|propos\w*|set to|schedul\w*|prepar\w* to",
}
"""Families of words saying where someone stands on a deed: 'What did China promise?' is
answered by a sentence saying what it pledged, committed or agreed to."""
_STANCE_WORDS = {"promise": "promise|promised|pledge|pledged|commit|committed|vow|vowed|agree|agreed|undertake|"
                            "undertook|guarantee|guaranteed",
                 "ready": "ready|willing|prepared|eager|keen",
                 "want": "want|wanted|seek|sought|wish|wished|hope|hoped|desire|aim|push|call|urge|urged|demand|demanded",
                 "refuse": "refuse|refused|reject|rejected|decline|declined|oppose|opposed|resist|resisted",
                 "plan": "plan|planned|planning|intend|intended|propose|proposed"}
_STANCE_ASK = re.compile(
    r"(?:^|[,:;—]\s+)(?:and |so )?what (?:\w+ )?(?:did|does|do|has|have|had|will|would|was|were|is|are) .{1,80}? "
    rf"({'|'.join(_STANCE_WORDS.values())})(?: (?:to|for|on))?(?: (?:do|doing|achieve|in return|in exchange))?\s*\??$",
    re.I)


_GIVEN_IN_RETURN = re.compile(r"\b(?:give|gives|gave|given|offer|offers|offered|concede|concedes|conceded|provide|"
                              r"provides|provided) in (?=return|exchange)", re.I)


def stance_asked(question: str) -> str:
    """The stance family a 'What did X promise / want / refuse to do?' question asks about, or ""."""
    # "what does China give in return?": what it promised for what it got
    question = _GIVEN_IN_RETURN.sub("promise in ", question)
    m = _STANCE_ASK.search(question.strip())
    if not m:
        return ""
    word = m.group(1).lower()
    return next(family for family, words in _STANCE_WORDS.items() if word in words.split("|"))


_WORDING_FRAME = re.compile(
    rf"\b{WORDING}\b(?= (?:did|does|do|has|have|had|will|would) )|"
    r"\bused? to (?=(?:say|describe|characteri[sz]e|call|portray|label|sum up)\b)", re.I)
"""'What phrase did Trump use to characterize ...?' asks for his words: "phrase" and "use to" are
no topic a sentence must share ("Trump hailed the meeting as a “major breakthrough”")."""
_PURPOSE_FRAME = (r"(?:meant|designed|intended|supposed|aimed|expected|there) to (?:achieve|accomplish|do|serve|"
                  r"prevent|avoid|stop|address|solve|fix|ensure|deliver|bring)")
_PURPOSE_ASK = re.compile(rf"\bwhat (?:is|are|was|were) .{{1,80}}?\b{_PURPOSE_FRAME}\b|"
                          r"\bwhat (?:is|are|was|were) .{1,80}? (?:an? )?(?:attempt|effort|bid|move|step) to (?:do|achieve)\b|"
                          r"\bwhat (?:is|are|was|were) the (?:aim|purpose|goal|point|objective)s? of\b|"
                          r"^(?:and |so |but )?what (?:is|are|was|were) (?!\d).{1,80}? for\s*[?.!]*$|"
                          r"^(?:and |so |but )?(?:what|how) (?:will|would|does|do|did|is|are|was|were|has|have|plans? to) .{1,60}? "
                          r"(?:use|using|spend|spending|put|putting|apply|applying|earmark\w*)\b.{0,80}?(?:\bfor\s*[?.!]*$|"
                          r"\b(?:proceeds|money|funds|cash)\b)", re.I)
"""'What are the hotlines meant to achieve?', 'What is the purpose of the forum?', 'what are the lines
actually for': a purpose."""


def purpose_asked(question: str) -> bool:
    """True when the question asks for a purpose only ("What will Noel use the proceeds for?")."""
    return bool(_PURPOSE_ASK.search(question))


_PURPOSE_QUESTION = re.compile(
    r"\b(?:meant to|designed to|intended to|supposed to|aim|purpose|goal|point of|objective|set up|setup|created?|established?|founded?|built|build|introduced?|designed?|formed?|launched?|"
    r"invented?|made|exist|matters?|important|needed|necessary|crucial|essential|"
    # deliberate acts ("Why are they bringing back the hotlines?"): done for a purpose
    r"bring(?:ing)? back|brought back|restor\w*|reopen\w*|re-?establish\w*|reinstat\w*|resum\w*|reviv\w*|"
    r"renew\w*|sign\w*|agree\w*|propos\w*|hold(?:ing)?|held|visit\w*|meet(?:ing)?|met|seek\w*|sought|"
    r"want\w*|push\w*|plan\w*|"
    # a policy or a business decision ("Why did Mauritius lift import duties?": "aimed at boosting ...")
    r"lift\w*|impos\w*|abolish\w*|scrap\w*|ban|bann\w*|suspend\w*|cut|cutting|rais(?:e|ed|es|ing)|reduc\w*|"
    r"adopt\w*|approv\w*|decid\w*|decision|buy\w*|bought|acquir\w*|sell\w*|sold|issu\w*|offer\w*|"
    r"invest\w*|clos(?:e|ed|es|ing)|shut\w*)\b", re.I)
DURATION_RE = re.compile(
    r"(?<!\bin )(?<!\bin the past )(?<!\bin the last )(?<!\bin the next )"  # "first meeting in six years": a gap
    r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|several|few|"
    r"many)[- ](?:(?:further|more|additional|full|extra) )?(?:minute|hour|day|week|month|year|decade)s?(?:[- ]long)?\b"
    r"(?! (?:after|before|later|earlier|ago)\b)|\banother (?:minute|hour|day|week|month|year|decade)\b|"
    r"\bfor (?:\w+ )?(?:minutes|hours|days|weeks|months|years|decades)\b|\bdecades?-long\b", re.I)
"""A length of time: what answers 'how long did it last'."""
_TYPE_PATTERNS = {"duration": DURATION_RE, "year": re.compile(r"\b(?:1[89]|20)\d\d\b"), "money": _NUMBER_PHRASE,
                  "number": _NUMBER_PHRASE, "date": CALENDAR_RE, "time": TIME_RE, "month": MONTH_RE, "deadline": DATE_RE, "person": PERSON_RE,
                  "place": PLACE_RE, "city": PLACE_RE, "name": NAME_RE, "rank": RANK_RE}


_AMOUNT = re.compile(
    rf"(?:[$€£¥]\s?|\b(?:US|U\.S\.|HK|A|C)\$\s?)\d[\d,.]*(?:\s+(?:mln|bln|million|billion|trillion))?|"
    rf"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|a|half a)"
    rf"(?:\s+(?:mln|bln|million|billion|trillion|thousand|hundred))?(?:\s+(?:[A-Z][\w.]*|new|local))?\s+{MONEY_RE.pattern[MONEY_RE.pattern.index('(?:'):]}",
    re.I)
"""A figure with its currency beside it ("200,000 dlrs", "$5 mln", "1.2 billion U.S. dollars")."""


_ROW_AMOUNT = re.compile(
    r"\s*(?:(?:oper|operating|pretax|pre-tax|avg|qtly)\s+)?(?:net(?:\s+(?:income|profit|earnings))?|revs?|revenues?|"
    r"sales|profits?|income|earnings)(?:\s+loss)?\s+(?:loss\s+|profit\s+)?\d[\d,.]*(?:\s+(?:mln|bln|million|billion))?"
    r"(?=\s+vs\b|\s*$)", re.I)
"""A results table's money row ("Net 6,398,000 vs 2,979,000", "Revs 12.1 mln vs 10.4 mln")."""


_VALUED_AT = re.compile(r"\b(?:valu(?:e|es|ed|ing)|worth|sale price|selling price)\b(?:\s+[\w-]+){0,3}?\s+(?:at\s+)?"
                        r"(?:about\s+|around\s+|between\s+|some\s+)?(\d[\d,.]*\s+(?:billion|bln|mln|million))\b", re.I)
"""A worth told without its currency, the story's own ("a selling price valuing it at about 1.2 billion")."""


def typed_phrases(kind: str, text: str) -> list[str]:
    """Phrases of `text` that could answer a question of type `kind`."""
    if kind == "money":
        # "15 banks ... in U.S. dollars" gives no amount: the currency must stand by the figure,
        # but for a results table's row ("Net 6,398,000 vs 2,979,000"), whose dollars go unsaid
        row = _ROW_AMOUNT.match(text)
        return [m.group(0) for m in _AMOUNT.finditer(text)] + ([row.group(0)] if row else []) + [
            m.group(1) for m in _VALUED_AT.finditer(text)]
    pat = _TYPE_PATTERNS.get(kind)
    return [m.group(0) for m in pat.finditer(text)] if pat else []


@lru_cache(maxsize=256)
def _reacting(question: str) -> tuple[tuple[str, ...], ...]:
    """The names (tokenized) whose reaction a 'how did X react' question asks about."""
    m = REACTION_QUESTION.search(question)
    if not m:
        return ()
    names = [tuple(tokenize(e, query=True)) for e in entities(m.group(1))]
    head = m.group(1).split()[-1].lower()
    if head in _REACTING_GROUPS:  # "Chinese state media": China's media, not any Chinese reaction
        names.append(tuple(tokenize(head)))
    return tuple(names)


_REACTING_GROUPS = frozenset("""
media press newspapers markets investors analysts lawmakers legislators opposition unions workers public citizens
residents military navy army companies banks traders students farmers futures prices shares stocks bonds
""".split())


@lru_cache(maxsize=16_384)
def type_fits(kind: str, text: str, question: str = "") -> bool:
    """True when `text` holds a phrase of the answer type `kind` that the question does not already give."""
    if not kind:
        return True
    if kind == "speech":
        # someone's words: a speech verb or a quotation; of the office asked about, when the
        # question names a speaker only by office ("What did Malaysia's prime minister say?")
        office = _office_of_speaker(question)
        return bool(SPEECH_RE.search(text)) and (not office or bool(re.search(rf"\b{office}", text, re.I)))
    if kind == "reaction":
        # "How did Vietnam respond?": a sentence telling a reaction, of Vietnam itself.
        if not (REACTION_RE.search(text) or SPEECH_RE.search(text)):
            return False
        caused = _CAUSED_REACTION.search(text)
        if caused and not (SPEECH_RE.search(text) or REACTION_RE.search(text[:caused.start()])):
            # "Pelosi's visit to Taiwan triggered Chinese drills": the one reacting is named after
            # the verb (China), not before it (Taiwan).
            text = text[caused.end():]
        words = set(tokenize(text))
        words |= {w[:-1] for w in words if w.endswith("s")}  # "Philippine" is named by "Philippines"
        return all(names_in(list(name), words) for name in _reacting(question))
    if kind == "stance":
        # "What did they agree to after the talks?": the scene set after it is no part of the stance
        own = question.split(FOLLOW_UP_JOIN)[0]  # "What did they agree on — who did Hegseth ...?"
        family = stance_asked(own) or stance_asked(split_scene(own)[1])
        return bool(family) and bool(re.search(rf"\b(?:{STANCES[family]})\b", text, re.I))
    if kind == "reason":
        # "Why were the hotlines set up?" asks for a purpose or a cause; "why did they lapse?" a cause.
        only_purpose = purpose_asked(question)
        purpose = (only_purpose or bool(_PURPOSE_QUESTION.search(question))) and bool(PURPOSE_RE.search(text))
        # "What are the hotlines meant to achieve?" asks for a purpose only: no cause answers it.
        return purpose or not only_purpose and bool(CAUSE_RE.search(text))
    if kind == "rank" and question:
        # "What rank does Dong Jun hold?": the rank must stand before that person's name,
        # not anywhere in a sentence that names them.
        names = [w for e in entities(question) if e.lower() not in COUNTRIES for w in e.split() if w[:1].isupper()]
        # "What rank does China's defense minister hold?" names him by office only: a rank before
        # any name will do ("Admiral Dong Jun")
        alt = "|".join(re.escape(n) for n in names) if names else r"[A-Z][\w’'-]+"
        return bool(re.search(rf"{RANK_RE.pattern}\s+(?:[A-Z][\w’'-]*\s+){{0,2}}?(?:{alt})\b", text))
    if kind == "place" and question and COUNTRIES_ASKED.search(question):
        # "Which EC countries were against the tax?": "Britain, West Germany, the Netherlands,
        # Denmark, and Portugal were all against it", countries named in a row, not one "in" a place
        asked_words = set(tokenize(question))
        told = [m.group(0) for m in _COUNTRY_NAME.finditer(text)]
        if sum(not set(tokenize(c)) <= asked_words for c in told) >= 2:
            return True
    if kind == "place" and question and POSTED_ASKED.search(question):
        # "Where did Hegseth post his statement?": on a platform ("shared on X"), not in a country.
        return bool(re.search(r"\b(?:on|via)\s+(?:the\s+)?[A-Z][\w.-]*", text))
    if kind == "name" and question and RENAMING_ASKED.search(question):
        # "What name will the stores carry?": "will be renamed McCrory 5 and 10", digits and all
        return bool(re.search(rf"(?i:{RENAMING.pattern}),?\s+(?:as\s+)?[“\"]?[A-Z]", text))
    if kind == "name" and question:
        head = named_thing(question)
        shape = _NAME_SHAPES.get(head)
        if shape and _new_names(shape, text, question):
            return True  # "the destroyer USS Dewey", "First Boston Inc": a name known by its form
        if head:
            if not _names_beside(head, text):
                return False  # "the name of the forum": a name standing by the word "forum", not any name
            if names_kind(head, text, question):
                return True  # "the Zurich, Basle and Geneva bourses": one-word names, told by the kind they name
        if _REPLACED.search(question):
            # "Whom did Elkas replace?": a name in a sentence telling a succession, not his appointment alone
            return bool(_SUCCESSION.search(text)) and bool(_new_names(NAME_RE, text, question))
        if _APPOINTED.search(question) or _SUCCESSOR.search(question):
            # "Who was appointed to head the bank?": a person's name, not "the Caribbean Community",
            # in a sentence telling an appointment ("nominated Hiroshi Saito", "succeeds Takeda").
            # A receiver or an auditor may be a firm ("Peat Marwick Ltd was appointed receiver").
            return bool(_APPOINTING.search(text)) and (
                any(n.split()[-1] not in _ORG_WORDS for n in _new_names(NAME_RE, text, question))
                or bool(_new_names(COMPANY_RE, text, question)) or bool(_new_names(_OPENING_PERSON, text, question)))
    asked = set(tokenize(question)) | set(re.findall(r"\d+", question))
    if kind == "number":
        span = _SPAN_COUNTED.search(question) if _GAP_ASKED.search(question) else None
        if span and counts_one_span(set(tokenize(span.group(1))), text):
            return True  # "how many days before the Malaysia talks?": "just a day after"
        # "merged with AEGON in May 1986" tells when, not how much
        text = _DATED_YEAR.sub(" ", text)
    measured = kind == "number" and bool(_MEASURE_ASKED.search(question))
    said_when = kind == "time" and bool(_SAID_WHEN.search(question))
    for phrase in typed_phrases(kind, text):
        if measured and phrase.lower() in _VAGUE_COUNTS:
            continue  # "By how much can it cut the weight?": "several cars" measures nothing
        if said_when and phrase.lower() in _VAGUE_TIMES:
            continue  # "did he say when they would take place?": "coming soon" gives no time
        words = set(tokenize(phrase)) | set(re.findall(r"\d+", phrase))
        if kind in {"place", "city", "name", "person"}:
            words -= set(tokenize("in at near outside inside around across off along throughout within the like such "
                                  "including areas regions waters places zones seas cities provinces countries states"))
            words -= LEGAL_FORMS  # "Corvid Inc" is the "Corvid" the question gave
        if kind == "city" and re.sub(r"^(?:\w+\s+)+?(?:the\s+)?(?=[A-Z])", "", phrase).lower() in COUNTRIES - CITY_STATES:
            continue  # "in what city": "in South Korea" names no city
        if (kind == "person" or kind == "name" and WHO_ASKED.match(question)) and (
                _PLACE_LIKE.match(phrase) or phrase.lower() in COUNTRIES):
            continue  # "New York, Pennsylvania, ... West Virgina": places, no one's name
        if kind == "person" and phrase.split()[0].lower() in COUNTRIES - _GIVEN_NAMES:
            continue  # "Canada Post", "China Daily": bodies named for their country, no one's name
        if words and not all(fuzzy_in(w, asked) for w in words):
            return True
    return False


_GIVEN_NAMES = frozenset({"chad", "georgia", "jordan"})
"""Countries' names that are people's first names too."""
_SPAN_COUNTED = re.compile(r"\bhow many (day|week|month|year|hour|minute)s\b", re.I)
"""A count of days, weeks, ...: "a day" is one."""
_GAP_ASKED = re.compile(r"\b(?:before|after|later|earlier|since|between|apart|ahead|until|till)\b", re.I)
"""A count of days asked as a gap between two events ("how many days before the talks?"), which
"a day after" answers; not a length ("how many days did the drills go on for?")."""
_SPAN_UNITS = frozenset(tokenize("day week month year hour minute"))
_ONE_SPAN = re.compile(r"\b(?:a|an|one)\s+(?:single\s+|full\s+)?(\w+)", re.I)


def counts_one_span(unit: set[str], text: str) -> bool:
    """True when `text` counts one of `unit` (stemmed) and it is a span of time: "just a day after"
    answers "how many days"."""
    return bool(unit & _SPAN_UNITS) and any(unit & set(tokenize(m.group(1))) for m in _ONE_SPAN.finditer(text))

_MEASURE_ASKED = re.compile(r"\bhow much\b|\bby how\b|\bhow (?:large|big|high|low|far|deep|fast|heavy)\b", re.I)
"""A question asking a measure, which a vague count ("several", "dozens") does not give."""
_VAGUE_COUNTS = frozenset({"several", "dozens", "dozen"})
WHO_ASKED = re.compile(r"^(?:(?:and|so|but)\s+)?who(?:m|\b)", re.I)
"""A question asking who ("Who were the authors ...?"; "Which director ...?" names a role the answer's
sentence must itself tell)."""
_VAGUE_TIMES = frozenset({"soon", "recently", "in recent years", "for years"})
_SAID_WHEN = re.compile(r"\b(?:say|tell|indicate|specify|mention|reveal|announce|disclose|give|set|know)\b (?:\w+ )?when\b",
                        re.I)
"""'Did he say when ...?': whether a time was given, which "soon" is not."""


_PLACE_LIKE = re.compile(r"(?:New|West|East|North|South|San|Los|Las|Santa|Saint|St|Fort|Port|Lake|Mount|Cape|Hong|"
                         r"Puerto|Rio|Buenos|Sao|Tel|Kuala|Abu|Sri|Saudi|United|Middle|Far|Wall|Persian|Latin|Central)\s")
"""The first word of many places' names ("New York", "West Virginia", "Wall Street"): no person's."""


RENAMING_ASKED = re.compile(r"\bwhat (?:new )?name (?:will|would|did|does|do|is|was|are|were|has|have|had)\b|"
                             r"\b(?:be|been|get|was|were|is|are) (?:re-?named|re-?branded)\b|\bnew name\b", re.I)
"""A question asking the name something is to go by (its new name), not who is involved."""
RENAMING = re.compile(r"\b(?:re-?nam\w+|re-?brand\w*|(?:be|been|is|are|was|were) (?:called|named|known as|dubbed)|"
                       r"under the (?:name|banner|brand)|(?:new )?name (?:of|to|will be|is)|change (?:its|their) names?)\b", re.I)
"""A sentence telling a name something is (to be) known by."""


_DATED_YEAR = re.compile(rf"\b(?:(?:{_MONTH_NAMES}|in|since|by|until|of|from|to|during|before|after|early|late|mid)\s+|mid-)"
                         r"(?:19|20)\d\d\b(?![,.]?\d| ?(?:pct|%|percent|per cent))", re.I)
"""A year told as a date ("in May 1986", "since 2019"): no figure of an amount."""
POSTED_ASKED = re.compile(r"\bwhere\b.*\b(?:post|posted|publish|published|share|shared|tweet|tweeted|write|wrote|"
                     r"upload|uploaded|announce|announced)\b|" + _PLATFORM, re.I)
"""'Where did Hegseth post about his talks?': a platform is asked, not a country."""
_NAME_OF = re.compile(r"\bnames? of (?:the |this |that |a |an |its |their |his |her )?((?:[\w’'-]+ ){0,4}?[\w’'-]+)"
                      r"(?= (?:in|at|on|of|for|from|that|which|who|held|based|where|used|set|known|[a-z]+ed|"
                      r"the|its|their|his|her)\b|\s*[?.!]|\s*$)",
                      re.I)
"""'the name of the consortium the association announced': group 1 ends in the thing named (the
clause after it may open with "the")."""


NAMED_KINDS = frozenset("""
ship ships vessel vessels submarine submarines aircraft jet jets plane planes airline airlines company companies
firm firms bank banks maker makers manufacturer manufacturers automaker automakers carmaker carmakers newspaper
newspapers exchange exchanges agency agencies brand brands university universities airport airports port ports
party parties network networks weapon weapons missile missiles system systems law laws act treaty treaties
institution institutions institute organization organisation association associations union unions
federation federations court courts underwriter underwriters arranger arrangers broker brokers
group groups publication publications subsidiary subsidiaries affiliate affiliates ally allies command commands
commander commanders element elements society societies body bodies committee committees commission commissions
authority authorities lender lenders insurer insurers creditor creditors refiner refiners carrier carriers
plant plants factory factories refinery refineries mine mines mill mills
destroyer destroyers frigate frigates cruiser cruisers warship warships tanker tankers
producer producers supplier suppliers retailer retailers contractor contractors distributor distributors
""".split())
"""Kinds of thing known by their names: "Which ship ...?" is answered by a ship's name."""
_WHICH_OPENING = r"^(?:[^,?]{3,80},\s+)?(?:and\s+)?"
"""What may stand before a which-question's 'which': an opening clause ("Besides Morgan Guaranty, "), "and"."""
_WHICH_KIND = re.compile(_WHICH_OPENING + r"(?:(?:in|on|at|to|from|by|for|with|before|under|into|against)\s+)?(?:which|what)\s+(?:[\w.’'-]+\s+){0,4}?([a-z]+)(?:\s+(?:did|does|do|has|have|had|"
                         r"is|are|was|were|will|would|can|could|carried|made|won|built|bought|sold|became|began|took|gave|got|led|held|"
                         r"paid|sent|put|ran|sought|bid|chose|lent|left|struck|hit|cut)\b|['’]s\s|"
                         r"\s+[a-z]+(?:ed|ised|ized)\s)", re.I)
"""'Which ship did ...', 'Which Spanish bank's spokesman said ...': the kind of thing whose name is asked."""
_WHICH_OWNERS = re.compile(_WHICH_OPENING + r"(?:which|what)\s+(?:[\w.’'-]+\s+){0,2}?([a-z]+s)['’]\s", re.I)
"""'Which companies' stocks ...': the owners' kind, whose names are asked."""


@lru_cache(maxsize=1024)  # asked of every scored sentence's topic check
def named_thing(question: str) -> str:
    """The thing whose name is asked: "What is the official name of the security forum held in
    Malaysia?" -> "forum", "Which engine maker did Qantas pick?" -> "maker"; "" when the
    question does not ask for a name."""
    m = _NAME_OF.search(question)
    if m:
        return m.group(1).split()[-1].lower()
    m = _FIRM_ROLE.match(question.strip())
    if m:  # "Who is arranging the facility?": the arranger ("S.G. Warburg and Co Ltd is arranger")
        verb = m.group(1).lower()
        return next((k for stem, k in _FIRM_ROLES.items() if verb.startswith(stem)), "")
    m = re.match(r"(?:and\s+)?whose\s+([a-z]+)\b", question.strip(), re.I)
    if m:
        return m.group(1).lower()  # "Whose effigies did they burn?": a name by "effigies"
    m = _WHICH_KIND.match(question.strip()) or _NAME_THE.match(question.strip())
    kind = m.group(1).lower() if m else ""
    if kind not in NAMED_KINDS:
        # "Which companies' stocks are on the list?": names of companies
        m = _WHICH_OWNERS.match(question.strip())
        kind = m.group(1).lower() if m and m.group(1).lower() in NAMED_KINDS else kind
    if kind not in NAMED_KINDS:
        # "Which Deutsche Babcock subsidiary struck ...?": the kind after the names that qualify it
        m = _WHICH_NAMED.match(question.strip())
        kind = next((w.lower() for w in (m.group(1).split() if m else ()) if w.lower() in NAMED_KINDS), "")
    if kind not in NAMED_KINDS:
        # "Which other troubled bank had it bought into?": "troubled" qualifies, it is no verb
        m = _WHICH_QUALIFIED.match(question.strip())
        kind = m.group(1).lower() if m and m.group(1).lower() in NAMED_KINDS else kind
    if kind not in NAMED_KINDS:
        # "Which six banks form the lead group?": the first word naming a kind, before a verb of any tense
        m = re.match(_WHICH_OPENING + r"(?i:which|what)\s+(?!(?:is|are|was|were|did|does|do|has|have|had|will|would|can|"
                     r"could|should|may|might|must)\b)((?:[\w.’'-]+\s+){1,5})", question.strip(), re.I)
        words = m.group(1).split() if m else []
        kind = next((w.lower() for w, after in zip(words, words[1:], strict=False) if w.lower() in NAMED_KINDS and after.islower()),
                    kind)
    if not kind:
        return ""
    return kind[:-3] + "y" if kind.endswith("ies") else kind.removesuffix("s")  # "companies" -> "company"


_NAME_THE = re.compile(r"^(?:please\s+)?(?:name|identify)\s+(?:the\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){0,2}?([a-z]+)\b", re.I)
"""'Name the underwriters for the issue': the kind whose names are asked."""
_WHICH_QUALIFIED = re.compile(_WHICH_OPENING + r"(?:which|what)\s+(?:[\w.’'-]+\s+){1,3}?([a-z]+)\s+(?:did|does|do|has|have|"
                              r"had|is|are|was|were|will|would|can|could)\b", re.I)
"""'Which other troubled bank had ...': the kind, after the words that qualify it, before the verb."""
_WHICH_NAMED = re.compile(r"^(?i:and\s+)?(?i:(?:in|at|to|from|by|for|with|before)\s+)?(?i:which|what)\s+((?:[A-Z][\w.’'-]*\s+){1,3}[a-z]+)\b")
"""'Which Deutsche Babcock subsidiary ...': capitalised words, then the kind they qualify."""


COMPANY_RE = re.compile(r"\b[A-Z][\w&’'.-]*(?:\s+[A-Z][\w&’'.-]*)*\s+(?:Inc|Corp|Co|Ltd|Plc|PLC|AG|SA|NV|LLC|Group|"
                        r"Holdings|Corporation|Company|Bank)\b|<[A-Z][^<>]{1,60}>|"
                        r"\b[A-Z][\w&’'.-]*(?:\s+[A-Z][\w&’'.-]*)*(?=\s+<[A-Z][A-Z.]{0,7}>)|"
                        r"\b[A-Z][\w&’'.-]*(?:,?\s+[A-Z][\w&’'.-]*)*\s+(?:and|&)\s+Co\b")
"""A company's name, told by its ending ("First Boston Inc"), by the wire's brackets ("<Risk
Science International>", Reuters' mark for a company without a ticker) or by the ticker after it
("Phillips Petroleum <P>"), or by "and Co" ("Harris Upham and Co"): what answers 'which firm'."""


_VESSEL_NAME = re.compile(r"\b(?:USS|HMS|USNS|HMAS|HMCS|INS)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*|\b(?:destroyer|frigate|"
                          r"carrier|cruiser|tanker|freighter|submarine|warship|vessel|ship)s?\s+(?:the\s+)?[A-Z][\w-]*"
                          r"(?:\s+[A-Z][\w-]*)*")
"""A ship's name ("the destroyer USS Dewey"): what answers 'which ship'."""
_BODY_NAME = re.compile(r"\b(?:[A-Z][\w&.’'-]*\s+(?:(?:and|of|for|&)\s+)?)+(?:Commission|Police|Board|Agency|Authority|"
                        r"Committee|Council|Ministry|Department|Office|Bureau|Court|Institute|Association|Society|"
                        r"Union|Fund|Service|Administration|Federation|Tribunal|Inspectorate)\b")
"""A public body's name ("the Quebec Health and Safety Commission"): what answers 'which bodies'."""
_BANK_NAME = re.compile(r"\b(?:[A-Z][\w&.’'-]*\s+(?:(?:of|for|and|&|de|du|des|di)\s+)?)*(?:[A-Z][\w’'-]*bank|Bank|Banque|"
                        r"Banco|Bancorp|Bankers|Trust|Guaranty|Savings|Kredit\w*|Credit)\b(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*")
"""A bank's name ("First National Bank of Boston", "Commerzbank", "Morgan Guaranty Trust Co"): what
answers 'which bank'; a publisher's "Harcourt Brace Jovanovich Inc" is a company, but no bank."""
_NAME_SHAPES = {**dict.fromkeys(("body", "authority", "committee", "commission", "agency"), _BODY_NAME),
                **dict.fromkeys(("firm", "company", "broker", "underwriter", "arranger", "carmaker", "automaker",
                                 "airline", "insurer", "refiner", "retailer"), COMPANY_RE),
                "bank": _BANK_NAME,
                **dict.fromkeys(("ship", "vessel", "submarine", "warship", "boat", "tanker", "destroyer", "frigate",
                                 "cruiser"), _VESSEL_NAME)}
"""Kinds whose names show by their form, wherever they stand: a company by its ending, a ship by its prefix."""


def _new_names(shape: re.Pattern[str], text: str, question: str) -> list[str]:
    """Names of `text` of the given shape that the question does not already give."""
    asked = set(tokenize(question))
    return [m.group(0) for m in shape.finditer(text)
            if not all(fuzzy_in(w, asked) for w in tokenize(m.group(0)) if w not in LEGAL_FORMS)
            and not _alias_asked(text[m.end():], asked)]


def _alias_asked(after: str, asked: set[str]) -> bool:
    """True when a name is followed by the short name the question uses ("Arabian Investment
    Banking Corp (Investcorp)" for "Investcorp"): a name the question gave, no new one."""
    m = re.match(r"\s*\(([^()]{2,30})\)", after)
    words = tokenize(m.group(1)) if m else []
    return bool(words) and all(w in asked for w in words)


_LEGAL_WORDS = frozenset("inc corp co ltd plc ag sa nv llc corporation company".split())
LEGAL_FORMS = frozenset(tokenize(" ".join(sorted(_LEGAL_WORDS))))
"""A company's legal form: "Coca-Cola Enterprises Inc" is the name the question gave as
"Coca-Cola Enterprises", no other."""


def names_kind(head: str, text: str, question: str) -> bool:
    """True when `text` gives a name the question does not, standing by the word for the kind of
    thing asked (`head`, from `named_thing`) or a word news also uses for it."""
    asked = set(tokenize(question))
    if head.lower() in {"bank", "banks"} and re.search(r"\b(?:investment|merchant)\s+banks?\b", question, re.I) \
            and _new_names(COMPANY_RE, text, question):
        return True  # an investment bank is a firm, named by its form: "retained Drexel Burnham Lambert Inc"
    if head.lower() in _ANY_BODY:
        # "Which organisation will use the computer?": any body's name ("the Century Research
        # Center (CRC)"), whatever it calls itself
        names = [m.group(0) for m in re.finditer(r"\b[A-Z][\w’'-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w’'-]*)+", text)
                 if m.start() > 0]
        return any(w not in asked for n in names for w in tokenize(n) if w not in LEGAL_FORMS)
    return any(w not in asked for n in _names_beside(head, text) for w in tokenize(n) if w not in LEGAL_FORMS)


_ANY_BODY = frozenset({"organisation", "organization", "organisations", "organizations", "entity", "entities"})
"""Kinds any body's name is of: asked by them, a name needs no word of the kind beside it."""


def _names_beside(head: str, text: str) -> list[str]:
    """Capitalised names standing just before `head` in `text` ("the Shangri-La Dialogue forum",
    "the Zurich, Basle and Geneva bourses"), just after it ("Defense Minister Dong Jun"), or after
    "called", "named", "known as", "consisting of", "including", "such as"."""
    cap = r"[A-Z][\w’'-]*(?:(?:,\s*|\s+(?:of\s+|the\s+|for\s+|and\s+)?)[A-Z][\w’'-]*)*"
    stem = tokenize(head)
    kin = sorted(COUNTED_KIN.get(stem[0], ()) if stem else ())  # "bourses" for "exchange"
    # as the wire misspells it ("Another Babcock subsidary, Vereinigte Kesselwerke AG")
    # (not of a short word: "mine" is no misspelt "miner")
    kin += sorted(misspellings(head.lower(), set(re.findall(r"[a-z]+", text.lower()))) - {head.lower()}) \
        if len(head) >= 7 else []
    plural = rf"{re.escape(head[:-1])}ies|" if head.endswith("y") else ""  # "companies"
    word = "(?i:" + plural + "|".join([rf"{re.escape(head)}s?"] + [rf"{re.escape(k)}\w*" for k in kin]) + ")"
    # ... or before it as its apposition: "La Victoire, a French insurance company"
    # (the kind's word is only looked at, not taken, when a name stands before it: "Khashoggi's firm,
    # Triad International Marketing" names its owner, then the firm)
    pattern = (rf"({cap}),\s+(?:a|an|the)\s+(?=(?:[\w-]+\s+){{0,3}}?{word}\b)|"
               rf"({cap})(?:\s+[a-z][\w-]*)?\s+(?={word}\b)|\b{word}\s*(?:,\s*|\s+[-–—:]\s+|\s+(?:called|named|known as|dubbed|"
               rf"consisting of|including|such as|namely)\s+)?"
               rf"(?:the\s+)?([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)|\b{word}\s+of\s+(?:the\s+)?(?:[a-z][\w-]*\s+){{0,3}}?"
               rf"([A-Z][\w’'-]*\s+[A-Z][\w’'-]*)")
    found = [(m.start(), next(g for g in m.groups() if g)) for m in re.finditer(pattern, text)]
    # a name in quotation marks after the kind ("a policy of “strategic ambiguity”", "an operation dubbed “X”")
    found += [(m.start(), m.group(1)) for m in re.finditer(
        rf"\b{word}\s+(?:of|called|named|known as|dubbed)\s+[“\"]([^”\"]{{3,60}})[”\"]", text)]
    # a name it gives itself ("A group calling itself the Coastal Front")
    found += [(m.start(), m.group(1)) for m in re.finditer(
        rf"\b{word}\s+(?:calling|calls|called) (?:itself|themselves)\s+(?:the\s+)?([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)", text)]
    # "Brokerage firms fulfill ...": a sentence's first word is capitalised, not a name
    # (nor a nationality: "La Victoire, a French insurance company" names La Victoire)
    return [n for at, n in found if (at > 0 or len(n.split()) > 1)
            and not (demonym_country(n) or re.fullmatch(r"[A-Z][a-z]+(?:ese|ian|ish|ch|can)", n))]


_CAP_WORD = re.compile(r"[A-Z][\w’'.-]*|\d[\d,.]*%?")


_LABEL = re.compile(r"^((?:[\w’'-]+ ){0,3}[\w’'-]+):\s+(?=\S)")


_BUSINESS_TERMS = frozenset("EPS CEO CFO COO IPO GDP GNP YTD Q1 Q2 Q3 Q4 1Q 2Q 3Q 4Q".split())
"""Capitalised business words that are no name, nor part of one ("Pico Products EPS")."""


_NAME_PARTICLES = frozenset({"of", "de", "al", "des", "du", "del", "della", "di", "da", "la", "van", "von", "der", "den"})
"""Lowercase words inside a name ("Bank of Tokyo", "Lyonnaise des Eaux", "Vincent van Gogh")."""


def _opening_word(word: str) -> str:
    """A question's first word without its contraction ("Wasn't" -> "was", "Won't" -> "will")."""
    low = word.lower().replace("’", "'")
    return {"won't": "will", "can't": "can", "shan't": "shall"}.get(low) or re.sub(r"n't$|'(?:s|re|ll|d|m|ve)$", "", low)


def entities(q: str) -> list[str]:
    """Proper names and figures of the question ("North Korea", "Hegseth", "2022")."""
    out: list[str] = []
    quoted = re.findall(r"[\"“]([^\"”]{2,60})[\"”]", q)
    out += quoted
    words = re.findall(r"[\w’'.%-]+|[^\w\s]", q)
    run: list[str] = []
    at_start = True
    label = _LABEL.match(q)  # "Fact check: does ...": a label before the question
    # a label in sentence case ("Fact check", "For my essay") names nothing; "Taiwan:" is a topic
    label_words = len(label.group(1).split()) if label and re.search(r"\s[a-z]", label.group(1)) else 0
    for i, w in enumerate(words):
        in_label = i < label_words
        clean = w.strip(".’'-")
        compound = re.fullmatch(r"([A-Z][\w’'.]*)-[a-z][\w-]*", clean)
        if compound:
            clean = compound.group(1)  # "China-exposed", "Tokyo-based": the name is China, Tokyo
        is_cap = bool(clean) and bool(_CAP_WORD.fullmatch(clean)) and (clean[0].isupper() or clean[0].isdigit())
        if is_cap and at_start and (_opening_word(clean) in START_WORDS or any(
                edit_distance(clean.lower(), w, 1) <= 1 for w in START_WORDS if len(w) >= 4)):
            is_cap = False
        if is_cap and clean.lower() in STOPWORDS and not run or clean in _BUSINESS_TERMS:
            is_cap = False  # "Pico Products EPS": the name is Pico Products
        if is_cap and (at_start and clean.endswith("ing") and (synonyms(tokenize(clean)[0]) if tokenize(clean) else True)
                       or in_label):
            is_cap = False  # "Comparing the two pieces, ...", "Fact check: ...": no name opens the question
        if is_cap and run and clean[0].isdigit() != run[-1][0].isdigit():
            out.append(" ".join(run))  # "2022 World Cup": a year and a name, each checked alone
            run = []
        if is_cap:
            run.append(clean.removesuffix("’s").removesuffix("'s"))
            # "Tokyo's October plunge": a possessive ends the name; so does "Montreal-based" before
            # "Laurentian Group" (a place, then the firm)
            # (but "Pantera's Corp", "Macy's Inc" are one name, the legal form after the possessive)
            after = words[i + 1].strip(".") if i + 1 < len(words) else ""
            if clean.endswith(("’s", "'s")) and after.lower() not in LEGAL_FORMS or compound and re.fullmatch(r"[\w’'.]+-(?:based|born|listed|run|owned|"
                                                                          r"controlled|headquartered)", w.strip(".’'-")):
                out.append(" ".join(run))
                run = []
        elif run and clean.lower() in _NAME_PARTICLES and not at_start:
            run.append(clean)
        else:
            while run and run[-1].lower() in _NAME_PARTICLES:
                run.pop()
            if run:
                out.append(" ".join(run))
            run = []
        if w in ".?!;:—" or re.fullmatch(r"[a-z]{2,}\.|[A-Z][a-z]{2,}\.", w):  # "... for my class. One article ...": a new sentence
            at_start = True
        elif clean:
            at_start = False
    while run and run[-1].lower() in _NAME_PARTICLES:
        run.pop()
    if run:
        out.append(" ".join(run))
    # "British PR firm": a nationality and an acronym, each told its own way ("U.K. Public relations group")
    out = [part for e in out for part in (e.split(" ", 1) if re.fullmatch(r"[A-Z][a-z]+ [A-Z]{2,5}", e)
                                          and demonym_country(e.split()[0]) else [e])]
    # Dates are matched against publish dates (qa.when), not the text: "March 1987" is no name.
    out = [e for e in out if not _DATE_ONLY.fullmatch(e)]
    # "McDonald's Corp's profit": a legal form alone names nothing
    out = [e for e in out if not all(w.strip(".").lower() in _LEGAL_WORDS for w in e.split())]
    # "on Black Monday, October 19": a name for the day the question dates, which news may not use
    out = [e for e in out if not re.search(rf"{re.escape(e)},\s+(?:{_MONTHS})\.?\s+\d", q, re.I)]
    # "City analysts": London's financial district as the wire names its people, no name a story repeats
    out = [e for e in out if not (e == "City" and re.search(r"\bCity\s+[a-z]", q))]
    seen: set[str] = set()
    return [e for e in out if not (e.lower() in seen or seen.add(e.lower()))]  # type: ignore[func-returns-value]


_DATE_ONLY = re.compile(
    rf"(?:(?:{_MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:19|20)\d\d|\d{{1,2}}(?:st|nd|rd|th)?)[\s,.]*)+",
    re.I)


_ROLE_QUESTION = re.compile(
    r"^(?:[Aa]nd\s+)?[Ww]ho\s+(?:is|was|are|were)\s+(?:the\s+)?(?:([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)(?:['’]s)?\s+)?"
    r"((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*)(?:\s+(?:to|of|for|in|at)\s+(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)?"
    r"\s*\??$")


_APPOINTED = re.compile(r"\bwho\s+(?:(?:was|were|is|has been|have been|will be|would be)\s+(?:\w+\s+)?(?:appointed|named|"
                        r"elected|chosen|picked|nominated|hired|promoted|selected|tapped|installed)|"
                        r"(?:did|does|do|will|has|have|had)\s+.{1,60}?\s+(?:name|appoint|elect|choose|pick|nominate|"
                        r"hire|promote|select|tap|install)\b.{0,40}?\s(?:as|to)\b)", re.I)
"""'Who was appointed to head X?': a person's name answers."""
_SUCCESSOR = re.compile(r"\bwho\s+(?:(?:will|would|has|had|is|was)\s+)?(?:replace[ds]?|replacing|succeed(?:s|ed|ing)?|"
                        r"took over from|takes over from|(?:be\s+)?taking over from)\b", re.I)
"""'Who replaced Martin Ardbo?': the name of a successor, in a sentence telling the succession."""
_SUCCESSION = re.compile(r"\b(?:replac\w*|succe(?:ed|eds|eded|eding|ssion|ssor)|predecessor)\b", re.I)
_REPLACED = re.compile(r"\bwhom?\s+(?:did|does|will|would|has|had)\s+.{1,60}?\s+(?:replace|succeed)\b", re.I)
"""'Whom did Elkas replace?': the name of a predecessor."""
_APPOINTING = re.compile(r"\b(?:appoint|name[ds]?\b|naming|elect|chose|choos|pick|nominat|hire|hiring|promot|select|tapp|"
                         r"install|succeed|replac|designat)\w*", re.I)
_OPENING_PERSON = re.compile(r"^[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+(?=,\s+(?:a|an|the|who|\d)\b)")
"""A person opening a sentence, with a description after ("David Ruder, a 58-year-old Republican ..."),
which NAME_RE leaves out (a sentence's first word is capitalised anyway)."""
_ORG_WORDS = frozenset("""
Community Bank Corp Co Inc Ltd Group Ministry Council Union Association Exchange Commission Board Department Agency
Party Fund Committee Authority Office Service Organization Organisation Company Administration Sea Strait Islands
Island Republic States Kingdom Nations Reserve Street University Institute Centre Center Court House Senate Congress
Parliament Government Airlines Airways Motors Industries International Holdings Securities Partners Capital Energy
Oil Power Corporation Systems Communications Trust Bureau Federation Assembly Cabinet Treasury Facility World
""".split())
_WHICH_PERSON = re.compile(r"^(?:and\s+)?which\s+(?:[\w’'.-]+\s+){0,3}?(?:director|executive|officer|analyst|"
                           r"economist|lawyer|banker|trader|chairman|spokesman|spokeswoman|diplomat|negotiator)s?\b",
                           re.I)
_WHO_IS_THE = re.compile(r"^(?:and\s+)?who\s+(?:is|was|are|were)\s+the\s+[a-z]", re.I)


_POINTING = frozenset("that this these those it he she they".split())


def role_of(q: str) -> str:
    """The office a 'who is' question asks to fill ("Who is China's foreign minister?" ->
    "foreign minister"; at most its last two words), or ""."""
    m = _ROLE_QUESTION.match(q.strip())
    said = m.group(2).split() if m else []
    if not m or said[-1].endswith("ed") or said[0] in _POINTING or said[-1] in {"to", "with", "about", "from"} \
            or len(said[-1]) > 4 and said[-1].endswith("ing"):
        # "Who is the analyst quoted?", "who was Hegseth talking to?" ask about a deed, "Who is that
        # supposed to help?" about a thing
        return ""
    words = [w for w in said if tokenize(w)]
    return " ".join(words[-2:])


def role_owner(q: str) -> str:
    """Whose office a 'who is' question asks about ("Who is Malaysia's defense minister?" ->
    "Malaysia"), or ""."""
    m = _ROLE_QUESTION.match(q.strip())
    return (m.group(1) or "") if m else ""


_SAID_WORDS = frozenset(tokenize("said says told announced added"))
"""A speech verb between a company and its officer's office ("Schering-Plough Corp said Chairman ...")."""


_TELLER_CLAUSE = re.compile(r"(?:,[”\"]?|[”\"])\s+[^,”\"]*\b(?:said|says|told|added|reported)\b[^“\"]*$")
"""A sentence's closing attribution (', Toronto Sun vice-president Bruce Jackson said in reply.')."""


def names_new_person(text: str, question: str) -> bool:
    """True when `text`, its closing attribution aside, names a person the question does not
    ("written by FTC economists John Hilke and Philip Nelson"; not "Wall Street analysts said",
    a place or a body)."""
    told = _TELLER_CLAUSE.sub("", text)
    found = _new_names(NAME_RE, told, question) + _new_names(_OPENING_PERSON, told, question)
    return any(n.split()[-1] not in _ORG_WORDS and not _PLACE_LIKE.match(n + " ") and n.lower() not in COUNTRIES
               for n in found)


def gives_role(role: str, text: str, owner: str = "") -> bool:
    """True when `text` names the office `role` (its words within two words of each other), and,
    with an `owner`, names the owner just before it ("China's Defense Minister" is no answer to
    "Malaysia's defense minister")."""
    want = tokenize(role)
    if not want:
        return False
    name = tokenize(owner, query=True) if owner else []
    for clause in re.split(r"[,;:()—–]", text):  # "in Malaysia, attended by defense ministers": not Malaysia's
        toks = tokenize(clause)
        first = [i for i, t in enumerate(toks) if t == want[0]]
        if len(want) >= 2:
            first = [i for i in first if any(t == want[1] and abs(i - j) <= 2 for j, t in enumerate(toks))]
        # ("Schering-Plough Corp said Chairman Robert P. Luciano": the company, its legal form and a
        # speech verb before the office)
        if first and (not name or any(names_in(name, set(t for t in toks[max(0, i - 4):i] if t not in LEGAL_FORMS
                                                         and t not in _SAID_WORDS)) for i in first)):
            return True
    return False


def content_terms(q: str) -> list[str]:
    """Stemmed topic words of the question, question noise removed."""
    noise = set(tokenize(" ".join(QUESTION_NOISE)))
    q = re.sub(r"\b(?:tell|show|give) (?:me|us)\b", " ", q, flags=re.I)
    q = re.sub(r"\b(?:going|about) to\b(?= [a-z])", " ", q, flags=re.I)  # a future, not a topic ("going to list")
    # "Why did the talks break down in the first place?": an idiom, no "first" of anything
    q = re.sub(r"\b(?:in the first place|after all|by the way|in general)\b", " ", q, flags=re.I)
    # "the two countries" points to a pair named before, as "both" does: "two" is no topic word
    q = re.sub(r"\b(the|these|those) two\b(?= [a-z]+s\b)", r"\1", q, flags=re.I)
    # "the danger of not having these channels": what the articles call their absence
    q = re.sub(r"\b(?:not having|without|lack of|lacking|no longer having)\b", " absence ", q, flags=re.I)
    # a phrasal verb is one word of its own: "push back against the claims" is to challenge them
    q = re.sub(r"\bpush(?:es|ed|ing)? back(?: against| on)?\b|\bpushback\b", " challenge ", q, flags=re.I)
    return [t for t in dict.fromkeys(tokenize(q, query=True)) if t not in noise]


_LIST_HINT = re.compile(
    r"\b(?:what (?:are|were) the|which \w+s\b|list|name the|what \w+ did .+ (?:commit|agree|promise|pledge)|"
    r"commitments|challenges|issues|areas|factors|steps|measures|terms|points|concerns|reasons|"
    r"what did .+ (?:commit|agree|promise|pledge|offer|demand)|what (?:\w+ )?(?:\w+s) (?:did|does|do|are|were|could|might|would|can|may)\b|"
    r"what (?:did|does|do|will|would) .+ (?:give|offer|concede|provide) in (?:return|exchange)|"
    r"what (?:are|were) (?:some|the)\b)\b", re.I)


ARTICLE_REF = re.compile(
    r"\b(?:(?:in|acc?ording to|per|from|of) )?the (?:first|second|third|fourth|fifth|last|1st|2nd|3rd|other) "
    r"(?:article|story|piece|report)(?:['’]s (?:view|account|conclusion|telling|opinion))?(?: (?:says?|said|reports?))?\b",
    re.I)
"""Where a question points to one article ("according to the second article"): not a topic."""
_META = re.compile(
    r"\b(?:comparing|compared with|compare)\b|\b(?:the |these |both )?(?:two|both) (?:articles|pieces|stories|reports|"
    r"outlets|sources|accounts)\b|\bthe (?:first|second|other) one\b|\b(?:leaves?|left) out\b|\bomits?\b|\bomitted\b|"
    # "Whose trip does one of the articles cite as ...?": the pointing, not the topic
    r"\b(?:one|either|any|each) of the (?:articles|pieces|stories|reports)(?: (?:cites?|mentions?|describes?|"
    r"says?|reports?|names?|points? to)(?: as)?)?\b",
    re.I)
"""Words about the articles themselves ("Comparing the two pieces", "that the first one leaves out"): no topic."""
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "last": -1}
"""An ordinal's place in a list, counted from 1 (-1: the last)."""
ORDINAL_WORDS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last"
"""The ordinals a question spells out in words ("the second one on the list")."""
FOLLOW_UP_JOIN = " — "
"""Joins a follow-up to the earlier question it points back to (qa.rewrite)."""


def last_sentence(question: str) -> str:
    """The question's last sentence, the one that asks ("I'm reading about the talks. What
    challenges remain?" -> "What challenges remain?"); an abbreviation ("U.S.") ends none."""
    return re.split(r"(?<=[a-z]{2}[.!])\s+(?=[A-Z])", question.strip())[-1]


_UNIT_WORDS = frozenset("""
stg dlr dlrs mln bln pct cts shr shrs qtr revs oper avg yen marks francs lire guilders crowns kroner kronor
pesos rupees dirhams rand yuan won baht ringgit cruzados australs escudos pesetas drachmas schillings riyals
bpd tonnes tons ounces bushels barrels
""".split())
"""Currencies and the wire's units and abbreviations: lowercase words, never names."""
_PAST_FORMS = frozenset("""
sat sank swam sang rang spun hid bit broke stole woke wore tore swore shook fed fled felt slept swept lent bent
laid dealt forgot forgave arose overtook undertook made gave took got kept left put sent told thought brought
bought sold won lost met ran led held saw knew drew grew threw flew chose spoke wrote rode drove rose fell
""".split())
"""Irregular past forms the synonym table does not know ("that hegseth sat down with"): verbs, no names."""


_TELLING_VERBS = frozenset("""
mentions mention says say talks talk refers refer describes describe covers cover reports report discusses discuss
features feature names name quotes quote cites cite brings bring shows show lists list includes include gives give
tells tell notes note calls call
""".split())
"""Verbs a question uses of what an article tells ("which article mentions fentanyl"): no name's first word."""
_ASKING_ADJECTIVES = frozenset("""
exact full complete actual real latest recent main whole entire original precise verbatim direct specific
""".split())
"""Words of a question that say which words it asks for ("exact hegseth quote"): no name's first word."""
_NO_NAME_OPENERS = STOPWORDS | START_WORDS | _UNIT_WORDS | _PAST_FORMS | _TELLING_VERBS | _ASKING_ADJECTIVES
"""Lowercase words that never open a name before a capitalised word ("mentions Fentanyl", "exact
Hegseth"): stop and opening words, units, past forms, telling verbs, asking adjectives."""


def _inflected_word(w: str) -> bool:
    """True for a verb form of a known word ("upped", "upping", "okayed"): no name."""
    for suffix in ("ed", "ing"):
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            base = w[:-len(suffix)]
            for stem in (base, base[:-1] if len(base) > 2 and base[-1] == base[-2] else base, base + "e"):
                if stem in STOPWORDS or any(synonyms(t) for t in tokenize(stem)):
                    return True
    return False


def restore_case(question: str, indexed: Callable[[str], bool] | None = None) -> str:
    """An all-lowercase question with its names capitalised again ("who is xi jinping" -> "who is
    Xi Jinping"): a word no dictionary knows is taken for a name, when the articles use it
    (`indexed(token)`; "nah" is no name); a question with any capital letter is left as typed but
    for the countries it names in lowercase ("how did taiwan's government react to the US?")."""
    if any(ch.isupper() for ch in question):
        # "how did taiwan's government react to the US ...?": a country is a name however it is typed
        return re.sub(r"(?<![\w'’-])[a-z]+(?=['’]s\b|(?![\w'’-]))",
                      lambda m: m.group(0).capitalize() if m.group(0) in COUNTRIES and m.group(0) not in STOPWORDS
                      and (indexed is None or indexed(m.group(0))) else m.group(0), question)

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        toks = tokenize(w)
        known = w in STOPWORDS or w in START_WORDS or w in QUESTION_NOISE or w in _UNIT_WORDS or w in _PAST_FORMS or not toks \
            or bool(synonyms(toks[0])) or _inflected_word(w)
        unused = indexed is not None and not all(indexed(t) for t in toks)
        return w if known or unused or len(w) < 2 else w.capitalize()

    out = re.sub(r"(?<![\w'’-])[a-z]+(?![\w-]|['’](?!s\b))", fix, question)  # "hegseth's": a possessive too
    # a name's first word may be a dictionary word ("north Korea", "xi Jinping")
    return re.sub(rf"(?<![\w'’-])([a-z]{{2,}})(?= (?!(?:{_MONTH_NAMES}|{_MONTH_ABBREVIATIONS})\b)[A-Z])",  # not "early April"
                  # ("saying AZT": a name's first word is no verb in -ing or -ed)
                  lambda m: m.group(1) if m.group(1) in _NO_NAME_OPENERS or m.group(1).endswith(("ing", "ed"))
                  or _before_demonym(m.group(1), out[m.end():]) else m.group(1).capitalize(),
                  out)


_COMPASS = frozenset("north south east west northern southern eastern western central new upper lower great".split())


def _before_demonym(word: str, rest: str) -> bool:
    """True when `word` stands before a nationality ("cut Chinese goods", "buy American"): a word of
    the question, not a name's first word (but "north Korean", "south African" are names)."""
    nxt = re.match(r"\s+([A-Z][a-z]+)", rest)
    return bool(nxt) and word not in _COMPASS and bool(demonym_country(nxt.group(1))) and bool(synonyms(word))


_MID_SENTENCE_WORD = re.compile(r"(?<=[\w,;] )[A-Za-z]+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{2,}(?![\w-])")


def recase_by_usage(question: str, texts: Iterable[str]) -> str:
    """The question with its lowercase words capitalised where `texts` (the retrieved passages)
    write them as names inside sentences ("trump" -> "Trump": "Donald Trump and ...", never
    "a trump card"): at least twice, and over three times as often as in lowercase."""
    asked = {w for w in _LOWER_WORD.findall(question)
             if w not in STOPWORDS and w not in START_WORDS and w not in QUESTION_NOISE}
    if not asked:
        return question
    upper: dict[str, int] = {}
    lower: dict[str, int] = {}
    for text in texts:
        for m in _MID_SENTENCE_WORD.finditer(text):
            w = m.group(0)
            if w.lower() in asked:
                counts = upper if w[0].isupper() else lower
                counts[w.lower()] = counts.get(w.lower(), 0) + 1
    names = {w for w in asked if upper.get(w, 0) >= 2 and upper.get(w, 0) > 3 * lower.get(w, 0)}
    return _LOWER_WORD.sub(lambda m: m.group(0).capitalize() if m.group(0) in names else m.group(0),
                           question) if names else question


_FIRM_ROLE = re.compile(r"^(?:and\s+)?who(?:['’]s|\s+(?:is|was|are|were|will be|would be|has been))?\s+"
                        r"((?:arrang|underwr(?:it|ote)|lead[- ]manag|co-manag|broker|financ)\w*)\b"
                        r"(?:\s+[\w.,’'-]+){0,8}?\s+(?:facility|facilities|loans?|issues?|offerings?|credits?|financing|"
                        r"bonds?|notes?|placements?|debentures?|paper|eurobonds?|syndicat\w+)\b", re.I)
"""'Who is arranging the facility?': a firm's name ("S.G. Warburg and Co Ltd is arranger"), as
much as a person's; not 'Who arranged the talks?'."""
_FIRM_ROLES = {"arrang": "arranger", "underwr": "underwriter", "lead": "manager", "co-manag": "manager",
               "broker": "broker"}
"""The kind of firm a _FIRM_ROLE question asks for, by the verb's stem."""


def _context_only(entity: str, question: str) -> bool:
    """True when the question names `entity` only to say who asks ("I grow soybeans in Iowa. What
    ...?") or to describe what it asks about ("the Jacksonville firm"): the answer need not name it."""
    sentences = re.split(r"(?<=[.!?])\s+", question.strip())
    own = [x for x in sentences if not x.endswith("?") and _ASKER.search(x)]
    rest = " ".join(x for x in sentences if x not in own)
    if own and entity in " ".join(own) and entity not in rest:
        return True
    if re.search(rf"\b{re.escape(entity)}\s+(?:feature|story|article|dispatch|piece|column|analysis)\b", question):
        return True  # "in the March 1987 Reuters feature on chipmakers": who told it, not what it tells
    return bool(re.search(rf"\bthe\s+{re.escape(entity)}(?:-based)?\s+(?:firm|company|group|concern|bank|maker|carrier|"
                          rf"utility|insurer|retailer|producer|refiner|manufacturer)\b", question)) or bool(
        # "its appeal in the Pennzoil dispute": the matter the story is about, named in its other sentences
        re.search(rf"\b(?:in|over|of) the\s+{re.escape(entity)}\s+(?:dispute|case|battle|fight|feud|row|lawsuit|suit|"
                  rf"litigation|affair|scandal|controversy)\b", question))


_ASKER = re.compile(r"\b(?:I|I['’]m|I['’]ve|my|me|we|we['’]re|our|us)\b")
"""The asker speaking of themselves, as in a preamble ("I'm writing a briefing on ...")."""


_ASKS_A_THING = re.compile(r"^(?:(?:and|so|but)\s+)?(?:(?:in|at|on|from|to|for|by|with)\s+)?(?:what|which)\s+"
                           r"(?!(?:about|did|does|do|was|is|were|are|has|have|had|will|would|can|could|should|may|"
                           r"might|else)\b)[a-z]", re.I)
"""A question naming the kind of thing it asks for ("to what rating ...", "which phone companies ...")."""


_ASKS_WHETHER = re.compile(r"^(?:(?:and|but|so|also)\s+)?(?:did|does|do|is|are|was|were|has|have|had|will|would|"
                           r"can|could|should)\s", re.I)
"""A yes/no follow-up ("are there going to be more of those meetings — Where did they meet?"):
it asks whether, not the earlier question's place."""
_ASKS_HOW = re.compile(r"^(?:(?:and|but|so|also)\s+)?how\s+(?:did|does|do|is|are|was|were|has|have|had|will|would|can|"
                       r"could|should|might|may)\s", re.I)
"""A follow-up asking in what way ("And how does the U.S. push back against those claims?"): not
the earlier question's kind ("which countries")."""


def read_question(text: str) -> Question:
    """Analyse a (stand-alone) question."""
    request = ""
    body = _INSTRUCTION.sub("", text).strip()
    if body != text.strip():
        request = "instruction"
    if _CREATIVE.search(body) or _ROLEPLAY.search(body):
        request = "creative"
    elif _OPINION.search(body):
        request = "opinion"
    aside = " ".join(m.group(1) for m in _SETTING_ASIDE.finditer(body))
    # "When does that cut take effect — What tariff level did Trump announce?": a follow-up with
    # the question it points back to; what it asks for is said before the dash.
    asked = body.split(FOLLOW_UP_JOIN, 1)[0]
    scene, main = split_scene(body)
    # "When Baker attacked German rates, which minister responded?" asks which minister, not when
    asked_main = main if asked == body else split_scene(asked)[1]  # a follow-up: only what it asks itself
    kind = answer_type(asked_main)
    if not kind and not (asked != body and (_ASKS_A_THING.match(asked) or _ASKS_WHETHER.match(asked)
                                                    or _ASKS_HOW.match(asked))):
        # "Its navy grew — by how many warships?"; but "To what rating were the notes cut — How
        # much debt did Moody's cut?" asks a rating, not the earlier question's amount
        kind = answer_type(body)
    role = role_of(asked) if kind == "person" else ""
    if not kind and re.match(r"^(?:and\s+)?which\s+judges?\b", asked, re.I):
        # a title always written with the name ("Judge Whitman Knapp"): a sentence without it names none
        kind, role = "person", "judge"
    if kind == "person" and not role and (_WHO_IS_THE.match(asked) or _FIRM_ROLE.match(asked)) \
            or not kind and _WHICH_PERSON.match(asked):
        kind = "name"  # "Who is the analyst quoted ...?", "Which director ...?": a name, not "an analyst"
    return Question(
        text=body or text,
        answer_type=kind,
        entities=[e for e in entities(body) if e not in aside and not _context_only(e, body)],
        # "meant to achieve" frames a purpose question: it is not what the answer talks about
        terms=content_terms(_WORDING_FRAME.sub(" ", re.sub(
            rf"\b(?:{_PURPOSE_FRAME.split(' to ')[0]}) to (?:achieve|accomplish|do|serve)\b", " ",
            _META.sub(" ", ARTICLE_REF.sub(" ", strip_position(body))), flags=re.I))),
        list_like=bool(_LIST_HINT.search(asked)),
        request=request if request in {"creative", "opinion"} or not body else "",
        role=role if kind == "person" else "",
        # "did he say when those would take place — Are more meetings planned?": the earlier
        # question's plans make its "would" a future
        future=bool(FUTURE_QUESTION.search(asked)) or asked != body and bool(re.search(r"\bwould\b", asked, re.I))
        and bool(FUTURE_QUESTION.search(body)),
        dates=calendar_mentions(body or text),
        position=position_asked(body),
        # the scene's words find the story, but the answer is told in other sentences of it
        setting=frozenset(content_terms(scene)) - set(content_terms(main)) if scene else frozenset(),
        sources=_sources(body),
        told_by=_teller(body),
        measured_dates=calendar_mentions(_ACCORDING.sub(" ", main)),  # "according to X in April": when X told it
    )


_SETTING = re.compile(
    r"^(?:when|after|before|under|during|following|in|at|on|as|with|amid|since|going into|"
    r"ahead of|at the time)\b([^?]{8,}?),[”\"’']?\s+(?=(?:and |but |so )?(?:(?:until|by|since|from|to|for|in|on|at|of|with) )?(?:what|which|who|whom|whose|when|where|why|how|did|"
    r"does|do|is|are|was|were|will|would|can|could|has|have|had)\b)", re.I)


_TRAILING_SETTING = re.compile(
    r"^((?:and |but |so )?(?:what|which|who|whom|whose|where|how)\b.{8,}?)\s+(?:when|while|as|amid|after|before|following|during)\s+"
    r"(?!(?:did|does|do|is|was|will|would)\b)([^?]{8,}?)(,\s+(?:about|on|regarding|concerning)\s+[^?]+)?\?*$", re.I)


_PER_UNITS = "share|cent|year|annum|day|week|month|quarter|ton|tonne|barrel|ounce|capita|unit|head|hour|kilo|pound|" \
             "dollar|person|gallon|mile|acre"
"""What "per" measures by ("per share", "per day"), when it names no one who tells something."""
_ACCORDING = re.compile(rf"\b(?:according to|citing|per(?!\s+(?:{_PER_UNITS})s?\b)(?=\s+(?-i:(?:[a-z]+\s+){{0,3}}[A-Z])))"
                        r"\s+([^,?]+)", re.I)
"""'according to X', 'citing X', 'per banking commissioner Robert Fell' (not 'per share'): who tells it."""


_PUBLICATION = re.compile(r"\b(?:articles?|pieces?|stor(?:y|ies)|reports?|coverage|reporting|outlets?|times|paper|"
                          r"sources?|wire|headlines?)\b", re.I)


def _teller(question: str) -> frozenset[str]:
    """Terms of the question's 'according to X' clause when X is a teller ("the analyst based in
    Singapore", "China's defense ministry readout"), not one of the articles ("the second piece")."""
    out: set[str] = set()
    for m in [*_ACCORDING.finditer(question), *_QUOTES.finditer(question), *_THINKERS.finditer(question)]:
        if not _PUBLICATION.search(m.group(1)):
            out |= set(content_terms(m.group(1)))
    return frozenset(out - _TELLER_TITLES) or frozenset(out)


# a story names "President Kenneth Kaunda" once, then "Kaunda said ..."
_TELLER_TITLES = frozenset(tokenize("president minister secretary chairman spokesman spokeswoman governor senator "
                                    "general admiral director chief mr mrs ms dr"))


_THINKERS = re.compile(r"\b(?:why|what|how|which|when|where)\s+(?:[\w’'-]+\s+){0,3}?(?:do|did|does)\s+((?:the\s+|most\s+|some\s+|many\s+)?(?:observers|analysts|experts|critics|"
                       r"economists|diplomats|traders|dealers|investors))\s+(?:think|say|believe|expect|see|argue|view|"
                       r"consider|predict)\b", re.I)
"""'Why do observers think it matters ...?': the observers tell it."""
_QUOTES = re.compile(r"\bquot(?:es|ed|ing)\s+((?:an?|the)\s+[^—–?,;:]+)", re.I)
"""'One article quotes an analyst in Singapore — what did they say ...?': the analyst tells it."""


def _sources(question: str) -> list[str]:
    """Names of the question's 'according to X' clauses that the rest of it does not name."""
    inside = [e for m in _ACCORDING.finditer(question) for e in entities(m.group(1))]
    rest = _ACCORDING.sub(" ", question)
    return [e for e in inside if e.lower() not in rest.lower()]


@lru_cache(maxsize=1024)  # asked of every scored sentence when someone's words are asked (qa.answer)
def split_scene(question: str) -> tuple[str, str]:
    """(scene, main clause) of a question that sets a scene before or after what it asks ("When
    Clark visited Washington, what ...?", "Which firm was Harcourt's adviser when rumors surfaced
    that ...?"); ("", question) for one that does not."""
    q = question.strip()
    m = _SETTING.match(q)
    if m:
        return m.group(1), q[m.end():]
    m = _TRAILING_SETTING.match(q)
    # "What did Baker tell reporters, after his speech, about a securities tax?": the topic is asked
    return (m.group(2), f"{m.group(1)}{m.group(3) or ''}") if m else ("", q)


def fuzzy_in(term: str, vocab: set[str]) -> bool:
    """True when `term` or a one- or two-letter misspelling of it is in `vocab`."""
    if term in vocab:
        return True
    return next(_spelt_like(term, vocab), None) is not None


def misspellings(term: str, vocab: set[str]) -> set[str]:
    """Words of `vocab` that `term` may be a misspelling of: the same first letter, at most
    `spelling_budget(term)` edits away (as in `fuzzy_in`)."""
    return set(_spelt_like(term, vocab))


def _spelt_like(term: str, vocab: Iterable[str]) -> Iterator[str]:
    """Words of `vocab` with the first letter of `term` and at most `spelling_budget(term)` edits
    from it, as they are found (the check is written out: it runs for every word of the evidence)."""
    budget = spelling_budget(term)
    if not budget:
        return iter(())
    first, n = term[:1], len(term)
    return (v for v in vocab if v[:1] == first and abs(len(v) - n) <= budget and _distance(term, v, budget) <= budget)


def spelling_budget(term: str) -> int:
    """Edits a misspelling of `term` may be away from it: none under 5 letters (their near
    neighbours are other words), one under 8, else two."""
    return 0 if len(term) < 5 else 1 if len(term) < 8 else 2


@lru_cache(maxsize=100_000)
def _distance(a: str, b: str, cap: int) -> int:
    return edit_distance(a, b, cap)  # a corpus's words recur from question to question


def edit_distance(a: str, b: str, cap: int) -> int:
    """Optimal-string-alignment distance: a swap of two letters ("Hegsteh") costs one.
    Anything over `cap` comes back as `cap + 1` (the scan stops early)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        if min(d[i]) > cap:
            return cap + 1
    return d[len(a)][len(b)]


_SECOND_PART = re.compile(r"^(?P<first>.{12,}?)(?:,\s*|\s+)and\s+(?:(?:roughly|approximately|about|also|exactly|"
                          r"then|precisely|specifically|briefly),?\s+)?(?P<second>(?:(?:in|at|on|from|to|for|by|with)\s+)?"
                          r"(?:what|who|whom|whose|where|when|why|how|which)\b[^?]*)\??\s*$", re.I)
_ASKS = re.compile(r"\b(?:what|who|whom|whose|where|when|why|how|which|did|does|do|is|are|was|were|has|have|had|"
                   r"can|could|will|would)\b", re.I)


def two_parts(question: str) -> tuple[str, str] | None:
    """The two questions of "How much did stocks fall, and what level did they reach?", each
    ending in "?"; None for a question that asks one thing ("What did Trump and Xi agree?")."""
    m = _SECOND_PART.match(question.strip())
    if not m or FOLLOW_UP_JOIN in question:
        return None
    first, second = m.group("first").strip(" ,;"), m.group("second").strip()
    if not _ASKS.search(first) or len(first.split()) < 3:
        return None
    return f"{first}?", f"{second[0].upper()}{second[1:]}?"


_TARIFF_WORD = re.compile(r"\b(?:tariffs?|duties|duty|levies|levy|quotas?)\b", re.I)
_TAXED = re.compile(r"\b(?:on|to|against)\s+(?:\w+\s+){0,2}?([A-Z][\w.]*)\s+(?:\w+\s+)?(?:goods|imports|products|"
                    r"exports|cars|steel|textiles)\b|\b(?:goods|imports|products)\s+from\s+(?:the\s+)?([A-Z][\w.]*)")


def taxed_origin(text: str) -> str:
    """The country whose goods a tariff falls on ("tariffs on Chinese goods" -> "china",
    "duties on imports from Japan" -> "japan"; "" when none is named)."""
    m = _TAXED.search(text) if _TARIFF_WORD.search(text) else None
    if not m:
        return ""
    word = m.group(1) or m.group(2)
    country = demonym_country(word) or " ".join(tokenize(word))
    return "us" if country in {"america", "usa", "united states"} else country

"""Time in questions: "in March 1987", "since April", "last week", "the latest".

A question's time expression becomes a publish-date window that *weights* retrieval
(news about March is often published in April, so a hard filter would lose it);
`--since/--until` and the API's `since`/`until` are the hard filters.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
SLACK_DAYS = 45
"""Reports on a period keep coming this long after it ends."""


@dataclass
class TimeScope:
    """A publish-date window (ISO dates, inclusive) and whether the newest news is wanted."""

    since: str | None = None
    until: str | None = None
    latest: bool = False
    phrase: str = ""

    @property
    def active(self) -> bool:
        """True when the question carries a time expression."""
        return bool(self.since or self.until or self.latest)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _parse_newest(newest: str | None) -> date:
    if newest:
        try:
            return date.fromisoformat(newest[:10])
        except ValueError:
            pass
    return date.today()


PERIOD_END_DAYS = 75
"""How long after a quarter or a year ends its results may be reported ("the quarter ended Jan 31")."""


WEEK_END_DAYS = 7
"""A week's figures ("the week ended March 13") are reported within the week after."""
DAY_NEWS_DAYS = 3
"""News of a day ("the rig count released March 16") is published that day or just after: the
next week's report of the same series is not it."""


_YEAR_PARTS = {"start": (1, 3), "beginning": (1, 3), "early": (1, 4), "middle": (5, 8), "mid": (5, 8),
               "late": (9, 12), "end": (10, 13), "close": (10, 13)}
"""Months (first, last; 13 is next January) that a part of a year names: "the end of 1986" runs into
the new year, whose news tells the old year's close."""


def _month_scope(m: re.Match[str], latest: bool, year: int | None = None) -> TimeScope:
    """The window of a month named (group 1) of `year` (else the year in group 2), and the weeks
    after it in which its news keeps coming."""
    start, end = _month_range(year or int(m.group(2)), _MONTHS[m.group(1)])
    return TimeScope(start.isoformat(), (end + timedelta(SLACK_DAYS)).isoformat(), latest, m.group(0))


def _last_year_of(month: int, ref: date) -> int:
    """The year of the last such month at or before `ref` ("since April", "in June" in October 1987: 1987)."""
    return ref.year if month <= ref.month else ref.year - 1


def time_scope(question: str, newest: str | None) -> TimeScope:
    """The time window a question asks about; relative phrases count from `newest` (the corpus's newest date)."""
    q = question.lower()
    ref = _parse_newest(newest)
    latest = bool(re.search(r"\b(latest|most recent|newest|currently|right now|so far|to date)\b", q))
    m = re.search(rf"\bbetween {_MONTH}(?:\s+(\d{{4}}))? and {_MONTH}\s+(\d{{4}})\b", q)
    if m:
        y2 = int(m.group(4))
        y1 = int(m.group(2) or y2)
        start = _month_range(y1, _MONTHS[m.group(1)])[0]
        end = _month_range(y2, _MONTHS[m.group(3)])[1]
        return TimeScope(start.isoformat(), (end + timedelta(SLACK_DAYS)).isoformat(), latest, m.group(0))
    m = re.search(rf"\bsince {_MONTH}(?:\s+(\d{{4}}))?", q)
    if m:
        month = _MONTHS[m.group(1)]
        year = int(m.group(2)) if m.group(2) else _last_year_of(month, ref)
        return TimeScope(date(year, month, 1).isoformat(), None, latest, m.group(0))
    m = re.search(rf"\b(?:before|until|prior to) {_MONTH}\s+(\d{{4}})", q)
    if m:
        return TimeScope(None, date(int(m.group(2)), _MONTHS[m.group(1)], 1).isoformat(), latest, m.group(0))
    m = re.search(rf"\b(?:in|during|for|of|from) (?:early |late |mid-?)?{_MONTH},?\s+(\d{{4}})\b", q)
    if m:
        return _month_scope(m, latest)
    m = re.search(rf"\b{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", q)
    if m:
        day = date(int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2)))
        # "the quarter ended Jan 31 1987": results come out weeks after a period's end, not that week
        before = q[:m.start()]
        after = PERIOD_END_DAYS if re.search(r"\b(?:quarter|qtr|year|months?|mths|half|period)\s+(?:ended|ending)\s+$",
                                             before) \
            else WEEK_END_DAYS if re.search(r"\bweek\s+(?:ended|ending)\s+$", before) else DAY_NEWS_DAYS
        return TimeScope(day.isoformat(), (day + timedelta(after)).isoformat(), latest, m.group(0))
    m = re.search(rf"(?<!\bby )(?<!\bafter )(?<!\bfrom )(?<!\bto )\b{_MONTH},?\s+(\d{{4}})\b", q)
    if m:  # "the OECD's March 1987 review", "a mid-March 1987 tender"
        return _month_scope(m, latest)
    m = re.search(rf"\b(?:in|during) (?:early |late |mid-?)?{_MONTH}(?![\w-]|\s+\d)", q) if newest else None
    if m:
        # "at its Thursday tender in June": the last June the collection reaches, as "since April" counts
        # (a collection without dates has no "last June": its stories are not windowed out)
        return _month_scope(m, latest, _last_year_of(_MONTHS[m.group(1)], ref))
    m = re.search(r"\b(last|this|past) (week|month|year)\b", q)
    if m:
        span = {"week": 7, "month": 31, "year": 366}[m.group(2)]
        start = ref - timedelta(span * (2 if m.group(1) == "last" else 1))
        return TimeScope(start.isoformat(), ref.isoformat(), latest, m.group(0))
    # "by mid-1988" is a target the news sets, not when it came out
    m = re.search(r"(?<!\bby )(?<!\bby the )\b(?:(?:at|in|toward|towards) the )?(start|beginning|middle|end|close) of "
                  r"(19\d\d|20\d\d)\b|(?<!\bby )\b(early|mid|late)[- ](19\d\d|20\d\d)\b", q)
    if m:
        part, y = (m.group(1) or m.group(3)), int(m.group(2) or m.group(4))
        first, last = _YEAR_PARTS[part]
        end = _month_range(y + (last - 1) // 12, (last - 1) % 12 + 1)[1]
        return TimeScope(date(y, first, 1).isoformat(), (end + timedelta(SLACK_DAYS)).isoformat(), latest, m.group(0))
    m = re.search(r"\b(?:in|during) (19\d\d|20\d\d)\b", q)
    if m:
        y = int(m.group(1))
        return TimeScope(date(y, 1, 1).isoformat(), date(y + 1, 2, 14).isoformat(), latest, m.group(0))
    if re.search(r"\b(yesterday|today)\b", q):
        return TimeScope((ref - timedelta(2)).isoformat(), ref.isoformat(), latest, "recent")
    return TimeScope(latest=latest, phrase="latest" if latest else "")


# A month named in running text: capitalised ("in March", "Feb 22"), and "May" only where it
# cannot be the verb ("in May", "May 5", "May 1987").
_NAMED_MONTH = re.compile(
    r"\b(?:(January|February|March|April|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?|(?:(?<=\bin )|(?<=\bof )|(?<=\bto )|(?<=\bend )|(?<=\bmid ))(May)|"
    r"(May)(?=\s+\d))(?:\s+(\d{1,2})\b(?!\s*(?:pct|%|mln|bln|billion|million)))?")


_BOUNDARY = re.compile(r"\b(?:starting|beginning|effective|until|till|through|by|before|after|since|due)\s+(?:on\s+|in\s+)?$",
                       re.I)
"""Words that make a month a bound of something ("a budget for the year starting April 1"),
not the time of the fact told."""


def calendar_mentions(text: str, bounds: bool = True) -> list[tuple[int, int | None]]:
    """(month, day or None) of each month named in `text` ("week ended March 1" -> (3, 1));
    without `bounds`, months that only bound something ("starting April 1") are left out."""
    out = []
    for m in _NAMED_MONTH.finditer(text):
        if not bounds and _BOUNDARY.search(text[max(0, m.start() - 20):m.start()]):
            continue
        name = m.group(1) or m.group(2) or m.group(3)
        day = int(m.group(4)) if m.group(4) and 1 <= int(m.group(4)) <= 31 else None
        out.append((_MONTHS[name.lower().rstrip(".")], day))
    return out


def contradicts(asked: list[tuple[int, int | None]], text: str) -> bool:
    """True when `text` names months and none agrees with the month (and day) the question asks
    about: "a surplus in February" answers no question about May."""
    if not asked:
        return False
    said = calendar_mentions(text, bounds=False)
    if not said:
        return False
    return not any(am == sm and (ad is None or sd is None or ad == sd) for am, ad in asked for sm, sd in said)


def names_date(asked: list[tuple[int, int | None]], text: str) -> bool:
    """True when `text` names a month (and day) the question asks about."""
    return bool(asked) and bool(calendar_mentions(text)) and not contradicts(asked, text)

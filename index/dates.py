"""Publish dates: parse the formats news dumps carry into ISO 8601 strings."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

_FORMATS = (
    "%d-%b-%Y %H:%M:%S.%f",  # Reuters: 26-FEB-1987 15:01:01.79
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%Y",
    "%b %d, %Y",  # Feb 26, 1987
    "%B %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %Y",
    "%Y/%m/%d",
    "%m/%d/%Y",
)


def parse_date(value: str | None) -> str | None:
    """ISO 8601 (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`) for a date string, or None.

    Accepts ISO 8601, RFC 2822, Reuters' "26-FEB-1987 15:01:01.79", "Feb 26, 1987".
    """
    if not value:
        return None
    s = value.strip()
    if not s or len(s) > 60:
        return None
    iso = s.replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(iso)
        return _fmt(dt)
    except ValueError:
        pass
    if re.match(r"^[A-Za-z]{3},? ", s) or re.search(r"[+-]\d{4}$|GMT$", s):
        try:
            return _fmt(parsedate_to_datetime(s))
        except (TypeError, ValueError, IndexError):
            pass
    cleaned = re.sub(r"\s+", " ", s.replace("Sept.", "Sep."))
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    for fmt in _FORMATS:
        try:
            return _fmt(datetime.strptime(cleaned.title() if "%b" in fmt.lower() else cleaned, fmt))
        except ValueError:
            continue
    return None


def _fmt(dt: datetime) -> str:
    if dt.hour or dt.minute or dt.second:
        return dt.replace(tzinfo=None, microsecond=0).isoformat()
    return dt.date().isoformat()


def date_key(iso: str | None) -> int:
    """An integer YYYYMMDD for range filters (0 when unknown)."""
    if not iso:
        return 0
    return int(iso[:10].replace("-", ""))

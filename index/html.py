"""HTML articles: the main text (not navigation), title and news metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg",
         "button", "select", "iframe", "template", "menu"}
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "ul", "ol", "br", "tr", "table", "blockquote", "pre", "figcaption", "dd", "dt", "hr"}
_FURNITURE_CLASS = re.compile(r"\b(nav|menu|footer|header|sidebar|share|social|related|comment|advert|promo|cookie|breadcrumb|newsletter|subscribe)", re.I)


@dataclass
class Page:
    """What an HTML page yields: `text` is the document text offsets point into."""

    text: str
    title: str
    date: str | None
    publisher: str | None
    url: str | None


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "link" and a.get("rel", "").lower() == "canonical":
            self.meta.setdefault("canonical", a.get("href", ""))
            return
        if tag == "time" and a.get("datetime"):
            self.meta.setdefault("time", a["datetime"])
        if tag in {"br", "hr", "img", "input", "link", "meta"}:
            if tag in {"br", "hr"}:
                self.parts.append("\n")
            return
        furniture = tag in _SKIP or bool(_FURNITURE_CLASS.search(a.get("class", "") + " " + a.get("id", "")))
        furniture = furniture and tag not in {"html", "body", "main", "article"}
        self.stack.append((tag, furniture))
        if furniture:
            self.skip_depth += 1
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
        if tag in _BLOCK:
            self.parts.append("\n\n" if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6"} else "\n")
        if tag == "li" and not self.skip_depth:
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            t, furniture = self.stack.pop()
            if furniture:
                self.skip_depth -= 1
            if t == tag:
                break
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        if self._in_h1:
            self.h1 += data
        self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def extract_html(html: str) -> Page:
    """Extract main text and metadata from an HTML page with the standard library parser."""
    p = _Extractor()
    p.feed(html)
    p.close()
    raw = "".join(p.parts)
    lines = [ln.strip() for ln in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    m = p.meta
    title = (p.h1.strip() or m.get("og:title") or p.title.strip())
    date = m.get("article:published_time") or m.get("datepublished") or m.get("date") or m.get("pubdate") or m.get("time")
    return Page(text, re.sub(r"\s+", " ", title).strip(), date,
                m.get("og:site_name") or m.get("publisher") or None, m.get("og:url") or m.get("canonical") or None)

"""Page furniture: lines a reader never wants cited ("Tags", "0 Comments", "Reuter").

Cleaning never rewrites text; it only says which lines of the document are content,
so every offset later still addresses the text as loaded.
"""

from __future__ import annotations

import re

_FURNITURE = re.compile(
    r"""^(
        \d{1,4}                                   # a lone counter under a byline
      | \d+/[\w-]+/[\w-]+                         # widget paths like 3/related/default
      | tags?:?  | labels?:? | categories?:?
      | post\ a\ comment(\ \(\d+\))?
      | \d+\ comments? | comments?(\ \(\d+\))? | no\ comments?
      | leave\ a\ (reply|comment) | add\ a\ comment
      | share(\ this(\ article|\ story)?)?(\ on\ \w+)? | tweet | print | e-?mail
      | advertisement | sponsored( content)? | related( articles| stories| posts)?
      | read\ more(\ .{0,40})? | continue\ reading | click\ here.{0,40}
      | subscribe.{0,40} | sign\ up.{0,40} | follow\ us.{0,40}
      | (all\ rights\ reserved|copyright|©).{0,80}
      | reuters? | \(reuters?\) | ap | afp
      | skip\ to\ (main\ )?content | back\ to\ top | menu | home
    )$""",
    re.I | re.X,
)
_NO_WORDS = re.compile(r"^[\W_]*$")


def is_furniture(line: str) -> bool:
    """True for a line that is page furniture rather than article text."""
    s = line.strip()
    if not s:
        return True
    return bool(_NO_WORDS.match(s) or _FURNITURE.match(s))


def content_lines(text: str) -> list[tuple[int, int, int]]:
    """(start, end, indent) of each content line, stripped of surrounding blanks.

    `start` and `end` are offsets into `text`; `indent` is the count of leading spaces,
    which tells paragraph starts in hard-wrapped wire copy.
    """
    out: list[tuple[int, int, int]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and not is_furniture(stripped):
            lead = len(line) - len(line.lstrip())
            start = pos + lead
            out.append((start, start + len(stripped), lead))
        pos += len(line) + 1
    return out

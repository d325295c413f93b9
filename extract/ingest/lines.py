"""What one line of text is: a sentence end, an ALL-CAPS heading, a numbered item, a language marker,
a source line.

Each predicate lives here once; repair, the title page and the section splitter all ask the same question
the same way.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .words import WORDS

CLOSERS = "\"'”’»)]）」』】"
FINAL = ".!?。！？…"
_ABBREVIATION_END = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in WORDS.abbreviations) + r")\.$")

NUMBERED = re.compile(
    r"^(?:\(?\d{1,3}[.)]\s+\S"  # 1. item, 2) item, (3) item
    r"|\d{1,3}(?:\.\d{1,3})+\.?\s+\S"  # 1.2 heading
    r"|\([a-z]\)\s+\S|[a-z]\)\s+\S"  # (a) item, a) item
    r"|[一二三四五六七八九十]+[、.．]"  # 一、
    r"|[（(][一二三四五六七八九十\d]+[）)]"  # （一）
    r"|第[一二三四五六七八九十百\d]+[章节条部分])"
)

SOURCE_LINE = re.compile(  # "SOURCE: Outlet, Title, 2021, https://…"
    r"^(?:" + "|".join(re.escape(w) for w in WORDS.source_labels) + r")\s*[:：]\s*(?P<rest>\S.*)$", re.I)

_MARKER = re.compile(r"^[\s*#_\[(（]*([^:：]{2,24}?)[\s*_\])）]*([:：]?)[\s*_]*$")


def ends_sentence(text: str) -> bool:
    """Ends with . ! ? 。 ！ ？ … (possibly inside closing quotes / brackets), not an abbreviation."""
    core = text.rstrip(CLOSERS)
    if not core or core[-1] not in FINAL:
        return False
    return not _ABBREVIATION_END.search(core[-8:])


@lru_cache(maxsize=8192)
def caps_heading(text: str) -> bool:
    """An ALL-CAPS line (title or heading): at least 4 cased letters, 90 % of them upper case."""
    cased = [c for c in text if c.isalpha() and (c.isupper() or c.islower())]
    if len(cased) < 4:
        return False
    return sum(1 for c in cased if c.isupper()) / len(cased) >= 0.9


def numbered(text: str) -> bool:
    """Starts a numbered item or heading: ``1.``, ``2)``, ``(a)``, ``1.2``, ``一、``, ``第三章``."""
    return bool(NUMBERED.match(text))


@lru_cache(maxsize=8192)
def marker_lang(line: str) -> str | None:
    """Language tag when the whole line is a language marker such as ``Chinese:`` or ``中文``."""
    if len(line) > 40:
        return None
    m = _MARKER.match(line)
    if not m:
        return None
    name = re.sub(r"\s+", " ", m.group(1)).strip().casefold()
    if m.group(2):
        return WORDS.language_markers_with_colon.get(name) or WORDS.language_markers_native.get(name)
    return WORDS.language_markers_native.get(name)

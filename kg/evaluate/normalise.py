"""The forms labels and literal values are compared in (rules: docs/evaluation.md, "Matching")."""
from __future__ import annotations

import re
import unicodedata

_QUOTE_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
})
_SURROUNDING_QUOTES = "\"'\u300c\u300d\u300e\u300f "
_DASHES = re.compile(r"[-\u00ad\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]")
_WS = re.compile(r"\s+")
_DATE_LIKE = re.compile(r"^\d{4}(-\d{2}){0,2}$")


def normalize_label(text: str) -> str:
    """NFKC, casefold, straight quotes, outer quotes stripped, dashes to spaces, a leading "the " dropped."""
    t = unicodedata.normalize("NFKC", str(text))
    t = unicodedata.normalize("NFKC", t.casefold())
    t = t.translate(_QUOTE_MAP)
    t = _WS.sub(" ", t).strip(_SURROUNDING_QUOTES)
    t = _DASHES.sub(" ", t)
    t = _WS.sub(" ", t).strip()
    if t.startswith("the "):
        t = t[4:].strip(_SURROUNDING_QUOTES)
    return t


def normalize_literal(text: str) -> str:
    """NFKC, casefold, whitespace collapsed: the form literal values are compared in."""
    t = unicodedata.normalize("NFKC", str(text))
    t = unicodedata.normalize("NFKC", t.casefold())
    return _WS.sub(" ", t).strip()


def _singular(text: str) -> str:
    head, _, last = text.rpartition(" ")
    if len(last) > 1 and last.endswith("s"):
        last = last[:-1]
    return f"{head} {last}" if head else last


def literal_matches(value: str, gold: str) -> bool:
    """Equal once normalised (or once a plural "s" is dropped); a gold date matches any more precise date."""
    v, g = normalize_literal(value), normalize_literal(gold)
    if not g:
        return False
    if v == g or _singular(v) == g or v == _singular(g):
        return True
    if _DATE_LIKE.match(g) and v.startswith(g):
        rest = v[len(g):]
        return rest == "" or rest[0] in "-t"
    return False

"""Sections: the paragraphs of running text, each in its language (English, Chinese, French, Spanish …)."""
from __future__ import annotations

import re
from typing import NamedTuple

from extract.model import Section

from .chars import HAN_KANA_HANGUL_CHARS, display_width, han_share, is_han, is_hangul, is_kana
from .headers import Role, line_role
from .lines import ends_sentence, marker_lang, numbered
from .words import WORDS

_SHARED = {
    w for lang, words in WORDS.stopwords.items() for w in words.split()
    if sum(w in other.split() for other in WORDS.stopwords.values()) > 1
}
_STOPWORDS = {lang: frozenset(words.split()) - _SHARED for lang, words in WORDS.stopwords.items()}
_LATIN_TOKEN = re.compile(r"[a-zà-öø-ÿœæ]+(?:['’][a-zà-öø-ÿœæ]+)?")
_FR_ELISION = re.compile(r"\b[ldjnmtsc]['’][a-zà-öø-ÿœæ]", re.I)
_FR_CHARS = set("çèêëîïôûùœæ")
_ES_CHARS = set("ñáíóú¿¡")


def _language_scores(text: str) -> dict[str, float]:
    low = text.casefold()
    tokens = _LATIN_TOKEN.findall(low)
    scores = {lang: float(sum(1 for t in tokens if t in words)) for lang, words in _STOPWORDS.items()}
    scores["fr"] += len(_FR_ELISION.findall(low))
    scores["fr"] += sum(1 for t in tokens if set(t) & _FR_CHARS)
    scores["es"] += sum(1 for t in tokens if set(t) & _ES_CHARS)
    scores["en"] += len(re.findall(r"\w['’]s\b", low)) * 0.5  # English possessive
    return scores


def detect_language(text: str) -> tuple[str | None, float]:
    """(BCP-47 tag, confidence) of one paragraph, or (None, 0) when undecidable.

    Han share >= 30 % of letters -> ``zh`` (kana -> ``ja``, hangul -> ``ko``); otherwise counts of
    stop words exclusive to English / French / Spanish (plus French elisions and accented letters
    typical of each); the winner needs >= 2 points and twice the runner-up.  Confidence is the
    winner's share of all points (1.0 for script-based decisions)."""
    letters = [c for c in text if c.isalpha()] if HAN_KANA_HANGUL_CHARS.search(text) else []  # else all shares are 0
    if letters:
        han = sum(1 for c in letters if is_han(c)) / len(letters)
        kana = sum(1 for c in letters if is_kana(c)) / len(letters)
        hangul = sum(1 for c in letters if is_hangul(c)) / len(letters)
        if kana >= 0.1:
            return "ja", 1.0
        if hangul >= 0.3:
            return "ko", 1.0
        if han >= 0.3:
            return "zh", 1.0
    scores = _language_scores(text)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= 2 and top >= 2 * second:
        return best, top / sum(scores.values())
    return None, 0.0


def _heading_like(line: str) -> bool:
    return (
        0 < display_width(line) <= 240
        and len(line.split()) <= 30
        and not ends_sentence(line)
        and not numbered(line)
    )


def _fallback_lang(text: str) -> str:
    if not any(c.isalpha() for c in text):
        return "und"
    if han_share(text) >= 0.3:
        return "zh"
    scores = _language_scores(text)
    best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if best[1] > 0:
        return best[0]
    if all(c.isascii() for c in text if c.isalpha()):
        return "en"
    return "und"


class _Unit(NamedTuple):
    start: int
    end: int
    text: str
    marker: str | None  # language of a marker line


def split_sections(text: str, start: int = 0) -> list[Section]:
    """The paragraphs and list items of ``text[start:]`` as :class:`Section` records, in order.

    Units are the non-blank lines (after :func:`repair_text` a line is a paragraph or a list item).
    Lines of one language run on in one section while each ends a sentence; a line without a final
    period (a list item, a fragment) closes its section, so that no sentence runs across a line end.  A marker line (``Chinese:``, ``中文``, ``French:``, ``Español`` …) sets
    the language of what follows and is itself left out.  Other lines are classified by
    :func:`detect_language`; under a marker, a line keeps the marker's language unless detection is
    confident about another one.  Undecided lines (short headings, numbers) join the language of the
    next decided line when they look like a heading, else the previous one.  Header lines (headings,
    captions, bylines, dates, URLs, source lines: :func:`~extract.ingest.headers.line_role`) are left
    out of every section; ``heading`` is the last heading line above a section.
    """
    start = max(0, min(start, len(text)))
    units: list[_Unit] = []
    for m in re.finditer(r"[^\n]+", text[start:]):
        raw = m.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        s = start + m.start() + (len(raw) - len(raw.lstrip()))
        e = start + m.end() - (len(raw) - len(raw.rstrip()))
        marker = marker_lang(stripped)
        if marker is None:
            inline = re.match(r"^(English|Chinese|French|Spanish|中文|Français|Español)\s*[:：]\s*(\S.*)$", stripped, re.I)
            if inline and marker_lang(inline.group(1) + ":"):
                units.append(_Unit(s, s + inline.start(2), inline.group(1), marker_lang(inline.group(1) + ":")))
                s = s + inline.start(2)
                stripped = inline.group(2)
        units.append(_Unit(s, e, stripped, marker))
    if not units:
        return []

    langs: list[str | None] = [None] * len(units)
    decided = [(None, 0.0) if u.marker else detect_language(u.text) for u in units]
    current: str | None = None  # language of the previous line (or marker) in this run of text
    in_force: str | None = None  # the marker's language, until a line confidently leaves it
    for i, unit in enumerate(units):
        if unit.marker:
            current = in_force = unit.marker
            continue
        lang, conf = decided[i]
        if lang is not None and in_force is not None and lang != in_force and conf < 0.75:
            lang = in_force  # weak disagreement with the marker: keep the marker's language
        if lang is None:
            nxt = _next_decided(units, decided, i)
            after_marker = i > 0 and units[i - 1].marker is not None
            if nxt is not None and _heading_like(unit.text) and not after_marker:
                lang = nxt  # a heading belongs to the text after it
            else:
                lang = current or nxt
        if lang != in_force:
            in_force = None
        langs[i] = lang
        current = lang or current
    fallback = _fallback_lang("\n".join(u.text for u in units if not u.marker))
    sections: list[Section] = []
    heading = ""
    open_run = False  # the last section may take the next line
    for i, unit in enumerate(units):
        role = Role.TEXT if unit.marker else line_role(unit.text, blank_after=text.startswith("\n\n", unit.end))
        lang = langs[i] or fallback
        if unit.marker or role is not Role.TEXT:
            heading = "" if unit.marker else unit.text if role is Role.HEADING else heading
            open_run = False
        elif open_run and sections[-1].lang == lang:
            sections[-1] = Section(lang, sections[-1].start, unit.end, heading)
        else:
            sections.append(Section(lang, unit.start, unit.end, heading))
        open_run = not unit.marker and role is Role.TEXT and ends_sentence(unit.text)
    return sections


def _next_decided(units: list[_Unit], decided: list[tuple[str | None, float]], i: int) -> str | None:
    """Detected language of the next decided line before the next marker."""
    for j in range(i + 1, len(units)):
        if units[j].marker:
            return None
        if decided[j][0] is not None:
            return decided[j][0]
    return None

"""Bibliographic facts from a title page: title, author, series and number, publication date."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from itertools import islice

from extract.model import DocumentMetadata

from .chars import display_width
from .lines import caps_heading, ends_sentence, marker_lang, numbered
from .words import WORDS


@dataclass
class TitlePage:
    """What a document's first lines say about it, and where its running text begins."""

    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    body_start: int = 0

_MONTH_RE = r"(?P<month>" + "|".join(sorted(WORDS.months, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    re.compile(r"^(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})$"),
    re.compile(r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(?P<year>\d{4})$", re.I),
    re.compile(r"^" + _MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})$", re.I),
    re.compile(r"^(?P<year>\d{4})\s*年\s*(?P<mon>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日$"),
]
_DATE_LABEL = re.compile(
    r"^(?:date\s+of\s+publication|publication\s+date|date\s+published|published(?:\s+on)?|"
    r"date|issued(?:\s+on)?|released(?:\s+on)?|发布日期|出版日期)\s*[:：-]?\s*(?P<rest>.+)$",
    re.I,
)

_DATE_FIELD = re.compile(  # "Date of Publication: …" even when the date cannot be read
    r"^(?:date\s+of\s+publication|publication\s+date|date\s+published|published|date|发布日期|出版日期)\s*[:：]\s*\S",
    re.I,
)


def parse_date(text: str) -> str | None:
    text = text.strip().rstrip(".").strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        groups = m.groupdict()
        month = WORDS.months[groups["month"].casefold()] if groups.get("month") else int(groups["mon"])
        try:
            return _dt.date(int(groups["year"]), month, int(groups["day"])).isoformat()
        except ValueError:
            return None
    return None


def date_line(line: str) -> str | None:
    m = _DATE_LABEL.match(line)
    if m:
        return parse_date(m.group("rest"))
    return parse_date(line)


_SERIES = re.compile(
    r"^(?P<series>[^\W\d_][\w&'’ .,/-]*?)\s*,?\s+(?:No\.?|Number|Nr\.?|#|no\.)\s*(?P<number>\d[\w.-]*)$",
    re.I,
)
_SERIES_WORDS = re.compile(r"\b(?:" + "|".join(WORDS.series_words) + r")s?\b", re.I)

_NAME_TOKEN = r"(?:[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]+)*|[A-Z]{2,}(?:[-'’][A-Z]+)*|[A-Z]\.(?:[A-Z]\.)*)"
_NAME_PARTICLE = r"(?:" + "|".join(WORDS.name_particles) + ")"
_NAME = re.compile(rf"^{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|{_NAME_PARTICLE})){{1,4}}$")
AUTHOR_LABEL = re.compile(  # "By Jane Doe", "Author: …", "作者：…"
    r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in WORDS.author_labels) + r")(?![^\W\d_])\s*[:：]?\s*(?P<rest>.+)$",
    re.I,
)


def _names(text: str, allow_all_caps: bool) -> str | None:
    parts = [p.strip() for p in re.split(r"\s*(?:,|&|\band\b)\s*", text) if p.strip()]
    if not parts or len(parts) > 6:
        return None
    for part in parts:
        if not _NAME.match(part):
            return None
        tokens = part.split()
        if any(t.casefold().strip(".") in WORDS.not_name_words for t in tokens):
            return None
        if not allow_all_caps and all(t.isupper() or len(t) <= 2 for t in tokens):
            return None
    return text.strip()


def author_line(line: str, after_title: bool) -> str | None:
    m = AUTHOR_LABEL.match(line)
    if m:
        rest = m.group("rest").strip()
        whole = _names(rest, allow_all_caps=True)
        if whole:
            return whole
        head = re.split(r"\s*(?:,|\||\(|;| - | – )\s*", rest)[0]
        return _names(head, allow_all_caps=True)
    if len(line) > 80 or any(c.isdigit() for c in line):
        return None
    return _names(line, allow_all_caps=after_title)


_LINE = re.compile(r"[^\n]+")
_ROMAN = re.compile(r"^(?=[IVXLC]{2,}$)C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")


def _title_word(word: str, force_cap: bool) -> str:
    m = re.match(r"^([^\w&]*)([\w&.'’-]*?)([^\w&]*)$", word)
    if not m or not m.group(2):
        return word
    pre, core, post = m.groups()
    upper = core.upper()
    if upper in WORDS.acronyms or upper.rstrip("S") in WORDS.acronyms and upper.endswith("S") and len(upper) > 2:
        if upper not in WORDS.acronyms:
            core = upper[:-1] + "s"
        elif upper == "IOT":
            core = "IoT"
        return pre + core + post
    if "&" in core or "." in core.strip(".") or _ROMAN.match(core):
        return pre + core + post
    ordinal = re.match(r"^(\d+)(ST|ND|RD|TH)$", upper)
    if ordinal:
        return pre + ordinal.group(1) + ordinal.group(2).lower() + post
    if any(c.isdigit() for c in core):
        return pre + core + post
    if len(core) >= 3 and not (set(core.lower()) & set("aeiouy")):
        return pre + core + post  # vowel-less: an acronym such as TSMC
    parts = core.split("-")
    out = []
    for i, part in enumerate(parts):
        low = part.lower()
        if (i > 0 or not force_cap) and low in WORDS.small_words:
            out.append(low)
        else:
            out.append(low[:1].upper() + low[1:])
    return pre + "-".join(out) + post


def _title_case(text: str) -> str:
    """ALL-CAPS title -> title case: small words lower case (except first, last and after a
    colon), acronyms, Roman numerals, ordinals (20th) and numbers kept."""
    words = text.split()
    out = []
    for i, word in enumerate(words):
        force = i == 0 or i == len(words) - 1 or (i > 0 and words[i - 1].endswith((":", "—", "–")))
        out.append(_title_word(word, force))
    return " ".join(out)


def clean_title(lines: list[str]) -> str | None:
    text = " ".join(line.strip() for line in lines)
    text = re.sub(r"(\*\*|__)", "", text)
    text = re.sub(r"^#+\s*", "", text)
    text = re.sub(r"\s+", " ", text).strip().strip("*_").strip()
    if not text:
        return None
    if caps_heading(text):
        text = _title_case(text)
    return text


def _is_body_start(line: str) -> bool:
    key = re.sub(r"[\s*_#:：]+", " ", line).strip().casefold()
    return key in WORDS.body_headings or numbered(line) or marker_lang(line) is not None


def _looks_like_prose(line: str) -> bool:
    words = len(line.split())
    if display_width(line) > 250 or words > 35:
        return True
    return ends_sentence(line) and words >= 8


def read_metadata(text: str, start: int = 0) -> TitlePage:
    """Bibliographic facts from a title page at ``start`` (the top) of ``text`` (repaired text).

    The title page is the run of short lines before the running text: a title block (the first
    lines, up to the first blank line; ``**`` / ``#`` removed, lines joined, ALL CAPS turned into
    title case), then author (``By Jane Doe``, ``Author: …`` or a bare personal-name line such as
    ``QIAN Jiwei``), series and number (``EAI Background Brief No. 1752``) and publication date
    (``Date of Publication: 9 April 2021``, ``Published: 2024-07-18``, ``July 18, 2024``) in any
    order.  Scanning stops at a body heading (``Executive Summary``, ``Abstract`` …), a numbered
    item, a language marker or prose.  A title block counts only when some other title-page line
    confirms it or it is styled as a title (ALL CAPS or bold).  ``body_start`` is the offset of the
    first line after the title page (``start`` without a title page).
    Nothing is invented: unread fields stay None.
    """
    meta = DocumentMetadata()
    candidates = ((m.start(), m.end(), m.group(0).strip()) for m in _LINE.finditer(text, start))
    lines = list(islice((ln for ln in candidates if ln[2]), 40))
    title_lines: list[str] = []
    title_end: int | None = None
    title_closed = False
    last_meta_end: int | None = None
    unknown = 0
    prev_end = start
    for line_start, end, line in lines:
        blank_before = "\n\n" in text[prev_end:line_start]
        prev_end = end
        if title_lines and blank_before:
            title_closed = True
        if len(line) > 300 or _is_body_start(line):
            break  # a title page has no line this long
        m = _SERIES.match(line)
        if m and meta.series is None and (_SERIES_WORDS.search(m.group("series")) or title_lines):
            meta.series = m.group("series").strip(" ,")
            meta.number = m.group("number").rstrip(".")
            last_meta_end = end
            title_closed = True
            continue
        date = date_line(line)
        labelled = len(line) <= 80 and _DATE_FIELD.match(line) and re.search(r"\d", line)
        if (date and meta.published is None) or labelled:
            meta.published = meta.published or date  # a labelled date we cannot read stays None
            last_meta_end = end
            title_closed = True
            continue
        author = author_line(line, after_title=bool(title_lines))
        if author and meta.author is None and (title_lines or AUTHOR_LABEL.match(line)):
            meta.author = author
            last_meta_end = end
            title_closed = True
            continue
        if not title_closed and not _looks_like_prose(line) and not ends_sentence(line.rstrip("*_")) \
                and len(title_lines) < 6:
            title_lines.append(line)
            title_end = end
            continue
        if last_meta_end is None and not title_lines:
            break  # prose from the first line: no title page
        if _looks_like_prose(line):
            break
        unknown += 1
        if unknown > 3:
            break
    found = any(v is not None for v in (meta.author, meta.series, meta.published))
    styled = bool(title_lines) and (
        caps_heading(" ".join(title_lines)) or " ".join(title_lines).lstrip().startswith(("**", "__", "#"))
    )
    if title_lines and (found or styled):
        meta.title = clean_title(title_lines)
    if not found and not meta.title:
        return TitlePage(DocumentMetadata(), start)
    page_end = max(e for e in (last_meta_end, title_end if meta.title else None) if e is not None)
    m = re.compile(r"\s*").match(text, page_end)
    body_start = m.end() if m else page_end
    return TitlePage(meta, body_start)

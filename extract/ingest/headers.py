"""Header lines: what a line is when it is not running text, and the metadata such lines give.

A user's file often opens with a source line (``SOURCE: Outlet, Title, 2021, https://…``), then a
headline, a byline, a date; its body has headings, captions and bare URLs. None of them is a sentence:
:func:`line_role` names them so that :mod:`.sections` leaves them out of every section (no sentence runs
into a heading, none becomes an entity), and :func:`read_header` turns the first ones into
:class:`~extract.model.DocumentMetadata` (title, publisher, date, URL, author).
"""
from __future__ import annotations

import re
from dataclasses import fields
from enum import Enum

from extract.model import DocumentMetadata

from .chars import display_width, han_share
from .lines import SOURCE_LINE, caps_heading, ends_sentence, marker_lang, numbered
from .titlepage import AUTHOR_LABEL, TitlePage, author_line, date_line, parse_date, read_metadata
from .words import WORDS


class Role(Enum):
    """What one line of a document is."""

    TEXT = "text"  # running text: a paragraph or a list item
    HEADING = "heading"
    BYLINE = "byline"
    DATE = "date"
    URL = "url"
    CAPTION = "caption"
    SOURCE = "source"


_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"{}|\\^`]+|www\.[^\s<>\"{}|\\^`]+", re.I)
_URL_LINE = re.compile(r"^<?(?:(?:https?|ftp)://|www\.)\S+$", re.I)
_SOURCE_DATE = re.compile(r"^(?P<date>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:\s*\((?:approx\.?|circa|ca\.|est\.?)\))?$", re.I)
_CAPTION = re.compile(r"^(?:" + "|".join(re.escape(w) for w in WORDS.caption_prefixes) + r")\s*(?:\d+[.:]?|[:：.])",
                      re.I)
_CAPTION_END = re.compile(r"(?:" + "|".join(re.escape(w) for w in WORDS.caption_endings) + r")[)）]?$")
_SPACE = re.compile(r"\s*")
_LINE = re.compile(r"[^\n]+")
_SMALL_HEADING_WORDS = 12  # a heading longer than this is a sentence without its period
_OPENERS, _CLOSERS = "([{“‘«（【", ")]}”’»）】"


def line_role(line: str, blank_after: bool) -> Role:
    """The role of one stripped, non-blank line; ``blank_after``: a blank line follows it."""
    if SOURCE_LINE.match(line):
        return Role.SOURCE
    if _URL_LINE.match(line):
        return Role.URL
    if len(line) <= 80 and date_line(line):
        return Role.DATE
    if AUTHOR_LABEL.match(line) and author_line(line, after_title=True):
        return Role.BYLINE
    if _CAPTION.match(line) or (han_share(line) >= 0.3 and _CAPTION_END.search(line)):
        return Role.CAPTION
    if is_heading(line, blank_after):
        return Role.HEADING
    return Role.TEXT


def is_heading(line: str, blank_after: bool) -> bool:
    """A heading: a known body heading (``Key findings``), an ALL-CAPS line, or a short line with no final
    punctuation that starts with a capital and is Title Case or set off by a blank line; Chinese: up to 30
    characters without sentence punctuation. Numbered items and language markers are not headings."""
    key = re.sub(r"[\s*_#:：]+", " ", line).strip().casefold()
    if key in WORDS.body_headings:
        return True
    if ends_sentence(line) or line.endswith((",", ";", "，", "；", "、")) or numbered(line) or marker_lang(line):
        return False
    if han_share(line) >= 0.3:
        return display_width(line) <= 60 and not re.search(r"[。，；！？]", line)
    words = line.split()
    if caps_heading(line):
        return len(words) <= 3 * _SMALL_HEADING_WORDS
    first = next((c for c in line if c.isalpha()), "")
    if len(words) > _SMALL_HEADING_WORDS or not first.isupper():
        return False
    return _title_case(words) or blank_after


def _title_case(words: list[str]) -> bool:
    """Most words that are not small words (of, and, the …) start with a capital or a digit."""
    content = [w for w in words if w.casefold().strip(".,:;") not in WORDS.small_words]
    capital = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit())
    return bool(content) and capital >= 0.75 * len(content)


def read_source_line(line: str) -> DocumentMetadata | None:
    """The metadata of a ``SOURCE: Outlet, Title, Date, URL`` line, else None.

    The URL is the last one on the line; the parts are split at commas outside brackets and quotes;
    a part that is a date (``2021``, ``2018-05-16``, ``2024 (approx.)``, ``March 3, 2020``) is the date,
    bracketed parts (``[title not captured]``) and notes about the copy (``reprinted by …``, ``n.d.``)
    are skipped; the first remaining part is the publisher, and the title is a quoted part if there is one,
    else the longest remaining part."""
    m = SOURCE_LINE.match(line)
    if not m:
        return None
    rest = m.group("rest")
    urls = list(_URL.finditer(rest))
    url = urls[-1].group(0).rstrip(".,;:)]") if urls else None
    if urls:
        rest = rest[:urls[-1].start()] + rest[urls[-1].start() + len(url):]
    parts = [_drop_notes(p) for p in _split_parts(rest)]
    meta = DocumentMetadata(url=url)
    kept: list[str] = []
    for i, part in enumerate(parts):
        date = _source_date(part) or (i + 1 < len(parts) and parse_date(f"{part}, {parts[i + 1]}"))
        if date:
            meta.published = date
            if not _source_date(part):
                parts[i + 1] = ""  # "March 3", "2020": both parts of one date
        elif part and not _is_note(part):
            kept.append(part)
    if kept:
        meta.publisher = kept[0]
    quoted = [p[1:-1].strip() for p in kept[1:] if p[:1] in "\"“«" and p[-1:] in "\"”»"]
    titles = quoted or sorted(kept[1:], key=len, reverse=True)
    meta.title = titles[0] if titles else None
    return meta


def _split_parts(text: str) -> list[str]:
    """``text`` cut at commas and semicolons that are outside brackets and quotes."""
    parts, depth, quoted, current = [], 0, False, []
    for c in text:
        if c == '"':
            quoted = not quoted
        elif c in _OPENERS:
            depth += 1
        elif c in _CLOSERS:
            depth = max(0, depth - 1)
        if c in ",;，；" and not depth and not quoted:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(c)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _drop_notes(part: str) -> str:
    """``part`` without parentheses that are notes about the copy ("(stored mirror copy)")."""
    def keep(m: re.Match) -> str:
        return "" if _is_note(m.group(1)) else m.group(0)
    return re.sub(r"\s*\(([^()]*)\)", keep, part).strip()


def _is_note(part: str) -> bool:
    low = part.casefold()
    return part.startswith("[") and part.endswith("]") or any(note in low for note in WORDS.source_notes)


def _source_date(part: str) -> str | None:
    m = _SOURCE_DATE.match(part)
    if m:
        pieces = [int(p) for p in m.group("date").split("-")]
        if len(pieces) == 1 or 1 <= pieces[1] <= 12:
            return "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(pieces))
        return None
    return parse_date(part)


def read_header(text: str) -> TitlePage:
    """The metadata of a document's first lines: a source line, the title page after it
    (:func:`~extract.ingest.titlepage.read_metadata`), then any byline, date or URL line before the
    first line of running text. What the document itself states wins over the source line."""
    first = text.split("\n", 1)[0]  # repaired text: the first line starts at 0
    source = read_source_line(first) or DocumentMetadata()
    start = _SPACE.match(text, len(first)).end() if SOURCE_LINE.match(first) else 0
    page = read_metadata(text, start)
    meta = page.metadata
    for f in fields(DocumentMetadata):
        if getattr(meta, f.name) is None:
            setattr(meta, f.name, getattr(source, f.name))
    body_start = page.body_start
    line_end = text.find("\n", body_start)
    headline = text[body_start:line_end if line_end >= 0 else len(text)]
    if meta.title and _same_words(headline, meta.title):  # the source line's title, repeated as a headline
        body_start = _SPACE.match(text, body_start + len(headline)).end()
    for m in _LINE.finditer(text, body_start):
        line = m.group(0).strip()
        role = line_role(line, text.startswith("\n\n", m.end()))
        if role is Role.TEXT:
            break
        if role is Role.BYLINE and meta.author is None:
            meta.author = author_line(line, after_title=True)
        elif role is Role.DATE and meta.published is None:
            meta.published = date_line(line)
        elif role is Role.URL and meta.url is None:
            meta.url = line.strip("<>")
    return TitlePage(meta, body_start)


def _same_words(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().casefold() == re.sub(r"\W+", " ", b).strip().casefold()

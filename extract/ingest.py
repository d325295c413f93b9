"""Read policy briefs (.txt, .md, .html, .pdf) into :class:`~extract.model.Document` records.

Pipeline for one file (:func:`read_document`)::

    bytes -> decode (UTF-8 / GB18030 / confident guess) -> format to plain text (markdown, HTML, PDF)
          -> repair_text (undo PDF-extraction damage) -> read_metadata (title page) -> split_sections

Every offset in the result (``Document.body_start``, ``Section.start``/``end``) is a character
offset into the repaired ``Document.text``.  Nothing here has side effects on import; every
failure on a bad input is an :class:`~extract.model.IngestError` naming the file and the reason.

The heuristics are deliberately small and deterministic; each is described where it is defined:

* :func:`repair_text`  -- line joining, de-hyphenation, bullets, page numbers, blank-line runs.
* :func:`read_metadata` -- title / author / series / number / date from a title page.
* :func:`split_sections` -- language runs from marker lines and per-paragraph detection.
"""
from __future__ import annotations

import codecs
import datetime as _dt
import hashlib
import html
import io
import os
import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

from extract.model import Document, DocumentMetadata, IngestError, Section

__all__ = [
    "SUPPORTED_SUFFIXES",
    "MAX_FILE_BYTES",
    "read_document",
    "iter_input_files",
    "decode_bytes",
    "markdown_to_text",
    "html_to_text",
    "repair_text",
    "read_metadata",
    "split_sections",
    "detect_language",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)

MAX_FILE_BYTES = 100 * 1024 * 1024  # a brief is a few hundred KB; refuse anything absurd


# --------------------------------------------------------------------------------------------
# Character classes shared by the stages
# --------------------------------------------------------------------------------------------

def _is_han(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F
    )


def _is_kana(ch: str) -> bool:
    return 0x3040 <= ord(ch) <= 0x30FF


def _is_hangul(ch: str) -> bool:
    o = ord(ch)
    return 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF


def _is_cjk_punct(ch: str) -> bool:
    o = ord(ch)
    return 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF


def _is_cjk(ch: str) -> bool:
    """CJK ideograph, kana, hangul or full-width / ideographic punctuation: joined without spaces."""
    return _is_han(ch) or _is_kana(ch) or _is_hangul(ch) or _is_cjk_punct(ch)


@lru_cache(maxsize=8192)
def _display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)


def _han_share(text: str) -> float:
    """Share of Han ideographs among the letters of ``text`` (CJK ideographs count as letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _is_han(c)) / len(letters)


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_ALLOWED_CONTROL_BYTES = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}


def _control_share_bytes(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 0x20 and b not in _ALLOWED_CONTROL_BYTES) + data.count(0x7F)
    return bad / len(data)


def _control_share_text(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS)
    return bad / len(text)


_BINARY_CONTROL_SHARE = 0.05  # more than 5 % control characters is not a text file


def _mostly_chinese(text: str) -> bool:
    """True for text that is mostly Han ideographs and free of the kana / Cyrillic / Greek letters
    that appear when Big5 or Shift-JIS bytes are mis-decoded as GB18030."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    han = sum(1 for c in letters if _is_han(c))
    odd = sum(
        1 for c in letters
        if _is_kana(c) or _is_hangul(c) or 0x0370 <= ord(c) <= 0x04FF or 0xE000 <= ord(c) <= 0xF8FF
    )
    return han / len(letters) >= 0.6 and odd / len(letters) <= 0.02


def _mostly_cjk(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    return sum(1 for c in letters if _is_cjk(c)) / len(letters) >= 0.6


_WESTERN_PUNCT = set("‘’‚“”„–—…•€™°«»·¡¿§©®±×÷")


def _plausible_western(text: str) -> bool:
    """cp1252 text that looks like a Western-European language: every non-ASCII character is a
    Latin-1 letter inside a word or common typographic punctuation."""
    non_ascii = [i for i, c in enumerate(text) if ord(c) > 0x7F]
    if not non_ascii:
        return False
    for i in non_ascii:
        c = text[i]
        if c in _WESTERN_PUNCT or c == "\u00a0":
            continue
        if not ("\u00c0" <= c <= "\u00ff" and c.isalpha()):
            return False
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if not (before.isalpha() or after.isalpha()):
            return False
    return True


def _charset_guess(data: bytes) -> str | None:
    """charset-normalizer's best guess, only when it is confident: low mess (chaos) and either a
    recognised language (coherence) or a CJK decoding that is mostly ideographs / kana."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        return None
    try:
        best = from_bytes(data).best()
        if best is None:
            return None
        text = str(best)
        if best.chaos > 0.1:
            return None
        if best.coherence >= 0.1 or _mostly_cjk(text):
            return text
    except Exception:  # the detector must never turn a bad file into a crash
        return None
    return None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode_bytes(data: bytes, path: Path | str = "<bytes>", *, declared: str | None = None) -> str:
    """Bytes of a text file -> str.

    Order: BOM (UTF-8/16/32) -> strict UTF-8 -> a ``declared`` charset (HTML ``<meta charset>``)
    -> GB18030 when it decodes cleanly *and* the result is mostly Chinese -> charset-normalizer's
    guess when confident -> cp1252 when every non-ASCII character is a Latin letter inside a word.
    Raises ``IngestError`` for binary content (NUL bytes or many control characters) and for
    bytes no rule accepts.
    """
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        try:
            return _checked_text(data.decode("utf-32"), path)
        except UnicodeDecodeError:
            raise IngestError(path, "binary content, not text") from None
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return _checked_text(data.decode("utf-16"), path)
        except UnicodeDecodeError:
            raise IngestError(path, "binary content, not text") from None
    if b"\x00" in data or _control_share_bytes(data) > _BINARY_CONTROL_SHARE:
        raise IngestError(path, "binary content, not text")
    try:
        return _checked_text(data.decode("utf-8-sig"), path)
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            text = None
        if text is not None and _control_share_text(text) <= _BINARY_CONTROL_SHARE:
            return _checked_text(text, path)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_chinese(text):
        return _checked_text(text, path)
    guess = _charset_guess(data)
    if guess is not None:
        return _checked_text(guess, path)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_western(text):
        return _checked_text(text, path)
    raise IngestError(path, "not valid UTF-8 text (and no confident encoding guess)")


def _checked_text(text: str, path: Path | str) -> str:
    if "\x00" in text or _control_share_text(text) > _BINARY_CONTROL_SHARE:
        raise IngestError(path, "binary content, not text")
    return text


# --------------------------------------------------------------------------------------------
# Markdown -> text
# --------------------------------------------------------------------------------------------

_MD_ESCAPABLE = "\\`*_{}[]()#+-.!|>~<"
_MD_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_MD_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_HR = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_MD_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_BULLET = re.compile(r"^(\s*)[-*+]\s+(?:\[[ xX]\]\s+)?")
_MD_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_MD_INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images: dropped
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url) -> text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref] -> text
    (re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"(`+)(.+?)\1"), r"\2"),  # inline code
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
]


def _md_inline(line: str) -> str:
    # protect backslash escapes with private-use placeholders, strip markup, then restore
    line = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~<])", lambda m: chr(0xF0000 + _MD_ESCAPABLE.index(m.group(1))), line)
    if len(line) > 5000:  # keep the lazy emphasis patterns off pathological lines
        line = re.sub(r"\*\*+|__+|~~+|`+", "", line)
        line = re.sub(r"!?\[([^\]]*)\]\([^)\s]*\)", r"\1", line)
        return html.unescape(line)
    for pattern, repl in _MD_INLINE:
        for _ in range(3):  # nested emphasis such as ***x***
            new = pattern.sub(repl, line)
            if new == line:
                break
            line = new
    line = html.unescape(line)
    return "".join(_MD_ESCAPABLE[ord(c) - 0xF0000] if 0xF0000 <= ord(c) < 0xF0000 + len(_MD_ESCAPABLE) else c
                   for c in line)


def markdown_to_text(src: str) -> tuple[str, str | None]:
    """Strip markdown markup, keeping the words.  Returns ``(text, title_hint)`` where the hint is
    a front-matter ``title:`` or the first level-1 heading.

    Headings are set off by blank lines, list bullets become ``•`` (which :func:`repair_text`
    removes while keeping the item boundary), code fences keep their content as text, links keep
    their text, images and HTML tags are dropped, emphasis markers are removed.
    """
    lines = src.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title: str | None = None
    if lines and lines[0].strip() == "---":  # YAML front matter
        for j in range(1, min(len(lines), 60)):
            if lines[j].strip() in ("---", "..."):
                for fm in lines[1:j]:
                    m = re.match(r"^\s*title\s*:\s*(.+?)\s*$", fm, re.I)
                    if m and title is None:
                        title = m.group(1).strip("'\"") or None
                lines = lines[j + 1:]
                break
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        m = _MD_FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            out.append("")
            continue
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
                out.append("")
            else:
                out.append(line)
            continue
        m = _MD_ATX.match(line)
        if m:
            text = _md_inline(m.group(2) or "").strip()
            if len(m.group(1)) == 1 and title is None and text:
                title = text
            out.extend(["", "", text, "", ""])
            continue
        if _MD_SETEXT.match(line) and out and out[-1].strip():
            heading = out.pop()
            if line.strip().startswith("=") and title is None:
                title = heading.strip() or None
            out.extend(["", "", heading, "", ""])
            continue
        if _MD_HR.match(line):
            out.append("")
            continue
        if _MD_REFDEF.match(line) or _MD_TABLE_SEP.match(line) and "-" in line and "|" in line:
            continue
        line = _MD_QUOTE.sub("", line)
        bullet = _MD_BULLET.match(line)
        if bullet:
            line = "• " + line[bullet.end():]
        if line.lstrip().startswith("|"):
            line = line.replace("|", "  ")
        out.append(_md_inline(line))
    return "\n".join(out), title


# --------------------------------------------------------------------------------------------
# HTML -> text
# --------------------------------------------------------------------------------------------

_HTML_SKIP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head_meta"}
_HTML_PARAGRAPH = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
    "blockquote", "pre", "table", "ul", "ol", "dl", "figure", "figcaption", "main", "nav", "aside",
    "hr", "address", "form", "fieldset", "details", "summary", "caption", "body", "center",
}
_HTML_LINE = {"br", "tr", "dt", "dd", "li", "option"}
_HTML_CELL = {"td", "th"}
_HTML_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
              "track", "wbr"}


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.pre_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001 - HTMLParser signature
        tag = tag.lower()
        if tag in _HTML_SKIP:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "title":
            self.in_title = True
        elif tag == "pre":
            self.pre_depth += 1
        if tag in _HTML_PARAGRAPH:
            self.parts.append("\n\n\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in _HTML_LINE:
            self.parts.append("\n")
        elif tag in _HTML_CELL:
            self.parts.append("  ")

    def handle_startendtag(self, tag: str, attrs) -> None:  # noqa: ANN001
        tag = tag.lower()
        if tag in _HTML_SKIP:  # <script/> has no content to skip
            return
        self.handle_starttag(tag, attrs)
        if tag not in _HTML_VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in _HTML_SKIP:
            if self.skip_depth:
                self.skip_depth -= 1
            return
        if self.skip_depth:
            return
        if tag == "title":
            self.in_title = False
        elif tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag in _HTML_PARAGRAPH:
            self.parts.append("\n\n\n")
        elif tag in _HTML_LINE and tag not in ("br", "li"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.in_title:
            self.title_parts.append(data)
            return
        self.parts.append(data if self.pre_depth else re.sub(r"\s+", " ", data))


def html_to_text(src: str) -> tuple[str, str | None]:
    """Text of an HTML page via the stdlib parser: scripts, styles, ``<noscript>``, ``<template>``
    and comments dropped; block elements become line breaks; entities unescaped.
    Returns ``(text, title)`` where ``title`` is the ``<title>`` text or None."""
    parser = _HTMLText()
    parser.feed(src)
    parser.close()
    title = re.sub(r"\s+", " ", "".join(parser.title_parts)).strip() or None
    return "".join(parser.parts), title


# --------------------------------------------------------------------------------------------
# Repair
# --------------------------------------------------------------------------------------------

_SPACES = dict.fromkeys(
    [0x00A0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
     0x200A, 0x202F, 0x205F, 0x3000, 0x0009, 0x000B],
    " ",
)
_SPACES.update(dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF], None))  # zero-width: drop
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
_SOFT_HYPHEN = "\u00ad"

# Bullet glyphs removed at line start.  Glyph bullets may touch the text; ASCII-like dashes and
# stars only count as bullets when a space follows (else "-3%" or "*note" would be eaten).
_BULLET_GLYPHS = "•▪●◦○■□▫◆◇►▸▹‣⁃∙❖➢➤✓✔\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf06e\uf0a8"
_BULLET = re.compile(rf"^(?:[{_BULLET_GLYPHS}]\s*|[-–—*+·]\s+)")
_PAGE_NUMBER = re.compile(
    r"^(?:"
    r"(?:page|p\.|pg\.?)?\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,4})?"  # 7, Page 7, 7 of 12, 7/12
    r"|[-–—]\s*\d{1,3}\s*[-–—]"  # - 7 -
    r"|[ivxlc]{1,6}"  # roman page numbers of front matter
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r")$",
    re.I,
)
_NUMBERED = re.compile(
    r"^(?:\(?\d{1,3}[.)]\s+\S"  # 1. item, 2) item, (3) item
    r"|\d{1,3}(?:\.\d{1,3})+\.?\s+\S"  # 1.2 heading
    r"|\([a-z]\)\s+\S|[a-z]\)\s+\S"  # (a) item, a) item
    r"|[一二三四五六七八九十]+[、.．]"  # 一、
    r"|[（(][一二三四五六七八九十\d]+[）)]"  # （一）
    r"|第[一二三四五六七八九十百\d]+[章节条部分])"
)
_LIST_NUMBER_ONLY = re.compile(r"^\(?\d{1,3}[.)]$")
_CONTINUATION_END = re.compile(r"(?:[,;，、；(（\[“‘]|\b(?:and|or|of|the|a|an|to|in|for|with|by|on|at|from|as|"
                               r"that|which|its|their|between|among|under|et|de|des|du|la|le|les|y|el|los|"
                               r"las|del|en))$", re.I)

# Language marker lines ("Chinese:", "中文", "Français" ...) -> BCP-47 tag.  English names need the
# colon ("French" alone is a plausible heading word); native names stand on their own.
_MARKER_NAMES_COLON = {
    "english": "en", "english version": "en", "in english": "en",
    "chinese": "zh", "chinese version": "zh", "in chinese": "zh",
    "french": "fr", "french version": "fr", "in french": "fr",
    "spanish": "es", "spanish version": "es", "in spanish": "es",
}
_MARKER_NAMES_NATIVE = {
    "中文": "zh", "中文版": "zh", "简体中文": "zh", "汉语": "zh", "英文": "en", "英文版": "en",
    "français": "fr", "francais": "fr", "version française": "fr", "version francaise": "fr", "法文": "fr",
    "español": "es", "espanol": "es", "versión en español": "es", "version en espanol": "es",
    "西班牙文": "es",
}
_MARKER = re.compile(r"^[\s*#_\[(（]*([^:：]{2,24}?)[\s*_\])）]*([:：]?)[\s*_]*$")


@lru_cache(maxsize=8192)
def _marker_lang(line: str) -> str | None:
    """Language tag when the whole line is a language marker such as ``Chinese:`` or ``中文``."""
    if len(line) > 40:
        return None
    m = _MARKER.match(line)
    if not m:
        return None
    name = re.sub(r"\s+", " ", m.group(1)).strip().casefold()
    if m.group(2):
        tag = _MARKER_NAMES_COLON.get(name) or _MARKER_NAMES_NATIVE.get(name)
    else:
        tag = _MARKER_NAMES_NATIVE.get(name)
    return tag


class _Line(NamedTuple):
    text: str
    bullet: bool  # a bullet glyph was removed: the line starts a new item


def _normalise(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\f", "\n\n").replace("\x85", "\n")
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_SPACES)
    for lig, rep in _LIGATURES.items():
        text = text.replace(lig, rep)
    # remaining control characters (Cc) other than newline go
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")
    return text


def _clean_lines(text: str) -> list[_Line | None]:
    """Physical lines, stripped; None for a blank line (also a page-number-only line)."""
    out: list[_Line | None] = []
    pending_bullet = False
    for raw_line in text.split("\n"):
        line = re.sub(r" {2,}", " ", raw_line.strip())
        # a soft hyphen inside a line is invisible: drop it; at the end it marks a word break
        if _SOFT_HYPHEN in line[:-1]:
            line = line[:-1].replace(_SOFT_HYPHEN, "") + line[-1]
        if not line.strip(_SOFT_HYPHEN + " ") or _PAGE_NUMBER.match(line):
            out.append(None)
            continue
        bullet = False
        m = _BULLET.match(line)
        if m and not re.match(r"^[-–—]\s*\d", line):  # "- 12%" is not a bullet
            line = line[m.end():].strip()
            bullet = True
        if not line or all(c in _BULLET_GLYPHS or c in "-–—*+·" for c in line.replace(" ", "")):
            pending_bullet = pending_bullet or bullet or bool(line)
            continue  # a bullet glyph alone on its line: the next line starts the item
        out.append(_Line(line, bullet or pending_bullet))
        pending_bullet = False
    return out


def _wrap_threshold(lines: list[_Line | None]) -> float:
    """Width from which a line counts as *wrapped* (filled to the margin): 60 % of the estimated
    wrap width, the 90th percentile of line widths.  The estimate is trusted only when at least
    three lines lie near it (>= 80 %) -- the signature of hard-wrapped text; otherwise (a handful
    of short lines, or unwrapped one-line paragraphs of random lengths) no line counts as wrapped
    by width alone and returns ``inf``."""
    widths = sorted(_display_width(ln.text) for ln in lines if ln is not None)
    if not widths:
        return float("inf")
    width = widths[min(len(widths) - 1, int(len(widths) * 0.9))]
    if sum(1 for w in widths if w >= 0.8 * width) < 3:
        return float("inf")
    return 0.6 * width


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _vocabulary(lines: list[_Line | None]) -> tuple[set[str], set[str]]:
    """Words seen in the text (casefolded): hyphenated compounds whole, and simple words; a word
    cut by a line-end hyphen is not counted."""
    compounds: set[str] = set()
    words: set[str] = set()
    for ln in lines:
        if ln is None:
            continue
        text = ln.text[:-1] if ln.text.endswith(("-", _SOFT_HYPHEN)) else ln.text
        for i, m in enumerate(_WORD.finditer(text)):
            token = m.group(0).casefold()
            if i == 0:
                continue  # the first word may be the tail of a hyphen-split word
            if "-" in token:
                compounds.add(token)
                words.update(token.split("-"))
            else:
                words.add(token)
    return compounds, words


# Tails that are suffixes, not words: "technol-\nogy" -> "technology".
_SUFFIX_TAILS = frozenset(
    """ogy ogies ology ologies tion tions sion sions ation ations ment ments ness ing ings ity ities ical
    ically ally ly ed er ers est ance ances ence ences ive ives able ably ible ibly ous ously al als ic ics
    ism isms ist ists ize izes ized izing ise ises ised ising ure ures age ages ant ants ent ents ery ory
    ary ful less ship ships hood ward wards gy cy ty ties nal nally sive tive tives cal ture tures ducts
    duct ogical ological ation""".split()
)
_VOWELS = set("aeiouyàâäéèêëïîôöùûüÿáíóúñ")


def _keep_hyphen(left: str, right: str, vocab: tuple[set[str], set[str]]) -> bool:
    """Keep the hyphen ending ``left`` when joining ``right`` across a line break?

    Default: keep it -- a line-end hyphen between two words is most often a real compound
    (``whole-of-nation``, ``new-quality``, ``labour-intensive``), and keeping a hyphen never loses
    information while dropping one can.  In order:

    1. soft hyphen (U+00AD): drop;
    2. the hyphenated form occurs elsewhere in the text (``state-owned``): keep;
    3. the tail starts upper case (``Sino-American``): keep;
    4. the solid word occurs elsewhere in the text (``semiconductors``, ``government``): drop;
    5. the tail is a bare suffix (``-ogy``, ``-tion``, ``-ment`` ...; ``technol-ogy``) or one part
       has no vowel: drop -- the hyphen was a typesetting break;
    6. otherwise keep.
    """
    if left.endswith(_SOFT_HYPHEN):
        return False
    head = re.search(r"([^\W\d_]+)-$", left)
    tail = re.match(r"[^\W\d_]+(?:-[^\W\d_]+)*", right)
    if not head or not tail:
        return True
    frag, cont = head.group(1), tail.group(0)
    first = cont.split("-")[0]
    compounds, words = vocab
    if f"{frag}-{cont}".casefold() in compounds or f"{frag}-{first}".casefold() in compounds:
        return True
    if not first[:1].islower():
        return True  # Sino-American, COVID-19, post-WTO
    solid = (frag + first).casefold()
    if solid in words:
        return False
    if first.casefold() in _SUFFIX_TAILS:
        return False
    if not (set(frag.casefold()) & _VOWELS) or not (set(first.casefold()) & _VOWELS):
        return False
    return True


_CLOSERS = "\"'”’»)]）」』】"
_FINAL = ".!?。！？…"
_ABBREVIATION_END = re.compile(r"\b(?:No|Nos|Vol|pp|p|Dr|Mr|Ms|Mrs|St|vs|e\.g|i\.e|cf)\.$")


def _ends_sentence(text: str) -> bool:
    """Ends with . ! ? 。 ！ ？ … (possibly inside closing quotes / brackets), not an abbreviation."""
    core = text.rstrip(_CLOSERS)
    if not core or core[-1] not in _FINAL:
        return False
    return not _ABBREVIATION_END.search(core[-8:])


@lru_cache(maxsize=8192)
def _caps_heading(text: str) -> bool:
    """An ALL-CAPS line (title or heading): at least 4 cased letters, 90 % of them upper case."""
    cased = [c for c in text if c.isalpha() and (c.isupper() or c.islower())]
    if len(cased) < 4:
        return False
    return sum(1 for c in cased if c.isupper()) / len(cased) >= 0.9


def _starts_lower(text: str) -> bool:
    for c in text:
        if c.isalpha():
            return c.islower()
        if c.isdigit():
            return False
        if c not in "\"'“‘(«[":
            return False
    return False


def _hard_start(line: _Line) -> bool:
    return line.bullet or bool(_NUMBERED.match(line.text)) or _marker_lang(line.text) is not None


def _should_join(a: _Line, b: _Line, gap: int, threshold: float) -> bool:
    """Does line ``b`` continue the paragraph of line ``a`` after ``gap`` blank lines?

    * never across a language marker, into a numbered item / bullet, or out of a sentence end
      after a blank line;
    * ALL-CAPS lines (titles) join only with each other and only without a blank line;
    * a line that fills the wrap width (see :func:`_wrap_threshold`) was wrapped: the next line
      continues it, across no blank line, one blank line (double-spaced PDF text, as in the
      brief-2024 sample), or a run of blank lines (page break) when the next line starts lower case;
    * across blank lines, a line ending in a comma / conjunction / article / preposition also runs
      on into a line that starts lower case (two signals together);
    * a short line continues only with no blank line and an explicit signal (lower-case start,
      trailing comma / conjunction / hyphen, or CJK text running on into CJK text);
    * after a sentence end, only a wrapped line followed by another full line (or a sentence)
      continues the paragraph; a short unpunctuated line after it is a heading.
    """
    if _marker_lang(a.text) is not None or _hard_start(b):
        return False
    if _LIST_NUMBER_ONLY.match(a.text):
        return gap <= 1
    a_caps, b_caps = _caps_heading(a.text), _caps_heading(b.text)
    if a_caps or b_caps:
        return a_caps and b_caps and gap == 0 and not _ends_sentence(a.text)
    wrapped = _display_width(a.text) >= threshold
    hyphen = bool(re.search(r"[^\W_]-$", a.text)) or a.text.endswith(_SOFT_HYPHEN)
    if _ends_sentence(a.text):
        # same paragraph only when b is not a short unpunctuated line (a heading)
        return gap == 0 and wrapped and (_display_width(b.text) >= threshold or _ends_sentence(b.text))
    if hyphen and gap <= 1 and b.text[:1].isalnum():
        return True
    if gap == 0:
        if _is_cjk(a.text[-1]) and _is_cjk(b.text[0]):
            return True  # Chinese wrapped mid-sentence
        return wrapped or _starts_lower(b.text) or bool(_CONTINUATION_END.search(a.text))
    if gap == 1:
        if _is_cjk(a.text[-1]) and _is_cjk(b.text[0]):
            # Chinese: no spaces to measure by; a line at least 60 % as wide as its neighbour runs on
            wrapped = wrapped or _display_width(a.text) >= 0.6 * _display_width(b.text)
        return wrapped or (bool(_CONTINUATION_END.search(a.text)) and _starts_lower(b.text))
    return (wrapped or bool(_CONTINUATION_END.search(a.text))) and _starts_lower(b.text)


def _joiner(a: str, b: str, vocab: tuple[set[str], set[str]]) -> tuple[str, str]:
    """How line ``a`` runs on into line ``b``: ``(a as kept, separator)``."""
    if a.endswith(_SOFT_HYPHEN) or (re.search(r"[^\W_]-$", a) and b[:1].isalnum()):
        return (a if _keep_hyphen(a, b, vocab) else a[:-1]), ""
    if _is_cjk(a[-1]) or _is_cjk(b[0]):
        # Chinese wraps without spaces; keep a space only between two Latin/digit runs
        return a, ""
    if a.endswith(("—", "/")):
        return a, ""
    return a, " "


def repair_text(raw: str) -> str:
    """Undo PDF-extraction damage; deterministic, never raises.

    Newlines and Unicode (NFC) normalised, non-breaking / odd spaces replaced, ligatures expanded,
    control characters dropped, trailing spaces stripped; page-number-only lines and bullet glyphs
    removed; hard line breaks inside sentences joined (English with a space, Chinese without),
    words split across lines re-joined (see :func:`_keep_hyphen`), and runs of blank lines collapsed
    to one blank line (a paragraph break).  A line break that is kept but had no blank line after it
    stays a single newline (e.g. numbered items, title-page lines).
    """
    lines = _clean_lines(_normalise(raw))
    threshold = _wrap_threshold(lines)
    vocab = _vocabulary(lines)
    out: list[str] = []  # pieces; out[-1] is always the text of the last line taken
    last: _Line | None = None
    gap = 0
    for ln in lines:
        if ln is None:
            gap += 1
            continue
        if last is None:
            out.append(ln.text)
        elif _should_join(last, ln, gap, threshold):
            out[-1], sep = _joiner(out[-1], ln.text, vocab)
            out.extend((sep, ln.text))
        else:
            out.extend(("\n" if gap == 0 else "\n\n", ln.text))
        last = ln
        gap = 0
    text = "".join(out).replace(_SOFT_HYPHEN, "")  # soft hyphens not used to join a word
    text = re.sub(r"[ ]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# --------------------------------------------------------------------------------------------
# Metadata (title page)
# --------------------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
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


def _parse_date(text: str) -> str | None:
    text = text.strip().rstrip(".").strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        groups = m.groupdict()
        month = _MONTHS[groups["month"].casefold()] if groups.get("month") else int(groups["mon"])
        try:
            return _dt.date(int(groups["year"]), month, int(groups["day"])).isoformat()
        except ValueError:
            return None
    return None


def _date_line(line: str) -> str | None:
    m = _DATE_LABEL.match(line)
    if m:
        return _parse_date(m.group("rest"))
    return _parse_date(line)


_SERIES = re.compile(
    r"^(?P<series>[^\W\d_][\w&'’ .,/-]*?)\s*,?\s+(?:No\.?|Number|Nr\.?|#|no\.)\s*(?P<number>\d[\w.-]*)$",
    re.I,
)
_SERIES_WORDS = re.compile(r"\b(?:brief|paper|report|series|note|notes|commentary|perspective|insight|"
                           r"analysis|bulletin|memo|digest|studies|study)s?\b", re.I)

_NAME_TOKEN = r"(?:[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]+)*|[A-Z]{2,}(?:[-'’][A-Z]+)*|[A-Z]\.(?:[A-Z]\.)*)"
_NAME_PARTICLE = r"(?:van|von|de|der|den|da|di|du|la|le|bin|binti|al|el|ibn|dos|das)"
_NAME = re.compile(rf"^{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|{_NAME_PARTICLE})){{1,4}}$")
_NOT_NAME_WORDS = {
    "executive", "summary", "abstract", "introduction", "contents", "brief", "briefs", "report", "paper",
    "policy", "institute", "university", "centre", "center", "china", "chinese", "background",
    "conclusion", "overview", "foreword", "preface", "appendix", "references", "acknowledgements",
    "key", "points", "highlights", "table", "the", "and", "of", "in", "for", "on", "with", "series",
    "working", "department", "ministry", "national", "east", "asian", "studies", "research", "findings",
    "english", "french", "spanish", "innovation", "technology", "science", "development", "economy",
    "economic", "strategy", "strategic", "reform", "policies", "notes", "chapter", "section", "part",
}
_AUTHOR_LABEL = re.compile(r"^(?:by|authors?\s*[:：]|written\s+by|作者\s*[:：]?)\s*(?P<rest>.+)$", re.I)
_BODY_HEADINGS = {
    "executive summary", "summary", "abstract", "introduction", "overview", "key points", "key findings",
    "highlights", "contents", "table of contents", "foreword", "preface", "main findings", "摘要", "概要",
    "内容提要", "引言", "résumé", "resumen", "résumé analytique", "resumen ejecutivo",
}


def _names(text: str, allow_all_caps: bool) -> str | None:
    parts = [p.strip() for p in re.split(r"\s*(?:,|&|\band\b)\s*", text) if p.strip()]
    if not parts or len(parts) > 6:
        return None
    for part in parts:
        if not _NAME.match(part):
            return None
        tokens = part.split()
        if any(t.casefold().strip(".") in _NOT_NAME_WORDS for t in tokens):
            return None
        if not allow_all_caps and all(t.isupper() or len(t) <= 2 for t in tokens):
            return None
    return text.strip()


def _author_line(line: str, after_title: bool) -> str | None:
    m = _AUTHOR_LABEL.match(line)
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


_SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "off", "on", "onto",
    "or", "over", "per", "the", "to", "up", "via", "vs", "with", "yet", "so", "than", "upon", "within",
}
_ACRONYMS = {
    "AI", "US", "USA", "UK", "EU", "UN", "PRC", "CPC", "CCP", "NPC", "CPPCC", "GDP", "R&D", "S&T", "SOE",
    "ICT", "OECD", "WTO", "IMF", "ASEAN", "APEC", "BRICS", "BRI", "NATO", "G7", "G20", "5G", "6G", "EV",
    "NEV", "IOT", "LLM", "SME", "NDRC", "MIIT", "CAS", "NSFC", "SASAC", "CSRC", "PBOC", "EAI", "NUS", "NPF",
    "CEWC", "TSMC", "SMIC", "BYD", "CATL", "IPO", "FDI", "ESG", "COVID", "UAV", "STEM", "HK", "SAR",
    "RMB", "USD", "CEO", "PLA", "IP", "IPR", "RCEP", "CPTPP", "FTA", "GBA", "SEZ", "MOST", "CAE",
}
_ROMAN = re.compile(r"^(?=[IVXLC]{2,}$)C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")


def _title_word(word: str, force_cap: bool) -> str:
    m = re.match(r"^([^\w&]*)([\w&.'’-]*?)([^\w&]*)$", word)
    if not m or not m.group(2):
        return word
    pre, core, post = m.groups()
    upper = core.upper()
    if upper in _ACRONYMS or upper.rstrip("S") in _ACRONYMS and upper.endswith("S") and len(upper) > 2:
        if upper not in _ACRONYMS:
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
        if (i > 0 or not force_cap) and low in _SMALL_WORDS:
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


def _clean_title(lines: list[str]) -> str | None:
    text = " ".join(line.strip() for line in lines)
    text = re.sub(r"(\*\*|__)", "", text)
    text = re.sub(r"^#+\s*", "", text)
    text = re.sub(r"\s+", " ", text).strip().strip("*_").strip()
    if not text:
        return None
    if _caps_heading(text):
        text = _title_case(text)
    return text


def _is_body_start(line: str) -> bool:
    key = re.sub(r"[\s*_#:：]+", " ", line).strip().casefold()
    return key in _BODY_HEADINGS or bool(_NUMBERED.match(line)) or _marker_lang(line) is not None


def _looks_like_prose(line: str) -> bool:
    words = len(line.split())
    if _display_width(line) > 250 or words > 35:
        return True
    return _ends_sentence(line) and words >= 8


def read_metadata(text: str) -> tuple[DocumentMetadata, int]:
    """Bibliographic facts from a title page at the top of ``text`` (repaired text).

    The title page is the run of short lines before the running text: a title block (the first
    lines, up to the first blank line; ``**`` / ``#`` removed, lines joined, ALL CAPS turned into
    title case), then author (``By Jane Doe``, ``Author: …`` or a bare personal-name line such as
    ``QIAN Jiwei``), series and number (``EAI Background Brief No. 1752``) and publication date
    (``Date of Publication: 23 February 2024``, ``Published: 2024-07-18``, ``July 18, 2024``) in any
    order.  Scanning stops at a body heading (``Executive Summary``, ``Abstract`` …), a numbered
    item, a language marker or prose.  A title block counts only when some other title-page line
    confirms it or it is styled as a title (ALL CAPS or bold).  Returns the metadata and
    ``body_start``, the offset of the first line after the title page (0 without a title page).
    Nothing is invented: unread fields stay None.
    """
    meta = DocumentMetadata()
    candidates = ((m.start(), m.end(), m.group(0).strip()) for m in re.finditer(r"[^\n]+", text))
    lines = list(islice((ln for ln in candidates if ln[2]), 40))
    title_lines: list[str] = []
    title_end: int | None = None
    title_closed = False
    last_meta_end: int | None = None
    unknown = 0
    prev_end = 0
    for start, end, line in lines:
        blank_before = "\n\n" in text[prev_end:start]
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
        date = _date_line(line)
        labelled = len(line) <= 80 and _DATE_FIELD.match(line) and re.search(r"\d", line)
        if (date and meta.published is None) or labelled:
            meta.published = meta.published or date  # a labelled date we cannot read stays None
            last_meta_end = end
            title_closed = True
            continue
        author = _author_line(line, after_title=bool(title_lines))
        if author and meta.author is None and (title_lines or _AUTHOR_LABEL.match(line)):
            meta.author = author
            last_meta_end = end
            title_closed = True
            continue
        if not title_closed and not _looks_like_prose(line) and not _ends_sentence(line.rstrip("*_")) \
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
        _caps_heading(" ".join(title_lines)) or " ".join(title_lines).lstrip().startswith(("**", "__", "#"))
    )
    if title_lines and (found or styled):
        meta.title = _clean_title(title_lines)
    if not found and not meta.title:
        return DocumentMetadata(), 0
    page_end = max(e for e in (last_meta_end, title_end if meta.title else None) if e is not None)
    m = re.compile(r"\s*").match(text, page_end)
    body_start = m.end() if m else page_end
    return meta, body_start


# --------------------------------------------------------------------------------------------
# Language sections
# --------------------------------------------------------------------------------------------

_STOPWORDS_RAW = {
    "en": """the and of to is are for with that this by on its from has have be which such between while
        also their it was were will an at or not into been these those as in than more has had who
        would can could should may but about through over under within across amid despite""",
    "fr": """le la les des du de et est une un pour dans par sur que qui au aux ces ses son sa entre avec
        plus ne pas cette comme sont été être nous leur leurs mais ou où également tandis afin vers
        chez dont lors ainsi face malgré""",
    "es": """el la los las del de y en es una un para por con que se su sus al entre como más está están
        pero también sin embargo este esta estos estas desde hacia sobre ante mientras según muy
        además ha han""",
}
_SHARED = {
    w for lang, words in _STOPWORDS_RAW.items() for w in words.split()
    if sum(w in other.split() for other in _STOPWORDS_RAW.values()) > 1
}
_STOPWORDS = {lang: frozenset(words.split()) - _SHARED for lang, words in _STOPWORDS_RAW.items()}
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
    letters = [c for c in text if c.isalpha()]
    if letters:
        han = sum(1 for c in letters if _is_han(c)) / len(letters)
        kana = sum(1 for c in letters if _is_kana(c)) / len(letters)
        hangul = sum(1 for c in letters if _is_hangul(c)) / len(letters)
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
        0 < _display_width(line) <= 240
        and len(line.split()) <= 30
        and not _ends_sentence(line)
        and not _NUMBERED.match(line)
    )


def _fallback_lang(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "und"
    if _han_share(text) >= 0.3:
        return "zh"
    scores = _language_scores(text)
    best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if best[1] > 0:
        return best[0]
    if all(c.isascii() for c in letters):
        return "en"
    return "und"


class _Unit(NamedTuple):
    start: int
    end: int
    text: str
    marker: str | None  # language of a marker line


def split_sections(text: str, start: int = 0) -> list[Section]:
    """Language runs of ``text[start:]`` as :class:`Section` records, in order.

    Units are the non-blank lines (after :func:`repair_text` a line is a paragraph).  A marker line
    (``Chinese:``, ``中文``, ``French:``, ``Français``, ``Spanish:``, ``Español``, ``English:`` …) sets the
    language of what follows and is itself left out of every section.  Other lines are classified by
    :func:`detect_language`; under a marker, a line keeps the marker's language unless detection is
    confident about another one.  Undecided lines (short headings, numbers) join the language of the
    next decided line when they look like a heading (so ``Executive Summary`` belongs to the English
    text after it), else the previous one.  Adjacent lines of one language merge into one section.
    ``heading`` is the section's first line when it looks like a title (short, no final punctuation).
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
        marker = _marker_lang(stripped)
        if marker is None:
            inline = re.match(r"^(English|Chinese|French|Spanish|中文|Français|Español)\s*[:：]\s*(\S.*)$", stripped, re.I)
            if inline and _marker_lang(inline.group(1) + ":"):
                units.append(_Unit(s, s + inline.start(2), inline.group(1), _marker_lang(inline.group(1) + ":")))
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
    run: list[int] = []

    def flush() -> None:
        if not run:
            return
        first, last = units[run[0]], units[run[-1]]
        heading = first.text if _heading_like(first.text) and len(run) > 1 else ""
        sections.append(Section(langs[run[0]] or fallback, first.start, last.end, heading))
        run.clear()

    for i, unit in enumerate(units):
        if unit.marker:
            flush()
            continue
        if run and (langs[run[-1]] or fallback) != (langs[i] or fallback):
            flush()
        run.append(i)
    flush()
    return sections


def _next_decided(units: list[_Unit], decided: list[tuple[str | None, float]], i: int) -> str | None:
    """Detected language of the next decided line before the next marker."""
    for j in range(i + 1, len(units)):
        if units[j].marker:
            return None
        if decided[j][0] is not None:
            return decided[j][0]
    return None


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------

def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IngestError(path, "is a directory, not a file")
        if size > MAX_FILE_BYTES:
            raise IngestError(path, f"file too large ({size} bytes > {MAX_FILE_BYTES})")
        return path.read_bytes()
    except IngestError:
        raise
    except FileNotFoundError:
        raise IngestError(path, "no such file") from None
    except PermissionError:
        raise IngestError(path, "cannot read file (permission denied)") from None
    except IsADirectoryError:
        raise IngestError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise IngestError(path, f"cannot read file ({exc.strerror or exc.__class__.__name__})") from None


def _short(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return msg[:120]


def _pdf_text(path: Path, data: bytes) -> tuple[str, str | None, str | None]:
    """Text of a PDF, pages joined by a blank line, plus the /Title and /Author of its info dict."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError
    except ImportError:  # pragma: no cover - declared dependency
        raise IngestError(path, "cannot read PDF (pypdf is not installed)") from None
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "corrupt PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as exc:
        raise IngestError(path, f"corrupt PDF ({_short(exc)})") from None
    if encrypted:
        try:
            opened = reader.decrypt("")
        except DependencyError:
            raise IngestError(path, "encrypted PDF (AES: needs the 'cryptography' package even to try "
                                    "an empty password)") from None
        except Exception as exc:
            raise IngestError(path, f"encrypted PDF ({_short(exc)})") from None
        if not opened:
            raise IngestError(path, "encrypted PDF (a password is needed to open it)")
    try:
        pages = list(reader.pages)
    except Exception as exc:
        raise IngestError(path, f"corrupt PDF ({_short(exc)})") from None
    texts: list[str] = []
    failures = 0
    for page in pages:
        try:
            texts.append(page.extract_text() or "")
        except Exception:
            failures += 1
            texts.append("")
    if not any(t.strip() for t in texts):
        if pages and failures == len(pages):
            raise IngestError(path, "corrupt PDF (no page could be read)")
        raise IngestError(path, "PDF has no extractable text (image-only? needs OCR)")
    title = author = None
    try:
        info = reader.metadata
        if info is not None:
            title = _usable_info(info.title)
            author = _usable_info(info.author)
    except Exception:
        pass
    return "\n\n".join(t.strip("\n") for t in texts), title, author


def _usable_info(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", value).strip()
    if not value or len(value) > 300:
        return None
    if re.search(r"\.(?:docx?|pdf|rtf|odt|indd|tex)$", value, re.I) or value.lower().startswith(
        ("microsoft word", "untitled")
    ):
        return None
    return value


def read_document(path: Path) -> Document:
    """Read one brief: bytes -> text -> :func:`repair_text` -> :func:`read_metadata` ->
    :func:`split_sections` (from ``body_start``).  Raises :class:`IngestError` on any bad input."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        if not path.exists():
            raise IngestError(path, "no such file")
        raise IngestError(path, f"unsupported file type {suffix or '(no extension)'!r}; "
                                f"expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    data = _read_bytes(path)
    if not data.strip():
        raise IngestError(path, "empty file")
    title_hint: str | None = None
    author_hint: str | None = None
    if suffix in PDF_SUFFIXES:
        raw, title_hint, author_hint = _pdf_text(path, data)
    else:
        declared = None
        if suffix in HTML_SUFFIXES:
            m = _META_CHARSET.search(data[:4096])
            declared = m.group(1).decode("ascii", "ignore") if m else None
        decoded = decode_bytes(data, path, declared=declared)
        if not decoded.strip() or not _normalise(decoded).strip():
            raise IngestError(path, "empty file")
        if suffix in MARKDOWN_SUFFIXES:
            raw, title_hint = markdown_to_text(decoded)
        elif suffix in HTML_SUFFIXES:
            try:
                raw, title_hint = html_to_text(decoded)
            except Exception as exc:
                raise IngestError(path, f"malformed HTML ({_short(exc)})") from None
        else:
            raw = decoded
    text = repair_text(raw)
    if not text:
        raise IngestError(path, "no text content (only markup, bullets or page numbers)")
    metadata, body_start = read_metadata(text)
    if metadata.title is None and title_hint:
        metadata.title = _clean_title([title_hint])
    if metadata.author is None and author_hint and suffix in PDF_SUFFIXES:
        metadata.author = author_hint
    sections = split_sections(text, body_start)
    return Document(
        doc_id=path.stem,
        path=str(path),
        text=text,
        sections=sections,
        metadata=metadata,
        content_hash="sha256:" + hashlib.sha256(data).hexdigest(),
        body_start=body_start,
    )


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path | IngestError]:
    """Expand files and folders into the files to ingest.

    Folders are walked recursively in sorted order (depth first); hidden entries (``.name``) and
    unsupported extensions inside folders are skipped silently; symlinked folders are followed at
    most once (a visited set of resolved folders), so a symlink loop terminates; a file reached
    twice is yielded once.  A named path that does not exist, cannot be read, or is not a supported
    file yields an :class:`IngestError` instead of raising, so the caller can go on.
    """
    visited_dirs: set[str] = set()
    seen_files: set[str] = set()
    for item in paths:
        p = Path(item)
        try:
            if p.is_symlink() and not p.exists():
                yield IngestError(p, "broken symbolic link")
                continue
            if not p.exists():
                yield IngestError(p, "no such file or directory")
                continue
            if p.is_dir():
                yield from _walk(p, visited_dirs, seen_files)
                continue
            if not p.is_file():
                yield IngestError(p, "not a regular file")
                continue
        except OSError as exc:
            yield IngestError(p, f"cannot access ({exc.strerror or exc.__class__.__name__})")
            continue
        if p.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield IngestError(p, f"unsupported file type {p.suffix.lower() or '(no extension)'!r}")
            continue
        if not os.access(p, os.R_OK):
            yield IngestError(p, "cannot read file (permission denied)")
            continue
        key = _resolved(p)
        if key in seen_files:
            continue
        seen_files.add(key)
        yield p


def _resolved(p: Path) -> str:
    try:
        return str(p.resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(p)


def _walk(folder: Path, visited_dirs: set[str], seen_files: set[str]) -> Iterator[Path | IngestError]:
    key = _resolved(folder)
    if key in visited_dirs:
        return
    visited_dirs.add(key)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield IngestError(folder, f"cannot list folder ({exc.strerror or exc.__class__.__name__})")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith("~"):
            continue
        child = folder / entry.name
        try:
            if entry.is_dir(follow_symlinks=True):
                yield from _walk(child, visited_dirs, seen_files)
                continue
            is_file = entry.is_file(follow_symlinks=True)
        except OSError:
            is_file = False
        if child.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        if not is_file:
            if entry.is_symlink():
                yield IngestError(child, "broken symbolic link")
            continue
        if not os.access(child, os.R_OK):
            yield IngestError(child, "cannot read file (permission denied)")
            continue
        fkey = _resolved(child)
        if fkey in seen_files:
            continue
        seen_files.add(fkey)
        yield child

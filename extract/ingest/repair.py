"""Undo PDF-extraction damage in plain text: one line per paragraph, words whole, no page furniture.

:func:`repair_text` is deterministic and never raises. Every offset the rest of the reader computes is
an offset into its result, the document's text.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from .chars import CONTROL_CHARS, display_width, is_cjk
from .lines import SOURCE_LINE, caps_heading, ends_sentence, marker_lang, numbered
from .words import WORDS

_SPACES = dict.fromkeys(
    [0x00A0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
     0x200A, 0x202F, 0x205F, 0x3000, 0x0009, 0x000B],
    " ",
)
_SPACES.update(dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF], None))  # zero-width: drop
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
_SPACE_CHARS = re.compile("[" + "".join(map(chr, _SPACES)) + "]")
_CONTROLS_BUT_NEWLINE = re.compile(f"(?!\n){CONTROL_CHARS.pattern}")
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
_CITATION = re.compile(r"\[(?:\d{1,3}(?:\s*[,–-]\s*\d{1,3})*|[a-z]|note \d{1,3}|"
                       + "|".join(re.escape(note) for note in WORDS.bracket_notes) + r")\]", re.I)
_CITATIONS = re.compile(rf"\s*(?:{_CITATION.pattern})+(?=[\s.,;:!?)]|$)", re.I)
_LIST_NUMBER_ONLY = re.compile(r"^\(?\d{1,3}[.)]$")
# a comma or semicolon glued to the next word ("Australia,Canada", "(TTP),or"): not "1,000", not a URL's
_GLUED_COMMA = re.compile(r"(?<=[A-Za-zÀ-ÿ)\]])([,;])(?=[A-Za-zÀ-ÿ]{2})")
_CONTINUATION_END = re.compile(r"(?:[,;，、；(（\[“‘]|\b(?:" + "|".join(WORDS.continuation_words) + r"))$", re.I)

class _Line(NamedTuple):
    text: str
    bullet: bool  # a bullet glyph was removed: the line starts a new item


def normalise(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\f", "\n\n").replace("\x85", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _SPACE_CHARS.sub(lambda m: _SPACES[ord(m.group())] or "", text)  # str.translate is slower
    for lig, rep in _LIGATURES.items():
        text = text.replace(lig, rep)
    # remaining control characters (Cc) other than newline go
    text = _CONTROLS_BUT_NEWLINE.sub("", text)
    return text


def _without_citations(line: str) -> str:
    """``line`` without citation markers: ``[8]``, ``[1][2]``, ``[3–5]``, ``[a]``, ``[citation needed]``."""
    line = _CITATIONS.sub("", line)  # with the space before them, before a space or punctuation
    return _CITATION.sub(" ", line).strip()  # between two words


def _clean_lines(text: str) -> list[_Line | None]:
    """Physical lines, stripped; None for a blank line (also a page-number-only line)."""
    out: list[_Line | None] = []
    pending_bullet = False
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if "[" in line:
            line = _without_citations(line)
            if not line:
                continue  # a line of citation markers only: nothing was there
        line = re.sub(r" {2,}", " ", line)
        if "//" not in line:
            line = _GLUED_COMMA.sub(r"\1 ", line)
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
    widths = sorted(display_width(ln.text) for ln in lines if ln is not None)
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
    if first.casefold() in WORDS.suffix_tails:
        return False
    if not (set(frag.casefold()) & _VOWELS) or not (set(first.casefold()) & _VOWELS):
        return False
    return True


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
    return line.bullet or numbered(line.text) or marker_lang(line.text) is not None or bool(SOURCE_LINE.match(line.text))


def _should_join(a: _Line, b: _Line, gap: int, threshold: float) -> bool:
    """Does line ``b`` continue the paragraph of line ``a`` after ``gap`` blank lines?

    * never across a language marker or a source line, into a numbered item / bullet, or out of a
      sentence end after a blank line;
    * ALL-CAPS lines (titles) join only with each other and only without a blank line;
    * a line that fills the wrap width (see :func:`_wrap_threshold`) was wrapped: the next line
      continues it, across no blank line, one blank line (double-spaced PDF text, as in the
      brief-2024 sample), or a run of blank lines (page break) when the next line starts lower case;
    * across blank lines, a line ending in a comma / conjunction / article / preposition also runs
      on into a line that starts lower case (two signals together);
    * a short line continues only with no blank line and an explicit signal (lower-case start,
      trailing comma / conjunction / hyphen, or CJK text running on into CJK text no more than
      two thirds longer: a short Chinese line over a long one is a heading);
    * after a sentence end, only a wrapped line followed by another full line (or a sentence)
      continues the paragraph; a short unpunctuated line after it is a heading.
    """
    if marker_lang(a.text) is not None or SOURCE_LINE.match(a.text) or _hard_start(b):
        return False
    if _LIST_NUMBER_ONLY.match(a.text):
        return gap <= 1
    a_caps, b_caps = caps_heading(a.text), caps_heading(b.text)
    if a_caps or b_caps:
        return a_caps and b_caps and gap == 0 and not ends_sentence(a.text)
    wrapped = display_width(a.text) >= threshold
    hyphen = bool(re.search(r"[^\W_]-$", a.text)) or a.text.endswith(_SOFT_HYPHEN)
    if ends_sentence(a.text):
        # same paragraph only when b is not a short unpunctuated line (a heading)
        return gap == 0 and wrapped and (display_width(b.text) >= threshold or ends_sentence(b.text))
    if hyphen and gap <= 1 and b.text[:1].isalnum():
        return True
    if gap == 0:
        if is_cjk(a.text[-1]) and is_cjk(b.text[0]):  # Chinese wrapped mid-sentence, unless a is a heading
            return wrapped or display_width(a.text) >= 0.6 * display_width(b.text)
        return wrapped or _starts_lower(b.text) or bool(_CONTINUATION_END.search(a.text))
    if gap == 1:
        if is_cjk(a.text[-1]) and is_cjk(b.text[0]):
            # Chinese: no spaces to measure by; a line at least 60 % as wide as its neighbour runs on
            wrapped = wrapped or display_width(a.text) >= 0.6 * display_width(b.text)
        return wrapped or (bool(_CONTINUATION_END.search(a.text)) and _starts_lower(b.text))
    return (wrapped or bool(_CONTINUATION_END.search(a.text))) and _starts_lower(b.text)


def _joiner(a: str, b: str, vocab: tuple[set[str], set[str]]) -> tuple[str, str]:
    """How line ``a`` runs on into line ``b``: ``(a as kept, separator)``."""
    if a.endswith(_SOFT_HYPHEN) or (re.search(r"[^\W_]-$", a) and b[:1].isalnum()):
        return (a if _keep_hyphen(a, b, vocab) else a[:-1]), ""
    if is_cjk(a[-1]) or is_cjk(b[0]):
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
    lines = _clean_lines(normalise(raw))
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

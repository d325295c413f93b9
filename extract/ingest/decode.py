"""Bytes of a text file -> str, saying so when the encoding had to be guessed.

Order: BOM (UTF-8/16/32) -> strict UTF-8 -> a declared charset (HTML ``<meta charset>``) -> GB18030 when
it decodes cleanly *and* the result is mostly Chinese -> charset-normalizer's guess when confident ->
cp1252 when every non-ASCII character is a Latin letter inside a word. The last three are guesses: the
result carries a warning naming the file, the first byte that is not UTF-8 and the encoding guessed.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.model import IngestError

from .chars import CONTROL_CHARS, is_cjk, is_han, is_hangul, is_kana

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_ALLOWED_CONTROL_BYTES = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
_BAD_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in _ALLOWED_CONTROL_BYTES) + b"\x7f"
_BAD_CONTROLS = re.compile(f"(?![{''.join(_ALLOWED_CONTROLS)}]){CONTROL_CHARS.pattern}")
_BINARY_CONTROL_SHARE = 0.05  # more than 5 % control characters is not a text file
_WESTERN_PUNCT = set("‘’‚“”„–—…•€™°«»·¡¿§©®±×÷")


@dataclass(frozen=True)
class Decoded:
    """Decoded text; ``warning`` says when its encoding was a guess."""

    text: str
    encoding: str
    warning: str | None = None


def decode_bytes(data: bytes, path: Path | str = "<bytes>", *, declared: str | None = None) -> Decoded:
    """The text of ``data``; raises :class:`IngestError` for binary content and for bytes no rule accepts."""
    for boms, encoding in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
                           ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16")):
        if data.startswith(boms):
            try:
                return Decoded(_checked_text(data.decode(encoding), path), encoding)
            except UnicodeDecodeError:
                raise IngestError(path, "binary content, not text") from None
    if b"\x00" in data or _control_share_bytes(data) > _BINARY_CONTROL_SHARE:
        raise IngestError(path, "binary content, not text")
    try:
        return Decoded(_checked_text(data.decode("utf-8-sig"), path), "utf-8")
    except UnicodeDecodeError as error:
        bad = f"byte 0x{data[error.start]:02x} at position {error.start} is not UTF-8"
    if declared:
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            text = None
        if text is not None and _control_share_text(text) <= _BINARY_CONTROL_SHARE:
            return Decoded(_checked_text(text, path), declared.lower())
    guess = next(_guesses(data), None)
    if guess is not None:
        encoding, text = guess
        return Decoded(_checked_text(text, path), encoding, f"{path}: {bad}; read as {encoding}, a guess")
    raise IngestError(path, f"not valid UTF-8 text ({bad}) and no confident encoding guess")


def _guesses(data: bytes) -> Iterator[tuple[str, str]]:
    """``(encoding, text)`` for each plausible non-UTF-8 reading, best first (computed lazily)."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_chinese(text):
        yield "gb18030", text
    guess = _charset_guess(data)
    if guess is not None:
        yield guess
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_western(text):
        yield "cp1252", text


def _checked_text(text: str, path: Path | str) -> str:
    if "\x00" in text or _control_share_text(text) > _BINARY_CONTROL_SHARE:
        raise IngestError(path, "binary content, not text")
    return text


def _control_share_bytes(data: bytes) -> float:
    if not data:
        return 0.0
    bad = len(data) - len(data.translate(None, _BAD_CONTROL_BYTES))
    return bad / len(data)


def _control_share_text(text: str) -> float:
    if not text:
        return 0.0
    bad = len(text) - len(_BAD_CONTROLS.sub("", text))
    return bad / len(text)


def _mostly_chinese(text: str) -> bool:
    """True for text that is mostly Han ideographs and free of the kana / Cyrillic / Greek letters
    that appear when Big5 or Shift-JIS bytes are mis-decoded as GB18030."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    han = sum(1 for c in letters if is_han(c))
    odd = sum(
        1 for c in letters
        if is_kana(c) or is_hangul(c) or 0x0370 <= ord(c) <= 0x04FF or 0xE000 <= ord(c) <= 0xF8FF
    )
    return han / len(letters) >= 0.6 and odd / len(letters) <= 0.02


def _mostly_cjk(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    return sum(1 for c in letters if is_cjk(c)) / len(letters) >= 0.6


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


def _charset_guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's ``(encoding, text)``, only when it is confident: low mess (chaos) and either
    a recognised language (coherence) or a CJK decoding that is mostly ideographs / kana."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        return None
    try:
        best = from_bytes(data).best()
        if best is None or best.chaos > 0.1:
            return None
        text = str(best)
        if best.coherence >= 0.1 or _mostly_cjk(text):
            return best.encoding, text
    except Exception:  # the detector must never turn a bad file into a crash
        return None
    return None

"""Character classes: which scripts a character belongs to and how wide it prints."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The code points of is_han, is_kana and is_hangul below: text without any of them needs no per-character look
HAN_CHARS = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
HAN_KANA_HANGUL_CHARS = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
                                   "\u3040-\u30ff\uac00-\ud7af\u1100-\u11ff]")
CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc, exactly


def is_han(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F
    )


def is_kana(ch: str) -> bool:
    return 0x3040 <= ord(ch) <= 0x30FF


def is_hangul(ch: str) -> bool:
    o = ord(ch)
    return 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF


def is_cjk_punct(ch: str) -> bool:
    o = ord(ch)
    return 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF


def is_cjk(ch: str) -> bool:
    """CJK ideograph, kana, hangul or full-width / ideographic punctuation: joined without spaces."""
    return is_han(ch) or is_kana(ch) or is_hangul(ch) or is_cjk_punct(ch)


@lru_cache(maxsize=8192)
def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)


def han_share(text: str) -> float:
    """Share of Han ideographs among the letters of ``text`` (CJK ideographs count as letters)."""
    if not HAN_CHARS.search(text):
        return 0.0
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if is_han(c)) / len(letters)

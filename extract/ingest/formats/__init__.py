"""File formats -> plain text: :mod:`.markdown`, :mod:`.html`, :mod:`.pdf` (``.txt`` needs no conversion)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Converted:
    """A file's words as plain text, with the title and author its format declares (if any)."""

    text: str
    title: str | None = None
    author: str | None = None


def short_reason(exc: BaseException) -> str:
    """A parser's failure in a few words, for a one-line error."""
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return msg[:120]

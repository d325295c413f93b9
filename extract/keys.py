"""Entity keys: the IRI-safe local names every stage agrees on."""
from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """A stable, readable IRI-safe key: ASCII-folded, lower-case, underscores."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    key = re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")
    if key:
        return key
    # Names with no Latin letters (Chinese) keep a stable key from their code points.
    return "u" + "_".join(f"{ord(c):x}" for c in text if not c.isspace())[:80]

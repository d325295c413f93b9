"""Finding an entity by a name in any language: how names are compared, and the closest names on a miss.

Shared by the read model (:mod:`kg.analysis.records`), the SPARQL parameters
(:mod:`kg.store.binding`) and so the page, the notebook and ``cikg query`` answer a name alike.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

SUGGESTIONS = 5


class UnknownEntityError(LookupError):
    """No entity has the name asked for; ``suggestions`` holds the closest names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else "; no similar name in the graph"
        super().__init__(f"no entity named {name!r}{hint}")


def normalize_name(name: str) -> str:
    """Case, width and spacing folded, so that "byd", "BYD" and "Ｂ Ｙ Ｄ" compare equal."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name).casefold()).strip()


def unique(items: Iterable[str]) -> list[str]:
    """``items`` without repeats, in first-seen order."""
    return list(dict.fromkeys(items))


def closest_names(name: str, index: Mapping[str, list[str]], label: Mapping[str, str],
                  limit: int = SUGGESTIONS) -> list[str]:
    """The labels of the entities whose names (``index``: normalised name -> ids) are closest to ``name``."""
    key = normalize_name(name)
    close = difflib.get_close_matches(key, list(index), n=limit * 3, cutoff=0.6)
    containing = [n for n in index if key and (key in n or n in key) and len(n) > 2]
    words: dict[str, list[str]] = {}  # a misspelt word of a longer name: "comission" -> "... commission"
    for n in index:
        for word in n.split():
            words.setdefault(word, []).append(n)
    near = [n for w in difflib.get_close_matches(key, list(words), n=limit, cutoff=0.8) for n in words[w]]
    ids = [i for n in [*close, *sorted(containing, key=len), *sorted(near, key=len)] for i in index[n]]
    return unique([label[i] for i in ids])[:limit]

"""The reader's word lists (month names, heading words, stop words ...), read from ``ontology/ingest.yaml``."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from ontology import INGEST_YAML

from ..yamlfile import read_yaml


@dataclass(frozen=True)
class IngestWords:
    """Every list of ``ontology/ingest.yaml``; see the comments there for what each is for."""

    months: dict[str, int]
    body_headings: frozenset[str]
    not_name_words: frozenset[str]
    name_particles: tuple[str, ...]
    series_words: tuple[str, ...]
    small_words: frozenset[str]
    acronyms: frozenset[str]
    suffix_tails: frozenset[str]
    continuation_words: tuple[str, ...]
    abbreviations: tuple[str, ...]
    language_markers_with_colon: dict[str, str]
    language_markers_native: dict[str, str]
    stopwords: dict[str, str]
    source_labels: tuple[str, ...]
    source_notes: tuple[str, ...]
    author_labels: tuple[str, ...]
    caption_prefixes: tuple[str, ...]
    caption_endings: tuple[str, ...]
    bracket_notes: tuple[str, ...]


@lru_cache(maxsize=2)
def load_ingest_words(path: Path = INGEST_YAML) -> IngestWords:
    data = read_yaml(path)
    sets = {"body_headings", "not_name_words", "small_words", "acronyms", "suffix_tails"}
    maps = {"months", "language_markers_with_colon", "language_markers_native", "stopwords"}

    def value(name: str) -> object:
        raw = data[name]
        if name in maps:
            return {str(k): v for k, v in raw.items()}
        words = tuple(str(w) for w in raw)
        return frozenset(words) if name in sets else words

    return IngestWords(**{name: value(name) for name in IngestWords.__dataclass_fields__})


WORDS = load_ingest_words()

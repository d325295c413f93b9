"""Issue 13, pathological text: a stretch with no sentence break is cut into sentences of at most
``max_sentence_tokens`` tokens before parsing, so its cost per sentence is bounded; prose is untouched."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from extract.ingest import read_document
from extract.pipeline import DocumentExtractor
from extract.rules import load_rule_config

NAMES = ("China", "Japan", "Germany", "France", "Huawei", "the United States", "SMIC",
         "the Ministry of Science and Technology", "semiconductors", "batteries")


def one_line(path: Path, items: int) -> Path:
    """A single line listing names, with commas and no full stop: the parser reads it as one sentence."""
    path.write_text(", ".join(NAMES[i % len(NAMES)] for i in range(items)) + "\n", encoding="utf-8")
    return path


def extractor(nlp, max_tokens: int | None) -> DocumentExtractor:
    return DocumentExtractor(nlp=nlp, rules=dataclasses.replace(load_rule_config(), max_sentence_tokens=max_tokens))


def longest_sentence(extractor: DocumentExtractor, path: Path) -> int:
    return max(len(sentence) for parsed in extractor.parse(read_document(path)) for sentence in parsed.doc.sents)


def test_the_limit_is_read_from_the_rules_file() -> None:
    assert load_rule_config().max_sentence_tokens == 1000


@pytest.mark.slow
def test_a_line_without_a_sentence_break_is_split_at_the_limit(nlp, tmp_path: Path) -> None:
    line = one_line(tmp_path / "line.txt", 1500)
    assert longest_sentence(extractor(nlp, None), line) > 3000  # what the parser alone makes of it
    assert longest_sentence(extractor(nlp, 200), line) <= 200


@pytest.mark.slow
def test_ordinary_prose_keeps_the_parsers_sentences(nlp) -> None:
    from conftest import BRIEF_2024

    document = read_document(BRIEF_2024)
    bounds = [[(s.start_char, s.end_char) for p in extractor(nlp, limit).parse(document) for s in p.doc.sents]
              for limit in (None, 1000)]
    assert bounds[0] == bounds[1]


@pytest.mark.slow
def test_a_100_kb_line_is_extracted_in_bounded_sentences(nlp, tmp_path: Path) -> None:
    """Its speed is measured by bench/bench_build.py, not asserted here."""
    line = one_line(tmp_path / "line.txt", 8000)  # ~105 KB, ~20,000 tokens, no full stop
    extraction = extractor(nlp, load_rule_config().max_sentence_tokens).extract(read_document(line))
    assert extraction.sentences and max(len(s.text.split()) for s in extraction.sentences) <= 1000

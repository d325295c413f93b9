"""No rule is keyed to a sentence of the measuring data: no run of six words from the seed briefs or
the development passages appears in the code under extract/ or kg/ (names the gazetteer lists aside)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.knowledge import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RUN = 6
WORD = re.compile(r"[a-z0-9]+")


def runs(text: str) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def corpus_texts() -> list[Path]:
    texts = sorted((ROOT / "kg" / "sample_corpus").glob("*.txt"))
    if (SHARED / "corpus" / "dev").is_dir():
        texts += sorted((SHARED / "corpus" / "dev").glob("*.txt"))
    return texts


@pytest.mark.slow
def test_no_code_repeats_six_words_of_the_measuring_data():
    listed = set()
    for entry in load_gazetteer():
        for labels in entry.labels.values():
            for label in labels:
                listed |= runs(label)
    corpus = set().union(*(runs(p.read_text(encoding="utf-8")) for p in corpus_texts())) - listed
    found = []
    for source in sorted([*ROOT.glob("extract/**/*.py"), *ROOT.glob("kg/**/*.py")]):
        code_runs = runs(source.read_text(encoding="utf-8"))
        found += [f"{source.relative_to(ROOT)}: {' '.join(run)}" for run in sorted(code_runs & corpus)]
    assert not found, "\n".join(found)

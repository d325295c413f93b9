"""One definition of fact, co-mention, link and evidence sentence (kg.analysis.counts), the same number in
the build's summary, `cikg analyze`, the page; evidence deduplicated and grouped by language; offsets that
index the document text shipped with the graph, and the documents' metadata."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.analysis.analyze import analyze
from kg.analysis.counts import by_language, count_graph, evidence_sentences, facts_by_property
from kg.analysis.load import load_graph
from kg.analysis.records import Evidence
from kg.graph.documents import read_text
from kg.viz.viz import render


def test_facts_by_property_drops_co_mentions_and_mentions() -> None:
    assert facts_by_property({"relatedTo": 117, "mentionedIn": 90, "targets": 11, "date": 2}) == {"targets": 11, "date": 2}


def test_evidence_counts_each_sentence_once_and_groups_by_language() -> None:
    english = Evidence("MOST funds CAS.", "d", 0, 15, "surface-verb", 0.9, "en")
    twice = Evidence("Le MOST finance la CAS.", "d", 40, 63, "surface-verb-fr", 0.5, "fr")
    again = Evidence("Le MOST finance la CAS.", "d", 40, 63, "copula-fr", 0.4, "fr")
    chinese = Evidence("科技部资助中科院。", "d", 80, 89, "surface-verb-zh", 0.9, "zh")
    records = [twice, chinese, again, english]
    assert evidence_sentences(records) == [twice, chinese, english]
    groups = by_language(records)
    assert list(groups) == ["en", "fr", "zh"] and [len(g) for g in groups.values()] == [1, 1, 1]


@pytest.mark.slow
def test_build_analyze_and_page_count_the_same_facts(bundled_dir: Path, tmp_path: Path) -> None:
    from kg.graph.build import build

    result = build(out=tmp_path / "again")
    kg = load_graph(bundled_dir)
    counts = count_graph(kg)
    assert sum(result.facts_by_property.values()) == counts.facts
    assert "relatedTo" not in result.facts_by_property
    assert f"facts: {counts.facts}\n" in result.summary() + "\n"
    analysis = analyze(kg)
    assert (analysis.facts, analysis.co_mentions) == (counts.facts, counts.co_mentions)
    page = render(kg)
    assert page.counts["facts"] == counts.facts and page.counts["coMentions"] == counts.co_mentions
    assert counts.facts == counts.relations + counts.attributes and counts.relations < counts.co_mentions


def test_offsets_index_the_document_text_shipped_with_the_graph(bundled_dir: Path) -> None:
    kg = load_graph(bundled_dir)
    texts = {d: read_text(bundled_dir, d) for d in kg.documents}
    assert all(texts.values()), "the build writes DIR/generations/<n>/documents/<id>.txt"
    records = [e for f in kg.facts for e in f.evidence] + [e for a in kg.attributes for e in a.evidence]
    assert len(records) > 50
    for record in records:
        assert " ".join(texts[record.document][record.start:record.end].split()) == " ".join(record.sentence.split())


def test_document_metadata_reaches_the_graph(bundled_dir: Path) -> None:
    brief = load_graph(bundled_dir).documents["brief-2023"]
    assert brief.title.startswith("China's Technological Advancements and Innovation in 2023")
    assert (brief.issued, brief.publisher, brief.author) == ("2024-02-23", "East Asian Institute", "QIAN Jiwei")
    assert brief.source_file == "brief-2023.txt"

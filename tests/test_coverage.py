"""Translation coverage (kg/analysis/coverage.py) over graphs written for these tests in the shape of
docs/graph-model.md: evidence records with language, document and offsets."""
from __future__ import annotations

import csv
import hashlib
import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.analysis.coverage import ROW_FIELDS, Run, aligned_pairs, coverage, markdown, write_csv
from kg.graph_file import GraphInputError
from kg.namespaces import CIKG, DOC, ENT, EV

LABELS = {"china": "China", "ai": "artificial intelligence", "chips": "semiconductors", "us": "United States",
          "powerhouse": "S&T powerhouse", "later": "executive summary entity"}
CLASSES = {"china": "Country", "us": "Country", "ai": "Sector", "chips": "Sector", "powerhouse": "Strategy",
           "later": "Concept"}


class Brief:
    """A document's evidence, sentence by sentence: mentions and facts at given offsets."""

    def __init__(self, doc: str = "brief") -> None:
        self.doc = doc
        self.graph = Graph()
        for key, label in LABELS.items():
            self.graph.add((ENT[key], RDFS.label, Literal(label, lang="en")))
            self.graph.add((ENT[key], RDF.type, CIKG[CLASSES[key]]))

    def sentence(self, lang: str, start: int, mentions: list[str], facts: tuple[tuple[str, str, str], ...] = ()) -> None:
        end = start + 10
        for key in mentions:
            self.graph.add((ENT[key], CIKG.mentionedIn, DOC[self.doc]))
            self._evidence(lang, start, end, ENT[key], CIKG.mentionedIn, DOC[self.doc])
        for s, p, o in facts:
            self.graph.add((ENT[s], CIKG[p], ENT[o]))
            self._evidence(lang, start, end, ENT[s], CIKG[p], ENT[o])

    def _evidence(self, lang: str, start: int, end: int, s: URIRef, p: URIRef, o: URIRef) -> None:
        node = EV[hashlib.sha256(f"{self.doc}{start}{s}{p}{o}".encode()).hexdigest()[:20]]
        for predicate, value in ((RDF.type, CIKG.Evidence), (RDF.subject, s), (RDF.predicate, p), (RDF.object, o),
                                 (PROV.wasDerivedFrom, DOC[self.doc]), (CIKG.startOffset, Literal(start)),
                                 (CIKG.endOffset, Literal(end)), (DCTERMS.language, Literal(lang))):
            self.graph.add((node, predicate, value))


@pytest.fixture
def brief() -> Brief:
    """An English abstract, its Chinese and French translations, then an English executive summary."""
    b = Brief()
    b.sentence("en", 0, ["china", "ai"], (("china", "promotes", "ai"),))
    b.sentence("en", 20, ["ai", "chips", "us"], (("ai", "targets", "chips"), ("ai", "relatedTo", "us")))
    b.sentence("zh", 100, ["china", "ai", "chips", "powerhouse"],
               (("china", "promotes", "ai"), ("china", "promotes", "powerhouse")))
    b.sentence("zh", 120, ["us"], ())
    b.sentence("fr", 200, ["china", "ai", "chips"], (("ai", "relatedTo", "chips"),))
    b.sentence("en", 300, ["later", "us"], (("later", "hinders", "us"),))
    return b


def by_language(reports):
    return {r.language: r for r in reports}


def labels(items):
    return [i.label for i in items]


def test_each_translation_is_compared_with_the_english_section_before_it(brief):
    reports = by_language(coverage(brief.graph))
    assert set(reports) == {"zh", "fr"}
    for report in reports.values():
        assert report.source == Run("en", 0, 30)  # the abstract, not the summary at 300
        assert "executive summary entity" not in labels(report.entities_dropped + report.entities_added)
    assert reports["zh"].target == Run("zh", 100, 130) and reports["fr"].target == Run("fr", 200, 210)


def test_entities_expressed_dropped_and_added(brief):
    reports = by_language(coverage(brief.graph))
    zh, fr = reports["zh"], reports["fr"]
    assert labels(zh.entities_expressed) == ["China", "United States", "artificial intelligence", "semiconductors"]
    assert zh.entities_dropped == [] and labels(zh.entities_added) == ["S&T powerhouse"]
    assert labels(fr.entities_dropped) == ["United States"] and fr.entities_added == []
    assert fr.entity_coverage == pytest.approx(3 / 4)


def test_facts_expressed_linked_dropped_and_added(brief):
    reports = by_language(coverage(brief.graph))
    zh, fr = reports["zh"], reports["fr"]
    assert labels(zh.facts_expressed) == ["China promotes artificial intelligence"]
    assert labels(zh.facts_dropped) == ["artificial intelligence targets semiconductors"]
    assert labels(zh.facts_added) == ["China promotes S&T powerhouse"]
    # French only co-mentions AI and chips: the English fact is linked, not dropped; China promotes AI is gone
    assert labels(fr.facts_linked) == ["artificial intelligence targets semiconductors"]
    assert labels(fr.facts_dropped) == ["China promotes artificial intelligence"]
    assert fr.fact_coverage == 0.0 and zh.fact_coverage == pytest.approx(0.5)
    assert all("relatedTo" not in f.predicate for r in reports.values() for f in r.facts_added + r.facts_dropped)


def test_a_translation_before_any_english_aligns_with_the_english_after_it():
    runs = [Run("zh", 0, 10), Run("en", 20, 30), Run("fr", 40, 50), Run("en", 60, 70)]
    assert aligned_pairs(runs) == [(Run("en", 20, 30), Run("zh", 0, 10)), (Run("en", 20, 30), Run("fr", 40, 50))]
    assert aligned_pairs([Run("en", 0, 5)]) == []


def test_rows_csv_and_markdown(brief, tmp_path):
    reports = coverage(brief.graph)
    rows = [row for r in reports for row in r.to_rows()]
    assert all(set(row) == set(ROW_FIELDS) for row in rows)
    assert {"document": "brief", "language": "zh", "kind": "entity", "status": "added", "item": "S&T powerhouse",
            "subject": str(ENT["powerhouse"]), "predicate": "", "object": ""} in rows
    path = write_csv(reports, tmp_path / "coverage.csv")
    with path.open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == rows
    text = markdown(reports)
    assert "| brief | zh | 100% |" in text and "adds: S&T powerhouse" in text
    assert markdown([]) == ""
    assert by_language(reports)["fr"].summary()["entities_dropped"] == 1


def test_reads_a_build_folder_and_ignores_documents_without_translations(brief, tmp_path):
    english_only = Brief("other")
    english_only.sentence("en", 0, ["china"], ())
    (brief.graph + english_only.graph).serialize(tmp_path / "graph.ttl", format="turtle")
    reports = coverage(tmp_path)
    assert [(r.document, r.language) for r in reports] == [("brief", "zh"), ("brief", "fr")]
    with pytest.raises(GraphInputError, match="cikg build"):
        coverage(tmp_path / "missing")


@pytest.mark.slow
def test_cikg_analyze_writes_the_coverage_table_and_summaries(brief, tmp_path):
    from kg.analysis.report import run

    brief.graph.serialize(tmp_path / "graph.ttl", format="turtle")
    result = run(tmp_path)
    assert (result.out / "coverage.csv") in result.files
    summary = json.loads((result.out / "summary.json").read_text(encoding="utf-8"))
    assert [(c["language"], c["entities_added"]) for c in summary["translation_coverage"]] == [("zh", 1), ("fr", 0)]
    assert "## Translation coverage" in (result.out / "report.md").read_text(encoding="utf-8")

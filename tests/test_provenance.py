"""Issue 12, provenance: document facts have evidence records like every other fact, and the document
texts that evidence offsets index are published inside the generation of the graph they belong to."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from extract.ingest.document import read_document
from extract.model import Extraction
from kg.analysis.load import load_graph
from kg.graph.build import build
from kg.graph.documents import read_text
from kg.graph.rdf import DOCUMENT_RULE, DocumentTriples
from kg.graph_file import CURRENT, DOCUMENTS_DIR, GENERATIONS, generation, read_graph
from kg.namespaces import CIKG, DOC
from kg.store.query import run_query
from kg.store.store import build_store, open_store
from kg.store.validate import validate
from kg.viz.viz import render
from stub_extractor import StubExtractor

SOURCED = """SOURCE: Policy Weekly, "Chips and the Whole Nation", 2021-05-16, https://example.org/chips
CHIPS AND THE
WHOLE NATION

By Jane Doe

Beijing funds Shanghai Laboratory and Shenzhen Foundry in a sweeping new programme of support.
"""
DOCUMENT_PROPERTIES = (DCTERMS.title, DCTERMS.issued, DCTERMS.source, CIKG.series, CIKG.seriesNumber,
                       CIKG.publisherName, CIKG.authoredBy, CIKG.publishedBy)


def evidence_records(graph: Graph) -> list[dict[URIRef, object]]:
    return [{p: o for p, o in graph.predicate_objects(node)} for node in graph.subjects(RDF.type, CIKG.Evidence)]


def document_evidence(graph: Graph) -> dict[tuple[URIRef, URIRef, object], dict[URIRef, object]]:
    """The evidence records of document facts, by the fact they support."""
    return {(r[RDF.subject], r[RDF.predicate], r[RDF.object]): r for r in evidence_records(graph)
            if str(r[RDF.subject]).startswith(str(DOC))}


def assert_offsets_index_texts(graph_file: Path) -> int:
    """Every evidence record's sentence is the text beside ``graph_file`` at its offsets; returns how many."""
    graph = read_graph(graph_file)
    records = evidence_records(graph)
    for record in records:
        document = str(record[PROV.wasDerivedFrom])[len(str(DOC)):]
        text = read_text(graph_file, document)
        start, end = int(record[CIKG.startOffset]), int(record[CIKG.endOffset])
        assert text is not None and text[start:end] == str(record[CIKG.sentence]), (graph_file, record)
    return len(records)


def header_triples(path: Path, title_page: bool = True) -> Graph:
    document = read_document(path)
    graph = Graph()
    for triple in DocumentTriples().triples(Extraction(document, {}, [], [], []), title_page):
        graph.add(triple)
    return graph


# --- evidence of document facts ------------------------------------------------------------------


def test_each_field_of_a_source_line_and_title_page_cites_its_line(tmp_path: Path) -> None:
    path = tmp_path / "sourced.txt"
    path.write_text(SOURCED, encoding="utf-8")
    text = read_document(path).text
    records = document_evidence(header_triples(path))
    node = DOC["sourced"]
    source_line = text.split("\n", 1)[0]
    expected = {
        (DCTERMS.issued, "2021-05-16"): source_line,
        (DCTERMS.source, "https://example.org/chips"): source_line,
        (CIKG.publisherName, "Policy Weekly"): source_line,
        (DCTERMS.title, "Chips and the Whole Nation"): source_line,  # a quoted title of the source line
    }
    found = {(p, str(o)): str(r[CIKG.sentence]) for (s, p, o), r in records.items() if s == node}
    assert found == expected
    for record in records.values():
        start, end = int(record[CIKG.startOffset]), int(record[CIKG.endOffset])
        assert text[start:end] == str(record[CIKG.sentence])
        assert str(record[CIKG.rule]) == DOCUMENT_RULE and record[PROV.wasDerivedFrom] == node


def test_a_title_set_on_several_lines_cites_the_run_of_lines(tmp_path: Path) -> None:
    path = tmp_path / "paged.txt"
    path.write_text("**Chips and the**\n**Whole Nation**\n\nBy Jane Doe\n\nDate: 2024-07-18\n\n"
                    "Beijing funds Shanghai Laboratory in a sweeping new programme of support.\n", encoding="utf-8")
    records = document_evidence(header_triples(path))
    titles = [r for (_, p, _), r in records.items() if p == DCTERMS.title]
    assert [str(r[CIKG.sentence]) for r in titles] == ["**Chips and the**\n**Whole Nation**"]
    issued = [str(r[CIKG.sentence]) for (_, p, _), r in records.items() if p == DCTERMS.issued]
    assert issued == ["Date: 2024-07-18"]


def test_a_field_no_line_states_and_a_later_page_have_no_evidence(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>A Title Only The Markup Gives</title></head><body>"
                    "<p>Beijing funds Shanghai Laboratory in a sweeping new programme of support.</p></body></html>",
                    encoding="utf-8")
    graph = header_triples(path)
    assert (DOC["page"], DCTERMS.title, Literal("A Title Only The Markup Gives", lang="en")) in graph
    assert document_evidence(graph) == {}
    sourced = tmp_path / "sourced.txt"
    sourced.write_text(SOURCED, encoding="utf-8")
    later = header_triples(sourced, title_page=False)  # a streamed file's later page: the header is not in its text
    assert (DOC["sourced"], DCTERMS.issued, None) in later and document_evidence(later) == {}


@pytest.mark.slow
def test_the_bundled_briefs_facts_about_documents_have_evidence(bundled_dir: Path) -> None:
    graph = read_graph(bundled_dir)
    stated = {(s, p, o) for p in DOCUMENT_PROPERTIES for s, o in graph.subject_objects(p)}
    assert len(stated) >= 6  # brief-2023: title, date, series, number, author, publisher
    assert set(document_evidence(graph)) == stated  # each has its evidence, and only those
    assert assert_offsets_index_texts(bundled_dir / "graph.ttl") > len(stated)
    assert validate(bundled_dir).conforms


@pytest.mark.slow
def test_entity_evidence_and_the_page_show_document_evidence(bundled_dir: Path) -> None:
    kg = load_graph(bundled_dir)
    author = next(r.value for r in kg.documents["brief-2023"].facts if r.predicate == "authoredBy")
    rows = run_query(open_store(bundled_dir, read_only=True), "entity-evidence", {"entity": author}).values()
    cited = [r for r in rows if r["rule"] == DOCUMENT_RULE]
    assert [(r["direction"], r["property"], r["document"]) for r in cited] == [
        ("<-", str(CIKG.authoredBy), str(DOC["brief-2023"]))]
    assert author in cited[0]["sentence"]
    data = render(kg).html.split('id="cikg-data">', 1)[1].split("</script>", 1)[0]
    page = __import__("json").loads(data)
    brief = next(d for d in page["documents"] if d["id"] == "brief-2023")
    issued = next(f for f in brief["facts"] if f["property"] == "issued")
    [evidence] = issued["evidence"]
    assert evidence["rule"] == DOCUMENT_RULE
    assert brief["text"][evidence["start"]:evidence["end"]] == evidence["sentence"]


# --- texts inside the generation -----------------------------------------------------------------


def test_the_texts_of_the_current_generation_match_its_graph_after_two_builds(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    brief = corpus / "brief.txt"
    brief.write_text(SOURCED, encoding="utf-8")
    build([corpus], out, extractor=StubExtractor())
    first = generation(out)
    brief.write_text("Preface Words\n\n" + SOURCED.replace("Beijing funds", "Lately Beijing funds"), encoding="utf-8")
    build([corpus], out, extractor=StubExtractor())
    second = generation(out)
    assert second.root != first.root and os.readlink(out / DOCUMENTS_DIR) == f"{CURRENT}/{DOCUMENTS_DIR}"
    assert (out / DOCUMENTS_DIR / "brief.txt").read_text(encoding="utf-8") == \
        (second.documents / "brief.txt").read_text(encoding="utf-8") != (first.documents / "brief.txt").read_text(encoding="utf-8")
    for graph_file in (out / "graph.ttl", second.graph, first.graph):  # the one before is kept for its readers
        assert assert_offsets_index_texts(graph_file) > 0
    assert read_text(out, "brief") == (second.documents / "brief.txt").read_text(encoding="utf-8")


def test_a_store_rebuild_keeps_the_texts_with_the_graph(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "brief.txt").write_text(SOURCED, encoding="utf-8")
    build([corpus], out, extractor=StubExtractor())
    build_store(out)
    assert generation(out).root.name == "2" and assert_offsets_index_texts(out / "graph.ttl") > 0


def test_a_folder_with_texts_outside_generations_gets_them_inside(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "brief.txt").write_text(SOURCED, encoding="utf-8")
    (out / DOCUMENTS_DIR).mkdir(parents=True)
    (out / DOCUMENTS_DIR / "brief.txt").write_text("an older build's text", encoding="utf-8")
    build([corpus], out, extractor=StubExtractor())
    assert (out / DOCUMENTS_DIR).is_symlink() and (out / GENERATIONS / "1" / DOCUMENTS_DIR / "brief.txt").is_file()
    assert assert_offsets_index_texts(out / "graph.ttl") > 0

"""The whole build on the bundled briefs: graph shape, evidence, metadata, determinism, bad input."""
from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg.graph.build import build, sample_corpus
from kg.cli import main
from kg.namespaces import CIKG, DOC, ENT

NON_FACT = {RDF.type, RDFS.label, CIKG.mentionedIn}


@pytest.fixture(scope="module")
def built(tmp_path_factory, mini_extractor):
    from extract.pipeline import DocumentExtractor

    out = tmp_path_factory.mktemp("built")
    result = build([sample_corpus()], out, extractor=DocumentExtractor(nlp=mini_extractor.nlp))
    graph = Graph().parse(result.graph_path)
    return result, graph


@pytest.mark.slow
def test_build_reads_both_briefs_and_reports(built):
    result, _ = built
    assert result.documents == ["brief-2023", "brief-2024"]
    assert result.ok
    summary = result.summary()
    assert "documents: 2" in summary and "entities:" in summary and "facts:" in summary


@pytest.mark.slow
def test_every_entity_has_class_label_and_mention(built):
    _, graph = built
    entities = set(graph.subjects(CIKG.mentionedIn, None))
    assert len(entities) > 20
    for entity in entities:
        assert str(entity).startswith(str(ENT))
        assert list(graph.objects(entity, RDF.type)), entity
        assert any(label.language == "en" for label in graph.objects(entity, RDFS.label)), entity


@pytest.mark.slow
def test_every_fact_has_evidence_with_sentence_and_offsets(built):
    _, graph = built
    evidence_for = {(s, p, o) for ev in graph.subjects(RDF.type, CIKG.Evidence)
                    for s in graph.objects(ev, RDF.subject) for p in graph.objects(ev, RDF.predicate)
                    for o in graph.objects(ev, RDF.object)}
    facts = [(s, p, o) for s, p, o in graph if str(s).startswith(str(ENT)) and str(p).startswith(str(CIKG))
             and p not in NON_FACT]
    assert len(facts) > 20
    missing = [f for f in facts if f not in evidence_for]
    assert not missing, missing[:5]


@pytest.mark.slow
def test_evidence_offsets_point_at_their_sentence(built):
    from extract.ingest import read_document

    _, graph = built
    texts = {p.stem: read_document(p).text for p in sample_corpus().glob("*.txt")}
    checked = 0
    for ev in graph.subjects(RDF.type, CIKG.Evidence):
        doc = str(graph.value(ev, PROV.wasDerivedFrom))
        start, end = int(graph.value(ev, CIKG.startOffset)), int(graph.value(ev, CIKG.endOffset))
        sentence = str(graph.value(ev, CIKG.sentence))
        assert texts[doc.rsplit("/", 1)[-1]][start:end] == sentence
        checked += 1
    assert checked > 50


@pytest.mark.slow
def test_document_metadata_from_the_title_page(built):
    _, graph = built
    doc = DOC["brief-2023"]
    assert str(graph.value(doc, DCTERMS.title)).startswith("China's Technological Advancements and Innovation in 2023")
    assert graph.value(doc, DCTERMS.issued) == Literal("2024-02-23", datatype=XSD.date)
    assert graph.value(doc, CIKG.seriesNumber) == Literal("1752")
    author = graph.value(doc, CIKG.authoredBy)
    assert author is not None and (author, RDF.type, CIKG.Person) in graph
    assert set(map(str, graph.objects(DOC["brief-2024"], DCTERMS.language))) == {"en", "zh", "fr", "es"}


@pytest.mark.slow
def test_figures_are_typed_observations(built):
    _, graph = built
    values = {(str(graph.value(o, CIKG.value)), str(graph.value(o, CIKG.unit)), str(graph.value(o, CIKG.year)))
              for o in graph.subjects(RDF.type, CIKG.Observation)}
    assert ("2.6", "percent", "2023") in values
    assert ("2.72", "percent", "2021") in values


@pytest.mark.slow
def test_two_builds_give_identical_bytes(tmp_path, mini_extractor):
    from extract.pipeline import DocumentExtractor

    extractor = DocumentExtractor(nlp=mini_extractor.nlp)
    first = build([sample_corpus()], tmp_path / "a", extractor=extractor).graph_path.read_bytes()
    second = build([sample_corpus()], tmp_path / "b", extractor=extractor).graph_path.read_bytes()
    assert first == second


@pytest.mark.slow
def test_bad_files_are_reported_and_the_rest_is_built(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(sample_corpus() / "brief-2023.txt", corpus)
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    out = tmp_path / "out"
    code = main(["build", str(corpus), str(tmp_path / "missing.txt"), "--out", str(out)])
    err = capsys.readouterr().err.splitlines()
    assert code != 0
    for name in ("empty.txt", "binary.txt", "broken.pdf", "missing.txt"):
        assert any(name in line and line.startswith("error: ") for line in err), (name, err)
    graph = Graph().parse(out / "graph.ttl")
    assert (DOC["brief-2023"], RDF.type, CIKG.Document) in graph
    assert (DOC["empty"], RDF.type, CIKG.Document) not in graph


@pytest.mark.slow
def test_a_failed_build_keeps_the_previous_graph(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# previous graph\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("   ")
    assert main(["build", str(empty), "--out", str(out)]) != 0
    assert (out / "graph.ttl").read_text() == "# previous graph\n"

"""kg.evaluate: scoring a graph against a gold file, with exact numbers on tiny hand-made graphs."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.evaluate import (
    EvalReport,
    EvaluationError,
    coarse_types,
    evaluate,
    format_report,
    literal_matches,
    normalize_label,
)
from kg.namespaces import CIKG, DOC, ENT, EV

ONTOLOGY = """
@prefix cikg: <https://w3id.org/cikg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
cikg:Actor a owl:Class .
cikg:GovernmentBody a owl:Class ; rdfs:subClassOf cikg:Actor .
cikg:Ministry a owl:Class ; rdfs:subClassOf cikg:GovernmentBody .
cikg:Enterprise a owl:Class ; rdfs:subClassOf cikg:Actor .
cikg:Country a owl:Class ; rdfs:subClassOf cikg:Actor .
cikg:Concept a owl:Class .
cikg:Technology a owl:Class ; rdfs:subClassOf cikg:Concept .
cikg:Policy a owl:Class .
cikg:Fund a owl:Class ; rdfs:subClassOf cikg:Policy .
cikg:Event a owl:Class .
cikg:Sector a owl:Class .
cikg:Document a owl:Class .
cikg:coordinates a owl:ObjectProperty ; rdfs:label "coordinates" .
cikg:p17 a owl:ObjectProperty ; rdfs:label "finances" .
cikg:relatedTo a owl:ObjectProperty ; rdfs:label "related to" .
cikg:targets a owl:ObjectProperty ; rdfs:label "targets" .
cikg:authoredBy a owl:ObjectProperty ; rdfs:label "authored by" .
"""

GOLD = """
documents:
  d1: {file: d1.txt, title: "Doc One: A Study"}
  d2: {file: d2.txt, languages: [en, zh, fr]}
  d3: {file: d3.txt}
entities:
  - {id: alpha, types: [GovernmentBody], names: [Alpha Ministry, the AM], labels: {zh: ["阿尔法部"], fr: ["Ministère Alpha"]}, docs: [d1, d2]}
  - {id: beta, types: [Enterprise], names: [Beta Corp], docs: [d1]}
  - {id: gamma, types: [Concept, Policy], names: [gamma-approach], labels: {fr: ["approche gamma"]}, docs: [d2]}
  - {id: summit, types: [Event], names: [Summit], docs: [d1]}
  - {id: fund, types: [Policy], names: [guidance funds], docs: [d1]}
  - {id: opt, types: [Concept], names: [optional thing], labels: {zh: ["可选"]}, docs: [d1], required: false}
  - {id: delta, types: [Sector], names: [delta sector], labels: {fr: ["secteur delta"]}, docs: [d3]}
  - {id: doc_one, types: [Document], names: [d1, "Doc One: A Study"], docs: [d1], required: false}
relations:
  - {s: alpha, p: "coordinat|oversee", o: beta, docs: [d1]}
  - {s: fund, p: "financ|fund", o: beta, docs: [d1]}
  - {s: alpha, p: "establish|year", o: "2020", docs: [d1], literal: true}
  - {s: beta, p: "status|leader", o: "market leader", docs: [d1], literal: true}
  - {s: summit, p: "date|held", o: "2023-12", docs: [d1], literal: true}
  - {s: gamma, p: "target|focus", o: alpha, docs: [d2]}
  - {s: doc_one, p: "author", o: alpha, docs: [d1]}
  - {s: delta, p: "x", o: alpha, docs: [d3]}
"""

D1, D2 = DOC["d1"], DOC["d2"]


def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(data=ONTOLOGY, format="turtle")


def fact(g: rdflib.Graph, s, p, o, doc=D1) -> None:
    """A direct triple plus its evidence record, as docs/graph-model.md writes them."""
    g.add((s, p, o))
    ev = EV[hashlib.sha1(f"{s}{p}{o}{doc}".encode()).hexdigest()[:12]]
    g.add((ev, RDF.type, CIKG.Evidence))
    g.add((ev, RDF.subject, s))
    g.add((ev, RDF.predicate, p))
    g.add((ev, RDF.object, o))
    g.add((ev, PROV.wasDerivedFrom, doc))
    g.add((ev, CIKG.sentence, Literal("A sentence.", lang="en")))
    g.add((ev, CIKG.rule, Literal("svo")))


def entity(g: rdflib.Graph, key: str, cls, label: str, docs=(D1,), **labels) -> URIRef:
    node = ENT[key]
    g.add((node, RDF.type, cls))
    g.add((node, RDFS.label, Literal(label, lang="en")))
    g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
    for lang, text in labels.items():
        g.add((node, SKOS.altLabel, Literal(text, lang=lang.replace("_", "-"))))
    for d in docs:
        fact(g, node, CIKG.mentionedIn, d, doc=d)
    return node


def remove_node(g: rdflib.Graph, node) -> None:
    g.remove((node, None, None))
    g.remove((None, None, node))


def perfect_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.bind("cikg", CIKG)
    g.add((D1, RDF.type, CIKG.Document))
    g.add((D1, RDFS.label, Literal("Doc One: A Study", lang="en")))
    g.add((D1, DCTERMS.title, Literal("Doc One: A Study", lang="en")))
    g.add((D1, CIKG.sourceFile, Literal("corpus/d1.txt")))
    g.add((D2, RDF.type, CIKG.Document))
    g.add((D2, CIKG.sourceFile, Literal("d2.txt")))
    alpha = entity(g, "alpha", CIKG.GovernmentBody, "Alpha Ministry", docs=(D1, D2), zh="阿尔法部", fr="Ministère Alpha")
    beta = entity(g, "beta", CIKG.Enterprise, "Beta Corp")
    gamma = entity(g, "gamma", CIKG.Concept, "Gamma Approach", docs=(D2,), fr="approche gamma")
    summit = entity(g, "summit", CIKG.Event, "the Summit")
    fund = entity(g, "fund", CIKG.Fund, "Guidance Funds")
    fact(g, alpha, CIKG.coordinates, beta)
    fact(g, fund, CIKG.p17, beta)
    fact(g, alpha, CIKG.establishedIn, Literal("2020", datatype=rdflib.XSD.gYear))
    fact(g, beta, CIKG.status, Literal("market leaders"))
    fact(g, summit, CIKG.date, Literal("2023-12", datatype=rdflib.XSD.gYearMonth))
    fact(g, gamma, CIKG.targets, alpha, doc=D2)
    fact(g, D1, CIKG.authoredBy, alpha)
    return g


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.yaml"
    path.write_text(GOLD, encoding="utf-8")
    return path


def run(tmp_path: Path, g: rdflib.Graph, gold: Path) -> EvalReport:
    out = tmp_path / "build"
    out.mkdir(exist_ok=True)
    g.serialize(out / "graph.ttl", format="turtle")
    return evaluate(out, gold, ontology=ontology())


def relation(report: EvalReport, s: str, o: str):
    (r,) = [r for r in report.relations.results if r.s == s and r.o == o]
    return r


# ----------------------------------------------------------------------------- helpers


def test_normalize_label():
    assert normalize_label("The  Whole-of-Nation\u00a0Approach") == "whole of nation approach"
    assert normalize_label("“chokepoint” technologies") == 'chokepoint" technologies'
    assert normalize_label("“Beijing”") == "beijing"
    assert normalize_label("China’s economy") == normalize_label("China's economy")
    assert normalize_label("Ｒ＆Ｄ") == "r&d"  # NFKC folds full-width forms
    assert normalize_label("new–quality productive forces") == "new quality productive forces"
    assert normalize_label("them") == "them"


def test_literal_matches():
    assert literal_matches("Global market leaders", "global market leader")
    assert literal_matches("global  market leader", "global market leaders")
    assert literal_matches("2023-12", "2023-12")
    assert literal_matches("2023-12-01", "2023-12")
    assert literal_matches("2023-12-01T10:00:00", "2023-12")
    assert not literal_matches("2023-11-30", "2023-12")
    assert not literal_matches("20230", "2023")
    assert not literal_matches("2023", "2023-12")
    assert not literal_matches("market", "market leader")


def test_coarse_types_walk_subclass_of():
    onto = ontology()
    assert coarse_types([CIKG.Ministry], onto) == {"GovernmentBody"}
    assert coarse_types([CIKG.Technology], onto) == {"Concept"}
    assert coarse_types([CIKG.Fund, CIKG.Event], onto) == {"Policy", "Event"}
    assert coarse_types([CIKG.Actor], onto) == {"Actor"}
    assert coarse_types([CIKG.Unknown], onto) == set()


# ----------------------------------------------------------------------------- scores


def test_perfect_graph_scores_one_everywhere(tmp_path, gold):
    r = run(tmp_path, perfect_graph(), gold)
    assert r.documents_in_scope == ["d1", "d2"]
    e = r.entities
    assert (e.precision, e.recall, e.f1) == (1.0, 1.0, 1.0)
    assert (e.required_total, e.required_matched, e.graph_entities) == (5, 5, 5)
    assert e.misses == [] and e.false_positives == [] and e.duplicates == [] and e.merges == []
    assert r.types.accuracy == 1.0 and r.types.total == 5
    assert r.relations.total == 7  # the d3 relation is out of scope
    assert (r.relations.untyped_found, r.relations.typed_found) == (7, 7)
    assert r.relations.untyped_recall == r.relations.typed_recall == 1.0
    assert {k: (s.found, s.total) for k, s in r.labels.per_language.items()} == {"zh": (1, 1), "fr": (2, 2)}
    assert r.labels.overall.recall == 1.0
    assert r.warnings == []


def test_ttl_file_input_equals_folder_input(tmp_path, gold):
    g = perfect_graph()
    path = tmp_path / "x.ttl"
    g.serialize(path, format="turtle")
    assert evaluate(path, gold, ontology=ontology()).to_json()["entities"] == run(tmp_path, g, gold).to_json()["entities"]


def test_missing_entity_lowers_recall(tmp_path, gold):
    g = perfect_graph()
    remove_node(g, ENT["summit"])
    r = run(tmp_path, g, gold)
    assert r.entities.recall == pytest.approx(4 / 5)
    assert r.entities.precision == 1.0
    assert r.entities.f1 == pytest.approx(2 * 0.8 / 1.8)
    assert [m.gold_id for m in r.entities.misses] == ["summit"]
    assert relation(r, "summit", "2023-12").found_untyped is False
    assert r.relations.typed_found == 6


def test_extra_node_lowers_precision(tmp_path, gold):
    g = perfect_graph()
    entity(g, "zeta", CIKG.Technology, "Zeta")
    r = run(tmp_path, g, gold)
    assert r.entities.precision == pytest.approx(5 / 6)
    assert r.entities.recall == 1.0
    assert [(n.label, n.classes, n.coarse) for n in r.entities.false_positives] == [("Zeta", ("Technology",), ("Concept",))]


def test_optional_match_neither_helps_nor_hurts(tmp_path, gold):
    g = perfect_graph()
    entity(g, "opt", CIKG.Concept, "Optional Thing")
    r = run(tmp_path, g, gold)
    assert (r.entities.precision, r.entities.recall) == (1.0, 1.0)
    assert (r.entities.graph_entities, r.entities.neutral_nodes) == (6, 1)
    assert r.labels.overall.total == 3  # optional entities' labels are not asked for
    g2 = perfect_graph()
    remove_node(g2, ENT["beta"])
    entity(g2, "opt", CIKG.Concept, "optional thing")
    r2 = run(tmp_path, g2, gold)
    assert r2.entities.recall == pytest.approx(4 / 5)  # does not stand in for a required one
    assert r2.entities.precision == 1.0


def test_two_nodes_for_one_gold_entity_are_a_duplicate(tmp_path, gold):
    g = perfect_graph()
    entity(g, "beta_corp", CIKG.Enterprise, "BETA  CORP")
    r = run(tmp_path, g, gold)
    assert [(d.gold_id, sorted(n.iri for n in d.nodes)) for d in r.entities.duplicates] == [
        ("beta", [str(ENT["beta"]), str(ENT["beta_corp"])])]
    assert r.entities.recall == 1.0 and r.entities.precision == 1.0
    assert r.entities.merges == []


def test_a_node_matching_two_gold_entities_is_a_merge(tmp_path, gold):
    g = perfect_graph()
    g.add((ENT["beta"], SKOS.altLabel, Literal("Summit", lang="en")))
    remove_node(g, ENT["summit"])
    r = run(tmp_path, g, gold)
    assert [(m.node.iri, m.gold_ids) for m in r.entities.merges] == [(str(ENT["beta"]), ("beta", "summit"))]
    assert r.entities.recall == 1.0 and r.entities.precision == 1.0
    # one node cannot be both an Enterprise and an Event
    assert r.types.correct == 4 and [x.gold_id for x in r.types.errors] == ["summit"]


def test_wrong_type_lowers_type_accuracy(tmp_path, gold):
    g = perfect_graph()
    g.set((ENT["beta"], RDF.type, CIKG.Concept))
    r = run(tmp_path, g, gold)
    assert r.types.accuracy == pytest.approx(4 / 5)
    assert [(x.gold_id, x.expected, [n.coarse for n in x.nodes]) for x in r.types.errors] == [
        ("beta", ("Enterprise",), [("Concept",)])]
    assert r.entities.recall == 1.0  # the type does not matter for matching


def test_duplicate_with_one_wrong_type_is_wrong(tmp_path, gold):
    g = perfect_graph()
    entity(g, "beta2", CIKG.Event, "Beta Corp")
    r = run(tmp_path, g, gold)
    assert r.types.accuracy == pytest.approx(4 / 5)
    assert [n.iri for n in r.types.errors[0].nodes] == [str(ENT["beta2"])]


def test_one_of_several_types_right_is_enough(tmp_path, gold):
    g = perfect_graph()
    g.add((ENT["beta"], RDF.type, CIKG.Concept))
    assert run(tmp_path, g, gold).types.accuracy == 1.0


def test_subclass_counts_as_its_coarse_type(tmp_path, gold):
    g = perfect_graph()
    g.set((ENT["alpha"], RDF.type, CIKG.Ministry))
    r = run(tmp_path, g, gold)
    assert r.types.accuracy == 1.0
    (m,) = [m for m in r.entities.matches if m.gold_id == "alpha"]
    assert m.nodes[0].classes == ("Ministry",) and m.nodes[0].coarse == ("GovernmentBody",)
    g.set((ENT["alpha"], RDF.type, CIKG.Actor))  # too coarse: Actor is not GovernmentBody
    assert run(tmp_path, g, gold).types.accuracy == pytest.approx(4 / 5)


def test_wrong_predicate_is_found_untyped_only(tmp_path, gold):
    g = perfect_graph()
    g.remove((ENT["alpha"], CIKG.coordinates, ENT["beta"]))
    g.add((ENT["alpha"], CIKG.relatedTo, ENT["beta"]))
    r = run(tmp_path, g, gold)
    rel = relation(r, "alpha", "beta")
    assert (rel.found_untyped, rel.found_typed, rel.predicates) == (True, False, ("relatedTo",))
    assert (r.relations.untyped_found, r.relations.typed_found) == (7, 6)


def test_predicate_label_from_ontology_counts(tmp_path, gold):
    r = run(tmp_path, perfect_graph(), gold)
    assert relation(r, "fund", "beta").found_typed  # cikg:p17 rdfs:label "finances"


def test_reversed_direction_is_untyped_not_typed(tmp_path, gold):
    g = perfect_graph()
    g.remove((ENT["alpha"], CIKG.coordinates, ENT["beta"]))
    g.add((ENT["beta"], CIKG.coordinates, ENT["alpha"]))
    rel = relation(run(tmp_path, g, gold), "alpha", "beta")
    assert (rel.found_untyped, rel.found_typed, rel.predicates) == (True, False, ("^coordinates",))


def test_evidence_without_direct_triple_does_not_count(tmp_path, gold):
    g = perfect_graph()
    g.remove((ENT["alpha"], CIKG.coordinates, ENT["beta"]))  # evidence record stays
    rel = relation(run(tmp_path, g, gold), "alpha", "beta")
    assert (rel.found_untyped, rel.found_typed) == (False, False)


def test_document_node_stands_for_its_gold_entity(tmp_path, gold):
    g = perfect_graph()
    r = run(tmp_path, g, gold)
    assert relation(r, "doc_one", "alpha").found_typed
    g.remove((D1, RDFS.label, None))
    g.remove((D1, DCTERMS.title, None))  # the file stem "d1" is still a name of doc_one
    assert relation(run(tmp_path, g, gold), "doc_one", "alpha").found_typed
    # being mentioned in a document is not a relation with it
    g.remove((D1, CIKG.authoredBy, ENT["alpha"]))
    assert not relation(run(tmp_path, g, gold), "doc_one", "alpha").found_untyped


def test_literal_relations(tmp_path, gold):
    r = run(tmp_path, perfect_graph(), gold)
    assert relation(r, "beta", "market leader").found_typed  # plural "leaders" in the graph
    assert relation(r, "summit", "2023-12").found_typed  # gYearMonth
    assert relation(r, "alpha", "2020").found_typed

    g = perfect_graph()
    g.set((ENT["summit"], CIKG.date, Literal("2023-12-01", datatype=rdflib.XSD.date)))
    g.set((ENT["beta"], CIKG.status, Literal("Market  Leader")))
    g.remove((ENT["alpha"], CIKG.establishedIn, None))
    g.add((ENT["alpha"], CIKG.note, Literal("2020")))  # right value, wrong predicate
    r = run(tmp_path, g, gold)
    assert relation(r, "summit", "2023-12").found_typed
    assert relation(r, "beta", "market leader").found_typed
    rel = relation(r, "alpha", "2020")
    assert (rel.found_untyped, rel.found_typed, rel.predicates) == (True, False, ("note",))

    g.set((ENT["summit"], CIKG.date, Literal("2023-11-30", datatype=rdflib.XSD.date)))
    g.set((ENT["beta"], CIKG.status, Literal("market")))
    r = run(tmp_path, g, gold)
    assert not relation(r, "summit", "2023-12").found_untyped
    assert not relation(r, "beta", "market leader").found_untyped
    assert (r.relations.untyped_found, r.relations.typed_found) == (5, 4)


def test_a_label_is_not_a_literal_fact(tmp_path, gold):
    g = perfect_graph()
    g.set((ENT["beta"], CIKG.status, Literal("bankrupt")))
    g.add((ENT["beta"], SKOS.altLabel, Literal("market leader", lang="en")))
    assert not relation(run(tmp_path, g, gold), "beta", "market leader").found_untyped


def test_labels_per_language(tmp_path, gold):
    g = perfect_graph()
    g.remove((ENT["gamma"], SKOS.altLabel, Literal("approche gamma", lang="fr")))
    g.add((ENT["gamma"], SKOS.altLabel, Literal("approche gamma", lang="en")))  # wrong tag
    g.remove((ENT["alpha"], SKOS.altLabel, Literal("阿尔法部", lang="zh")))
    g.add((ENT["alpha"], SKOS.prefLabel, Literal("阿尔法部", lang="zh-Hans")))  # a subtag counts
    r = run(tmp_path, g, gold)
    per = {k: (s.found, s.total, s.recall) for k, s in r.labels.per_language.items()}
    assert per == {"zh": (1, 1, 1.0), "fr": (1, 2, 0.5)} and list(per) == ["zh", "fr"]  # gold order
    assert (r.labels.overall.found, r.labels.overall.total) == (2, 3)
    assert [(m.gold_id, m.lang, m.label) for m in r.labels.misses] == [("gamma", "fr", "approche gamma")]
    assert r.entities.recall == 1.0  # the English-tagged label still matches the entity


def test_out_of_scope_documents_are_ignored(tmp_path, gold):
    g = perfect_graph()
    # delta's only document (d3) is not in the graph: a node for it is unverified, a false positive
    entity(g, "delta", CIKG.Sector, "Delta Sector")
    r = run(tmp_path, g, gold)
    assert r.documents_in_scope == ["d1", "d2"]
    assert "delta" not in [m.gold_id for m in r.entities.misses]
    assert [n.label for n in r.entities.false_positives] == ["Delta Sector"]
    assert all(x.s != "delta" for x in r.relations.results)

    g = perfect_graph()
    remove_node(g, D2)  # now only d1 is in scope
    r = run(tmp_path, g, gold)
    assert r.documents_in_scope == ["d1"]
    # alpha (d1, d2), beta, summit, fund: gamma is d2-only and its node is no longer in scope
    assert (r.entities.required_total, r.entities.graph_entities, r.entities.recall) == (4, 4, 1.0)
    assert r.relations.total == 6 and r.relations.typed_found == 6
    assert r.labels.per_language == {} and r.labels.overall.recall is None  # no d2 sections


def test_nodes_mentioned_only_out_of_scope_are_not_entities(tmp_path, gold):
    g = perfect_graph()
    d9 = DOC["d9"]
    g.add((d9, RDF.type, CIKG.Document))
    g.add((d9, CIKG.sourceFile, Literal("d9.txt")))
    entity(g, "omega", CIKG.Concept, "Omega", docs=(d9,))
    r = run(tmp_path, g, gold)
    assert r.entities.graph_entities == 5 and r.entities.precision == 1.0


def test_no_document_in_scope_is_an_error(tmp_path, gold):
    g = perfect_graph()
    g.remove((None, CIKG.sourceFile, None))
    g.add((D1, CIKG.sourceFile, Literal("other.txt")))
    with pytest.raises(EvaluationError, match="no gold document"):
        run(tmp_path, g, gold)


def test_missing_graph_and_bad_gold_are_errors(tmp_path, gold):
    with pytest.raises(EvaluationError, match="no graph"):
        evaluate(tmp_path, gold, ontology=ontology())
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOLD.replace("o: beta, docs: [d1]}", "o: nobody, docs: [d1]}", 1), encoding="utf-8")
    g = perfect_graph()
    g.serialize(tmp_path / "graph.ttl", format="turtle")
    with pytest.raises(EvaluationError, match="nobody"):
        evaluate(tmp_path, bad, ontology=ontology())


def test_json_round_trips_and_table(tmp_path, gold):
    g = perfect_graph()
    entity(g, "zeta", CIKG.Technology, "Zeta")
    remove_node(g, ENT["summit"])
    r = run(tmp_path, g, gold)
    data = r.to_json()
    text = format_report(r, as_json=True)
    assert json.loads(text) == data == json.loads(json.dumps(data))
    assert set(data) == {"graph", "gold", "documents_in_scope", "entities", "types", "relations",
                         "labels", "warnings"}
    assert data["entities"]["precision"] == pytest.approx(4 / 5)
    assert data["entities"]["false_positives"][0]["label"] == "Zeta"
    assert data["labels"]["per_language"]["fr"] == {"found": 2, "total": 2, "recall": 1.0}
    assert data["relations"]["results"][0]["s"] == "alpha"
    table = format_report(r, as_json=False)
    assert table == r.table()
    for needle in ("entity precision", "0.800", "entity recall", "type accuracy", "duplicates",
                   "relations untyped", "6/7", "relations typed", "labels zh", "labels fr",
                   "labels overall", "misses (1)", "summit: Summit", "false positives (1)",
                   "Zeta [Technology]", "summit -[date|held]-> '2023-12'  (not linked)"):
        assert needle in table, needle


def test_default_ontology_is_the_package_file(tmp_path, gold, monkeypatch):
    import ontology as onto_pkg

    path = tmp_path / "cikg.ttl"
    path.write_text(ONTOLOGY, encoding="utf-8")
    monkeypatch.setattr(onto_pkg, "ONTOLOGY_TTL", path)
    g = perfect_graph()
    g.set((ENT["alpha"], RDF.type, CIKG.Ministry))
    g.serialize(tmp_path / "graph.ttl", format="turtle")
    r = evaluate(tmp_path, gold)
    assert r.types.accuracy == 1.0 and r.warnings == []
    monkeypatch.setattr(onto_pkg, "ONTOLOGY_TTL", tmp_path / "missing.ttl")
    r = evaluate(tmp_path, gold)
    assert r.warnings and r.types.accuracy == pytest.approx(3 / 5)  # Ministry and Fund unknown ...
    # ... except that subClassOf triples in the graph itself are used too
    g.add((CIKG.Ministry, RDFS.subClassOf, CIKG.GovernmentBody))
    g.add((CIKG.Fund, RDFS.subClassOf, CIKG.Policy))
    g.serialize(tmp_path / "graph.ttl", format="turtle")
    assert evaluate(tmp_path, gold).types.accuracy == 1.0


# ----------------------------------------------------------------------------- the real gold file

REAL_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seed-briefs.yaml"


@pytest.mark.skipif(not REAL_GOLD.is_file(), reason="shared/gold/seed-briefs.yaml is not checked out here")
def test_real_gold_file_parses(tmp_path):
    g = rdflib.Graph()
    doc = DOC["brief-2023"]
    g.add((doc, RDF.type, CIKG.Document))
    g.add((doc, CIKG.sourceFile, Literal("brief-2023.txt")))
    g.add((doc, RDFS.label, Literal("China's Technological Advancements and Innovation in 2023", lang="en")))
    entity(g, "china", CIKG.Country, "China", docs=(doc,))
    qian = entity(g, "qian_jiwei", CIKG.Person, "QIAN Jiwei", docs=(doc,))
    stc = entity(g, "stc", CIKG.Ministry, "Central Science and Technology Commission", docs=(doc,))
    fact(g, doc, CIKG.authoredBy, qian, doc=doc)
    fact(g, stc, CIKG.establishedIn, Literal("2023", datatype=rdflib.XSD.gYear), doc=doc)
    entity(g, "widget", CIKG.Concept, "widget", docs=(doc,))
    path = tmp_path / "graph.ttl"
    g.serialize(path, format="turtle")
    r = evaluate(path, REAL_GOLD, ontology=ontology())
    assert r.documents_in_scope == ["brief-2023"]
    matched = {m.gold_id for m in r.entities.matches if m.nodes}
    assert {"china", "qian_jiwei", "stc"} <= matched
    assert r.entities.correct_nodes == 3 and [n.label for n in r.entities.false_positives] == ["widget"]
    assert r.entities.precision == pytest.approx(3 / 4)
    assert r.entities.required_total > 10 and "us" not in {m.gold_id for m in r.entities.misses}
    assert r.relations.total > 5 and all("brief-2024" != x.s for x in r.relations.results)
    assert relation(r, "brief_2023", "qian_jiwei").found_typed
    assert relation(r, "stc", "2023").found_typed
    assert r.labels.overall.total == 0  # brief-2024's translated sections are out of scope
    json.dumps(r.to_json())


def test_nodes_mentioned_only_in_translations_are_not_scored(tmp_path, gold):
    g = perfect_graph()
    extra = entity(g, "zeta", CIKG.Concept, "zeta vision", docs=())
    g.add((extra, CIKG.mentionedIn, D1))
    ev = EV["zh-mention"]
    for p, o in ((RDF.type, CIKG.Evidence), (RDF.subject, extra), (RDF.predicate, CIKG.mentionedIn),
                 (RDF.object, D1), (PROV.wasDerivedFrom, D1), (DCTERMS.language, Literal("zh"))):
        g.add((ev, p, o))
    report = run(tmp_path, g, gold)
    assert report.entities.precision == 1.0
    assert any("translated sections" in w and "zeta vision" in w for w in report.warnings)
    g.add((EV["en-mention"], RDF.subject, extra))
    g.add((EV["en-mention"], RDF.predicate, CIKG.mentionedIn))
    g.add((EV["en-mention"], RDF.object, D1))
    g.add((EV["en-mention"], DCTERMS.language, Literal("en")))
    assert run(tmp_path, g, gold).entities.precision < 1.0

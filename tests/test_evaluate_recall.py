"""kg.evaluate, recall side: entities, types, relations, labels, with exact numbers on tiny hand-made graphs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from evaluate_samples import D1, D2, class_tree, entity, fact, mention, relation, remove_node, run, write_gold
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.evaluate import (
    EvaluationError,
    coarse_types,
    evaluate,
    format_report,
    literal_matches,
    normalize_label,
    open_graph,
)
from kg.namespaces import CIKG, DOC, ENT

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
    g.add((CIKG.p17, RDFS.label, Literal("finances")))  # a predicate's label in the graph counts
    fact(g, alpha, CIKG.establishedIn, Literal("2020", datatype=rdflib.XSD.gYear))
    fact(g, beta, CIKG.status, Literal("market leaders"))
    fact(g, summit, CIKG.date, Literal("2023-12", datatype=rdflib.XSD.gYearMonth))
    fact(g, gamma, CIKG.targets, alpha, doc=D2)
    fact(g, D1, CIKG.authoredBy, alpha)
    return g


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    return write_gold(tmp_path, GOLD)


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


def test_coarse_types_come_from_the_class_tree(tmp_path):
    tree = class_tree(tmp_path)
    assert coarse_types([CIKG.Ministry], tree) == {"GovernmentBody"}
    assert coarse_types([CIKG.Technology], tree) == {"Concept"}
    assert coarse_types([CIKG.Fund, CIKG.Event], tree) == {"Policy", "Event"}
    assert coarse_types([CIKG.Actor], tree) == set()  # above the top classes: no coarse type
    assert coarse_types([CIKG.Unknown, rdflib.URIRef("http://example.org/Ministry")], tree) == set()


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
    by_file = evaluate(open_graph(path, class_tree(tmp_path)), gold)
    assert by_file.to_json()["entities"] == run(tmp_path, g, gold).to_json()["entities"]


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


def test_predicate_names_are_local_name_its_words_and_graph_labels(tmp_path, gold):
    r = run(tmp_path, perfect_graph(), gold)
    assert relation(r, "fund", "beta").found_typed  # cikg:p17 rdfs:label "finances" in the graph
    g = perfect_graph()
    g.remove((ENT["alpha"], CIKG.coordinates, ENT["beta"]))
    g.add((ENT["alpha"], CIKG.overseesClosely, ENT["beta"]))
    assert relation(run(tmp_path, g, gold), "alpha", "beta").found_typed  # "oversee" in the local name
    words = write_gold(tmp_path, GOLD.replace('p: "coordinat|oversee"', 'p: "^oversees closely$"'), "words.yaml")
    assert relation(run(tmp_path, g, words), "alpha", "beta").found_typed  # "overseesClosely" -> "oversees closely"


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
    with pytest.raises(EvaluationError, match="no graph.ttl in"):
        evaluate(tmp_path, gold)
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOLD.replace("o: beta, docs: [d1]}", "o: nobody, docs: [d1]}", 1), encoding="utf-8")
    g = perfect_graph()
    g.serialize(tmp_path / "graph.ttl", format="turtle")
    with pytest.raises(EvaluationError, match="bad.yaml: relation #1 names unknown entities"):
        evaluate(tmp_path, bad)
    flag = write_gold(tmp_path, GOLD.replace("docs: [d3]}", "docs: [d3], required: maybe}", 1), "flag.yaml")
    with pytest.raises(EvaluationError, match="flag.yaml: entity 'delta': 'required' must be true or false"):
        evaluate(tmp_path, flag)


def test_json_round_trips_and_table(tmp_path, gold):
    g = perfect_graph()
    entity(g, "zeta", CIKG.Technology, "Zeta")
    remove_node(g, ENT["summit"])
    r = run(tmp_path, g, gold)
    data = r.to_json()
    text = format_report(r, as_json=True)
    assert json.loads(text) == data == json.loads(json.dumps(data))
    assert set(data) == {"graph", "gold", "exhaustive", "documents_in_scope", "entities", "types", "relations",
                         "labels", "facts", "figures", "by_rule", "confidence_bands", "per_document", "warnings"}
    assert data["facts"] is None and data["figures"] is None and data["by_rule"] == []  # not an exhaustive gold
    assert data["entities"]["precision"] == pytest.approx(4 / 5)
    assert data["entities"]["false_positives"][0]["label"] == "Zeta"
    assert data["labels"]["per_language"]["fr"] == {"found": 2, "total": 2, "recall": 1.0}
    assert data["relations"]["results"][0]["s"] == "alpha"
    table = format_report(r, as_json=False)
    for needle in ("entity precision", "0.800", "entity recall", "type accuracy", "duplicates",
                   "relations untyped", "6/7 required", "relations typed", "labels zh", "labels fr",
                   "labels overall", "misses (1)", "summit: Summit", "false positives (1)",
                   "Zeta [Technology]", "summit -[date|held]-> '2023-12'  (not linked)"):
        assert needle in table, needle


def test_default_class_tree_is_the_ontology(tmp_path, gold):
    g = perfect_graph()
    g.set((ENT["alpha"], RDF.type, CIKG.Ministry))
    g.set((ENT["fund"], RDF.type, CIKG.TestOnlyClass))
    g.serialize(tmp_path / "graph.ttl", format="turtle")
    r = evaluate(tmp_path, gold)  # the project's ontology: Ministry is a GovernmentBody
    assert r.types.accuracy == pytest.approx(4 / 5)
    assert [(x.gold_id, x.nodes[0].coarse) for x in r.types.errors] == [("fund", ())]


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
    r = evaluate(open_graph(path, class_tree(tmp_path)), REAL_GOLD)
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
    mention(g, extra, D1, "zh")
    report = run(tmp_path, g, gold)
    assert report.entities.precision == 1.0
    assert any("translated sections" in w and "zeta vision" in w for w in report.warnings)
    mention(g, extra, D1, "en-GB")
    assert run(tmp_path, g, gold).entities.precision < 1.0


def test_the_main_language_is_the_first_of_a_documents_languages(tmp_path):
    gold = write_gold(tmp_path, """
documents:
  d1: {file: d1.txt, languages: [zh]}
entities:
  - {id: alpha, types: [GovernmentBody], names: ["阿尔法部"], docs: [d1]}
""")
    g = rdflib.Graph()
    g.add((D1, CIKG.sourceFile, Literal("d1.txt")))
    alpha = entity(g, "alpha", CIKG.GovernmentBody, "Alpha Ministry", docs=(), zh="阿尔法部")
    mention(g, alpha, D1, "zh")
    r = run(tmp_path, g, gold)
    assert (r.entities.recall, r.entities.precision, r.warnings) == (1.0, 1.0, [])

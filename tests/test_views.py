"""The read model (kg.analysis.records, kg.analysis.load) and the networkx views (kg.analysis.networks)."""
from __future__ import annotations

from pathlib import Path

import pytest
from kg_samples import E, F, policy_world, write_graph
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS

from kg.analysis.load import load_graph, load_ontology
from kg.analysis.networks import actor_concept_graph, comention_graph, fact_graph, link_graph, projection
from kg.analysis.records import KnowledgeGraph, UnknownEntityError, document_view
from kg.graph_file import GraphInputError
from kg.namespaces import CIKG, ENT


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """Read once per module: the tests only read it."""
    return load_graph(policy_world(tmp_path_factory.mktemp("world")))


def test_class_tree_gives_coarse_class_and_kind():
    ontology = load_ontology()
    assert [ontology.depth(c) for c in ("Ministry", "GovernmentBody", "Strategy", "Policy", "NotAClass")] == [3, 2, 2, 1, 1]
    assert (ontology.coarse("Ministry"), ontology.kind("Ministry")) == ("GovernmentBody", "Actor")
    assert (ontology.coarse("Fund"), ontology.kind("Fund")) == ("Policy", "Policy")
    assert ontology.coarse("Technology") == "Concept"
    assert ontology.coarse("Country") == "Country"
    assert ontology.coarse("NotAClass") == "NotAClass"
    assert ontology.property_label("dependsOn") == "depends on"


def test_entities_have_class_labels_per_language_documents_and_mentions(world):
    most = world.entities["most"]
    assert (most.label, most.cls) == ("Ministry of Science and Technology", "Ministry")
    assert (most.coarse, most.kind) == ("GovernmentBody", "Actor")
    assert most.labels["en"] == ("Ministry of Science and Technology", "MOST")
    assert most.labels["zh"] == ("科学技术部",)
    assert list(most.labels) == ["en", "zh", "fr"]
    assert most.documents == ("brief-2023", "brief-2024")
    assert "MOST supports BYD." in {m.sentence for m in most.mentions}
    assert world.entities["big_fund"].coarse == "Policy"
    assert set(world.documents) == {"brief-2023", "brief-2024"}


def test_facts_carry_their_evidence_and_literals_become_attributes(world):
    supports = next(f for f in world.facts if f.predicate == "supports")
    assert (supports.subject, supports.object) == ("most", "byd")
    assert [e.sentence for e in supports.evidence] == ["MOST supports BYD.", "In 2024 MOST still supports BYD."]
    assert supports.documents == ("brief-2023", "brief-2024")
    assert not supports.weak
    assert next(f for f in world.facts if f.predicate == "relatedTo").weak
    assert all(f.predicate != "mentionedIn" for f in world.facts)
    (status,) = world.attributes
    assert (status.subject, status.predicate, status.value) == ("byd", "status", "global market leaders")
    assert status.evidence[0].sentence == "Firms like BYD are global market leaders."


def test_resolve_finds_any_label_in_any_language_case_insensitively(world):
    assert world.resolve("byd").id == "byd"
    assert world.resolve("比亚迪").id == "byd"
    assert world.resolve("  most ").id == "most"
    assert world.resolve("big_fund").id == "big_fund"


def test_unknown_name_suggests_the_closest(world):
    with pytest.raises(UnknownEntityError) as caught:
        world.resolve("Huawai")
    assert caught.value.suggestions[0] == "Huawei"
    assert "did you mean: Huawei" in str(caught.value)
    with pytest.raises(UnknownEntityError, match="no similar name"):
        world.resolve("zzzzqqqq")


def test_fact_graph_has_one_edge_per_fact_keyed_by_property(world):
    graph = fact_graph(world)
    assert graph.number_of_nodes() == 8
    assert graph.number_of_edges() == 7
    edge = graph.edges["most", "byd", "supports"]
    assert (edge["property"], edge["evidence"], edge["weak"]) == ("supports", 2, False)
    assert graph.nodes["most"]["coarse"] == "GovernmentBody"
    assert fact_graph(world, include_related=False).number_of_edges() == 6


def test_comention_graph_links_entities_named_in_one_sentence(world):
    graph = comention_graph(world)
    assert graph.edges["most", "byd"]["weight"] == 2
    assert graph.edges["most", "byd"]["documents"] == {"brief-2023", "brief-2024"}
    assert not graph.has_edge("most", "huawei")
    assert graph.degree("alone") == 0


def test_link_graph_weighs_facts_by_evidence_sentences_and_co_mentions_only_on_request(world):
    graph = link_graph(world)
    assert graph.edges["most", "byd"]["weight"] == 2.0
    assert not graph.has_edge("cas", "ai") and graph.number_of_edges() == 6
    weighted = link_graph(world, related_weight=0.5)
    assert weighted.edges["cas", "ai"]["weight"] == 0.5
    assert weighted.edges["cas", "ai"]["properties"] == {"relatedTo"}
    assert weighted.number_of_edges() == 7


def test_actor_concept_network_and_its_projections(world):
    two_mode = actor_concept_graph(world)
    actors = {n for n, d in two_mode.nodes(data=True) if d["bipartite"] == 0}
    concepts = {n for n, d in two_mode.nodes(data=True) if d["bipartite"] == 1}
    assert actors == {"most", "cas", "byd", "huawei", "alone"}
    assert concepts == {"ai", "ev", "big_fund"}
    assert set(map(frozenset, two_mode.edges())) == {frozenset(p) for p in
                                                     [("byd", "ev"), ("cas", "ai"), ("huawei", "ai"), ("most", "big_fund")]}
    by_actor = projection(two_mode, 0)
    assert list(by_actor.edges(data=True)) == [("cas", "huawei", {"weight": 1, "shared": ("ai",)})]
    assert projection(two_mode, 1).number_of_edges() == 0


def test_document_view_keeps_what_one_document_says(world):
    later = document_view(world, "brief-2024")
    assert set(later.entities) == {"most", "byd", "huawei", "ai", "big_fund"}
    supports = next(f for f in later.facts if f.predicate == "supports")
    assert [e.sentence for e in supports.evidence] == ["In 2024 MOST still supports BYD."]
    assert {f.predicate for f in later.facts} == {"supports", "dependsOn", "issues", "targets"}
    assert later.attributes == []


def test_bundled_graph_loads_with_byd_and_evidence(bundled_dir):
    kg = load_graph(bundled_dir)
    assert kg.resolve("BYD").id == "byd"
    assert {"brief-2023", "brief-2024"} <= set(kg.documents)
    assert kg.facts and all(f.evidence for f in kg.facts)
    assert all(e.label and e.documents for e in kg.entities.values())


@pytest.mark.parametrize("setup, message", [
    (lambda d: d, "does not exist"),
    (lambda d: (d.mkdir(), d)[1], "no graph.ttl"),
    (lambda d: (d.mkdir(), (d / "graph.ttl").write_text(""), d)[2], "is empty"),
    (lambda d: (d.mkdir(), (d / "graph.ttl").write_text("@prefix : <x> .\n:a :b ."), d)[2], "not valid RDF"),
    (lambda d: (d.mkdir(), (d / "graph.ttl").write_text("<http://x/a> <http://x/b> <http://x/c> ."), d)[2], "no entities"),
])
def test_unusable_input_gives_a_clear_error(tmp_path, setup, message):
    with pytest.raises(GraphInputError, match=message):
        load_graph(setup(tmp_path / "graph-dir"))


def test_a_ttl_file_can_be_given_instead_of_a_folder(tmp_path):
    folder = write_graph(tmp_path / "g", [E("a", "Country", "Atlantis")], [F("a", "status", "sunk", literal=True)])
    kg = load_graph(folder / "graph.ttl")
    assert list(kg.entities) == ["a"] and kg.facts == [] and kg.attributes[0].value == "sunk"


def test_an_entity_of_several_classes_takes_the_most_specific(tmp_path):
    graph = Graph()
    for cls in ("Actor", "Ministry", "GovernmentBody"):
        graph.add((ENT.most, RDF.type, CIKG[cls]))
    graph.add((ENT.most, RDFS.label, Literal("Ministry of Science and Technology", lang="en")))
    graph.serialize(tmp_path / "graph.ttl", format="turtle")
    most = load_graph(tmp_path).entities["most"]
    assert (most.cls, most.coarse, most.kind) == ("Ministry", "GovernmentBody", "Actor")

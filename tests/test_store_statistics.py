"""kg.store.statistics: the counts made when a store is loaded equal counts made directly from the graph,
and the library queries that read them answer exactly as the whole-graph aggregates they replace,
on Oxigraph and through rdflib."""
from __future__ import annotations

import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDF

from kg.graph_file import GRAPH_FILE
from kg.namespaces import CIKG, ENT
from kg.store.binding import PREFIX_MAP
from kg.store.query import SelectResult, library, run_query
from kg.store.statistics import STATISTICS_GRAPH, add_statistics
from kg.store.store import open_rdflib, open_store

LIBRARY = {q.name: q for q in library()}
# The queries as they were before the statistics: each reads the whole graph.
DIRECT_MOST_CONNECTED = """
SELECT ?entity ?label (SUM(IF(?property = cikg:relatedTo, 0, 1)) AS ?facts) (SUM(IF(?property = cikg:relatedTo, 1, 0)) AS ?coMentions)
WHERE {
  { ?entity ?property ?other . } UNION { ?other ?property ?entity . }
  FILTER(STRSTARTS(STR(?entity), STR(ent:)) && STRSTARTS(STR(?other), STR(ent:)))
  FILTER(STRSTARTS(STR(?property), STR(cikg:)))
  ?entity rdfs:label ?label .
}
GROUP BY ?entity ?label
ORDER BY DESC(?facts + ?coMentions) ?label
LIMIT 25"""
DIRECT_FACTS_BY_RULE = """
SELECT ?rule ?property (COUNT(?evidence) AS ?records) (AVG(?confidence) AS ?meanConfidence)
WHERE { ?evidence a cikg:Evidence ; cikg:rule ?rule ; rdf:predicate ?property ; cikg:confidence ?confidence . }
GROUP BY ?rule ?property
ORDER BY DESC(?records) ?rule ?property"""
STATISTICS_QUERIES = {"most-connected": DIRECT_MOST_CONNECTED, "facts-by-rule": DIRECT_FACTS_BY_RULE}


@pytest.fixture(params=["mini", pytest.param("bundled", marks=pytest.mark.integration)])
def built(request: pytest.FixtureRequest) -> Path:
    """A build folder: the hand-written mini graph, or the bundled briefs built with the real model."""
    return request.getfixturevalue("mini_store_dir" if request.param == "mini" else "bundled_dir")


def rows(result: object) -> list[tuple[str, ...]]:
    """A SELECT result's rows in order, each term in N-Triples syntax (so datatypes count)."""
    assert isinstance(result, SelectResult)
    return [tuple(str(term) for term in row) for row in result.rows]


def entity_counts_from_the_graph(graph_file: Path) -> dict[str, tuple[int, int]]:
    """Per entity: triples of a cikg property linking it to another entity, typed facts and co-mentions apart."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for subject, predicate, obj in rdflib.Graph().parse(graph_file, format="turtle"):
        if str(subject).startswith(str(ENT)) and str(obj).startswith(str(ENT)) and str(predicate).startswith(str(CIKG)):
            kind = "coMentions" if predicate == CIKG.relatedTo else "facts"
            counts[str(subject)][kind] += 1
            counts[str(obj)][kind] += 1
    return {entity: (c["facts"], c["coMentions"]) for entity, c in counts.items()}


def rule_counts_from_the_graph(graph_file: Path) -> dict[tuple[str, str], tuple[int, Decimal]]:
    """Per extraction rule and property: the evidence records and their mean confidence."""
    graph = rdflib.Graph().parse(graph_file, format="turtle")
    confidences: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    for evidence in graph.subjects(RDF.type, CIKG.Evidence):
        key = (str(graph.value(evidence, CIKG.rule)), str(graph.value(evidence, RDF.predicate)))
        confidences[key].append(Decimal(str(graph.value(evidence, CIKG.confidence))))
    return {key: (len(values), sum(values) / len(values)) for key, values in confidences.items()}


def test_entity_statistics_equal_counts_made_from_the_graph(built: Path) -> None:
    store = open_store(built, read_only=True)
    stored = {row["entity"].value: (int(row["facts"].value), int(row["coMentions"].value)) for row in store.query(
        f"SELECT * WHERE {{ GRAPH <{STATISTICS_GRAPH}> {{ ?entity cikg:factCount ?facts ; cikg:coMentionCount ?coMentions }} }}",
        prefixes=PREFIX_MAP)}
    expected = entity_counts_from_the_graph(built / GRAPH_FILE)
    assert expected and stored == expected
    assert any(co for _, co in expected.values()) and any(facts for facts, _ in expected.values())


def test_rule_statistics_equal_counts_made_from_the_graph(built: Path) -> None:
    store = open_store(built, read_only=True)
    stored = {(row["rule"].value, row["property"].value): (int(row["records"].value), Decimal(row["mean"].value))
              for row in store.query(f"""SELECT * WHERE {{ GRAPH <{STATISTICS_GRAPH}> {{
                  ?node a cikg:RuleStatistics ; cikg:ofRule ?rule ; cikg:ofProperty ?property ;
                        cikg:evidenceCount ?records ; cikg:meanConfidence ?mean }} }}""", prefixes=PREFIX_MAP)}
    expected = rule_counts_from_the_graph(built / GRAPH_FILE)
    assert expected and stored.keys() == expected.keys()
    for key, (records, mean) in expected.items():
        assert stored[key][0] == records, key
        assert abs(stored[key][1] - mean) < Decimal("1e-12"), key


@pytest.mark.parametrize("name", sorted(STATISTICS_QUERIES))
def test_a_query_on_the_statistics_answers_as_the_direct_aggregate(built: Path, name: str) -> None:
    store = open_store(built, read_only=True)
    answer = rows(run_query(store, LIBRARY[name]))
    assert answer and answer == rows(run_query(store, STATISTICS_QUERIES[name]))


@pytest.mark.parametrize("name", sorted(STATISTICS_QUERIES))
@pytest.mark.parametrize("oxrdflib", ["installed", "missing"])
def test_the_queries_on_the_statistics_run_through_rdflib(mini_store_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                          name: str, oxrdflib: str) -> None:
    if oxrdflib == "missing":
        monkeypatch.setitem(sys.modules, "oxrdflib", None)  # open_rdflib then parses the graph into memory
    graph = open_rdflib(mini_store_dir)
    assert (type(graph.store).__name__ == "Memory") == (oxrdflib == "missing")
    answer = [tuple(str(term) for term in row) for row in graph.query(LIBRARY[name].text, initNs=PREFIX_MAP)]
    expected = run_query(open_store(mini_store_dir, read_only=True), STATISTICS_QUERIES[name])
    assert answer and answer == [tuple(term.value for term in row) for row in expected.rows]


def test_counting_again_replaces_the_statistics() -> None:
    store = ox.Store()
    store.update(f"INSERT DATA {{ <{ENT.a}> <{CIKG.relatedTo}> <{ENT.b}> . <{CIKG.relatedTo}> a owl:ObjectProperty }}",
                 prefixes=PREFIX_MAP)
    add_statistics(store)
    add_statistics(store)
    counts = store.query(f"SELECT ?facts ?co WHERE {{ GRAPH <{STATISTICS_GRAPH}> {{ <{ENT.a}> cikg:factCount ?facts ; "
                         "cikg:coMentionCount ?co } }", prefixes=PREFIX_MAP)
    assert [(row["facts"].value, row["co"].value) for row in counts] == [("0", "1")]
    assert not list(store.query("SELECT * WHERE { ?s cikg:factCount ?n }", prefixes=PREFIX_MAP))  # not in the default graph

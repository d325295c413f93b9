"""Statistics of a store, computed once when it is loaded, so aggregate queries read them instead of the graph.

Counting the facts of every entity reads every fact of the graph: about 10 s at a million triples,
on every run of ``most-connected``. The counts are made once, by the two SPARQL updates below run
right after the bulk load, and kept as ordinary RDF in the named graph :data:`STATISTICS_GRAPH`
(terms declared in ``ontology/cikg.ttl``), which queries without ``GRAPH`` never see:

* per entity, ``cikg:factCount`` and ``cikg:coMentionCount``: the triples of an object property of
  the ontology (``cikg:relatedTo`` apart) that link it to another entity, in either direction;
* per extraction rule and property, a ``cikg:RuleStatistics`` node with ``cikg:ofRule``,
  ``cikg:ofProperty``, ``cikg:evidenceCount`` and ``cikg:meanConfidence`` over the evidence records.

They describe the store as loaded; an update through a writable endpoint does not refresh them.
"""
from __future__ import annotations

import rdflib
from pyoxigraph import NamedNode, RdfFormat, Store

from ..namespaces import BASE
from .binding import PREFIX_MAP

STATISTICS_GRAPH = BASE + "id/statistics"

ENTITY_COUNTS = f"""
INSERT {{ GRAPH <{STATISTICS_GRAPH}> {{ ?entity cikg:factCount ?facts ; cikg:coMentionCount ?coMentions . }} }}
WHERE {{
  SELECT ?entity (SUM(IF(?property = cikg:relatedTo, 0, 1)) AS ?facts) (SUM(IF(?property = cikg:relatedTo, 1, 0)) AS ?coMentions)
  WHERE {{
    # Looked up property by property: the ontology's properties, not every triple of the graph.
    ?property a owl:ObjectProperty .
    FILTER(STRSTARTS(STR(?property), STR(cikg:)))
    ?subject ?property ?object .
    FILTER(isIRI(?object) && STRSTARTS(STR(?subject), STR(ent:)) && STRSTARTS(STR(?object), STR(ent:)))
    VALUES ?end {{ "subject" "object" }}
    BIND(IF(?end = "subject", ?subject, ?object) AS ?entity)
  }}
  GROUP BY ?entity
}}"""

RULE_COUNTS = f"""
INSERT {{ GRAPH <{STATISTICS_GRAPH}> {{
  [] a cikg:RuleStatistics ; cikg:ofRule ?rule ; cikg:ofProperty ?property ;
     cikg:evidenceCount ?records ; cikg:meanConfidence ?meanConfidence .
}} }}
WHERE {{
  SELECT ?rule ?property (COUNT(?evidence) AS ?records) (AVG(?confidence) AS ?meanConfidence)
  WHERE {{
    # One sub-select per property of the records, hashed together rather than looked up record by record.
    {{ SELECT ?evidence WHERE {{ ?evidence a cikg:Evidence . }} }}
    {{ SELECT ?evidence ?rule WHERE {{ ?evidence cikg:rule ?rule . }} }}
    {{ SELECT ?evidence ?property WHERE {{ ?evidence rdf:predicate ?property . }} }}
    {{ SELECT ?evidence ?confidence WHERE {{ ?evidence cikg:confidence ?confidence . }} }}
  }}
  GROUP BY ?rule ?property
}}"""


def add_statistics(store: Store) -> None:
    """Count what the aggregate library queries need, from the store's default graph, into :data:`STATISTICS_GRAPH`."""
    store.update(f"DROP SILENT GRAPH <{STATISTICS_GRAPH}>")
    for update in (ENTITY_COUNTS, RULE_COUNTS):
        store.update(update, prefixes=PREFIX_MAP)


def load_statistics(store: Store, dataset: rdflib.Dataset) -> None:
    """Copy the statistics of ``store`` into ``dataset`` under the same graph name, so that the library
    queries that read them run on rdflib too."""
    name = NamedNode(STATISTICS_GRAPH)
    if store.contains_named_graph(name):
        dataset.graph(rdflib.URIRef(STATISTICS_GRAPH)).parse(
            data=store.dump(format=RdfFormat.N_TRIPLES, from_graph=name), format="nt")

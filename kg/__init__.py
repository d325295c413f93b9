"""cikg's graph side, one folder per stage, in pipeline order.

* :mod:`kg.graph` -- extractions to ``DIR/graph.ttl`` (RDF, parts, cache, workers, assembly, ``build``);
* :mod:`kg.store` -- the graph in Oxigraph: SPARQL queries, the endpoint, pushing, SHACL validation;
* :mod:`kg.analysis` -- the graph read into typed records, its networks, centrality, communities,
  the 2024/2023 comparison, translation coverage, the report and its charts;
* :mod:`kg.viz` -- the offline HTML page;
* :mod:`kg.review` -- the facts table, analysts' corrections applied at assembly, exports (GraphML, GEXF, JSON-LD, N-Quads, CSV);
* :mod:`kg.evaluate` -- scoring a graph against a gold file, and calibrating rule confidences;
* :mod:`kg.cli` -- ``cikg``, a thin shell over all of the above.

:mod:`kg.namespaces` (the IRIs) and :mod:`kg.graph_file` (where a build keeps ``graph.ttl``) are
shared by every stage, and so is :mod:`kg.viz.style` by the page and the analysis charts. No module
imports another in a circle (``tests/test_architecture.py``).
"""

"""The analyst's loop: review every fact, correct the graph, take it to other tools.

* :mod:`kg.review.facts` -- ``cikg facts``: the facts (one row per reading, least confident
  first) and the figures as tables to review;
* :mod:`kg.review.corrections` -- a reviewed table or a YAML file read into checked corrections;
* :mod:`kg.review.apply` -- the corrections applied to the parts as ``cikg build`` assembles them;
* :mod:`kg.review.export` -- ``cikg export``: GraphML, GEXF, JSON-LD, N-Quads, Neo4j CSV.

docs/review.md describes the formats.
"""

"""Extractions in, ``DIR/graph.ttl`` out, in the order a build runs them.

``build`` plans the inputs and looks them up in the ``cache``; ``parallel`` extracts the rest (here,
on a process pool or on Dask) into ``parts`` (triples from ``rdf``, lines from ``serialize``, sorted
with ``sorting``); ``assemble`` merges every part into one sorted Turtle file.
"""

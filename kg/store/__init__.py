"""The built graph in an embedded Oxigraph ``store``: ``query`` (the SPARQL library), ``server``
(a SPARQL endpoint), ``push`` (to another triple store) and ``validate`` (SHACL)."""

"""The namespace registry: every IRI the project mints or reuses starts here."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/cikg/"
CIKG = Namespace(BASE + "ontology#")
ENT = Namespace(BASE + "id/entity/")
DOC = Namespace(BASE + "id/document/")
EV = Namespace(BASE + "id/evidence/")
OBS = Namespace(BASE + "id/observation/")

PREFIXES: dict[str, Namespace] = {
    "cikg": CIKG,
    "ent": ENT,
    "doc": DOC,
    "ev": EV,
    "obs": OBS,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}


def sparql_prefixes() -> str:
    """PREFIX lines for every registered namespace, to prepend to user queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

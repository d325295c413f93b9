"""The namespace registry: every IRI the project mints or reuses starts here."""
from __future__ import annotations

import re
import unicodedata

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


def slug(text: str) -> str:
    """A stable, readable IRI-safe key: ASCII-folded, lower-case, underscores."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    key = re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")
    if key:
        return key
    # Names with no Latin letters (Chinese) keep a stable key from their code points.
    return "u" + "_".join(f"{ord(c):x}" for c in text if not c.isspace())[:80]

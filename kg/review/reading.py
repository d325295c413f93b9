"""An evidence record of a part read whole from its N-Triples lines, so a correction can change it.

A part's ``triples.nt`` is sorted, so the lines of one record (one subject) are adjacent; the
record keeps its terms as written, and is written back unchanged unless a correction changes its
fact, when it gets the IRI the extractor would have minted for the corrected fact.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV, RDF, XSD
from rdflib.plugins.parsers.ntriples import unquote

from ..graph.rdf import digest
from ..graph.serialize import nt_term, split_line
from ..namespaces import CIKG, DOC, ENT, EV
from .model import fold

EVIDENCE_TYPE = (f"<{RDF.type}>", f"<{CIKG.Evidence}>")
SUBJECT, PREDICATE, OBJECT = f"<{RDF.subject}>", f"<{RDF.predicate}>", f"<{RDF.object}>"
SOURCE, SENTENCE, START, END = f"<{PROV.wasDerivedFrom}>", f"<{CIKG.sentence}>", f"<{CIKG.startOffset}>", f"<{CIKG.endOffset}>"
RULE, CONFIDENCE, MENTIONED_IN = f"<{CIKG.rule}>", f"<{CIKG.confidence}>", f"<{CIKG.mentionedIn}>"
ENTITY_TERM, CIKG_TERM = f"<{ENT}", f"<{CIKG}"
LANGUAGE = f"<{DCTERMS.language}>"
CONFIRMED = nt_term(Literal("1.00", datatype=XSD.decimal))
FactIndex = tuple[str, str, str]  # subject key, property name, object key or a literal's text


def lexical(term: str) -> str:
    """The text of an N-Triples literal (``"…"@en``, ``"…"^^<…>``) or the IRI of ``<…>``."""
    if term.startswith("<"):
        return term[1:-1]
    return unquote(term[1:term.rindex('"')])


def entity_of(term: str) -> str | None:
    return term[len(ENTITY_TERM):-1] if term.startswith(ENTITY_TERM) else None


def iri(url: str) -> str:
    return f"<{url}>"


@dataclass(frozen=True)
class Reading:
    """One evidence record of a part: the fact it supports and all its lines, by predicate."""

    node: str
    terms: dict[str, str]  # predicate term -> object term; every predicate of a record is single-valued

    @classmethod
    def parse(cls, lines: list[str]) -> Reading:
        terms = {}
        for line in lines:
            _, predicate, obj = split_line(line)
            terms[predicate] = obj
        return cls(split_line(lines[0])[0], terms)

    @property
    def fact(self) -> tuple[str, str, str]:
        return self.terms[SUBJECT], self.terms[PREDICATE], self.terms[OBJECT]

    @property
    def document(self) -> str:
        return self.terms[SOURCE][len(str(DOC)) + 1:-1]

    @property
    def sentence(self) -> str:
        return fold(lexical(self.terms[SENTENCE]))

    @property
    def index(self) -> FactIndex:
        subject, predicate, obj = self.fact
        return entity_of(subject) or "", predicate[len(CIKG_TERM):-1], entity_of(obj) or lexical(obj)

    def changed(self, subject: str, predicate: str, obj: str, confidence: str | None = None) -> Reading:
        """The record with a new fact (and confidence), under the IRI the extractor would give it."""
        terms = {**self.terms, SUBJECT: subject, PREDICATE: predicate, OBJECT: obj}
        if confidence:
            terms[CONFIDENCE] = confidence
        if (subject, predicate, obj) == self.fact:
            return replace(self, terms=terms)
        node = digest(self.document, lexical(terms[START]), lexical(terms[END]), lexical(subject), lexical(predicate),
                      lexical(obj), lexical(terms[RULE]))
        return Reading(iri(EV + node), terms)

    def lines(self) -> Iterator[str]:
        for predicate, obj in self.terms.items():
            yield f"{self.node} {predicate} {obj} .\n"
        yield " ".join(self.fact) + " .\n"  # the fact itself, asserted while a reading supports it

"""Triples as sortable N-Triples lines, and sorted lines as readable Turtle, without an in-memory graph.

Every triple is encoded as one canonical N-Triples line (control characters escaped, so a line
never contains a raw newline), which makes "the same triples" mean "the same lines": a corpus graph
is the sorted, de-duplicated union of its documents' lines, and :class:`TurtleWriter` turns that
stream into Turtle grouped by subject in one pass, whatever the size of the graph.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..namespaces import PREFIXES

_CONTROLS = {c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]}  # and what splitlines() splits
STRING_ESCAPES = str.maketrans({**_CONTROLS, ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n",
                                ord("\r"): "\\r", ord("\t"): "\\t"})
IRI_ESCAPES = str.maketrans({**_CONTROLS, **{ord(c): f"\\u{ord(c):04X}" for c in ' <>"{}|^`\\'}})
NEEDS_STRING_ESCAPE = re.compile(r'[\x00-\x1f\x7f\x85\u2028\u2029"\\]').search
NEEDS_IRI_ESCAPE = re.compile(r'[\x00-\x20\x7f\x85\u2028\u2029<>"{}|^`\\]').search
PN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
INTEGER = re.compile(r"[+-]?[0-9]+")
RDF_TYPE = f"<{RDF.type}>"
XSD_STRING = str(XSD.string)
XSD_INTEGER = str(XSD.integer)
ABBREVIATIONS_KEPT = 1 << 16


def _iri(iri: str) -> str:
    return f"<{iri.translate(IRI_ESCAPES) if NEEDS_IRI_ESCAPE(iri) else iri}>"  # f-string: str, not URIRef.__add__


def _string(text: str) -> str:
    return f'"{text.translate(STRING_ESCAPES) if NEEDS_STRING_ESCAPE(text) else text}"'


def nt_term(node: URIRef | Literal) -> str:
    """The N-Triples form of an IRI or literal (no blank nodes: every IRI here is minted from content)."""
    if isinstance(node, Literal):
        text = _string(str(node))
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and node.datatype != XSD_STRING:
            return f"{text}^^{_iri(node.datatype)}"
        return text
    return _iri(node)


def nt_line(triple: tuple[URIRef, URIRef, URIRef | Literal]) -> str:
    """One triple as one newline-terminated N-Triples line."""
    subject, predicate, obj = triple  # subjects and predicates are always IRIs here
    return f"{_iri(subject)} {_iri(predicate)} {nt_term(obj)} .\n"


def split_line(line: str) -> tuple[str, str, str]:
    """Subject, predicate and object terms of a line written by :func:`nt_line`."""
    subject, predicate, rest = line.split(" ", 2)
    return subject, predicate, rest[:-3]


class TurtleWriter:
    """Writes sorted, de-duplicated N-Triples lines as prefixed Turtle, one block per subject.

    Lines sorted as strings keep each subject's lines together (an IRI term ends with ``>``, which
    no IRI contains), so the writer needs to remember only the current subject and predicate.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.prefixes = {str(ns): prefix for prefix, ns in PREFIXES.items()}
        self.abbreviations: dict[str, str] = {}  # entities and predicates recur on many lines
        self.subject: str | None = None
        self.predicate: str | None = None
        out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())) + "\n")

    def add(self, line: str) -> None:
        subject, predicate, obj = split_line(line)
        write = self.out.write
        if subject != self.subject:
            if self.subject is not None:
                write(" .\n\n")
            write(f"{self.iri(subject)} {self.verb(predicate)} {self.term(obj)}")
        elif predicate != self.predicate:
            write(f" ;\n    {self.verb(predicate)} {self.term(obj)}")
        else:
            write(f",\n        {self.term(obj)}")
        self.subject, self.predicate = subject, predicate

    def close(self) -> None:
        if self.subject is not None:
            self.out.write(" .\n")

    def verb(self, predicate: str) -> str:
        return "a" if predicate == RDF_TYPE else self.iri(predicate)

    def term(self, term: str) -> str:
        if term.startswith("<"):
            return self.iri(term)
        if term.endswith(">"):
            text, _, datatype = term.rpartition("^^")
            if datatype == f"<{XSD_INTEGER}>" and INTEGER.fullmatch(text[1:-1]):
                return text[1:-1]
            return f"{text}^^{self.iri(datatype)}"
        return term

    def iri(self, term: str) -> str:
        """``ent:china`` for ``<https://w3id.org/cikg/id/entity/china>`` when the local part allows it."""
        short = self.abbreviations.get(term)
        if short is None:
            if len(self.abbreviations) >= ABBREVIATIONS_KEPT:
                self.abbreviations.clear()
            short = self.abbreviations[term] = self._abbreviate(term)
        return short

    def _abbreviate(self, term: str) -> str:
        iri = term[1:-1]
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        prefix = self.prefixes.get(iri[:cut])
        if prefix is not None and PN_LOCAL.fullmatch(iri[cut:]):
            return f"{prefix}:{iri[cut:]}"
        return term


@contextmanager
def atomic_output(path: Path, work: Path) -> Iterator[TextIO]:
    """A text file that appears at ``path`` complete or not at all (written in ``work``, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{path.name}.", dir=work)
    os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide the graph from other users of a shared folder
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

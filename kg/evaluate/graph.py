"""Read a built graph as ``docs/graph-model.md`` describes it: documents, entities with their labels
and coarse types, typed facts with their evidence, and observations (figures)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath, PureWindowsPath

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from extract.knowledge import load_class_tree
from kg.graph_file import GraphInputError, graph_file, read_graph
from kg.namespaces import CIKG

from .gold import EvaluationError
from .records import NodeRef

LABEL_PROPS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
NOT_RELATIONS = frozenset({RDF.type, CIKG.mentionedIn})  # never a relation between two things
_NOT_TYPED_FACTS = NOT_RELATIONS | {CIKG.relatedTo, *LABEL_PROPS}
_NON_ENTITY_CLASSES = (CIKG.Evidence, CIKG.Observation)
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def local_name(iri: Node | str) -> str:
    s = str(iri)
    for sep in ("#", "/"):
        if sep in s:
            s = s.rsplit(sep, 1)[1]
    return s


def basename(path: str) -> str:
    """The file name of a ``cikg:sourceFile``, written with either separator."""
    return PureWindowsPath(path).name if "\\" in path else PurePosixPath(path).name


def coarse_types(classes: Iterable[Node], class_tree: dict[str, str]) -> set[str]:
    """The top classes (``load_class_tree``) of the ``cikg:`` classes among ``classes``."""
    found = set()
    for cls in classes:
        if isinstance(cls, URIRef) and str(cls).startswith(str(CIKG)) and local_name(cls) in class_tree:
            found.add(class_tree[local_name(cls)])
    return found


@dataclass(frozen=True)
class Evidence:
    document: Node  # the document node it was read from
    rule: str
    confidence: float | None
    sentence: str


@dataclass(frozen=True)
class Fact:
    """A direct triple with at least one evidence record (a co-mention or a mention is not one)."""

    s: Node
    p: URIRef
    o: Node
    evidence: tuple[Evidence, ...]

    @property
    def literal(self) -> bool:
        return isinstance(self.o, Literal)

    @property
    def documents(self) -> set[Node]:
        return {e.document for e in self.evidence}


@dataclass(frozen=True)
class Observation:
    node: Node
    entity: Node | None  # cikg:observedEntity
    value: float
    unit: str
    year: int | None
    documents: frozenset[Node]
    sentence: str


class GraphView:
    """Lookups over one parsed graph; the CLI reads it once and scores it against each gold file."""

    def __init__(self, data: rdflib.Graph, path: Path, class_tree: dict[str, str]) -> None:
        self.g = data
        self.path = path
        self.class_tree = class_tree
        self._coarse: dict[Node, tuple[str, ...]] = {}
        self._pred_names: dict[Node, tuple[str, ...]] = {}

    # ---- documents and entities

    @cached_property
    def documents(self) -> dict[str, list[Node]]:
        """Document nodes by the basename of their ``cikg:sourceFile``."""
        found: dict[str, list[Node]] = {}
        for node, value in self.g.subject_objects(CIKG.sourceFile):
            found.setdefault(basename(str(value)), []).append(node)
        return found

    def entities(self, main_language: dict[Node, str]) -> tuple[list[Node], list[Node]]:
        """Nodes mentioned in the documents (the keys of ``main_language``) from a sentence in the
        document's main language (or one without a language), and those mentioned there only in other
        (translated) sections; neither holds documents, evidence or observations."""
        excluded = {n for ns in self.documents.values() for n in ns}
        for cls in _NON_ENTITY_CLASSES:
            excluded.update(self.g.subjects(RDF.type, cls))
        mentioned = {s for s, d in self.g.subject_objects(CIKG.mentionedIn) if d in main_language and s not in excluded}
        in_main = set()
        for ev in self.g.subjects(RDF.predicate, CIKG.mentionedIn):
            main = main_language.get(self.g.value(ev, RDF.object))
            if main is None:
                continue
            languages = {str(lang) for lang in self.g.objects(ev, DCTERMS.language)}
            if not languages or any(lang == main or lang.startswith(main + "-") for lang in languages):
                in_main.update(self.g.objects(ev, RDF.subject))
        return sorted(mentioned & in_main, key=str), sorted(mentioned - in_main, key=str)

    def document_names(self, node: Node) -> set[str]:
        """What a document node is called: its label, title and source file stem (not normalised)."""
        names = {str(v) for p in (RDFS.label, DCTERMS.title) for v in self.g.objects(node, p)}
        names |= {PurePosixPath(basename(str(v))).stem for v in self.g.objects(node, CIKG.sourceFile)}
        return names

    def labels(self, node: Node) -> list[Literal]:
        return [o for p in LABEL_PROPS for o in self.g.objects(node, p) if isinstance(o, Literal)]

    def coarse(self, node: Node) -> tuple[str, ...]:
        if node not in self._coarse:
            self._coarse[node] = tuple(sorted(coarse_types(self.g.objects(node, RDF.type), self.class_tree)))
        return self._coarse[node]

    def ref(self, node: Node) -> NodeRef:
        labels = self.labels(node)
        english = sorted(str(l) for l in self.g.objects(node, RDFS.label)
                         if isinstance(l, Literal) and (l.language or "en").lower().startswith("en"))
        shown = english[0] if english else (sorted(str(l) for l in labels) or [local_name(node)])[0]
        classes = tuple(sorted(local_name(c) for c in self.g.objects(node, RDF.type)))
        return NodeRef(iri=str(node), label=shown, classes=classes, coarse=self.coarse(node))

    def show(self, term: Node) -> str:
        """A node's label, or a literal's lexical form."""
        return str(term) if isinstance(term, Literal) else self.ref(term).label

    # ---- predicates

    def pred_names(self, pred: Node) -> tuple[str, ...]:
        """The local name, its words ("investsIn" -> "invests in": the ontology's English label) and
        any ``rdfs:label`` the graph gives the predicate."""
        if pred not in self._pred_names:
            name = local_name(pred)
            names = [name, _CAMEL.sub(" ", name).lower()]
            names += [str(l) for l in self.g.objects(pred, RDFS.label)]
            self._pred_names[pred] = tuple(names)
        return self._pred_names[pred]

    def pred_matches(self, pred: Node, pattern: str) -> bool:
        return any(re.search(pattern, n, re.IGNORECASE) for n in self.pred_names(pred))

    # ---- facts and observations

    @cached_property
    def facts(self) -> list[Fact]:
        """Every typed fact between entities: a direct triple (not a label, mention or co-mention,
        nor a source document's own metadata) with its evidence."""
        documents = {n for ns in self.documents.values() for n in ns}
        evidence: dict[tuple[Node, Node, Node], list[Evidence]] = {}
        for ev in self.g.subjects(RDF.type, CIKG.Evidence):
            s, p, o = (self.g.value(ev, q) for q in (RDF.subject, RDF.predicate, RDF.object))
            if s is None or not isinstance(p, URIRef) or o is None or p in _NOT_TYPED_FACTS or s in documents:
                continue
            if (s, p, o) not in self.g:
                continue  # evidence without its direct triple states nothing
            confidence = self.g.value(ev, CIKG.confidence)
            evidence.setdefault((s, p, o), []).append(Evidence(
                document=self.g.value(ev, PROV.wasDerivedFrom),
                rule=str(self.g.value(ev, CIKG.rule) or ""),
                confidence=_number(confidence),
                sentence=str(self.g.value(ev, CIKG.sentence) or ""),
            ))
        return [Fact(s, p, o, tuple(evs)) for (s, p, o), evs in sorted(evidence.items(), key=lambda kv: tuple(map(str, kv[0])))]

    @cached_property
    def observations(self) -> list[Observation]:
        found = []
        for node in sorted(self.g.subjects(RDF.type, CIKG.Observation), key=str):
            value = _number(self.g.value(node, CIKG.value))
            if value is None:
                continue  # an observation without a numeric value cannot match a figure
            year = self.g.value(node, CIKG.year)
            ev = self.g.value(node, CIKG.evidence)
            found.append(Observation(
                node=node,
                entity=self.g.value(node, CIKG.observedEntity),
                value=value,
                unit=str(self.g.value(node, CIKG.unit) or ""),
                year=int(str(year)[:4]) if year is not None and str(year)[:4].isdigit() else None,
                documents=frozenset(self.g.objects(node, PROV.wasDerivedFrom)),
                sentence=str(self.g.value(ev, CIKG.sentence) or "") if ev is not None else "",
            ))
        return found


def _number(value: Node | None) -> float | None:
    try:
        return float(str(value)) if value is not None else None
    except ValueError:
        return None


def open_graph(source: Path, class_tree: dict[str, str] | None = None) -> GraphView:
    """Parse a build folder's graph (or an RDF file); ``class_tree`` defaults to the ontology's."""
    try:
        data = read_graph(Path(source))
    except GraphInputError as error:
        raise EvaluationError(str(error)) from error
    return GraphView(data, graph_file(Path(source)), load_class_tree() if class_tree is None else class_tree)

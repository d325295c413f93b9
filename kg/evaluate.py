"""Score a built graph against a hand-made gold file (``cikg eval``).

``evaluate(graph_dir_or_ttl, gold_path)`` returns an :class:`EvalReport`; ``format_report`` turns
it into the plain-text table or the JSON the CLI prints. The rules below are the contract: they are
meant to be fair to the extractor, not lenient.

Inputs
  * The graph: a build output folder (``DIR/graph.ttl``) or an RDF file (Turtle unless the suffix
    says otherwise), written as ``docs/graph-model.md`` describes.
  * The gold file (``shared/gold/seed-briefs.yaml`` format): ``documents``, ``entities``,
    ``relations``. A relation's predicate pattern is read from ``p`` (or ``pred``).
  * The ontology (default ``ontology/cikg.ttl``), used for ``rdfs:subClassOf`` and predicate
    ``rdfs:label``s; any such triples in the graph itself are used as well.

Scope
  * The graph's documents are the nodes with a ``cikg:sourceFile``. A gold document is in scope
    when its ``file`` has the same basename as some graph document's ``cikg:sourceFile``. No gold
    document in scope is an error (:class:`EvaluationError`).
  * A gold entity or relation counts only when one of its ``docs`` is in scope. Everything else
    in the gold file is ignored (it is neither a miss nor a licence for a graph node).
  * Graph entities are the nodes with a ``cikg:mentionedIn`` pointing at an in-scope document
    node from an English sentence (the mention's evidence has ``dcterms:language "en"``, or no
    language): the gold's ``names`` are English surface forms. Nodes mentioned only in translated
    sections are listed in a warning, not scored; their labels are scored under "labels per
    language". Document nodes, ``cikg:Evidence`` and ``cikg:Observation`` nodes are never
    entities. Nodes mentioned only in documents outside the scope are ignored.

Matching
  * Labels are normalised by :func:`normalize_label`: NFKC, casefold, curly quotes and
    apostrophes to straight ones, quotes around the whole label stripped, hyphens and dashes to a
    space, whitespace collapsed, a leading "the " dropped.
  * A node matches a gold entity when any of its ``rdfs:label``, ``skos:prefLabel`` or
    ``skos:altLabel`` values (any language) normalises equal to any of the entity's ``names`` or
    ``labels`` values.

Entities
  * Recall = required in-scope gold entities matched by at least one node / required in-scope gold
    entities.
  * Precision = graph entities that match a required in-scope gold entity / (graph entities -
    graph entities that match only non-required in-scope gold entities). A match with an optional
    (``required: false``) entity thus neither helps nor hurts. A node that matches no in-scope gold
    entity (including one that matches only an out-of-scope gold entity) is a false positive.
  * F1 is the harmonic mean of the two. A ratio with an empty denominator is ``None`` ("n/a").
  * Duplicates: an in-scope gold entity matched by two or more distinct nodes (listed; they do not
    lower precision). Merges: a node matching two or more in-scope gold entities (listed, not
    penalised).

Types
  * A node's coarse types: walk ``rdfs:subClassOf`` up from each of its ``rdf:type`` classes in the
    ``cikg:`` namespace and stop at the nearest top class (GovernmentBody Enterprise
    ResearchOrganization InternationalOrganization Country Person ActorGroup Event Policy Concept
    Sector Indicator Document, and Actor when nothing more specific is reached).
  * A node is right when any of its coarse types is in the gold ``types``. Type accuracy is over the
    matched required in-scope gold entities; an entity is right when every node matching it is
    right.

Relations (in-scope ones)
  * The candidate nodes for ``s`` and ``o`` are the graph entities matching those gold entities,
    plus the in-scope document nodes whose ``rdfs:label``, ``dcterms:title`` or ``cikg:sourceFile``
    stem normalises equal to one of the entity's names or labels.
  * Only direct triples count; the reified statements of evidence records (``rdf:subject`` ...) do
    not, nor do ``rdf:type`` and ``cikg:mentionedIn``.
  * Untyped found: any triple between an s-node and an o-node, in either direction.
  * Typed found: a triple s-node -> o-node whose predicate's local name or ``rdfs:label`` matches
    the gold pattern (``re.search``, case-insensitive).
  * ``literal: true``: the object is a literal value. A literal matches the gold string when, after
    NFKC, casefold and whitespace collapsing, both are equal, or equal once a plural "s" is
    stripped from the last word of either; and for a date-like gold string (``YYYY``, ``YYYY-MM``,
    ``YYYY-MM-DD``) when the literal's lexical form starts with it followed by nothing, "-" or "T"
    (gold "2023-12" matches ``"2023-12"^^xsd:gYearMonth`` and ``"2023-12-01"^^xsd:date``). Typed
    found: a triple from an s-node, with a matching predicate, whose object matches. Untyped found:
    any literal object of a triple from an s-node matches (label properties excluded).

Labels per language
  * For each required in-scope gold entity and each language tag in its ``labels``, counted only when
    an in-scope gold document lists that language in its ``languages`` (the labels come from those
    sections): each gold label is found when a node matching the entity has a label with that
    language tag (or a subtag of it, ``zh-Hans`` for ``zh``) that normalises equal. Recall is
    reported per language and overall.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any

import rdflib
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.util import guess_format

from kg.namespaces import CIKG

__all__ = [
    "TOP_CLASSES",
    "EvaluationError",
    "NodeRef",
    "GoldMatch",
    "Miss",
    "Duplicate",
    "Merge",
    "TypeMismatch",
    "EntityScores",
    "TypeScores",
    "RelationResult",
    "RelationScores",
    "LanguageScore",
    "LabelMiss",
    "LabelScores",
    "EvalReport",
    "evaluate",
    "format_report",
    "normalize_label",
    "normalize_literal",
    "literal_matches",
    "coarse_types",
    "load_ontology",
]

TOP_CLASSES: tuple[str, ...] = (
    "GovernmentBody", "Enterprise", "ResearchOrganization", "InternationalOrganization",
    "Country", "Person", "ActorGroup", "Event", "Policy", "Concept", "Sector", "Indicator",
    "Document",
)
_ROOTS = frozenset(TOP_CLASSES) | {"Actor"}
_LABEL_PROPS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
_NOT_RELATIONS = frozenset({RDF.type, CIKG.mentionedIn})


def _mentioned_in_english(data: rdflib.Graph, doc_nodes: set) -> set:
    """Nodes with a mention whose evidence is English (or carries no language, as older graphs)."""
    nodes = set()
    for ev in data.subjects(RDF.predicate, CIKG.mentionedIn):
        if data.value(ev, RDF.object) not in doc_nodes:
            continue
        languages = {str(lang) for lang in data.objects(ev, DCTERMS.language)}
        if not languages or any(lang == "en" or lang.startswith("en-") for lang in languages):
            nodes.update(data.objects(ev, RDF.subject))
    return nodes
_NON_ENTITY_CLASSES = frozenset({CIKG.Evidence, CIKG.Observation})


class EvaluationError(ValueError):
    """The graph or the gold file cannot be evaluated (missing, malformed, nothing in scope)."""


# --------------------------------------------------------------------------- normalisation

_QUOTE_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
})
_SURROUNDING_QUOTES = "\"'\u300c\u300d\u300e\u300f "
_DASHES = re.compile(r"[-\u00ad\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]")
_WS = re.compile(r"\s+")
_DATE_LIKE = re.compile(r"^\d{4}(-\d{2}){0,2}$")


def normalize_label(text: str) -> str:
    """The form two labels are compared in (see the module docstring)."""
    t = unicodedata.normalize("NFKC", str(text))
    t = unicodedata.normalize("NFKC", t.casefold())
    t = t.translate(_QUOTE_MAP)
    t = _WS.sub(" ", t).strip(_SURROUNDING_QUOTES)
    t = _DASHES.sub(" ", t)
    t = _WS.sub(" ", t).strip()
    if t.startswith("the "):
        t = t[4:].strip(_SURROUNDING_QUOTES)
    return t


def normalize_literal(text: str) -> str:
    """NFKC, casefold, whitespace collapsed: the form literal values are compared in."""
    t = unicodedata.normalize("NFKC", str(text))
    t = unicodedata.normalize("NFKC", t.casefold())
    return _WS.sub(" ", t).strip()


def _singular(text: str) -> str:
    head, _, last = text.rpartition(" ")
    if len(last) > 1 and last.endswith("s"):
        last = last[:-1]
    return f"{head} {last}" if head else last


def literal_matches(value: str, gold: str) -> bool:
    """Whether a literal's lexical form matches a gold literal string (see the module docstring)."""
    v, g = normalize_literal(value), normalize_literal(gold)
    if not g:
        return False
    if v == g or _singular(v) == g or v == _singular(g):
        return True
    if _DATE_LIKE.match(g) and v.startswith(g):
        rest = v[len(g):]
        return rest == "" or rest[0] in "-t"
    return False


# --------------------------------------------------------------------------- ontology

def load_ontology(path: Path | None = None) -> rdflib.Graph:
    """Parse the ontology file (default: the package's ``cikg.ttl``)."""
    if path is None:
        from ontology import ONTOLOGY_TTL

        path = ONTOLOGY_TTL
    g = rdflib.Graph()
    g.parse(str(path), format=guess_format(str(path)) or "turtle")
    return g


def _local_name(iri: URIRef | str) -> str:
    s = str(iri)
    for sep in ("#", "/"):
        if sep in s:
            s = s.rsplit(sep, 1)[1]
    return s


def coarse_types(classes: Iterable[URIRef], schema: rdflib.Graph) -> set[str]:
    """The nearest top classes (by local name) above each ``cikg:`` class, via rdfs:subClassOf."""
    found: set[str] = set()
    for cls in classes:
        seen: set[URIRef] = set()
        frontier = [cls]
        while frontier:
            c = frontier.pop()
            if c in seen or not isinstance(c, URIRef):
                continue
            seen.add(c)
            if str(c).startswith(str(CIKG)) and _local_name(c) in _ROOTS:
                found.add(_local_name(c))
                continue  # the nearest top class; do not climb past it (e.g. to Actor)
            frontier.extend(o for o in schema.objects(c, RDFS.subClassOf) if isinstance(o, URIRef))
    return found


# --------------------------------------------------------------------------- report records

def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class NodeRef:
    """A graph node as the report shows it."""

    iri: str
    label: str
    classes: tuple[str, ...]  # local names of its rdf:types
    coarse: tuple[str, ...]  # coarse types


@dataclass(frozen=True)
class GoldMatch:
    gold_id: str
    required: bool
    nodes: tuple[NodeRef, ...]


@dataclass(frozen=True)
class Miss:
    gold_id: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Duplicate:
    gold_id: str
    nodes: tuple[NodeRef, ...]


@dataclass(frozen=True)
class Merge:
    node: NodeRef
    gold_ids: tuple[str, ...]


@dataclass(frozen=True)
class TypeMismatch:
    """A matched gold entity with at least one node of a wrong coarse type."""

    gold_id: str
    expected: tuple[str, ...]
    nodes: tuple[NodeRef, ...]  # the wrong ones


@dataclass
class EntityScores:
    required_total: int  # required in-scope gold entities
    required_matched: int
    graph_entities: int  # in-scope graph entities
    neutral_nodes: int  # match only optional gold entities: left out of precision
    correct_nodes: int  # match a required gold entity
    precision: float | None
    recall: float | None
    f1: float | None
    misses: list[Miss]
    false_positives: list[NodeRef]
    duplicates: list[Duplicate]
    merges: list[Merge]
    matches: list[GoldMatch]


@dataclass
class TypeScores:
    total: int
    correct: int
    accuracy: float | None
    errors: list[TypeMismatch]


@dataclass(frozen=True)
class RelationResult:
    s: str
    pred: str
    o: str
    literal: bool
    found_untyped: bool
    found_typed: bool
    predicates: tuple[str, ...]  # local names of the predicates that linked s and o (any direction)


@dataclass
class RelationScores:
    total: int
    untyped_found: int
    typed_found: int
    untyped_recall: float | None
    typed_recall: float | None
    results: list[RelationResult]


@dataclass(frozen=True)
class LanguageScore:
    found: int
    total: int
    recall: float | None


@dataclass(frozen=True)
class LabelMiss:
    gold_id: str
    lang: str
    label: str


@dataclass
class LabelScores:
    per_language: dict[str, LanguageScore]
    overall: LanguageScore
    misses: list[LabelMiss]


@dataclass
class EvalReport:
    graph: str
    gold: str
    documents_in_scope: list[str]  # gold document ids
    entities: EntityScores
    types: TypeScores
    relations: RelationScores
    labels: LabelScores
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (lists, dicts, str, int, float, bool, None)."""
        return _jsonable(asdict(self))

    def table(self, limit: int = 15) -> str:
        """A plain-text summary table followed by short lists of misses, FPs, duplicates ..."""
        return _table(self, limit)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


# --------------------------------------------------------------------------- gold

@dataclass(frozen=True)
class _GoldEntity:
    id: str
    types: frozenset[str]
    names: tuple[str, ...]
    labels: dict[str, tuple[str, ...]]
    docs: frozenset[str]
    required: bool

    @property
    def keys(self) -> set[str]:
        keys = {normalize_label(n) for n in self.names}
        keys.update(normalize_label(v) for vs in self.labels.values() for v in vs)
        keys.discard("")
        return keys


@dataclass(frozen=True)
class _GoldRelation:
    s: str
    pred: str
    o: str
    docs: frozenset[str]
    literal: bool


@dataclass(frozen=True)
class _Gold:
    documents: dict[str, dict[str, Any]]
    entities: dict[str, _GoldEntity]
    relations: tuple[_GoldRelation, ...]


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _load_gold(path: Path) -> _Gold:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise EvaluationError(f"gold file not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise EvaluationError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        raise EvaluationError(f"{path}: expected a mapping with 'documents', 'entities', 'relations'")
    documents: dict[str, dict[str, Any]] = {}
    for doc_id, doc in data["documents"].items():
        if not isinstance(doc, dict) or not doc.get("file"):
            raise EvaluationError(f"{path}: document {doc_id!r} has no 'file'")
        documents[str(doc_id)] = doc
    entities: dict[str, _GoldEntity] = {}
    for i, raw in enumerate(data.get("entities") or []):
        if not isinstance(raw, dict) or "id" not in raw:
            raise EvaluationError(f"{path}: entity #{i + 1} has no 'id'")
        eid = str(raw["id"])
        if eid in entities:
            raise EvaluationError(f"{path}: entity {eid!r} is defined twice")
        labels_raw = raw.get("labels") or {}
        if not isinstance(labels_raw, dict):
            raise EvaluationError(f"{path}: entity {eid!r}: 'labels' must map a language to labels")
        docs = frozenset(_as_list(raw.get("docs")))
        unknown = docs - documents.keys()
        if unknown:
            raise EvaluationError(f"{path}: entity {eid!r} cites unknown documents {sorted(unknown)}")
        entities[eid] = _GoldEntity(
            id=eid,
            types=frozenset(_as_list(raw.get("types"))),
            names=tuple(_as_list(raw.get("names"))),
            labels={str(k): tuple(_as_list(v)) for k, v in labels_raw.items()},
            docs=docs,
            required=bool(raw.get("required", True)),
        )
    relations: list[_GoldRelation] = []
    for i, raw in enumerate(data.get("relations") or []):
        pred = raw.get("p", raw.get("pred")) if isinstance(raw, dict) else None
        if pred is None or "s" not in raw or "o" not in raw:
            raise EvaluationError(f"{path}: relation #{i + 1} needs 's', 'p' (or 'pred') and 'o'")
        rel = _GoldRelation(
            s=str(raw["s"]), pred=str(pred), o=str(raw["o"]),
            docs=frozenset(_as_list(raw.get("docs"))), literal=bool(raw.get("literal", False)),
        )
        try:
            re.compile(rel.pred)
        except re.error as exc:
            raise EvaluationError(f"{path}: relation #{i + 1}: bad pattern {rel.pred!r}: {exc}") from exc
        missing = [x for x in ([rel.s] if rel.literal else [rel.s, rel.o]) if x not in entities]
        if missing:
            raise EvaluationError(f"{path}: relation #{i + 1} names unknown entities {missing}")
        if rel.docs - documents.keys():
            raise EvaluationError(f"{path}: relation #{i + 1} cites unknown documents "
                                  f"{sorted(rel.docs - documents.keys())}")
        relations.append(rel)
    return _Gold(documents, entities, tuple(relations))


# --------------------------------------------------------------------------- graph

def _basename(path: str) -> str:
    # sourceFile may be written with either separator.
    return PureWindowsPath(path).name if "\\" in path else PurePosixPath(path).name


def _load_graph(source: Path) -> tuple[rdflib.Graph, Path]:
    source = Path(source)
    path = source / "graph.ttl" if source.is_dir() else source
    if not path.is_file():
        raise EvaluationError(f"no graph at {path}" + (" (is this a build folder?)" if source.is_dir() else ""))
    g = rdflib.Graph()
    try:
        g.parse(str(path), format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib raises assorted parser errors
        raise EvaluationError(f"{path}: cannot parse: {exc}") from exc
    return g, path


class _View:
    """Lookups over the data graph plus the ontology."""

    def __init__(self, data: rdflib.Graph, ontology: rdflib.Graph) -> None:
        self.g = data
        self.ontology = ontology
        self.schema = rdflib.Graph()  # rdfs:subClassOf from the ontology and the graph
        for src in (ontology, data):
            for t in src.triples((None, RDFS.subClassOf, None)):
                self.schema.add(t)
        self._coarse: dict[rdflib.term.Node, tuple[str, ...]] = {}
        self._pred_names: dict[rdflib.term.Node, tuple[str, ...]] = {}

    def labels(self, node) -> list[Literal]:
        return [o for p in _LABEL_PROPS for o in self.g.objects(node, p) if isinstance(o, Literal)]

    def coarse(self, node) -> tuple[str, ...]:
        if node not in self._coarse:
            classes = [c for c in self.g.objects(node, RDF.type) if isinstance(c, URIRef)]
            self._coarse[node] = tuple(sorted(coarse_types(classes, self.schema)))
        return self._coarse[node]

    def ref(self, node) -> NodeRef:
        labels = self.labels(node)
        english = sorted(str(l) for l in self.g.objects(node, RDFS.label)
                         if isinstance(l, Literal) and (l.language or "en").lower().startswith("en"))
        shown = english[0] if english else (sorted(str(l) for l in labels) or [_local_name(node)])[0]
        classes = tuple(sorted(_local_name(c) for c in self.g.objects(node, RDF.type)))
        return NodeRef(iri=str(node), label=shown, classes=classes, coarse=self.coarse(node))

    def pred_names(self, pred) -> tuple[str, ...]:
        if pred not in self._pred_names:
            names = [_local_name(pred)]
            names += [str(l) for src in (self.ontology, self.g) for l in src.objects(pred, RDFS.label)]
            self._pred_names[pred] = tuple(names)
        return self._pred_names[pred]

    def pred_matches(self, pred, pattern: str) -> bool:
        return any(re.search(pattern, n, re.IGNORECASE) for n in self.pred_names(pred))


# --------------------------------------------------------------------------- evaluation

def evaluate(graph_dir_or_ttl: Path, gold_path: Path,
             ontology: rdflib.Graph | None = None) -> EvalReport:
    """Score the graph in ``graph_dir_or_ttl`` against ``gold_path`` (rules: module docstring)."""
    gold = _load_gold(Path(gold_path))
    data, graph_path = _load_graph(Path(graph_dir_or_ttl))
    warnings: list[str] = []
    if ontology is None:
        try:
            ontology = load_ontology()
        except (FileNotFoundError, OSError) as exc:
            warnings.append(f"ontology not loaded ({exc}); coarse types come from the graph alone")
            ontology = rdflib.Graph()
        except Exception as exc:  # a parser error in the ontology file
            raise EvaluationError(f"cannot parse the ontology: {exc}") from exc
    view = _View(data, ontology)

    # ---- scope
    graph_docs: dict[str, list] = {}
    for node, value in data.subject_objects(CIKG.sourceFile):
        graph_docs.setdefault(_basename(str(value)), []).append(node)
    in_scope = sorted(d for d, doc in gold.documents.items() if _basename(str(doc["file"])) in graph_docs)
    if not in_scope:
        raise EvaluationError(
            f"no gold document is in the graph: gold files "
            f"{sorted(_basename(str(d['file'])) for d in gold.documents.values())}, "
            f"graph cikg:sourceFile {sorted(graph_docs) or 'none'}")
    scope = set(in_scope)
    doc_nodes = {n for d in in_scope for n in graph_docs[_basename(str(gold.documents[d]['file']))]}
    all_doc_nodes = {n for ns in graph_docs.values() for n in ns}
    gold_ents = {e.id: e for e in gold.entities.values() if e.docs & scope}
    gold_rels = [r for r in gold.relations if r.docs & scope]

    # ---- graph entities and matches
    excluded = set(all_doc_nodes)
    for cls in _NON_ENTITY_CLASSES:
        excluded.update(data.subjects(RDF.type, cls))
    mentioned = {s for s, d in data.subject_objects(CIKG.mentionedIn) if d in doc_nodes and s not in excluded}
    entity_nodes = sorted(mentioned & _mentioned_in_english(data, doc_nodes), key=str)
    translation_only = sorted(mentioned - set(entity_nodes), key=str)
    if translation_only:
        warnings.append(f"{len(translation_only)} node(s) mentioned only in translated sections are not scored "
                        f"(the gold names English forms): " + ", ".join(view.ref(n).label for n in translation_only[:8]))
    key_index: dict[str, set[str]] = {}
    for e in gold_ents.values():
        for k in e.keys:
            key_index.setdefault(k, set()).add(e.id)
    node_matches: dict = {}
    gold_nodes: dict[str, list] = {eid: [] for eid in gold_ents}
    for n in entity_nodes:
        ids: set[str] = set()
        for lab in view.labels(n):
            ids |= key_index.get(normalize_label(lab), set())
        node_matches[n] = ids
        for eid in ids:
            gold_nodes[eid].append(n)

    entities = _score_entities(view, gold_ents, entity_nodes, node_matches, gold_nodes)
    types = _score_types(view, gold_ents, gold_nodes)

    # ---- relations: document nodes stand for gold entities named like them
    rel_nodes: dict[str, set] = {eid: set(ns) for eid, ns in gold_nodes.items()}
    for dn in doc_nodes:
        keys = {normalize_label(str(v)) for p in (RDFS.label, DCTERMS.title) for v in data.objects(dn, p)}
        keys |= {normalize_label(PurePath(_basename(str(v))).stem) for v in data.objects(dn, CIKG.sourceFile)}
        for k in keys:
            for eid in key_index.get(k, ()):
                rel_nodes[eid].add(dn)
    relations = _score_relations(view, gold_rels, rel_nodes)

    # ---- labels per language
    languages: list[str] = []  # in the gold file's order (en, zh, fr, es)
    for d in in_scope:
        for lang in _as_list(gold.documents[d].get("languages")):
            if lang not in languages:
                languages.append(lang)
    labels = _score_labels(view, gold_ents, gold_nodes, languages)

    return EvalReport(graph=str(graph_path), gold=str(gold_path), documents_in_scope=in_scope,
                      entities=entities, types=types, relations=relations, labels=labels,
                      warnings=warnings)


def _score_entities(view: _View, gold_ents: dict[str, _GoldEntity], entity_nodes: list,
                    node_matches: dict, gold_nodes: dict[str, list]) -> EntityScores:
    required = [e for e in gold_ents.values() if e.required]
    matched = [e for e in required if gold_nodes[e.id]]
    correct = [n for n in entity_nodes if any(gold_ents[i].required for i in node_matches[n])]
    neutral = [n for n in entity_nodes
               if node_matches[n] and not any(gold_ents[i].required for i in node_matches[n])]
    fps = [n for n in entity_nodes if not node_matches[n]]
    precision = _ratio(len(correct), len(entity_nodes) - len(neutral))
    recall = _ratio(len(matched), len(required))
    return EntityScores(
        required_total=len(required),
        required_matched=len(matched),
        graph_entities=len(entity_nodes),
        neutral_nodes=len(neutral),
        correct_nodes=len(correct),
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        misses=[Miss(e.id, e.names) for e in sorted(required, key=lambda e: e.id) if not gold_nodes[e.id]],
        false_positives=sorted((view.ref(n) for n in fps), key=lambda r: (r.label.casefold(), r.iri)),
        duplicates=[Duplicate(eid, tuple(view.ref(n) for n in ns))
                    for eid, ns in sorted(gold_nodes.items()) if len(ns) > 1],
        merges=[Merge(view.ref(n), tuple(sorted(node_matches[n])))
                for n in entity_nodes if len(node_matches[n]) > 1],
        matches=[GoldMatch(eid, gold_ents[eid].required, tuple(view.ref(n) for n in ns))
                 for eid, ns in sorted(gold_nodes.items())],
    )


def _score_types(view: _View, gold_ents: dict[str, _GoldEntity], gold_nodes: dict[str, list]) -> TypeScores:
    total = correct = 0
    errors: list[TypeMismatch] = []
    for eid in sorted(gold_nodes):
        e, nodes = gold_ents[eid], gold_nodes[eid]
        if not e.required or not nodes:
            continue
        total += 1
        wrong = [n for n in nodes if not set(view.coarse(n)) & e.types]
        if wrong:
            errors.append(TypeMismatch(eid, tuple(sorted(e.types)), tuple(view.ref(n) for n in wrong)))
        else:
            correct += 1
    return TypeScores(total=total, correct=correct, accuracy=_ratio(correct, total), errors=errors)


def _score_relations(view: _View, rels: list[_GoldRelation], rel_nodes: dict[str, set]) -> RelationScores:
    g = view.g
    results: list[RelationResult] = []
    for r in rels:
        s_nodes = rel_nodes.get(r.s, set())
        untyped = typed = False
        preds: set[str] = set()
        if r.literal:
            for s in s_nodes:
                for p, o in g.predicate_objects(s):
                    if not isinstance(o, Literal) or p in _NOT_RELATIONS or p in _LABEL_PROPS:
                        continue
                    if literal_matches(str(o), r.o):
                        untyped = True
                        preds.add(_local_name(p))
                        typed = typed or view.pred_matches(p, r.pred)
        else:
            o_nodes = rel_nodes.get(r.o, set())
            for s in s_nodes:
                for o in o_nodes:
                    for p in g.predicates(s, o):
                        if p in _NOT_RELATIONS:
                            continue
                        untyped = True
                        preds.add(_local_name(p))
                        typed = typed or view.pred_matches(p, r.pred)
                    for p in g.predicates(o, s):
                        if p in _NOT_RELATIONS:
                            continue
                        untyped = True
                        preds.add("^" + _local_name(p))
        results.append(RelationResult(r.s, r.pred, r.o, r.literal, untyped, typed, tuple(sorted(preds))))
    n = len(results)
    u = sum(x.found_untyped for x in results)
    t = sum(x.found_typed for x in results)
    return RelationScores(total=n, untyped_found=u, typed_found=t,
                          untyped_recall=_ratio(u, n), typed_recall=_ratio(t, n), results=results)


def _lang_matches(tag: str | None, lang: str) -> bool:
    if not tag:
        return False
    tag, lang = tag.lower(), lang.lower()
    return tag == lang or tag.startswith(lang + "-")


def _score_labels(view: _View, gold_ents: dict[str, _GoldEntity], gold_nodes: dict[str, list],
                  languages: list[str]) -> LabelScores:
    counts: dict[str, list[int]] = {}
    misses: list[LabelMiss] = []
    for eid in sorted(gold_ents):
        e = gold_ents[eid]
        if not e.required:
            continue
        for lang in sorted(e.labels):
            if lang not in languages:
                continue
            have = {normalize_label(l) for n in gold_nodes[eid] for l in view.labels(n)
                    if _lang_matches(l.language, lang)}
            for label in e.labels[lang]:
                c = counts.setdefault(lang, [0, 0])
                c[1] += 1
                if normalize_label(label) in have:
                    c[0] += 1
                else:
                    misses.append(LabelMiss(eid, lang, label))
    per = {lang: LanguageScore(*counts[lang], _ratio(*counts[lang])) for lang in languages if lang in counts}
    found = sum(s.found for s in per.values())
    total = sum(s.total for s in per.values())
    return LabelScores(per_language=per, overall=LanguageScore(found, total, _ratio(found, total)),
                       misses=misses)


# --------------------------------------------------------------------------- formatting

def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _short(items: list[str], limit: int) -> str:
    if not items:
        return "  (none)"
    lines = [f"  {s}" for s in items[:limit]]
    if len(items) > limit:
        lines.append(f"  ... and {len(items) - limit} more")
    return "\n".join(lines)


def _node(n: NodeRef) -> str:
    return f"{n.label} [{', '.join(n.classes) or 'untyped'}]"


def _typed(n: NodeRef) -> str:
    return f"{n.label} as {'|'.join(n.coarse) or '?'}"


def _table(r: EvalReport, limit: int) -> str:
    e, t, rel, lab = r.entities, r.types, r.relations, r.labels
    rows: list[tuple[str, str, str]] = [
        ("entity precision", _num(e.precision),
         f"{e.correct_nodes}/{e.graph_entities - e.neutral_nodes} nodes "
         f"({len(e.false_positives)} false positive, {e.neutral_nodes} optional not counted)"),
        ("entity recall", _num(e.recall), f"{e.required_matched}/{e.required_total} required gold entities"),
        ("entity F1", _num(e.f1), ""),
        ("type accuracy", _num(t.accuracy), f"{t.correct}/{t.total} matched required entities"),
        ("duplicates", str(len(e.duplicates)),
         f"gold entities with >1 node ({sum(len(d.nodes) for d in e.duplicates)} nodes); "
         f"{len(e.merges)} merged nodes"),
        ("relations untyped", _num(rel.untyped_recall), f"{rel.untyped_found}/{rel.total}"),
        ("relations typed", _num(rel.typed_recall), f"{rel.typed_found}/{rel.total}"),
    ]
    for lang, s in lab.per_language.items():
        rows.append((f"labels {lang}", _num(s.recall), f"{s.found}/{s.total}"))
    rows.append(("labels overall", _num(lab.overall.recall), f"{lab.overall.found}/{lab.overall.total}"))
    w0 = max(len(a) for a, _, _ in rows)
    w1 = max(len(b) for _, b, _ in rows)
    out = [f"graph: {r.graph}", f"gold:  {r.gold}",
           f"documents in scope: {', '.join(r.documents_in_scope)}", ""]
    out.append(f"{'metric'.ljust(w0)}  {'value'.rjust(w1)}  detail")
    out.append(f"{'-' * w0}  {'-' * w1}  {'-' * 6}")
    out += [f"{a.ljust(w0)}  {b.rjust(w1)}  {c}".rstrip() for a, b, c in rows]
    sections = [
        (f"misses ({len(e.misses)})", [f"{m.gold_id}: {' | '.join(m.names)}" for m in e.misses]),
        (f"false positives ({len(e.false_positives)})", [_node(n) for n in e.false_positives]),
        (f"duplicates ({len(e.duplicates)})",
         [f"{d.gold_id}: {'; '.join(_node(n) for n in d.nodes)}" for d in e.duplicates]),
        (f"merges ({len(e.merges)})", [f"{_node(m.node)} = {', '.join(m.gold_ids)}" for m in e.merges]),
        (f"type errors ({len(t.errors)})",
         [f"{x.gold_id}: expected {'|'.join(x.expected)}, got {'; '.join(_typed(n) for n in x.nodes)}"
          for x in t.errors]),
        (f"relations not found typed ({rel.total - rel.typed_found})",
         [f"{x.s} -[{x.pred}]-> {repr(x.o) if x.literal else x.o}"
          + (f"  (untyped via {', '.join(x.predicates)})" if x.found_untyped else "  (not linked)")
          for x in rel.results if not x.found_typed]),
        (f"labels missed ({len(lab.misses)})", [f"{m.gold_id} @{m.lang}: {m.label}" for m in lab.misses]),
    ]
    for title, items in sections:
        out += ["", title + ":", _short(items, limit)]
    if r.warnings:
        out += ["", "warnings:", _short(r.warnings, limit)]
    return "\n".join(out) + "\n"


def format_report(report: EvalReport, as_json: bool) -> str:
    """What ``cikg eval`` prints: indented JSON of ``report.to_json()``, or ``report.table()``."""
    if as_json:
        return json.dumps(report.to_json(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return report.table()

"""What is compared for a set of gold documents: the gold items they cite, the graph nodes mentioned
in them, and which node stands for which gold entity (rules: docs/evaluation.md, "Scope", "Matching")."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib.term import Node

from .gold import EvaluationError, Gold, GoldEntity, GoldFigure, GoldRelation, as_list
from .graph import GraphView, basename
from .normalise import normalize_label


@dataclass
class Scope:
    docs: list[str]  # gold document ids
    doc_of_node: dict[Node, str]  # document node -> gold document id
    entities: dict[str, GoldEntity]  # gold entities citing one of the documents
    relations: list[GoldRelation]
    figures: list[GoldFigure]
    entity_nodes: list[Node]  # graph entities mentioned in the documents' main language
    translation_only: list[Node]  # mentioned there only in translated sections: not scored
    node_matches: dict[Node, set[str]]  # entity node -> the gold entities it matches
    gold_nodes: dict[str, list[Node]]  # gold entity -> the entity nodes matching it
    node_ids: dict[Node, set[str]]  # like node_matches, plus document nodes named like a gold entity

    @property
    def doc_nodes(self) -> set[Node]:
        return set(self.doc_of_node)

    def nodes_of(self, gold_id: str) -> set[Node]:
        """Entity and document nodes standing for a gold entity (the ends of its relations)."""
        return {n for n, ids in self.node_ids.items() if gold_id in ids}

    def doc_ids(self, nodes: set[Node]) -> tuple[str, ...]:
        return tuple(sorted({self.doc_of_node[n] for n in nodes if n in self.doc_of_node}))


def documents_in_scope(view: GraphView, gold: Gold) -> list[str]:
    """Gold documents whose file has the basename of some graph document's ``cikg:sourceFile``."""
    in_scope = sorted(d for d, doc in gold.documents.items() if basename(str(doc["file"])) in view.documents)
    if not in_scope:
        raise EvaluationError(
            f"{gold.path}: no gold document is in the graph: gold files "
            f"{sorted(basename(str(d['file'])) for d in gold.documents.values())}, "
            f"graph cikg:sourceFile {sorted(view.documents) or 'none'}")
    return in_scope


def build_scope(view: GraphView, gold: Gold, docs: list[str]) -> Scope:
    scope = set(docs)
    doc_of_node = {n: d for d in docs for n in view.documents[basename(str(gold.documents[d]["file"]))]}
    entities = {e.id: e for e in gold.entities.values() if e.docs & scope}
    main_language = {n: (as_list(gold.documents[d].get("languages")) or ["en"])[0] for n, d in doc_of_node.items()}
    entity_nodes, translation_only = view.entities(main_language)
    key_index: dict[str, set[str]] = {}
    for e in entities.values():
        for k in e.keys:
            key_index.setdefault(k, set()).add(e.id)
    node_matches: dict[Node, set[str]] = {}
    gold_nodes: dict[str, list[Node]] = {eid: [] for eid in entities}
    for n in entity_nodes:
        ids = {i for lab in view.labels(n) for i in key_index.get(normalize_label(lab), ())}
        node_matches[n] = ids
        for eid in ids:
            gold_nodes[eid].append(n)
    node_ids = {n: set(ids) for n, ids in node_matches.items() if ids}
    for dn in doc_of_node:
        ids = {i for name in view.document_names(dn) for i in key_index.get(normalize_label(name), ())}
        if ids:
            node_ids[dn] = ids
    return Scope(
        docs=list(docs), doc_of_node=doc_of_node, entities=entities,
        relations=[r for r in gold.relations if r.docs & scope],
        figures=[f for f in gold.figures if f.doc in scope],
        entity_nodes=entity_nodes, translation_only=translation_only,
        node_matches=node_matches, gold_nodes=gold_nodes, node_ids=node_ids,
    )

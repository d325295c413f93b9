"""Translation coverage: what each translated section of a brief keeps, drops and adds.

``coverage(graph_dir)`` reads a built graph (``DIR/graph.ttl``) and returns one
:class:`CoverageReport` per translated section: the entities and facts of the English section it
translates that the translation also expresses, those it drops, and those it adds.

Sections are recovered from the evidence records alone (``prov:wasDerivedFrom`` document,
``dcterms:language``, ``cikg:startOffset``/``endOffset``): a document's evidence sorted by offset
falls into runs of one language. A translation is aligned with the nearest English run before it
(brief-2024's abstract, not the executive summary after the translations); a translation that
opens the document is aligned with the first English run after it.

Facts between two entities are compared as (subject, predicate, object). A dropped fact whose two
entities the translation still links by another property (or the weak ``relatedTo`` co-mention)
is reported as ``linked``, so a difference in extraction rules is not mistaken for a difference in
content; ``relatedTo`` facts themselves are not compared, nor are facts with a literal object
(dates, statuses), which only the English reader extracts.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from ..graph_file import read_graph
from ..namespaces import CIKG, DOC, ENT

SOURCE_LANGUAGE = "en"
WEAK = CIKG.relatedTo
ROW_FIELDS = ("document", "language", "kind", "status", "item", "subject", "predicate", "object")


@dataclass(frozen=True)
class Run:
    """A stretch of one document in one language, as its evidence offsets show it."""

    lang: str
    start: int
    end: int


@dataclass(frozen=True)
class EntityItem:
    iri: str
    label: str


@dataclass(frozen=True)
class FactItem:
    """A fact by its ends; ``label`` reads it ("China promotes technological self-reliance")."""

    subject: str
    predicate: str
    object: str
    label: str


@dataclass
class CoverageReport:
    """One translation of one English section: entities and facts expressed, dropped, added."""

    document: str
    language: str
    source: Run
    target: Run
    entities_expressed: list[EntityItem] = field(default_factory=list)
    entities_dropped: list[EntityItem] = field(default_factory=list)
    entities_added: list[EntityItem] = field(default_factory=list)
    facts_expressed: list[FactItem] = field(default_factory=list)
    facts_linked: list[FactItem] = field(default_factory=list)
    facts_dropped: list[FactItem] = field(default_factory=list)
    facts_added: list[FactItem] = field(default_factory=list)

    @property
    def entity_coverage(self) -> float | None:
        """Share of the English section's entities the translation names."""
        total = len(self.entities_expressed) + len(self.entities_dropped)
        return len(self.entities_expressed) / total if total else None

    @property
    def fact_coverage(self) -> float | None:
        """Share of the English section's facts the translation states (same property)."""
        total = len(self.facts_expressed) + len(self.facts_linked) + len(self.facts_dropped)
        return len(self.facts_expressed) / total if total else None

    def summary(self) -> dict[str, object]:
        """Counts and coverage ratios, for the JSON and Markdown summaries."""
        return {
            "document": self.document, "language": self.language,
            "source": [self.source.start, self.source.end], "target": [self.target.start, self.target.end],
            "entities_expressed": len(self.entities_expressed), "entities_dropped": len(self.entities_dropped),
            "entities_added": len(self.entities_added), "facts_expressed": len(self.facts_expressed),
            "facts_linked": len(self.facts_linked), "facts_dropped": len(self.facts_dropped),
            "facts_added": len(self.facts_added),
            "entity_coverage": _rounded(self.entity_coverage), "fact_coverage": _rounded(self.fact_coverage),
        }

    def to_rows(self) -> list[dict[str, str]]:
        """One row per entity and fact with its status (expressed, linked, dropped, added)."""
        rows = []
        for status, items in (("expressed", self.entities_expressed), ("dropped", self.entities_dropped),
                              ("added", self.entities_added)):
            rows += [self._row("entity", status, item.label, item.iri, "", "") for item in items]
        for status, facts in (("expressed", self.facts_expressed), ("linked", self.facts_linked),
                              ("dropped", self.facts_dropped), ("added", self.facts_added)):
            rows += [self._row("fact", status, f.label, f.subject, f.predicate, f.object) for f in facts]
        return rows

    def _row(self, kind: str, status: str, item: str, subject: str, predicate: str, obj: str) -> dict[str, str]:
        return {"document": self.document, "language": self.language, "kind": kind, "status": status,
                "item": item, "subject": subject, "predicate": predicate, "object": obj}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# --------------------------------------------------------------------------------------------
# Reading the graph
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Record:
    """One evidence record: where (document, language, offsets) and what (subject, predicate, object)."""

    document: str
    lang: str
    start: int
    end: int
    subject: URIRef
    predicate: URIRef
    object: URIRef | Literal


def _records(graph: Graph) -> list[_Record]:
    records = []
    for ev in graph.subjects(RDF.type, CIKG.Evidence):
        subject = graph.value(ev, RDF.subject)
        document = graph.value(ev, PROV.wasDerivedFrom)
        start, end = graph.value(ev, CIKG.startOffset), graph.value(ev, CIKG.endOffset)
        lang = graph.value(ev, DCTERMS.language)
        if not (isinstance(subject, URIRef) and str(subject).startswith(str(ENT))) or None in (document, start, end, lang):
            continue
        records.append(_Record(str(document).removeprefix(str(DOC)), str(lang), int(start), int(end), subject,
                               graph.value(ev, RDF.predicate), graph.value(ev, RDF.object)))
    return records


def runs(records: list[_Record]) -> list[Run]:
    """Runs of one language through a document's evidence, in document order."""
    found: list[Run] = []
    for record in sorted(records, key=lambda r: (r.start, r.end)):
        if found and found[-1].lang == record.lang:
            last = found[-1]
            found[-1] = Run(last.lang, last.start, max(last.end, record.end))
        else:
            found.append(Run(record.lang, record.start, record.end))
    return found


def aligned_pairs(document_runs: list[Run]) -> list[tuple[Run, Run]]:
    """(English run, translation run): the nearest English run before each translation, else after."""
    pairs = []
    for i, run in enumerate(document_runs):
        if run.lang == SOURCE_LANGUAGE:
            continue
        before = [r for r in document_runs[:i] if r.lang == SOURCE_LANGUAGE]
        after = [r for r in document_runs[i + 1:] if r.lang == SOURCE_LANGUAGE]
        source = before[-1] if before else (after[0] if after else None)
        if source is not None:
            pairs.append((source, run))
    return pairs


class _Labels:
    """Display labels: an entity's English rdfs:label, a property's local name."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def entity(self, node: URIRef) -> str:
        label = self.graph.value(node, RDFS.label)
        return str(label) if label is not None else str(node).removeprefix(str(ENT))

    @staticmethod
    def predicate(node: URIRef) -> str:
        return str(node).removeprefix(str(CIKG))

    def fact(self, key: tuple[URIRef, URIRef, URIRef]) -> FactItem:
        s, p, o = key
        label = f"{self.entity(s)} {self.predicate(p)} {self.entity(o)}"
        return FactItem(str(s), self.predicate(p), str(o), label)


def _inside(records: list[_Record], run: Run) -> list[_Record]:
    return [r for r in records if r.lang == run.lang and run.start <= r.start and r.end <= run.end]


def _compare(document: str, source: Run, target: Run, records: list[_Record], labels: _Labels) -> CoverageReport:
    src, tgt = _inside(records, source), _inside(records, target)
    report = CoverageReport(document, target.lang, source, target)
    src_entities = {r.subject for r in src if r.predicate == CIKG.mentionedIn}
    tgt_entities = {r.subject for r in tgt if r.predicate == CIKG.mentionedIn}
    entity = lambda nodes: sorted((EntityItem(str(n), labels.entity(n)) for n in nodes), key=lambda e: (e.label, e.iri))
    report.entities_expressed = entity(src_entities & tgt_entities)
    report.entities_dropped = entity(src_entities - tgt_entities)
    report.entities_added = entity(tgt_entities - src_entities)
    src_facts, tgt_facts = _facts(src), _facts(tgt)
    tgt_pairs = {frozenset((s, o)) for s, _, o in _facts(tgt, weak=True)}
    src_pairs = {frozenset((s, o)) for s, _, o in _facts(src, weak=True)}
    fact = lambda keys: sorted((labels.fact(k) for k in keys), key=lambda f: (f.label, f.subject, f.object))
    report.facts_expressed = fact(src_facts & tgt_facts)
    report.facts_linked = fact(k for k in src_facts - tgt_facts if frozenset((k[0], k[2])) in tgt_pairs)
    report.facts_dropped = fact(k for k in src_facts - tgt_facts if frozenset((k[0], k[2])) not in tgt_pairs)
    report.facts_added = fact(k for k in tgt_facts - src_facts if frozenset((k[0], k[2])) not in src_pairs)
    return report


def _facts(records: list[_Record], weak: bool = False) -> set[tuple[URIRef, URIRef, URIRef]]:
    """The facts between two entities the records are evidence for (``weak`` keeps co-mentions)."""
    return {(r.subject, r.predicate, r.object) for r in records
            if r.predicate != CIKG.mentionedIn and str(r.object).startswith(str(ENT))
            and (weak or r.predicate != WEAK)}


def coverage(graph_dir: Path | str | Graph) -> list[CoverageReport]:
    """A report per translated section of every document in a built graph (a build folder, a
    Turtle file or a parsed graph), ordered by document and position."""
    graph = graph_dir if isinstance(graph_dir, Graph) else read_graph(Path(graph_dir))
    labels = _Labels(graph)
    by_document: dict[str, list[_Record]] = defaultdict(list)
    for record in _records(graph):
        by_document[record.document].append(record)
    reports = []
    for document in sorted(by_document):
        records = by_document[document]
        for source, target in aligned_pairs(runs(records)):
            reports.append(_compare(document, source, target, records, labels))
    return reports


def write_csv(reports: list[CoverageReport], path: Path) -> Path:
    """All reports' rows as one CSV table (``coverage.csv``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ROW_FIELDS)
        writer.writeheader()
        for report in reports:
            writer.writerows(report.to_rows())
    return path


def markdown(reports: list[CoverageReport]) -> str:
    """A "Translation coverage" section for a Markdown report: one row per translation, then what
    each one drops and adds."""
    if not reports:
        return ""
    lines = ["## Translation coverage\n",
             "Entities and facts of each English section that its translation also expresses "
             "(a fact whose entities the translation links by another property counts as linked).\n",
             "| document | language | entities kept | dropped | added | facts kept | linked | dropped | added |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in reports:
        lines.append(f"| {r.document} | {r.language} | {_share(r.entity_coverage)} | {len(r.entities_dropped)} | "
                     f"{len(r.entities_added)} | {_share(r.fact_coverage)} | {len(r.facts_linked)} | "
                     f"{len(r.facts_dropped)} | {len(r.facts_added)} |")
    for r in reports:
        dropped = ", ".join(e.label for e in r.entities_dropped) or "none"
        added = ", ".join(e.label for e in r.entities_added) or "none"
        lines.append(f"\n- **{r.document} ({r.language})** drops: {dropped}; adds: {added}")
    return "\n".join(lines) + "\n"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"

"""``cikg facts``: every asserted fact as one row per reading, for an analyst to review.

A row is one evidence record of a fact (relations and attributes, not co-mentions): the subject and
object with their labels and IRIs, the property, the confidence, the rule, the document and the
sentence, and the empty ``verdict``, ``new_property`` and ``note`` columns the analyst fills in.
Rows come least confident first, so a reviewer reads the doubtful ones first; the table, filled in,
is a corrections file for ``cikg build --corrections`` (:mod:`kg.review.corrections`). Figures
(observations) are a second table: a second CSV file or a second sheet.
"""
from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from ..analysis.counts import is_fact_property
from ..analysis.load import load_graph
from ..analysis.records import Evidence, KnowledgeGraph
from ..graph_file import graph_file, read_graph
from ..namespaces import CIKG, DOC, ENT

FORMATS = ("csv", "xlsx")
REVIEW_DIR = "review"
NUMBER_COLUMNS = ("confidence", "value")


@dataclass(frozen=True)
class FactRow:
    """One reading of one fact; the last three columns are the reviewer's."""

    confidence: str
    subject_label: str
    property: str
    object_label: str
    document: str
    sentence: str
    rule: str
    subject: str
    object: str  # the object's IRI; empty for an attribute, whose value is object_label
    verdict: str = ""
    new_property: str = ""
    note: str = ""


@dataclass(frozen=True)
class FigureRow:
    """One figure and one sentence it was read from."""

    entity_label: str
    measure: str
    value: str
    unit: str
    year: str
    qualifier: str
    indicator: str
    document: str
    sentence: str
    entity: str
    observation: str


@dataclass(frozen=True)
class FactsTables:
    """What ``cikg facts`` wrote."""

    facts: int
    figures: int
    paths: list[Path]

    def summary(self) -> str:
        return f"{self.facts} fact readings, {self.figures} figure readings -> " + ", ".join(map(str, self.paths))


def fact_rows(kg: KnowledgeGraph) -> list[FactRow]:
    """A row per evidence record of every relation and attribute, least confident first."""
    rows = []
    for fact in kg.facts:
        if is_fact_property(fact.predicate):
            rows += [_row(kg, fact.subject, fact.predicate, kg.label(fact.object), str(ENT[fact.object]), e)
                     for e in fact.evidence]
    for attribute in kg.attributes:
        if is_fact_property(attribute.predicate):
            rows += [_row(kg, attribute.subject, attribute.predicate, attribute.value, "", e) for e in attribute.evidence]
    return sorted(rows, key=lambda r: (float(r.confidence or 0), r.subject_label.casefold(), r.property,
                                       r.object_label.casefold(), r.document, r.sentence))


def _row(kg: KnowledgeGraph, subject: str, prop: str, object_label: str, object_iri: str, evidence: Evidence) -> FactRow:
    confidence = "" if evidence.confidence is None else f"{evidence.confidence:.2f}"
    return FactRow(confidence, kg.label(subject), prop, object_label, evidence.document, evidence.sentence,
                   evidence.rule, str(ENT[subject]), object_iri)


def figure_rows(rdf: Graph) -> list[FigureRow]:
    """A row per observation and evidence sentence, by entity, measure and year."""
    rows = []
    for node in rdf.subjects(RDF.type, CIKG.Observation):
        entity = rdf.value(node, CIKG.observedEntity)
        indicator = rdf.value(node, CIKG.indicator)
        common = dict(
            entity_label=_text(rdf.value(entity, RDFS.label)) or _text(entity), measure=_text(rdf.value(node, CIKG.measure)),
            value=_text(rdf.value(node, CIKG.value)), unit=_text(rdf.value(node, CIKG.unit)),
            year=_text(rdf.value(node, CIKG.year)), qualifier=_text(rdf.value(node, CIKG.qualifier)),
            indicator=_text(rdf.value(indicator, RDFS.label)) if indicator is not None else "",
            entity=_text(entity), observation=str(node))
        for record in sorted(rdf.objects(node, CIKG.evidence), key=str) or [None]:
            document = rdf.value(record, PROV.wasDerivedFrom) if record is not None else None
            rows.append(FigureRow(**common, document=_text(document).removeprefix(str(DOC)),
                                  sentence=_text(rdf.value(record, CIKG.sentence)) if record is not None else ""))
    return sorted(rows, key=lambda r: (r.entity_label.casefold(), r.measure, r.year, r.value, r.document, r.sentence))


def _text(value: URIRef | object | None) -> str:
    return "" if value is None else str(value)


def write_facts(path: Path, fmt: str = "csv", out: Path | None = None) -> FactsTables:
    """Write the facts and figures tables of the build folder (or graph file) ``path``.

    CSV: ``out`` (default ``DIR/review/facts.csv``) and ``figures.csv`` beside it; xlsx: one
    workbook (default ``DIR/review/facts.xlsx``) with the sheets ``facts`` and ``figures``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    ttl = graph_file(path)
    facts = fact_rows(load_graph(path))
    figures = figure_rows(read_graph(path))
    folder = (Path(path) if Path(path).is_dir() else ttl.parent) / REVIEW_DIR
    target = Path(out) if out else folder / f"facts.{fmt}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        _write_workbook(target, {"facts": (FactRow, facts), "figures": (FigureRow, figures)})
        return FactsTables(len(facts), len(figures), [target])
    figures_path = target.with_name("figures.csv" if target.name == "facts.csv" else f"{target.stem}-figures.csv")
    _write_csv(target, FactRow, facts)
    _write_csv(figures_path, FigureRow, figures)
    return FactsTables(len(facts), len(figures), [target, figures_path])


def _write_csv(path: Path, row_type: type, rows: list) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, [f.name for f in fields(row_type)])
        writer.writeheader()
        writer.writerows(asdict(row) for row in rows)


def _write_workbook(path: Path, sheets: dict[str, tuple[type, list]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, (row_type, rows) in sheets.items():
        sheet = book.create_sheet(name)
        columns = [f.name for f in fields(row_type)]
        sheet.append(columns)
        for row in rows:
            sheet.append([_number(getattr(row, c)) if c in NUMBER_COLUMNS else getattr(row, c) for c in columns])
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    book.save(path)


def _number(value: str) -> float | str:
    """A confidence or a value as a number, so a spreadsheet sorts and filters it as one."""
    try:
        return float(value)
    except ValueError:
        return value

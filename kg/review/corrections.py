"""An analyst's corrections, read from a reviewed facts table (CSV or xlsx) or a YAML file.

Every correction is keyed by content -- entity keys, a property, a document id and a sentence's
text -- never by offsets or line numbers, so it still applies after the documents or the extractor
change. Reading checks what can be checked without the graph (verdicts, properties, classes, merge
cycles, malformed rows); each problem becomes one line naming the file and the row, and the valid
corrections go through. :mod:`kg.review.apply` checks the rest against the graph while it applies
them. The formats are described in docs/review.md.
"""
from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path

import yaml

from .model import (VERDICTS, AddedFact, Corrections, EntityCorrection, FactCorrection, FactKey, Merge, Origin, Split,
                    Vocabulary, document_key, entity_key, fold, term_name, vocabulary)

YAML_SECTIONS = ("analyst", "facts", "add", "entities", "merge", "split")
TABLE_COLUMNS = ("subject", "property", "object", "verdict")  # the least a reviewed facts table must keep


class CorrectionsError(ValueError):
    """The corrections file as a whole cannot be read (missing, not YAML, no header)."""


def load_corrections(path: Path) -> Corrections:
    """The corrections in ``path`` (``.csv``, ``.xlsx``, ``.yaml``/``.yml``), checked row by row."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CorrectionsError(f"{path}: cannot read the corrections file: {error.strerror or error}") from error
    corrections = Corrections(path, "sha256:" + hashlib.sha256(data).hexdigest())
    reader = _Reader(corrections, vocabulary())
    if path.suffix.lower() in (".yaml", ".yml"):
        reader.read_yaml(_yaml_document(path, data))
    else:
        reader.read_table(_table_rows(path, data))
    reader.check_merges()
    return corrections


class _LineLoader(yaml.SafeLoader):
    """Records the line each mapping starts on, so a problem can name its row."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _yaml_document(path: Path, data: bytes) -> dict:
    try:
        document = yaml.load(data.decode("utf-8"), Loader=_LineLoader)  # noqa: S506 -- a SafeLoader subclass
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise CorrectionsError(f"{path}: not a YAML corrections file: {str(error).splitlines()[0]}") from error
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise CorrectionsError(f"{path}: a corrections file is a mapping with sections {', '.join(YAML_SECTIONS)}")
    return document


def _table_rows(path: Path, data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, row) of a reviewed facts table; the header is row 1."""
    if path.suffix.lower() == ".xlsx":
        rows = _xlsx_rows(path)
    else:
        try:
            rows = list(csv.reader(data.decode("utf-8-sig").splitlines(keepends=True)))
        except (UnicodeDecodeError, csv.Error) as error:
            raise CorrectionsError(f"{path}: not a CSV facts table: {error}") from error
    if not rows or not set(TABLE_COLUMNS) <= {c.strip() for c in rows[0]}:
        raise CorrectionsError(f"{path}: a reviewed facts table needs the columns {', '.join(TABLE_COLUMNS)} "
                               "(write one with `cikg facts`)")
    header = [c.strip() for c in rows[0]]
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header) and any(cell.strip() for cell in row):
            yield number, {"__malformed__": f"{len(row)} cells where the header has {len(header)}"}
        elif any(cell.strip() for cell in row):
            yield number, dict(zip(header, row, strict=True))


def _xlsx_rows(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError and XML errors alike
        raise CorrectionsError(f"{path}: not an xlsx workbook: {error}") from error
    sheet = book["facts"] if "facts" in book.sheetnames else book.worksheets[0]
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


class _Reader:
    """Turns rows into corrections, or into one problem line each."""

    def __init__(self, corrections: Corrections, vocab: Vocabulary) -> None:
        self.corrections, self.vocab = corrections, vocab
        self.name = corrections.path.name

    def problem(self, row: int, reason: str) -> None:
        self.corrections.problems.append(f"{Origin(self.name, row)}: {reason}")

    def read_table(self, rows: Iterator[tuple[int, dict[str, str]]]) -> None:
        for number, row in rows:
            if "__malformed__" in row:
                self.problem(number, f"malformed row: {row['__malformed__']}")
                continue
            cells = {k: (v or "").strip() for k, v in row.items()}
            if not cells.get("verdict") and not cells.get("new_property"):
                continue  # not reviewed
            if cells.get("object") == "" and cells.get("object_label"):
                cells["object"] = cells["object_label"]  # a literal-valued fact: its value is the object
            self.fact(number, cells)

    def read_yaml(self, document: dict) -> None:
        for section in sorted(set(document) - set(YAML_SECTIONS) - {"__line__"}):
            self.problem(document.get("__line__", 1), f"unknown section {section!r}; expected {', '.join(YAML_SECTIONS)}")
        analyst = document.get("analyst")
        self.corrections.analyst = str(analyst) if analyst else None
        handlers = {"facts": self.fact, "add": self.add, "entities": self.entity, "merge": self.merge,
                    "split": self.split}
        for section, handler in handlers.items():
            items = document.get(section) or []
            if not isinstance(items, list):
                self.problem(document.get("__line__", 1), f"section {section!r} must be a list")
                continue
            for item in items:
                if not isinstance(item, dict):
                    self.problem(document.get("__line__", 1), f"malformed row in {section!r}: {item!r} is not a mapping")
                    continue
                line = item.pop("__line__")
                handler(line, {str(k): "" if v is None else str(v).strip() for k, v in item.items()})

    def _required(self, row: int, cells: dict[str, str], *names: str) -> bool:
        missing = [name for name in names if not cells.get(name)]
        if missing:
            self.problem(row, f"malformed row: no {', '.join(missing)}")
        return not missing

    def _fact_key(self, row: int, cells: dict[str, str], need_place: bool = False) -> FactKey | None:
        if not self._required(row, cells, "subject", "property", "object", *(("document", "sentence") if need_place else ())):
            return None
        prop = term_name(cells["property"])
        if prop not in self.vocab.links | self.vocab.literals:
            self.problem(row, f"unknown property {cells['property']!r}")
            return None
        obj = cells["object"] if prop in self.vocab.literals else entity_key(cells["object"])
        return FactKey(entity_key(cells["subject"]), prop, obj, document_key(cells["document"]) if cells.get("document") else None,
                       fold(cells["sentence"]) if cells.get("sentence") else None)

    def fact(self, row: int, cells: dict[str, str]) -> None:
        verdict = cells.get("verdict", "").lower() or None
        if verdict is not None and verdict not in VERDICTS:
            self.problem(row, f"unknown verdict {cells['verdict']!r}; expected {', '.join(VERDICTS)}")
            return
        new_property = term_name(cells["new_property"]) if cells.get("new_property") else None
        if verdict is None and new_property is None:
            self.problem(row, "malformed row: no verdict and no new_property")
            return
        if new_property is not None and new_property not in self.vocab.links:
            self.problem(row, f"unknown property {cells['new_property']!r} (new_property)")
            return
        if verdict == "wrong" and new_property:
            self.problem(row, "a fact marked wrong cannot also get a new_property")
            return
        key = self._fact_key(row, cells)
        if key is not None and (key.property in self.vocab.literals and (verdict == "reverse" or new_property)):
            self.problem(row, f"{key.property} has a literal value: it can only be right or wrong")
        elif key is not None:
            self.corrections.facts.append(FactCorrection(Origin(self.name, row), key, verdict, new_property,
                                                         cells.get("note", "")))

    def add(self, row: int, cells: dict[str, str]) -> None:
        key = self._fact_key(row, cells, need_place=True)
        if key is not None and key.property in self.vocab.literals:
            self.problem(row, f"only facts between two entities can be added, not {key.property}")
        elif key is not None:
            self.corrections.added.append(AddedFact(Origin(self.name, row), key, cells.get("note", "")))

    def _class(self, row: int, cells: dict[str, str]) -> str | None | bool:
        """The class named in ``cells`` (None when none is); False, with a problem, when it is unknown."""
        if not cells.get("class"):
            return None
        cls = term_name(cells["class"])
        if cls not in self.vocab.classes:
            self.problem(row, f"unknown class {cells['class']!r}")
            return False
        return cls

    def entity(self, row: int, cells: dict[str, str]) -> None:
        if not self._required(row, cells, "entity"):
            return
        if not cells.get("class") and not cells.get("label"):
            self.problem(row, "malformed row: an entity correction needs a class or a label")
            return
        cls = self._class(row, cells)
        if cls is not False:
            self.corrections.entities.append(EntityCorrection(Origin(self.name, row), entity_key(cells["entity"]), cls,
                                                              cells.get("label") or None, cells.get("note", "")))

    def merge(self, row: int, cells: dict[str, str]) -> None:
        if self._required(row, cells, "entity", "into"):
            self.corrections.merges.append(Merge(Origin(self.name, row), entity_key(cells["entity"]),
                                                 entity_key(cells["into"]), cells.get("note", "")))

    def split(self, row: int, cells: dict[str, str]) -> None:
        if not self._required(row, cells, "entity", "alias"):
            return
        cls = self._class(row, cells)
        new_key = entity_key(cells.get("as") or "") or "_".join(cells["alias"].lower().split())
        if cls is not False:
            self.corrections.splits.append(Split(Origin(self.name, row), entity_key(cells["entity"]), cells["alias"],
                                                 new_key, cls, cells.get("label") or None, cells.get("note", "")))

    def check_merges(self) -> None:
        """Refuse a merge of a key into itself, a second target for one key, and every merge on a cycle."""
        kept: dict[str, Merge] = {}
        for merge in self.corrections.merges:
            if merge.entity == merge.into:
                self.problem(merge.origin.row, f"merge of {merge.entity} into itself")
            elif merge.entity in kept:
                self.problem(merge.origin.row, f"{merge.entity} is already merged into {kept[merge.entity].into} "
                                               f"({kept[merge.entity].origin})")
            else:
                kept[merge.entity] = merge
        on_cycle = set()
        for start in kept:
            path, key = [start], kept[start].into
            while key in kept and key not in path:
                path.append(key)
                key = kept[key].into
            if key == start:
                on_cycle.add(start)
                self.problem(kept[start].origin.row, "merge cycle: " + " -> ".join([*path, start]))
        self.corrections.merges = [m for m in kept.values() if m.entity not in on_cycle]


def log_applied(out: Path, corrections: Corrections, warnings: list[str]) -> str:
    """Note when a corrections file was applied in ``DIR/review/corrections.log`` (the clock stays out
    of ``graph.ttl``, which names the file by its content hash); the line, for the build summary."""
    from datetime import datetime, timezone

    problems = sum(1 for w in warnings if w.startswith(f"{corrections.path.name}: row"))
    line = (f"corrections: {corrections.path} ({corrections.content_hash[:19]}): "
            f"{len(corrections.all())} corrections, {problems} rows with a problem (see the warnings)")
    log = Path(out) / "review" / "corrections.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"{datetime.now(timezone.utc).isoformat(timespec='seconds')}\t{line}\n")
    return line

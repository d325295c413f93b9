"""Read and check a gold file (the ``shared/gold/*.yaml`` format): documents, entities, relations, figures."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from extract.yamlfile import read_yaml

from .normalise import normalize_label


class EvaluationError(ValueError):
    """The graph or the gold file cannot be evaluated (missing, malformed, nothing in scope)."""


@dataclass(frozen=True)
class GoldEntity:
    id: str
    types: frozenset[str]
    names: tuple[str, ...]
    labels: dict[str, tuple[str, ...]]
    docs: frozenset[str]
    required: bool

    @property
    def keys(self) -> set[str]:
        """The normalised names and labels a graph node's labels are compared with."""
        keys = {normalize_label(n) for n in self.names}
        keys.update(normalize_label(v) for vs in self.labels.values() for v in vs)
        keys.discard("")
        return keys


@dataclass(frozen=True)
class GoldRelation:
    s: str
    pred: str  # a case-insensitive regex over the predicate's names
    o: str  # an entity id, or the value when ``literal``
    docs: frozenset[str]
    literal: bool
    required: bool
    symmetric: bool

    def describe(self) -> str:
        return f"{self.s} -[{self.pred}]-> {repr(self.o) if self.literal else self.o}"


@dataclass(frozen=True)
class GoldFigure:
    index: int  # position in the gold file's ``figures:``, to tell equal-looking figures apart
    doc: str
    entity: str
    alt_entities: tuple[str, ...]
    indicator: str
    value: float
    unit: str
    year: int | None
    text: str
    required: bool

    @property
    def entities(self) -> frozenset[str]:
        return frozenset((self.entity, *self.alt_entities))


@dataclass(frozen=True)
class Gold:
    path: Path
    documents: dict[str, dict[str, Any]]
    entities: dict[str, GoldEntity]
    relations: tuple[GoldRelation, ...]
    figures: tuple[GoldFigure, ...]
    exhaustive: bool  # facts and figures it does not list are false positives


def as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _flag(path: Path, where: str, raw: dict, key: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise EvaluationError(f"{path}: {where}: '{key}' must be true or false, not {value!r}")
    return value


def load_gold(path: Path) -> Gold:
    """The gold file at ``path``; anything malformed is an :class:`EvaluationError` naming the file."""
    path = Path(path)
    try:
        data = read_yaml(path)
    except FileNotFoundError as exc:
        raise EvaluationError(f"gold file not found: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise EvaluationError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        raise EvaluationError(f"{path}: expected a mapping with 'documents', 'entities', 'relations'")
    documents: dict[str, dict[str, Any]] = {}
    for doc_id, doc in data["documents"].items():
        if not isinstance(doc, dict) or not doc.get("file"):
            raise EvaluationError(f"{path}: document {doc_id!r} has no 'file'")
        documents[str(doc_id)] = doc
    entities = _entities(path, data.get("entities") or [], documents)
    relations = _relations(path, data.get("relations") or [], documents, entities)
    figures = _figures(path, data.get("figures") or [], documents, entities)
    exhaustive = _flag(path, "top level", data, "exhaustive", False)
    return Gold(path, documents, entities, relations, figures, exhaustive)


def _entities(path: Path, raws: list, documents: dict) -> dict[str, GoldEntity]:
    entities: dict[str, GoldEntity] = {}
    for i, raw in enumerate(raws):
        if not isinstance(raw, dict) or "id" not in raw:
            raise EvaluationError(f"{path}: entity #{i + 1} has no 'id'")
        eid = str(raw["id"])
        if eid in entities:
            raise EvaluationError(f"{path}: entity {eid!r} is defined twice")
        labels_raw = raw.get("labels") or {}
        if not isinstance(labels_raw, dict):
            raise EvaluationError(f"{path}: entity {eid!r}: 'labels' must map a language to labels")
        docs = frozenset(as_list(raw.get("docs")))
        unknown = docs - documents.keys()
        if unknown:
            raise EvaluationError(f"{path}: entity {eid!r} cites unknown documents {sorted(unknown)}")
        entities[eid] = GoldEntity(
            id=eid,
            types=frozenset(as_list(raw.get("types"))),
            names=tuple(as_list(raw.get("names"))),
            labels={str(k): tuple(as_list(v)) for k, v in labels_raw.items()},
            docs=docs,
            required=_flag(path, f"entity {eid!r}", raw, "required", True),
        )
    return entities


def _relations(path: Path, raws: list, documents: dict, entities: dict) -> tuple[GoldRelation, ...]:
    relations: list[GoldRelation] = []
    for i, raw in enumerate(raws):
        where = f"relation #{i + 1}"
        pred = raw.get("p", raw.get("pred")) if isinstance(raw, dict) else None
        if pred is None or "s" not in raw or "o" not in raw:
            raise EvaluationError(f"{path}: {where} needs 's', 'p' (or 'pred') and 'o'")
        rel = GoldRelation(
            s=str(raw["s"]), pred=str(pred), o=str(raw["o"]), docs=frozenset(as_list(raw.get("docs"))),
            literal=_flag(path, where, raw, "literal", False),
            required=_flag(path, where, raw, "required", True),
            symmetric=_flag(path, where, raw, "symmetric", False),
        )
        try:
            re.compile(rel.pred)
        except re.error as exc:
            raise EvaluationError(f"{path}: {where}: bad pattern {rel.pred!r}: {exc}") from exc
        missing = [x for x in ([rel.s] if rel.literal else [rel.s, rel.o]) if x not in entities]
        if missing:
            raise EvaluationError(f"{path}: {where} names unknown entities {missing}")
        if rel.docs - documents.keys():
            raise EvaluationError(f"{path}: {where} cites unknown documents {sorted(rel.docs - documents.keys())}")
        relations.append(rel)
    return tuple(relations)


def _figures(path: Path, raws: list, documents: dict, entities: dict) -> tuple[GoldFigure, ...]:
    if not isinstance(raws, list):
        raise EvaluationError(f"{path}: 'figures' must be a list")
    figures: list[GoldFigure] = []
    for i, raw in enumerate(raws):
        where = f"figure #{i + 1}"
        if not isinstance(raw, dict) or not {"doc", "entity", "value", "unit"} <= raw.keys():
            raise EvaluationError(f"{path}: {where} needs 'doc', 'entity', 'value' and 'unit'")
        value, year = raw["value"], raw.get("year")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise EvaluationError(f"{path}: {where}: 'value' must be a number, not {value!r}")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise EvaluationError(f"{path}: {where}: 'year' must be an integer or null, not {year!r}")
        figure = GoldFigure(
            index=i, doc=str(raw["doc"]), entity=str(raw["entity"]),
            alt_entities=tuple(as_list(raw.get("alt_entities"))), indicator=str(raw.get("indicator", "")),
            value=float(value), unit=str(raw["unit"]), year=year, text=str(raw.get("text", "")),
            required=_flag(path, where, raw, "required", True),
        )
        if figure.doc not in documents:
            raise EvaluationError(f"{path}: {where} cites unknown document {figure.doc!r}")
        missing = sorted(figure.entities - entities.keys())
        if missing:
            raise EvaluationError(f"{path}: {where} names unknown entities {missing}")
        figures.append(figure)
    return tuple(figures)

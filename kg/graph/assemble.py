"""Parts in, ``graph.ttl`` out: merge every document's part into one sorted Turtle file, streaming.

Entities and observations are grouped by key across parts (parts are passed in document order and
every merge is stable, so each group lists its records in document order) and merged exactly as
:func:`extract.pipeline.merge_extractions` would; their triples then join the documents' own
triples in one sorted, de-duplicated stream that :class:`TurtleWriter` writes out. Memory holds a
few lines per open file and one group at a time, whatever the size of the corpus.
"""
from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extract.merge import merge_entities, merge_observations

from ..namespaces import CIKG, ENT
from .parts import Part, entity_from_record, group_of, observation_from_record
from .rdf import EntityTriples, ObservationTriples, Triple
from .serialize import TurtleWriter, atomic_output, nt_line, split_line
from .sorting import ExternalSorter, merge_files

MENTIONED_IN = f"<{CIKG.mentionedIn}>"
ENTITY_LINE = f"<{ENT}"
PROPERTY_TERM = f"<{CIKG}"


@dataclass
class GraphStats:
    """Counts for the build summary, taken while the graph is written."""

    triples: int = 0
    observations: int = 0
    entities_by_class: Counter[str] = field(default_factory=Counter)
    facts_by_property: Counter[str] = field(default_factory=Counter)

    def count(self, line: str) -> None:
        """A fact is a triple about an entity with an ontology property, other than ``mentionedIn``."""
        self.triples += 1
        if line.startswith(ENTITY_LINE):
            _, predicate, _ = split_line(line)
            if predicate.startswith(PROPERTY_TERM) and predicate != MENTIONED_IN:
                self.facts_by_property[predicate[len(PROPERTY_TERM):-1]] += 1


def write_graph(parts: Sequence[Part], target: Path, work: Path) -> GraphStats:
    """Write the graph of ``parts`` (in document order) to ``target``, atomically."""
    stats = GraphStats()
    entities = _merged(parts, "entities", work, lambda group: _entity_triples(group, stats))
    observations = _merged(parts, "observations", work, lambda group: _observation_triples(group, stats))
    lines = merge_files([p.triples for p in parts] + [entities, observations], work, dedupe=True)
    with atomic_output(target, work) as out:
        writer = TurtleWriter(out)
        for line in lines:
            writer.add(line)
            stats.count(line)
        writer.close()
    return stats


def _merged(parts: Sequence[Part], kind: str, work: Path,
            triples_of: Callable[[list[str]], Iterable[Triple]]) -> Path:
    """The sorted triples of every group of ``kind`` records, merged across parts, in one file."""
    sorter = ExternalSorter(work, dedupe=True)
    records = merge_files([getattr(p, kind) for p in parts], work, key=group_of)
    for group in _groups(records):
        sorter.extend(nt_line(t) for t in triples_of(group))
    return sorter.finish(work / f"{kind}.nt")


def _groups(records: Iterator[str]) -> Iterator[list[str]]:
    for _, group in itertools.groupby(records, key=group_of):
        yield list(group)


def _entity_triples(group: list[str], stats: GraphStats) -> Iterable[Triple]:
    merged = merge_entities([{e.key: e} for e in map(entity_from_record, group)])
    stats.entities_by_class.update(e.cls for e in merged.values())
    return EntityTriples().triples(merged.values())


def _observation_triples(group: list[str], stats: GraphStats) -> Iterable[Triple]:
    merged = merge_observations([observation_from_record(line) for line in group])
    stats.observations += len(merged)
    return ObservationTriples().triples(merged)

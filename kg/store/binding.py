"""Query parameters: values from the command line bound where Oxigraph's planner can use them.

A parameter's values go into a ``VALUES`` block at the top of the query's pattern, so evaluation
starts from them (a ``FILTER`` at the end, or a pre-bound variable, makes the engine enumerate
every candidate first). A parameter whose default is an entity (``# param entity = ent:china``)
also takes a name in any language ("BYD", "比亚迪", "Pékin"), looked up in the labels.
"""
from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Store

from ..names import UnknownEntityError, closest_names, normalize_name
from ..namespaces import ENT, PREFIXES

PREFIX_MAP: dict[str, str] = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
ENTITY_PREFIX = "ent:"
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
LABELS = "rdfs:label|skos:prefLabel|skos:altLabel"
LANGUAGES = ("en", "zh", "fr", "es")
VALUES_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
Term = NamedNode | Literal


class BindingError(ValueError):
    """A parameter that cannot be bound; the message is one line for the user."""


@dataclass(frozen=True)
class Parameter:
    """A variable a library query lets the caller bind (``# param name = default`` in the .rq file)."""

    name: str
    default: str

    @property
    def is_entity(self) -> bool:
        """Whether it names an entity, and so accepts a name in any language as well as an IRI."""
        return self.default.startswith(ENTITY_PREFIX)


def parse_bindings(pairs: Iterable[str]) -> dict[str, str]:
    """``name=value`` pairs from ``--bind`` options."""
    bindings: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not equals or not re.fullmatch(r"\w+", name):
            raise BindingError(f"--bind expects NAME=VALUE, got {pair!r}")
        bindings[name] = value.strip()
    return bindings


def iri_term(value: str) -> NamedNode | None:
    """``<iri>`` or ``prefix:name`` of a known prefix as an IRI, checked; None for anything else."""
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    else:
        prefix, colon, local = value.partition(":")
        if not colon or prefix not in PREFIX_MAP:
            return None
        iri = PREFIX_MAP[prefix] + local
    if IRI_FORBIDDEN.search(iri) or ":" not in iri:
        raise BindingError(f"{value!r} is not a valid IRI")
    return NamedNode(iri)


def parse_term(value: str) -> Term:
    """A value given on the command line: ``<iri>``, ``prefix:name`` of a known prefix, else a plain literal."""
    return iri_term(value) or Literal(value)


def find_entities(store: Store, name: str) -> list[NamedNode]:
    """The entities that bear ``name`` as a label in any language, case and width folded.

    The name is tried as written, in lower case and capitalised, in each language, through the
    store's index (milliseconds at any size); only a miss reads every label to fold case fully and
    to suggest the closest names.
    """
    spellings = {name, name.lower(), name.capitalize(), name.title(), name.upper()}
    literals = " ".join(str(Literal(s, language=lang)) for s in spellings for lang in LANGUAGES)
    literals += " " + " ".join(str(Literal(s)) for s in spellings)
    query = (f"SELECT DISTINCT ?entity WHERE {{ VALUES ?name {{ {literals} }} ?entity {LABELS} ?name . "
             "?entity cikg:mentionedIn ?document . }")
    found = [row[0] for row in store.query(query, prefixes=PREFIX_MAP)]
    return sorted(found, key=lambda node: node.value) or _fold_and_match(store, name)


def _fold_and_match(store: Store, name: str) -> list[NamedNode]:
    query = (f"SELECT ?entity ?name WHERE {{ ?entity {LABELS} ?name . "
             f"FILTER(STRSTARTS(STR(?entity), \"{ENT}\")) }}")
    index: dict[str, list[str]] = defaultdict(list)
    english: dict[str, str] = {}
    for entity, label in store.query(query, prefixes=PREFIX_MAP):
        index[normalize_name(label.value)].append(entity.value)
        if label.language in ("en", None) and entity.value not in english:
            english[entity.value] = label.value
    matches = sorted(set(index.get(normalize_name(name), [])))
    if matches:
        return [NamedNode(iri) for iri in matches]
    labels = {iri: english.get(iri, iri) for ids in index.values() for iri in ids}
    raise BindingError(str(UnknownEntityError(name, closest_names(name, index, labels))))


def bound_values(store: Store, parameters: tuple[Parameter, ...], bindings: Mapping[str, str],
                 query_name: str) -> dict[str, list[Term]]:
    """Each parameter's terms: the declared defaults overridden by ``bindings``, entity names looked up.

    A query that declares parameters accepts only those; an inline query binds any variable.
    """
    declared = {p.name: p for p in parameters}
    unknown = sorted(set(bindings) - set(declared)) if declared else []
    if unknown:
        raise BindingError(f"query {query_name!r} has no parameter {unknown[0]!r} (it has: {', '.join(declared)})")
    values = {**{p.name: p.default for p in parameters}, **bindings}
    terms: dict[str, list[Term]] = {}
    for name, value in values.items():
        term = iri_term(value)
        if term is None and name in declared and declared[name].is_entity:
            terms[name] = list(find_entities(store, value))
        else:
            terms[name] = [term or Literal(value)]
    return terms


def with_values(text: str, terms: Mapping[str, list[Term]]) -> str:
    """``text`` with one ``VALUES`` block per parameter at the top of its pattern (on the same line,
    so a syntax error keeps its line number)."""
    if not terms:
        return text
    block = " ".join(f"VALUES ?{name} {{ {' '.join(str(t) for t in values)} }}" for name, values in terms.items())
    code = re.sub(r"#[^\n]*", lambda m: " " * len(m.group()), text)  # comments blanked, positions kept
    match = VALUES_WHERE.search(code)
    if match:
        return f"{text[:match.end()]} {block} {text[match.end():]}"
    brace = code.find("{")
    if brace >= 0 and not re.match(r"\s*(CONSTRUCT|DESCRIBE)\b", _body(code), re.IGNORECASE):
        return f"{text[:brace + 1]} {block} {text[brace + 1:]}"
    names = " ".join(f"?{name}" for name in terms)
    rows = " ".join(f"({' '.join(str(t) for t in row)})" for row in itertools.product(*terms.values()))
    return f"{text}\nVALUES ({names}) {{ {rows} }}"


def _body(code: str) -> str:
    """The query after its prologue (PREFIX and BASE lines)."""
    return re.sub(r"^\s*((PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", code, flags=re.IGNORECASE)

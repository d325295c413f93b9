"""Queries on a build folder that a time and a memory limit really stop: ``cikg query`` and notebooks.

:func:`kg.store.query.run_query` evaluates inside the caller's process, where nothing can stop
Oxigraph mid-evaluation, so it offers no limit. :func:`query_folder` runs the same function in a child process that
opens the published store read-only (no lock, so any number run at once, beside a build), under
an address-space cap, and is killed when its time is up. The answer travels back as SPARQL JSON
results or N-Triples.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

from pyoxigraph import QueryResultsFormat, RdfFormat, Triple, parse, parse_query_results, serialize

from .limits import QueryLimits, bounded_command
from .query import (
    DEFAULT_TIMEOUT,
    AskResult,
    GraphResult,
    QueryError,
    QueryTimeout,
    Result,
    SelectResult,
    SparqlQuery,
    format_json,
    parse_query,
    refuse_service,
    resolve_query,
    run_query,
)
from .store import StoreError, open_store

STARTUP_LIMIT = 60.0  # seconds to start Python and open the store, on top of the query's own time limit
READY = b"ready\n"
OUT_OF_MEMORY = 3  # the child's exit status after a MemoryError


def query_folder(out_dir: Path, query: SparqlQuery | str, bindings: Mapping[str, str] | None = None,
                 limits: QueryLimits = QueryLimits(DEFAULT_TIMEOUT)) -> Result:
    """Run ``query`` on the published store of ``out_dir`` in a child process bounded by ``limits``.

    Raises :class:`QueryTimeout` when the time is up (the child is killed, its memory freed) and
    :class:`QueryError` when it needs more memory than allowed, uses ``SERVICE`` unallowed, or fails.
    """
    query = resolve_query(query) if isinstance(query, str) else query
    refuse_service(query.text, limits.allow_service)  # here too: the child need not even start
    request = json.dumps({"folder": str(out_dir), "name": query.name, "text": query.text,
                          "bindings": dict(bindings or {}), "allow_service": limits.allow_service}).encode()
    command = bounded_command([sys.executable, "-m", "kg.store.bounded"], limits.memory_mib)
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          bufsize=0, env=environment) as child:
        assert child.stdin is not None and child.stdout is not None
        _send(child, request)
        started = _started(child)
        try:
            reply, errors = child.communicate(timeout=limits.timeout or None) if started else child.communicate()
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            raise QueryTimeout(f"query still running after {limits.timeout:g} s; abandoned "
                               f"(raise the limit with --timeout)") from None
    if child.returncode == 0 and reply:
        return _decode(json.loads(reply))
    raise _failure(child.returncode, errors.decode("utf-8", "replace"), limits)


def _send(child: subprocess.Popen[bytes], request: bytes) -> None:
    assert child.stdin is not None
    view = memoryview(request)
    while view:
        view = view[child.stdin.write(view) or 0:]
    child.stdin.close()
    child.stdin = None  # so that communicate() does not flush it again


def _started(child: subprocess.Popen[bytes]) -> bool:
    """Wait (at most ``STARTUP_LIMIT``) until the child has opened the store; False if it died first."""
    assert child.stdout is not None
    guard = threading.Timer(STARTUP_LIMIT, child.kill)
    guard.start()
    try:
        return child.stdout.readline() == READY
    finally:
        guard.cancel()


def _failure(status: int | None, errors: str, limits: QueryLimits) -> QueryError:
    if status in (OUT_OF_MEMORY, -signal.SIGABRT, -signal.SIGSEGV) or "memory allocation" in errors:
        return QueryError(f"query stopped: it needs more than {limits.memory_mib} MiB of memory "
                          f"(raise the limit with --memory, or narrow the query)")
    lines = [line for line in errors.splitlines() if line.strip()]
    return QueryError(f"query process failed: {lines[-1] if lines else f'exit status {status}'}")


def _encode(result: Result) -> dict[str, object]:
    if isinstance(result, SelectResult):
        return {"select": format_json(result)}
    if isinstance(result, AskResult):
        return {"ask": result.boolean}
    return {"graph": serialize(result.triples, format=RdfFormat.N_TRIPLES).decode("utf-8")}


def _decode(reply: dict[str, object]) -> Result:
    if "error" in reply:
        raise QueryError(str(reply["error"]))
    if "ask" in reply:
        return AskResult(bool(reply["ask"]))
    if "graph" in reply:
        quads = parse(str(reply["graph"]), format=RdfFormat.N_TRIPLES)
        return GraphResult(tuple(Triple(q.subject, q.predicate, q.object) for q in quads))
    solutions = parse_query_results(str(reply["select"]), format=QueryResultsFormat.JSON)
    width = range(len(solutions.variables))
    return SelectResult(tuple(v.value for v in solutions.variables),
                        tuple(tuple(row[i] for i in width) for row in solutions))


def main() -> None:
    """The child: read the request, open the store, say ready, answer on stdout as one JSON object."""
    request = json.loads(sys.stdin.buffer.read())
    announced = False
    try:
        store = open_store(Path(request["folder"]), read_only=True)
        os.write(sys.stdout.fileno(), READY)
        announced = True
        query = parse_query(request["name"], request["text"])
        reply = _encode(run_query(store, query, request["bindings"], allow_service=request["allow_service"]))
    except MemoryError:
        os._exit(OUT_OF_MEMORY)
    except (QueryError, StoreError) as error:
        reply = {"error": str(error)}
    if not announced:  # a store that cannot be opened is an answer too
        os.write(sys.stdout.fileno(), READY)
    sys.stdout.buffer.write(json.dumps(reply, ensure_ascii=False).encode("utf-8"))


if __name__ == "__main__":
    main()

"""What one query may cost, and what it may not do: time and memory limits, and no ``SERVICE``.

Oxigraph checks its time limit only between result rows, so a query that sorts or groups a huge
intermediate result grows without bound until it is done. The only limits that hold are outside
the query engine: a process with an address-space cap (``RLIMIT_AS``), killed when its time is up.
Both ``cikg query`` (:mod:`kg.store.bounded`) and ``cikg serve`` (:mod:`kg.store.endpoint`) run
queries that way.

``SERVICE <url>`` makes the engine fetch ``url`` and join its answer in, which would turn a
read-only endpoint into a proxy for anyone who can reach it; it is refused unless allowed.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

DEFAULT_MEMORY_MIB = 2048  # address space, not resident memory: Python and Oxigraph start at ~0.6 GB of it
MIB = 2**20

_SKIPPED = re.compile(r'''
      \#[^\n]*                                   # a comment
    | """(?:[^"\\]|\\.|"(?!""))*"""              # long strings
    | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
    | "(?:[^"\\\n]|\\.)*"                        # short strings
    | '(?:[^'\\\n]|\\.)*'
    | <[^<>"{}|^`\\\x00-\x20]*>                  # IRIs (SPARQL's IRIREF: no spaces, so never a "<" operator)
''', re.VERBOSE | re.DOTALL)
_SERVICE = re.compile(r"(?<![\w:?$.@\-])SERVICE(?![\w:\-])", re.IGNORECASE)  # the keyword, not ex:service or ?service


class ServiceRefused(ValueError):
    """A query that uses ``SERVICE`` where federation is not allowed."""

    def __init__(self) -> None:
        super().__init__("SERVICE (federated query) is refused: it makes this machine fetch other URLs "
                         "(allow it with --allow-service)")


@dataclass(frozen=True)
class QueryLimits:
    """How long a query may run (seconds) and how much address space its process may take (MiB); None: no limit."""

    timeout: float | None
    memory_mib: int | None = DEFAULT_MEMORY_MIB
    allow_service: bool = False


def uses_service(text: str) -> bool:
    """Whether a SPARQL query or update uses the ``SERVICE`` keyword (comments, strings and IRIs aside).

    A false alarm (say, a prefix declared as ``SERVICE:``) only refuses a query with a clear message;
    the keyword itself cannot hide from this scan.
    """
    return bool(_SERVICE.search(_SKIPPED.sub(" ", text)))


def check_service(text: str, allowed: bool) -> None:
    if not allowed and uses_service(text):
        raise ServiceRefused()


def bounded_command(command: list[str], memory_mib: int | None) -> list[str]:
    """``command`` under an address-space cap of ``memory_mib`` MiB, and killed if this process dies.

    A tiny Python shim sets ``RLIMIT_AS`` (and on Linux ``PR_SET_PDEATHSIG``, which fires when the
    *thread* that started it ends: start it from a thread that outlives it) and ``exec`` s the
    command, so both hold from its first instruction, with no ``preexec_fn`` in a threaded process.
    An allocation over the cap fails: Python raises ``MemoryError``, Oxigraph aborts.
    """
    return [sys.executable, "-I", "-S", "-c", _SHIM, str((memory_mib or 0) * MIB), str(os.getpid()), *command]


_SHIM = """
import ctypes, os, resource, signal, sys
cap, parent = int(sys.argv[1]), int(sys.argv[2])
if cap:
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
if sys.platform == "linux":
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
if os.getppid() != parent:  # the parent died before the line above
    os._exit(1)
os.execv(sys.argv[3], sys.argv[3:])
"""

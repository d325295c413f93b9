"""``cikg push``: the build's graph onto a bigger triple store, through the SPARQL 1.1 Graph Store Protocol.

``PUT endpoint?graph=IRI`` is spoken by Oxigraph, Fuseki, Virtuoso and GraphDB alike, and replaces
the named graph in one request.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from ..namespaces import BASE
from .store import graph_sources

DEFAULT_GRAPH = BASE + "graph"
PASSWORD_ENV = "CIKG_PUSH_PASSWORD"


class PushError(Exception):
    """The graph could not be sent to the endpoint; the message is one line for the user."""


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str
    digest: bool = False  # Virtuoso's /sparql-graph-crud-auth wants HTTP digest; Fuseki and GraphDB basic

    def auth(self) -> AuthBase:
        return HTTPDigestAuth(self.user, self.password) if self.digest else HTTPBasicAuth(self.user, self.password)


@dataclass(frozen=True)
class PushResult:
    endpoint: str
    graph: str
    bytes_sent: int
    status: int

    def summary(self) -> str:
        return f"pushed {self.bytes_sent} bytes of Turtle to <{self.graph}> at {self.endpoint} (HTTP {self.status})"


def password_for(user: str, environ: Mapping[str, str], ask: Callable[[str], str] | None = None) -> str:
    """The password of ``user``: from ``$CIKG_PUSH_PASSWORD``, else asked (on a terminal); never silently empty."""
    password = environ.get(PASSWORD_ENV, "")
    if not password and ask is not None:
        password = ask(f"password for {user}: ")
    if not password:
        raise PushError(f"--user {user} needs a password: set ${PASSWORD_ENV} (or run in a terminal to be asked)")
    return password


def masked(text: str, endpoint: str) -> str:
    """``text`` with the password of ``endpoint`` (``http://user:password@host/…``) shown as ``***``."""
    try:
        password = urlsplit(endpoint).password
    except ValueError:
        return text
    for form in sorted({password, unquote(password)} if password else set(), key=len, reverse=True):
        text = text.replace(form, "***")
    return text


def _connection_reason(error: requests.ConnectionError) -> str:
    match = re.search(r"\[Errno -?\d+\] [^'\")]+", str(error))
    return match[0] if match else "connection failed"


def _http_failure(endpoint: str, response: requests.Response) -> PushError:
    body = " ".join(response.text.split())[:200]
    return PushError(f"{endpoint} refused the graph: HTTP {response.status_code} {response.reason}"
                     + (f": {body}" if body else ""))


def push(out_dir: Path, endpoint: str, graph: str = DEFAULT_GRAPH, credentials: Credentials | None = None,
         timeout: float = 300.0) -> PushResult:
    """Replace the named graph ``graph`` at a Graph Store Protocol ``endpoint`` with the build's graph and ontology.

    One ``PUT`` carries everything, so the endpoint swaps the old graph for the new one in one step.
    A password written in ``endpoint`` is sent, but shown as ``***`` in every message and result.
    """
    try:
        result = _put(out_dir, endpoint, graph, credentials, timeout)
    except PushError as error:
        raise PushError(masked(str(error), endpoint)) from None  # the cause's text may hold the password too
    return replace(result, endpoint=masked(endpoint, endpoint))


def _put(out_dir: Path, endpoint: str, graph: str, credentials: Credentials | None, timeout: float) -> PushResult:
    if not re.match(r"https?://", endpoint):
        raise PushError(f"not an http(s) endpoint URL: {endpoint}")
    with tempfile.TemporaryFile() as body:
        for source in graph_sources(out_dir):
            with source.open("rb") as part:
                shutil.copyfileobj(part, body)
            body.write(b"\n")
        size = body.tell()
        body.seek(0)
        try:
            response = requests.put(endpoint, params={"graph": graph}, data=body, timeout=timeout,
                                    headers={"Content-Type": "text/turtle; charset=utf-8"},
                                    auth=credentials.auth() if credentials else None)
        except requests.ConnectionError as error:
            raise PushError(f"cannot reach {endpoint}: {_connection_reason(error)}") from error
        except requests.Timeout as error:
            raise PushError(f"{endpoint} did not answer within {timeout:g} s") from error
        except requests.RequestException as error:
            raise PushError(f"push to {endpoint} failed: {error}") from error
    if response.status_code >= 400:
        raise _http_failure(endpoint, response)
    return PushResult(endpoint, graph, size, response.status_code)

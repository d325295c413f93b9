"""``cikg serve``: the build's store on a SPARQL endpoint that one query cannot take down.

The ``oxigraph`` server (:mod:`kg.store.server`) answers on a loopback port, under an address-space
cap; clients talk to a small proxy in front of it, which

* refuses ``SERVICE`` with HTTP 400 unless allowed (it would make the endpoint fetch any URL);
* reads a whole answer before sending it, so a query that Oxigraph cancels at its time limit gets
  HTTP 504, not a 200 whose last "row" is the error message;
* kills an oxigraph that has not answered within the time limit plus :data:`GRACE` (HTTP 504), and
  starts a fresh one, as it does for one that died past its memory cap (HTTP 503);
* refuses an answer larger than ``max_result_mib`` (HTTP 500), which it would otherwise hold in memory;
* follows the build folder's published generation (:mod:`kg.graph_file`): after a build it starts
  oxigraph on the new store and stops the old one once its queries have had their time. A
  ``--writable`` endpoint keeps its store (it may hold updates) and says that it is stale.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from urllib.parse import parse_qs, urlsplit

import requests

from ..graph_file import generation
from .limits import DEFAULT_MEMORY_MIB, ServiceRefused, uses_service
from .server import DEFAULT_HOST, DEFAULT_PORT, OxigraphServer, ServerConfig, ServerError, free_port, port_in_use
from .store import is_store

GRACE = 2.0  # seconds past the time limit before a silent oxigraph is killed
WATCH_INTERVAL = 0.5  # how often the published generation and oxigraph's health are looked at
DYING_WAIT = 3.0  # how long an oxigraph that dropped a connection gets to finish aborting
CHUNK = 2**16
CANCELLED = b"The SPARQL operation has been cancelled"  # what oxigraph streams, after a 200, at its time limit
FORWARDED_HEADERS = ("Accept", "Content-Type")
SPARQL_PATHS = ("/query", "/update")


@dataclass(frozen=True)
class EndpointOptions:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    writable: bool = False
    timeout: float = 30.0
    memory_mib: int | None = DEFAULT_MEMORY_MIB
    allow_service: bool = False
    max_result_mib: int = 256


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"

    @classmethod
    def message(cls, status: int, text: str) -> Reply:
        return cls(status, (text + "\n").encode("utf-8"))


class Overtime(Exception):
    """Oxigraph kept streaming past the time limit."""


class TooLarge(Exception):
    """The answer outgrew ``max_result_mib``."""


def sparql_texts(target: str, body: bytes) -> list[str]:
    """Every text oxigraph could read a query or update from: the URL's and the form's values, and the raw body."""
    raw = body.decode("utf-8", "replace")
    texts = [raw]
    for encoded in (urlsplit(target).query, raw):
        texts += [value for values in parse_qs(encoded).values() for value in values]
    return texts


class Gate:
    """The proxy's state: the oxigraph it forwards to, the generation that one serves, and the watcher."""

    def __init__(self, out_dir: Path, options: EndpointOptions, announce: Callable[[str], None]) -> None:
        self.out_dir, self.options, self.announce = Path(out_dir), options, announce
        self.lock = threading.Lock()
        self.backend: OxigraphServer | None = None
        self.serving: tuple[Path, int] | None = None
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.retiring: list[OxigraphServer] = []
        self.stale_noted: tuple[Path, int] | None = None

    # --- oxigraph processes (started from the main or the watcher thread only: see limits.bounded_command)

    def published(self) -> tuple[Path, int]:
        """The published store, as its folder and inode (a plain folder's store is replaced in place)."""
        store = generation(self.out_dir).store
        return store, os.stat(store).st_ino if is_store(store) else 0

    def spawn(self, published: tuple[Path, int]) -> OxigraphServer:
        config = ServerConfig(published[0], DEFAULT_HOST, free_port(DEFAULT_HOST), self.options.writable,
                              self.options.timeout, self.options.memory_mib)
        return OxigraphServer(config).start()

    def start(self) -> None:
        self.serving = self.published()
        self.backend = self.spawn(self.serving)
        threading.Thread(target=self.watch, name="cikg-endpoint-watch", daemon=True).start()

    def watch(self) -> None:
        while not self.stopping.is_set():
            self.wake.wait(WATCH_INTERVAL)
            self.wake.clear()
            if not self.stopping.is_set():
                self.check()

    def check(self) -> None:
        try:
            published = self.published()
        except OSError:
            return  # between a build's renames, or the folder is gone: look again later
        if published != self.serving and not self.options.writable:
            self.replace(published, f"serving the new build: {published[0]}")
            return
        if published != self.serving and published != self.stale_noted:
            self.announce(f"stale: a newer build was published; this writable endpoint still serves "
                          f"{self.serving[0] if self.serving else '?'} (restart `cikg serve` to serve it)")
            self.stale_noted = published
        backend = self.backend
        if backend is None or backend.process is None or backend.process.poll() is not None:
            self.replace(self.serving or published, "the query engine stopped; restarted it")

    def replace(self, published: tuple[Path, int], note: str) -> None:
        try:
            fresh = self.spawn(published)
        except ServerError as error:
            self.announce(f"warning: {error}")
            return
        with self.lock:
            if self.stopping.is_set():  # stopped while this one was starting
                fresh.stop()
                return
            old, self.backend, self.serving = self.backend, fresh, published
        self.announce(note)
        if old is not None:
            self.retire(old)

    def retire(self, old: OxigraphServer) -> None:
        """Stop ``old`` once the queries it is answering have had their time."""
        if old.process is None or old.process.poll() is not None:
            old.stop()
            return
        self.retiring.append(old)
        timer = threading.Timer(self.options.timeout + GRACE, old.stop)
        timer.daemon = True
        timer.start()

    def stop(self) -> None:
        with self.lock:
            self.stopping.set()
        self.wake.set()
        for server in [self.backend, *self.retiring]:
            if server is not None:
                server.stop()

    # --- requests

    def answer(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Reply:
        path = urlsplit(target).path
        if path in SPARQL_PATHS and not self.options.allow_service:
            if any(uses_service(text) for text in sparql_texts(target, body)):
                return Reply.message(400, str(ServiceRefused()))
        backend = self.backend
        if backend is None or backend.process is None or backend.process.poll() is not None:
            self.wake.set()
            return Reply.message(503, "the query engine is restarting; try again in a moment")
        return self.forward(backend, method, target, headers, body)

    def forward(self, backend: OxigraphServer, method: str, target: str, headers: dict[str, str],
                body: bytes) -> Reply:
        limit = self.options.timeout + GRACE
        try:
            with requests.request(method, backend.url + target, data=body or None, headers=headers, stream=True,
                                  timeout=(5, limit), allow_redirects=False) as response:
                content = self.read(response, time.monotonic() + limit)
        except TooLarge:
            return Reply.message(500, f"answer larger than {self.options.max_result_mib} MiB; add a LIMIT")
        except (requests.Timeout, Overtime):
            self.kill(backend)
            return Reply.message(504, f"query stopped: no complete answer within {self.options.timeout:g} s "
                                      f"(the time limit); the query engine was restarted")
        except requests.RequestException:
            return self.lost(backend)
        if response.status_code == 200 and content.rstrip().endswith(CANCELLED):
            return Reply.message(504, f"query stopped: still running after {self.options.timeout:g} s (the time limit)")
        return Reply(response.status_code, content, response.headers.get("Content-Type", "application/octet-stream"))

    def read(self, response: requests.Response, deadline: float) -> bytes:
        most = self.options.max_result_mib * 2**20
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > most:
                raise TooLarge
            if time.monotonic() > deadline:
                raise Overtime
            chunks.append(chunk)
        return b"".join(chunks)

    def kill(self, backend: OxigraphServer) -> None:
        if backend.process is not None and backend.process.poll() is None:
            backend.process.kill()
        self.wake.set()

    def lost(self, backend: OxigraphServer) -> Reply:
        """The connection dropped: oxigraph is aborting (an allocation past its cap) or was killed."""
        if backend.process is not None:
            try:
                backend.process.wait(DYING_WAIT)
            except subprocess.TimeoutExpired:  # still alive: not a crash, so not ours to restart
                return Reply.message(502, "the query engine dropped the connection")
        self.wake.set()
        cap = f"{self.options.memory_mib} MiB" if self.options.memory_mib else "no limit"
        return Reply.message(503, f"query stopped: the query engine ran out of memory (cap {cap}) "
                                  f"or crashed; it is being restarted")


def handler(gate: Gate) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle_any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {name: self.headers[name] for name in FORWARDED_HEADERS if name in self.headers}
            reply = gate.answer(self.command, self.path, headers, body)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_any  # noqa: N815 (http.server's naming)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


class ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, gate: Gate) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), handler(gate))


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve(out_dir: Path, options: EndpointOptions = EndpointOptions(),
          announce: Callable[[str], None] = print) -> None:
    """Serve the published store of ``out_dir`` until Ctrl-C or SIGTERM, then stop everything and return.

    Read-only by default (updates get HTTP 403) and bound to loopback unless ``options.host`` says otherwise.
    """
    store = generation(out_dir).store
    if not is_store(store):
        raise ServerError(f"no store at {store}: run `cikg build` first")
    port = options.port or free_port(options.host)
    if port_in_use(options.host, port):
        raise ServerError(f"{options.host}:{port} is already in use (choose another --port)")
    # SIGINT too: a shell starts background jobs with SIGINT ignored, and Python then never raises on it
    previous = {signum: signal.signal(signum, _interrupt) for signum in (signal.SIGINT, signal.SIGTERM)}
    gate = Gate(Path(out_dir), options, announce)
    try:
        gate.start()
        with ProxyServer(options.host, port, gate) as proxy:
            threading.Thread(target=proxy.serve_forever, name="cikg-endpoint", daemon=True).start()
            url = f"http://{f'[{options.host}]' if ':' in options.host else options.host}:{port}"
            mode = "read-write" if options.writable else "read-only"
            announce(f"SPARQL endpoint {url}/query ({mode}; graph store {url}/store); Ctrl-C to stop")
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                announce("stopped")
            proxy.shutdown()
    finally:
        gate.stop()
        for signum, handler_before in previous.items():
            signal.signal(signum, handler_before)

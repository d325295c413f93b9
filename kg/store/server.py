"""The ``oxigraph`` server from PyPI as a managed process: started, awaited, stopped.

``cikg serve`` (:mod:`kg.store.endpoint`) runs it over the build's store behind a proxy that holds
queries to their limits, rather than a home-made SPARQL layer, so clients get the full SPARQL 1.1
Protocol; the tests run it directly as a throw-away target for ``cikg push``.
"""
from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import requests

from .limits import bounded_command
from .store import is_store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
READY_TIMEOUT = 30.0


class ServerError(Exception):
    """The endpoint could not be started; the message is one line for the user."""


def oxigraph_binary() -> str:
    """The ``oxigraph`` program of the PyPI package: beside this interpreter (an unactivated venv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise ServerError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now, picked by the OS."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


@dataclass(frozen=True)
class ServerConfig:
    """How to run ``oxigraph``: over which store, on which address, and whether it accepts writes."""

    location: Path | None  # a store folder; None serves an empty in-memory store (always writable)
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    writable: bool = False
    query_timeout: float | None = None
    memory_mib: int | None = None  # address-space cap; an allocation past it makes oxigraph abort

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def command(self) -> list[str]:
        mode = "serve" if self.writable or self.location is None else "serve-read-only"
        command = [oxigraph_binary(), mode, "--bind", f"{self.host}:{self.port}"]
        if self.location is not None:
            command += ["--location", str(self.location)]
        if self.query_timeout:
            command += ["--timeout-s", str(max(1, round(self.query_timeout)))]
        return bounded_command(command, self.memory_mib)


def _last_line(log: IO[bytes]) -> str:
    log.seek(0)
    lines = [line.strip() for line in log.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


class OxigraphServer:
    """A running ``oxigraph`` process: started and awaited until it answers HTTP, then stopped.

    Use it as a context manager so the process is stopped however the block ends.
    """

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return self.config.url

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        return self.url + "/update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint."""
        return self.url + "/store"

    def _check_config(self) -> None:
        location = self.config.location
        if location is not None and not is_store(location):
            raise ServerError(f"no store at {location}: run `cikg build` first")
        if port_in_use(self.config.host, self.config.port):
            raise ServerError(f"{self.config.host}:{self.config.port} is already in use (choose another --port)")

    def start(self, ready_timeout: float = READY_TIMEOUT) -> OxigraphServer:
        self._check_config()
        self._log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(self.config.command(), stdin=subprocess.DEVNULL, stdout=self._log,
                                        stderr=subprocess.STDOUT)
        try:
            self._wait_ready(ready_timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _failure(self) -> ServerError:
        assert self._log is not None
        reason = _last_line(self._log)
        if "lock" in reason.lower():
            return ServerError(f"store {self.config.location} is locked by another process; stop it first")
        return ServerError(f"oxigraph stopped: {reason}")

    def _wait_ready(self, ready_timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise self._failure()
            try:
                requests.get(self.url + "/", timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.05)
        raise ServerError(f"oxigraph did not answer on {self.url} within {ready_timeout:g} s")

    def wait(self) -> None:
        """Block until the server exits; an exit that no Ctrl-C or SIGTERM asked for is an error."""
        assert self.process is not None
        if self.process.wait() not in (0, -signal.SIGINT, -signal.SIGTERM):
            raise self._failure()

    def stop(self) -> None:
        """Terminate the server (then kill it if it lingers) and drop its log."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

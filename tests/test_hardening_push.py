"""Issue 13, `cikg push`: a password in the endpoint URL is never printed, and --user never sends an empty password."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main
from kg.store.push import PushError, masked, password_for, push
from kg.store.server import free_port

SECRET = "s3cr%21t"  # percent-encoded in the URL: "s3cr!t" once decoded


@pytest.fixture
def out(mini_store_dir: Path) -> Path:
    return mini_store_dir


def test_masked_hides_both_forms_of_the_password() -> None:
    url = f"http://admin:{SECRET}@example.org/store"
    assert masked(f"cannot reach {url}: s3cr!t", url) == "cannot reach http://admin:***@example.org/store: ***"
    assert masked("http://example.org/store", "http://example.org/store") == "http://example.org/store"


@pytest.mark.parametrize("endpoint", [
    "http://admin:{secret}@127.0.0.1:{port}/store",  # nothing listens there
    "ftp://admin:{secret}@127.0.0.1:{port}/store",  # not http(s)
])
def test_no_push_error_shows_the_password(out: Path, endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = endpoint.format(secret=SECRET, port=free_port())
    with pytest.raises(PushError) as error:
        push(out, url, timeout=5)
    assert "s3cr" not in str(error.value) and "***" in str(error.value)
    assert main(["push", str(out), "--endpoint", url, "--timeout", "5"]) == 1
    printed = capsys.readouterr()
    assert "s3cr" not in printed.out + printed.err and printed.err.startswith("error: ")


def test_user_without_password_is_an_error_unless_asked() -> None:
    with pytest.raises(PushError, match=r"--user admin needs a password: set \$CIKG_PUSH_PASSWORD"):
        password_for("admin", {})
    with pytest.raises(PushError, match="needs a password"):
        password_for("admin", {"CIKG_PUSH_PASSWORD": ""})
    assert password_for("admin", {}, ask=lambda prompt: "typed") == "typed"
    assert password_for("admin", {"CIKG_PUSH_PASSWORD": "env"}, ask=lambda prompt: "typed") == "env"


@pytest.mark.integration
def test_cli_user_without_password_sends_nothing(out: Path) -> None:
    """No terminal, no $CIKG_PUSH_PASSWORD: one error line, before any request (the port has no listener)."""
    environment = {"PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "kg.cli", "push", str(out), "--endpoint",
                           f"http://127.0.0.1:{free_port()}/store", "--user", "admin"],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, env=environment, timeout=120)
    assert done.returncode == 1
    assert done.stderr == "error: --user admin needs a password: set $CIKG_PUSH_PASSWORD " \
                          "(or run in a terminal to be asked)\n"

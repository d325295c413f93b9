"""notebooks/analysis.ipynb runs from a clean kernel, top to bottom, without an error."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "analysis.ipynb"


@pytest.fixture()
def python3_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A ``python3`` kernelspec that runs this interpreter (the venv's), found first on JUPYTER_PATH.

    The ``python3`` spec installed with ipykernel runs whatever ``python`` is on PATH, which is
    not the venv's when the tests are started as ``.venv/bin/python -m pytest``.
    """
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (cikg tests)",
        "language": "python",
    }), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return "python3"


@pytest.mark.integration
@pytest.mark.slow
def test_analysis_notebook_runs_clean(python3_kernel, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(notebook, kernel_name=python3_kernel, timeout=600,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error

    first = notebook.cells[0]
    assert first.cell_type == "code" and "CORPUS = None" in first.source and "OUT = None" in first.source
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 3  # actors, communities, actor-concept
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<iframe srcdoc=" in h for h in html)
    frames = [h for h in html if 'class="dataframe"' in h]
    assert len(frames) >= 10, "the answers are pandas data frames"
    coordinates = next(h for h in frames if "<th>evidence</th>" in h and "coordinates" in h)
    assert "whole-of-nation approach" in coordinates  # the Chinese government coordinates it, with its sentence
    assert any("<th>when</th>" in h and "2023" in h for h in frames), "a timeline of dated facts"
    assert any("no longer mentioned" in "".join(o.get("text", "")) for o in outputs), "2023 vs 2024 in words"
    text = "".join(o.get("text", "") for o in outputs)
    assert " facts (" in text and "co-mentions" in text  # the counts line of kg.analysis.counts

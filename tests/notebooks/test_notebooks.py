"""The notebooks: the committed files are what the generator writes, and each one runs clean.

The generator ``notebooks/make_notebooks.py`` holds the cells; the fast tests check that the
committed ``.ipynb`` files are exactly its output (no drift, no outputs saved). The slow tests
execute every notebook with nbclient in a kernel running this interpreter (the project's venv),
from the ``notebooks/`` folder, and fail on any cell error.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO / "notebooks"
#: Output type of an Altair chart shown by the ``mimetype`` renderer (JupyterLab).
VEGA_LITE = "application/vnd.vegalite.v5+json"


def is_chart(output: dict) -> bool:
    """An Altair chart: Vega-Lite JSON, or the default renderer's HTML that embeds it."""
    data = output.get("data", {})
    return VEGA_LITE in data or "vegaEmbed" in data.get("text/html", "")


def load_generator() -> ModuleType:
    """``notebooks/make_notebooks.py`` as a module (it is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "make_notebooks", NOTEBOOKS_DIR / "make_notebooks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = load_generator()
NAMES = list(GENERATOR.NOTEBOOKS)


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_the_generators_output(name: str) -> None:
    committed = (NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8")
    assert committed == GENERATOR.render(name), (
        f"notebooks/{name}.ipynb differs from what notebooks/make_notebooks.py writes: edit the "
        "cells in the generator and run: python notebooks/make_notebooks.py"
    )


def test_every_notebook_comes_from_the_generator() -> None:
    assert sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")) == sorted(NAMES)


def test_generator_writes_notebooks_without_outputs(tmp_path: Path) -> None:
    import nbformat

    paths = GENERATOR.write_all(tmp_path)
    assert [p.name for p in paths] == [f"{name}.ipynb" for name in NAMES]
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata.kernelspec.name == "python3"
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code and all(not c.outputs and c.execution_count is None for c in code)


@pytest.fixture(scope="session")
def venv_kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A ``python3`` kernelspec that runs this interpreter, put first on ``JUPYTER_PATH``.

    A ``python3`` kernel found elsewhere (the user's, the system's) could run another Python
    without flashpoint; this one runs ``sys.executable`` (the project's venv).
    """
    from ipykernel.kernelspec import install

    prefix = tmp_path_factory.mktemp("jupyter")
    install(user=False, prefix=str(prefix), kernel_name="python3")
    data = prefix / "share" / "jupyter"
    assert (data / "kernels" / "python3" / "kernel.json").is_file()
    paths = [str(data), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    patch = pytest.MonkeyPatch()
    patch.setenv("JUPYTER_PATH", os.pathsep.join(paths))
    try:
        yield "python3"
    finally:
        patch.undo()


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_clean(name: str, venv_kernel: str) -> None:
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    spec = KernelSpecManager().get_kernel_spec(venv_kernel)
    assert spec.argv[0] == sys.executable
    nb = nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name=venv_kernel,
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
    )
    client.execute()  # raises CellExecutionError at the first cell that fails
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, errors
    charts = [o for o in outputs if is_chart(o)]
    assert charts, f"{name}: no Altair chart was displayed"

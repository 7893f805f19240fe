"""A package that installs: the wheel is built, installed into a fresh virtual environment
and used from there to ingest the sample corpus and export it. The knowledge base and the
dashboard ship inside the wheel. Tocsin's dependencies are borrowed from the test
environment (a path file), so the test checks the wheel, not the package index."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("tocsin-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    Path(site, "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    installed = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                               capture_output=True, text=True)  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    return venv


def test_the_installed_wheel_ingests_and_exports(fresh, tmp_path):
    python, tocsin = fresh / "bin" / "python", fresh / "bin" / "tocsin"
    probe = "import tocsin, tocsin.knowledge as k; print(tocsin.__file__, k.data_dir())"
    where = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=True,
                           cwd=tmp_path).stdout.split()  # fmt: skip
    assert all(p.startswith(str(fresh)) for p in where), where  # the wheel's code and knowledge, not the checkout's
    db = str(tmp_path / "wheel.db")
    ingest = subprocess.run([str(tocsin), "ingest", str(ROOT / "samples"), "--db", db], capture_output=True, text=True,
                            cwd=tmp_path)  # fmt: skip
    assert ingest.returncode == 0, ingest.stderr
    assert ingest.stdout.startswith("stored ")
    export = subprocess.run([str(tocsin), "export", "--format", "events-csv", "--db", db], capture_output=True,
                            text=True, cwd=tmp_path)  # fmt: skip
    assert export.returncode == 0, export.stderr
    rows = list(csv.DictReader(io.StringIO(export.stdout)))
    assert rows and {r["event_type"] for r in rows} >= {"ASSAULT"}
    version = subprocess.run([str(tocsin), "version"], capture_output=True, text=True, cwd=tmp_path).stdout.strip()
    from tocsin import __version__

    assert version == __version__
    docs = subprocess.run(
        [str(python), "-c", "from fastapi.testclient import TestClient; from tocsin.web import create_app; "
         f"c = TestClient(create_app({db!r})); print(c.get('/docs').status_code, c.get('/').status_code)"],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert docs.stdout.split()[-2:] == ["200", "200"], docs.stderr  # the dashboard and explorer ship too

"""Every command the README shows runs as written: the ``tocsin`` lines of its shell blocks,
in order, in a scratch folder beside a copy of the sample corpus, and its Python example.

``make`` lines are left to the Makefile's own users (CI runs ``make test``); ``tocsin serve``
is given a free port, asked for its dashboard, and stopped. Commands that reach the network
(``tocsin watch``, ``tocsin ingest`` of a URL) cannot run as written offline: their
``--help`` is checked here, and ``tests/test_watch.py`` runs them against local servers.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
TOCSIN = Path(sys.executable).parent / "tocsin"


def blocks(language: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def commands() -> list[list[str]]:
    out = []
    for block in blocks("sh"):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] in ("tocsin", "export"):
                out.append(words)
    return out


def _online(words: list[str]) -> bool:
    return words[1] == "watch" or any(w.startswith(("http://", "https://")) for w in words[2:])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(words: list[str], cwd: Path, env: dict) -> None:
    port = _free_port()
    server = subprocess.Popen([str(TOCSIN), *words[1:], "--port", str(port)], cwd=cwd, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/summary", timeout=2) as response:
                    assert response.status == 200
                    return
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("tocsin serve did not answer") from None
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "samples", folder / "samples")
    return folder


def test_the_readme_shows_commands():
    names = {words[1] for words in commands() if words[0] == "tocsin"}
    assert {"ingest", "summary", "search", "events", "stories", "export", "serve"} <= names


def test_every_readme_command_runs_as_written(scratch):
    env = {k: v for k, v in os.environ.items() if k != "TOCSIN_DB"}
    for words in commands():
        if words[0] == "export":  # export NAME=VALUE, as a shell would
            name, _, value = words[1].partition("=")
            env[name] = value
            continue
        if words[1] == "serve":
            _serve(words, scratch, env)
            continue
        if _online(words):
            done = subprocess.run([str(TOCSIN), words[1], "--help"], env=env, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            continue
        done = subprocess.run([str(TOCSIN), *words[1:]], cwd=scratch, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{shlex.join(words)} failed:\n{done.stdout}\n{done.stderr}"
        assert done.stdout.strip() or done.stderr.strip(), f"{shlex.join(words)} printed nothing"
    for written in ("events.csv", "stories.parquet", "records.jsonl"):
        assert (scratch / written).stat().st_size > 0


def test_the_readme_python_example_runs(scratch):
    if not (scratch / "var" / "demo.db").exists():
        pytest.skip("the command test builds the store this example reads")
    (code,) = blocks("python")
    last = code.strip().splitlines()[-1]
    done = subprocess.run([sys.executable, "-c", f"{code}\nprint(len({last}))"], cwd=scratch, capture_output=True,
                          text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) > 0  # the notebook line gives a non-empty DataFrame

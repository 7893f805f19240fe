"""`make audit` (scripts/audit.py): a known vulnerability fails the test run; an advisory
service that cannot be reached is reported as a skipped audit with its reason, never as
a pass. The reports below are written in pip-audit's JSON format, for invented packages."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "audit.py"
spec = importlib.util.spec_from_file_location("audit", SCRIPT)
audit = importlib.util.module_from_spec(spec)
sys.modules["audit"] = audit  # a dataclass looks its module up
spec.loader.exec_module(audit)


def report(*deps: dict) -> str:
    return json.dumps({"dependencies": list(deps), "fixes": []})


CLEAN = {"name": "quietlib", "version": "1.0", "vulns": []}
UNKNOWN = {"name": "quietlib", "skip_reason": "Dependency not found on PyPI and could not be audited: quietlib (1.0)"}
HOLED = {
    "name": "holedlib",
    "version": "2.1",
    "vulns": [{"id": "PYSEC-0000-01", "fix_versions": ["2.2"], "aliases": [], "description": "invented"}],
}


def test_a_known_vulnerability_fails_and_is_named():
    result = audit.verdict(1, report(CLEAN, HOLED), "")
    assert result.code == 1
    assert "holedlib 2.1: PYSEC-0000-01 (fixed in 2.2)" in result.message


def test_a_vulnerability_fails_even_when_other_packages_could_not_be_looked_up():
    assert audit.verdict(1, report(UNKNOWN, HOLED), "").code == 1


def test_no_dependency_looked_up_is_a_skipped_audit_with_its_reason_not_a_pass():
    result = audit.verdict(0, report(UNKNOWN, {**UNKNOWN, "name": "otherlib"}), "No known vulnerabilities found")
    assert result.code == 0
    assert result.message.startswith("audit skipped:") and "not found on PyPI" in result.message


def test_a_connection_error_is_a_skipped_audit():
    stderr = "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org'): Max retries exceeded"
    result = audit.verdict(1, "", stderr)
    assert result.code == 0 and result.message.startswith("audit skipped:") and "Max retries" in result.message


def test_any_other_failure_of_pip_audit_fails():
    assert audit.verdict(2, "", "pip-audit: error: unrecognized arguments: --bogus").code == 1


def test_a_clean_audit_passes_and_names_what_it_could_not_look_up():
    result = audit.verdict(0, report(CLEAN, {**UNKNOWN, "name": "privatelib"}), "")
    assert result.code == 0
    assert result.message == "audit passed: no known vulnerabilities in 1 dependencies; not audited: privatelib"


def test_the_audit_of_this_environment_passes_or_says_why_it_was_skipped():
    run = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=660)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith(("audit passed:", "audit skipped:"))

"""Known vulnerabilities in the installed dependencies (``make audit``, run by ``make test``).

    python scripts/audit.py [pip-audit options]

Runs pip-audit against PyPI's advisory service and decides what its answer means:

* a vulnerability found fails (exit 1), with each package, version and advisory;
* an advisory service that cannot be reached is not a pass: pip-audit then reports every
  dependency as "not found on PyPI" (or stops with a connection error) and still says
  "No known vulnerabilities found". That is reported as a skipped audit, with the
  reason, and exits 0, so that a machine without the service can still run the tests;
* some dependencies audited and others not: the audit counts, and those left out are named.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")
COMMAND = ["--vulnerability-service", "pypi", "--progress-spinner", "off", "--skip-editable", "--format", "json"]
# What pip-audit's errors say when the service did not answer (requests / urllib3 wording).
UNREACHABLE = (
    "connectionerror",
    "connection refused",
    "max retries exceeded",
    "name or service not known",
    "temporary failure in name resolution",
    "timed out",
    "network is unreachable",
    "proxyerror",
    "sslerror",
)


@dataclass
class Verdict:
    code: int  # the exit status: 0 passed or skipped, 1 vulnerable or broken
    message: str


def verdict(returncode: int, stdout: str, stderr: str) -> Verdict:
    """What one pip-audit run (with ``--format json``) means for the test run."""
    try:
        report = json.loads(stdout) if stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    if report is None:
        last = next((line.strip() for line in reversed(stderr.splitlines()) if line.strip()), "no output")
        if any(cue in stderr.lower() for cue in UNREACHABLE):
            return Verdict(0, f"audit skipped: the advisory service could not be reached ({last})")
        return Verdict(1, f"audit failed: pip-audit exited {returncode} without a report ({last})")
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if "skip_reason" in d]
    if vulnerable:
        lines = [
            f"  {d['name']} {d.get('version', '?')}: {v.get('id', '?')} (fixed in {_fixes(v)})"
            for d in vulnerable
            for v in d["vulns"]
        ]
        return Verdict(1, f"audit failed: {len(lines)} known vulnerabilities\n" + "\n".join(lines))
    if deps and len(skipped) == len(deps):
        return Verdict(
            0,
            f"audit skipped: none of the {len(deps)} dependencies could be looked up, so the advisory "
            f"service did not answer (first reason: {skipped[0]['skip_reason']})",
        )
    if returncode != 0:
        return Verdict(1, f"audit failed: pip-audit exited {returncode}: {stderr.strip()[-300:]}")
    audited = len(deps) - len(skipped)
    message = f"audit passed: no known vulnerabilities in {audited} dependencies"
    if skipped:
        message += f"; not audited: {', '.join(d['name'] for d in skipped)}"
    return Verdict(0, message)


def _fixes(vuln: dict) -> str:
    return ", ".join(vuln.get("fix_versions") or ["no release yet"])


def main() -> None:
    try:
        run = subprocess.run(
            [str(PIP_AUDIT), *COMMAND, *sys.argv[1:]], capture_output=True, text=True, timeout=600, check=False
        )
        result = verdict(run.returncode, run.stdout, run.stderr)
    except subprocess.TimeoutExpired:
        result = Verdict(0, "audit skipped: the advisory service did not answer within 10 minutes")
    print(result.message)
    sys.exit(result.code)


if __name__ == "__main__":
    main()

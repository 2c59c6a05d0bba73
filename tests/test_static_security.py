"""bandit finds no high-severity problem in the project's own code (issue 6)."""

import json
import subprocess
import sys

from tests.packages import PACKAGES, ROOT


def test_bandit_reports_no_high_severity_finding():
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "bandit", "-q", "-r", *PACKAGES, "-x", "*/migrations/*", "-f", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["metrics"]["_totals"]["loc"] > 10_000  # it really read the code
    high = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in report["results"]
        if r["issue_severity"] == "HIGH"
    ]
    assert high == []

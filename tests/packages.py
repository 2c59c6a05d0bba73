"""The project's own Python packages, for the tests that read the code itself."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [
    "mosovo",
    "rules",
    "kit",
    "workforce",
    "offenders",
    "visits",
    "risk",
    "outstanding",
    "casework",
    "dashboards",
    "demo",
]

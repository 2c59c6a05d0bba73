"""Every data table stacks on a phone (issue 15, item 25): each table in templates/ has the
class `mosovo-table--stacked`, and each of its data cells a data-label (the column's heading
shown before the value below GOV.UK's tablet breakpoint); a cell spanning every column (an
empty table's message) needs none. tests/browser/test_narrow_screens.py opens the pages."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
TABLE = re.compile(r"<table\b[^>]*>")
CELL = re.compile(r"<td\b[^>]*>")


def test_every_table_stacks_on_a_phone():
    plain, unlabelled = [], []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text()
        name = str(path.relative_to(TEMPLATES))
        plain += [f"{name}: {tag}" for tag in TABLE.findall(text) if "mosovo-table--stacked" not in tag]
        unlabelled += [
            f"{name}: {tag}"
            for tag in CELL.findall(text)
            if "data-label=" not in tag and "colspan=" not in tag
        ]
    assert plain == []
    assert unlabelled == []

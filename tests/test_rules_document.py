"""The project's own rules document is what the code cites: every "docs/rules.md § Heading" names
a heading that exists, and nothing cites the shared documents outside the repository."""

import re
from pathlib import Path

from tests.packages import PACKAGES, ROOT

CODE = [
    path
    for folder in (*PACKAGES, "templates", "tests")
    for path in (ROOT / folder).rglob("*")
    if path.suffix in {".py", ".html", ".txt"}
    and "migrations" not in path.parts
    and path.name != Path(__file__).name
]
CITATION = re.compile(r"docs/rules\.md\s+§\s+([A-Z][\w/ :-]*?[\w])(?=[,;.)\]\"]|\s*$)", re.MULTILINE)


def headings() -> set[str]:
    text = (ROOT / "docs" / "rules.md").read_text()
    return {line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")}


def test_every_citation_names_a_heading_of_the_rules_document():
    known = headings()
    cited = {}
    for path in CODE:
        for match in CITATION.finditer(path.read_text()):
            cited.setdefault(match.group(1), path.relative_to(ROOT))
    assert cited, "the code cites docs/rules.md"
    unknown = {name: str(path) for name, path in cited.items() if name not in known}
    assert not unknown, unknown


# The shared documents outside the repository: domain.md and the numbered source documents
# ("[004 Rec 8]", "[001; 004]").
OUTSIDE = re.compile(r"domain\.md|\[00\d\b")


def test_nothing_cites_documents_outside_the_repository():
    outside = [str(path.relative_to(ROOT)) for path in CODE if OUTSIDE.search(path.read_text())]
    assert not outside

"""Fixtures for the evidence tests: a case holding a generated, ECF-stamped declaration and an article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FILLER = (
    "The agency kept records of each request it received and of each response it sent, and those records were "
    "reviewed by the office described in this declaration before any figure was reported to the Court."
)

PARAGRAPHS = [
    "I am the Records Officer of the Example Agency. I have held that office for six years.",
    "In March 2025 the Agency received a request that listed roughly 900 individuals.",
    "By the end of April 2025 the Agency had answered about 310 of those entries.",
    f"{FILLER} {FILLER}",
    f"{FILLER} {FILLER}",
    "The Agency answered about 310 entries in total, and no more.",
    f"{FILLER} {FILLER} {FILLER}",
    f"{FILLER} {FILLER} {FILLER}",
    "On May 2, 2025, the Agency asked the recipient to destroy every record it had furnished.",
]

ARTICLE = """<!doctype html><html><head><meta charset="utf-8"><title>Agency answered hundreds of requests</title>
<meta name="author" content="Ann Reporter"><meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2025-06-10"></head><body><article>
<h1>Agency answered hundreds of requests</h1>
<p>The Example Agency answered more than 300 requests about individuals, a sworn filing shows.</p>
<p>According to the filing, the request listed roughly 900 people.</p>
<p>A spokesperson declined to comment on the figures on Tuesday.</p>
</article></body></html>"""


def declaration_spec():
    from casebook.core.filing_spec import FilingSpec

    return FilingSpec.from_dict({
        "kind": "declaration",
        "court": ["UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"],
        "plaintiffs": ["EXAMPLE CLINIC,"], "defendants": ["EXAMPLE AGENCY, et al.,"],
        "case_number": "1:25-cv-09999", "judge_initials": "XYZ",
        "title": "DECLARATION OF ROBIN EXAMPLE",
        "preamble": ["I, Robin Example, declare as follows:"],
        "paragraphs": PARAGRAPHS,
        "closing": ["I declare under penalty of perjury that the foregoing is true and correct."],
        "signature": ["/s/ Robin Example", "Robin Example"],
        "ecf_document_number": "17", "filed_date": "2025-06-02",
    })


@pytest.fixture(scope="session")
def sources(tmp_path_factory) -> dict[str, Path]:
    from casebook.pdf.filing_writer import write_filing

    folder = tmp_path_factory.mktemp("evidence-sources")
    declaration = folder / "declaration.pdf"
    write_filing(declaration_spec(), declaration)
    article = folder / "article.html"
    article.write_text(ARTICLE, encoding="utf-8")
    return {"declaration": declaration, "article": article}


@pytest.fixture(scope="session")
def template_case(tmp_path_factory, sources) -> Path:
    """Imported once; each test gets a copy of the closed case folder (importing spawns the PDF worker)."""
    from casebook.services.cases import create_case
    from casebook.services.importing import import_paths

    root = tmp_path_factory.mktemp("evidence-template") / "case"
    with create_case(root, title="Example Clinic v. Example Agency") as case:
        summary = import_paths(case, [sources["declaration"], sources["article"]])
    assert not summary.failed, summary.failed
    return root


@pytest.fixture
def ev_case(tmp_path, template_case):
    """A fresh case with the declaration (document 1) and the article (document 2) imported."""
    from casebook.services.cases import open_case

    root = tmp_path / "case"
    shutil.copytree(template_case, root)
    case = open_case(root)
    yield case
    case.close()


@pytest.fixture(scope="session")
def demo_case_path(tmp_path_factory) -> Path:
    from casebook.services.demo import build_demo

    root = tmp_path_factory.mktemp("demo") / "case"
    summary = build_demo(root)
    assert not summary.failed
    return root

"""Fixtures for bundle export tests: the demo case (built once, copied per test) and bundle definitions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.core.bundles import BundleDefinition, ExhibitChoice

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
# Demo documents: 1 complaint, 2 order, 3 declaration, 4 and 5 articles, 6 docket.
DEMO_BUNDLE = (3, 1, 2, 4, 5)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from casebook.services.demo import build_demo

    root = tmp_path_factory.mktemp("export-demo") / "case"
    summary = build_demo(root)
    assert not summary.failed, summary.failed
    return root


@pytest.fixture
def demo_case(tmp_path: Path, demo_template: Path):
    from casebook.services.cases import open_case

    root = tmp_path / "demo case"
    shutil.copytree(demo_template, root)
    with open_case(root) as case:
        yield case


def demo_definition(**changes) -> BundleDefinition:
    values = {"exhibits": tuple(ExhibitChoice(i) for i in DEMO_BUNDLE), "name": "demo", "date": "2026-02-20",
              "title": "Exhibits to the Romo Declaration", "prepared_by": "Counsel for Plaintiff",
              "bates_prefix": "TRC"}
    values.update(changes)
    return BundleDefinition(**values)

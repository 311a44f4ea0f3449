"""Building the bundled demo case: the IRS–DHS taxpayer-data matter, an illustrative reconstruction."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from casebook.core.errors import CaseError
from casebook.core.filing_spec import FilingSpec
from casebook.core.imports import ImportSummary
from casebook.core.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from casebook.pdf.filing_writer import write_filing
from casebook.services.caption import set_caption
from casebook.services.cases import SHARED_SESSION, create_case, open_case
from casebook.services.cast import list_entities
from casebook.services.demo_claims import add_demo_claims
from casebook.services.evidence import list_claims
from casebook.services.importing import import_paths
from casebook.services.resources import resources_root
from casebook.services.search import sync_index
from casebook.store.case_store import CaseStore
from casebook.store.layout import CaseLayout

SOURCES_FOLDER = "demo-sources"
DEMO_MARK = "demo_case"


def _source_name(entry: dict) -> str:
    date = entry.get("date", "")
    ecf = f"ECF {entry['ecf_document_number']} - " if entry.get("ecf_document_number") else ""
    title = re.sub(r"[^\w .,'-]+", "", entry.get("title", Path(entry["path"]).stem))[:80].strip()
    suffix = ".pdf" if entry["format"] == "filing-spec" else Path(entry["path"]).suffix
    return f"{date} {ecf}{title}".strip() + suffix


def write_demo_sources(target: Path) -> list[Path]:
    """Write the demo's filings as PDFs (with the filing writer) and copy its saved web pages into `target`."""
    demo = resources_root() / "demo"
    manifest = json.loads((demo / "case.json").read_text(encoding="utf-8"))
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in manifest["documents"]:
        source = demo / entry["path"]
        out = target / _source_name(entry)
        if entry["format"] == "filing-spec":
            spec = FilingSpec.from_dict(json.loads(source.read_text(encoding="utf-8")))
            write_filing(spec, out)
        else:
            shutil.copyfile(source, out)
        written.append(out)
    return written


def build_demo(path: Path, *, progress: ProgressCallback = no_progress,
               cancel: CancelToken = NEVER_CANCELLED) -> ImportSummary:
    """Create the demo case at `path` (or reuse a demo case already there) and import its documents."""
    root = Path(path).expanduser().resolve()
    layout = CaseLayout(root)
    manifest = json.loads((resources_root() / "demo" / "case.json").read_text(encoding="utf-8"))
    if layout.is_case():
        with open_case(root, session=SHARED_SESSION) as case:  # its setup is every window's to undo
            if case.meta().get(DEMO_MARK) != "1":
                raise CaseError(f"{root}: a case that is not the demo case is already here")
            summary = import_paths(case, [root / SOURCES_FOLDER], progress=progress, cancel=cancel)
            _ensure_demo_claims(case, summary)
            sync_index(case, cancel=cancel)
            return summary
    with create_case(root, title=manifest["title"], session=SHARED_SESSION) as case:
        case.mark(DEMO_MARK, "1", action="case.demo")
        set_caption(case, demo_caption(manifest))  # first, so the demo's last edit stays its last link
        sources = write_demo_sources(root / SOURCES_FOLDER)
        summary = import_paths(case, sources, progress=progress, cancel=cancel)
        _ensure_demo_claims(case, summary)
        sync_index(case, cancel=cancel)
        return summary


def demo_caption(manifest: dict) -> dict[str, str]:
    """The demo case's caption as its manifest gives it; the plaintiff's counsel files."""
    return {"court": manifest.get("court", ""), "number": manifest.get("case_number", ""),
            "caption": manifest.get("caption", manifest["title"]),
            "filer": manifest.get("filer", "Counsel for Plaintiff")}


def _ensure_demo_claims(case: CaseStore, summary: ImportSummary) -> None:
    """Give a complete demo case its claims, once (a rebuild over an existing demo case keeps its edits)."""
    if summary.failed or summary.cancelled or list_claims(case) or list_entities(case):
        return
    add_demo_claims(case)

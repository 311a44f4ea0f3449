"""The `pdfa` profile's last step: convert the verified bundle to PDF/A-2b, check it, and verify it again."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from casebook.core.bundles import BundlePlan, ChartRow
from casebook.core.evidence import Excerpt
from casebook.core.progress import NEVER_CANCELLED, CancelToken
from casebook.pdf.pdfa import PdfaError, PdfaResult, PdfaTool, archival_metadata, convert_to_pdfa, find_ghostscript
from casebook.services.bundle_build import Layout
from casebook.services.bundle_verify import BundleVerificationFailed, Verification, verify_bundle

log = logging.getLogger(__name__)

_NOISE = ("DOCINFO",)  # Ghostscript's complaints about the document information it is given: Casebook rewrites it


def pdfa_tool() -> PdfaTool | None:
    """Ghostscript with its sRGB profile, when installed (`apt-get install ghostscript`)."""
    return find_ghostscript()


def preflight_note(tool: PdfaTool | None) -> tuple[str, str]:
    """("note" or "warning", text) for pre-flight: what the `pdfa` profile will do on this machine."""
    if tool is None:
        return ("warning", "PDF/A was asked for, but Ghostscript (Debian package `ghostscript`, with its sRGB ICC "
                "profile) is not installed: the bundle will be an ordinary PDF and the manifest says pdfa: false")
    return ("note", f"PDF/A-2b: the verified bundle is converted with {tool.name} (sRGB output intent), then "
            "checked by Casebook (XMP identification, output intent, embedded fonts, no JavaScript or encryption, "
            "links, bookmarks, page labels and highlights kept) and verified again; veraPDF is not run")


def make_archival(staging: Path, plan: BundlePlan, layout: Layout, rows: Sequence[ChartRow],
                  excerpts: dict[int, Excerpt], tool: PdfaTool, *,
                  cancel: CancelToken = NEVER_CANCELLED) -> tuple[Verification, Layout, PdfaResult]:
    """Replace the verified file at `staging` with its PDF/A-2b conversion, once that passes the PDF/A checks
    and the bundle's own verification. Anything wrong raises BundleVerificationFailed and leaves `staging`
    as it was (the caller removes it)."""
    fd, name = tempfile.mkstemp(prefix=f".{staging.stem}-", suffix=".pdfa.part", dir=staging.parent)
    os.close(fd)
    archival = Path(name)
    try:
        try:
            result = convert_to_pdfa(tool, staging, archival, metadata=layout.options.metadata,
                                     pdf_date=layout.options.pdf_date, cancel=cancel)
        except PdfaError as exc:
            failed = Verification(problems=[str(exc)])
            raise BundleVerificationFailed(f"PDF/A conversion failed; nothing was saved: {exc}", failed) from exc
        result.warnings = [w for w in result.warnings if not any(n in w for n in _NOISE)]
        final_layout = replace(layout, options=replace(layout.options,
                                                       metadata=archival_metadata(layout.options.metadata, tool)))
        verification, _ = verify_bundle(archival, plan, final_layout, rows, excerpts)
        verification.problems = [f"PDF/A: {p}" for p in result.problems] + verification.problems
        if not verification.ok:
            raise BundleVerificationFailed("the PDF/A bundle failed verification and was not saved:\n"
                                           + "\n".join(verification.problems), verification)
        verification.archival = result.to_dict()
        os.replace(archival, staging)
        return verification, final_layout, result
    finally:
        archival.unlink(missing_ok=True)

"""Risk flags found when a PDF is imported: bad redactions, hidden text, a poor OCR layer, pages that need OCR.

`inspect_page` runs on every page inside the PDF worker, after the page's text is read; it is cheap (one text
trace and one drawing list per page) and renders only the boxes that may hide text. Every check fails closed:
a check that errors on a page yields a flag saying the page could not be checked, never silence.
`risk_flags` turns the page findings into the document's flags; `refresh_after_ocr` updates them once pages
have been OCRed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from casebook.core.documents import RiskFlag, RiskKind
from casebook.pdf.hidden_text import FAINT, INVISIBLE, OVERDRAWN, UNDRAWN, find_hidden_text
from casebook.pdf.ocr_layer import POOR_QUALITY, is_ocr_layer, layer_quality
from casebook.pdf.page_content import PageContent
from casebook.pdf.redactions import find_bad_redactions, only_dates
from casebook.pdf.text import PageText, printable

log = logging.getLogger(__name__)

REDACTION_CHECK = "redaction"
HIDDEN_CHECK = "hidden"
OCR_LAYER_CHECK = "ocr_layer"
_CHECK_NAMES = {
    REDACTION_CHECK: (RiskKind.BAD_REDACTION, "text under black boxes"),
    HIDDEN_CHECK: (RiskKind.HIDDEN_TEXT, "hidden text"),
    OCR_LAYER_CHECK: (RiskKind.POOR_OCR, "the quality of its OCR text layer"),
}
_HIDDEN_ORDER = (INVISIBLE, FAINT, OVERDRAWN, UNDRAWN)
SAMPLE_CHARS = 40
UNCHECKED_PREFIX = "could not be checked"


@dataclass
class PageRisks:
    """What one page's checks found; only pages with a finding are kept."""

    number: int
    redactions: list[str] = field(default_factory=list)  # text still under each dark box
    hidden: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # kind -> (chars, words, sample)
    ocr_quality: float | None = None  # the page's existing OCR layer, when it has one
    unchecked: dict[str, str] = field(default_factory=dict)  # check -> why it could not run

    @property
    def empty(self) -> bool:
        return not (self.redactions or self.hidden or self.unchecked) and (
            self.ocr_quality is None or self.ocr_quality >= POOR_QUALITY
        )


def inspect_page(page: Any, number: int, page_text: PageText, *, textpage: Any = None) -> PageRisks:
    """Run every check on one PyMuPDF page; never raises.

    With the page's `textpage` (as extracted with `text_flags()`), a page with nothing suspicious in its text
    styles is checked without MuPDF's slower character trace.
    """
    risks = PageRisks(number)
    try:
        content = PageContent.read(page, textpage=textpage)
    except Exception as exc:
        return unreadable_page(number, _reason(exc))
    try:
        risks.redactions = [r.text for r in find_bad_redactions(content)]
    except Exception as exc:
        risks.unchecked[REDACTION_CHECK] = _reason(exc)
    try:
        hidden = find_hidden_text(content, page_text)
    except Exception as exc:
        risks.unchecked[HIDDEN_CHECK] = _reason(exc)
        return risks
    risks.hidden = hidden.kinds
    if is_ocr_layer(hidden):
        try:
            risks.ocr_quality = layer_quality(page_text.text)
        except Exception as exc:
            risks.unchecked[OCR_LAYER_CHECK] = _reason(exc)
    return risks


def unreadable_page(number: int, reason: str) -> PageRisks:
    """A page MuPDF could not read: it is not known what it hides (it is already flagged as needing OCR)."""
    return PageRisks(number, unchecked={REDACTION_CHECK: reason, HIDDEN_CHECK: reason})


def _reason(exc: BaseException) -> str:
    log.warning("risk check failed: %r", exc)
    return printable(str(exc) or type(exc).__name__)[:120]


def risk_flags(pages: Iterable[PageRisks], needs_ocr: Sequence[int]) -> list[RiskFlag]:
    """The document's flags from its pages' findings and the pages flagged for OCR, most serious first."""
    pages = sorted(pages, key=lambda p: p.number)
    flags: list[RiskFlag] = []
    redacted = [p for p in pages if p.redactions]
    if redacted and not only_dates([t for p in redacted for t in p.redactions]):
        boxes = sum(len(p.redactions) for p in redacted)
        sample = max((t for p in redacted for t in p.redactions), key=len)[:SAMPLE_CHARS]
        flags.append(RiskFlag(RiskKind.BAD_REDACTION, _numbers(redacted), (
            f"text can still be copied from under {boxes} black box{'es' if boxes != 1 else ''} on "
            f"{page_list(_numbers(redacted))} (e.g. “{sample}”); do not rely on or re-file this copy as redacted"
        )))
    hidden = [p for p in pages if p.hidden]
    if hidden:
        parts = []
        for kind in _HIDDEN_ORDER:
            with_kind = [p for p in hidden if kind in p.hidden]
            if with_kind:
                sample = with_kind[0].hidden[kind][2][:SAMPLE_CHARS]
                parts.append(f"{kind} on {page_list(_numbers(with_kind))}" + (f" (“{sample}”)" if sample else ""))
        flags.append(RiskFlag(RiskKind.HIDDEN_TEXT, _numbers(hidden), (
            "; ".join(parts) + ": search finds it but a reader of the page does not see it"
        )))
    poor = [p for p in pages if p.ocr_quality is not None and p.ocr_quality < POOR_QUALITY]
    if poor:
        worst = min(p.ocr_quality for p in poor if p.ocr_quality is not None)
        flags.append(RiskFlag(RiskKind.POOR_OCR, _numbers(poor), poor_ocr_detail(_numbers(poor), worst)))
    if needs_ocr:
        flags.append(RiskFlag(RiskKind.NEEDS_OCR, tuple(sorted(needs_ocr)), needs_ocr_detail(needs_ocr)))
    for check, (kind, what) in _CHECK_NAMES.items():
        failed = [p for p in pages if check in p.unchecked]
        if failed:
            flags.append(RiskFlag(kind, _numbers(failed), (
                f"{page_list(_numbers(failed))} {UNCHECKED_PREFIX} for {what} "
                f"({failed[0].unchecked[check]}); check by eye before relying on it"
            )))
    return flags


def poor_ocr_detail(pages: Sequence[int], worst: float | None = None) -> str:
    score = f" (quality {worst:.2f}, under {POOR_QUALITY:.2f})" if worst is not None else ""
    return (f"the existing OCR text layer of {page_list(pages)} reads poorly{score}: search may miss words and "
            "quotes may be wrong; re-OCR with `casebook ocr --mode redo-all`")


def needs_ocr_detail(pages: Sequence[int]) -> str:
    count = len(pages)
    return (f"{count} page{'s' if count != 1 else ''} with no usable text layer ({page_list(pages)}): not searchable "
            "or quotable until OCRed; run `casebook ocr`")


def refresh_after_ocr(
    flags: Iterable[RiskFlag], *, still_need_ocr: Sequence[int], ocred: Iterable[int]
) -> list[RiskFlag]:
    """The flags after OCR: NEEDS_OCR lists the pages still needing it; OCRed pages leave POOR_OCR.

    OCR replaces a page's text with Tesseract's, whose own quality score decides whether it still needs OCR.
    """
    redone = set(ocred)
    refreshed: list[RiskFlag] = []
    for flag in flags:
        if flag.kind is RiskKind.NEEDS_OCR:
            continue
        if flag.kind is RiskKind.POOR_OCR:
            left = tuple(p for p in flag.pages if p not in redone)
            if left:
                unchecked = UNCHECKED_PREFIX in flag.detail
                refreshed.append(RiskFlag(RiskKind.POOR_OCR, left, flag.detail if unchecked else poor_ocr_detail(left)))
            continue
        refreshed.append(flag)
    if still_need_ocr:
        refreshed.append(RiskFlag(RiskKind.NEEDS_OCR, tuple(sorted(still_need_ocr)), needs_ocr_detail(still_need_ocr)))
    return refreshed


def _numbers(pages: Iterable[PageRisks]) -> tuple[int, ...]:
    return tuple(p.number for p in pages)


def page_list(numbers: Iterable[int]) -> str:
    """ "page 3", "pages 1–3, 7" """
    ordered = sorted(set(numbers))
    runs: list[str] = []
    start = previous = None
    for n in [*ordered, None]:
        if n is not None and previous is not None and n == previous + 1:
            previous = n
            continue
        if start is not None:
            runs.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = n
    return ("page " if len(ordered) == 1 else "pages ") + ", ".join(runs)

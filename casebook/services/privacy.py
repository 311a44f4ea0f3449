"""Privacy review (FRCP 5.2): scan documents, decide findings, manual redactions, and what a redacted export applies.

Findings are anchored like excerpts: page, offsets and a text-quote selector (exact text with context), so after
re-analysis or OCR changes a page's text they are found again by their quote (`reanchor_document`, run by every
scan and export) and keep their decisions. Decisions, manual redactions and the case's terms are recorded edits:
audited and undoable. Scans only add pending findings; the audit log never holds the redacted text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from casebook.core.anchoring import Anchor, TextQuote, TextSpan, find_quote
from casebook.core.errors import CasebookError
from casebook.core.excerpt_geometry import quads_for, text_under
from casebook.core.privacy import (
    CANDIDATE_RULES,
    DEFAULT_REPLACEMENT,
    MANUAL,
    RULE_NAMES,
    CaseTerm,
    context,
    forbidden_forms,
    initials,
    last_four,
    scan_page,
)
from casebook.core.progress import (
    NEVER_CANCELLED,
    Cancelled,
    CancelToken,
    ProgressCallback,
    ProgressUpdate,
    no_progress,
)
from casebook.core.records import DocumentRecord, PageRecord
from casebook.pdf.redact import RedactionSpec
from casebook.services.documents import choose_documents
from casebook.services.history import recorded_edit
from casebook.store import audit, documents
from casebook.store import privacy as store
from casebook.store.case_store import CaseStore
from casebook.store.privacy import ACCEPTED, EXEMPT, PENDING, REJECTED, PrivacyFinding

log = logging.getLogger(__name__)

DECISIONS = {"accept": ACCEPTED, "reject": REJECTED, "exempt": EXEMPT, "reset": PENDING}


@dataclass
class ScanReport:
    """What a scan looked at and found."""

    documents: int = 0
    pages: int = 0
    new: int = 0
    kept: int = 0
    moved: int = 0
    lost: int = 0
    cancelled: bool = False
    by_rule: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"documents": self.documents, "pages": self.pages, "new": self.new, "kept": self.kept,
                "moved": self.moved, "lost": self.lost, "cancelled": self.cancelled, "by_rule": self.by_rule}


def is_criminal(record: DocumentRecord) -> bool:
    """A criminal matter by its docket number ("1:24-cr-00012")."""
    numbers = [*record.docket_numbers, record.case_number or ""]
    return any("-cr-" in n.lower() or "-mj-" in n.lower() for n in numbers)


def terms(case: CaseStore) -> list[tuple[int, CaseTerm]]:
    return store.list_terms(case.db)


def scan_documents(case: CaseStore, document_ids: Iterable[int] | None = None, *, criminal: bool | None = None,
                   progress: ProgressCallback = no_progress, cancel: CancelToken = NEVER_CANCELLED) -> ScanReport:
    """Scan documents' stored text (OCR text included) for FRCP 5.2(a) items; new findings are pending."""
    records = choose_documents(case, document_ids)
    case_terms = [t for _, t in store.list_terms(case.db)]
    report = ScanReport()
    for done, record in enumerate(records):
        try:
            cancel.raise_if_cancelled()
        except Cancelled:
            report.cancelled = True
            break
        progress(ProgressUpdate(done, len(records), record.title[:40]))
        pages = documents.get_pages(case.db, record.id, with_words=False)
        crim = is_criminal(record) if criminal is None else criminal
        with case.transaction() as db:
            moved, lost = _reanchor(db, record.id, pages)
            report.moved, report.lost = report.moved + moved, report.lost + lost
            existing = {(f.page, f.start, f.end, f.rule) for f in store.list_findings(db, document_id=record.id)}
            texts = {(f.page, f.rule, f.text) for f in store.list_findings(db, document_id=record.id)}
            new = 0
            for page in pages:
                for found in scan_page(page.number, page.text, furniture=page.furniture, criminal=crim,
                                       terms=case_terms):
                    if (found.page, found.start, found.end, found.rule) in existing:
                        report.kept += 1
                        continue
                    if (found.page, found.rule, found.text) in texts and _same_text_taken(db, record.id, found):
                        report.kept += 1
                        continue
                    prefix, suffix = context(page.text, found.start, found.end)
                    store.insert_finding(db, store.row_values(
                        document_id=record.id, page=found.page, start=found.start, end=found.end, rule=found.rule,
                        text=found.text, replacement=found.replacement, prefix=prefix, suffix=suffix))
                    new += 1
                    report.by_rule[found.rule] = report.by_rule.get(found.rule, 0) + 1
            report.new += new
            report.pages += len(pages)
            audit.append(db, "privacy.scan", f"document:{record.id}", {"new": new, "pages": len(pages)})
        report.documents += 1
    progress(ProgressUpdate(report.documents, len(records), "cancelled" if report.cancelled else "done"))
    return report


def _same_text_taken(db: Any, document_id: int, found: Any) -> bool:
    """A finding of the same text, rule and page already covers this spot (its offsets differ by a re-extraction)."""
    for f in store.list_findings(db, document_id=document_id):
        if f.page == found.page and f.rule == found.rule and f.text == found.text and f.start < found.end \
                and found.start < f.end:
            return True
    return False


def _reanchor(db: Any, document_id: int, pages: Sequence[PageRecord]) -> tuple[int, int]:
    """Find every text finding of the document again in its current text; returns (moved, lost)."""
    by_number = {p.number: p for p in pages}
    moved = lost = 0
    for f in store.list_findings(db, document_id=document_id):
        if f.box is not None and f.origin == "manual" and not f.text:
            continue
        page = by_number.get(f.page)
        if page is not None and page.text[f.start : f.end] == f.text:
            if not f.anchored:
                store.move_finding(db, f.id, page=f.page, start=f.start, end=f.end)
            continue
        place = _find_again(pages, f)
        if place is None:
            if f.anchored:
                store.move_finding(db, f.id, page=f.page, start=f.start, end=f.end, anchored=False)
                lost += 1
            continue
        store.move_finding(db, f.id, page=place[0], start=place[1], end=place[2])
        moved += 1
    return moved, lost


def _out_of_place(f: PrivacyFinding, by_number: dict[int, PageRecord]) -> bool:
    """The finding's text is no longer at its recorded place (the page's text changed since)."""
    if f.box is not None and f.origin == "manual" and not f.text:
        return False
    page = by_number.get(f.page)
    return page is None or page.text[f.start : f.end] != f.text or not f.anchored


def _find_again(pages: Sequence[PageRecord], f: PrivacyFinding) -> tuple[int, int, int] | None:
    """The finding's exact text in the current pages: on its page first, best prefix/suffix context wins."""
    candidates: list[tuple[int, int, int, int]] = []
    for page in pages:
        at = page.text.find(f.text)
        while at >= 0:
            prefix, suffix = context(page.text, at, at + len(f.text))
            score = _overlap(prefix, f.prefix, tail=True) + _overlap(suffix, f.suffix, tail=False)
            score += 100 if page.number == f.page else 0
            candidates.append((score, page.number, at, at + len(f.text)))
            at = page.text.find(f.text, at + 1)
    if not candidates:
        for anchor in find_quote(pages, f.text, page=f.page) or find_quote(pages, f.text):
            span = anchor.span
            if span.start_page == span.end_page:
                return span.start_page, span.start, span.end
        return None
    _, number, start, end = max(candidates)
    return number, start, end


def _overlap(a: str, b: str, *, tail: bool) -> int:
    a, b = " ".join(a.split()), " ".join(b.split())
    n = 0
    while n < min(len(a), len(b)) and (a[-1 - n] == b[-1 - n] if tail else a[n] == b[n]):
        n += 1
    return n


# --- reading ------------------------------------------------------------------------------------------------------

def list_findings(case: CaseStore, *, document_id: int | None = None, status: str | None = None
                  ) -> list[PrivacyFinding]:
    return store.list_findings(case.db, document_id=document_id, status=status)


def get_finding(case: CaseStore, finding_id: int) -> PrivacyFinding:
    found = store.get_finding(case.db, finding_id)
    if found is None:
        raise CasebookError(f"no privacy finding {finding_id} in this case")
    return found


def rule_name(rule: str) -> str:
    return RULE_NAMES.get(rule, rule)


def finding_quads(case: CaseStore, finding: PrivacyFinding) -> list[tuple[float, float, float, float]]:
    """The finding's boxes on its page (PDF points): its own box, or the words its text covers."""
    if finding.box is not None:
        return [finding.box]
    pages = documents.get_pages(case.db, finding.document_id, numbers=[finding.page])
    if not pages:
        return []
    anchor = Anchor(TextQuote(finding.text, finding.prefix, finding.suffix),
                    TextSpan(finding.page, finding.start, finding.page, finding.end))
    return list(quads_for(anchor, {finding.page: pages[0].words}).get(finding.page, []))


# --- deciding -----------------------------------------------------------------------------------------------------

def decide(case: CaseStore, finding_ids: Sequence[int], decision: str, *, reason: str = "") -> list[PrivacyFinding]:
    """Accept, reject, mark exempt under FRCP 5.2(b) (a reason is required) or reset findings: one undoable edit."""
    status = DECISIONS.get(decision)
    if status is None:
        raise CasebookError(f"{decision!r} is not a decision; choose one of: {', '.join(DECISIONS)}")
    if status == EXEMPT and not reason.strip():
        raise CasebookError("an exemption under FRCP 5.2(b) needs a reason (--reason)")
    ids = list(dict.fromkeys(finding_ids))
    if not ids:
        return []
    for finding_id in ids:
        get_finding(case, finding_id)
    label = (f"{decision.capitalize()} privacy finding {ids[0]}" if len(ids) == 1
             else f"{decision.capitalize()} {len(ids)} privacy findings")
    with recorded_edit(case, label, action=f"privacy.{decision}", target="privacy",
                       details={"findings": ids, "reason": reason}) as edit:
        for finding_id in ids:
            store.record_decision(edit.rec, finding_id, status, reason)
    return store.list_findings(case.db, ids=ids)


def decide_all(case: CaseStore, decision: str, *, document_id: int | None = None, reason: str = "",
               include_candidates: bool = False) -> list[PrivacyFinding]:
    """Decide every pending finding (of one document); candidates (minors' names) only when asked."""
    pending = [f.id for f in store.list_findings(case.db, document_id=document_id, status=PENDING)
               if include_candidates or f.rule not in CANDIDATE_RULES]
    return decide(case, pending, decision, reason=reason)


def add_manual(case: CaseStore, document_id: int, page: int, *, text: str | None = None,
               box: tuple[float, float, float, float] | None = None, span: tuple[int, int] | None = None,
               rule: str = MANUAL, replacement: str | None = None) -> PrivacyFinding:
    """A person's own redaction, by the text as it reads, a selection ([start, end) in the page's text) or a
    drawn box; accepted at once (undoable, audited)."""
    if sum(x is not None for x in (text, box, span)) != 1:
        raise CasebookError("give one of: the text to redact, a selection or a box")
    record = documents.get_document(case.db, document_id)
    if record is None:
        raise CasebookError(f"no document {document_id} in this case")
    pages = documents.get_pages(case.db, document_id)
    by_number = {p.number: p for p in pages}
    if page not in by_number:
        raise CasebookError(f"document {document_id} has no page {page}")
    current = by_number[page]
    if span is not None:
        start, end = span
        if not 0 <= start < end <= len(current.text):
            raise CasebookError(f"the selection runs past the text of page {page}")
        exact = current.text[start:end]
    elif text is not None:
        anchors = [a for a in find_quote(pages, text, page=page) if a.span.end_page == page]
        if not anchors:
            raise CasebookError(f"“{text}” is not on page {page} of document {document_id}")
        if len(anchors) > 1:
            raise CasebookError(f"“{text}” occurs {len(anchors)} times on page {page}; select a longer passage")
        start, end = anchors[0].span.start, anchors[0].span.end
        exact = current.text[start:end]
    else:
        if box is None:
            raise CasebookError("say what to redact: a selection, a text or a box")
        x0, y0, x1, y1 = box
        if x1 <= x0 or y1 <= y0:
            raise CasebookError("a box needs x0 < x1 and y0 < y1")
        exact = text_under([box], current.words, current.text)
        inside = [w for w in current.words if x0 <= (w.x0 + w.x1) / 2 <= x1 and y0 <= (w.y0 + w.y1) / 2 <= y1]
        start, end = (inside[0].start, inside[-1].end) if inside else (0, 0)
    if replacement is None:
        replacement = _manual_replacement(exact)
    prefix, suffix = context(current.text, start, end)
    values = store.row_values(document_id=document_id, page=page, start=start, end=end, rule=rule, text=exact,
                              replacement=replacement, prefix=prefix, suffix=suffix, box=box, origin="manual",
                              status=ACCEPTED)
    with recorded_edit(case, f"Redact on page {page} of document {document_id}", action="privacy.add",
                       target=f"document:{document_id}", details={"page": page, "rule": rule}) as edit:
        finding_id = store.record_finding(edit.rec, values)
    return get_finding(case, finding_id)


def _manual_replacement(text: str) -> str:
    if any(ch.isdigit() for ch in text) and len([c for c in text if c.isalnum()]) > 4:
        return last_four(text)
    if text and all(w[:1].isupper() for w in text.split()) and 1 < len(text.split()) <= 4:
        return initials(text)
    return DEFAULT_REPLACEMENT


def add_term(case: CaseStore, pattern: str, *, regex: bool = False, replacement: str = "") -> int:
    """Add a term or pattern to the case's own privacy list (used by every later scan)."""
    if not pattern.strip():
        raise CasebookError("a privacy term cannot be empty")
    if regex:
        import re

        try:
            re.compile(pattern)
        except re.error as exc:
            raise CasebookError(f"not a valid pattern: {exc}") from exc
    with recorded_edit(case, "Add privacy term", action="privacy.term", target="privacy") as edit:
        return store.record_term(edit.rec, pattern, regex=regex, replacement=replacement)


# --- what a redacted export applies ------------------------------------------------------------------------------

def redaction_specs(case: CaseStore, document_id: int) -> list[RedactionSpec]:
    """Every accepted redaction of a document, found again in its current text, with boxes from its words."""
    pages = documents.get_pages(case.db, document_id)
    by_number = {p.number: p for p in pages}
    if any(_out_of_place(f, by_number) for f in store.list_findings(case.db, document_id=document_id)):
        with case.transaction() as db:
            _reanchor(db, document_id, pages)
    specs = []
    accepted = store.list_findings(case.db, document_id=document_id, status=ACCEPTED)
    lost = [f.identifier for f in accepted if not f.anchored and f.box is None]
    if lost:
        raise CasebookError(f"document {document_id}: accepted redaction(s) {', '.join(lost)} are no longer found in "
                            "its text (re-OCRed or re-extracted); review them (`casebook privacy list`) and redact "
                            "by box if need be")
    for f in accepted:
        if f.box is not None:
            specs.append(RedactionSpec(f.identifier, f.page, f.rule, f.text, f.replacement, (f.box,), boxed=True))
            continue
        page = by_number.get(f.page)
        anchor = Anchor(TextQuote(f.text, f.prefix, f.suffix), TextSpan(f.page, f.start, f.page, f.end))
        quads = quads_for(anchor, {f.page: page.words}).get(f.page, []) if page else []
        specs.append(RedactionSpec(f.identifier, f.page, f.rule, f.text, f.replacement, tuple(quads)))
    return specs


def forbidden_strings(specs: Iterable[RedactionSpec]) -> list[tuple[str, str]]:
    """(identifier, form) for every form of every redacted text that must not be extractable from the output."""
    out: list[tuple[str, str]] = []
    for spec in specs:
        if len("".join(spec.text.split())) >= 4:
            out.extend((spec.identifier, form) for form in forbidden_forms(spec.text))
    return list(dict.fromkeys(out))


def redact_text(text: str, specs: Iterable[RedactionSpec], *, marker: str | None = None) -> str:
    """A quote or statement with every redacted string replaced by its partial form (longest first), or by
    `marker` when given."""
    import re

    pairs = sorted({(s.text, s.replacement or DEFAULT_REPLACEMENT) for s in specs if s.text.strip()},
                   key=lambda p: -len(p[0]))
    for original, replacement in pairs:
        words = [re.escape(w) for w in original.split()]
        shown = marker if marker is not None else replacement
        text = re.sub(r"\s+".join(words), shown.replace("\\", "\\\\"), text)  # the replacement is literal text
    return text

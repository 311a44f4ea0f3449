"""A bundle builder's live preview: labels, bundle pages, Bates ranges and volumes, without drawing the bundle."""

from __future__ import annotations

import logging
import threading

from casebook.core.bundles import BundleDefinition, BundleError, BundlePlan, ExhibitSource, court_profile
from casebook.core.documents import DocumentKind
from casebook.core.records import DocumentRecord
from casebook.export.numbering import bates_fingerprint
from casebook.export.plan import assign_volumes, pack_volumes
from casebook.export.plan import plan_bundle as lay_out_plan
from casebook.services.bundle_preflight import _PAGE_OVERHEAD_BYTES, VOLUME_OVERHEAD_BYTES
from casebook.services.bundle_sources import is_article, prepare_exhibit
from casebook.store import bundles as bundle_store
from casebook.store import documents
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

# A saved article is printed onto court pages, so its page count is only known once it has been laid out;
# that is done once per article (by content hash and page size) and remembered for the session.
_ARTICLE_PAGES: dict[tuple[str, tuple[float, float]], int] = {}
_LOCK = threading.Lock()


def _article_pages(case: CaseStore, record: DocumentRecord, page_size: tuple[float, float]) -> int:
    key = (record.sha256, page_size)
    with _LOCK:
        if key in _ARTICLE_PAGES:
            return _ARTICLE_PAGES[key]
    pages = prepare_exhibit(case, record, (), page_size=page_size).source.page_count
    with _LOCK:
        _ARTICLE_PAGES[key] = pages
    return pages


def exhibit_source(case: CaseStore, record: DocumentRecord, page_size: tuple[float, float]) -> ExhibitSource:
    """What planning needs of one document: a PDF's own page count, an article's printed page count."""
    date = record.date or ""
    if not is_article(record):
        return ExhibitSource(record.id, record.title, record.kind.value, date, record.sha256, record.page_count)
    kind = DocumentKind.ARTICLE.value if record.kind is DocumentKind.OTHER else record.kind.value
    return ExhibitSource(record.id, record.title, kind, date, record.sha256,
                         _article_pages(case, record, page_size), is_article=True)


def _bates_first(case: CaseStore, definition: BundleDefinition, sources: list[ExhibitSource]) -> int | None:
    """The first Bates number an export would issue now (the same range again for the same pages)."""
    prefix = definition.bates_prefix.strip()
    if not prefix:
        return None
    fingerprint = bates_fingerprint(prefix, sources)
    count = sum(s.page_count for s in sources)
    for earlier in bundle_store.list_ranges(case.db, prefix):
        if earlier.fingerprint == fingerprint and earlier.count == count:
            return earlier.first
    return definition.bates_start if definition.bates_start is not None else bundle_store.next_number(case.db, prefix)


def preview_bundle(case: CaseStore, definition: BundleDefinition) -> BundlePlan:
    """The bundle's plan as the builder shows it while it is edited: every exhibit's label, bundle pages and Bates
    range, split into volumes when the court profile caps the file size. Writes nothing.

    The claim chart is not laid out here (its pages follow the last exhibit); the size of each volume is
    estimated from the originals, as pre-flight does, and measured again on export.
    """
    if not definition.exhibits:
        raise BundleError("add at least one document to the bundle")
    profile = court_profile(definition.profile)
    sources = []
    for choice in definition.exhibits:
        record = documents.get_document(case.db, choice.document_id)
        if record is None:
            raise BundleError(f"no document {choice.document_id} in this case")
        if record.page_count < 1:
            raise BundleError(f"document {record.id} ({record.original_name}) has no pages to put in a bundle")
        sources.append((record, exhibit_source(case, record, profile.page_size)))
    plan = lay_out_plan(definition, [s for _, s in sources], bates_first=_bates_first(case, definition,
                                                                                   [s for _, s in sources]))
    cap = plan.profile.max_file_bytes
    sizes = [record.size + source.page_count * _PAGE_OVERHEAD_BYTES for record, source in sources]
    if cap and sum(sizes) + VOLUME_OVERHEAD_BYTES > cap:
        return assign_volumes(plan, pack_volumes(sizes, cap, overhead=VOLUME_OVERHEAD_BYTES))
    return plan

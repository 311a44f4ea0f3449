"""The demo case's claims: the Romo declaration's sworn figures, linked to its paragraphs and to the news reports.

Quotes are whole sentences taken from the demo's own sources (the declaration's filing spec, the articles'
extracted body paragraphs) by a key phrase, then found in the imported documents; pin cites therefore come from the
generated filings' paragraph numbers and ECF stamps and the articles' body paragraphs (¶ 1 is the first body
paragraph, after the headline and byline), never from hard-coded numbers.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

from casebook.core.documents import DocumentKind
from casebook.core.evidence import ClaimStatus, ClaimType, EntityKind, EvidenceError, Relation
from casebook.core.records import DocumentRecord
from casebook.services import cast, evidence
from casebook.services.resources import resources_root
from casebook.store import documents
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

CAPITOL = "The Capitol Ledger"
PLAINS = "Plains Public Radio"


@dataclass(frozen=True)
class DemoEvidence:
    source: str  # CAPITOL or PLAINS
    phrase: str  # the sentence containing this phrase is excerpted
    relation: Relation
    note: str = ""


@dataclass(frozen=True)
class DemoClaim:
    statement: str
    phrase: str  # finds the declaration sentence that asserts the claim
    event_date: str
    status: ClaimStatus
    issue: str
    evidence: tuple[DemoEvidence, ...]


DEMO_CLAIMS = (
    DemoClaim(
        "By the time processing stopped, the IRS had sent ICE address information on about 47,000 individuals.",
        "47,000 individuals", "between 2025-06-01 and 2025-11-21", ClaimStatus.UNDISPUTED, "Number of people affected",
        (DemoEvidence(CAPITOL, "about 47,000 individuals", Relation.SUPPORTS),
         DemoEvidence(PLAINS, "about 47,000 people", Relation.SUPPORTS),
         DemoEvidence(CAPITOL, "nearly 50,000 people", Relation.QUALIFIES,
                      "The headline figure rounds the sworn “about 47,000” up to “nearly 50,000”.")),
    ),
    DemoClaim(
        "In June 2025, ICE sent the IRS a single request listing roughly 1.2 million individuals and asked for "
        "an address for each.",
        "1.2 million", "2025-06", ClaimStatus.UNDISPUTED, "Scope of ICE's request",
        (DemoEvidence(CAPITOL, "roughly 1.2 million people", Relation.SUPPORTS),
         DemoEvidence(PLAINS, "roughly 1.2 million", Relation.SUPPORTS)),
    ),
    DemoClaim(
        "On January 23, 2026, the IRS asked DHS to prevent further dissemination of, and to dispose of, records "
        "furnished in answer to entries with incomplete or insufficient addresses.",
        "January 23", "2026-01-23", ClaimStatus.NEEDS_EVIDENCE, "Retrieval and disposal of the data",
        (DemoEvidence(CAPITOL, "Jan. 23", Relation.SUPPORTS),
         DemoEvidence(PLAINS, "Jan. 23", Relation.SUPPORTS,
                      "Reports the request in the same terms; the letter itself is not in the record.")),
    ),
)

ISSUES = (("Unlawful disclosure of return information", ("Number of people affected", "Scope of ICE's request")),
          ("Remedy", ("Retrieval and disposal of the data",)))

_ABBREVIATIONS = ("Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.", "U.S.", "No.", "Mr.",
                  "Ms.", "Dr.", "D.C.", "Kan.", "Neb.", "St.", "Inc.", "Co.")

_SENTENCE_END = re.compile(r"([.!?][”\"’]?)\s+(?=[“\"A-Z0-9])")


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations such as "Jan." and "U.S." inside them."""
    text = " ".join(paragraph.split())
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append(text[start:match.end(1)])
        start = match.end()
    pieces.append(text[start:])
    out: list[str] = []
    for piece in pieces:
        if out and out[-1].endswith(_ABBREVIATIONS):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def sentence_with(paragraphs: list[str], phrase: str) -> str:
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            if phrase in sentence:
                return sentence
    raise EvidenceError(f"demo sources: no sentence contains “{phrase}”")


def _declaration_paragraphs() -> list[str]:
    spec = json.loads((resources_root() / "demo" / "filings" / "declaration.json").read_text(encoding="utf-8"))
    return list(spec["paragraphs"])


def _article_paragraphs(case: CaseStore, doc: DocumentRecord) -> list[str]:
    """The article's numbered body paragraphs (¶ 1 on), never its headline, dek or byline."""
    pages = documents.get_pages(case.db, doc.id, with_words=False)
    return [page.text[p.start:p.end] for page in pages for p in page.paragraphs]


def _find(docs: list[DocumentRecord], *, kind: DocumentKind, publisher: str | None = None) -> DocumentRecord:
    for doc in docs:
        if doc.kind is kind and (publisher is None or doc.publisher == publisher):
            return doc
    raise EvidenceError(f"demo case: no {kind.value} {publisher or ''} document to attach the claims to")


def add_demo_claims(case: CaseStore) -> list[int]:
    """Add the demo's cast, issues, excerpts and claims to a freshly imported demo case; returns the claim ids."""
    docs = documents.list_documents(case.db)
    declaration = _find(docs, kind=DocumentKind.DECLARATION)
    articles = {name: _find(docs, kind=DocumentKind.ARTICLE, publisher=name) for name in (CAPITOL, PLAINS)}

    irs = cast.add_entity(case, "Internal Revenue Service", kind=EntityKind.ORGANISATION, aliases=["IRS"])
    cast.add_entity(case, "U.S. Department of Homeland Security", kind=EntityKind.ORGANISATION, aliases=["DHS"])
    cast.add_entity(case, "U.S. Immigration and Customs Enforcement", kind=EntityKind.ORGANISATION,
                    aliases=["ICE"])
    trc = cast.add_entity(case, "Taxpayer Rights Center", kind=EntityKind.ORGANISATION, aliases=["the Center"])
    romo = cast.add_entity(case, "Dottie Romo", role="IRS Chief Risk and Oversight Officer", organisation_id=irs.id)
    cast.add_entity(case, "Priya Anand-Moreau", role="Litigation lead, Taxpayer Rights Center",
                    organisation_id=trc.id)
    cast.add_entity(case, "Rosalind Tejeda", role="Volunteer tax clinic preparer, Garden City, Kan.")
    for name in (CAPITOL, PLAINS):
        cast.add_entity(case, name, kind=EntityKind.ORGANISATION, role="News outlet")

    issue_ids: dict[str, int] = {}
    for title, subs in ISSUES:
        parent = cast.add_issue(case, title)
        for sub in subs:
            issue_ids[sub] = cast.add_issue(case, sub, parent_id=parent.id).id

    declaration_paragraphs = _declaration_paragraphs()
    article_paragraphs = {name: _article_paragraphs(case, doc) for name, doc in articles.items()}
    claim_ids = []
    for spec in DEMO_CLAIMS:
        sworn = evidence.add_excerpt_by_quote(case, declaration.id, sentence_with(declaration_paragraphs, spec.phrase),
                                              entity_ids=[romo.id], tags=["hot/sworn figures"])
        claim = evidence.add_claim(
            case, spec.statement, claim_type=ClaimType.SWORN_STATEMENT, status=spec.status, asserted_by=romo.id,
            asserted_in_excerpt=sworn.id, event_date=spec.event_date, issue_ids=[issue_ids[spec.issue]],
            tags=["hot/sworn figures"])
        evidence.link_excerpt(case, claim.id, sworn.id, Relation.SUPPORTS, note="The sworn statement itself.")
        for item in spec.evidence:
            doc = articles[item.source]
            quote = sentence_with(article_paragraphs[item.source], item.phrase)
            existing = [e for e in evidence.list_excerpts(case, document_id=doc.id) if e.text == quote]
            excerpt = existing[0] if existing else evidence.add_excerpt_by_quote(case, doc.id, quote)
            evidence.link_excerpt(case, claim.id, excerpt.id, item.relation, note=item.note)
        claim_ids.append(claim.id)
    log.info("demo case: added %d claims", len(claim_ids))
    return claim_ids

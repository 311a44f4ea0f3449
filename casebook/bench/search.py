"""Search benchmark: import-to-searchable throughput, index size and query latency, beside SQLite FTS5."""

from __future__ import annotations

import hashlib
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from casebook.bench.synthetic import SyntheticCorpus, SyntheticDocument
from casebook.core.documents import DocumentKind, DocumentMetadata, ExtractedDocument, ExtractedPage
from casebook.core.progress import ProgressCallback, ProgressUpdate, no_progress
from casebook.ingest.filings import find_numbered_paragraphs
from casebook.services import search as search_service
from casebook.services.cases import create_case
from casebook.store import documents
from casebook.store.case_store import CaseStore
from casebook.store.fts5_reference import Fts5Reference

QUERY_TYPES = ("term", "and", "phrase", "proximity", "prefix", "fuzzy", "filtered", "doc_and")
"""`doc_and`: a document-level AND whose two words sit on different pages of one document (and never on one
page of it), as dtSearch-style Boolean logic must find."""


@dataclass
class Latency:
    """Median and 95th percentile of one query type, in milliseconds."""

    median_ms: float
    p95_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> Latency:
        ordered = sorted(seconds)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return cls(round(statistics.median(ordered) * 1000, 2), round(p95 * 1000, 2))


@dataclass
class EngineFigures:
    """Everything measured for one engine on one corpus."""

    pages_per_s: float = 0.0
    index_only_pages_per_s: float = 0.0
    index_mb: float = 0.0
    new_document_searchable_s: float = 0.0
    latency: dict[str, Latency] = field(default_factory=dict)


@dataclass
class SearchBenchResult:
    pages: int
    queries_per_type: int
    casebook: EngineFigures
    fts5: EngineFigures

    def to_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def _extracted(doc: SyntheticDocument) -> ExtractedDocument:
    pages = [
        ExtractedPage(number=i, label=str(i), text=text, paragraphs=find_numbered_paragraphs(text))
        for i, text in enumerate(doc.pages, start=1)
    ]
    return ExtractedDocument(
        format="pdf", extractor="synthetic/1",
        metadata=DocumentMetadata(title=doc.title, kind=DocumentKind(doc.kind), court=doc.court,
                                  case_number=doc.docket, filed_date=doc.filed),
        pages=pages,
    )


def _store(case: CaseStore, doc: SyntheticDocument, n: int) -> None:
    extracted = _extracted(doc)
    sha = hashlib.sha256(f"{n}:{doc.title}".encode()).hexdigest()
    with case.transaction() as db:
        documents.insert_document(db, extracted, sha256=sha, size=sum(len(p) for p in doc.pages),
                                  source=Path(f"synthetic-{n}.pdf"))


def _edit(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word))
    return word[:i] + rng.choice("aeiou") + word[i + 1:]


def _words_of(page: str) -> set[str]:
    return {w for w in page.split("\n", 2)[-1].replace(".", " ").replace(",", " ").split()
            if w.isalpha() and w.islower() and len(w) >= 5}


def _split_pair(doc: SyntheticDocument, rng: random.Random) -> tuple[str, str] | None:
    """A word only on the document's first page and one only on its last page, if there are such words."""
    if len(doc.pages) < 2:
        return None
    first, last = _words_of(doc.pages[0]), _words_of(doc.pages[-1])
    only_first, only_last = sorted(first - last), sorted(last - first)
    if not only_first or not only_last:
        return None
    return rng.choice(only_first), rng.choice(only_last)


def make_queries(corpus: SyntheticCorpus, sample_pages: list[str], n: int, seed: int = 7,
                 sample_documents: Sequence[SyntheticDocument] = ()) -> dict[str, list]:
    """Queries of each type drawn from the corpus itself, so every query has hits."""
    rng = random.Random(seed)
    pairs = [p for p in (_split_pair(d, rng) for d in sample_documents) if p]
    mid = [w for w in corpus.vocabulary[40:2500] if len(w) >= 5]
    queries: dict[str, list] = {t: [] for t in QUERY_TYPES}
    for _ in range(n):
        words = rng.choice(sample_pages).split("\n", 2)[-1].replace(".", "").split()
        words = [w for w in words if w.isalpha() and w.islower()]
        i = rng.randrange(0, max(1, len(words) - 6))
        a, b = rng.choice(mid), rng.choice(mid)
        queries["term"].append((a, a))
        queries["and"].append((f"{a} {b}", f"{a} {b}"))
        queries["phrase"].append((f'"{words[i]} {words[i + 1]}"', f'"{words[i]} {words[i + 1]}"'))
        queries["proximity"].append((f'"{words[i]} {words[i + 4]}"~5', f"NEAR({words[i]} {words[i + 4]}, 5)"))
        queries["prefix"].append((f"{a[:4]}*", f"{a[:4]}*"))
        queries["fuzzy"].append((f"{_edit(a, rng)}~", _edit(a, rng)))
        kind = rng.choice(("declaration", "order", "motion", "complaint"))
        queries["filtered"].append((f"kind:{kind} {a}", (a, kind)))
        first, last = rng.choice(pairs) if pairs else (a, b)  # a corpus of one-page documents has no pairs
        queries["doc_and"].append((f"{first} AND {last}", (first, last)))
    return queries


def _time(run: Callable[[Any], object], queries: list[Any]) -> Latency:
    times = []
    for query in queries:
        start = time.perf_counter()
        run(query)
        times.append(time.perf_counter() - start)
    return Latency.of(times)


def run_search_bench(*, pages: int = 10_000, queries: int = 200, workdir: Path | None = None,
                     progress: ProgressCallback = no_progress) -> SearchBenchResult:
    """Build both engines on the same synthetic pages and time the same queries on each."""
    corpus = SyntheticCorpus()
    docs = list(corpus.documents(pages))
    sample_docs = random.Random(1).sample(docs, min(300, len(docs)))
    sample = [p for d in sample_docs for p in d.pages]
    query_sets = make_queries(corpus, sample, queries, sample_documents=sample_docs)
    cb, fts = EngineFigures(), EngineFigures()
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        # --- Casebook: store every page (as import does), then drain the outbox into Whoosh.
        with create_case(Path(tmp) / "case", title="bench") as case:
            start = time.perf_counter()
            for n, doc in enumerate(docs):
                _store(case, doc, n)
                if n % 50 == 0:
                    progress(ProgressUpdate(n, len(docs), "storing pages"))
            stored = time.perf_counter()
            search_service.sync_index(case, progress=progress)
            indexed = time.perf_counter()
            cb.pages_per_s = round(pages / (indexed - start), 1)
            cb.index_only_pages_per_s = round(pages / (indexed - stored), 1)
            cb.index_mb = round(sum(f.stat().st_size for f in case.layout.index.iterdir()) / 1024**2, 1)
            with search_service.open_index(case) as index:
                def text_for(document_id: int, page: int) -> str:
                    return documents.page_text(case.db, document_id, page)

                def casebook_query(q):
                    return index.search(q[0], limit=20, text_for=text_for, facets=False)

                for kind in QUERY_TYPES:
                    progress(ProgressUpdate(0, 0, f"Casebook {kind} queries"))
                    cb.latency[kind] = _time(casebook_query, query_sets[kind])
                new_doc = SyntheticDocument("NEW FILING", "declaration", "Test Court", "1:26-cv-00001",
                                            "2026-01-01", [p + " zyzzogeton" for p in docs[0].pages[:1] * 50])
                start = time.perf_counter()
                _store(case, new_doc, len(docs) + 1)
                search_service.sync_index(case, index)
                assert index.search("zyzzogeton", limit=1, facets=False).total == 50
                cb.new_document_searchable_s = round(time.perf_counter() - start, 3)
        # --- FTS5 on the same pages in the same process.
        ref = Fts5Reference(Path(tmp) / "fts5.sqlite")
        start = time.perf_counter()
        for n, doc in enumerate(docs):
            ref.add_pages([(text, doc.kind, n, i) for i, text in enumerate(doc.pages, 1)])
        fts.pages_per_s = fts.index_only_pages_per_s = round(pages / (time.perf_counter() - start), 1)
        fts.index_mb = round(ref.size_bytes() / 1024**2, 1)

        def fts_query(q, kind=None):
            return ref.search(q, kind=kind)

        for kind in QUERY_TYPES:
            if kind == "fuzzy":
                def run(word):
                    near = ref.terms_like(word[0], len(word))
                    terms = [t for t in near if Levenshtein.distance(t, word, score_cutoff=1) <= 1]
                    return ref.search(" OR ".join(terms) or word)
                fts.latency[kind] = _time(run, [q[1] for q in query_sets[kind]])
            elif kind == "filtered":
                fts.latency[kind] = _time(lambda q: fts_query(q[0], q[1]), [q[1] for q in query_sets[kind]])
            elif kind == "doc_and":
                fts.latency[kind] = _time(lambda q: ref.search_documents(*q), [q[1] for q in query_sets[kind]])
            else:
                fts.latency[kind] = _time(fts_query, [q[1] for q in query_sets[kind]])
        start = time.perf_counter()
        ref.add_pages([(p + " zyzzogeton", "declaration", 10**9, i) for i, p in enumerate(docs[0].pages[:1] * 50)])
        assert len(ref.search("zyzzogeton", limit=100)) == 50
        fts.new_document_searchable_s = round(time.perf_counter() - start, 3)
        ref.close()
    return SearchBenchResult(pages=pages, queries_per_type=queries, casebook=cb, fts5=fts)


__all__ = ["QUERY_TYPES", "SearchBenchResult", "run_search_bench"]

"""The engine's document-level answers agree with a brute-force reading of the page text, on a random corpus."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from casebook.core.documents import DocumentKind
from casebook.core.search import UnitKey
from casebook.index import CaseIndex
from casebook.index.analysis import index_terms, stem
from casebook.index.schema import body_text, paragraph_spans, splits_into_paragraphs
from tests.index.conftest import article, make_doc, make_page

VOCABULARY = ["disclose", "disclosed", "disclosure", "record", "records", "agency", "agencies", "taxpayer",
              "taxpayers", "address", "addresses", "batch", "batches", "perjury", "memorandum", "request",
              "declarant", "hearing", "sealed", "cabinet", "witness", "testimony", "exhibit", "subpoena",
              "privilege", "counsel", "deadline", "schedule", "motion", "granted"]
FURNITURE_WORDS = ("filed", "document", "case")  # only ever in stamps: never found


def _stamp(doc_id: int, page: int, pages: int) -> str:
    return f"Case 1:25-cv-{doc_id:05d} Document {doc_id} Filed 01/02/25 Page {page} of {pages}\n"


def _corpus(seed: int = 11):
    """~50 documents: stamped filings (furniture ranges set on every page) and multi-paragraph articles."""
    rnd = random.Random(seed)
    docs = []
    for doc_id in range(1, 51):
        if doc_id % 5 == 0:
            paragraphs = [" ".join(rnd.choices(VOCABULARY, k=rnd.randint(3, 12))).capitalize() + "."
                          for _ in range(rnd.randint(2, 5))]
            docs.append(article(doc_id, paragraphs, title=f"Article {doc_id}"))
            continue
        count = rnd.randint(1, 4)
        pages = []
        for number in range(1, count + 1):
            stamp = _stamp(doc_id, number, count)
            body = " ".join(rnd.choices(VOCABULARY, k=rnd.randint(4, 30)))
            footer = f"\n{number}"
            text = stamp + body + footer
            page = make_page(doc_id, number, text)
            pages.append(replace(page, furniture=((0, len(stamp)), (len(text) - len(footer) + 1, len(text)))))
        docs.append((make_doc(doc_id, kind=DocumentKind.DECLARATION, pages=count, title=f"Filing {doc_id}"), pages))
    return docs


class _Doc:
    """A document as the brute force reads it: its units' words in one sequence."""

    def __init__(self, record, pages) -> None:
        self.id = record.id
        self.words: list[str] = []
        self.unit_of: list[UnitKey] = []
        self.units: list[UnitKey] = []
        for page in sorted(pages, key=lambda p: p.number):
            text = body_text(page)
            pieces = paragraph_spans(page) if splits_into_paragraphs(record, page) else [(None, 0, len(text))]
            for number, start, end in pieces:
                key = UnitKey(record.id, page.number, number)
                self.units.append(key)
                for term in index_terms(text[start:end]):
                    self.words.append(term)
                    self.unit_of.append(key)


def _matches_word(term: str, word: str) -> bool:
    return word == term or (term.isalpha() and word.isalpha() and stem(word) == stem(term))


def _positions(doc: _Doc, predicate) -> list[int]:
    return [i for i, w in enumerate(doc.words) if predicate(w)]


def _evaluate(node, doc: _Doc):
    """(matched, positive units) of a tiny query tree: ("word", t), ("prefix", p), ("phrase", terms),
    ("near", a, b, n, ordered), ("and", ...), ("or", ...), ("not", x), ("page", x)."""
    kind = node[0]
    if kind in ("word", "prefix", "phrase", "near"):
        spans = _spans(node, doc)
        return bool(spans), {doc.unit_of[p] for span in spans for p in span}
    if kind == "and":
        results = [_evaluate(part, doc) for part in node[1:]]
        positives = [r for part, r in zip(node[1:], results, strict=True) if part[0] != "not"]
        ok = all(r[0] for r in results)
        return ok, (set().union(*(r[1] for r in positives)) if ok else set())
    if kind == "or":
        results = [_evaluate(part, doc) for part in node[1:]]
        return any(r[0] for r in results), set().union(*(r[1] for r in results if r[0]))
    if kind == "not":
        return not _evaluate(node[1], doc)[0], set()
    if kind == "page":
        units = set()
        for unit in doc.units:
            sub = _Doc.__new__(_Doc)
            keep = [i for i, u in enumerate(doc.unit_of) if u == unit]
            sub.words = [doc.words[i] for i in keep]
            sub.unit_of = [unit] * len(keep)
            sub.units = [unit]
            if _evaluate(node[1], sub)[0]:
                units.add(unit)
        return bool(units), units
    raise ValueError(node)


def _spans(node, doc: _Doc) -> list[tuple[int, ...]]:
    kind = node[0]
    if kind == "word":
        return [(p,) for p in _positions(doc, lambda w: _matches_word(node[1], w))]
    if kind == "prefix":
        return [(p,) for p in _positions(doc, lambda w: w.startswith(node[1]))]
    if kind == "phrase":
        terms = node[1]
        return [tuple(range(i, i + len(terms))) for i in range(len(doc.words) - len(terms) + 1)
                if doc.words[i:i + len(terms)] == list(terms)]
    _, a, b, distance, ordered = node
    firsts = _positions(doc, lambda w: _matches_word(a, w))
    seconds = _positions(doc, lambda w: _matches_word(b, w))
    return [(i, j) for i in firsts for j in seconds
            if 1 <= abs(j - i) <= distance and (not ordered or i < j)]


def _text(node) -> str:
    kind = node[0]
    if kind == "word":
        return node[1]
    if kind == "prefix":
        return node[1] + "*"
    if kind == "phrase":
        return '"' + " ".join(node[1]) + '"'
    if kind == "near":
        return f"{node[1]} {'pre' if node[4] else 'w'}/{node[3]} {node[2]}"
    if kind == "not":
        return f"NOT {_text(node[1])}"
    if kind == "page":
        return f"page:({_text(node[1])})"
    joiner = " AND " if kind == "and" else " OR "
    return "(" + joiner.join(_text(p) for p in node[1:]) + ")"


def _queries(docs: list[_Doc], seed: int = 5) -> list[tuple]:
    rnd = random.Random(seed)
    word = lambda: ("word", rnd.choice(VOCABULARY))  # noqa: E731
    queries: list[tuple] = [("word", w) for w in FURNITURE_WORDS]
    for _ in range(12):
        queries.append(word())
        queries.append(("and", word(), word()))
        queries.append(("or", word(), word()))
        queries.append(("and", word(), ("not", word())))
        queries.append(("and", ("or", word(), word()), word(), ("not", word())))
        queries.append(("near", rnd.choice(VOCABULARY), rnd.choice(VOCABULARY), rnd.randint(1, 6), False))
        queries.append(("near", rnd.choice(VOCABULARY), rnd.choice(VOCABULARY), rnd.randint(1, 6), True))
        queries.append(("prefix", rnd.choice(VOCABULARY)[:3]))
        queries.append(("page", ("and", word(), word())))
        # A phrase read from a document, often straddling a page or paragraph break.
        doc = rnd.choice([d for d in docs if len(d.units) > 1])
        breaks = [i for i in range(1, len(doc.words)) if doc.unit_of[i] != doc.unit_of[i - 1]]
        at = rnd.choice(breaks) - rnd.randint(0, 1) if breaks and rnd.random() < 0.7 else rnd.randrange(len(doc.words))
        length = rnd.randint(2, 3)
        at = max(0, min(at, len(doc.words) - length))
        queries.append(("phrase", tuple(doc.words[at:at + length])))
    queries.append(("not", word()))
    return queries


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    corpus = _corpus()
    ix = CaseIndex.open(tmp_path_factory.mktemp("brute") / "index")
    for start in range(0, len(corpus), 20):  # several segments
        with ix.batch() as batch:
            for record, pages in corpus[start:start + 20]:
                batch.add_document(record, pages)
    texts = {(p.document_id, p.number): body_text(p) for _, pages in corpus for p in pages}
    yield ix, [_Doc(record, pages) for record, pages in corpus], texts
    ix.close()


def test_the_corpus_has_phrases_across_breaks(engine):
    _, docs, _ = engine
    crossing = [q for q in _queries(docs) if q[0] == "phrase"
                and any(len({d.unit_of[p] for p in span}) > 1 for d in docs for span in _spans(q, d))]
    assert len(crossing) >= 5


@pytest.mark.parametrize("number", range(len(_queries([_Doc(r, p) for r, p in _corpus()]))))
def test_engine_agrees_with_brute_force(engine, number):
    ix, docs, texts = engine
    node = _queries(docs)[number]
    query = _text(node)
    expected: set[UnitKey] = set()
    for doc in docs:
        matched, units = _evaluate(node, doc)
        if matched:
            expected |= units or set(doc.units)
    found = ix.matching_units(query)
    assert found == expected, query
    results = ix.search(query, limit=1000, text_for=lambda d, p: texts[(d, p)])
    assert results.total == len(expected)
    assert results.documents == len({k.document_id for k in expected})
    assert {h.unit for h in results.hits} == expected
    if node[0] == "phrase":  # every hit page shows a highlighted piece of the phrase
        for hit in results.hits:
            text = texts[(hit.document_id, hit.page_number)]
            assert hit.hit_ranges
            for start, end in hit.hit_ranges:
                assert set(index_terms(text[start:end])) <= set(node[1]), query
    if node[0] == "word" and node[1] in FURNITURE_WORDS:
        assert not expected


def test_page_scope_is_the_narrow_reading(engine):
    ix, docs, _ = engine
    wide = ix.matching_units("batches AND perjury")
    narrow = ix.matching_units("page:(batches AND perjury)")
    assert narrow <= wide
    assert all(re.search(r"\bbatch", " ".join(d.words)) for d in docs if any(k.document_id == d.id for k in wide))


@pytest.mark.parametrize("seed", range(20))
def test_the_two_word_shortcut_agrees_with_the_span_chain(seed):
    from casebook.index.docmatch import near_spans, pair_words

    rnd = random.Random(seed)
    first = sorted(rnd.sample(range(200), rnd.randint(0, 40)))
    second = sorted(rnd.sample(range(200), rnd.randint(0, 40)))
    for distance in (1, 3, 8):
        for ordered in (False, True):
            spans = near_spans([[(p, p, frozenset({(p, p)})) for p in first],
                                [(p, p, frozenset({(p, p)})) for p in second]], distance, ordered)
            assert pair_words(first, second, distance, ordered) == {w for _, _, found in spans for w in found}

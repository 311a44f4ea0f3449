"""A reproducible synthetic corpus of court-filing-like pages for benchmarks (fixed seed, Zipfian words)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

LEGAL_WORDS = (
    "court plaintiff defendant declaration disclosure taxpayer information agency request address data "
    "sharing agreement memorandum statute privacy return section officer department enforcement "
    "immigration review notice order relief injunction hearing counsel exhibit evidence federal district "
    "circuit motion paragraph filed sworn penalty perjury authority administrative procedure unlawful "
    "arbitrary capricious individuals identify insufficient dissemination disposal records treasury "
    "service internal revenue homeland security customs deportation confidential protected violation "
    "complaint answer discovery deposition subpoena witness testimony judgment appeal remand stipulation"
).split()
SYLLABLES = ("ar be co da el fa gi ho in ju ka lo me no or pa qu ri sa te un vi wo xe ya zo "
             "bar cel dor fen gar hol ist jor kel lun mar nor pel ros sel tor ver wil").split()
KINDS = ("declaration", "complaint", "motion", "order", "opinion", "exhibit", "docket", "other")
COURTS = (
    "United States District Court for the District of Columbia",
    "United States District Court for the Southern District of New York",
    "United States District Court for the Northern District of California",
    "United States Court of Appeals for the First Circuit",
    "United States Court of Appeals for the Ninth Circuit",
    "United States Tax Court",
    "Missouri Court of Appeals, Eastern District",
    "United States District Court for the District of Maryland",
)


@dataclass(frozen=True)
class SyntheticDocument:
    """One generated filing: metadata and its pages' text."""

    title: str
    kind: str
    court: str
    docket: str
    filed: str
    pages: list[str]


class SyntheticCorpus:
    """Generates filings deterministically: the same seed and size always give the same text."""

    def __init__(self, *, seed: int = 2025, vocabulary: int = 6000, words_per_page: int = 330) -> None:
        self.rng = random.Random(seed)
        made = set(LEGAL_WORDS)
        words = list(LEGAL_WORDS)
        for parts in itertools.product(SYLLABLES, repeat=3):
            if len(words) >= vocabulary:
                break
            word = "".join(parts)
            if word not in made and self.rng.random() < 0.5:
                made.add(word)
                words.append(word)
        self.rng.shuffle(words[len(LEGAL_WORDS):])
        self.vocabulary = words
        # Zipf: the word of rank r has weight 1/r (s ≈ 1), legal words first so they are frequent.
        weights = [1.0 / (rank + 1) ** 1.07 for rank in range(len(words))]
        self._cum = list(itertools.accumulate(weights))
        self.surnames = [("".join(self.rng.choice(SYLLABLES) for _ in range(2))).capitalize() for _ in range(400)]
        self.words_per_page = words_per_page

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self._cum, k=n)

    def _date(self) -> str:
        return f"{self.rng.randint(2015, 2025)}-{self.rng.randint(1, 12):02}-{self.rng.randint(1, 28):02}"

    def _page(self, paragraph: int, stamp: str) -> tuple[str, int]:
        lines = [stamp]
        remaining = self.words_per_page
        while remaining > 0:
            size = min(remaining, self.rng.randint(40, 110))
            body = self.words(size)
            if self.rng.random() < 0.4:
                body.insert(self.rng.randrange(len(body)), f"{self.rng.choice(self.surnames)}")
            if self.rng.random() < 0.2:
                body.insert(self.rng.randrange(len(body)), f"{self.rng.randint(1, 999)},{self.rng.randint(0, 999):03}")
            text = " ".join(body)
            lines.append(f"{paragraph}. {text[0].upper()}{text[1:]}.")
            paragraph += 1
            remaining -= size
        return "\n".join(lines), paragraph

    def documents(self, total_pages: int) -> Iterator[SyntheticDocument]:
        made = 0
        number = 0
        while made < total_pages:
            number += 1
            count = min(total_pages - made, self.rng.randint(1, 40))
            kind = self.rng.choice(KINDS)
            docket = f"1:{self.rng.randint(15, 25)}-cv-{self.rng.randint(1, 9999):05}"
            filed = self._date()
            witness = self.rng.choice(self.surnames)
            paragraph = 1
            pages = []
            for page in range(1, count + 1):
                stamp = f"Case {docket} Document {number} Filed {filed} Page {page} of {count}"
                text, paragraph = self._page(paragraph, stamp)
                pages.append(text)
            yield SyntheticDocument(
                title=f"{kind.upper()} OF {witness.upper()} ({number})", kind=kind,
                court=self.rng.choice(COURTS), docket=docket, filed=filed, pages=pages,
            )
            made += count

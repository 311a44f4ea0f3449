"""Excerpt anchoring: text-quote and text-position selectors on page text, re-anchoring and highlight quads.

An excerpt is anchored the way the W3C Web Annotation model does it: a text-quote selector (the exact text
with some context either side) plus a text-position selector (page and character offsets in that page's
text). Offsets index the stored page text, in which words are joined by single spaces within a line, lines by
"\\n" and blocks by "\\n\\n"; ligatures are already expanded and hyphenated line ends are kept as printed
("disclo-\\nsure"). An excerpt may run across page breaks; its exact text joins the pages with one space.

Page furniture (running headers and footers, CM/ECF stamps, page and pleading-line numbers: the `furniture`
ranges of a page, when it has them) is not text of the filing: quotes are matched on the text with the
furniture blanked out, and an excerpt's exact text and context leave it out (a quote may run from the foot
of one page, past the footer and the next page's stamp, to the body of the next page).

Quotes are matched tolerantly on a normalised form of both sides (see `normalise_quote`), and every match is
mapped back to offsets in the real page text.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal, Protocol

log = logging.getLogger(__name__)

Quad = tuple[float, float, float, float]
ReanchorStatus = Literal["unchanged", "moved", "fuzzy", "lost"]

# Characters of context kept either side of an excerpt (the W3C selector's prefix and suffix).
CONTEXT_CHARS = 32
# Below this difflib similarity an approximate match is not the same excerpt.
FUZZY_MIN_SIMILARITY = 0.8
# Approximate-match seeds: a word occurring more often than this tells us nothing about where the quote is.
_MAX_SEED_HITS = 200
_MAX_FUZZY_WINDOWS = 12

_CHAR_MAP = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑", "-"),  # hyphens
    **dict.fromkeys("‒–—―−⁃﹘﹣－", "\u2014"),  # dashes (compared as "-" after the hyphenation rule)
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),  # soft hyphen and zero-width characters
}
# Runs that need no per-character treatment: printable ASCII other than whitespace, hyphen and backquote.
_PLAIN_RUN = re.compile(r"[!-,.-_a-~]+")
_DASH = "\u2014"
# A run of hyphens and dashes with the spaces (or collapsed line break) around it.
_DASH_RUN = re.compile(r" ?[-\u2014]+ ?")
_SEED_WORD = re.compile(r"[^\W_]{3,}")


class PageTextLike(Protocol):
    """Anything with a page number and its text (PageRecord, ExtractedPage); `furniture` ranges are optional."""

    @property
    def number(self) -> int: ...
    @property
    def text(self) -> str: ...


Ranges = Sequence[tuple[int, int]]


def furniture_of(page: PageTextLike) -> Ranges:
    """The page's furniture ranges ([start, end) in its text), or none when it has no such attribute."""
    return getattr(page, "furniture", None) or ()


def blank_furniture(text: str, furniture: Ranges) -> str:
    """The text with every furniture character replaced by a space: same length, so offsets still hold."""
    if not furniture:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in sorted(furniture):
        start, end = max(start, pos), min(end, len(text))
        if start < end:
            parts += [text[pos:start], " " * (end - start)]
            pos = end
    parts.append(text[pos:])
    return "".join(parts)


def text_without_furniture(text: str, furniture: Ranges, start: int = 0, end: int | None = None) -> str:
    """text[start:end] with the furniture cut out; the whitespace either side of a cut becomes one space.

    Without furniture inside [start, end) this is exactly text[start:end].
    """
    end = len(text) if end is None else end
    pieces: list[str] = []
    pos = start
    for a, b in sorted(furniture):
        if b <= pos or a >= end:
            continue
        pieces.append(text[pos : max(a, pos)])
        pos = min(b, end)
    if not pieces:
        return text[start:end]
    pieces.append(text[pos:end])
    result = pieces[0]
    for piece in pieces[1:]:
        left, right = result.rstrip(), piece.lstrip()
        result = f"{left} {right}" if left and right else left + right
    if not pieces[0].strip():
        result = result.lstrip()
    return result


@dataclass(frozen=True)
class TextQuote:
    """W3C text-quote selector: the exact excerpt text with ~32 characters of context either side."""

    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class TextSpan:
    """W3C text-position selector across pages: [start, end) offsets into each page's text.

    The excerpt starts at `start` on `start_page` and ends before `end` on `end_page` (page numbers, 1-based).
    """

    start_page: int
    start: int
    end_page: int
    end: int


@dataclass(frozen=True)
class Anchor:
    """Where an excerpt is: what it says and where it sits."""

    quote: TextQuote
    span: TextSpan


@dataclass(frozen=True)
class Reanchored:
    """The outcome of re-anchoring one excerpt against a document's new text.

    `anchor` is None only when the excerpt is lost; `similarity` is the difflib ratio of the quote to the
    text now anchored (1.0 for unchanged and moved; for lost, the best near-miss or 0.0).
    """

    status: ReanchorStatus
    anchor: Anchor | None
    note: str = ""
    similarity: float = 1.0


# ---------------------------------------------------------------------------------------------------------
# Normalisation


def _map_char(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    if ch.isspace():
        return " "
    if ch.isascii():
        return ch
    # NFKC expands ligatures (ﬁ → fi), the ellipsis and no-break spaces; quotes and dashes come out as
    # themselves, so map once more.
    return "".join(_CHAR_MAP.get(c, " " if c.isspace() else c) for c in unicodedata.normalize("NFKC", ch))


class _Normalised:
    """A normalised copy of some text with, for every character, the offset of the character it came from."""

    __slots__ = ("_lower", "origin", "text")

    def __init__(self, raw: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        pending_space = -1  # origin of a whitespace run not yet emitted
        pos, n = 0, len(raw)
        while pos < n:
            run = _PLAIN_RUN.match(raw, pos)
            if run is not None:
                if pending_space >= 0 and chars:
                    chars.append(" ")
                    origin.append(pending_space)
                pending_space = -1
                chars.append(run.group())
                origin.extend(range(pos, run.end()))
                pos = run.end()
                continue
            for c in _map_char(raw[pos]):
                if c == " ":
                    if pending_space < 0:
                        pending_space = pos
                    continue
                if pending_space >= 0 and chars:
                    chars.append(" ")
                    origin.append(pending_space)
                pending_space = -1
                chars.append(c)
                origin.append(pos)
            pos += 1
        text = "".join(chars)
        # Dashes. A single hyphen between letters goes, with the space a line break left after it: a word
        # hyphenated across a line ("disclo-\nsure") reads as one word (on both sides of a comparison, so
        # "well-known" still matches itself). Any other dash, or a hyphen spaced on both sides as a typed
        # dash, becomes one "-" without the spaces around it ("people — maybe" = "people--maybe",
        # "4–6" = "4-6", "20-\n16276" = "20-16276"), so a quote starting at a dash matches in any context.
        if "-" in text or _DASH in text:
            pieces: list[str] = []
            kept: list[int] = []
            last = 0
            for m in _DASH_RUN.finditer(text):
                pieces.append(text[last : m.start()])
                kept.extend(origin[last : m.start()])
                dashes = m.group()
                before = text[m.start() - 1] if m.start() else " "
                after = text[m.end()] if m.end() < len(text) else " "
                hyphenation = dashes.strip(" ") == "-" and dashes != " - " and before.isalpha() and after.isalpha()
                if not hyphenation:
                    pieces.append("-")
                    kept.append(origin[m.start() + len(dashes) - len(dashes.lstrip(" "))])
                last = m.end()
            pieces.append(text[last:])
            kept.extend(origin[last:])
            text, origin = "".join(pieces), kept
        self.text = text
        self.origin = origin
        self._lower: str | None = None

    @property
    def lower(self) -> str:
        """Lower-cased text of the same length (characters whose lower case is longer are left alone)."""
        if self._lower is None:
            self._lower = _lowered(self.text)
        return self._lower


def normalise_quote(text: str) -> str:
    """The form quotes are compared in: whitespace runs are one space, curly quotes are straight, ligatures
    expanded, soft hyphens dropped, every dash a hyphen, and words hyphenated across a line joined."""
    return _Normalised(text).text


def _lowered(text: str) -> str:
    """Lower case, keeping the length: offsets into the lowered text are offsets into the original."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class _Corpus:
    """Several consecutive pages as one normalised text, mapping matches back to page offsets."""

    def __init__(self, pages: Sequence[PageTextLike]) -> None:
        self.pages = list(pages)
        self.bases: list[int] = []
        parts: list[str] = []
        base = 0
        for page in self.pages:
            self.bases.append(base)
            parts.append(blank_furniture(page.text, furniture_of(page)))  # furniture reads as whitespace
            base += len(page.text) + 1  # the page break reads as whitespace
        self.norm = _Normalised("\n".join(parts))

    def locate(self, raw: int) -> tuple[int, int]:
        """(page number, offset) of a position in the joined raw text."""
        index = bisect_right(self.bases, raw) - 1
        return self.pages[index].number, raw - self.bases[index]

    def span(self, start: int, end: int) -> TextSpan:
        """The page span of normalised characters [start, end)."""
        start_page, start_offset = self.locate(self.norm.origin[start])
        end_page, last = self.locate(self.norm.origin[end - 1])
        # A ligature expands to several normalised characters: the match ends after its source character.
        return TextSpan(start_page, start_offset, end_page, last + 1)

    def position(self, page_number: int, offset: int) -> int:
        """The normalised index at or after a page offset (for measuring distance between places)."""
        for page, base in zip(self.pages, self.bases, strict=True):
            if page.number == page_number:
                return bisect_right(self.norm.origin, base + offset - 1)
        return 0


def _occurrences(haystack: str, needle: str, *, limit: int | None = None) -> list[int]:
    found: list[int] = []
    at = haystack.find(needle)
    while at >= 0:
        found.append(at)
        if limit is not None and len(found) > limit:
            break
        at = haystack.find(needle, at + 1)
    return found


# ---------------------------------------------------------------------------------------------------------
# Selectors


def _page_map(pages: Sequence[PageTextLike]) -> dict[int, PageTextLike]:
    return {page.number: page for page in pages}


def _inside(furniture: Ranges, offset: int) -> tuple[int, int] | None:
    return next(((a, b) for a, b in furniture if a <= offset < b), None)


def _trim_span(by_number: Mapping[int, PageTextLike], span: TextSpan) -> TextSpan:
    """Move the ends of a span that start or end inside page furniture onto the body text next to it."""
    start_page, start, end_page, end = span.start_page, span.start, span.end_page, span.end
    while True:
        text, furniture = by_number[start_page].text, furniture_of(by_number[start_page])
        hit = _inside(furniture, start)
        if hit is None:
            break
        start = hit[1]
        while start < len(text) and (text[start].isspace() or _inside(furniture, start)):
            start = next((b for a, b in furniture if a <= start < b), start + 1)
        if start < len(text) or start_page >= end_page:
            break
        start_page, start = start_page + 1, 0
    while True:
        text, furniture = by_number[end_page].text, furniture_of(by_number[end_page])
        hit = _inside(furniture, end - 1) if end > 0 else None
        if hit is None:
            break
        end = hit[0]
        while end > 0 and (text[end - 1].isspace() or _inside(furniture, end - 1)):
            end = next((a for a, b in furniture if a <= end - 1 < b), end - 1)
        if end > 0 or end_page <= start_page:
            break
        end_page = end_page - 1
        end = len(by_number[end_page].text)
    if (start_page, start) > (end_page, end):
        return span  # nothing but furniture: leave the span as given
    return TextSpan(start_page, start, end_page, end)


def anchor_span(pages: Sequence[PageTextLike], span: TextSpan) -> Anchor:
    """The anchor of a selection: its exact text (pages joined by one space) and context either side.

    Page furniture is left out of the exact text and the context, and a span that starts or ends inside
    furniture is moved onto the body text next to it. Raises ValueError when the span does not fit the pages.
    """
    by_number = _page_map(pages)
    numbers = list(range(span.start_page, span.end_page + 1))
    if not numbers or any(n not in by_number for n in numbers):
        raise ValueError(f"span {span} names pages the document does not have")
    first, last = by_number[span.start_page].text, by_number[span.end_page].text
    if not (0 <= span.start <= len(first) and 0 <= span.end <= len(last)):
        raise ValueError(f"span {span} runs past the end of its page")
    if span.start_page == span.end_page and span.start > span.end:
        raise ValueError(f"span {span} ends before it starts")
    span = _trim_span(by_number, span)

    def body(number: int, start: int = 0, end: int | None = None) -> str:
        page = by_number[number]
        return text_without_furniture(page.text, furniture_of(page), start, end)

    if span.start_page == span.end_page:
        exact = body(span.start_page, span.start, span.end)
    else:
        middle = [body(n) for n in range(span.start_page + 1, span.end_page)]
        exact = " ".join([body(span.start_page, span.start), *middle, body(span.end_page, 0, span.end)])
    before = body(span.start_page, 0, span.start)
    prefix = before[-CONTEXT_CHARS:]
    previous = by_number.get(span.start_page - 1)
    if len(prefix) < CONTEXT_CHARS and previous is not None and len(before) == len(prefix):
        prefix = (body(previous.number) + " " + prefix)[-CONTEXT_CHARS:]
    after = body(span.end_page, span.end)
    suffix = after[:CONTEXT_CHARS]
    following = by_number.get(span.end_page + 1)
    if len(suffix) < CONTEXT_CHARS and following is not None and len(after) == len(suffix):
        suffix = (suffix + " " + body(following.number))[:CONTEXT_CHARS]
    return Anchor(TextQuote(exact, prefix, suffix), span)


def _search_pages(pages: Sequence[PageTextLike], page: int | None, quote_length: int) -> list[PageTextLike]:
    ordered = sorted(pages, key=lambda p: p.number)
    if page is None:
        return ordered
    index = next((i for i, p in enumerate(ordered) if p.number == page), None)
    if index is None:
        return []
    chosen = [ordered[index]]
    # A match starting on `page` may run onto the following pages: take as many as the quote could need.
    room = 0
    for following in ordered[index + 1 :]:
        if following.number != chosen[-1].number + 1 or room > 2 * quote_length + CONTEXT_CHARS:
            break
        chosen.append(following)
        room += len(following.text)
    return chosen


def _matches(corpus: _Corpus, needle: str) -> list[tuple[int, int]]:
    """Normalised [start, end) of every occurrence, exact case first, ignoring case only when none."""
    found = _occurrences(corpus.norm.text, needle)
    if not found:
        found = _occurrences(corpus.norm.lower, _lowered(needle))
    return [(at, at + len(needle)) for at in found]


def find_quote(pages: Sequence[PageTextLike], quote: str, *, page: int | None = None) -> list[Anchor]:
    """Every place `quote` occurs, in document order, with offsets into the real page text.

    Matching is tolerant (see `normalise_quote`) and case-sensitive unless only a different-case match
    exists. With `page`, only matches starting on that page count; they may run onto the next page.
    Callers show the candidates when there are several (ambiguous) or none.
    """
    needle = normalise_quote(quote)
    if not needle:
        return []
    scope = _search_pages(pages, page, len(needle))
    if not scope:
        return []
    corpus = _Corpus(scope)
    anchors = []
    for start, end in _matches(corpus, needle):
        span = corpus.span(start, end)
        if page is None or span.start_page == page:
            anchors.append(anchor_span(pages, span))
    return anchors


# ---------------------------------------------------------------------------------------------------------
# Re-anchoring


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _context_score(corpus: _Corpus, start: int, end: int, prefix: str, suffix: str) -> float:
    """How well the text around normalised [start, end) matches the stored prefix and suffix (0..1)."""
    text = corpus.norm.text
    before = text[max(0, start - len(prefix) - 1) : start].strip()
    after = text[end : end + len(suffix) + 1].strip()
    return (_similarity(before[-len(prefix) :] if prefix else "", prefix)
            + _similarity(after[: len(suffix)], suffix)) / 2


def _seeds(needle: str) -> list[tuple[int, str]]:
    """(offset, text) of the quote's words of three letters or more, and of its runs of three words."""
    words = [(m.start(), m.end()) for m in _SEED_WORD.finditer(needle)]
    seeds = [(start, needle[start:end]) for start, end in words]
    seeds += [(words[i][0], needle[words[i][0] : words[i + 2][1]]) for i in range(len(words) - 2)]
    return seeds


def _fuzzy_windows(corpus: _Corpus, needle: str, *, hint: int) -> list[tuple[float, int, int]]:
    """Approximate matches (similarity, start, end) of `needle` in the normalised text, best first.

    Words and three-word runs of the quote that occur in the text vote for where the quote would start
    (a seed found everywhere says nothing and is skipped); the best-voted places, and the excerpt's old
    place `hint`, are aligned with difflib and widened to whole words.
    """
    text, lower, low_needle = corpus.norm.text, corpus.norm.lower, _lowered(needle)
    size = len(needle)
    bucket = max(8, size // 8)
    votes: Counter[int] = Counter()
    for offset, seed in _seeds(low_needle):
        hits = _occurrences(lower, seed, limit=_MAX_SEED_HITS)
        if len(hits) > _MAX_SEED_HITS:
            continue
        for at in hits:
            votes[(at - offset) // bucket] += 1
    cells = [cell for cell, _ in votes.most_common(_MAX_FUZZY_WINDOWS)]
    if hint // bucket not in cells:
        cells.append(hint // bucket)  # re-extraction usually leaves text near where it was
    results: list[tuple[float, int, int]] = []
    seen: set[tuple[int, int]] = set()
    slack = size // 4 + bucket
    for cell in cells:
        lo = max(0, cell * bucket - slack)
        hi = min(len(text), cell * bucket + size + slack + bucket)
        blocks = [b for b in SequenceMatcher(None, low_needle, lower[lo:hi], autojunk=False).get_matching_blocks()
                  if b.size >= min(3, size)]
        if not blocks:
            continue
        # Align the quote's ends through its first and last solid blocks, so a typo at an edge still counts.
        start = max(lo, lo + blocks[0].b - blocks[0].a)
        end = min(hi, lo + blocks[-1].b + blocks[-1].size + (size - blocks[-1].a - blocks[-1].size))
        if needle[0].isalnum():
            while start > 0 and text[start - 1].isalnum():
                start -= 1
        if needle[-1].isalnum():
            while end < len(text) and text[end].isalnum():
                end += 1
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if end <= start or (start, end) in seen:
            continue
        seen.add((start, end))
        results.append((_similarity(needle, text[start:end]), start, end))
    results.sort(key=lambda r: -r[0])
    return results


def _describe(span: TextSpan) -> str:
    if span.start_page == span.end_page:
        return f"p. {span.start_page} [{span.start}:{span.end}]"
    return f"pp. {span.start_page}–{span.end_page}"


def reanchor(anchor: Anchor, pages: Sequence[PageTextLike]) -> Reanchored:
    """Find an excerpt again in a document's (possibly re-extracted) text.

    unchanged: the old span still holds the quote (modulo whitespace, quotes, dashes, ligatures, hyphenation);
    moved: the quote occurs elsewhere (several places: best prefix/suffix context, then nearest the old place);
    fuzzy: only an approximate match (difflib similarity >= FUZZY_MIN_SIMILARITY, or the exact words in a
    different case), reported with its similarity; lost: nothing close enough (`anchor` is None: the caller
    keeps the old anchor for review, never drops the excerpt).
    """
    return reanchor_all([anchor], pages)[0]


def reanchor_all(anchors: Sequence[Anchor], pages: Sequence[PageTextLike]) -> list[Reanchored]:
    """`reanchor` for every excerpt of one document, normalising the document's text only once."""
    corpus: _Corpus | None = None
    results = []
    for anchor in anchors:
        needle = normalise_quote(anchor.quote.exact)
        try:
            current = anchor_span(pages, anchor.span)
        except ValueError:
            current = None
        if current is not None and normalise_quote(current.quote.exact) == needle:
            results.append(Reanchored("unchanged", current, "the excerpt is where it was"))
        elif not needle:
            results.append(Reanchored("lost", None, "the excerpt has no text to look for", 0.0))
        else:
            if corpus is None:
                corpus = _Corpus(sorted(pages, key=lambda p: p.number))
            results.append(_search_again(anchor, needle, pages, corpus))
    return results


def _search_again(anchor: Anchor, needle: str, pages: Sequence[PageTextLike], corpus: _Corpus) -> Reanchored:
    old = anchor.span
    prefix, suffix = normalise_quote(anchor.quote.prefix), normalise_quote(anchor.quote.suffix)
    old_at = corpus.position(old.start_page, old.start)

    exact = _occurrences(corpus.norm.text, needle)
    if exact:
        scored = sorted(
            ((round(_context_score(corpus, at, at + len(needle), prefix, suffix), 3), abs(at - old_at), at)
             for at in exact),
            key=lambda s: (-s[0], s[1]),
        )
        at = scored[0][2]
        span = corpus.span(at, at + len(needle))
        note = f"moved from {_describe(old)} to {_describe(span)}"
        if len(exact) > 1:
            note += f"; the quote occurs {len(exact)} times, chose the best context match"
        return Reanchored("moved", anchor_span(pages, span), note)

    other_case = _occurrences(corpus.norm.lower, _lowered(needle))
    if other_case:
        at = min(other_case, key=lambda a: (-round(_context_score(corpus, a, a + len(needle), prefix, suffix), 3),
                                            abs(a - old_at)))
        span = corpus.span(at, at + len(needle))
        found = anchor_span(pages, span)
        similarity = _similarity(needle, corpus.norm.text[at : at + len(needle)])
        note = f"the same words in a different case at {_describe(span)}, was {_describe(old)}: review the text"
        return Reanchored("fuzzy", found, note, similarity)

    candidates = _fuzzy_windows(corpus, needle, hint=old_at)
    if candidates and candidates[0][0] >= FUZZY_MIN_SIMILARITY:
        best = candidates[0][0]
        close = [c for c in candidates if c[0] >= best - 0.02]
        chosen = max(close, key=lambda c: (_context_score(corpus, c[1], c[2], prefix, suffix), -abs(c[1] - old_at)))
        span = corpus.span(chosen[1], chosen[2])
        found = anchor_span(pages, span)
        note = (f"approximate match ({chosen[0]:.0%} similar) at {_describe(span)}, "
                f"was {_describe(old)}: review the text")
        return Reanchored("fuzzy", found, note, chosen[0])
    best = candidates[0][0] if candidates else 0.0
    note = f"the quote was not found (closest text {best:.0%} similar); kept for review"
    return Reanchored("lost", None, note, best)

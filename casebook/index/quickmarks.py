"""Highlighting a shown row without tokenising its whole page, for queries of single words.

`highlight.UnitText` tokenises every word of a page; for a query whose highlighted words are plain terms,
prefixes or fuzzy terms (no phrase or proximity positions to count) only the words that can match need
reading. One compiled "hint" regex finds where such words may start (a literal prefix every matching
term starts with, and for non-ASCII text every non-ASCII word character, since folding can change it);
each hint is then re-tokenised exactly as the index tokenised it, from the previous space (a space is
never inside a token, so tokenising from just after one gives the same tokens as from the page start),
and tested with the same rule as `highlight.match_spans`. The ranges, and so the snippets, are identical.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

from casebook.index.analysis import ASCII_TOKEN_RE, TOKEN_RE, stem, token_terms
from casebook.index.compile import MAX_FUZZY_EXPANSION, edit_distance
from casebook.index.query import And, Fuzzy, Near, Node, Not, Or, Pattern, Phrase, Scope, Word

_COMBINING = r"\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_TOKEN_START = r"(?<![^\W\d])"  # a token starts after a non-word character or after a number's digit

Test = Callable[[str], bool]
FuzzyWords = Callable[[Fuzzy], list[str]]  # the indexed words a fuzzy term stands for
# Past one hint per this many characters (about one word in three), every token is read instead.
SCAN_RATIO = 20
Hint = tuple[str, str]  # a literal matching words start with (for any text), and a regex for ASCII text


class _Fallback(Exception):
    """The query needs word positions (phrases, proximity): the full tokenisation must be used."""


@dataclass(frozen=True)
class Bounds:
    """Where a unit's first word starts and its last word ends (None when it has no words)."""

    first_start: int | None
    last_end: int | None


def _stem_hint(root: str) -> str:
    # Porter rewrites at most the last few letters: every word with this stem starts with this much of it.
    return root[:max(1, len(root) - 3)]


def _hint(prefix: str) -> str | None:
    """A literal the raw text of a matching word starts with (case aside), or None for "any word"."""
    if not prefix:
        return None
    if not prefix.isascii():
        return ""  # only non-ASCII raw words fold to it, and they are all candidates anyway
    if prefix[0].isdigit():
        return prefix[0]  # "47000" is printed "47,000"
    return prefix


class WordMarker:
    """Finds the page ranges a single-word query highlights, reading only the words that may match."""

    def __init__(self, tests: list[Test], hints: list[Hint]) -> None:
        self.tests = tests
        literals = sorted({re.escape(literal.lower()) for literal, _ in hints if literal}, key=len, reverse=True)
        self._literals = "|".join(literals) if literals else r"(?!)"
        shapes = sorted({shape for _, shape in hints if shape}, key=len, reverse=True)
        # ASCII text is searched lower-cased (same offsets), where a bare literal alternation is fastest.
        self._ascii = re.compile("|".join(shapes) if shapes else r"(?!)")
        self._unicode: re.Pattern | None = None  # compiled on the first non-ASCII unit (costly to compile)
        self._verdicts: dict[str, bool] = {}  # ASCII token -> whether it matches, across the rows shown

    @classmethod
    def of(cls, root: Node, *, cross: bool = True, fuzzy_words: FuzzyWords | None = None) -> WordMarker | None:
        """A marker for `root`, or None when its highlighting needs word positions. `fuzzy_words` gives the indexed
        words a fuzzy term stands for (the search's own expansion): ASCII text is then searched for those words
        rather than for every word of the right first letter and length."""
        tests: list[Test] = []
        hints: list[Hint] = []
        try:
            _collect(root, tests, hints, cross, fuzzy_words)
        except _Fallback:
            return None
        return cls(tests, hints)

    def ranges(self, text: str, start: int = 0, end: int | None = None,
               words: Iterable[tuple[int, int]] = ()) -> tuple[list[tuple[int, int]], Bounds] | None:
        """Merged [start, end) ranges of matching words in text[start:end], and the unit's word bounds.

        `words` are unit-local (first, last) word positions matched by phrases and proximity, as for
        `highlight.hit_ranges`; they are counted out only in ASCII text (one token is one word there), and
        None is returned for other text with positions, to be highlighted by the full tokenisation."""
        end = len(text) if end is None else end
        segment = text[start:end]
        ascii_text = segment.isascii()
        words = sorted(words)
        if words and (not ascii_text or any(b < a or a < 0 for a, b in words)):
            return None
        token_re = ASCII_TOKEN_RE if ascii_text else TOKEN_RE
        terms = _ascii_terms if ascii_text else token_terms
        found: set[tuple[int, int]] = set()
        seen: set[int] = set()
        if self.tests:
            if ascii_text:
                starts = [hint.start() + start for hint in self._ascii.finditer(segment.lower())]
                if len(starts) * SCAN_RATIO > len(segment):
                    return self._scanned(text, start, end, words)
            else:
                if self._unicode is None:
                    self._unicode = re.compile(
                        rf"{_TOKEN_START}(?:{self._literals})|[^\W\x00-\x7f]|[{_COMBINING}]", re.IGNORECASE)
                starts = [hint.start() for hint in self._unicode.finditer(text, start, end)]
            # A hint's look-behind sees the text before `start`, so the unit's first word is always tried.
            starts.insert(0, start)
            for h in starts:
                token = _token_at(token_re, text, start, end, h)
                if token is None or token.start() in seen:
                    continue
                seen.add(token.start())
                if any(test(t) for t in terms(token.group()) for test in self.tests):
                    found.add((token.start(), token.end()))
        if words:
            found.update(_positioned(text, start, end, words))
        return _merged(found), Bounds(_first_start(token_re, terms, text, start, end),
                              _last_end(token_re, terms, text, start, end))


    def _scanned(self, text: str, start: int, end: int, words: list[tuple[int, int]]
                 ) -> tuple[list[tuple[int, int]], Bounds]:
        """`ranges` for ASCII text with hints at many words (a fuzzy term's first letter and length, say): every
        token is read once and each distinct word tested once, cheaper than re-tokenising around each hint."""
        found: set[tuple[int, int]] = set()
        verdicts = self._verdicts
        tokens = list(ASCII_TOKEN_RE.finditer(text, start, end))
        for token in tokens:
            word = token.group()
            verdict = verdicts.get(word)
            if verdict is None:
                verdict = verdicts[word] = any(test(t) for t in _ascii_terms(word) for test in self.tests)
            if verdict:
                found.add(token.span())
        if words:
            found.update(_positioned(text, start, end, words))
        # Every ASCII token is a word (_ascii_terms is never empty): the unit's bounds are its first and last.
        bounds = Bounds(tokens[0].start(), tokens[-1].end()) if tokens else Bounds(None, None)
        return _merged(found), bounds


def _merged(found: set[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(found):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _positioned(text: str, start: int, end: int, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges of (first, last) word positions in ASCII text; a last word past the unit's end is its last word."""
    wanted = sorted({p for a, b in words for p in (a, b)})
    offsets: dict[int, tuple[int, int]] = {}
    tokens = ASCII_TOKEN_RE.finditer(text, start, end)
    at = 0
    last: tuple[int, int] | None = None
    for position in wanted:
        if position < 0:
            continue
        match = next(islice(tokens, position - at, None), None)  # skips tokens without a Python loop
        if match is None:
            break
        at = position + 1
        last = offsets[position] = (match.start(), match.end())
    if last is None:
        return []
    out = []
    for a, b in words:
        if a in offsets:
            if b not in offsets:  # past the end: the unit's last word
                b_end = _last_end(ASCII_TOKEN_RE, _ascii_terms, text, start, end)
                out.append((offsets[a][0], b_end if b_end is not None else offsets[a][1]))
            else:
                out.append((offsets[a][0], offsets[b][1]))
    return out


def _ascii_terms(word: str) -> list[str]:
    term = word.lower()
    return [term.replace(",", "") if "," in term else term]


def _scan_from(text: str, start: int, position: int) -> int:
    """A place at or before `position` where tokenising gives the same tokens as from `start`."""
    space = max(text.rfind(" ", start, position), text.rfind("\n", start, position))
    return space + 1 if space >= 0 else start


def _token_at(token_re: re.Pattern, text: str, start: int, end: int, position: int) -> re.Match | None:
    for match in token_re.finditer(text, _scan_from(text, start, position), end):
        if match.start() > position:
            return None
        if match.end() > position:
            return match
    return None


def _first_start(token_re: re.Pattern, terms: Callable[[str], list[str]], text: str, start: int, end: int
                 ) -> int | None:
    for match in token_re.finditer(text, start, end):
        if terms(match.group()):
            return match.start()
    return None


def _last_end(token_re: re.Pattern, terms: Callable[[str], list[str]], text: str, start: int, end: int
              ) -> int | None:
    limit = end
    while True:
        scan = _scan_from(text, start, limit)
        last = None
        for match in token_re.finditer(text, scan, end):
            if terms(match.group()):
                last = match
        if last is not None:
            return last.end()
        if scan <= start:
            return None
        limit = scan - 1


def _collect(node: Node, tests: list[Test], hints: list[Hint], cross: bool, fuzzy_words: FuzzyWords | None = None
             ) -> None:
    """Mirror of `highlight.match_spans`: the word tests of every leaf that marks words."""
    if isinstance(node, Scope):
        _collect(node.part, tests, hints, False, fuzzy_words)
        return
    if cross and (isinstance(node, Near) or (
            isinstance(node, Phrase) and node.field == "text" and len(node.terms) > 1)):
        return
    if isinstance(node, Word | Phrase | Pattern | Fuzzy) and node.field != "text":
        return
    if isinstance(node, Word) or (isinstance(node, Phrase) and len(node.terms) == 1):
        _word(node.terms[0], isinstance(node, Word), tests, hints)
    elif isinstance(node, Pattern):
        if node.kind != "prefix" or not node.pattern:
            raise _Fallback
        prefix = node.pattern
        tests.append(lambda t: t.startswith(prefix))
        hints.append(_literal(_hint(prefix)))
    elif isinstance(node, Fuzzy):
        term, d = node.term, node.distance
        if not term:
            raise _Fallback
        tests.append(lambda t: t[:1] == term[:1] and edit_distance(t, term, d) <= d)
        words = fuzzy_words(node) if fuzzy_words is not None else None
        if words is not None and len(words) < MAX_FUZZY_EXPANSION and term[:1].isascii() and term[:1].isalpha():
            hints.append((_literal(_hint(term[:1]))[0], _words_hint(words)))
        else:
            hints.append(_fuzzy_hint(term, d))
    elif isinstance(node, Phrase | Near):
        raise _Fallback
    elif isinstance(node, And | Or):
        for part in node.parts:
            if not isinstance(part, Not):
                _collect(part, tests, hints, cross, fuzzy_words)


def _word(term: str, stemmed: bool, tests: list[Test], hints: list[Hint]) -> None:
    if stemmed and term.isalpha():
        root = stem(term)
        tests.append(lambda t: t == term or (t.isalpha() and stem(t) == root))
        hints.append(_literal(_hint(_stem_hint(root))))
    else:
        tests.append(lambda t: t == term)
        hints.append(_literal(_hint(term)))


def _literal(hint: str | None) -> Hint:
    if hint is None:
        raise _Fallback
    return hint, re.escape(hint.lower())


def _words_hint(words: Iterable[str]) -> str:
    """A regex for ASCII text (lower-cased) finding where any of `words` starts a token: every indexed word a
    fuzzy term matched is printed as indexed there. The words share prefixes, so they are written as a trie:
    the regex engine follows one branch per letter instead of trying up to 255 words in turn."""
    trie: dict = {}
    for word in words:
        if word.isascii():
            node = trie
            for letter in word:
                node = node.setdefault(letter, {})
            node[""] = {}
    if not trie:
        return r"(?!)"
    if len(trie) == 1 and "" not in trie:  # one first letter (always, for a fuzzy term): lead with it, so the
        (letter, rest), = trie.items()  # regex engine skips ahead to it; the look-behind then checks before it
        first = re.escape(letter)
        return rf"{first}(?<![^\W\d]{first}){_trie_regex(rest)}"
    return rf"{_TOKEN_START}{_trie_regex(trie)}"


def _trie_regex(node: dict) -> str:
    branches = [re.escape(letter) + _trie_regex(rest) for letter, rest in sorted(node.items()) if letter]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


def _fuzzy_hint(term: str, distance: int) -> Hint:
    """A fuzzy match shares the first letter and is within `distance` letters of the term's length.

    An ASCII word starting with a letter is printed as it is indexed (lower-casing aside) and is followed by a
    non-word character, so a look-ahead for that shape finds every candidate without consuming text."""
    literal, _ = _literal(_hint(term[:1]))
    if not (term[:1].isascii() and term[:1].isalpha()):
        return literal, re.escape(literal.lower())
    low, high = max(0, len(term) - distance - 1), len(term) + distance - 1
    return literal, rf"(?={re.escape(term[0])}[\w.]{{{low},{high}}}(?!\w))"

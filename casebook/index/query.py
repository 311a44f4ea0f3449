"""Reading the search language litigation-support users know into a query tree, leniently.

Syntax (dtSearch/Lucene/Westlaw style; operators in capitals, words in any case):

    taxpayer data            both words (implicit AND); words match every form with the same stem
    taxpayer AND data        the same;  `&&` also works
    DHS OR ICE               either;  `||` also works
    NOT ICE   -ICE           without the word
    "taxpayer data"          exact phrase: no stemming, no stop words dropped; “curly quotes” work too
    "taxpayer data"~5        both words within 5 words of each other, any order
    taxpayer w/5 data        the same (Westlaw/dtSearch; also NEAR/5; NEAR alone is w/10); `pre/5` keeps
                             the order (taxpayer first)
    disclos*  discl?sure     wildcards (at least 2 letters before the first wildcard)
    Romo~  Romo~2            fuzzy: up to 1 edit for words of ≤ 5 letters, 2 for longer, or the number given
    47,000  47000            numbers: digit-group commas are ignored, so both match "47,000"; "1.2" is a term
    page:(batches AND perjury)   only within one page (or article paragraph): the narrower scope
    court:columbia  court:"district of columbia"
    kind:declaration         one of: complaint, declaration, docket, exhibit, motion, opinion, order, article, other
    docket:1:25-cv-01234     any spelling of the docket number ("25-cv-1234", "1:25-cv-01234-ABC")
    tag:privileged  tag:"work product"   tags are paths: tag:hot also finds "hot/sworn figures"
    type:claim  type:excerpt  type:page   claims, excerpts, or pages and article paragraphs only
    filed:2025  filed:2025-06  filed:[2025-01-01 TO 2025-06-30]  filed:[2025-03 TO *]   (also date:)
    title:romo               words of the document title
    kind:(declaration OR order)   a field applied to a group

Whole documents: AND, OR, NOT, groups and w/N, pre/N, NEAR/N apply to the whole document, as in dtSearch:
`batches AND perjury` finds a declaration that says "batches" on page 2 and "perjury" on page 3, and
`NOT ICE` drops every document that mentions ICE anywhere. Phrases and proximity run on across page and
article paragraph breaks; page furniture (running headers and footers, CM/ECF stamps, line numbers) is
not part of the word sequence. A hit is a page (or article paragraph) of a matching document that holds
at least one of the query's searched words (those not under NOT), highlighted there; a document that
matches only by filters or NOT shows all its pages. `page:(…)` asks for everything inside to be on one
page (paragraph). Each claim and each excerpt is a document of its own.

Claims and excerpts are searched with pages: a claim's statement, note, asserting person (name, role,
aliases), issues, type and status; an excerpt's quoted text and note. Excerpts take their document's
title, kind, court, docket and date, so `kind:declaration tag:hot` finds hot excerpts of declarations.

Precedence follows Westlaw and Lexis: OR binds tightest, then proximity (w/N, pre/N), then NOT, then AND —
so `taxpayer OR return w/5 data` means (taxpayer OR return) w/5 data, and `IRS DHS OR ICE` means
IRS AND (DHS OR ICE). Parentheses group.

Typing slips never fail a search: an unbalanced quote or parenthesis, or an operator with nothing on one
side, is ignored and the rest is searched, with a notice saying so. Things that cannot be guessed (an
unknown kind, a bad date, a field with no value, a wildcard with too few letters) raise QueryError with
an explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from casebook.core.documents import DocumentKind
from casebook.core.search import UNIT_TYPES, QueryError
from casebook.index.analysis import STOP_WORDS, split_words

QUERY_LANGUAGE = (__doc__ or "").split("\n\n", 1)[1].strip()
"""The reference text of the query language (this module's docstring after its first line): `search --help`."""

FIELDS = ("court", "kind", "docket", "tag", "filed", "date", "title", "type", "page")
MIN_WILDCARD_PREFIX = 2
MAX_FUZZY_DISTANCE = 2
MAX_PROXIMITY = 1000
DEFAULT_NEAR = 10  # a bare NEAR, as in dtSearch's w/N without a number

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'})
_NEAR = re.compile(r"(?i)(w|pre|near)/(\d+)")
_FIELD = re.compile(r"(?i)([a-z]+):(.*)", re.S)
_FUZZY = re.compile(r"(.+?)~(\d*)")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


# --- the query tree ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Word:
    """A plain word: matches every indexed word with the same stem (or a phrase if it splits)."""

    terms: tuple[str, ...]
    field: str = "text"


@dataclass(frozen=True)
class Phrase:
    """Words in order and adjacent; with `slop`, within `slop` words of each other in any order."""

    terms: tuple[str, ...]
    slop: int | None = None
    field: str = "text"


@dataclass(frozen=True)
class Pattern:
    """A wildcard word: `prefix*` (kind "prefix") or a pattern with * and ? (kind "wildcard")."""

    pattern: str
    kind: str
    field: str = "text"

    @property
    def literal_prefix(self) -> str:
        return re.split(r"[*?]", self.pattern, maxsplit=1)[0]


@dataclass(frozen=True)
class Fuzzy:
    term: str
    distance: int
    field: str = "text"


@dataclass(frozen=True)
class Filter:
    """A metadata condition: kind, docket, tag (exact values) or a date range (inclusive ISO bounds)."""

    field: str
    value: str = ""
    low: str | None = None
    high: str | None = None


@dataclass(frozen=True)
class Near:
    """Operands within `distance` words of each other (in the given order when `ordered`)."""

    parts: tuple[Node, ...]
    distance: int
    ordered: bool = False


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


@dataclass(frozen=True)
class Scope:
    """`page:(…)`: the inner query must match within one page (or article paragraph, claim, excerpt)."""

    part: Node


@dataclass(frozen=True)
class Everything:
    """Matches every unit (a query of only filters or only NOT clauses starts from this)."""


Node = Word | Phrase | Pattern | Fuzzy | Filter | Near | And | Or | Not | Scope | Everything


@dataclass
class ParsedQuery:
    """The tree of a query plus the notices to show about how it was read."""

    root: Node
    notices: list[str] = field(default_factory=list)

    @property
    def notice(self) -> str | None:
        return "; ".join(dict.fromkeys(self.notices)) or None


# --- lexing -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Tok:
    kind: str  # word, phrase, lparen, rparen, and, or, not, near, field
    text: str = ""
    pos: int = 0
    slop: int | None = None  # phrase ~N, near distance
    ordered: bool = False
    name: str = ""  # field name
    glued: bool = False  # a field name immediately followed by this token's value ("kind:(…)", 'tag:"x"')


def _lex(query: str, notices: list[str]) -> list[_Tok]:
    text = query.translate(_QUOTES)
    out: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in "\x00\ufeff\u200b":
            i += 1
        elif ch in "()":
            out.append(_Tok("lparen" if ch == "(" else "rparen", ch, i))
            i += 1
        elif ch == '"':
            close = text.find('"', i + 1)
            if close < 0:
                notices.append("Unbalanced quote: searched as plain words")
                i += 1
                continue
            j = close + 1
            slop = None
            match = re.match(r"~(\d+)", text[j:])
            if match:
                slop = int(match.group(1))
                j += match.end()
            glued = bool(out) and out[-1].kind == "field" and out[-1].text == "" and out[-1].pos + len(
                out[-1].name) + 1 == i
            out.append(_Tok("phrase", text[i + 1:close], i, slop=slop, glued=glued))
            i = j
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            word = text[i:j]
            field_match = _FIELD.fullmatch(word)
            if field_match and field_match.group(1).lower() in FIELDS and field_match.group(2)[:1] in "[{" and (
                    field_match.group(2)[-1:] not in "]}" or len(field_match.group(2)) == 1):
                # A range may contain spaces: read up to the closing bracket.
                close = min((k for k in (text.find("]", j), text.find("}", j)) if k >= 0), default=-1)
                if close >= 0:
                    j = close + 1
                    word = text[i:j]
            out.append(_word_token(word, i))
            i = j
    return out


def _word_token(word: str, pos: int) -> _Tok:
    if word in ("AND", "&&", "&"):
        return _Tok("and", word, pos)
    if word in ("OR", "||", "|"):
        return _Tok("or", word, pos)
    if word in ("NOT", "!"):
        return _Tok("not", word, pos)
    if word == "NEAR":
        return _Tok("near", word, pos, slop=DEFAULT_NEAR)
    near = _NEAR.fullmatch(word)
    if near:
        return _Tok("near", word, pos, slop=int(near.group(2)), ordered=near.group(1).lower() == "pre")
    field_match = _FIELD.fullmatch(word)
    if field_match and field_match.group(1).lower() in FIELDS:
        return _Tok("field", field_match.group(2), pos, name=field_match.group(1).lower())
    return _Tok("word", word, pos)


# --- parsing ------------------------------------------------------------------------------------------

class _Parser:
    def __init__(self, tokens: list[_Tok], notices: list[str]) -> None:
        self.tokens = tokens
        self.notices = notices
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at_operand(self) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind in ("word", "phrase", "lparen", "field", "not")

    def parse(self) -> Node | None:
        parts: list[Node] = []
        while (tok := self.peek()) is not None:
            if tok.kind == "rparen":
                self.take()
                self.notices.append("Unbalanced parenthesis: ignored")
                continue
            node = self.and_expr()
            if node is not None:
                parts.append(node)
        return _and(parts)

    def and_expr(self) -> Node | None:
        parts: list[Node] = []
        while True:
            tok = self.peek()
            if tok is None or tok.kind == "rparen":
                break
            if tok.kind in ("and", "or", "near"):
                self.take()
                if not parts or not self.at_operand():
                    self.notices.append(f"'{tok.text}' with nothing on one side: ignored")
                continue
            node = self.near_expr()
            if node is not None:
                parts.append(node)
        return _and(parts)

    def near_expr(self) -> Node | None:
        first = self.or_expr()
        parts = [first] if first is not None else []
        distance, ordered = None, False
        while (tok := self.peek()) is not None and tok.kind == "near":
            self.take()
            if not parts or not self.at_operand():
                self.notices.append(f"'{tok.text}' with nothing on one side: ignored")
                continue
            assert tok.slop is not None  # the lexer gives every "near" token a distance
            if tok.slop > MAX_PROXIMITY:
                raise QueryError(f"{tok.text}: proximity is limited to {MAX_PROXIMITY} words", position=tok.pos)
            if distance is not None and (tok.slop != distance or tok.ordered != ordered):
                # a w/5 b pre/3 c: nest, so each connector keeps its own distance
                parts = [Near(tuple(parts), distance, ordered)]
            distance, ordered = tok.slop, tok.ordered
            nxt = self.or_expr()
            if nxt is not None:
                parts.append(nxt)
        if distance is None or len(parts) < 2:
            return parts[0] if parts else None
        return Near(tuple(parts), distance, ordered)

    def or_expr(self) -> Node | None:
        first = self.unary()
        parts = [first] if first is not None else []
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            if not self.at_operand():
                self.notices.append(f"'{tok.text}' with nothing on one side: ignored")
                break
            nxt = self.unary()
            if nxt is not None:
                parts.append(nxt)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def unary(self, context: str | None = None) -> Node | None:
        tok = self.take()
        if tok.kind == "not":
            if not self.at_operand():
                self.notices.append(f"'{tok.text}' with nothing after it: ignored")
                return None
            inner = self.unary(context)
            return Not(inner) if inner is not None else None
        if tok.kind == "lparen":
            return self.group(tok, context)
        if tok.kind == "phrase":
            return _field_value(context, tok) if context else _phrase(tok)
        if tok.kind == "field":
            return self.field(tok)
        if tok.kind == "word":
            if context:
                return _field_value(context, tok)
            return _word(tok, self.notices)
        # and / or / near / rparen where an operand was expected
        self.notices.append(f"'{tok.text}' with nothing on one side: ignored")
        return None

    def group(self, opening: _Tok, context: str | None) -> Node | None:
        self.depth += 1
        if context:
            parts = []
            while (tok := self.peek()) is not None and tok.kind != "rparen":
                if tok.kind in ("and", "or"):
                    self.take()
                    continue
                node = self.unary(context)
                if node is not None:
                    parts.append(node)
            node = Or(tuple(parts)) if len(parts) > 1 else (parts[0] if parts else None)
        else:
            node = self.and_expr()
        if self.peek() is None:
            self.notices.append("Unbalanced parenthesis: closed at the end")
        else:
            self.take()
        self.depth -= 1
        return node

    def field(self, tok: _Tok) -> Node | None:
        if tok.name == "page":
            return self.page_scope(tok)
        if tok.text:
            return _field_value(tok.name, _Tok("word", tok.text, tok.pos + len(tok.name) + 1))
        nxt = self.peek()
        if nxt is not None and nxt.pos == tok.pos + len(tok.name) + 1:
            if nxt.kind == "phrase":
                return _field_value(tok.name, self.take())
            if nxt.kind == "lparen":
                return self.group(self.take(), tok.name)
        raise QueryError(f"{tok.name}: needs a value right after the colon, e.g. {_EXAMPLES[tok.name]}",
                         position=tok.pos)


    def page_scope(self, tok: _Tok) -> Node | None:
        """`page:word`, `page:"a phrase"~N` or `page:(any query)`: matched within one page."""
        if tok.text:
            inner = _word(_Tok("word", tok.text, tok.pos + 5), self.notices)
            return Scope(inner) if inner is not None else None
        nxt = self.peek()
        if nxt is not None and nxt.pos == tok.pos + 5:
            if nxt.kind == "phrase":
                inner = _phrase(self.take())
                return Scope(inner) if inner is not None else None
            if nxt.kind == "lparen":
                inner = self.group(self.take(), None)
                return Scope(inner) if inner is not None else None
        raise QueryError("page: needs a query right after the colon, e.g. page:(batches AND perjury)",
                         position=tok.pos)


_EXAMPLES = {
    "court": "court:columbia", "kind": "kind:declaration", "docket": "docket:1:25-cv-01234",
    "tag": "tag:privileged", "filed": "filed:[2025-01-01 TO 2025-06-30]", "date": "date:2025-06",
    "title": "title:romo", "type": "type:claim", "page": "page:(batches AND perjury)",
}


def tag_value(value: str) -> str:
    """A tag path as indexed: lower-case, spaces trimmed around each "/", no leading or trailing "/"."""
    return "/".join(part.strip() for part in value.lower().split("/")).strip("/")


def unit_type_value(value: str) -> str | None:
    """"claim", "claims", "Excerpt" → the unit type; "paragraph" counts as page; None if not a type."""
    wanted = value.strip().lower()
    wanted = "page" if wanted in ("paragraph", "paragraphs") else wanted
    for unit_type in UNIT_TYPES:
        if wanted in (unit_type, unit_type + "s"):
            return unit_type
    return None


def _and(parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def _phrase(tok: _Tok) -> Node | None:
    terms = tuple(split_words(tok.text))
    if not terms:
        return None
    if tok.slop is not None and len(terms) > 1:
        if tok.slop > MAX_PROXIMITY:
            raise QueryError(f"~{tok.slop}: proximity is limited to {MAX_PROXIMITY} words", position=tok.pos)
        return Phrase(terms, slop=tok.slop)
    return Phrase(terms)


def _word(tok: _Tok, notices: list[str]) -> Node | None:
    word = tok.text
    negate = False
    if word.startswith("-") and len(word) > 1:
        negate, word = True, word[1:]
    elif word.startswith("+"):
        word = word[1:]
    node = _word_node(word, tok.pos, notices)
    if node is None:
        return None
    return Not(node) if negate else node


def _word_node(word: str, pos: int, notices: list[str], *, field_name: str = "text") -> Node | None:
    fuzzy = _FUZZY.fullmatch(word)
    if fuzzy and not any(c in fuzzy.group(1) for c in "*?"):
        terms = split_words(fuzzy.group(1))
        if len(terms) != 1:
            notices.append(f"'{word}': fuzzy matching needs a single word; searched as written")
            return _plain(terms, field_name)
        if fuzzy.group(2):
            distance = int(fuzzy.group(2))
            if distance > MAX_FUZZY_DISTANCE:
                raise QueryError(f"{word}: fuzzy matching allows at most {MAX_FUZZY_DISTANCE} edits "
                                 f"(e.g. {fuzzy.group(1)}~2)", position=pos)
        else:
            distance = 1 if len(terms[0]) <= 5 else 2
        return Fuzzy(terms[0], distance, field_name) if distance else Word((terms[0],), field_name)
    if "*" in word or "?" in word:
        return _pattern(word, pos, field_name)
    return _plain(split_words(word), field_name)


def _plain(terms: list[str], field_name: str) -> Node | None:
    if not terms:
        return None
    if len(terms) == 1:
        if terms[0] in STOP_WORDS:
            return None
        return Word((terms[0],), field_name)
    # "1:25-cv-01234", "agency's": one typed word that is several indexed terms, in order
    return Phrase(tuple(terms), field=field_name)


def _pattern(word: str, pos: int, field_name: str) -> Node:
    # Normalise the literal parts like indexed text, keeping the wildcards.
    pieces = re.split(r"([*?])", word)
    normalised = "".join(p if p in "*?" else "".join(split_words(p)) for p in pieces)
    literal = re.split(r"[*?]", normalised, maxsplit=1)[0]
    if len(literal) < MIN_WILDCARD_PREFIX:
        raise QueryError(f"{word}: put at least {MIN_WILDCARD_PREFIX} letters before a wildcard "
                         "(a shorter start matches too many words)", position=pos)
    if re.fullmatch(r"[^*?]+\*+", normalised):
        return Pattern(literal, "prefix", field_name)
    return Pattern(normalised, "wildcard", field_name)


def _field_value(name: str, tok: _Tok) -> Node | None:
    value = tok.text.strip()
    if not value:
        raise QueryError(f"{name}: needs a value, e.g. {_EXAMPLES[name]}", position=tok.pos)
    if name == "kind":
        kinds = [k.value for k in DocumentKind]
        if value.lower() not in kinds:
            raise QueryError(f"kind:{value} is not a document kind; use one of {', '.join(kinds)}",
                             position=tok.pos)
        return Filter("kind", value.lower())
    if name == "docket":
        from casebook.index.schema import docket_key

        return Filter("docket", docket_key(value))
    if name == "tag":
        return Filter("tag", tag_value(value))
    if name == "type":
        unit_type = unit_type_value(value)
        if unit_type is None:
            raise QueryError(f"type:{value} is not a kind of hit; use one of {', '.join(UNIT_TYPES)}",
                             position=tok.pos)
        return Filter("type", unit_type)
    if name in ("filed", "date"):
        return _date_filter(value, tok.pos)
    target = "title" if name == "title" else "court"
    if tok.kind == "phrase":
        terms = split_words(value)
        return Phrase(tuple(terms), field=target) if terms else None
    return _word_node(value, tok.pos, [], field_name=target)


def _date_filter(value: str, pos: int) -> Filter:
    bad = QueryError(f"filed:{value}: write dates as 2025, 2025-06 or 2025-06-30, and ranges as "
                     "filed:[2025-01-01 TO 2025-06-30] (* for an open end)", position=pos)
    range_match = re.fullmatch(r"[\[{]\s*(\S+)\s+(?:TO|to)\s+(\S+?)\s*[\]}]", value)
    if range_match:
        low, high = range_match.groups()
        for bound in (low, high):
            if bound != "*" and not _valid_date(bound):
                raise bad
        low_value = None if low == "*" else low
        high_value = None if high == "*" else high
        if low_value and high_value and low_value > high_value:
            raise QueryError(f"filed:{value}: the range ends before it starts", position=pos)
        return Filter("date", low=low_value, high=high_value)
    compare = re.fullmatch(r"(>=|<=|>|<)(\S+)", value)
    if compare and _valid_date(compare.group(2)):
        op, bound = compare.groups()
        return Filter("date", low=bound) if op.startswith(">") else Filter("date", high=bound)
    if _valid_date(value):
        return Filter("date", low=value, high=value)
    raise bad


def _valid_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    parts = [int(p) for p in text.split("-")]
    return (len(parts) < 2 or 1 <= parts[1] <= 12) and (len(parts) < 3 or 1 <= parts[2] <= 31)


def parse(query: str) -> ParsedQuery:
    """Read a query typed by a user; raises QueryError only for what cannot be sensibly guessed."""
    notices: list[str] = []
    tokens = _lex(query, notices)
    root = _Parser(tokens, notices).parse()
    if root is None:
        if query.strip() and tokens:
            raise QueryError("Nothing to search for: very common words (the, of, and …) are not searched "
                             'on their own; put them in quotes for an exact phrase, e.g. "the order"')
        root = Everything()
    return ParsedQuery(root, notices)

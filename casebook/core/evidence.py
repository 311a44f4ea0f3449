"""The evidence model: excerpts, claims, links, people and organisations, tags, issues and fuzzy event dates."""

from __future__ import annotations

import calendar
import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import total_ordering
from typing import TypeVar

from casebook.core.anchoring import Anchor, Quad
from casebook.core.errors import CasebookError

log = logging.getLogger(__name__)


class EvidenceError(CasebookError):
    """An edit of claims, excerpts, links, tags, people or issues that cannot be made, and why."""


class ClaimType(StrEnum):
    """What kind of assertion a claim is; decides whether its own source can count as evidence for it."""

    SWORN_STATEMENT = "sworn statement"
    ALLEGATION = "allegation"
    ADMISSION = "admission"
    FINDING = "finding/order"
    NEWS_REPORT = "news report"
    EXPERT_OPINION = "expert opinion"

    @property
    def is_evidence_itself(self) -> bool:
        """Testimony, admissions, findings and expert opinions prove something; allegations and reports do not."""
        return self in (ClaimType.SWORN_STATEMENT, ClaimType.ADMISSION, ClaimType.FINDING, ClaimType.EXPERT_OPINION)


class ClaimStatus(StrEnum):
    UNDISPUTED = "undisputed"
    DISPUTED = "disputed"
    NEEDS_EVIDENCE = "needs evidence"


class Relation(StrEnum):
    """How an excerpt bears on a claim."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    QUALIFIES = "qualifies"
    CONTEXT = "context"


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


_Choice = TypeVar("_Choice", bound=StrEnum)


def parse_choice(enum: type[_Choice], value: str, *, what: str) -> _Choice:
    """Accept an enum value loosely ("sworn", "sworn_statement", "Finding") and name the choices when it fails."""
    wanted = re.sub(r"[\s_\-]+", " ", value.strip().lower())
    for member in enum:
        if wanted in (member.value, member.name.lower().replace("_", " ")):
            return member
    starts = [m for m in enum if m.value.startswith(wanted) or m.name.lower().startswith(wanted.replace(" ", "_"))]
    if wanted and len(starts) == 1:
        return starts[0]
    choices = ", ".join(m.value for m in enum)
    raise EvidenceError(f"{value!r} is not a {what}; choose one of: {choices}")


# --- fuzzy dates -----------------------------------------------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_MDY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_DMY = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$")
_OPEN_BOUNDS = (("on or before ", "on_or_before"), ("no later than ", "on_or_before"), ("by ", "on_or_before"),
                ("on or after ", "on_or_after"), ("no earlier than ", "on_or_after"))
_MY = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$")


def _month(name: str, text: str) -> int:
    if name not in _MONTHS:
        raise EvidenceError(f"{text!r}: {name!r} is not a month")
    return _MONTHS[name]


def _point(text: str) -> tuple[date, date, str]:
    """One date of any precision as its (first day, last day, precision)."""
    raw = text
    text = text.strip().lower()
    try:
        if m := _ISO.match(text):
            year = int(m.group(1))
            if m.group(3):
                day = date(year, int(m.group(2)), int(m.group(3)))
                return day, day, "day"
            if m.group(2):
                month = int(m.group(2))
                last = calendar.monthrange(year, month)[1]
                return date(year, month, 1), date(year, month, last), "month"
            return date(year, 1, 1), date(year, 12, 31), "year"
        if m := _MDY.match(text):
            day = date(int(m.group(3)), _month(m.group(1), raw), int(m.group(2)))
            return day, day, "day"
        if m := _DMY.match(text):
            day = date(int(m.group(3)), _month(m.group(2), raw), int(m.group(1)))
            return day, day, "day"
        if m := _MY.match(text):
            year, month = int(m.group(2)), _month(m.group(1), raw)
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"
    except ValueError as exc:
        raise EvidenceError(f"{raw!r}: not a real date ({exc})") from exc
    raise EvidenceError(
        f"{raw!r}: not a date Casebook understands; use 2025-01-23, 2025-04, 2025, January 23, 2025, "
        "'on or before 2025-01-23', 'on or after 2025-01-23' or 'between 2025-01-01 and 2025-03-31'"
    )


@total_ordering
@dataclass(frozen=True)
class FuzzyDate:
    """An event date as precise as the evidence allows: a day, a month, a year, an open bound or a range.

    `earliest`/`latest` bound the possible days (None = unbounded). Dates sort by earliest possible day, then
    latest; an open-ended "on or before" sorts by its bound.
    """

    kind: str  # day | month | year | on_or_before | on_or_after | between
    earliest: date | None
    latest: date | None

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        cleaned = re.sub(r"\s+", " ", text.strip())
        lower = cleaned.lower()
        if not lower:
            raise EvidenceError("an empty event date; leave the date out instead")
        for prefix, kind in _OPEN_BOUNDS:
            if lower.startswith(prefix):
                first, last, _ = _point(cleaned[len(prefix):])
                return cls(kind, None, last) if kind == "on_or_before" else cls(kind, first, None)
        if m := re.match(r"^between (.+?) and (.+)$", lower):
            first, _, _ = _point(m.group(1))
            _, last, _ = _point(m.group(2))
            if last < first:
                raise EvidenceError(f"{text!r}: the range ends before it begins")
            return cls("between", first, last)
        first, last, precision = _point(cleaned)
        return cls(precision, first, last)

    def _ends(self) -> tuple[date, date]:
        """(earliest, latest) with an open end filled from the other; every parsed date has one end."""
        first = self.earliest or self.latest
        last = self.latest or self.earliest
        if first is None or last is None:
            raise EvidenceError("an event date needs at least one end")
        return first, last

    def __str__(self) -> str:
        first, last = self._ends()
        if self.kind == "day":
            return first.isoformat()
        if self.kind == "month":
            return first.isoformat()[:7]
        if self.kind == "year":
            return str(first.year)
        if self.kind == "on_or_before":
            return f"on or before {last.isoformat()}"
        if self.kind == "on_or_after":
            return f"on or after {first.isoformat()}"
        return f"between {first.isoformat()} and {last.isoformat()}"

    def describe(self) -> str:
        """The date as a brief would write it: "Jan. 23, 2026", "Apr. 2025", "on or before Jan. 23, 2026"."""
        def day(d: date) -> str:
            return f"{_short_month(d.month)} {d.day}, {d.year}"
        first, last = self._ends()
        if self.kind == "day":
            return day(first)
        if self.kind == "month":
            return f"{_short_month(first.month)} {first.year}"
        if self.kind == "year":
            return str(first.year)
        if self.kind == "on_or_before":
            return f"on or before {day(last)}"
        if self.kind == "on_or_after":
            return f"on or after {day(first)}"
        return f"between {day(first)} and {day(last)}"

    @property
    def sort_key(self) -> tuple[date, date]:
        return self._ends()

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return (self.sort_key, _KIND_ORDER[self.kind]) < (other.sort_key, _KIND_ORDER[other.kind])

    def could_be_on_or_before(self, day: date) -> bool:
        return self.earliest is None or self.earliest <= day


# At equal bounds, an open "on or before" reads before the exact day it bounds.
_KIND_ORDER = {"on_or_before": 0, "between": 1, "year": 2, "month": 3, "day": 4, "on_or_after": 5}


def _short_month(month: int) -> str:
    """Bluebook month abbreviations: Jan., Feb., …, May, June, July, …, Sept., …"""
    return ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")[month - 1]


def parse_iso_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def date_conflict(event: FuzzyDate | None, document_date: str | None) -> str | None:
    """Why an event date cannot be right for a document dated `document_date` (an event after the filing)."""
    doc_day = parse_iso_day(document_date)
    if event is None or doc_day is None or event.could_be_on_or_before(doc_day):
        return None
    return f"event date {event} is after the asserting document's date {doc_day.isoformat()}"


# --- tags --------------------------------------------------------------------------------------------------------

_PALETTE = ("#d64545", "#e08a1e", "#c9b400", "#3c9a4a", "#2a8fb0", "#4b62c9", "#8a4fc2", "#c24f8f")


def normalise_tag_path(path: str) -> str:
    """"Hot / Privilege " -> "hot/privilege": lower case, single spaces, no empty levels, no commas."""
    parts = [re.sub(r"\s+", " ", part).strip().lower() for part in path.strip().strip("/").split("/")]
    if not path.strip() or any(not part for part in parts):
        raise EvidenceError(f"{path!r}: a tag path needs a name at every level, e.g. 'hot/privilege'")
    bad = [part for part in parts if "," in part or ":" in part]
    if bad:
        raise EvidenceError(f"{path!r}: tag names cannot contain ',' or ':'")
    return "/".join(parts)


def tag_ancestors(path: str) -> list[str]:
    """"hot/privilege/email" -> ["hot", "hot/privilege", "hot/privilege/email"]; `tag:hot` finds them all."""
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def expand_tags(paths: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({a for p in paths for a in tag_ancestors(p)}))


def normalise_colour(colour: str | None, *, path: str) -> str:
    """'#ABC' or '#aabbcc' kept as '#aabbcc'; no colour picks a stable one from the palette by path."""
    if not colour:
        digest = hashlib.sha256(path.split("/")[0].encode("utf-8")).digest()
        return _PALETTE[digest[0] % len(_PALETTE)]
    value = colour.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    if not re.fullmatch(r"#[0-9a-f]{6}", value):
        raise EvidenceError(f"{colour!r}: give a colour as #rrggbb, e.g. #d64545")
    return value


# --- records -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tag:
    id: int
    path: str
    colour: str

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def depth(self) -> int:
        return self.path.count("/")


@dataclass(frozen=True)
class Excerpt:
    """A passage of a document: its W3C quote and position, highlight quads per page, notes, tags and people.

    `review` is set when re-anchoring could not place the excerpt exactly ("fuzzy") or at all ("lost");
    the excerpt is kept with its old anchor until someone reviews it.
    """

    id: int
    document_id: int
    anchor: Anchor
    quads: dict[int, list[Quad]] = field(default_factory=dict)
    note: str = ""
    tags: tuple[str, ...] = ()
    entity_ids: tuple[int, ...] = ()
    review: str | None = None
    review_note: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def text(self) -> str:
        return self.anchor.quote.exact


@dataclass(frozen=True)
class Claim:
    """A proposition someone asserts in a source, with its type, status, issues and (fuzzy) event date."""

    id: int
    statement: str
    claim_type: ClaimType
    status: ClaimStatus
    asserted_by: int | None = None
    asserted_in_document: int | None = None
    asserted_in_excerpt: int | None = None
    issue_ids: tuple[int, ...] = ()
    event_date: FuzzyDate | None = None
    note: str = ""
    tags: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class Link:
    id: int
    claim_id: int
    excerpt_id: int
    relation: Relation
    note: str = ""


@dataclass(frozen=True)
class Entity:
    """A person or organisation in the case, with aliases, role and (for people) the organisation they work for."""

    id: int
    kind: EntityKind
    name: str
    role: str = ""
    organisation_id: int | None = None
    aliases: tuple[str, ...] = ()
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Issue:
    id: int
    title: str
    parent_id: int | None = None
    position: int = 0
    note: str = ""


@dataclass(frozen=True)
class OutlineItem:
    number: str  # "1", "1.2"
    depth: int
    issue: Issue


def issue_outline(issues: Sequence[Issue]) -> list[OutlineItem]:
    """Issues in outline order, numbered "1", "1.1", "1.2", "2" by parent and position."""
    children: dict[int | None, list[Issue]] = {}
    for issue in issues:
        children.setdefault(issue.parent_id, []).append(issue)
    out: list[OutlineItem] = []

    def walk(parent: int | None, prefix: str, depth: int) -> None:
        for i, issue in enumerate(sorted(children.get(parent, []), key=lambda x: (x.position, x.id)), start=1):
            number = f"{prefix}{i}"
            out.append(OutlineItem(number, depth, issue))
            walk(issue.id, f"{number}.", depth + 1)

    walk(None, "", 0)
    return out


# --- rules -------------------------------------------------------------------------------------------------------

def check_link(claim: Claim, excerpt_id: int, relation: Relation, existing: Sequence[Link]) -> None:
    """The relation rules, raised as EvidenceError:

    1. One link per claim–excerpt pair (change the relation by unlinking, or replace it explicitly).
    2. The excerpt in which the claim is asserted cannot contradict or qualify the claim: a source does not
       disagree with itself.
    3. It can *support* the claim only when the assertion is itself evidence (a sworn statement, admission,
       finding/order or expert opinion); an allegation or a news report does not prove itself, so its own
       excerpt can only be `context`.
    """
    for link in existing:
        if link.claim_id == claim.id and link.excerpt_id == excerpt_id:
            raise EvidenceError(
                f"excerpt {excerpt_id} is already linked to claim {claim.id} as {link.relation.value}; "
                "unlink it first or replace the relation")
    if claim.asserted_in_excerpt == excerpt_id:
        if relation in (Relation.CONTRADICTS, Relation.QUALIFIES):
            raise EvidenceError(
                f"excerpt {excerpt_id} is where claim {claim.id} is asserted; a source cannot "
                f"{'contradict' if relation is Relation.CONTRADICTS else 'qualify'} the claim it makes")
        if relation is Relation.SUPPORTS and not claim.claim_type.is_evidence_itself:
            raise EvidenceError(
                f"excerpt {excerpt_id} is where claim {claim.id} is asserted, and a {claim.claim_type.value} "
                "is not evidence of itself; link it as context, or find independent support")


def claim_warnings(claim: Claim, links: Sequence[Link], *, document_date: str | None) -> list[str]:
    """Things a reviewer should look at: an impossible event date, an 'undisputed' claim with contrary evidence."""
    warnings = []
    conflict = date_conflict(claim.event_date, document_date)
    if conflict:
        warnings.append(conflict)
    if claim.status is ClaimStatus.UNDISPUTED and any(link.relation is Relation.CONTRADICTS for link in links):
        warnings.append("marked undisputed but linked to contradicting evidence")
    return warnings

"""A court filing described as data (caption, numbered paragraphs, signature, ECF stamp) for printing."""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from casebook.core.documents import DocumentKind, DocumentMetadata, EcfStamp

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FilingParagraph:
    """One numbered paragraph; `heading` (lines separated by "\\n") is printed centred and bold before it."""

    text: str
    heading: str = ""


@dataclass(frozen=True)
class FilingSpec:
    """Everything needed to print a US district-court filing as a CM/ECF-stamped PDF.

    `case_number` is the bare docket number ("1:25-cv-01234"); the judge's initials are appended in the ECF
    stamp ("1:25-cv-01234-ABC") and in parentheses in the caption ("Civil Action No. 1:25-cv-01234 (ABC)").
    Numbered paragraphs are numbered 1, 2, … in order. `notice` is a small line printed in the bottom margin
    of every page (the demo uses it to mark reconstructions as illustrative).
    """

    court: tuple[str, ...]
    plaintiffs: tuple[str, ...]
    defendants: tuple[str, ...]
    case_number: str
    title: str
    kind: DocumentKind = DocumentKind.OTHER
    judge_initials: str = ""
    case_label: str = "Civil Action No."
    plaintiff_role: str = "Plaintiff,"
    defendant_role: str = "Defendants."
    preamble: tuple[str, ...] = ()
    paragraphs: tuple[FilingParagraph, ...] = ()
    closing_heading: str = ""
    closing: tuple[str, ...] = ()
    signature: tuple[str, ...] = ()
    ecf_document_number: str = "1"
    filed_date: str = ""  # ISO yyyy-mm-dd
    notice: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if self.filed_date:
            # Fail at load time rather than when the stamp is printed on page 400.
            try:
                _dt.date.fromisoformat(self.filed_date)
            except ValueError as exc:
                raise ValueError(
                    f"filed_date must be an ISO date (yyyy-mm-dd), not {self.filed_date!r}"
                ) from exc
        if not self.case_number.strip():
            raise ValueError("a filing needs a case number")

    # --- how the case number and stamp are printed -------------------------------------------------

    @property
    def ecf_case_number(self) -> str:
        """The case number as CM/ECF prints it in the page header: "1:25-cv-01234-ABC"."""
        return f"{self.case_number}-{self.judge_initials}" if self.judge_initials else self.case_number

    @property
    def caption_case_number(self) -> str:
        """The case number as the caption prints it: "Civil Action No. 1:25-cv-01234 (ABC)"."""
        suffix = f" ({self.judge_initials})" if self.judge_initials else ""
        return f"{self.case_label} {self.case_number}{suffix}".strip()

    @property
    def filed_date_stamp(self) -> str:
        """The filed date as CM/ECF prints it: mm/dd/yy, or "" when the filing has no date."""
        if not self.filed_date:
            return ""
        return _dt.date.fromisoformat(self.filed_date).strftime("%m/%d/%y")

    def stamp_text(self, page: int, page_count: int) -> str:
        """The header line CM/ECF adds to every page, e.g. "Case 1:25-cv-01234-ABC Document 62 Filed …"."""
        parts = [f"Case {self.ecf_case_number}", f"Document {self.ecf_document_number}"]
        if self.filed_date:
            parts.append(f"Filed {self.filed_date_stamp}")
        parts.append(f"Page {page} of {page_count}")
        # Real stamps separate the fields with runs of spaces; text extraction reads them as single gaps.
        return "   ".join(parts)

    def stamp(self, page: int, page_count: int) -> EcfStamp:
        """The stamp of one page as the core type importers produce when they read it back."""
        return EcfStamp(
            case_number=self.ecf_case_number,
            document_number=self.ecf_document_number,
            filed_date=self.filed_date or None,
            page=page,
            page_count=page_count,
        )

    def metadata(self) -> DocumentMetadata:
        """Descriptive metadata of the filing, as an importer would record it."""
        author = next((line[3:].strip() for line in self.signature if line.startswith("/s/")), None)
        return DocumentMetadata(
            title=self.title,
            kind=self.kind,
            court=" ".join(self.court) or None,
            case_number=self.ecf_case_number,
            ecf_document_number=self.ecf_document_number,
            filed_date=self.filed_date or None,
            author=author,
        )

    # --- JSON-shaped dictionaries ---------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FilingSpec:
        """Build a spec from a JSON-shaped mapping (the caller reads the file; core does no I/O).

        Paragraphs may be plain strings or {"text": …, "heading": …} objects. Unknown keys are kept in
        `extra` so demo files can carry notes without breaking the loader.
        """
        if not isinstance(data, Mapping):
            raise ValueError("a filing spec must be a JSON object")
        missing = [key for key in ("court", "case_number", "title") if key not in data]
        if missing:
            raise ValueError(f"filing spec is missing {', '.join(missing)}")
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        kind = data.get("kind", DocumentKind.OTHER.value)
        try:
            document_kind = DocumentKind(kind)
        except ValueError as exc:
            raise ValueError(f"unknown filing kind {kind!r}") from exc
        return cls(
            court=_lines(data, "court"),
            plaintiffs=_lines(data, "plaintiffs"),
            defendants=_lines(data, "defendants"),
            case_number=_text(data, "case_number"),
            title=_text(data, "title"),
            kind=document_kind,
            judge_initials=_text(data, "judge_initials"),
            case_label=_text(data, "case_label", "Civil Action No."),
            plaintiff_role=_text(data, "plaintiff_role", "Plaintiff,"),
            defendant_role=_text(data, "defendant_role", "Defendants."),
            preamble=_lines(data, "preamble"),
            paragraphs=tuple(_paragraph(item) for item in _sequence(data, "paragraphs")),
            closing_heading=_text(data, "closing_heading"),
            closing=_lines(data, "closing"),
            signature=_lines(data, "signature"),
            ecf_document_number=_text(data, "ecf_document_number", "1"),
            filed_date=_text(data, "filed_date"),
            notice=_text(data, "notice"),
            extra={key: value for key, value in data.items() if key not in known},
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-shaped mapping `from_dict` reads back into an equal spec."""
        out: dict[str, Any] = dict(self.extra)
        out.update(
            court=list(self.court),
            plaintiffs=list(self.plaintiffs),
            defendants=list(self.defendants),
            case_number=self.case_number,
            title=self.title,
            kind=self.kind.value,
            judge_initials=self.judge_initials,
            case_label=self.case_label,
            plaintiff_role=self.plaintiff_role,
            defendant_role=self.defendant_role,
            preamble=list(self.preamble),
            paragraphs=[
                {"heading": p.heading, "text": p.text} if p.heading else p.text for p in self.paragraphs
            ],
            closing_heading=self.closing_heading,
            closing=list(self.closing),
            signature=list(self.signature),
            ecf_document_number=self.ecf_document_number,
            filed_date=self.filed_date,
            notice=self.notice,
        )
        return out


def _sequence(data: Mapping[str, Any], key: str) -> Sequence[Any]:
    value = data.get(key, ())
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValueError(f"filing spec field {key!r} must be a list")
    return value


def _lines(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    lines = _sequence(data, key)
    if not all(isinstance(line, str) for line in lines):
        raise ValueError(f"filing spec field {key!r} must be a list of strings")
    return tuple(lines)


def _text(data: Mapping[str, Any], key: str, default: str = "") -> str:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"filing spec field {key!r} must be text")
    # Document numbers are often written as JSON numbers; ECF treats them as text.
    return str(value)


def _paragraph(item: Any) -> FilingParagraph:
    if isinstance(item, str):
        return FilingParagraph(text=item)
    if isinstance(item, Mapping) and isinstance(item.get("text"), str):
        heading = item.get("heading", "")
        if not isinstance(heading, str):
            raise ValueError("a paragraph heading must be text")
        return FilingParagraph(text=item["text"], heading=heading)
    raise ValueError("a paragraph must be text or an object with a 'text' field")

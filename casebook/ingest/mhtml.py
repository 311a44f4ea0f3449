"""Pull the saved page's HTML out of an MHTML (.mhtml/.mht) archive; every other part is ignored unread."""

from __future__ import annotations

import contextlib
import email
import email.errors
import email.header
import email.policy
import logging
from dataclasses import dataclass
from email.message import Message

from casebook.core.errors import ImportRejected, RejectReason

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MhtmlPage:
    """The HTML part of an MHTML archive with what its MIME headers say about it."""

    html: bytes  # transfer-decoded, still in `charset`
    charset: str | None  # from the part's Content-Type, if given
    url: str | None  # Snapshot-Content-Location / Content-Location: where the page was saved from
    subject: str | None  # browsers put the page title here
    skipped_parts: int  # images, stylesheets, frames … dropped without decoding


def _header(message: Message, name: str) -> str | None:
    value = message.get(name)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _pick_html_part(root: Message) -> tuple[Message | None, int]:
    """The part the archive says is its root (multipart/related `start`), else the first text/html part."""
    parts = [part for part in root.walk() if not part.is_multipart()]
    html_parts = [part for part in parts if part.get_content_type() in ("text/html", "application/xhtml+xml")]
    if not html_parts:
        return None, len(parts)
    start = root.get_param("start") if root.is_multipart() else None
    if isinstance(start, str):
        for part in html_parts:
            if _header(part, "Content-ID") == start:
                return part, len(parts) - 1
    return html_parts[0], len(parts) - 1


def read_mhtml(data: bytes, *, name: str = "file") -> MhtmlPage:
    """Parse `data` as an MHTML archive and return its main HTML part; raise ImportRejected if it has none."""
    # compat32 keeps header values as plain strings and never raises on malformed headers.
    root = email.message_from_bytes(data, policy=email.policy.compat32)
    part, skipped = _pick_html_part(root)
    if part is None:
        raise ImportRejected(RejectReason.EMPTY, f"{name}: the MHTML archive has no HTML part")
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raise ImportRejected(
            RejectReason.DAMAGED, f"{name}: the HTML part of the MHTML archive cannot be decoded"
        )
    subject = _header(root, "Subject")
    if subject:
        # On failure keep the raw header text: a garbled title is better than none.
        with contextlib.suppress(email.errors.HeaderParseError, LookupError, UnicodeError):
            subject = str(email.header.make_header(email.header.decode_header(subject)))
    url = _header(root, "Snapshot-Content-Location") or _header(part, "Content-Location")
    log.debug("%s: MHTML html part %d bytes, %d other parts ignored", name, len(payload), skipped)
    return MhtmlPage(
        html=payload,
        charset=part.get_content_charset(),
        url=url,
        subject=subject or None,
        skipped_parts=skipped,
    )

"""Import a saved news article or web page (.html, .mhtml, .txt, .md) as one page of numbered paragraphs.

Nothing here touches the network: trafilatura only ever receives the decoded HTML string (never a URL),
lxml parses with no_network, and the display HTML is rebuilt from text and sanitised with no remote
references. Pages trafilatura finds no article in (table-heavy PACER docket reports, bare pages) fall
back to the whole visible body, row by row; docket reports are recognised, their caption and entries read.

Paragraph numbers follow one rule for every format (see article_front): ¶ 1 is the first body paragraph;
the headline, subheads, kicker, dek, byline, date-only lines and a dateline alone on its line are shown but
not numbered. Pop-ups, newsletter boxes and "Read more"/related-link promos are removed before extraction.
The author is read from the printed byline and the publication date as printed on the page; the page's
metadata (meta tags, Markdown front matter) is used only when the page prints none.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from lxml import etree

from casebook.core.dockets import DocketEntry
from casebook.core.documents import DocumentKind, DocumentMetadata, ExtractedDocument, ExtractedPage
from casebook.core.errors import ImportRejected, RejectReason
from casebook.ingest import docket
from casebook.ingest.article_front import apply_paragraph_rule, choose_author, choose_date
from casebook.ingest.blocks import Block, render_blocks
from casebook.ingest.encoding import decode_text
from casebook.ingest.htmlblocks import (
    blocks_from_body,
    blocks_from_trafilatura,
    canonical_url,
    close_void_elements,
    dek_texts,
    meta_author,
    page_title,
    parse_html,
    printed_bylines,
    printed_date_texts,
    site_name,
    strip_clutter,
    unwrap_times,
)
from casebook.ingest.mhtml import read_mhtml
from casebook.ingest.sniff import HEAD_SIZE, describe_bytes, sniff
from casebook.ingest.textblocks import read_markdown, read_plain_text
from casebook.ingest.titles import display_title

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
ARTICLE_FORMATS = ("html", "mhtml", "text", "markdown")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def extractor_version() -> str:
    """The extractor stamp stored with every article, so a later version can re-extract consistently."""
    import trafilatura

    return f"casebook-article/1 trafilatura/{trafilatura.__version__}"


def _iso_date(value: str | None) -> str | None:
    match = _ISO_DATE.match(value.strip()) if value else None
    return "-".join(match.groups()) if match else None


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) if value and value.strip() else None


def _read(path: Path, *, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportRejected(
                RejectReason.TOO_LARGE, f"{path.name}: too large ({size:,} bytes; the limit is {max_bytes:,})"
            )
        return path.read_bytes()
    except OSError as exc:
        raise ImportRejected(
            RejectReason.UNREADABLE, f"{path.name}: cannot read file: {exc.strerror or exc}"
        ) from exc


def _trafilatura_extract(text: str) -> Any:
    import trafilatura
    from trafilatura.settings import set_date_params

    return trafilatura.bare_extraction(
        text,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=True,
        with_metadata=True,
        # Only dates the page states in its markup; no guessing from body text.
        date_extraction_params=set_date_params(False),
    )


def _html_document(
    raw: bytes,
    *,
    name: str,
    declared: str | None = None,
    saved_url: str | None = None,
    saved_title: str | None = None,
    warnings: list[str],
    entries: list[DocketEntry],
) -> tuple[list[Block], DocumentMetadata]:
    decoded = decode_text(raw, declared=declared)
    warnings.extend(decoded.notes)
    text = close_void_elements(decoded.text)
    tree = parse_html(text)
    title_tag = page_title(tree)
    url = canonical_url(tree) or saved_url

    if re.search(r"docket", text[:60000], re.I):
        whole = blocks_from_body(tree)
        whole_text = "\n".join(block.text for block in whole)
        if docket.looks_like_docket(title=title_tag, text=whole_text):
            caption = docket.read_caption(whole_text)
            case_name = display_title(caption.case_name) if caption.case_name else None
            if case_name and caption.case_number:
                title = f"{case_name} — Docket No. {caption.case_number}"
            else:
                title = case_name or title_tag or saved_title or f"Docket {caption.case_number or name}"
            printed = f"{caption.case_name} — Docket No. {caption.case_number}" if caption.case_number else None
            metadata = DocumentMetadata(
                title=title,
                title_as_printed=printed if caption.case_name and printed != title else None,
                kind=DocumentKind.DOCKET,
                court=caption.court,
                case_number=caption.case_number,
                filed_date=caption.filed_date,
                url=url,
            )
            entries.extend(docket.read_entries(tree, case_number=caption.case_number))
            return whole, metadata

    strip_clutter(tree)  # pop-ups, newsletter boxes, "Read more" promos: never spliced into a paragraph
    bylines, date_texts = printed_bylines(tree), printed_date_texts(tree)  # read before <time> is unwrapped
    deks, author_meta = dek_texts(tree), meta_author(tree)
    unwrap_times(tree)
    text = etree.tostring(tree, encoding="unicode", method="html")
    try:
        extracted = _trafilatura_extract(text)
    except Exception as exc:  # malformed markup can trip the extractor's own internals (e.g. lxml asserts)
        log.warning("%s: the article extractor failed (%s: %s); importing all visible text", name,
                    type(exc).__name__, exc)
        warnings.append(f"the article extractor failed on this page ({type(exc).__name__}); "
                        "imported all visible text instead")
        extracted = None
    blocks = blocks_from_trafilatura(extracted.body if extracted is not None else None)
    if not blocks:
        blocks = blocks_from_body(tree)
        if blocks:
            warnings.append("no article body recognised; imported all visible text of the page")
    title = _clean(extracted.title if extracted else None) or title_tag or _clean(saved_title) or ""
    blocks = apply_paragraph_rule(blocks, title=title, deks=deks)
    metadata = DocumentMetadata(
        title=title,
        kind=DocumentKind.ARTICLE,
        author=choose_author(bylines, blocks, [extracted.author if extracted else None, author_meta]),
        publisher=_clean(extracted.sitename if extracted else None) or site_name(tree),
        published_date=choose_date(date_texts, blocks, _iso_date(extracted.date if extracted else None)),
        url=url or (extracted.url if extracted else None),
    )
    return blocks, metadata


def _text_document(raw: bytes, *, fmt: str, warnings: list[str]) -> tuple[list[Block], DocumentMetadata]:
    decoded = decode_text(raw, sniff_meta=False)
    warnings.extend(decoded.notes)
    parsed = read_markdown(decoded.text) if fmt == "markdown" else read_plain_text(decoded.text)
    meta = parsed.meta
    title = _clean(parsed.title) or ""
    blocks = apply_paragraph_rule(parsed.blocks, title=title)
    metadata = DocumentMetadata(
        title=title,
        kind=DocumentKind.ARTICLE,
        author=choose_author((), blocks, [meta.get("author"), meta.get("byline")]),
        publisher=_clean(meta.get("publisher") or meta.get("site") or meta.get("source")),
        published_date=choose_date((), blocks, _iso_date(meta.get("date") or meta.get("published"))),
        url=_clean(meta.get("url") or meta.get("canonical_url") or meta.get("source_url")),
    )
    return blocks, metadata


def import_article(
    path: Path,
    *,
    data: bytes | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fmt: str | None = None,
) -> ExtractedDocument:
    """Read one saved article into an ExtractedDocument with a single page of numbered paragraphs.

    `data` is the file's content when the caller already holds it (the file is then not read);
    `fmt` skips sniffing when the caller already knows the format. Raises ImportRejected (EMPTY,
    TOO_LARGE, UNSUPPORTED_TYPE, UNREADABLE, DAMAGED) with a message that names the file.
    """
    path = Path(path)
    name = path.name
    if data is None:
        data = _read(path, max_bytes=max_bytes)
    if len(data) > max_bytes:
        raise ImportRejected(
            RejectReason.TOO_LARGE, f"{name}: too large ({len(data):,} bytes; the limit is {max_bytes:,})"
        )
    if not data:
        raise ImportRejected(RejectReason.EMPTY, f"{name}: the file is empty (0 bytes)")
    fmt = fmt or sniff(path, data[:HEAD_SIZE])
    if fmt not in ARTICLE_FORMATS:
        raise ImportRejected(
            RejectReason.UNSUPPORTED_TYPE,
            f"{name}: not an article: looks like {describe_bytes(data[:HEAD_SIZE])}",
        )

    warnings: list[str] = []
    entries: list[DocketEntry] = []
    if fmt == "mhtml":
        page = read_mhtml(data, name=name)
        if page.skipped_parts:
            log.debug("%s: %d embedded resources not imported", name, page.skipped_parts)
        blocks, metadata = _html_document(
            page.html,
            name=name,
            declared=page.charset,
            saved_url=page.url,
            saved_title=page.subject,
            warnings=warnings,
            entries=entries,
        )
    elif fmt == "html":
        blocks, metadata = _html_document(data, name=name, warnings=warnings, entries=entries)
    else:
        blocks, metadata = _text_document(data, fmt=fmt, warnings=warnings)

    if not blocks:
        raise ImportRejected(RejectReason.EMPTY, f"{name}: no article text found")
    if not metadata.title:
        metadata.title = blocks[0].text.split("\n")[0][:200]
    text, paragraphs, html = render_blocks(blocks)
    for warning in warnings:
        log.info("%s: %s", name, warning)
    return ExtractedDocument(
        format=fmt,
        extractor=extractor_version(),
        metadata=metadata,
        pages=[ExtractedPage(number=1, label="1", text=text, paragraphs=paragraphs)],
        html=html,
        warnings=warnings,
        docket_entries=entries,
    )

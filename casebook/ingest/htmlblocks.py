"""Reduce HTML to Blocks: trafilatura's main-text tree for articles, or else the whole visible body."""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator

from lxml import etree, html

from casebook.ingest.blocks import Block, InlineBuilder, row_block

log = logging.getLogger(__name__)

# --- trafilatura's internal tree (head, p, quote, list/item, table/row/cell, hi, lb, ref, code) ---------

_TRAF_BLOCKS = {"p", "head", "quote", "list", "table", "code", "div"}
_EMPHASIS = {"#i": "em", "#b": "strong"}


def _inline(element: etree._Element, builder: InlineBuilder, *, skip: frozenset[str]) -> None:
    builder.add_text(element.text)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "lb":
            builder.line_break()
        elif tag in skip:
            pass
        elif tag == "hi" and child.get("rend") in _EMPHASIS:
            wrapper = _EMPHASIS[child.get("rend", "")]
            builder.open(wrapper)
            _inline(child, builder, skip=skip)
            builder.close(wrapper)
        elif tag in ("graphic",):
            pass
        elif tag in _TRAF_BLOCKS:
            builder.line_break()
            _inline(child, builder, skip=skip)
            builder.line_break()
        else:
            _inline(child, builder, skip=skip)
        builder.add_text(child.tail)


def _leaf(element: etree._Element, tag: str, out: list[Block], *, skip: frozenset[str] = frozenset()) -> None:
    builder = InlineBuilder()
    _inline(element, builder, skip=skip)
    text, inner = builder.finish()
    if text:
        out.append(Block(tag, text, inner))


def _has_block_children(element: etree._Element) -> bool:
    return any(child.tag in _TRAF_BLOCKS for child in element if isinstance(child.tag, str))


def _heading_tag(element: etree._Element) -> str:
    match = re.fullmatch(r"h([1-6])", element.get("rend", ""))
    return f"h{match.group(1)}" if match else "h2"


def _traf_container(element: etree._Element, out: list[Block], groups: Iterator[int], default: str) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "head":
            _leaf(child, _heading_tag(child), out)
        elif tag == "list":
            _traf_list(child, out, groups)
        elif tag == "table":
            _traf_table(child, out, groups)
        elif tag in ("p", "quote", "div", "code") and _has_block_children(child):
            _traf_container(child, out, groups, "blockquote" if tag == "quote" else default)
        elif tag == "quote":
            _leaf(child, "blockquote", out)
        elif tag in ("graphic", "lb", "comments"):
            continue
        elif tag:
            _leaf(child, default, out)


def _traf_list(element: etree._Element, out: list[Block], groups: Iterator[int]) -> None:
    group = next(groups)
    ordered = element.get("rend", "") == "ol"
    for item in element:
        if item.tag != "item":
            continue
        builder = InlineBuilder()
        _inline(item, builder, skip=frozenset({"list", "table"}))
        text, inner = builder.finish()
        if text:
            out.append(Block("li", text, inner, group=group, ordered=ordered))
        for nested in item:
            if nested.tag in ("list", "table"):
                (_traf_list if nested.tag == "list" else _traf_table)(nested, out, groups)
                group = next(groups)  # items after a nested list start a fresh list element


def _traf_table(element: etree._Element, out: list[Block], groups: Iterator[int]) -> None:
    group = next(groups)
    for row in element.iter("row"):
        cells = []
        for cell in row:
            if cell.tag != "cell":
                continue
            builder = InlineBuilder()
            _inline(cell, builder, skip=frozenset({"table"}))
            text, inner = builder.finish()
            cells.append((text, inner, cell.get("role") == "head"))
        block = row_block(cells, group=group)
        if block is not None:
            out.append(block)


def blocks_from_trafilatura(body: etree._Element | None) -> list[Block]:
    """Blocks from the `body` element of trafilatura's bare_extraction result."""
    out: list[Block] = []
    if body is not None:
        _traf_container(body, out, itertools.count(1), "p")
    return out


# --- fallback: the whole visible <body> of ordinary HTML ------------------------------------------------

_INVISIBLE_TAGS = {
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
    "canvas", "video", "audio", "img", "picture", "input", "select", "textarea", "button", "option",
    "nav", "aside", "footer", "dialog",
}  # fmt: skip
_STRUCTURE = {
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dir", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "form", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "ul",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CHROME_MARKERS = re.compile(
    r"cookie|consent|gdpr|banner|noprint|newsletter|subscribe|share|social|related|popup|pop-up|modal|overlay"
    r"|signup|sign-up|promo|recirc|read-?more|more-from|most-(?:read|popular)|trending|outbrain|taboola|paywall"
    r"|(?<![a-z])ads?(?![a-z])|ad-(?:slot|unit|container|wrapper)|advert|sponsor|interstitial",
    re.I,
)


def _is_chrome(element: etree._Element) -> bool:
    """Page furniture: hidden, print-suppressed menus, cookie banners, share bars."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if element.tag in ("html", "body", "main", "article"):
        return False  # a class like "cookie-consent-open" on <body> must not hide the whole page
    marker = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
    return element.get("role") == "navigation" or bool(_CHROME_MARKERS.search(marker))


class _BodyFlattener:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.builder = InlineBuilder()
        self.tag = "p"
        self.groups = itertools.count(1)
        self.row_group = 0

    def flush(self) -> None:
        text, inner = self.builder.finish()
        if text:
            self.blocks.append(Block(self.tag, text, inner))
        self.tag = "p"

    def visit(self, element: etree._Element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in _INVISIBLE_TAGS or _is_chrome(element):
            return  # comments / PIs / hidden furniture; their tails are added by the parent
        if tag == "br":
            self.builder.line_break()
        elif tag == "tr" and element.find(".//table") is None:
            self.flush()
            self.blocks_row(element)
        elif tag == "table":
            self.flush()
            previous, self.row_group = self.row_group, next(self.groups)
            self.children(element)
            self.flush()
            self.row_group = previous
        elif tag in _HEADINGS or tag in ("li", "blockquote", "pre"):
            self.flush()
            self.tag = tag
            self.children(element)
            self.flush()
        elif tag in _STRUCTURE or tag == "tr":
            self.flush()
            self.children(element)
            self.flush()
        elif tag in ("em", "i", "strong", "b"):
            wrapper = "em" if tag in ("em", "i") else "strong"
            self.builder.open(wrapper)
            self.children(element)
            self.builder.close(wrapper)
        else:
            self.children(element)

    def children(self, element: etree._Element) -> None:
        self.builder.add_text(element.text)
        for child in element:
            self.visit(child)
            self.builder.add_text(child.tail)

    def blocks_row(self, row: etree._Element) -> None:
        cells = []
        for cell in row:
            tag = cell.tag.lower() if isinstance(cell.tag, str) else ""
            if tag not in ("td", "th") or _is_chrome(cell):
                continue
            cell_flattener = _BodyFlattener()
            cell_flattener.children(cell)
            cell_flattener.flush()
            # A cell's inner paragraphs become lines of one cell, keeping the row a single paragraph.
            text = "\n".join(block.text for block in cell_flattener.blocks)
            inner = "<br>".join(block.html for block in cell_flattener.blocks)
            cells.append((text, inner, tag == "th"))
        block = row_block(cells, group=self.row_group or next(self.groups))
        if block is not None:
            self.blocks.append(block)


def blocks_from_body(tree: etree._Element) -> list[Block]:
    """Blocks for the whole visible body: every heading, paragraph and table row, in document order."""
    body = tree.find(".//body")
    flattener = _BodyFlattener()
    flattener.visit(body if body is not None else tree)
    flattener.flush()
    return flattener.blocks


# HTML5 void elements that libxml2's HTML parser does not know are void: it nests everything after an
# unclosed <embed> inside it, and the importers then drop that text with the embed (evidence lost).
_UNKNOWN_VOID_RE = re.compile(r"""(<(embed|source|track)\b(?:[^>"']|"[^"]*"|'[^']*')*?)\s*/?>""", re.IGNORECASE)


def close_void_elements(text: str) -> str:
    """Close <embed>, <source> and <track> right away, as HTML5 parsers do, so text after them is kept."""
    return _UNKNOWN_VOID_RE.sub(r"\1></\2>", text)


def parse_html(text: str) -> etree._Element:
    """Parse decoded HTML into an lxml tree without resolving anything external."""
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True)
    # An XML declaration with an encoding is refused for str input; it says nothing once decoded.
    text = re.sub(r"^(?:\s*<\?xml[^>]*\?>)+", "", text, count=1)
    try:
        root = html.document_fromstring(text or "<html></html>", parser=parser)
    except etree.ParserError:  # markup that parses to no element at all ("</p>"): an empty page
        root = html.document_fromstring("<html></html>", parser=parser)
    return root


def _meta(tree: etree._Element, *names: str) -> str | None:
    for name in names:
        for element in tree.iterfind(".//meta"):
            key = (element.get("property") or element.get("name") or "").strip().lower()
            if key == name and element.get("content", "").strip():
                return element.get("content").strip()
    return None


def page_title(tree: etree._Element) -> str | None:
    title = tree.findtext(".//title")
    return " ".join(title.split()) if title and title.strip() else None


def canonical_url(tree: etree._Element) -> str | None:
    """The page's own address as recorded in it: <link rel=canonical>, else og:url."""
    for link in tree.iterfind(".//link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and (link.get("href") or "").strip():
            return link.get("href").strip()
    return _meta(tree, "og:url", "twitter:url")


def site_name(tree: etree._Element) -> str | None:
    return _meta(tree, "og:site_name", "application-name", "publisher")


# --- clutter inside the article, and the printed byline, date and dek ----------------------------------

_KEEP_ALWAYS = frozenset({"html", "body", "main", "article", "head"})
_INLINE_PROMO = re.compile(
    r"^\s*(?:read\s+more|related|see\s+also|also\s+read|more\s+from|recommended)\s*(?::|»|›|→|$)"
    r"|^\s*(?:sign\s+up|subscribe)\b.{0,80}\b(?:newsletter|inbox|email)s?\b"
    r"|^\s*advertisement\s*$",
    re.I,
)
_COMMENTS = re.compile(r"comment|disqus", re.I)
_BYLINE_MARKERS = re.compile(r"byline|author|contributor|writer|reporter", re.I)
_DATE_MARKERS = re.compile(r"date|time|publish|posted|timestamp|dateline|byline", re.I)
_DEK_MARKERS = re.compile(r"(?<![a-z])(?:dek|deck|standfirst|subhead(?:line)?|sub-head(?:line)?|subtitle|strapline)"
                          r"(?![a-z])", re.I)


def _marker(element: etree._Element) -> str:
    return " ".join(
        element.get(name, "") for name in ("class", "id", "itemprop", "rel", "role", "data-testid")
    )


def _drop(element: etree._Element) -> None:
    """Remove an element and its content, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _is_promo(tag: str, element: etree._Element) -> bool:
    """A short element whose text is a promotion ("Read more: …", "Sign up for our newsletter")."""
    if tag not in ("a", "span", "strong", "b", "em", "i", "aside", "div", "p", "li", "section", "h2", "h3", "h4"):
        return False
    text = element.text_content() or ""
    return len(text) <= 300 and bool(_INLINE_PROMO.match(text))


def _holds_article(element: etree._Element) -> bool:
    """A visible container with several long paragraphs: article text, whatever its class says ("with-share")."""
    style = (element.get("style") or "").replace(" ", "").lower()
    if element.get("hidden") is not None or "display:none" in style or "visibility:hidden" in style:
        return False
    return sum(1 for p in element.iter("p") if len(p.text_content() or "") >= 150) >= 3


def strip_clutter(tree: etree._Element) -> None:
    """Remove pop-ups, newsletter boxes, related-link and "Read more" promos and hidden elements, in place.

    Done before the article extractor sees the page, so their text can never be spliced into a paragraph.
    """
    doomed = []
    for element in tree.iter():
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in _KEEP_ALWAYS:
            continue
        if tag == "dialog" or _is_promo(tag, element) or (_is_chrome(element) and not _holds_article(element)):
            doomed.append(element)
    for element in doomed:
        if any(ancestor in doomed for ancestor in element.iterancestors()):
            continue
        _drop(element)


def _texts(tree: etree._Element, markers: re.Pattern[str], *, tags: tuple[str, ...] = ()) -> list[str]:
    found = []
    for element in tree.iter():
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in _KEEP_ALWAYS or tag in ("meta", "link", "script", "style"):
            continue
        if tag in tags or markers.search(_marker(element)):
            if any(_COMMENTS.search(_marker(e)) for e in (element, *element.iterancestors())):
                continue  # a reader comment's author or date is not the article's
            parent = element.getparent()
            if tag == "time" and parent is not None and len(parent.text_content() or "") > 120:
                continue  # a date mentioned inside a body paragraph, not the article's own date
            text = " ".join((element.text_content() or "").split())
            if text and len(text) <= 300:
                found.append(text)
    return found


def printed_bylines(tree: etree._Element) -> list[str]:
    """Texts of the page's byline and author elements, in page order ("By Nora Whitcombe February 11, …")."""
    return _texts(tree, _BYLINE_MARKERS)


def printed_date_texts(tree: etree._Element) -> list[str]:
    """Texts of the page's <time> and date/byline elements, in page order, as printed (not their attributes)."""
    return _texts(tree, _DATE_MARKERS, tags=("time",))


def dek_texts(tree: etree._Element) -> list[str]:
    """Texts the page marks as its dek (standfirst, subheadline)."""
    return _texts(tree, _DEK_MARKERS)


def meta_author(tree: etree._Element) -> str | None:
    return _meta(tree, "author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author")


def unwrap_times(tree: etree._Element) -> None:
    """Replace <time> elements by their text, in place: the article extractor drops their content, which would
    cut dates out of the sentences that print them ("the motion on July 15, 2024")."""
    etree.strip_tags(tree, "time")

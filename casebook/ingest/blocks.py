"""Article paragraphs as blocks, and their rendering to page text, paragraph offsets and safe display HTML.

Every importer in this package reduces its input to a list of `Block`s. `render_blocks` then makes the
single page text (blocks joined by a blank line), the NumberedParagraph offsets of its numbered blocks (an
article's headline, dek and byline are shown but not numbered; see article_front), and HTML whose
numbered elements (`id="p-N" data-para="N"`) carry exactly the same text (for a table row, the cells'
texts joined by CELL_SEPARATOR), so a viewer can map a quote back to a paragraph. The HTML is finally
passed through nh3 with a short allow-list: nothing remote, no scripts, no styles, no event handlers can
survive even if a builder upstream got something wrong.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass

import nh3

from casebook.core.documents import NumberedParagraph

PARAGRAPH_SEPARATOR = "\n\n"
CELL_SEPARATOR = " | "

BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "tr", "pre"})

_ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre",
    "em", "strong", "b", "i", "a", "br",
    "table", "thead", "tbody", "tr", "td", "th",
}  # fmt: skip
_NUMBERED = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "tr", "pre"}
_ALLOWED_ATTRIBUTES = {tag: {"id", "data-para"} for tag in _NUMBERED}
# Removed with their content, not just unwrapped: their text is never article text.
_DROP_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript",
    "form", "select", "textarea", "button", "title", "head",
}  # fmt: skip

_SPACES = re.compile(r"\s+")  # Unicode whitespace, exactly what str.strip() removes
# Zero-width characters, soft hyphens and control characters carry no text.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit: its tag, plain text, and inner HTML whose text content equals `text`.

    `group` ties consecutive list items or table rows into one <ul>/<ol>/<table>; `ordered` picks <ol>.
    `numbered` is False for text shown but not counted as a paragraph (an article's headline, dek, byline).
    """

    tag: str
    text: str
    html: str
    group: int = 0
    ordered: bool = False
    numbered: bool = True


class InlineBuilder:
    """Collects inline text, emphasis and line breaks, normalising whitespace the way a browser shows it.

    Runs of whitespace become one space, lines are trimmed, a <br> becomes "\\n" in the text and <br> in
    the HTML, and blank lines never appear, so a block's text never contains the paragraph separator.
    """

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._text: list[str] = []
        self._html: list[str] = []
        self._line_empty = True
        self._pending_space = False
        self._pending_break = False
        self._open: list[str] = []

    def add_text(self, value: str | None) -> None:
        if not value:
            return
        value = _SPACES.sub(" ", _INVISIBLE.sub("", value))
        if not value:
            return
        if value.startswith(" "):
            self._pending_space = True
            value = value.lstrip(" ")
        if not value:
            return
        trailing = value.endswith(" ")
        value = value.rstrip(" ")
        if self._pending_break and self._text:
            self._text.append("\n")
            self._html.append("<br>")
            self._line_empty = True
        elif self._pending_space and not self._line_empty and not self._text[-1].endswith(" "):
            self._text.append(" ")
            self._html.append(" ")
        self._pending_break = False
        self._pending_space = trailing
        self._text.append(value)
        self._html.append(htmllib.escape(value, quote=False))
        self._line_empty = False

    def line_break(self) -> None:
        if not self._line_empty or self._pending_break:
            self._pending_break = True
        self._pending_space = False

    def open(self, tag: str) -> None:
        if self._pending_space and not self._line_empty and not self._pending_break:
            # The space belongs before the element ("the <em>survey</em>"), not inside it.
            self._text.append(" ")
            self._html.append(" ")
            self._pending_space = False
        self._html.append(f"<{tag}>")
        self._open.append(tag)

    def close(self, tag: str) -> None:
        if tag in self._open:
            self._open.remove(tag)
            self._html.append(f"</{tag}>")

    @property
    def empty(self) -> bool:
        return not self._text

    def finish(self) -> tuple[str, str]:
        """Return (text, inner html) and reset the builder."""
        while self._open:
            self._html.append(f"</{self._open.pop()}>")
        text, inner = "".join(self._text), "".join(self._html)
        self._reset()
        return text, inner


def row_block(cells: list[tuple[str, str, bool]], *, group: int) -> Block | None:
    """A table row from (text, inner html, is_header) cells; empty cells are left out of text and HTML."""
    kept = [cell for cell in cells if cell[0]]
    if not kept:
        return None
    text = CELL_SEPARATOR.join(cell[0] for cell in kept)
    inner = "".join(f"<{'th' if head else 'td'}>{html}</{'th' if head else 'td'}>" for _, html, head in kept)
    return Block("tr", text, inner, group=group)


def sanitise_html(fragment: str) -> str:
    """Clean any HTML fragment down to structural tags with no links, media, scripts, styles or handlers."""
    return nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    )


def render_blocks(blocks: list[Block]) -> tuple[str, list[NumberedParagraph], str]:
    """Page text, paragraph offsets (numbered blocks only, from 1) and sanitised display HTML for `blocks`."""
    pieces: list[str] = []
    paragraphs: list[NumberedParagraph] = []
    out: list[str] = []
    container: tuple[str, int] | None = None
    offset = 0
    number = 0
    for index, block in enumerate(blocks):
        if index:
            offset += len(PARAGRAPH_SEPARATOR)
        if block.numbered:
            number += 1
            paragraphs.append(NumberedParagraph(number=number, start=offset, end=offset + len(block.text)))
        pieces.append(block.text)
        offset += len(block.text)

        wanted: tuple[str, int] | None = None
        if block.tag == "li":
            wanted = ("ol" if block.ordered else "ul", block.group)
        elif block.tag == "tr":
            wanted = ("table", block.group)
        if wanted != container:
            if container is not None:
                out.append(f"</{container[0]}>")
            if wanted is not None:
                out.append(f"<{wanted[0]}>")
            container = wanted
        tag = block.tag if block.tag in BLOCK_TAGS else "p"
        numbering = f' id="p-{number}" data-para="{number}"' if block.numbered else ""
        out.append(f"<{tag}{numbering}>{block.html}</{tag}>")
    if container is not None:
        out.append(f"</{container[0]}>")
    return PARAGRAPH_SEPARATOR.join(pieces), paragraphs, sanitise_html("\n".join(out))

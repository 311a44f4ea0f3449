"""Split plain text and Markdown into paragraph Blocks, and find their titles and front-matter metadata.

Plain text paragraph rule: blank lines always separate paragraphs. Inside a blank-line block, lines are
re-joined with spaces (the file was hard-wrapped) unless the block looks like one paragraph per line:
some line is longer than HARD_WRAP_LIMIT characters (no one hard-wraps that wide; text copied from a
browser or word processor puts each paragraph on one long line). A line starting with a list bullet or
an enumerator ("- ", "• ", "12. ", "(a) ") always starts a new paragraph.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

from casebook.ingest.blocks import Block, InlineBuilder, row_block

HARD_WRAP_LIMIT = 100

_BLANK_SPLIT = re.compile(r"\n[ \t\f\v]*\n")
_ITEM_START = re.compile(r"^\s*(?:[-*+•‣◦]\s+|\(?\d{1,3}[.)]\s+|\([a-z]\)\s+|¶\s*\d+)")


@dataclass
class TextDocument:
    """Paragraph blocks plus the title and metadata a text or Markdown file gives about itself."""

    blocks: list[Block]
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def _plain_block(text: str, tag: str = "p", *, group: int = 0, ordered: bool = False) -> Block | None:
    builder = InlineBuilder()
    builder.add_text(text)
    clean, inner = builder.finish()
    return Block(tag, clean, inner, group=group, ordered=ordered) if clean else None


def split_plain_paragraphs(text: str) -> list[str]:
    """Paragraph strings of a plain-text file, following the module's documented heuristic."""
    paragraphs: list[str] = []
    for chunk in _BLANK_SPLIT.split(_normalise_newlines(text)):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        one_per_line = max(len(line) for line in lines) > HARD_WRAP_LIMIT
        current: list[str] = []
        for line in lines:
            if current and (one_per_line or _ITEM_START.match(line)):
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            paragraphs.append(" ".join(current))
    return paragraphs


def read_plain_text(text: str) -> TextDocument:
    """Blocks of a plain-text file; the title is its first non-empty line (cut at 200 characters)."""
    blocks = [block for para in split_plain_paragraphs(text) if (block := _plain_block(para)) is not None]
    first_line = next((line.strip() for line in _normalise_newlines(text).split("\n") if line.strip()), None)
    title = " ".join(first_line.split())[:200] if first_line else None
    return TextDocument(blocks, title=title)


# --- Markdown -----------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*\n", re.S)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_BULLET = re.compile(r"^\s{0,3}([-*+])\s+(.*)$")
_ORDERED = re.compile(r"^\s{0,3}(\d{1,9})[.)]\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->", re.S)

_INLINE_CODE = re.compile(r"`([^`]+)`")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)|!\[([^\]]*)\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPH = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


_SHIFT = 0xE100
_SHIELDED = re.compile("[\ue100-\ue17f]")


def _shield(value: str) -> str:
    return "".join(
        chr(_SHIFT + ord(ch)) if ord(ch) < 0x80 and not ch.isalnum() and ch != " " else ch for ch in value
    )


def _unshield(value: str) -> str:
    return _SHIELDED.sub(lambda m: chr(ord(m.group(0)) - _SHIFT), value)


def _md_inline(text: str) -> tuple[str, str]:
    """Strip inline Markdown to (plain text, HTML with <em>/<strong>); links keep only their text."""
    # Escaped characters and code spans are shielded (shifted into a private-use range) so that the
    # emphasis and link patterns below cannot match inside them; _unshield puts them back.
    text = _ESCAPE.sub(lambda m: _shield(m.group(1)), text)
    text = _INLINE_CODE.sub(lambda m: _shield(m.group(1)), text)
    text = _HTML_TAG.sub("", text)
    text = _IMAGE.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _AUTOLINK.sub(r"\1", text)
    # Mark emphasis with private-use sentinels so escaping and whitespace handling cannot disturb it.
    text = _STRONG.sub("\ue001\\2\ue002", text)
    text = _EMPH.sub("\ue003\\2\ue004", text)
    text = _unshield(text)
    builder = InlineBuilder()
    for piece in re.split(r"([\ue001-\ue004])", text):
        if piece == "\ue001":
            builder.open("strong")
        elif piece == "\ue002":
            builder.close("strong")
        elif piece == "\ue003":
            builder.open("em")
        elif piece == "\ue004":
            builder.close("em")
        else:
            builder.add_text(piece)
    return builder.finish()


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-")):
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end() :]


class _MarkdownReader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lines: list[str] = []
        self.kind = "p"
        self.group = 0
        self.groups = 0
        self.ordered = False
        self.table_cells: list[list[str]] = []

    def flush(self) -> None:
        if self.lines:
            text, inner = _md_inline(" ".join(self.lines))
            if text:
                grouped = self.kind == "li"
                self.blocks.append(
                    Block(self.kind, text, inner, group=self.group if grouped else 0, ordered=self.ordered)
                )
        self.lines = []
        self.kind = "p"

    def new_group(self) -> int:
        self.groups += 1
        return self.groups

    def table_row(self, line: str) -> None:
        cells = [_md_inline(cell.strip()) for cell in line.strip().strip("|").split("|")]
        block = row_block([(text, inner, False) for text, inner in cells], group=self.group)
        if block is not None:
            self.blocks.append(block)


def _append_code(blocks: list[Block], lines: list[str]) -> None:
    # Blank lines inside code would read as a paragraph break in the page text; keep the code one block.
    code = "\n".join(line.rstrip() for line in lines if line.strip())
    if code:
        blocks.append(Block("pre", code, htmllib.escape(code, quote=False)))


def read_markdown(text: str) -> TextDocument:
    """Blocks of a Markdown file; title from front matter, else the first heading, else the first line."""
    meta, body = _front_matter(_normalise_newlines(text))
    reader = _MarkdownReader()
    lines = body.split("\n")
    in_fence = False
    fence_lines: list[str] = []
    previous_kind = ""
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            if in_fence:
                _append_code(reader.blocks, fence_lines)
                fence_lines = []
            else:
                reader.flush()
            in_fence = not in_fence
            continue
        if in_fence:
            fence_lines.append(line)
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not line.strip() or _REF_DEF.match(line):
            reader.flush()
            if not line.strip() and previous_kind not in ("ul", "ol"):
                previous_kind = ""  # loose lists (blank lines between items) stay one list
            continue
        if reader.lines and reader.kind == "p" and _SETEXT.match(line):
            reader.kind = "h1" if line.strip().startswith("=") else "h2"
            reader.flush()
            continue
        if _RULE.match(line):
            reader.flush()
            continue
        if previous_kind == "table" and _TABLE_RULE.match(line):
            continue
        if _TABLE_ROW.match(line) and (_TABLE_RULE.match(following) or previous_kind == "table"):
            reader.flush()
            if previous_kind != "table":
                reader.group = reader.new_group()
            reader.table_row(line)
            previous_kind = "table"
            continue
        heading = _ATX.match(line)
        bullet = _BULLET.match(line)
        ordered = _ORDERED.match(line)
        quote = _QUOTE.match(line)
        if heading:
            reader.flush()
            reader.kind = f"h{len(heading.group(1))}"
            reader.lines = [heading.group(2)]
            reader.flush()
            previous_kind = "h"
        elif bullet or ordered:
            reader.flush()
            is_ordered = ordered is not None
            if previous_kind != ("ol" if is_ordered else "ul"):
                reader.group = reader.new_group()
            reader.kind, reader.ordered = "li", is_ordered
            # Ordered-list numbers stay in the text: in legal writing "12." is how a paragraph is cited.
            reader.lines = [f"{ordered.group(1)}. {ordered.group(2)}" if ordered else bullet.group(2) if bullet else ""]
            previous_kind = "ol" if is_ordered else "ul"
        elif quote:
            if reader.kind != "blockquote":
                reader.flush()
                reader.kind = "blockquote"
            if quote.group(1).strip():
                reader.lines.append(quote.group(1))
            else:
                reader.flush()
            previous_kind = "quote"
        else:
            if previous_kind == "quote" or (reader.kind == "li" and not line.startswith((" ", "\t"))):
                reader.flush()
            reader.lines.append(line.strip())
            if reader.kind != "li":
                previous_kind = "p"
    if in_fence:
        _append_code(reader.blocks, fence_lines)
    reader.flush()

    title = meta.get("title")
    if not title:
        first_heading = next((b for b in reader.blocks if b.tag in ("h1", "h2", "h3", "h4", "h5", "h6")), None)
        first = first_heading or (reader.blocks[0] if reader.blocks else None)
        title = first.text.split("\n")[0][:200] if first else None
    return TextDocument(reader.blocks, title=title, meta=meta)

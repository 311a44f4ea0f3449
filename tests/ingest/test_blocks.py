"""Display HTML sanitising and the block renderer's text/offset invariants."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from casebook.ingest.blocks import Block, InlineBuilder, render_blocks, sanitise_html

HOSTILE = """
<p onclick="steal()" style="color:red">Kept <a href="javascript:alert(1)">link text</a>
<a href="https://tracker.example.com/x">remote</a> <img src="https://t.example.com/p.gif" alt="pixel">
<svg><script>alert(2)</script></svg><iframe src="https://e.example.com"></iframe>
<object data="x.swf">OBJ</object><embed src="y.swf"><form><input value="FORM"></form>
<meta http-equiv="refresh" content="0;url=https://bad.example.com"><link rel="stylesheet" href="https://c/x.css">
<style>p{}</style><script>var s = "SCRIPT";</script><!-- comment --></p>
"""


def test_sanitise_html_strips_everything_active_or_remote() -> None:
    cleaned = sanitise_html(HOSTILE)
    assert "Kept" in cleaned and "link text" in cleaned and "remote" in cleaned
    for bad in (
        "http",
        "javascript",
        "onclick",
        "style",
        "<img",
        "<svg",
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<input",
        "<meta",
        "<link",
        "SCRIPT",
        "FORM",
        "OBJ",
        "comment",
        "alert",
    ):
        assert bad not in cleaned, bad


def test_inline_builder_normalises_whitespace_and_breaks() -> None:
    builder = InlineBuilder()
    builder.add_text("  Several\t residents ")
    builder.open("em")
    builder.add_text(" told ")
    builder.close("em")
    builder.line_break()
    builder.line_break()
    builder.add_text("\n the board <angrily> ")
    builder.line_break()
    text, inner = builder.finish()
    assert text == "Several residents told\nthe board <angrily>"
    assert inner == "Several residents <em>told</em><br>the board &lt;angrily&gt;"
    assert builder.empty


def test_render_blocks_groups_lists_and_rows() -> None:
    blocks = [
        Block("h2", "Heading", "Heading"),
        Block("li", "one", "one", group=1),
        Block("li", "two", "two", group=1),
        Block("li", "three", "three", group=2, ordered=True),
        Block("tr", "a | b", "<td>a</td><td>b</td>", group=3),
    ]
    text, paragraphs, html = render_blocks(blocks)
    assert text == "Heading\n\none\n\ntwo\n\nthree\n\na | b"
    assert [(p.number, text[p.start : p.end]) for p in paragraphs] == [
        (1, "Heading"),
        (2, "one"),
        (3, "two"),
        (4, "three"),
        (5, "a | b"),
    ]
    assert html.count("<ul>") == 1 and html.count("<ol>") == 1 and html.count("<table>") == 1
    assert '<li id="p-4" data-para="4">three</li>' in html


@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=12))
def test_paragraph_offsets_always_round_trip(pieces: list[str]) -> None:
    blocks = []
    for piece in pieces:
        builder = InlineBuilder()
        builder.add_text(piece)
        text, inner = builder.finish()
        if text:
            blocks.append(Block("p", text, inner))
    text, paragraphs, _ = render_blocks(blocks)
    assert [text[p.start : p.end] for p in paragraphs] == [block.text for block in blocks]
    assert all("\n\n" not in block.text and block.text == block.text.strip() for block in blocks)

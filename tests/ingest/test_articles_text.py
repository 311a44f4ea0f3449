"""Plain-text and Markdown articles: paragraph splitting, markup stripping, titles and front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.core.documents import DocumentKind
from casebook.core.errors import ImportRejected, RejectReason
from casebook.ingest.articles import import_article
from casebook.ingest.textblocks import split_plain_paragraphs

MARKDOWN = """---
title: Notes on the records appeal
author: "J. Okafor"
date: 2024-05-07
url: https://notes.example.org/records
---

# Records appeal: hearing notes

The panel asked **three** questions about the *deliberative process* exemption; see
[the written order](https://court.example.gov/order.pdf) for the schedule.

Second heading
--------------

- first bullet item
- second bullet with `a_b_c` inline code
  continued on an indented line

1. Numbered point one.
2. Numbered point two.

> A quoted passage from the transcript
> that spans two lines.

| Exhibit | Pages |
|---------|-------|
| A       | 1-4   |

```
code line 1

code line 2
```

***

[ref]: https://example.org/ignored
Closing paragraph with an <span class="x">inline tag</span> and a \\*literal asterisk\\*.
"""


def texts(document) -> list[str]:
    page = document.pages[0]
    return [page.text[p.start : p.end] for p in page.paragraphs]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_markdown_is_reduced_to_paragraph_text(tmp_path: Path) -> None:
    document = import_article(write(tmp_path, "notes.md", MARKDOWN))
    assert document.format == "markdown"
    # Headings (the headline and the subhead) are shown but not numbered: ¶ 1 is the first body paragraph.
    assert texts(document) == [
        "The panel asked three questions about the deliberative process exemption; see the written order "
        "for the schedule.",
        "first bullet item",
        "second bullet with a_b_c inline code continued on an indented line",
        "1. Numbered point one.",
        "2. Numbered point two.",
        "A quoted passage from the transcript that spans two lines.",
        "Exhibit | Pages",
        "A | 1-4",
        "code line 1\ncode line 2",
        "Closing paragraph with an inline tag and a *literal asterisk*.",
    ]
    assert document.pages[0].text.startswith("Records appeal: hearing notes\n\nThe panel asked")
    assert "\n\nSecond heading\n\n" in document.pages[0].text


def test_markdown_html_keeps_structure_but_no_links(tmp_path: Path) -> None:
    html = import_article(write(tmp_path, "notes.md", MARKDOWN)).html or ""
    assert "<h1>Records appeal: hearing notes</h1>" in html and "<h2>Second heading</h2>" in html
    assert '<p id="p-1" data-para="1">The panel asked' in html
    assert "<strong>three</strong>" in html and "<em>deliberative process</em>" in html
    assert "<ul>" in html and "<ol>" in html and "<blockquote" in html and "<table>" in html
    assert "http" not in html and "<a" not in html and "<span" not in html


def test_markdown_front_matter_is_metadata(tmp_path: Path) -> None:
    meta = import_article(write(tmp_path, "notes.md", MARKDOWN)).metadata
    assert meta.kind is DocumentKind.ARTICLE
    assert meta.title == "Notes on the records appeal"
    assert meta.author == "J. Okafor"
    assert meta.published_date == "2024-05-07"
    assert meta.url == "https://notes.example.org/records"


def test_markdown_title_is_first_heading_without_front_matter(tmp_path: Path) -> None:
    content = "Opening line that is not a heading.\n\n## The real heading\n\nBody text.\n"
    assert import_article(write(tmp_path, "n.markdown", content)).metadata.title == "The real heading"


def test_plain_text_blank_line_paragraphs_are_rejoined(tmp_path: Path) -> None:
    content = (
        "Hearing notes, 7 May\n\n"
        "The panel asked about the exemption and\nthe timing of the agency's search,\n"
        "and counsel answered.\n\n"
        "- first point\n- second point\n"
    )
    document = import_article(write(tmp_path, "notes.txt", content))
    assert document.format == "text"
    assert texts(document) == [
        "The panel asked about the exemption and the timing of the agency's search, and counsel answered.",
        "- first point",
        "- second point",
    ]
    assert document.metadata.title == "Hearing notes, 7 May"


def test_plain_text_one_paragraph_per_line(tmp_path: Path) -> None:
    first = "The agency produced a declaration explaining how the records were searched, " * 2
    second = "The requester replied that the search terms were too narrow to find the contracts. " * 2
    content = f"Short title\n\n{first.strip()}\n{second.strip()}\n"
    document = import_article(write(tmp_path, "article.txt", content))
    assert texts(document) == [first.strip(), second.strip()]
    assert document.pages[0].text.startswith("Short title\n\n")


def test_plain_text_windows_newlines_and_cp1252(tmp_path: Path) -> None:
    content = "Caption \u201cIn re Records\u201d\r\n\r\nThe clerk\u2019s note.\r\n".encode("cp1252")
    document = import_article(write(tmp_path, "cp.txt", content))
    assert texts(document) == ["The clerk\u2019s note."]
    assert document.metadata.title == "Caption \u201cIn re Records\u201d"


def test_text_paragraph_offsets_round_trip(tmp_path: Path) -> None:
    document = import_article(write(tmp_path, "notes.md", MARKDOWN))
    page = document.pages[0]
    numbered = texts(document)
    assert [block for block in page.text.split("\n\n") if block in numbered] == numbered
    assert [p.number for p in page.paragraphs] == list(range(1, len(page.paragraphs) + 1))
    assert all(page.text[p.start : p.end] for p in page.paragraphs)


@pytest.mark.parametrize("content", ["", "\n\n   \n", "---\ntitle: only front matter\n---\n"])
def test_text_without_paragraphs_is_empty(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, "blank.md", content)
    with pytest.raises(ImportRejected) as caught:
        import_article(path)
    assert caught.value.reason is RejectReason.EMPTY


def test_split_plain_paragraphs_on_enumerated_lines() -> None:
    assert split_plain_paragraphs("1. First.\n2. Second\ncontinues.\n(a) Third.") == [
        "1. First.",
        "2. Second continues.",
        "(a) Third.",
    ]


def test_seed_article_imports_as_text(corpus_dir: Path) -> None:
    path = corpus_dir.parent / "seed" / "irs-dhs-data-sharing-article.txt"
    if not path.exists():
        pytest.skip("seed article missing")
    document = import_article(path)
    page = document.pages[0]
    assert len(page.paragraphs) > 5
    assert document.metadata.title.startswith("IRS")
    assert all("\n" not in page.text[p.start : p.end] for p in page.paragraphs)
    # A real saved article: its headline is shown but ¶ 1 is the first body paragraph.
    first = page.paragraphs[0]
    assert page.text.startswith(document.metadata.title)
    assert page.text[first.start : first.end].startswith("The IRS shared confidential information")

"""One paragraph rule for every article format; author from the byline; the printed date; no promos in sentences."""

from __future__ import annotations

from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from casebook.ingest.article_front import clean_author, is_date_line, is_dateline_only, publication_date
from casebook.ingest.articles import import_article
from casebook.services.resources import resources_root

HEADLINE = "Judge orders county to reopen records office"
DEK = "The ruling gives the county two weeks to restore walk-in access to public files."
BYLINE = "By Phil Helsel and Ana María de la Cruz"
DATE_LINE = "March 4, 2025, 10:10 PM EST / Updated March 5, 2025, 8:00 AM EST"
BODY = [
    "A state judge on Tuesday ordered Arapahoe County to reopen its records office to walk-in visitors, ruling "
    "that the closure left residents without a practical way to inspect public files.",
    "The county had closed the office in January, citing staffing shortages and the cost of security.",
    "By Monday, officials said, the county expects to post new opening hours on its website.",
]
FRONT = [HEADLINE, DEK, BYLINE, DATE_LINE, "DENVER —"]


def numbered(document) -> list[str]:
    page = document.pages[0]
    return [page.text[p.start : p.end] for p in page.paragraphs]


def as_text() -> str:
    return "\n\n".join([*FRONT, *BODY]) + "\n"


def as_markdown() -> str:
    return "\n\n".join([f"# {HEADLINE}", f"*{DEK}*", BYLINE, DATE_LINE, "DENVER —", *BODY]) + "\n"


def as_html(*, meta_date: str = "2025-03-05T03:10:00Z") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in [DEK, BYLINE, DATE_LINE, "DENVER —", *BODY])
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{HEADLINE} - Valley News</title>'
            f'<meta property="article:published_time" content="{meta_date}"></head>'
            f"<body><article><h1>{HEADLINE}</h1>{paragraphs}</article></body></html>")


def as_mhtml() -> bytes:
    root = MIMEMultipart("related", type="text/html")
    root["Subject"] = HEADLINE
    root["Snapshot-Content-Location"] = "https://valley.example/news/records-office"
    root.attach(MIMEText(as_html(), "html", "utf-8"))
    return root.as_bytes()


@pytest.mark.parametrize("name", ["article.html", "article.mhtml", "article.txt", "article.md"])
def test_one_paragraph_rule_for_every_format(tmp_path: Path, name: str) -> None:
    content = {"article.html": as_html().encode(), "article.mhtml": as_mhtml(), "article.txt": as_text().encode(),
               "article.md": as_markdown().encode()}[name]
    path = tmp_path / name
    path.write_bytes(content)
    document = import_article(path)
    # Headline, dek, byline, date line and a dateline alone on its line are shown but are not paragraphs.
    assert numbered(document) == BODY
    text = document.pages[0].text
    assert text.startswith(HEADLINE) and BYLINE in text and "DENVER —" in text
    assert document.pages[0].paragraphs[0].number == 1
    meta = document.metadata
    assert meta.author == "Phil Helsel and Ana María de la Cruz"
    # The date printed on the page (the meta tag gives the next day in UTC; "Updated" is not publication).
    assert meta.published_date == "2025-03-04"
    if document.html:
        assert f'<p id="p-1" data-para="1">{BODY[0][:20]}' in document.html
        assert f">{HEADLINE}</" in document.html and 'data-para="4"' not in document.html


def test_front_matter_in_the_page_header_is_not_numbered(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        f'<html><head><title>{HEADLINE}</title></head><body><article><header><h1>{HEADLINE}</h1>'
        f'<p class="dek">{DEK}</p><div class="byline">{BYLINE}</div></header>'
        + "".join(f"<p>{text}</p>" for text in BODY) + "</article></body></html>", encoding="utf-8")
    document = import_article(page)
    assert numbered(document) == BODY
    assert document.metadata.author == "Phil Helsel and Ana María de la Cruz"


CLUTTERED = f"""<!doctype html><html><head><meta charset="utf-8"><title>{HEADLINE}</title>
<meta name="author" content="Phil Helsel is a reporter for Valley News.">
<meta property="article:published_time" content="2025-03-04T18:00:00-05:00"></head><body>
<div class="modal newsletter-popup"><p>Get the morning briefing in your inbox. Sign up for our newsletter.</p></div>
<article><h1>{HEADLINE}</h1>
<p>A state judge on Tuesday ordered the county to reopen its records office, ruling that the closure
<span class="inline-promo">READ MORE: County budget talks stall</span> left residents without a way to inspect
public files.</p>
<p>The county had closed the office in January, citing staffing shortages and the cost of security.</p>
<aside class="related-content"><h3>Related</h3><ul><li><a href="/x">Records fight reaches appeals court</a></li>
</ul></aside>
<p>Lawyers for a group of residents argued that the open records act requires a place to read documents.</p>
<div class="ad-container"><p>Advertisement</p></div>
<p><a href="/more">Read more: How open records laws work</a></p>
<p>A county spokesperson said officials were reviewing the order and had not decided whether to appeal.</p>
<div class="author-bio"><p>Phil Helsel is a reporter for Valley News.</p></div>
</article>
<section class="signup"><h2>Sign up for our newsletter</h2><form><input type="email"></form></section>
</body></html>"""


def test_popups_promos_and_related_links_are_not_spliced_into_sentences(tmp_path: Path) -> None:
    page = tmp_path / "cluttered.html"
    page.write_text(CLUTTERED, encoding="utf-8")
    document = import_article(page)
    text = document.pages[0].text
    for clutter in ("READ MORE", "Read more", "budget talks", "Records fight", "newsletter", "Advertisement",
                    "morning briefing"):
        assert clutter not in text, clutter
    paragraphs = numbered(document)
    assert paragraphs[0] == ("A state judge on Tuesday ordered the county to reopen its records office, ruling that "
                             "the closure left residents without a way to inspect public files.")
    assert paragraphs[-1].startswith("A county spokesperson said")
    # No byline on the page: the author field's biography is cut to the name.
    assert document.metadata.author == "Phil Helsel"
    assert document.metadata.published_date == "2025-03-04"  # no printed date: the meta tag's


@pytest.mark.parametrize(("value", "byline", "expected"), [
    ("By Phil Helsel", True, "Phil Helsel"),
    ("Phil Helsel is a reporter for NBC News.", False, "Phil Helsel"),
    ("BY JANE DOE AND JOHN ROE", True, "JANE DOE and JOHN ROE"),
    ("By Jane Doe, John Roe and Ada Lin, Staff Writers", True, "Jane Doe, John Roe and Ada Lin"),
    ("By Jane Doe | Associated Press", True, "Jane Doe"),
    ("Jane Doe; John Roe", False, "Jane Doe and John Roe"),
    ("By Monday, officials said the vote would proceed.", True, None),
    ("By the time the order issued, the county had closed.", True, None),
    ("Phil Helsel", True, None),  # a byline starts with "By"
    ("By Reuters", True, None),
])
def test_author_from_a_byline(value: str, byline: bool, expected: str | None) -> None:
    assert clean_author(value, byline=byline) == expected


def test_dates_and_date_lines() -> None:
    assert publication_date("Published February 12, 2026 at 6:05 AM CST") == "2026-02-12"
    assert publication_date("Feb. 3, 2025 / Updated Feb. 4, 2025") == "2025-02-03"
    assert publication_date("Updated 9:05 p.m. Sept. 9, 2024") is None
    assert publication_date("Posted 12 March 2024, updated 13 March 2024") == "2024-03-12"
    assert is_date_line("Wednesday, Feb. 11, 2026 at 6:42 p.m. EST")
    assert not is_date_line("On Feb. 11, 2026, the court entered its order.")
    assert is_dateline_only("WASHINGTON —") and is_dateline_only("GARDEN CITY, Kan. —")
    assert not is_dateline_only("WASHINGTON — The court ruled on Tuesday.")


def test_demo_articles_number_body_paragraphs_from_one() -> None:
    articles = resources_root() / "demo" / "articles"
    plains = import_article(articles / "plains-public-radio-tax-clinics.html")
    paragraphs = numbered(plains)
    assert paragraphs[0].startswith("GARDEN CITY, Kan. — For years")
    assert paragraphs[2].startswith("In a sworn declaration filed Wednesday")  # ¶ 3, the third body paragraph
    assert plains.metadata.author == "José Elián Ferreira" and plains.metadata.published_date == "2026-02-12"
    ledger = import_article(articles / "capitol-ledger-irs-taxpayer-data.html")
    assert numbered(ledger)[0].startswith("The Internal Revenue Service acknowledged")
    assert ledger.metadata.author == "Nora Whitcombe" and ledger.metadata.published_date == "2026-02-11"


def test_a_date_inside_the_body_is_not_the_publication_date(tmp_path: Path) -> None:
    page = tmp_path / "dated.html"
    page.write_text(
        '<html><head><title>Hearing set</title><meta property="article:published_time" content="2024-06-02T10:00:00Z">'
        "</head><body><article><h1>Hearing set</h1><p>The court will hear the motion on "
        '<time datetime="2024-07-15">July 15, 2024</time>, after the parties file their briefs, and the clerk has '
        "asked both sides to confirm that their witnesses can attend in person on that day.</p>"
        "<p>Neither side commented on the schedule when asked on Sunday afternoon.</p></article></body></html>",
        encoding="utf-8")
    document = import_article(page)
    assert document.metadata.published_date == "2024-06-02"
    assert numbered(document)[0].startswith("The court will hear the motion on July 15, 2024,")


def test_a_body_container_with_a_share_class_is_kept(tmp_path: Path) -> None:
    long = "The commission heard from residents about the water permits for most of the afternoon session. " * 2
    page = tmp_path / "shared.html"
    page.write_text(
        "<html><head><title>Permits</title></head><body><main><div class='story-body has-share-tools'>"
        + "".join(f"<p>{i}. {long}</p>" for i in range(1, 5))
        + "<div class='share-tools'><a href='/x'>Share on X</a></div></div></main></body></html>", encoding="utf-8")
    document = import_article(page)
    assert len(numbered(document)) == 4 and "Share on X" not in document.pages[0].text


def test_a_reader_comment_author_is_not_the_article_author(tmp_path: Path) -> None:
    page = tmp_path / "comments.html"
    page.write_text(
        '<html><head><title>Permits</title><meta name="author" content="Ruth Okafor"></head><body><article>'
        "<h1>Permits</h1>" + "".join(f"<p>{text}</p>" for text in BODY) + "</article>"
        '<section id="comments"><div class="comment"><span class="comment-author">Mary Smith</span>'
        '<time>March 9, 2025</time><p>I was at the hearing too.</p></div></section></body></html>',
        encoding="utf-8")
    meta = import_article(page).metadata
    assert meta.author == "Ruth Okafor" and meta.published_date is None

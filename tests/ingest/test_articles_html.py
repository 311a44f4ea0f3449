"""Saved HTML articles: main text without page clutter, safe display HTML, metadata, paragraph offsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebook.core.documents import DocumentKind
from casebook.core.errors import ImportRejected, RejectReason
from casebook.ingest.articles import DEFAULT_MAX_BYTES, import_article

CLUTTER = [
    "Sports section",
    "Opinion desk",
    "cookies",
    "TRACKER-SCRIPT-TEXT",
    "IFRAME-FALLBACK-TEXT",
    "Related stories",
    "Drought emergency",
    "Subscribe",
    "NEWSLETTER-FIELD",
    "reader comment",
    "HTML-COMMENT-TEXT",
    "All rights reserved",
    "color: #333",
]


def paragraph_texts(document) -> list[str]:
    page = document.pages[0]
    return [page.text[p.start : p.end] for p in page.paragraphs]


def test_article_body_is_extracted_in_order(cluttered_page: Path) -> None:
    document = import_article(cluttered_page)
    texts = paragraph_texts(document)
    # ¶ 1 is the first body paragraph: the headline, the byline and the subhead are shown but not numbered.
    assert texts[0].startswith("The county board postponed its vote on three groundwater permits on Thursday,")
    assert "against the aquifer survey." in texts[1]
    assert "Residents raise concerns" not in texts and "Residents raise concerns" in document.pages[0].text
    assert document.pages[0].text.startswith("County Board Delays Vote on Water Permits\n\n")
    assert not any("Priya Nandakumar" in text for text in texts)
    assert any(text.startswith("“We are not against farming,”") for text in texts)
    # Link text stays, its address does not.
    assert any(text.endswith("posted on the county website.") for text in texts)
    assert "GW-102 | 1,200" in texts


def test_clutter_is_absent_from_text_and_html(cluttered_page: Path) -> None:
    document = import_article(cluttered_page)
    text = document.pages[0].text
    html = document.html or ""
    for clutter in CLUTTER:
        assert clutter not in text, clutter
        assert clutter not in html, clutter


def test_display_html_has_nothing_remote_or_active(cluttered_page: Path) -> None:
    html = import_article(cluttered_page).html or ""
    assert "http" not in html
    for forbidden in ("<script", "<style", "<iframe", "<img", "<form", "<input", "<link", "<meta", "<svg"):
        assert forbidden not in html.lower(), forbidden
    assert not re.search(r"\s(?:src|href|style|on[a-z]+)\s*=", html, re.I)
    assert "<em>aquifer survey</em>" in html


def test_paragraph_elements_are_numbered_like_the_text(cluttered_page: Path) -> None:
    document = import_article(cluttered_page)
    html = document.html or ""
    page = document.pages[0]
    numbers = [int(n) for n in re.findall(r'data-para="(\d+)"', html)]
    assert numbers == [p.number for p in page.paragraphs] == list(range(1, len(page.paragraphs) + 1))
    for paragraph in page.paragraphs:
        assert f'id="p-{paragraph.number}"' in html
    # The element text equals the paragraph text (tags stripped, <br> as newline).
    for paragraph in page.paragraphs:
        element = re.search(rf'<(\w+) id="p-{paragraph.number}" data-para="{paragraph.number}">(.*?)</\1>', html, re.S)
        assert element is not None
        inner = re.sub(r"<br>", "\n", element.group(2))
        inner = re.sub(r"</t[dh]><t[dh]>", " | ", inner)  # row text joins its cells with " | "
        inner = re.sub(r"<[^>]+>", "", inner).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        assert inner == page.text[paragraph.start : paragraph.end]


def test_paragraph_offsets_round_trip(cluttered_page: Path) -> None:
    page = import_article(cluttered_page).pages[0]
    assert (page.number, page.label, page.words) == (1, "1", [])
    texts = paragraph_texts(import_article(cluttered_page))
    blocks = page.text.split("\n\n")
    # Numbered paragraphs are whole blocks of the page text, in order; the rest is unnumbered front matter.
    assert [block for block in blocks if block in texts] == texts
    assert [block for block in blocks if block not in texts] == [
        "County Board Delays Vote on Water Permits", "Residents raise concerns"]
    for text in texts:
        assert text and text == text.strip() and "\n\n" not in text


def test_metadata_and_format(cluttered_page: Path) -> None:
    document = import_article(cluttered_page)
    meta = document.metadata
    assert document.format == "html"
    assert re.fullmatch(r"casebook-article/1 trafilatura/\d+\.\d+.*", document.extractor)
    assert meta.kind is DocumentKind.ARTICLE
    assert meta.title == "County Board Delays Vote on Water Permits"
    assert meta.author == "Priya Nandakumar"
    assert meta.publisher == "The Riverside Ledger"
    assert meta.published_date == "2024-03-14"
    # <link rel=canonical> wins over og:url.
    assert meta.url == "https://ledger.example.com/news/water-permits"


def test_og_url_used_when_no_canonical_link(tmp_path: Path) -> None:
    path = tmp_path / "og.html"
    page = (
        '<html><head><meta property="og:url" content="https://news.example.org/a/77"><title>T</title></head>'
        "<body><article><p>"
        + "A paragraph about a zoning appeal heard on Monday. " * 6
        + "</p></article></body></html>"
    )
    path.write_text(page, encoding="utf-8")
    assert import_article(path).metadata.url == "https://news.example.org/a/77"


def write_bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def article_html(body: str, *, head: str = "") -> str:
    filler = "The hearing lasted most of the afternoon and the record was left open for written comments."
    return (
        f"<html><head>{head}<title>Zoning hearing</title></head><body><article>"
        f"<p>{body}</p><p>{filler}</p><p>{filler} Staff will publish a summary.</p></article></body></html>"
    )


def test_windows_1252_page_without_charset(tmp_path: Path) -> None:
    body = "The clerk called it \u201ca late filing\u201d \u2014 the applicant\u2019s caf\u00e9 permit was held."
    path = write_bytes(tmp_path, "cp1252.html", article_html(body).encode("cp1252"))
    text = import_article(path).pages[0].text
    assert body in text
    assert "\ufffd" not in text


def test_meta_says_latin1_but_bytes_are_utf8(tmp_path: Path) -> None:
    body = "Witness Müller — “quoted” at length — described the well readings."
    head = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    path = write_bytes(tmp_path, "lying-latin1.html", article_html(body, head=head).encode("utf-8"))
    document = import_article(path)
    assert body in document.pages[0].text
    assert any("UTF-8" in warning for warning in document.warnings)


def test_meta_says_utf8_but_bytes_are_cp1252(tmp_path: Path) -> None:
    body = "The board\u2019s \u201cfinal\u201d order named Ren\u00e9e Dupr\u00e9 as the hearing officer."
    path = write_bytes(tmp_path, "lying-utf8.html", article_html(body, head='<meta charset="utf-8">').encode("cp1252"))
    document = import_article(path)
    assert body in document.pages[0].text
    assert any("windows-1252" in warning for warning in document.warnings)


def test_stray_invalid_bytes_are_replaced_not_fatal(tmp_path: Path) -> None:
    body = "Müller said the “east well” dropped 3 m and the na\u00efve estimate was wrong."
    data = article_html(body, head='<meta charset="utf-8">').encode("utf-8")
    data = data.replace(b"east well", b"east\xff well\xfe")
    document = import_article(write_bytes(tmp_path, "stray.html", data))
    text = document.pages[0].text
    assert "Müller said the “east\ufffd well\ufffd” dropped 3 m" in text
    assert any("replaced" in warning for warning in document.warnings)


def test_page_without_article_falls_back_to_visible_text(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Clerk notice</title><script>var x = 'SCRIPTED';</script></head><body>"
        "<nav>Menu</nav><table><tr><td>Hearing</td><td>May 2</td></tr>"
        "<tr><td>Room</td><td>4B</td></tr></table>"
        "</body></html>"
    )
    document = import_article(write_bytes(tmp_path, "notice.htm", page.encode()))
    text = document.pages[0].text
    assert "Hearing | May 2" in text and "Room | 4B" in text
    assert "SCRIPTED" not in text and "Menu" not in text
    assert document.metadata.title == "Clerk notice"


@pytest.mark.parametrize(
    "content",
    [
        b"<html><head><title>Nothing</title></head><body><script>var a = 1;</script></body></html>",
        b"<!doctype html><html><body>   </body></html>",
    ],
)
def test_page_with_no_text_is_rejected_as_empty(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_article(write_bytes(tmp_path, "blank.html", content))
    assert caught.value.reason is RejectReason.EMPTY
    assert "blank.html" in caught.value.message and "no article text found" in caught.value.message


def test_zero_byte_file_is_empty(tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_article(write_bytes(tmp_path, "zero.html", b""))
    assert caught.value.reason is RejectReason.EMPTY


def test_too_large_is_rejected_before_reading(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, "big.html", article_html("x" * 2000).encode())
    with pytest.raises(ImportRejected) as caught:
        import_article(path, max_bytes=1000)
    assert caught.value.reason is RejectReason.TOO_LARGE
    assert "big.html" in caught.value.message
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024


def test_data_argument_is_used_instead_of_reading(tmp_path: Path) -> None:
    missing = tmp_path / "never-written.html"
    document = import_article(missing, data=article_html("In-memory bytes are imported as given.").encode())
    assert "In-memory bytes are imported as given." in document.pages[0].text


def test_pdf_bytes_are_not_an_article(tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_article(write_bytes(tmp_path, "filing.html", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"))
    assert caught.value.reason is RejectReason.UNSUPPORTED_TYPE
    assert "PDF" in caught.value.message


def test_no_published_date_is_guessed_from_body_text(tmp_path: Path) -> None:
    body = "The hearing held on 3 April 2023 was adjourned until the parties exchange expert reports."
    document = import_article(write_bytes(tmp_path, "undated.html", article_html(body).encode()))
    assert document.metadata.published_date is None
    assert document.metadata.title == "Zoning hearing"


def test_markup_that_trips_the_article_extractor_is_refused_plainly(tmp_path):
    """Found by fuzzing: an <svg><script> before <html> made lxml assert inside trafilatura's date search."""
    from casebook.core.errors import ImportRejected, RejectReason
    from casebook.ingest.articles import import_article

    page = tmp_path / "odd.html"
    page.write_text("<svg><script><html>", encoding="utf-8")
    with pytest.raises(ImportRejected) as refused:
        import_article(page)
    assert refused.value.reason == RejectReason.EMPTY and "odd.html" in refused.value.message
    page.write_text("<svg><script></script></svg><html><body><p>The clerk docketed the order.</p></body></html>")
    assert "The clerk docketed the order." in import_article(page).pages[0].text


def test_a_docket_sheet_printed_in_capitals_is_titled_in_display_case() -> None:
    demo_docket = Path(__file__).resolve().parents[2] / "resources" / "demo" / "docket.html"
    document = import_article(demo_docket)
    meta = document.metadata
    assert meta.kind is DocumentKind.DOCKET
    assert meta.title == ("Taxpayer Rights Center v. United States Department of the Treasury"
                          " — Docket No. 1:25-cv-01234")
    assert meta.title_as_printed is not None and meta.title_as_printed.startswith("TAXPAYER RIGHTS CENTER v.")

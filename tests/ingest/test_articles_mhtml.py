"""MHTML archives: only the HTML part is read, with its transfer encoding and charset honoured."""

from __future__ import annotations

from email.message import EmailMessage
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from casebook.core.errors import ImportRejected, RejectReason
from casebook.ingest.articles import import_article
from casebook.ingest.mhtml import read_mhtml

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

ARTICLE = """<!DOCTYPE html><html><head><meta charset="{charset}">
<title>Appeals Panel Hears Records Dispute</title>
<meta name="author" content="Tomasz Wiśniewski">
</head><body>
<nav><a href="https://example.net/">Front page</a> <a href="https://example.net/courts">Courts</a></nav>
<article><h1>Appeals Panel Hears Records Dispute</h1>
<p>A three-judge panel heard argument on Tuesday over whether the agency must release its
correspondence with outside contractors, a question the trial court answered in the requester’s favour.</p>
<img src="cid:photo-1@mhtml.blink" alt="Courthouse steps">
<p>Counsel for the agency — Ms. Łucja Nowak — argued that the “deliberative process” exemption covered
every message, while the requester said most of them were routine scheduling notes.</p>
<p>The panel gave no indication of when it would rule, and both sides declined to comment afterwards.</p>
</article></body></html>
"""


def build_mhtml(*, charset: str = "utf-8", encoding: str = "quoted-printable") -> bytes:
    root = MIMEMultipart("related", type="text/html")
    root["From"] = "<Saved by Blink>"
    root["Snapshot-Content-Location"] = "https://news.example.net/2024/05/appeals-panel"
    root["Subject"] = "=?utf-8?Q?Appeals_Panel_Hears_Records_Dispute?="
    html_part = MIMEText(ARTICLE.format(charset=charset), "html", charset)
    if encoding == "quoted-printable":
        from email import charset as email_charset

        cs = email_charset.Charset(charset)
        cs.body_encoding = email_charset.QP
        html_part = MIMEText(ARTICLE.format(charset=charset), "html", cs)
    html_part["Content-Location"] = "https://news.example.net/2024/05/appeals-panel"
    root.attach(html_part)
    image = MIMEImage(PNG_BYTES, "png")
    image["Content-ID"] = "<photo-1@mhtml.blink>"
    image["Content-Location"] = "https://cdn.example.net/photo.png"
    root.attach(image)
    css = MIMEText("body { background: url(https://cdn.example.net/bg.png) }", "css")
    css["Content-Location"] = "https://cdn.example.net/site.css"
    root.attach(css)
    return root.as_bytes()


@pytest.fixture
def mhtml_file(tmp_path: Path) -> Path:
    path = tmp_path / "appeals-panel.mhtml"
    path.write_bytes(build_mhtml())
    return path


def test_quoted_printable_html_part_is_decoded(mhtml_file: Path) -> None:
    raw = mhtml_file.read_bytes()
    assert b"=E2=80=94" in raw or b"=E2=80=9C" in raw  # the test really uses quoted-printable
    document = import_article(mhtml_file)
    text = document.pages[0].text
    assert document.format == "mhtml"
    assert "Counsel for the agency — Ms. Łucja Nowak — argued that the “deliberative process” exemption" in text
    assert "in the requester’s favour." in text
    assert "Front page" not in text


def test_other_parts_are_dropped(mhtml_file: Path) -> None:
    document = import_article(mhtml_file)
    html = document.html or ""
    assert "cid:" not in html and "<img" not in html and "http" not in html
    assert "background" not in html and "background" not in document.pages[0].text


def test_metadata_from_page_and_archive_headers(mhtml_file: Path) -> None:
    meta = import_article(mhtml_file).metadata
    assert meta.title == "Appeals Panel Hears Records Dispute"
    assert meta.author == "Tomasz Wiśniewski"
    # No canonical link in the page: the address the browser recorded when saving is used.
    assert meta.url == "https://news.example.net/2024/05/appeals-panel"


def test_part_charset_and_base64(tmp_path: Path) -> None:
    root = MIMEMultipart("related", type="text/html")
    root["Snapshot-Content-Location"] = "https://news.example.net/x"
    html = ARTICLE.format(charset="windows-1250").replace("—", "-").replace("“", '"').replace("”", '"')
    html = html.replace("’", "'")
    part = MIMEText(html, "html", "cp1250")  # base64 by default for this charset
    root.attach(part)
    path = tmp_path / "cp1250.mht"
    path.write_bytes(root.as_bytes())
    page = read_mhtml(path.read_bytes(), name=path.name)
    assert page.charset == "cp1250"
    assert page.skipped_parts == 0
    text = import_article(path).pages[0].text
    assert "Ms. Łucja Nowak" in text


def test_archive_without_html_part_is_rejected(tmp_path: Path) -> None:
    root = MIMEMultipart("related")
    root.attach(MIMEImage(PNG_BYTES, "png"))
    path = tmp_path / "only-image.mhtml"
    path.write_bytes(root.as_bytes())
    with pytest.raises(ImportRejected) as caught:
        import_article(path)
    assert caught.value.reason is RejectReason.EMPTY
    assert "only-image.mhtml" in caught.value.message


def test_read_mhtml_reports_skipped_parts(mhtml_file: Path) -> None:
    page = read_mhtml(mhtml_file.read_bytes())
    assert page.skipped_parts == 2
    assert page.subject == "Appeals Panel Hears Records Dispute"
    assert b"deliberative process" in page.html


def test_single_part_message_with_html_body(tmp_path: Path) -> None:
    message = EmailMessage()
    message["MIME-Version"] = "1.0"
    message.set_content(ARTICLE.format(charset="utf-8"), subtype="html")
    path = tmp_path / "single.mht"
    path.write_bytes(message.as_bytes())
    assert "three-judge panel" in import_article(path).pages[0].text

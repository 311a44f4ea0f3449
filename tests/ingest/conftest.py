"""Fixtures for the article importer and sniffing tests: a network tripwire and saved pages on disk."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


class NetworkUsed(AssertionError):
    """Raised when code under test tries to open a network connection."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test in this folder fails loudly if anything tries to connect anywhere."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsed(f"network connection attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def corpus_dir() -> Path:
    folder = CORPUS.resolve()
    if not folder.is_dir():
        pytest.skip("shared test corpus not present")
    return folder


CLUTTERED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>County Board Delays Vote on Water Permits | The Riverside Ledger</title>
<meta name="author" content="Priya Nandakumar">
<meta property="og:site_name" content="The Riverside Ledger">
<meta property="og:url" content="https://ledger.example.com/news/water-permits?utm=og">
<link rel="canonical" href="https://ledger.example.com/news/water-permits">
<meta property="article:published_time" content="2024-03-14T09:30:00Z">
<link rel="stylesheet" href="https://cdn.example.com/site.css">
<style>body { color: #333 } .hidden { display: none }</style>
<script>window.trackReader = function () { return "TRACKER-SCRIPT-TEXT"; };</script>
<script src="https://ads.example.net/loader.js"></script>
</head><body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/sports">Sports section</a></li>
<li><a href="https://ledger.example.com/opinion">Opinion desk</a></li></ul></nav>
<div class="cookie-banner" id="cookie-consent">We use cookies to personalise adverts.
<button onclick="acceptCookies()">Accept all cookies</button></div>
<article>
<h1>County Board Delays Vote on Water Permits</h1>
<p class="byline">By Priya Nandakumar</p>
<p style="font-size:20px" onclick="track()">The county board postponed its vote on three groundwater permits
on Thursday, saying it needed more time to review hydrology reports submitted by the applicants.</p>
<p>Commissioner Alvarez said the reports arrived only two days before the hearing, which left staff
no opportunity to check the pumping estimates against the <em>aquifer survey</em>.</p>
<img src="https://cdn.example.com/photos/hearing.jpg" alt="The hearing room" onerror="alert(1)">
<iframe src="https://video.example.com/embed/123">IFRAME-FALLBACK-TEXT</iframe>
<h2>Residents raise concerns</h2>
<p>Several residents told the board that wells on their properties had dropped noticeably over the past
two summers, and they asked for an independent study.</p>
<blockquote>“We are not against farming,” one speaker said. “We just want the numbers checked by
somebody who is not being paid by the applicant.”</blockquote>
<p>The board will take up the permits again at its April meeting, according to the agenda posted on
<a href="https://county.example.gov/agenda">the county website</a>.</p>
<table><tr><th>Permit</th><th>Acre-feet</th></tr><tr><td>GW-101</td><td>450</td></tr>
<tr><td>GW-102</td><td>1,200</td></tr></table>
</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/x">Drought emergency declared in neighbouring county</a></li>
<li><a href="/y">Farmers sue over canal fees</a></li></ul></aside>
<form action="https://ledger.example.com/subscribe"><input name="email" value="NEWSLETTER-FIELD">
<button>Subscribe to our newsletter</button></form>
<section class="comments" id="comments"><h3>Reader comments</h3>
<p>This reader comment about the hearing must be dropped from the article text.</p></section>
<!-- HTML-COMMENT-TEXT -->
<footer>Copyright 2024 Riverside Ledger. All rights reserved.</footer>
</body></html>
"""


@pytest.fixture
def cluttered_page(tmp_path: Path) -> Path:
    path = tmp_path / "water-permits.html"
    path.write_text(CLUTTERED_PAGE, encoding="utf-8")
    return path

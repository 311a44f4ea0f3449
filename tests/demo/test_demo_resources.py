"""Tests for the demo case resources: manifest, saved-article realism, no sentences reused from the seed."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from casebook.core.documents import DocumentKind
from casebook.core.filing_spec import FilingSpec

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo"
SEED = REPO.parent / "shared" / "seed"
ARTICLES = sorted((DEMO / "articles").glob("*.html"))
RUN = 8  # words in a row that would count as copying

_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    match = _CHARSET.search(raw[:2048])
    return raw.decode(match.group(1).decode("ascii") if match else "utf-8")


def _visible(markup: str) -> str:
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _demo_texts() -> dict[str, str]:
    texts = {}
    for path in sorted(DEMO.rglob("*")):
        if path.suffix == ".json":
            texts[str(path)] = " ".join(_strings(json.loads(path.read_text(encoding="utf-8"))))
        elif path.suffix == ".html":
            markup = _decode(path)
            texts[str(path)] = markup + " " + _visible(markup)
        elif path.suffix == ".md":
            texts[str(path)] = path.read_text(encoding="utf-8")
    return texts


def _words(text: str) -> list[str]:
    # Words only, so a copy cannot hide behind different punctuation, quotes or markup.
    text = text.lower().replace("\u2019", "'")
    return re.findall(r"[a-z0-9]+(?:[.,'][a-z0-9]+)*", text)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?\u201d])\s+|\n+", text) if s.strip()]


def test_manifest_lists_existing_files_in_order_with_known_kinds() -> None:
    case = json.loads((DEMO / "case.json").read_text(encoding="utf-8"))
    assert case["illustrative"] is True
    assert case["case_number"] == "1:25-cv-01234-ABC"
    kinds = [entry["kind"] for entry in case["documents"]]
    assert all(kind in {k.value for k in DocumentKind} for kind in kinds)
    assert kinds[:3] == ["complaint", "order", "declaration"]
    for entry in case["documents"]:
        assert (DEMO / entry["path"]).is_file(), entry["path"]
    listed = {entry["path"] for entry in case["documents"]}
    on_disk = {str(p.relative_to(DEMO)) for p in DEMO.rglob("*") if p.suffix in {".json", ".html"}}
    assert on_disk - {"case.json"} == listed


def test_readme_says_the_demo_is_illustrative() -> None:
    text = " ".join((DEMO / "README.md").read_text(encoding="utf-8").lower().split())
    assert "illustrative reconstruction" in text
    assert "not a real court filing" in text or "none of it is a real court filing" in text


@pytest.mark.parametrize(("name", "count", "document"), [
    ("declaration", (12, 16), "62"), ("complaint", (25, 35), "1"), ("order", (3, 12), "45"),
])
def test_filings_load_and_are_marked_illustrative(name: str, count: tuple[int, int], document: str) -> None:
    spec = FilingSpec.from_dict(json.loads((DEMO / "filings" / f"{name}.json").read_text(encoding="utf-8")))
    assert spec.kind.value == name
    assert count[0] <= len(spec.paragraphs) <= count[1]
    assert spec.ecf_document_number == document
    assert spec.ecf_case_number == "1:25-cv-01234-ABC"
    assert "illustrative" in spec.notice.lower()


def test_filing_dates_follow_the_story() -> None:
    dates = {
        name: json.loads((DEMO / "filings" / f"{name}.json").read_text(encoding="utf-8"))["filed_date"]
        for name in ("complaint", "order", "declaration")
    }
    # The April agreement precedes the complaint; the Jan. 23 letter precedes the declaration.
    assert "2025-04-07" < dates["complaint"] < dates["order"] < "2026-01-23" < dates["declaration"]


def test_articles_look_like_saved_news_pages() -> None:
    assert len(ARTICLES) >= 2
    for path in ARTICLES:
        markup = _decode(path)
        for needle in ('property="og:title"', 'property="og:site_name"', 'property="article:published_time"',
                       'rel="canonical" href="https://', 'rel="stylesheet" href="https://', "srcset=",
                       '<script src="https://', "<form", "<nav" if "<nav" in markup else 'class="menu"'):
            assert needle in markup or needle.replace("<script src", "<script async src") in markup, (
                path.name, needle)
        assert re.search(r"(?i)cookie", markup), path.name
        body = re.search(
            r'(?is)class="story-(?:body|text)"[^>]*>(.*?)(?=<footer|<div class="support-box")', markup
        )
        assert body, path.name
        paragraphs = re.findall(r"(?is)<p>(.*?)</p>", body.group(1))
        assert 8 <= len(paragraphs) <= 15, (path.name, len(paragraphs))
        for url in re.findall(r'(?:href|src)="(https?://[^"]+)"', markup):
            host = re.match(r"https?://([^/]+)", url).group(1)
            # Nothing real may be addressed, except the share-intent sites every saved page links to.
            assert host.endswith(".example") or host in {"www.facebook.com", "x.com", "bsky.app"}, url


def test_one_article_qualifies_the_declaration_figure() -> None:
    texts = {path.name: " ".join(_visible(_decode(path)).split()) for path in ARTICLES}
    assert any("nearly 50,000" in text and "taxpayer data" in text for text in texts.values())


def test_one_article_is_windows_1252_and_one_is_utf8() -> None:
    charsets = {}
    for path in ARTICLES:
        match = _CHARSET.search(path.read_bytes()[:2048])
        charsets[path.name] = match.group(1).decode().lower()
    assert set(charsets.values()) >= {"utf-8", "windows-1252"}
    cp1252 = next(p for p in ARTICLES if charsets[p.name] == "windows-1252")
    with pytest.raises(UnicodeDecodeError):
        cp1252.read_bytes().decode("utf-8")  # really encoded that way, not just labelled
    assert "\u2014" in _decode(cp1252) and "\u201c" in _decode(cp1252)


def _copied_runs(source: str, texts: dict[str, str]) -> list[tuple[str, str]]:
    demo = {name: f" {' '.join(_words(text))} " for name, text in texts.items()}
    copied = []
    for sentence in _sentences(source):
        words = _words(sentence)
        if len(words) <= RUN:
            continue
        for i in range(len(words) - RUN + 1):
            run = " ".join(words[i:i + RUN])
            copied += [(Path(name).name, run) for name, text in demo.items() if f" {run} " in text]
    return copied


def test_copy_detector_sees_through_punctuation_case_and_markup() -> None:
    source = "The agency said it had shared the records with others. Short one, not checked."
    texts = {"a.html": "<p>the Agency <em>said</em> it had — shared, the records!</p>", "b.md": "unrelated"}
    assert _copied_runs(source, {k: _visible(v) for k, v in texts.items()}) == [
        ("a.html", "the agency said it had shared the records")
    ]


def test_demo_text_does_not_reuse_the_seed_sentences() -> None:
    seeds = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if not seeds:
        pytest.skip("seed article not present")
    texts = _demo_texts()
    assert len(texts) >= 6, "demo files not found"
    copied = [run for seed in seeds for run in _copied_runs(seed.read_text(encoding="utf-8"), texts)]
    assert not copied, copied

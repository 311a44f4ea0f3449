"""Filing analysis page by page (running headers, furniture, paragraph numbering) equals the whole-document rules.

The references below are the whole-document algorithms the streamed analysis replaced: every edge line grouped
with every alike line of the document, every page's layout held at once. The generated filings have more
distinct edge lines than the streamed survey tracks, running lines on only some pages, moving page marks,
stamps, pleading line numbers and paragraphs continuing across page breaks.
"""

from __future__ import annotations

import random
import tracemalloc
from collections import Counter

import pytest

from casebook.core.documents import DocumentMetadata, ExtractedDocument, ExtractedPage
from casebook.ingest import furniture
from casebook.ingest import paragraphs as paragraph_finder
from casebook.ingest.filings import (
    FilingAnalysis,
    ParagraphNumbering,
    RunningHeaderSurvey,
    analyse_filing,
    number_paragraphs_across_pages,
)
from casebook.ingest.furniture import FurnitureFinder, find_furniture

# ---------------------------------------------------------------------------------------------------------
# Whole-document references


def _reference_running_lines(pages, stamps, *, top):
    groups: dict[str, list] = {}
    eligible_pages = 0
    for index, (lines, stamp_lines) in enumerate(zip(pages, stamps, strict=True)):
        if not lines:
            continue
        eligible_pages += not (top and index == 0)
        for i, key in furniture._edge_candidates(lines, stamp_lines, top=top):
            text = lines[i].text
            if furniture._eligible(text):
                numbers = tuple(int(n) for n in furniture._NUMBER.findall(text)[:8])
                groups.setdefault(key, []).append((index, i, numbers))
    threshold = max(2, (eligible_pages + 1) // 2)

    def pages_counted(members):
        return len({index for index, _, _ in members if not (top and index == 0)})

    running = set()
    for members in groups.values():
        if pages_counted(members) < threshold:
            continue
        keep = members
        short = len(pages[members[0][0]][members[0][1]].text.split()) <= furniture._MOVING_MAX_WORDS
        for position in range(len(members[0][2])):
            constant = Counter(m[2][position] for m in keep).most_common(1)[0]
            moving = Counter(m[2][position] - m[0] for m in keep).most_common(1)[0]
            if constant[1] >= moving[1] or not short:
                keep = [m for m in keep if m[2][position] == constant[0]]
            else:
                keep = [m for m in keep if m[2][position] - m[0] == moving[0]]
        if pages_counted(keep) >= threshold:
            running.update((index, i) for index, i, _ in keep)
    return running


def _reference_furniture(pages_text):
    all_lines = [furniture._lines(text) for text in pages_text]
    columns = [furniture._pleading_column(lines) for lines in all_lines]
    pages = [[line for i, line in enumerate(lines) if i not in column] if column else lines
             for lines, column in zip(all_lines, columns, strict=True)]
    stamps = [furniture._stamp_lines(lines) for lines in pages]
    headers: dict[int, set[int]] = {}
    footers: dict[int, set[int]] = {}
    for found, by_page in ((_reference_running_lines(pages, stamps, top=True), headers),
                           (_reference_running_lines(pages, stamps, top=False), footers)):
        for index, i in found:
            by_page.setdefault(index, set()).add(i)
    result = []
    for index, (lines, stamp_lines) in enumerate(zip(pages, stamps, strict=True)):
        ranges = [(line.start, line.end) for i, line in enumerate(all_lines[index]) if i in columns[index]]
        ranges += [(lines[i].start, lines[i].end) for i in stamp_lines]
        ranges += furniture._edge_ranges(lines, stamp_lines, headers.get(index, set()), top=True)
        ranges += furniture._edge_ranges(lines, stamp_lines, footers.get(index, set()), top=False)
        ranges += furniture._pleading_ranges(lines)
        result.append(furniture._merge(ranges))
    return result


def _reference_headers(pages_text):
    counts: Counter[str] = Counter()
    text_pages = 0
    for text in pages_text:
        top = [line.strip() for line in text[:600].split("\n") if line.strip()][:3]
        if top:
            text_pages += 1
            counts.update({paragraph_finder._header_key(line) for line in top
                           if len(line) > 3 and not paragraph_finder._MARKER.match(line)})
    threshold = max(3, (text_pages + 1) // 2)
    return frozenset(key for key, n in counts.items() if n >= threshold)


def _reference_paragraphs(pages_text):
    headers = _reference_headers(pages_text)
    pages = [paragraph_finder._layout(text, headers) for text in pages_text]
    chosen = []
    expected = None
    for page in pages:
        chain = paragraph_finder._pick_chain(paragraph_finder._chains(page.candidates), expected)
        chosen.append(chain)
        if chain:
            expected = chain[-1].number + 1

    def next_first_number(k):
        for m in range(k, min(k + paragraph_finder._MAX_CONTINUED_PAGES, len(pages))):
            if chosen[m]:
                return chosen[m][0].number
            if pages[m].body_start >= pages[m].body_end:
                return None
        return None

    result = []
    open_number = None
    for k, (page, chain) in enumerate(zip(pages, chosen, strict=True)):
        paragraphs = []
        continued_whole_page = False
        if open_number is not None:
            stop = chain[0].line if chain else page.body_end
            signature = None if chain else page.signature_line(page.body_start)
            if signature is not None:
                stop = signature
            lead = paragraph_finder._lead_text_line(page, stop)
            resumes = next_first_number(k) == open_number + 1
            if lead is not None and (resumes or signature is not None):
                end = paragraph_finder._end_offset(page, lead, stop)
                paragraphs.append(paragraph_finder.NumberedParagraph(open_number, page.lines[lead].start, end,
                                                            continued=True))
                continued_whole_page = not chain and signature is None
        paragraphs.extend(paragraph_finder._ranges(page, chain))
        result.append(paragraphs)
        if chain:
            open_number = chain[-1].number if page.signature_line(chain[-1].line + 1) is None else None
        elif not continued_whole_page:
            open_number = None
    return result


# ---------------------------------------------------------------------------------------------------------
# Generated filings

_WORDS = ("records", "agency", "disclosed", "taxpayer", "request", "notice", "ledger", "hearing", "counsel",
          "declarant", "statute", "privacy", "exhibit", "return", "officer", "review", "memorandum", "order")


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


def _generated_filing(pages: int, seed: int, *, header_share: float = 1.0, pleading_every: int = 0) -> list[str]:
    """Page texts of a stamped declaration: running header on a share of the pages, a moving footer, numbered
    paragraphs running on across page breaks, varied body lines at the edges, image-only pages now and then."""
    rng = random.Random(seed)
    texts = []
    number = 1
    for p in range(1, pages + 1):
        if rng.random() < 0.03:
            texts.append("")  # an image-only page
            continue
        lines = [f"Case 1:25-cv-0{seed % 9}234-ABC Document 7 Filed 07/02/25 Page {p} of {pages}"]
        if rng.random() < header_share:
            lines.append("Nos. 07-30815 & 08-30818")
        if rng.random() < 0.3:
            lines.append(f"Declaration of Witness {rng.choice('ABC')} in Support")  # alike on some pages only
        if p == 1:
            lines += ["UNITED STATES DISTRICT COURT", "DECLARATION OF A GENERATED WITNESS"]
        else:
            lines.append(f"{_sentence(rng, 6)} continue the paragraph begun on page {p - 1} here,")
        body = []
        for _ in range(rng.randint(1, 3)):
            body.append(f"{number}. The declarant states {_sentence(rng, rng.randint(4, 9))} on page {p},")
            body += [f"{_sentence(rng, rng.randint(5, 10))} item {rng.randint(1, 999)}."
                     for _ in range(rng.randint(0, 3))]
            number += 1
        if rng.random() < 0.1:
            body.append("1. Appearance Form")  # a list restarting at 1
            body.append("2. Disclosure Statement")
        if pleading_every and p % pleading_every == 0:
            body = [f"{n} {line}" for n, line in enumerate(body, start=1)]
        lines += body
        if p == pages - 1:
            lines.append("I declare under penalty of perjury that the foregoing is true.")
        lines.append(f"{_sentence(rng, 5)} at the foot of page {p}")  # a varied last body line
        lines.append(f"Witness Decl. - {p}")
        texts.append("\n".join(lines))
    return texts


def _filings() -> list[list[str]]:
    return [
        _generated_filing(12, 1),
        _generated_filing(90, 2, header_share=0.5),  # the header on about half the pages: the threshold decides
        _generated_filing(160, 3, header_share=0.8, pleading_every=4),
        _generated_filing(400, 4, header_share=0.55),
    ]


def test_generated_filings_have_more_edge_lines_than_the_survey_tracks():
    texts = _generated_filing(400, 4, header_share=0.55)
    keys = {furniture._key(line) for text in texts for line in text.split("\n")[:4]}
    assert len(keys) > 10 * furniture._TRACKED_KEYS


@pytest.mark.parametrize("index", range(4))
def test_streamed_furniture_equals_the_whole_document_rules(index):
    texts = _filings()[index]
    expected = _reference_furniture(texts)
    assert find_furniture(texts) == expected
    # Running headers and footers were found (not only stamps and folios), on some pages and not others.
    headed = [any(text[a:b] == "Nos. 07-30815 & 08-30818" for a, b in ranges)
              for text, ranges in zip(texts, expected, strict=True)]
    assert any(headed)
    assert all(any(text[a:b].startswith("Witness Decl. - ") for a, b in ranges)
               for text, ranges in zip(texts, expected, strict=True) if text)


def test_furniture_finder_answers_pages_in_any_order_after_the_survey():
    texts = _filings()[1]
    finder = FurnitureFinder()
    for text in texts:
        finder.survey(text)
    order = list(range(len(texts)))
    random.Random(7).shuffle(order)
    found = {k: finder.ranges(k, texts[k]) for k in order}
    assert [found[k] for k in range(len(texts))] == _reference_furniture(texts)
    with pytest.raises(RuntimeError):
        finder.survey(texts[0])


@pytest.mark.parametrize("index", range(4))
def test_streamed_running_headers_and_paragraphs_equal_the_whole_document_rules(index):
    texts = _filings()[index]
    survey = RunningHeaderSurvey()
    for text in texts:
        survey.survey(text)
    assert survey.headers() == _reference_headers(texts)
    expected = _reference_paragraphs(texts)
    assert number_paragraphs_across_pages(texts) == expected
    assert any(p.continued for page in expected for p in page)


def test_paragraph_numbering_holds_only_the_last_pages():
    texts = _filings()[2]
    numbering = ParagraphNumbering(_reference_headers(texts))
    settled = []
    for k, text in enumerate(texts):
        settled += numbering.add(text)
        assert k + 1 - len(settled) < paragraph_finder._MAX_CONTINUED_PAGES  # pages still waiting
    settled += numbering.finish()
    assert settled == _reference_paragraphs(texts)


def test_frequent_keys_beyond_the_tracked_number_are_all_found():
    # More keys on at least half the pages than the survey tracks at a time is impossible (a page offers at most
    # three); the bound holds with every page offering three different frequent keys in turn.
    texts = []
    for p in range(300):
        heads = [f"Header {'ABCDEF'[(p + k) % 6]} of the filing" for k in range(3)]
        texts.append("\n".join([*heads, f"{p + 1}. A paragraph on page {p}."]))
    survey = RunningHeaderSurvey()
    for text in texts:
        survey.survey(text)
    assert survey.headers() == _reference_headers(texts) and len(survey.headers()) == 6


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 200])
def test_filing_analysis_in_chunks_equals_analyse_filing(chunk):
    texts = _filings()[2]
    whole = analyse_filing(ExtractedDocument("pdf", "test", DocumentMetadata(),
                                             [ExtractedPage(k + 1, str(k + 1), t) for k, t in enumerate(texts)]))
    analysis = FilingAnalysis()
    for text in texts:
        analysis.survey(text)
    done: list[ExtractedPage] = []
    for first in range(0, len(texts), chunk):
        done += analysis.annotate([ExtractedPage(k + 1, str(k + 1), texts[k])
                                   for k in range(first, min(first + chunk, len(texts)))])
    done += analysis.finish()
    meta = DocumentMetadata()
    analysis.fill_metadata(meta)
    assert meta == whole.metadata
    assert meta.case_number == "1:25-cv-03234-ABC" and meta.ecf_document_number == "7"
    assert [(p.number, p.paragraphs, p.furniture, p.ecf) for p in done] == [
        (p.number, p.paragraphs, p.furniture, p.ecf) for p in whole.pages]
    assert done[-1].paragraphs == _reference_paragraphs(texts)[-1]
    assert [p.furniture for p in done] == _reference_furniture(texts)


def test_clerks_letter_found_from_a_late_closing_and_re_line():
    # The metadata rules read only some pages; a clerk's letter's "RE:" line and closing may come late.
    pages = ["OFFICE OF THE CLERK\nUNITED STATES COURT OF APPEALS\nService list follows"]
    pages += [f"Counsel {k}\n{k} Main Street" for k in range(1, 30)]
    pages += ["RE: 24-1234\nNOTICE OF DOCKET ACTIVITY\nThe court has docketed the appeal.",
              "Very truly yours,\nClerk of Court"]
    pages += [f"Attachment page {k}" for k in range(1, 8)]
    doc = analyse_filing(ExtractedDocument("pdf", "test", DocumentMetadata(),
                                           [ExtractedPage(k + 1, str(k + 1), t) for k, t in enumerate(pages)]))
    assert doc.metadata.title == "Clerk's Letter re Notice of Docket Activity"


def test_the_survey_keeps_a_few_numbers_per_page_not_the_pages():
    texts = _generated_filing(3000, 6, header_share=0.7)
    text_bytes = sum(len(t) for t in texts)
    tracemalloc.start()
    try:
        analysis = FilingAnalysis()
        before = tracemalloc.get_traced_memory()[0]
        for text in texts:
            analysis.survey(text)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # The first ten pages and the last two are kept for the metadata rules; every page leaves a few numbers
    # (hashes, line indexes and numbers of its edge lines), far less than its text or its layout.
    assert kept < 0.7 * text_bytes and kept / len(texts) < 512
    held = 0
    for first in range(0, len(texts), 200):
        chunk = [ExtractedPage(k + 1, str(k + 1), texts[k]) for k in range(first, min(first + 200, len(texts)))]
        done = analysis.annotate(chunk)
        held += len(chunk) - len(done)
        assert held < paragraph_finder._MAX_CONTINUED_PAGES  # pages waiting for the next pages' paragraph numbers
    assert len(analysis.finish()) == held

"""Risk flags at import: bad redactions, hidden text, a poor OCR layer and pages needing OCR, on generated PDFs."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from casebook.core.documents import RiskFlag, RiskKind
from casebook.pdf import risks as risks_module
from casebook.pdf.extract import extract_pdf
from casebook.pdf.ocr import dictionary
from casebook.pdf.ocr_layer import is_junk
from casebook.pdf.risks import page_list, refresh_after_ocr
from casebook.pdf.worker import PdfWorker
from tests.ocr.conftest import import_one, needs_tesseract

SECRET = "The informant lives at 42 Harbour Lane in Millbrook."
BODY = [
    "The parties met twice in the spring to discuss the terms of the lease.",
    "Neither meeting produced a written agreement, and the landlord later",
    "changed the locks without notice to the tenant or to her counsel.",
]


def _doc() -> tuple[pymupdf.Document, pymupdf.Page]:
    doc = pymupdf.open()
    return doc, doc.new_page(width=612, height=792)


def _body(page: pymupdf.Page, top: float = 100) -> None:
    for i, line in enumerate(BODY):
        page.insert_text((72, top + 18 * i), line, fontsize=12)


def _save(doc: pymupdf.Document, path: Path) -> Path:
    doc.save(path)
    doc.close()
    return path


def _flags(path: Path) -> dict[RiskKind, RiskFlag]:
    flags = extract_pdf(path).risk_flags
    assert len({f.kind for f in flags}) == len(flags), flags
    return {flag.kind: flag for flag in flags}


def _line_box(y: float, text: str = SECRET, size: float = 12) -> pymupdf.Rect:
    width = pymupdf.get_text_length(text, fontsize=size)
    return pymupdf.Rect(70, y - size, 74 + width, y + 4)


# --- bad redactions --------------------------------------------------------------------------------------------


def _redacted_pdf(path: Path, *, fill=(0, 0, 0), text: str = SECRET, rotate: int = 0) -> Path:
    doc, page = _doc()
    _body(page)
    page.insert_text((72, 200), text, fontsize=12)
    page.draw_rect(_line_box(200, text), color=None, fill=fill)  # drawn after the text: it only covers it
    if rotate:
        page.set_rotation(rotate)
    return _save(doc, path)


def test_text_under_a_black_box_is_a_bad_redaction(tmp_path):
    flags = _flags(_redacted_pdf(tmp_path / "letter.pdf"))
    flag = flags[RiskKind.BAD_REDACTION]
    assert flag.pages == (1,)
    assert "Harbour Lane" in flag.detail
    assert RiskKind.HIDDEN_TEXT not in flags


def test_a_bad_redaction_on_a_rotated_page_is_found(tmp_path):
    flags = _flags(_redacted_pdf(tmp_path / "landscape.pdf", rotate=90))
    assert flags[RiskKind.BAD_REDACTION].pages == (1,)


def test_text_on_a_black_box_of_its_own_colour_is_one_bad_redaction(tmp_path):
    doc, page = _doc()
    _body(page)
    page.draw_rect(_line_box(200), color=None, fill=(0, 0, 0))  # the box first, then black text on it
    page.insert_text((72, 200), SECRET, fontsize=12)
    flags = _flags(_save(doc, tmp_path / "behind.pdf"))
    assert set(flags) == {RiskKind.BAD_REDACTION}


def test_a_dark_blue_box_is_a_redaction_but_a_white_or_pale_box_is_not(tmp_path):
    assert RiskKind.BAD_REDACTION in _flags(_redacted_pdf(tmp_path / "navy.pdf", fill=(0.05, 0.1, 0.3)))
    assert RiskKind.BAD_REDACTION not in _flags(_redacted_pdf(tmp_path / "white.pdf", fill=(1, 1, 1)))
    assert RiskKind.BAD_REDACTION not in _flags(_redacted_pdf(tmp_path / "pale.pdf", fill=(0.9, 0.9, 0.9)))


def test_placeholder_text_under_a_box_is_not_a_bad_redaction(tmp_path):
    assert _flags(_redacted_pdf(tmp_path / "x.pdf", text="XXXXXXXX XXXXX XXXXXXX")) == {}
    assert _flags(_redacted_pdf(tmp_path / "label.pdf", text="REDACTED")) == {}


def test_a_dark_table_header_with_white_labels_on_it_is_not_a_redaction(tmp_path):
    doc, page = _doc()
    _body(page)
    page.draw_rect(pymupdf.Rect(70, 185, 540, 205), color=None, fill=(0, 0, 0))  # the shading comes first
    page.insert_text((76, 200), "Exhibit   Description of the document   Date filed", fontsize=12, color=(1, 1, 1))
    assert _flags(_save(doc, tmp_path / "table.pdf")) == {}


def test_many_boxes_on_a_page_are_each_checked(tmp_path):
    # Past a few boxes the page is rendered once and every box is read from that picture.
    doc, page = _doc()
    for i in range(6):
        y = 120 + 40 * i
        page.insert_text((72, y), f"Witness number {i + 1} lives at {10 + i} Orchard Road.", fontsize=12)
        page.draw_rect(_line_box(y, "Witness number 1 lives at 10 Orchard Road."), color=None, fill=(0, 0, 0))
    for i in range(6):
        y = 420 + 40 * i
        page.draw_rect(pymupdf.Rect(60, y - 16, 560, y + 6), color=None, fill=(0.1, 0.1, 0.1))
        page.insert_text((72, y), f"Schedule {i + 1}: payments made in the year", fontsize=12, color=(1, 1, 1))
    flags = _flags(_save(doc, tmp_path / "many.pdf"))
    assert set(flags) == {RiskKind.BAD_REDACTION}
    assert "6 black boxes" in flags[RiskKind.BAD_REDACTION].detail


def test_a_label_printed_on_top_of_a_box_is_not_hidden(tmp_path):
    doc, page = _doc()
    _body(page)
    page.draw_rect(_line_box(200), color=None, fill=(0, 0, 0))
    page.insert_text((72, 200), "Withheld under the protective order", fontsize=12, color=(1, 1, 1))
    assert _flags(_save(doc, tmp_path / "label.pdf")) == {}


def test_a_box_drawn_after_text_it_does_not_darken_is_not_a_redaction(tmp_path):
    # A black frame drawn around the text (stroked, not filled) hides nothing.
    doc, page = _doc()
    _body(page)
    page.insert_text((72, 200), SECRET, fontsize=12)
    page.draw_rect(_line_box(200), color=(0, 0, 0), fill=None, width=1.5)
    assert _flags(_save(doc, tmp_path / "frame.pdf")) == {}


def test_an_unapplied_redaction_annotation_is_a_bad_redaction(tmp_path):
    doc, page = _doc()
    _body(page)
    page.insert_text((72, 200), SECRET, fontsize=12)
    page.add_redact_annot(_line_box(200), fill=(0, 0, 0))  # marked for redaction but never applied
    flags = _flags(_save(doc, tmp_path / "marked.pdf"))
    assert "Harbour Lane" in flags[RiskKind.BAD_REDACTION].detail


def test_an_applied_redaction_leaves_nothing_to_flag(tmp_path):
    doc, page = _doc()
    _body(page)
    page.insert_text((72, 200), SECRET, fontsize=12)
    page.add_redact_annot(_line_box(200), fill=(0, 0, 0))
    page.apply_redactions()
    assert _flags(_save(doc, tmp_path / "applied.pdf")) == {}


# --- hidden text -----------------------------------------------------------------------------------------------


def test_white_text_on_a_white_page_is_hidden_text(tmp_path):
    doc, page = _doc()
    _body(page)
    page.insert_text((72, 400), "The settlement figure agreed in private was far higher.", fontsize=12,
                     color=(1, 1, 1))
    flag = _flags(_save(doc, tmp_path / "white.pdf"))[RiskKind.HIDDEN_TEXT]
    assert flag.pages == (1,)
    assert "white" in flag.detail and "settlement" in flag.detail


def test_text_in_the_colour_of_its_background_is_hidden_text(tmp_path):
    doc, page = _doc()
    _body(page)
    page.draw_rect(pymupdf.Rect(60, 380, 560, 420), color=None, fill=(0.3, 0.6, 0.9))
    page.insert_text((72, 405), "Instructions the reader was never meant to see.", fontsize=12, color=(0.3, 0.6, 0.9))
    assert RiskKind.HIDDEN_TEXT in _flags(_save(doc, tmp_path / "blue.pdf"))


def test_white_text_on_a_coloured_band_is_visible(tmp_path):
    doc, page = _doc()
    _body(page)
    page.draw_rect(pymupdf.Rect(0, 380, 612, 420), color=None, fill=(0.1, 0.4, 0.8))
    page.insert_text((72, 405), "SECTION TWO: THE TENANCY", fontsize=14, color=(1, 1, 1))
    assert _flags(_save(doc, tmp_path / "band.pdf")) == {}


def test_text_drawn_over_other_text_is_hidden_text(tmp_path):
    doc, page = _doc()
    _body(page)
    page.insert_text((72, 300), "The tenant paid the rent in full every month.", fontsize=12)
    page.insert_text((72, 300), "The landlord kept the deposit without a reason.", fontsize=12)
    flag = _flags(_save(doc, tmp_path / "overprint.pdf"))[RiskKind.HIDDEN_TEXT]
    assert "drawn over other text" in flag.detail


def test_faux_bold_and_underlined_text_are_not_overdrawn(tmp_path):
    doc, page = _doc()
    _body(page)
    for dx in (0, 0.3):  # the same words printed twice, a hair apart, to look bold
        page.insert_text((72 + dx, 300), "NOTICE OF MOTION AND MOTION", fontsize=12)
    page.insert_text((72, 340), "Signed: Jordan Ames", fontsize=12)
    page.draw_rect(pymupdf.Rect(72, 341, 190, 342.5), color=None, fill=(0, 0, 0))  # an underline rule
    page.insert_text((72, 380), "/s/ Jordan Ames ______________________", fontsize=12)
    page.insert_text((90, 380), "__________", fontsize=12)
    assert _flags(_save(doc, tmp_path / "bold.pdf")) == {}


def test_a_second_copy_of_the_same_words_set_over_the_first_is_not_overdrawn(tmp_path):
    # Layout software sometimes sets a heading twice, at another size, so the words break differently.
    doc, page = _doc()
    _body(page)
    page.insert_text((72, 300), "the law to lock down culture and control", fontsize=13)
    page.insert_text((80, 301), "the law to lock down culture", fontsize=11)
    assert _flags(_save(doc, tmp_path / "copy.pdf")) == {}


def test_an_unreadable_page_is_flagged_as_not_checked(tmp_path, monkeypatch):
    import casebook.pdf.extract as extract_module

    def broken(page, **options):
        raise RuntimeError("corrupt content stream")

    monkeypatch.setattr(extract_module, "page_text", broken)
    flags = _flags(_redacted_pdf(tmp_path / "letter.pdf"))
    assert set(flags) == {RiskKind.BAD_REDACTION, RiskKind.HIDDEN_TEXT, RiskKind.NEEDS_OCR}
    assert all("could not be checked" in flags[kind].detail for kind in (RiskKind.BAD_REDACTION, RiskKind.HIDDEN_TEXT))


def test_invisible_text_with_no_image_under_it_is_hidden_text(tmp_path):
    doc, page = _doc()
    _body(page)
    page.insert_text((72, 500), "Words placed where no reader can see them at all.", fontsize=12, render_mode=3)
    flag = _flags(_save(doc, tmp_path / "invisible.pdf"))[RiskKind.HIDDEN_TEXT]
    assert flag.detail.startswith("invisible text on page 1")


def test_text_used_only_as_a_clipping_path_is_hidden_text(tmp_path):
    doc, page = _doc()
    _body(page)
    page.insert_text((72, 500), "A sentence used only to clip, and never painted.", fontsize=12, render_mode=7)
    flag = _flags(_save(doc, tmp_path / "clip.pdf"))[RiskKind.HIDDEN_TEXT]
    assert "never drawn" in flag.detail


def _scan_with_ocr_layer(path: Path, layer: list[str], *, shown: list[str] | None = None, dpi: int = 60,
                         image_only: list[str] | None = None) -> Path:
    """A scanned page (an image of `shown`, default the layer's lines) with an invisible OCR text layer over it.

    With `image_only`, a second scanned page follows with no text layer at all.
    """
    doc = pymupdf.open()
    _scanned_page(doc, shown or layer, dpi)
    for i, line in enumerate(layer):
        doc[0].insert_text((72, 80 + 20 * i), line, fontsize=12, render_mode=3)
    if image_only:
        _scanned_page(doc, image_only, dpi)
    return _save(doc, path)


def _scanned_page(doc: pymupdf.Document, lines: list[str], dpi: int) -> None:
    source, sheet = _doc()
    for i, line in enumerate(lines):
        sheet.insert_text((72, 80 + 20 * i), line, fontsize=12)
    page = doc.new_page(width=612, height=792)
    page.insert_image(page.rect, pixmap=sheet.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY))
    source.close()


GOOD_OCR = [
    "I, the undersigned witness, declare that the following facts are true and correct.",
    "On the morning of the hearing I arrived at the courthouse before nine o'clock.",
    "The clerk told me that the judge had moved the matter to the afternoon calendar.",
    "I waited in the hallway with my attorney until the case was called by the bailiff.",
    "When the hearing began, counsel for the landlord asked for more time to respond.",
    "The court denied that request and ordered the parties to file their briefs.",
]
GARBLED_OCR = [
    "I, tlie nndersigncd vvitncss, dcc1are tliat tbe fo11owing facts arc trnc aud corrcct.",
    "0n tbe rnorniug of tbe bcariug I arrivcd at tbe conrtbonse bcforc niuc o'c1ock.",
    "Tbe c1erk to1d rne tbat tbc jndgc bad rnovcd tbe rnattcr to tbe aftcrnoou ca1cndar.",
    "I vvaitcd iu tbe ba11vvay vvitb rny attorucy uuti1 tbe casc vvas ca11cd by tbe bai1iff.",
    "Wbcn tbe bcariug bcgau, conusc1 for tbe 1aud1ord askcd for rnorc tirne to rcspoud.",
    "Tbe conrt dcuicd tbat rcqncst aud ordcrcd tbe partics to fi1c tbcir bricfs.",
]


def test_an_ocr_layer_over_a_scan_is_not_hidden_text(tmp_path):
    assert _flags(_scan_with_ocr_layer(tmp_path / "scan.pdf", GOOD_OCR)) == {}


@pytest.mark.skipif(dictionary("eng") is None, reason="Tesseract's English word list is not installed")
def test_a_garbled_ocr_layer_is_flagged_with_the_command_that_fixes_it(tmp_path):
    flags = _flags(_scan_with_ocr_layer(tmp_path / "garbled.pdf", GARBLED_OCR))
    assert set(flags) == {RiskKind.POOR_OCR}
    assert flags[RiskKind.POOR_OCR].pages == (1,)
    assert "casebook ocr --mode redo-all" in flags[RiskKind.POOR_OCR].detail


def test_junk_tokens_are_told_from_legal_text():
    for token in ("AI\\GELA", "testi$", "fiIl", "Tl1e", "18e"):
        assert is_junk(token), token
    for token in ("§", "12(b)(6).", "F.3d", "4:21-cv-00518-KGB", "LaShonda", "2d", "$1,425.", "U.S.C.", "(“HFB”)"):
        assert not is_junk(token), token


# --- pages that need OCR, failures, refresh ------------------------------------------------------------------


def test_near_empty_scanned_pages_are_flagged_for_ocr(mixed_pdf):
    flag = _flags(mixed_pdf)[RiskKind.NEEDS_OCR]
    assert flag.pages == (2, 4)
    assert "casebook ocr" in flag.detail


def test_a_check_that_fails_flags_the_page_as_unchecked(tmp_path, monkeypatch):
    def broken(content):
        raise RuntimeError("engine refused the page")

    monkeypatch.setattr(risks_module, "find_bad_redactions", broken)
    flags = _flags(_redacted_pdf(tmp_path / "letter.pdf"))
    flag = flags[RiskKind.BAD_REDACTION]
    assert flag.pages == (1,)
    assert "could not be checked" in flag.detail and "engine refused the page" in flag.detail


def test_flags_cross_the_worker_process_boundary(tmp_path):
    path = _redacted_pdf(tmp_path / "letter.pdf")
    with PdfWorker() as worker:
        flags = worker.extract(path).risk_flags
    assert [f.kind for f in flags] == [RiskKind.BAD_REDACTION]


def test_ocr_refreshes_the_ocr_flags_and_keeps_the_others():
    flags = [
        RiskFlag(RiskKind.BAD_REDACTION, (1,), "text under a box"),
        RiskFlag(RiskKind.POOR_OCR, (2, 3), "poor"),
        RiskFlag(RiskKind.NEEDS_OCR, (4, 5), "needs OCR"),
    ]
    refreshed = refresh_after_ocr(flags, still_need_ocr=[5], ocred=[2, 4, 5])
    by_kind = {f.kind: f for f in refreshed}
    assert by_kind[RiskKind.BAD_REDACTION] == flags[0]
    assert by_kind[RiskKind.POOR_OCR].pages == (3,)
    assert by_kind[RiskKind.NEEDS_OCR].pages == (5,)
    assert refresh_after_ocr(flags[1:], still_need_ocr=[], ocred=[2, 3, 4, 5]) == []


@needs_tesseract
@pytest.mark.skipif(dictionary("eng") is None, reason="Tesseract's English word list is not installed")
def test_ocr_clears_the_ocr_flags_it_fixes_and_the_import_flags_show_in_the_case(tmp_path):
    from casebook.services import documents as document_service
    from casebook.services.cases import create_case
    from casebook.services.ocr import ocr_documents

    path = _scan_with_ocr_layer(tmp_path / "scan.pdf", GARBLED_OCR, shown=GOOD_OCR, dpi=200, image_only=GOOD_OCR)
    case = create_case(tmp_path / "case", title="Doe v. Roe")
    try:
        document_id = import_one(case, path)
        flags = {f.kind: f.pages for f in document_service.get_document(case, document_id).risk_flags}
        assert flags == {RiskKind.POOR_OCR: (1,), RiskKind.NEEDS_OCR: (2,)}
        ocr_documents(case, [document_id], mode="redo-all")
        record = document_service.get_document(case, document_id)
        assert record.pages_needing_ocr == 0
        assert record.risk_flags == ()
    finally:
        case.close()


@pytest.mark.parametrize(("numbers", "text"), [
    ([3], "page 3"), ([1, 2, 3, 7], "pages 1–3, 7"), ([9, 8, 2], "pages 2, 8–9"),
])
def test_page_lists_read_as_a_lawyer_writes_them(numbers, text):
    assert page_list(numbers) == text

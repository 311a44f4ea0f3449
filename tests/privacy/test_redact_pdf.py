"""pdf/redact.py on its own: a redacted copy keeps nothing of the item in text, layers, metadata or attachments."""

from __future__ import annotations

import pymupdf
import pytest

from casebook.pdf.redact import RedactedCopy, RedactionFailed, RedactionSpec, leaks, redact_copy, stream_strings

SSN = "123-45-6789"


def _laden_pdf() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), f"The SSN of the taxpayer is {SSN} today.", fontname="helv")
    hidden = doc.add_ocg("notes", on=False)
    page.insert_text((72, 300), f"Hidden note: SSN {SSN} again.", fontname="helv", oc=hidden)
    page.add_text_annot((300, 300), f"reviewer: SSN is {SSN}")
    doc.embfile_add("notes.txt", f"SSN {SSN}".encode())
    doc.set_metadata({"title": "Return", "subject": f"SSN {SSN}"})
    doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><note>{SSN}</note></x:xmpmeta>")
    data = doc.tobytes()
    doc.close()
    return data


def _copy() -> RedactedCopy:
    return redact_copy(_laden_pdf(), [RedactionSpec("R-0001", 1, "ssn", SSN, "XXX-XX-6789")])


def test_copy_holds_the_item_nowhere():
    copy = _copy()
    assert leaks(copy.data, [("R-0001", SSN), ("R-0001", "123456789")]) == []
    doc = pymupdf.open("pdf", copy.data)
    try:
        text = doc[0].get_text()
        assert text.count("XXX-XX-6789") == 2 and "Hidden note" in text
        assert not doc.embfile_names() and doc[0].first_annot is None
        assert SSN not in str(doc.metadata) and SSN not in doc.get_xml_metadata()
    finally:
        doc.close()


def test_leaks_reads_raw_streams_and_digits_only():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "number 123 45 6789 and more", fontname="helv")
    data = doc.tobytes()
    doc.close()
    problems = leaks(data, [("R-0009", "123456789")])
    assert problems and all("R-0009" in p and "6789" not in p for p in problems)
    assert any("raw content stream" in p for p in problems)


def test_stream_strings_joins_tj_pieces():
    assert stream_strings(b"BT [(123-4)-20(5-67)12(89)] TJ ET <3132> Tj") == "123-45-678912"


def test_nowhere_to_redact_fails():
    with pytest.raises(RedactionFailed):
        redact_copy(_laden_pdf(), [RedactionSpec("R-0002", 1, "ssn", "999-99-9999", "XXX-XX-9999")])


def test_dark_boxes_over_text_are_redacted():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Informant: Jonathan Q. Example lives nearby.", fontname="helv")
    hit = page.search_for("Jonathan Q. Example")[0]
    page.draw_rect(hit, color=(0, 0, 0), fill=(0, 0, 0))
    data = doc.tobytes()
    doc.close()
    copy = redact_copy(data, [])
    assert [s.rule for s in copy.applied] == ["existing_box"]
    assert "Jonathan" not in pymupdf.open("pdf", copy.data)[0].get_text()


def test_an_item_inside_a_longer_redacted_number_gets_one_box_not_two():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Dependent SSN 123456789 per the return.", fontname="helv")
    page.insert_text((72, 130), "Account No. 000123456789 at First Bank.", fontname="helv")
    data = doc.tobytes()
    doc.close()
    copy = redact_copy(data, [RedactionSpec("R-0001", 1, "ssn", "123456789", "XXX-XX-6789"),
                              RedactionSpec("R-0002", 1, "account", "000123456789", "XXXXXXXX6789")])
    redacted = pymupdf.open("pdf", copy.data)
    try:
        text = redacted[0].get_text()
        assert text.count("XXX-XX-6789") == 1 and text.count("XXXXXXXX6789") == 1
        assert "123456789" not in text
    finally:
        redacted.close()


def test_a_font_programs_glyph_list_is_no_leak_but_any_other_stream_is():
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "The SSN is XXX-XX-6789.", fontname="helv")
    charset = b"\x01\x00Helvetica\x00(),-./0123456 789#:;"  # a CFF subset lists its glyphs in order
    program, other, descriptor = doc.get_new_xref(), doc.get_new_xref(), doc.get_new_xref()
    for xref in (program, other):
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, charset)
    doc.update_object(descriptor, f"<</Type/FontDescriptor/FontName/Helvetica/FontFile3 {program} 0 R>>")
    data = doc.tobytes()
    doc.close()
    found = leaks(data, [("R-0001", "123456789")])
    assert found == [f"object {other}: redacted item R-0001 is in a raw content stream"]

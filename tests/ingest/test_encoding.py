"""Decoding saved pages: BOMs, declarations that lie, windows-1252 quotes, stray bad bytes."""

from __future__ import annotations

import codecs

import pytest

from casebook.ingest.encoding import declared_charset, decode_text, normalise_charset

SAMPLE = "Ms. Müller’s “final” notice — filed in Zürich, naïve café"


def page(charset_tag: str, body: str = SAMPLE) -> str:
    return f"<html><head>{charset_tag}<title>t</title></head><body><p>{body}</p></body></html>"


def test_utf8_without_declaration() -> None:
    decoded = decode_text(page("").encode("utf-8"))
    assert SAMPLE in decoded.text
    assert decoded.encoding == "utf-8"
    assert decoded.notes == []


def test_windows_1252_without_declaration_keeps_smart_quotes() -> None:
    decoded = decode_text(page("").encode("cp1252"))
    assert SAMPLE in decoded.text
    assert decoded.encoding == "cp1252"


@pytest.mark.parametrize(
    "tag",
    [
        '<meta charset="iso-8859-1">',
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
        "<meta charset=latin1>",
    ],
)
def test_latin1_declaration_on_utf8_bytes(tag: str) -> None:
    decoded = decode_text(page(tag).encode("utf-8"))
    assert SAMPLE in decoded.text
    assert decoded.encoding == "utf-8"
    assert any("UTF-8" in note for note in decoded.notes)


def test_latin1_declaration_is_read_as_windows_1252() -> None:
    # Browsers read "iso-8859-1" as windows-1252, so 0x93/0x94 are curly quotes, not C1 controls.
    decoded = decode_text(page('<meta charset="iso-8859-1">').encode("cp1252"))
    assert SAMPLE in decoded.text
    assert decoded.encoding == "cp1252"


def test_utf8_declaration_on_windows_1252_bytes() -> None:
    decoded = decode_text(page('<meta charset="utf-8">').encode("cp1252"))
    assert SAMPLE in decoded.text
    assert decoded.encoding == "cp1252"
    assert any("windows-1252" in note for note in decoded.notes)


def test_stray_bad_bytes_in_utf8_are_replaced() -> None:
    data = page('<meta charset="utf-8">').encode("utf-8").replace(b"filed", b"fi\xffled\xc3")
    decoded = decode_text(data)
    assert decoded.encoding == "utf-8"
    assert "fi\ufffdled\ufffd in Zürich" in decoded.text
    assert "Ms. Müller’s “final” notice" in decoded.text
    assert any("replaced" in note for note in decoded.notes)


def test_outside_declaration_wins_when_it_fits() -> None:
    text = "Ελληνικό κείμενο για δοκιμή"
    decoded = decode_text(text.encode("iso-8859-7"), declared="iso-8859-7")
    assert decoded.text == text
    assert decoded.encoding == "iso8859-7"


def test_other_single_byte_charset_declared_in_meta() -> None:
    body = "Привет, как дела? Это проверка"
    decoded = decode_text(page('<meta charset="windows-1251">', body).encode("cp1251"))
    assert body in decoded.text
    assert decoded.encoding == "cp1251"


def test_undeclared_cyrillic_is_not_forced_into_windows_1252() -> None:
    body = "Суд отложил рассмотрение дела до следующей недели по просьбе защиты."
    decoded = decode_text(body.encode("cp1251"))
    assert decoded.text == body


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_byte_order_marks_decide(bom: bytes, codec: str) -> None:
    decoded = decode_text(bom + page('<meta charset="iso-8859-1">').encode(codec))
    assert SAMPLE in decoded.text
    assert decoded.encoding == codec
    assert not decoded.text.startswith("\ufeff")


def test_ascii_only_and_empty() -> None:
    assert decode_text(b"plain ascii").text == "plain ascii"
    assert decode_text(b"").text == ""


def test_undefined_windows_1252_bytes_do_not_fail() -> None:
    decoded = decode_text(b"caf\xe9 \x81 \x9d end")
    assert decoded.text.startswith("café ") and decoded.text.endswith(" end")
    assert decoded.encoding == "cp1252"


def test_result_unpacks_as_a_tuple() -> None:
    text, encoding, notes = decode_text("é".encode())
    assert (text, encoding, notes) == ("é", "utf-8", [])


def test_unknown_declared_label_is_ignored_with_a_note() -> None:
    decoded = decode_text("é".encode(), declared="x-no-such-charset")
    assert decoded.text == "é"
    assert any("x-no-such-charset" in note for note in decoded.notes)


def test_declaration_helpers() -> None:
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><html/>') == "iso8859-1"
    assert declared_charset(b"<meta charset='UTF-8'>") == "utf-8"
    assert declared_charset(b"<p>no declaration</p>") is None
    assert normalise_charset("utf8") == "utf-8"
    assert normalise_charset("bogus-charset") is None

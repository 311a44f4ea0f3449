"""Fixtures for privacy tests: a CM/ECF-stamped filing carrying FRCP 5.2 items, as text and as a scanned page."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from tests.conftest import import_one, needs_tesseract  # noqa: F401 (shared; imported from here by these tests)

STAMP = "Case 1:25-cv-01234-ABC Document 12-3 Filed 02/11/26 Page {n} of 2"
BATES = "TRC-000{n}42"
BODY = [
    "DECLARATION OF DOTTIE ROMO",
    "1. The taxpayer's Social Security number is 123-45-6789 on the return.",
    "2. The same record also shows it as 234 56 7891 for a second taxpayer.",
    "3. A third taxpayer's SSN 345678912 appears in the agency's export.",
    "4. The employer named on the Form W-2 has EIN 98-7654321.",
    "5. DOB: 03/14/1978, as shown on the intake sheet.",
    "6. The refund was charged to card 4111 1111 1111 1111 that month.",
    "7. Funds went to account number 000123456789 at the bank.",
    "8. The complaint was filed on February 11, 2026 (ECF No. 1).",
]
SIGNATURE = [
    "Respectfully submitted,",
    "/s/ Dottie Romo",
    "Taxpayer Rights Clinic, 1200 K Street NW, Washington, DC 20005",
    "Tel: (202) 555-0143  Fax: 202-555-0199",
]
# What the scan must find (text as printed, rule, proposed replacement).
EXPECTED = {
    ("123-45-6789", "ssn", "XXX-XX-6789"),
    ("234 56 7891", "ssn", "XXX-XX-7891"),
    ("345678912", "ssn", "XXX-XX-8912"),
    ("98-7654321", "ein", "XX-XXX4321"),
    ("03/14/1978", "dob", "1978"),
    ("4111 1111 1111 1111", "card", "XXXX XXXX XXXX 1111"),
    ("000123456789", "account", "XXXXXXXX6789"),
}
FULL_NUMBERS = ["123-45-6789", "123456789", "234 56 7891", "234567891", "345678912", "98-7654321", "987654321",
                "4111 1111 1111 1111", "4111111111111111", "000123456789", "03/14/1978", "03141978"]


def _draw(page: pymupdf.Page, n: int, lines: list[str]) -> None:
    page.insert_text((72, 36), STAMP.format(n=n), fontsize=9, fontname="helv")
    y = 100
    for line in lines:
        page.insert_text((72, y), line, fontsize=11, fontname="tiro")
        y += 22
    page.insert_text((480, 770), BATES.format(n=n), fontsize=9, fontname="helv")


def make_filing(path: Path, *, scanned: bool = False) -> Path:
    """Two pages: the items on page 1 and the signature block on page 2; `scanned` rasterises page 1."""
    out = pymupdf.open()
    for n, lines in ((1, BODY), (2, ["9. I declare under penalty of perjury that the foregoing is true.",
                                     "Executed on February 11, 2026.", "", *SIGNATURE])):
        page = out.new_page(width=612, height=792)
        if scanned and n == 1:
            source = pymupdf.open()
            drawn = source.new_page(width=612, height=792)
            _draw(drawn, n, lines)
            page.insert_image(page.rect, pixmap=drawn.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY))
            source.close()
        else:
            _draw(page, n, lines)
    out.set_metadata({"title": "Declaration of Dottie Romo", "subject": "SSN 123-45-6789"})
    out.save(path, garbage=3, deflate=True)
    out.close()
    return path

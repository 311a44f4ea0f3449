"""Render Casebook's own SVG icon to the PNG sizes, Windows .ico and macOS .icns the installers use."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pymupdf

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Apple's PNG-carrying icon types by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render_png(svg: Path, size: int) -> bytes:
    """The SVG rendered at size×size pixels with a transparent background."""
    with pymupdf.open(svg) as doc:
        page = doc[0]
        scale = size / max(page.rect.width, page.rect.height)
        return page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=True).tobytes("png")


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon file holding PNG images (supported since Windows Vista)."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon file holding PNG images."""
    body = b"".join(kind + struct.pack(">I", len(pngs[size]) + 8) + pngs[size]
                    for size, kind in ICNS_TYPES.items() if size in pngs)
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main(out: Path = ICONS) -> None:
    svg = ICONS / "casebook.svg"
    out.mkdir(parents=True, exist_ok=True)
    pngs = {size: render_png(svg, size) for size in PNG_SIZES}
    for size, data in pngs.items():
        (out / f"casebook-{size}.png").write_bytes(data)
    (out / "casebook.ico").write_bytes(ico_bytes(pngs))
    (out / "casebook.icns").write_bytes(icns_bytes(pngs))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ICONS)

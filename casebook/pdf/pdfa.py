"""PDF/A-2b: convert a finished bundle with Ghostscript, restore what it drops, and check the result."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from casebook.core.progress import NEVER_CANCELLED, CancelToken
from casebook.pdf.active_content import ACTIVE_KEYS, scan_active_content
from casebook.pdf.pdfa_text import repair_text_maps, text_differences

log = logging.getLogger(__name__)

PDFA_PART, PDFA_CONFORMANCE = 2, "B"
_ICC_NAMES = ("srgb.icc", "sRGB.icc", "default_rgb.icc")
# Seconds Ghostscript gets: a floor plus a second a page (measured: about 0.1 s a page on real filings).
_TIMEOUT_BASE, _TIMEOUT_PER_PAGE = 120, 1.0


class PdfaError(Exception):
    """Ghostscript failed, timed out, or wrote a file that is not the bundle it was given."""


@dataclass(frozen=True)
class PdfaTool:
    """Ghostscript and the sRGB ICC profile it ships, as found on this machine."""

    gs: Path
    version: str
    icc_profile: Path

    @property
    def name(self) -> str:
        return f"Ghostscript {self.version}"


def find_ghostscript() -> PdfaTool | None:
    """Ghostscript with its own sRGB profile, or None when either is missing (never downloads anything)."""
    found = shutil.which("gs")
    if not found:
        return None
    try:
        version = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=20,
                                 check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    icc = _find_icc(Path(found), version)
    return PdfaTool(Path(found), version, icc) if icc else None


def _find_icc(gs: Path, version: str) -> Path | None:
    """Ghostscript's `iccprofiles` folder: next to its own share folder, or Debian's shared colour folder."""
    prefixes = {gs.resolve().parent.parent, gs.parent.parent, Path("/usr"), Path("/usr/local")}
    folders: list[Path] = []
    for prefix in sorted(prefixes):
        share = prefix / "share" / "ghostscript"
        folders += [share / version / "iccprofiles", share / "iccprofiles"]
        folders += sorted(share.glob("*/iccprofiles")) if share.is_dir() else []
        folders.append(prefix / "share" / "color" / "icc" / "ghostscript")
    for folder in folders:
        for name in _ICC_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate.resolve()
    return None


# --- conversion ---------------------------------------------------------------------------------------------------

def _ps_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdfa_definition(icc_profile: Path) -> str:
    """The PostScript prefix that gives the file its sRGB output intent (Ghostscript's PDFA_def.ps, filled in)."""
    return "\n".join([
        "%!",
        f"/ICCProfile {_ps_string(str(icc_profile))} def",
        "[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark",
        "[{icc_PDFA} << /N 3 >> /PUT pdfmark",
        "[{icc_PDFA} ICCProfile (r) file /PUT pdfmark",
        "[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark",
        "[{OutputIntent_PDFA} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {icc_PDFA}",
        "  /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) >> /PUT pdfmark",
        "[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark",
        "",
    ])


def _epoch(pdf_date: str) -> int:
    digits = re.sub(r"\D", "", pdf_date)[:14].ljust(14, "0")
    try:
        return int(datetime.strptime(digits, "%Y%m%d%H%M%S").replace(tzinfo=UTC).timestamp())
    except ValueError:
        return 946684800  # 2000-01-01, as bundles date an undated definition


def _print_every_link(source: Path, target: Path) -> int:
    """Copy the bundle with its links flagged printable: PDF/A drops non-printing annotations."""
    import pymupdf

    changed = 0
    with pymupdf.open(source) as doc:
        for page in doc:
            for xref, kind, _ in page.annot_xrefs():
                if kind == pymupdf.PDF_ANNOT_LINK:
                    doc.xref_set_key(xref, "F", str(pymupdf.PDF_ANNOT_IS_PRINT))
                    changed += 1
        doc.save(target, garbage=0, no_new_id=True)
    return changed


def run_ghostscript(tool: PdfaTool, source: Path, target: Path, *, pdf_date: str, pages: int,
                    cancel: CancelToken = NEVER_CANCELLED) -> list[str]:
    """Convert `source` to PDF/A-2b at `target`; returns what Ghostscript warned about (each line once).

    Ghostscript runs in a child process with -dSAFER, reading only the bundle and the ICC profile, with a
    timeout; SOURCE_DATE_EPOCH fixes the dates it writes so the output does not depend on the clock.
    """
    with tempfile.TemporaryDirectory(prefix="casebook-pdfa-") as work:
        work_dir = Path(work)
        prepared = work_dir / "bundle.pdf"
        _print_every_link(source, prepared)
        definition = work_dir / "PDFA_def.ps"
        definition.write_text(pdfa_definition(tool.icc_profile), encoding="ascii", errors="strict")
        output = work_dir / "pdfa.pdf"
        command = [
            str(tool.gs), "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dNOOUTERSAVE",
            f"--permit-file-read={tool.icc_profile}", f"--permit-file-read={work_dir}/",
            "-sDEVICE=pdfwrite", f"-dPDFA={PDFA_PART}", "-dPDFACompatibilityPolicy=1",
            "-sColorConversionStrategy=RGB", "-sProcessColorModel=DeviceRGB",
            "-dAutoRotatePages=/None", "-dEmbedAllFonts=true",
            "-dDownsampleColorImages=false", "-dDownsampleGrayImages=false", "-dDownsampleMonoImages=false",
            f"-sOutputFile={output}", str(definition), str(prepared),
        ]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SOURCE_DATE_EPOCH": str(_epoch(pdf_date)),
               "LC_ALL": "C", "HOME": str(work_dir), "TMPDIR": str(work_dir)}
        log_path = work_dir / "gs.log"
        returncode = _run(tool, command, env, work_dir, log_path, _TIMEOUT_BASE + _TIMEOUT_PER_PAGE * pages, cancel)
        said = _messages(log_path.read_text(encoding="utf-8", errors="replace"))
        if returncode != 0 or not output.is_file() or output.stat().st_size == 0:
            raise PdfaError(f"{tool.name} failed to convert the bundle to PDF/A (exit {returncode})"
                            + (": " + "; ".join(said[:3]) if said else ""))
        shutil.move(str(output), target)
    return said


def _run(tool: PdfaTool, command: list[str], env: dict[str, str], cwd: Path, log_path: Path, timeout: float,
         cancel: CancelToken) -> int:
    """Run Ghostscript, its output to `log_path`; killed when cancelled or past `timeout` seconds."""
    with log_path.open("wb") as log_file:
        try:
            process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       env=env, cwd=cwd)
        except OSError as exc:
            raise PdfaError(f"{tool.name} could not be started: {exc}") from exc
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    return process.wait(timeout=0.25)
                except subprocess.TimeoutExpired:
                    cancel.raise_if_cancelled()
                    if time.monotonic() > deadline:
                        raise PdfaError(f"{tool.name} did not finish the PDF/A conversion in {timeout:.0f} s") \
                            from None
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def _messages(text: str) -> list[str]:
    lines: list[str] = []
    joined = re.sub(r"\n(?=\s)", " ", text)  # Ghostscript wraps a message onto an indented second line
    for line in joined.splitlines():
        line = re.sub(r"^GPL Ghostscript [\d.]+:\s*", "", line.strip())
        line = re.sub(r"\s+", " ", line)
        if line and line not in lines and not re.fullmatch(r"Page \d+", line):
            lines.append(line)
    return lines


# --- what the bundle must keep ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Navigation:
    """What a reader navigates by and what a court sees as marked: compared before and after conversion."""

    labels: tuple[str, ...]
    toc: tuple[tuple[int, str, int], ...]
    links: tuple[tuple[int, int], ...]  # (page index, target page index), sorted
    link_rects: tuple[tuple[int, tuple[float, ...], int], ...]
    highlights: tuple[tuple[int, str, tuple[int, ...]], ...]  # (page index, subject, colour 0–255), sorted
    page_label_rules: tuple[dict, ...] = ()


def read_navigation(path: Path) -> Navigation:
    import pymupdf

    with pymupdf.open(path) as doc:
        labels = tuple(page.get_label() for page in doc)
        toc = tuple(tuple(t[:3]) for t in doc.get_toc(simple=True))
        links, rects, marks = [], [], []
        for page in doc:
            for link in page.get_links():
                if link.get("kind") == pymupdf.LINK_GOTO:
                    links.append((page.number, link.get("page", -1)))
                    rects.append((page.number, tuple(round(v, 2) for v in link["from"]), link.get("page", -1)))
            for annot in page.annots():
                if annot.type[1] == "Highlight":
                    colour = tuple(round(c * 255) for c in (annot.colors.get("stroke") or ()))
                    marks.append((page.number, annot.info.get("subject", ""), colour))
        rules = tuple(doc.get_page_labels())
    return Navigation(labels, toc, tuple(sorted(links)), tuple(sorted(rects)), tuple(sorted(marks)), rules)


def restore_navigation(doc: Any, wanted: Navigation) -> list[str]:
    """Put back page labels, bookmarks and links Ghostscript dropped; returns what was restored."""
    import pymupdf

    restored = []
    have = tuple(page.get_label() for page in doc)
    if have != wanted.labels and wanted.page_label_rules:
        doc.set_page_labels(list(wanted.page_label_rules))
        restored.append("page labels")
    if tuple(tuple(t[:3]) for t in doc.get_toc(simple=True)) != wanted.toc:
        doc.set_toc([list(t) for t in wanted.toc])
        restored.append("bookmarks")
    found = Counter((page.number, link.get("page", -1)) for page in doc for link in page.get_links())
    missing = Counter(wanted.links) - found
    if missing:
        for index, rect, target in wanted.link_rects:
            if missing[(index, target)] <= 0:
                continue
            page = doc[index]
            page.insert_link({"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(rect), "page": target,
                              "to": pymupdf.Point(0, 0), "zoom": 0})
            missing[(index, target)] -= 1
        for page in doc:  # PDF/A: every annotation prints
            for xref, kind, _ in page.annot_xrefs():
                if kind == pymupdf.PDF_ANNOT_LINK:
                    doc.xref_set_key(xref, "F", str(pymupdf.PDF_ANNOT_IS_PRINT))
        restored.append("links")
    return restored


# --- metadata -----------------------------------------------------------------------------------------------------

def _xmp_date(pdf_date: str) -> str:
    digits = re.sub(r"\D", "", pdf_date)[:14].ljust(14, "0")
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}T{digits[8:10]}:{digits[10:12]}:{digits[12:14]}Z"


def xmp_packet(metadata: Mapping[str, str], document_id: str) -> str:
    """XMP that identifies PDF/A-2b and says what the document information dictionary says, no more."""
    def alt(value: str) -> str:
        return f"<rdf:Alt><rdf:li xml:lang=\"x-default\">{escape(value)}</rdf:li></rdf:Alt>"

    dc = []
    if metadata.get("title"):
        dc.append(f"<dc:title>{alt(metadata['title'])}</dc:title>")
    if metadata.get("author"):
        dc.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(metadata['author'])}</rdf:li></rdf:Seq></dc:creator>")
    if metadata.get("subject"):
        dc.append(f"<dc:description>{alt(metadata['subject'])}</dc:description>")
    pdf = [f"<pdf:Producer>{escape(metadata.get('producer', ''))}</pdf:Producer>"]
    if metadata.get("keywords"):
        pdf.append(f"<pdf:Keywords>{escape(metadata['keywords'])}</pdf:Keywords>")
    xmp = []
    if metadata.get("creator"):
        xmp.append(f"<xmp:CreatorTool>{escape(metadata['creator'])}</xmp:CreatorTool>")
    if metadata.get("creationDate"):
        xmp.append(f"<xmp:CreateDate>{_xmp_date(metadata['creationDate'])}</xmp:CreateDate>")
    if metadata.get("modDate"):
        date = _xmp_date(metadata["modDate"])
        xmp += [f"<xmp:ModifyDate>{date}</xmp:ModifyDate>", f"<xmp:MetadataDate>{date}</xmp:MetadataDate>"]
    return "\n".join([
        "<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>",
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">",
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
        "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">"
        f"<pdfaid:part>{PDFA_PART}</pdfaid:part><pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>"
        "</rdf:Description>",
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
        "<dc:format>application/pdf</dc:format>" + "".join(dc) + "</rdf:Description>",
        "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">" + "".join(pdf)
        + "</rdf:Description>",
        "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">" + "".join(xmp)
        + "</rdf:Description>",
        "<rdf:Description rdf:about=\"\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">"
        f"<xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>"
        f"<xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID></rdf:Description>",
        "</rdf:RDF>",
        "</x:xmpmeta>",
        "<?xpacket end=\"w\"?>",
    ])


def _uuid(seed: bytes) -> str:
    h = hashlib.sha256(seed).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


# --- the whole step -----------------------------------------------------------------------------------------------

@dataclass
class PdfaResult:
    """What conversion did: the tool, what it warned about, what was restored, and what the checks found."""

    tool: str
    part: int = PDFA_PART
    conformance: str = PDFA_CONFORMANCE
    warnings: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # what reads differently after conversion (not restored)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {"standard": f"PDF/A-{self.part}{self.conformance.lower()}", "converter": self.tool,
                "validator": "Casebook's own checks (veraPDF not run)", "checks": list(self.checks),
                "restored": list(self.restored), "lost": list(self.lost),
                "converter_warnings": list(self.warnings), "problems": list(self.problems)}


def archival_metadata(metadata: Mapping[str, str], tool: PdfaTool) -> dict[str, str]:
    """The document information the archival file carries: the bundle's own, naming the converter too."""
    data = {k: v for k, v in metadata.items() if k != "trapped"}
    data["producer"] = f"{metadata.get('producer', 'Casebook')}; PDF/A-2b by {tool.name}"
    return data


def convert_to_pdfa(tool: PdfaTool, source: Path, target: Path, *, metadata: Mapping[str, str],
                    pdf_date: str, cancel: CancelToken = NEVER_CANCELLED) -> PdfaResult:
    """Convert a verified bundle to PDF/A-2b at `target`, put back what Ghostscript drops, write matching
    document information and XMP, and check the result against `source`. Problems are in the result."""
    import pymupdf

    before = read_navigation(source)
    result = PdfaResult(tool.name)
    with tempfile.TemporaryDirectory(prefix="casebook-pdfa-out-") as work:
        converted = Path(work) / "converted.pdf"
        result.warnings = run_ghostscript(tool, source, converted, pdf_date=pdf_date, pages=len(before.labels),
                                          cancel=cancel)
        seed = hashlib.sha256(source.read_bytes()).digest()
        with pymupdf.open(converted) as doc:
            if doc.page_count != len(before.labels):
                raise PdfaError(f"{tool.name} wrote {doc.page_count} pages; the bundle has {len(before.labels)}")
            if _xmp_value(doc.get_xml_metadata() or "", "part") != str(PDFA_PART) or any(
                    "normal PDF output" in w for w in result.warnings):
                raise PdfaError(f"{tool.name} could not make this bundle PDF/A and wrote an ordinary PDF"
                                + "".join(f"; {w}" for w in result.warnings[:3]))
            result.restored = restore_navigation(doc, before)
            with pymupdf.open(source) as original:
                fonts = repair_text_maps(doc, original)
            if fonts:
                result.restored.append(f"the text mapping of {fonts} font(s)")
            info = archival_metadata(metadata, tool)
            doc.set_metadata(info)
            doc.set_xml_metadata(xmp_packet(info, _uuid(seed)))
            file_id = hashlib.md5(seed, usedforsecurity=False).hexdigest().upper()
            doc.xref_set_key(-1, "ID", f"[<{file_id}><{file_id}>]")
            # No deflate: the XMP stream must stay unfiltered; Ghostscript's streams keep their own filters.
            doc.save(target, garbage=3, deflate=False, no_new_id=True)
    result.problems, result.checks = check_pdfa(target, before)
    with pymupdf.open(target) as doc, pymupdf.open(source) as original:
        differing = text_differences(doc, original)
    if differing:
        result.lost.append("the text of page(s) " + ", ".join(before.labels[i] for i in differing[:20])
                           + (f" and {len(differing) - 20} more" if len(differing) > 20 else "")
                           + " reads differently (characters the converter re-encoded); the pages look the same")
    return result


# --- checks -------------------------------------------------------------------------------------------------------

def _xmp_value(xmp: str, name: str) -> str:
    found = re.search(rf"pdfaid:{name}\s*=\s*[\"']([^\"']*)[\"']", xmp) or \
        re.search(rf"<pdfaid:{name}>\s*([^<]*?)\s*</pdfaid:{name}>", xmp)
    return found.group(1) if found else ""


def _font_problems(doc: Any) -> list[str]:
    """Fonts without an embedded font program (Type 3 fonts carry their glyphs; Type 0 are checked through
    their descendant)."""
    missing: set[str] = set()
    for xref in range(1, doc.xref_length()):
        try:
            if doc.xref_get_key(xref, "Type")[1] != "/Font":
                continue
        except Exception:
            continue
        subtype = doc.xref_get_key(xref, "Subtype")[1]
        if subtype in ("/Type3", "/Type0"):
            continue
        descriptor = doc.xref_get_key(xref, "FontDescriptor")
        embedded = False
        if descriptor[0] == "xref":
            target = int(descriptor[1].split()[0])
            embedded = any(doc.xref_get_key(target, k)[0] != "null" for k in ("FontFile", "FontFile2", "FontFile3"))
        if not embedded:
            missing.add(doc.xref_get_key(xref, "BaseFont")[1].lstrip("/") or f"font {xref}")
    return [f"font not embedded: {name}" for name in sorted(missing)]


def _active_content(doc: Any) -> list[str]:
    """Actions, scripts and attachments (the one check in pdf/active_content), and /Metadata off the catalog."""
    scan = scan_active_content(doc, (*ACTIVE_KEYS, "Metadata"))
    on_catalog = f"xref {doc.pdf_catalog()}: /Metadata"
    found = [f"{item} outside the catalog" if item.endswith(": /Metadata") else item
             for item in scan.found if item != on_catalog]
    return found + [f"not checked: {why}" for why in scan.unchecked]


def _output_intent_problems(doc: Any) -> list[str]:
    kind, value = doc.xref_get_key(doc.pdf_catalog(), "OutputIntents")
    if kind == "null":
        return ["no output intent"]
    refs = [int(n) for n in re.findall(r"(\d+)\s+0\s+R", value)]
    for ref in refs:
        if doc.xref_get_key(ref, "S")[1] != "/GTS_PDFA1":
            continue
        profile = doc.xref_get_key(ref, "DestOutputProfile")
        if profile[0] != "xref":
            return ["the PDF/A output intent has no ICC profile"]
        data = doc.xref_stream(int(profile[1].split()[0])) or b""
        if len(data) < 128 or data[36:40] != b"acsp":
            return ["the output intent's ICC profile is not an ICC profile"]
        if data[16:20] != b"RGB ":
            return [f"the output intent's ICC profile is for {data[16:20].decode('latin-1').strip()}, not RGB"]
        return []
    return ["no GTS_PDFA1 output intent"]


def _metadata_problems(doc: Any) -> list[str]:
    problems = []
    xmp = doc.get_xml_metadata() or ""
    part, conformance = _xmp_value(xmp, "part"), _xmp_value(xmp, "conformance")
    if part != str(PDFA_PART) or conformance.upper() != PDFA_CONFORMANCE:
        problems.append(f"XMP identifies PDF/A part {part or '?'} conformance {conformance or '?'}, "
                        f"not {PDFA_PART}{PDFA_CONFORMANCE}")
    kind, value = doc.xref_get_key(doc.pdf_catalog(), "Metadata")
    if kind == "xref" and doc.xref_get_key(int(value.split()[0]), "Filter")[0] != "null":
        problems.append("the XMP metadata stream is compressed")
    title = doc.metadata.get("title", "")
    if title and escape(title) not in xmp:
        problems.append("the XMP title differs from the document information")
    if doc.xref_get_key(-1, "ID")[0] != "array":
        problems.append("the file has no ID")
    return problems


def _navigation_problems(after: Navigation, before: Navigation) -> list[str]:
    problems = []
    if after.labels != before.labels:
        problems.append("page labels differ from the bundle's")
    if after.toc != before.toc:
        problems.append("bookmarks differ from the bundle's")
    lost = Counter(before.links) - Counter(after.links)
    if lost:
        problems.append(f"{sum(lost.values())} link(s) lost")
    if Counter(after.links) - Counter(before.links):
        problems.append("links that the bundle did not have")
    if after.highlights != before.highlights:
        problems.append(f"{len(after.highlights)} highlight(s) with their colours; the bundle has "
                        f"{len(before.highlights)}")
    return problems


def check_pdfa(path: Path, before: Navigation) -> tuple[list[str], list[str]]:
    """Casebook's own PDF/A-2b checks (veraPDF is not used): returns (problems, what was checked)."""
    import pymupdf

    checks = ["XMP PDF/A identification (part 2, conformance B)", "sRGB output intent with an ICC profile",
              "every font embedded", "no JavaScript, actions, attachments or encryption",
              "page labels, bookmarks, links and highlights as in the verified bundle"]
    problems: list[str] = []
    with pymupdf.open(path) as doc:
        if doc.is_encrypted or doc.metadata.get("encryption"):
            problems.append("the file is encrypted")
        problems += _metadata_problems(doc)
        problems += _output_intent_problems(doc)
        problems += _font_problems(doc)
        problems += [f"active content: {f}" for f in _active_content(doc)]
        for page in doc:
            for xref, _kind, _ in page.annot_xrefs():
                flags = doc.xref_get_key(xref, "F")[1]
                if not flags.isdigit() or not int(flags) & pymupdf.PDF_ANNOT_IS_PRINT:
                    problems.append(f"page {page.number + 1}: an annotation (xref {xref}) that does not print")
    problems += _navigation_problems(read_navigation(path), before)
    return problems, checks

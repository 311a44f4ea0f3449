"""A filing's own title: found where the caption does not hold it, told apart from PDF /Title junk, and
capitalised for display ("ORDER GRANTING …" → "Order Granting …", small words lower-case, the original kept).

Rules, in order: a court form's heading ("FORM 8. Entry of Appearance" → "Entry of Appearance (Form 8)"); a
Supreme Court slip opinion ("(Slip Opinion)" header; "Slip Opinion (Syllabus)" on a syllabus page); the caption
title; a decision heading standing alone in the first pages ("OPINION OF THE COURT", "MEMORANDUM FINDINGS OF
FACT AND OPINION"); a clerk's letter ("Clerk's Letter re Entry of Judgment", "Clerk's Case-Opening Letter").
A bare "ORDER" whose decretal sentence grants or denies something is named by it ("Order Granting Temporary
Administrative Stay"). A motion that does not name its movant takes it from its opening sentence ("Appellees
respectfully request …" → "Appellees' Motion …"). A title found in a file holding fewer pages than its stamp
counts is marked "(Excerpt)".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "re", "the", "to", "upon",
     "with", "v.", "vs.", "via"}
)
_KEEP_AS_PRINTED = re.compile(
    r"^[\[(\"'“]*(?:[IVX]+|(?:[A-Z]\.){2,}|U\.S\.C\.?|§+|L\.P\.|N\.A\.|[\d.,:/§()-]+"
    r"|(?:LLC|LLP|USA|FBI|IRS|DHS|ICE|CBP|DOJ|EPA|SEC|FTC|FCC|NLRB|ERISA|FOIA|ADA|FLSA|RICO|TRO|CEO|MDL|ECF)"
    r"(?:'S|'|’S)?)[\])\"'”,.;:]*$"
)
_ET_AL = re.compile(r",?\s+et\s+al\.?(?=[\s,]|$),?", re.I)
_OTHER_CASE_NUMBERS = re.compile(
    r",?\s+(?:case|docket|appeal)\s+nos?\.?\s*\d[\d\-\u2013, &]*(?:(?:and|&)\s+\d[\d\-\u2013]*)?(?=\s|$)", re.I
)
_SECTION_SIGN = re.compile(r"(U\.\s?S\.\s?C\.)\s*\$\s*(?=\d)")


def _cap(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def display_title(printed: str) -> str:
    """The printed title capitalised for display; a title already in mixed case keeps its capitals."""
    text = _SECTION_SIGN.sub(r"\1 § ", " ".join(printed.split()))
    text = _OTHER_CASE_NUMBERS.sub("", _ET_AL.sub("", text)).strip(" ,;:")
    letters = [ch for ch in text if ch.isalpha()]
    shouting = bool(letters) and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)
    words = []
    for i, word in enumerate(text.split()):
        lower = word.lower()
        if i and lower in _SMALL_WORDS:
            words.append(lower)
        elif _KEEP_AS_PRINTED.match(word) or not shouting:
            words.append(word[:1].upper() + word[1:] if i == 0 else word)
        else:
            lead = re.match(r"^[\[(\"'“]*", word)
            cut = lead.end() if lead else 0
            words.append(word[:cut] + _cap(word[cut:]))
    return " ".join(words)


# ---------------------------------------------------------------------------------------------------------
# PDF /Title metadata that is not a title

_JUNK_TITLE = re.compile(
    r"^(?:Microsoft\s+(?:Word|PowerPoint|Excel)\b|untitled\b|document\s*\d*$|doc\d+$|scan\w*$|page\s*\d+$"
    r"|(?:adobe|acrobat|pdfium|ghostscript|pdftex|writer|print\s+to\s+pdf|quartz|itext|nitro|crystal\s+reports)\b)"
    r"|\.(?:docx?|wpd|rtf|odt|pdf|txt|cef|tiff?|jpe?g|png|gif|tmp|html?|xlsx?|pptx?)$|[\\/]|^\S*_\S*$|^[\W\d_]*$",
    re.I,
)


def is_junk_title(title: str) -> bool:
    """True for PDF /Title values that name a file, a program or nothing ("Microsoft Word - …", "untitled",
    "A9Rmahfa4_1laaz8q_bg.tmp", "doctor_ca5_opinion_21-50498", "scan0001.tif", "Acrobat PDFMaker")."""
    title = title.strip()
    return not title or bool(_JUNK_TITLE.search(title))


# ---------------------------------------------------------------------------------------------------------
# Titles the caption does not hold

_FORM_HEADING = re.compile(r"^FORM\s+(?P<number>\d{1,3}[A-Z]?)\.\s+(?P<title>[A-Z][A-Za-z ,'()&-]{3,80})$")
_DECISION_HEADING = re.compile(
    r"^(?:MEMORANDUM\s+(?:FINDINGS\s+OF\s+FACT\s+AND\s+)?OPINION|(?:SUMMARY\s+)?OPINION(?:\s+OF\s+THE\s+COURT)?"
    r"|PER\s+CURIAM(?:\s+OPINION)?|ORDER\s+AND\s+JUDGMENT|(?:FINAL\s+)?JUDGMENT|Judgment|Opinion)$"
)
_DECISION_PAGES = 4


def form_title(lines: Sequence[str]) -> tuple[str, str] | None:
    """("Entry of Appearance (Form 8)", the heading as printed) from a court form's "FORM 8. Entry of Appearance"."""
    for line in lines[:12]:
        match = _FORM_HEADING.match(line.strip())
        if match:
            return f"{match['title'].strip()} (Form {match['number']})", line.strip()
    return None


def slip_opinion_title(first_page: str) -> tuple[str, str] | None:
    """("Slip Opinion" or "Slip Opinion (Syllabus)", the header as printed) for a Supreme Court slip opinion."""
    top = [" ".join(line.split()) for line in first_page.split("\n") if line.strip()][:12]
    if not any(line.startswith("(Slip Opinion)") for line in top[:3]):
        return None
    return ("Slip Opinion (Syllabus)" if "Syllabus" in top else "Slip Opinion"), "(Slip Opinion)"


def decision_heading(pages_text: Sequence[str]) -> str | None:
    """A decision's heading standing alone in its first pages ("OPINION OF THE COURT")."""
    for text in pages_text[:_DECISION_PAGES]:
        for line in text.split("\n"):
            line = " ".join(line.split())
            if _DECISION_HEADING.match(line):
                return line
    return None


_CLERK_LETTERHEAD = re.compile(r"^OFFICE\s+OF\s+THE\s+CLERK\b", re.M)
_LETTER_CLOSE = re.compile(r"^(?:Very\s+truly\s+yours|Sincerely|Respectfully\s+yours|Yours\s+truly)\b", re.M | re.I)
_RE_LINE = re.compile(r"^RE:\s", re.M)


def is_clerk_letter(pages_text: Sequence[str]) -> bool:
    """A letter from a clerk's office: its letterhead on the first page and a letter's closing."""
    first = "\n".join(line.strip() for line in pages_text[0].split("\n")[:12]) if pages_text else ""
    return bool(_CLERK_LETTERHEAD.search(first)) and any(_LETTER_CLOSE.search(text) for text in pages_text)


def clerk_letter_title(pages_text: Sequence[str]) -> str:
    """"Clerk's Letter re <heading>" from the heading after the "RE:" block, else what the letter encloses."""
    for text in pages_text:
        match = _RE_LINE.search(text)
        if match is None:
            continue
        after = [line.strip() for line in text[match.end() :].split("\n")][:10]
        for line in after:
            letters = [ch for ch in line if ch.isalpha()]
            if len(letters) >= 4 and all(ch.isupper() for ch in letters) and len(line) <= 60 and ":" not in line:
                return f"Clerk's Letter re {display_title(line)}"
        break
    body = " ".join(pages_text[:2]).lower()
    if "case opening" in body or "case-opening" in body:
        return "Clerk's Case-Opening Letter"
    return "Clerk's Letter"


_GRANTS = re.compile(
    r"\bORDERED\s+that\s+the\s+(?:Court|court|motion|Clerk)\s+(?P<verb>grants|denies|GRANTS|DENIES)\s+(?:an?\s+|the\s+)?"
    r"(?P<what>[A-Za-z' -]{3,60}?)(?=\s+(?:of|pending|to|in|for|and|until)\b|[,.;])"
)
# "IT IS ORDERED that Appellant's motion to stay the mandate is GRANTED."
_MOTION_GRANTED = re.compile(
    r"\bORDERED\s+that\s+(?:the\s+)?(?P<what>(?:[A-Z][\w.'’-]*\s+){0,3}motion\s+(?:to|for)\s+[A-Za-z' -]{3,60}?)"
    r"\s+(?:is|be|are)\s+(?:hereby\s+)?(?P<verb>GRANTED|DENIED|granted|denied)\b"
)


def decretal_title(pages_text: Sequence[str]) -> str | None:
    """"Order Granting Temporary Administrative Stay" from "IT IS HEREBY ORDERED that the Court grants a …", and
    "Order Granting Appellant's Motion to Stay" from "ORDERED that Appellant's motion to stay is GRANTED"."""
    for text in pages_text[:3]:
        flat = " ".join(text.split())
        match = _GRANTS.search(flat) or _MOTION_GRANTED.search(flat)
        if match:
            verb = "Granting" if match["verb"].lower() in ("grants", "granted") else "Denying"
            return f"Order {verb} {display_title(match['what'].upper())}"
    return None


_MOVANT = re.compile(
    r"^(?P<who>Appellees?|Appellants?|Petitioners?|Respondents?|Plaintiffs?|Defendants?|Movants?|Intervenors?)"
    r"\s+(?:respectfully\s+)?(?:request|move|moves|requests|ask|asks)\b",
    re.M,
)


def movant_prefix(title: str, pages_text: Sequence[str]) -> str:
    """"Appellees' Motion …" when a motion's title does not name its movant and its first sentence does."""
    if not title.upper().startswith("MOTION"):
        return title
    for text in pages_text[:4]:
        match = _MOVANT.search("\n".join(" ".join(line.split()) for line in text.split("\n")))
        if match:
            who = match["who"]
            possessive = f"{who}'" if who.endswith("s") else f"{who}'s"
            return f"{possessive} {title}"
    return title


_DECLARANT_TITLE = re.compile(
    r"^(?P<head>(?:DECLARATION|AFFIDAVIT)\s+OF\s+)(?P<name>[^\n]+?)"
    r"(?P<tail>\s+(?:PURSUANT|IN\s+SUPPORT|IN\s+OPPOSITION|REGARDING|RE:?|UNDER)\b.*)?$",
    re.I,
)
_DECLARANT_BODY = re.compile(r"^\s*I,\s+(?P<name>[A-Z][A-Za-z.'\- ]{2,50}?),\s", re.M)
_SAME_NAME = 0.75


def repair_declarant(printed: str, pages_text: Sequence[str]) -> str:
    """A declarant's name garbled by a poor OCR layer ("DECLARATION OF AI\\GELA FRYE") mended from the
    declaration's own "I, Angela Frye, …" when the two are nearly the same."""
    title = _DECLARANT_TITLE.match(printed)
    body = _DECLARANT_BODY.search(pages_text[0]) if pages_text and title else None
    if title is None or body is None:
        return printed
    printed_name, body_name = title["name"].strip(), " ".join(body["name"].split())
    if printed_name.upper() == body_name.upper():
        return printed
    if difflib.SequenceMatcher(None, printed_name.upper(), body_name.upper()).ratio() < _SAME_NAME:
        return printed
    return f"{title['head']}{body_name.upper() if printed_name.isupper() else body_name}{title['tail'] or ''}"


_SALUTATION = re.compile(
    r"^(?:Dear\s+(?:Judge|Magistrate|Justice|Chief|Clerk|Mr\.|Ms\.|Mrs\.|Sir|Madam)|Your\s+Honor\b)", re.M
)
_FIRST_PERSON_PLURAL = re.compile(r"\b(?:we|We|us|our|Our)\b")
_LETTER_VOICE = 3


def reads_as_letter(first_page: str) -> bool:
    """An uncaptioned, untitled filing written as correspondence: a salutation, or counsel writing as "we"."""
    if _SALUTATION.search(first_page):
        return True
    return len(_FIRST_PERSON_PLURAL.findall(first_page)) >= _LETTER_VOICE


_OPINION_SIGNAL = re.compile(
    r"^(?:[A-Z][A-Za-z.'\- ]{1,40},\s+(?:Chief\s+|Senior\s+)?(?:Circuit\s+|District\s+)?Judge[.:]"
    r"|.*\bP\.\s?J\.,|PER\s+CURIAM\b|Per\s+Curiam\b)",
    re.M,
)


def reads_as_opinion(pages_text: Sequence[str]) -> bool:
    """An untitled decision: its author line ("SELYA, Circuit Judge."), a panel with a presiding judge ("Quigless,
    P.J., …") or "PER CURIAM" in its first pages."""
    return any(_OPINION_SIGNAL.search(text) for text in pages_text[:_DECISION_PAGES])

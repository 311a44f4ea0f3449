"""Complete a court's name the caption prints in part: the circuit of a bare "United States Court of Appeals"
(from the CM/ECF stamp's style or the court's web address) and the state of a bare "Court of …".

Free Law Project's courts-db was evaluated for this and not adopted: its names drop "United States" from the
courts of appeals ("Court of Appeals for the Third Circuit"), it lacks some state tribunals (Tennessee's Court of
Workers' Compensation Claims), and loading it compiles thousands of regular expressions at every import.
"""

from __future__ import annotations

import re

STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
    "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas",
    "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
)
_STATE_AT_START = re.compile(r"^(?:the\s+)?(?:state\s+of\s+)?(?P<state>" + "|".join(STATES) + r")\b", re.I)
_ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh")
_WEBSITE = re.compile(r"\bca(?P<n>\d{1,2}|dc|fc|fed)\.uscourts\.gov\b", re.I)
_BARE_COURT_OF_APPEALS = re.compile(r"^United States Court of Appeals$", re.I)
_UNPLACED = re.compile(r"^(?:Court\s+of|Supreme\s+Court$|Superior\s+Court$|Court\s+of\s+Appeals?$)", re.I)


def _website_circuit(text: str) -> str | None:
    match = _WEBSITE.search(text)
    if match is None:
        return None
    code = match["n"].lower()
    if code == "dc":
        return "District of Columbia"
    if code in ("fc", "fed"):
        return "Federal"
    number = int(code)
    return _ORDINALS[number - 1] if 1 <= number <= len(_ORDINALS) else None


def complete_court(court: str | None, first_page: str, *, stamp_circuit: str | None = None) -> str | None:
    """The court's full name, completed from the page and the stamp where the caption leaves it bare."""
    if court is None:
        return None
    if _BARE_COURT_OF_APPEALS.match(court):
        circuit = stamp_circuit or _website_circuit(first_page)
        if circuit:
            return f"{court} for the {circuit} Circuit"
        return court
    if _UNPLACED.match(court):
        # "IN THE COURT OF WORKERS' COMPENSATION CLAIMS" under a "TENNESSEE COURT OF …" filing stamp or a
        # "TENNESSEE BUREAU OF …" letterhead: the state heads the caption.
        top = [line.strip() for line in first_page.split("\n") if line.strip()][:15]
        for line in top:
            match = _STATE_AT_START.match(line)
            if match and re.search(r"\b(?:court|bureau|department|division|commission)\b", line, re.I):
                state = next(s for s in STATES if s.lower() == match["state"].lower())
                return f"{state} {court}"
    return court

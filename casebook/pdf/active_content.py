"""The one active-content check: JavaScript, actions and other keys a PDF should not carry, object by object.

Every object's dictionary is read once. Top-level keys from `keys` and action types (/S /Launch …) are
listed as findings; JavaScript is recognised anywhere in the dictionary, nested name trees included.
An object that cannot be read is counted as unchecked, so callers can fail closed.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

# Keys that make a PDF act on its own when opened or clicked (the import and pre-flight view).
ACTIVE_KEYS = ("JS", "JavaScript", "AA", "OpenAction", "EmbeddedFiles", "Launch")
ACTIVE_ACTIONS = ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData")
# /JS or /JavaScript as a PDF name (an action's script or the document's JavaScript name tree).
_JAVASCRIPT_RE = re.compile(r"/(?:JS|JavaScript)(?![A-Za-z0-9_.#-])")


@dataclass
class ActiveContent:
    """What one pass over a document's objects found."""

    found: list[str] = field(default_factory=list)  # "xref 12: /JS", "xref 9: an action of type /Launch"
    javascript: bool = False
    unchecked: list[str] = field(default_factory=list)  # why some objects (or the whole file) were not read

    @property
    def complete(self) -> bool:
        return not self.unchecked

    @property
    def javascript_or_unchecked(self) -> bool:
        """Fail closed: JavaScript found, or some of the file could not be checked for it."""
        return self.javascript or not self.complete


def scan_active_content(
    doc: Any, keys: Collection[str] = ACTIVE_KEYS, *, limit: int | None = None
) -> ActiveContent:
    """Scan every object of an open PyMuPDF document (the first `limit` objects when given); never raises."""
    result = ActiveContent()
    try:
        count = doc.xref_length()
    except Exception as exc:
        result.unchecked.append(f"the object table could not be read ({exc})")
        return result
    if limit is not None and count > limit:
        result.unchecked.append(f"only the first {limit:,} of {count:,} objects were checked")
        count = limit
    bad: list[int] = []
    for xref in range(1, count):
        try:
            source = doc.xref_object(xref, compressed=True)
            present = doc.xref_get_keys(xref)
            action = doc.xref_get_key(xref, "S")[1]
        except Exception:
            bad.append(xref)
            continue
        if _JAVASCRIPT_RE.search(source):
            result.javascript = True
        for key in present:
            if key in keys and doc.xref_get_key(xref, key)[0] != "null":
                result.found.append(f"xref {xref}: /{key}")
        if action in ACTIVE_ACTIONS:
            result.found.append(f"xref {xref}: an action of type {action}")
    if bad:
        shown = ", ".join(str(x) for x in bad[:5]) + (" …" if len(bad) > 5 else "")
        result.unchecked.append(f"{len(bad)} object(s) could not be read (xref {shown})")
    return result

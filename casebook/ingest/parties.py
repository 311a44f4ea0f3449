"""The parties of a filing as a short case name ("Calvary Chapel of Bangor v. Mills"), read from its caption."""

from __future__ import annotations

from collections.abc import Sequence


def find_parties(pages_text: Sequence[str]) -> str | None:
    """The case name a lawyer would write for this filing, abbreviated per Bluebook T6/T10; None when absent."""
    return None

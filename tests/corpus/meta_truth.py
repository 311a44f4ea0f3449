"""Grade Casebook's document metadata against the careful reader's truth in ../shared/corpus/META_TRUTH.tsv.

Run as a script (``python tests/corpus/meta_truth.py CASE``) to print the field-by-field table for an
imported case; the corpus test uses `grade` with the same rules.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
TRUTH = CORPUS / "META_TRUTH.tsv"

# (truth column, how to read Casebook's value from a `casebook list --json` row)
GRADED_FIELDS = ("title", "kind", "court", "docket", "ecf_no", "appellate_doc_id", "date", "date_basis", "parties")


def _loose(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used for titles, courts and parties."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", "", text.casefold().replace("&", "and"))


def _dockets(text: str) -> frozenset[str]:
    parts = re.split(r"\s*;\s*", text or "")
    return frozenset(re.sub(r"[\s\u2010-\u2015]+", "-", p.strip()).casefold() for p in parts if p.strip())


def _exact(text: str) -> str:
    return (text or "").strip()


COMPARE: dict[str, Callable[[str], object]] = {
    "title": _loose,
    "kind": _exact,
    "court": _loose,
    "docket": _dockets,
    "ecf_no": _exact,
    "appellate_doc_id": _exact,
    "date": _exact,
    "date_basis": _exact,
    "parties": _loose,
}


def load_truth() -> list[dict[str, str]]:
    with TRUTH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def casebook_fields(row: Mapping[str, object]) -> dict[str, str]:
    """The graded fields from one `casebook list --json` document row."""
    dockets = row.get("docket_numbers") or ([row["case_number"]] if row.get("case_number") else [])
    return {
        "title": str(row.get("title") or ""),
        "kind": str(row.get("kind") or ""),
        "court": str(row.get("court") or ""),
        "docket": "; ".join(str(d) for d in dockets),  # type: ignore[union-attr]
        "ecf_no": str(row.get("ecf_document_number") or ""),
        "appellate_doc_id": str(row.get("appellate_document_id") or ""),
        "date": str(row.get("date") or row.get("filed_date") or ""),
        "date_basis": str(row.get("date_basis") or ("none" if not row.get("date") else "")),
        "parties": str(row.get("parties") or ""),
    }


@dataclass
class Grade:
    """Matches per field and the mismatches for the report."""

    matched: dict[str, int]
    total: dict[str, int]
    misses: list[tuple[str, str, str, str]]  # file, field, truth, ours

    @property
    def accuracy(self) -> float:
        return sum(self.matched.values()) / max(1, sum(self.total.values()))


def grade(truth: Iterable[Mapping[str, str]], ours_by_file: Mapping[str, Mapping[str, str]],
          fields: Iterable[str] = GRADED_FIELDS) -> Grade:
    fields = tuple(fields)
    matched = dict.fromkeys(fields, 0)
    total = dict.fromkeys(fields, 0)
    misses: list[tuple[str, str, str, str]] = []
    for row in truth:
        name = Path(row["local_file"]).name
        ours = ours_by_file.get(name, {})
        for f in fields:
            want = row.get(f, "") or ""
            if f == "date_basis" and not want:
                want = "none"
            got = ours.get(f, "")
            if f == "date_basis" and not got:
                got = "none"
            total[f] += 1
            if COMPARE[f](want) == COMPARE[f](got):
                matched[f] += 1
            else:
                misses.append((name, f, want, got))
    return Grade(matched, total, misses)


def main(case: str) -> None:
    import json
    import subprocess

    out = subprocess.run([sys.executable, "-m", "casebook.cli.main", "--case", case, "list", "--json"],
                         check=True, capture_output=True, text=True).stdout
    rows = json.loads(out)
    ours = {}
    for row in rows:
        for name in row.get("original_names") or []:
            ours[name] = casebook_fields(row)
    result = grade(load_truth(), ours)
    for f in result.total:
        print(f"{f:18} {result.matched[f]:3}/{result.total[f]}")
    print(f"overall {result.accuracy:.1%}")
    for miss in result.misses:
        print(" | ".join(miss))


if __name__ == "__main__":
    main(sys.argv[1])

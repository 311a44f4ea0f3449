"""A redacted bundle (`export bundle --redact`): redacted exhibit copies, redacted chart text, the proof, the lists.

Originals are never touched: each exhibit's pages are taken from a redacted in-memory copy. Chart quotes,
claim statements and highlight notes show the redacted form. Before the bundle is published, `proof_problems`
reads the written file back; the manifest gets each redaction's identifier, exhibit, page, Bates and rule (never
its text) and the sealed reference list (FRCP 5.2(g)) maps the same identifiers to the text, one to one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from casebook.core.anchoring import Anchor, TextQuote
from casebook.core.bundles import BundleDefinition, BundleError, BundlePlan
from casebook.core.evidence import Excerpt
from casebook.core.privacy import RULE_NAMES
from casebook.pdf.bundle_assemble import Source
from casebook.pdf.redact import (
    EXISTING_BOX_RULE,
    RedactionFailed,
    RedactionSpec,
    bad_redaction_pages,
    leaks,
    redact_copy,
)
from casebook.services.bundle_sources import EvidenceMap, PreparedExhibit
from casebook.services.privacy import forbidden_strings, redact_text, redaction_specs
from casebook.store.case_store import CaseStore

log = logging.getLogger(__name__)

SEAL_HEADING = "FILED UNDER SEAL"


@dataclass
class BundleRedactions:
    """Every redaction applied to a bundle's exhibits (by exhibit index) and the strings that must not remain."""

    applied: dict[int, list[RedactionSpec]] = field(default_factory=dict)
    forbidden: list[tuple[str, str]] = field(default_factory=list)  # (identifier, string)
    rebuilt: dict[int, list[int]] = field(default_factory=dict)  # exhibit index -> pages rebuilt as image + text

    @property
    def all_specs(self) -> list[RedactionSpec]:
        return [s for specs in self.applied.values() for s in specs]


def redact_exhibits(case: CaseStore, prepared: Sequence[PreparedExhibit]) -> BundleRedactions:
    """Replace every exhibit's pages with a redacted copy; raises BundleError when any redaction fails."""
    result = BundleRedactions()
    for index, prep in enumerate(prepared):
        specs = redaction_specs(case, prep.record.id)
        if prep.source.is_article:
            specs = _by_text_on_every_page(specs, prep.source.page_count)
        source = prep.pdf.path if prep.pdf.path is not None else prep.pdf.data
        if source is None:
            continue
        try:
            copy = redact_copy(source, specs, prefix=f"D{prep.record.id}-",
                               tolerate_missing=prep.source.is_article)
        except RedactionFailed as exc:
            raise BundleError(f"{prep.record.title}: {exc}; the bundle was not exported") from exc
        prep.pdf = Source(data=copy.data)
        result.applied[index] = copy.applied
        if copy.rebuilt_pages:
            result.rebuilt[index] = copy.rebuilt_pages
    result.forbidden = forbidden_strings(result.all_specs)
    specs = result.all_specs
    for prep in prepared:  # the index, bookmarks and slip-sheets print each exhibit's title
        prep.source = replace(prep.source, title=redact_text(prep.source.title, specs))
    return result


def _by_text_on_every_page(specs: Sequence[RedactionSpec], pages: int) -> list[RedactionSpec]:
    """An article is printed afresh for the bundle: its redactions are found by their text on every page."""
    return [replace(s, page=n, rects=()) for s in specs for n in range(1, pages + 1)]


def redact_evidence(evidence: EvidenceMap, redactions: BundleRedactions) -> EvidenceMap:
    """Chart rows, statements and highlight notes with every redacted string in its partial form."""
    specs = redactions.all_specs
    if not specs:
        return evidence
    rows = [replace(row, statement=redact_text(row.statement, specs), asserted_in=redact_text(row.asserted_in, specs),
                    cites=tuple(replace(c, quote=redact_text(c.quote, specs), note=redact_text(c.note, specs))
                                for c in row.cites)) for row in evidence.rows]
    statements = {k: redact_text(v, specs) for k, v in evidence.statements.items()}
    return replace(evidence, rows=rows, statements=statements)


def redact_excerpts(excerpts: dict[int, Excerpt], redactions: BundleRedactions | None) -> dict[int, Excerpt]:
    """Excerpts whose quotes verification looks for, as the redacted bundle prints them."""
    if redactions is None or not redactions.all_specs:
        return excerpts
    specs = redactions.all_specs
    out = {}
    for key, excerpt in excerpts.items():
        quote = excerpt.anchor.quote
        marked = redact_text(quote.exact, specs, marker=_CUT)
        if marked == quote.exact:
            out[key] = excerpt
            continue
        # The partial form is printed in the box, read after the line's text: the longest untouched stretch
        # of the quote is what verification can find on the cited page.
        text = max((part.strip() for part in marked.split(_CUT)), key=len)
        out[key] = replace(excerpt, anchor=Anchor(TextQuote(text, quote.prefix, quote.suffix), excerpt.anchor.span))
    return out


_CUT = "\x00"


def proof_problems(path: Path, redactions: BundleRedactions) -> list[str]:
    """Why the written bundle must not be published: a redacted string still extractable, or text under a box."""
    problems = leaks(path, redactions.forbidden)
    problems.extend(f"page {page}: text can still be read under a dark box" for page, _ in bad_redaction_pages(path))
    return problems


def manifest_entries(plan: BundlePlan, redactions: BundleRedactions) -> list[dict]:
    """Each redaction by identifier, exhibit, bundle page, Bates and rule; never the redacted text."""
    entries = []
    for index, specs in sorted(redactions.applied.items()):
        exhibit = plan.exhibits[index]
        for spec in specs:
            page = exhibit.bundle_page(spec.page)
            bates = plan.pages[page - 1].bates if 0 < page <= len(plan.pages) else None
            entries.append({"identifier": spec.identifier, "exhibit": exhibit.label, "exhibit_page": spec.page,
                            "bundle_page": page, "bates": plan.bates_text(bates) if bates is not None else "",
                            "rule": spec.rule, "rule_name": rule_label(spec.rule), "replacement": spec.replacement})
    return entries


def rebuilt_entries(plan: BundlePlan, redactions: BundleRedactions) -> list[dict]:
    """Each exhibit page rebuilt as a picture with a text layer because the redaction would have moved its text."""
    entries = []
    for index, pages in sorted(redactions.rebuilt.items()):
        exhibit = plan.exhibits[index]
        for number in pages:
            page = exhibit.bundle_page(number)
            entries.append({"exhibit": exhibit.label, "exhibit_page": number, "bundle_page": page,
                            "note": f"page {page} rebuilt as image + text layer because redaction would have "
                                    "moved text"})
    return entries


def rule_label(rule: str) -> str:
    return "dark box already on the page" if rule == EXISTING_BOX_RULE else RULE_NAMES.get(rule, rule)


def sealed_list(plan: BundlePlan, redactions: BundleRedactions, *, caption: str = "") -> str:
    """The FRCP 5.2(g) reference list: one line per redacted item, its identifier and the full text."""
    lines = [SEAL_HEADING, "", "Reference list under Fed. R. Civ. P. 5.2(g)", caption,
             f"Bundle: {plan.definition.title} ({plan.definition.name}), {plan.definition.date}", "",
             "Each identifier below corresponds to the redacted item at that place in the publicly filed bundle.", "",
             "Identifier\tExhibit\tPage\tBates\tRule\tRedacted as\tFull text"]
    for entry, spec in zip(manifest_entries(plan, redactions), redactions.all_specs, strict=True):
        lines.append("\t".join([entry["identifier"], entry["exhibit"], str(entry["bundle_page"]), entry["bates"],
                                entry["rule_name"], spec.replacement or "(black box)", " ".join(spec.text.split())]))
    lines += ["", SEAL_HEADING, ""]
    return "\n".join(line for line in lines if line is not None)


def write_sealed_list(case: CaseStore, definition: BundleDefinition, out: Path | None = None, *,
                      manifest: Path | None = None) -> tuple[Path, int]:
    """Write the sealed reference list of a saved bundle (redactions worked out as its export does them).

    With the bundle's `manifest`, the list must name exactly the redactions it records, in the same places;
    otherwise (decisions changed since the export) nothing is written."""
    import json
    import os
    import tempfile

    from casebook.services.bundles import build_for_list
    from casebook.services.caption import get_caption

    definition = replace(definition, redact=True)
    plan, redactions = build_for_list(case, definition)
    if manifest is not None:
        recorded = json.loads(Path(manifest).read_text(encoding="utf-8")).get("redactions")
        if recorded is None:
            raise BundleError(f"{manifest}: this bundle was exported without --redact")
        if recorded != manifest_entries(plan, redactions):
            raise BundleError(f"{manifest}: the redactions have changed since this bundle was exported; export "
                              "it again, then write its privacy list")
    own = get_caption(case)
    caption = " — ".join(p for p in (own.caption or case.title, own.court, own.number) if p)
    text = sealed_list(plan, redactions, caption=caption)
    out = Path(out) if out is not None else case.layout.exports / f"{definition.name}.privacy-list.SEALED.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    with case.transaction() as db:
        from casebook.store import audit

        audit.append(db, "privacy.sealed_list", f"bundle:{definition.name}",
                     {"path": str(out), "items": len(redactions.all_specs)})
    return out, len(redactions.all_specs)


def privacy_warnings(case: CaseStore, definition: BundleDefinition) -> list[str]:
    """Pending findings in the exhibits (never redacted until accepted), or accepted ones a plain export ignores."""
    from casebook.services.privacy import list_findings

    ids = {choice.document_id for choice in definition.exhibits}
    findings = [f for f in list_findings(case) if f.document_id in ids]
    pending = sum(1 for f in findings if f.status == "pending")
    accepted = sum(1 for f in findings if f.status == "accepted")
    warnings = []
    if pending:
        warnings.append(f"{pending} privacy finding(s) in these exhibits await a decision and will not be redacted "
                        "(`casebook privacy list --status pending`)")
    if accepted and not definition.redact:
        warnings.append(f"{accepted} accepted privacy redaction(s) are NOT applied: export with --redact before "
                        "filing publicly")
    return warnings

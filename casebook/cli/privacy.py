"""`casebook privacy …`: find what FRCP 5.2(a) keeps out of a public filing, review it, add manual redactions."""

from __future__ import annotations

import sys
from typing import Any

import click

from casebook.cli.common import EXIT_CANCELLED, ProgressLine, case_option, emit_json, json_option
from casebook.cli.common import resolve_case_path as _resolve
from casebook.core.privacy import MANUAL, RULE_NAMES
from casebook.services import documents as document_service
from casebook.services import privacy as service
from casebook.services.cases import open_case
from casebook.store.privacy import STATUSES


@click.group("privacy")
def privacy() -> None:
    """Privacy review (FRCP 5.2): scan, accept/reject/exempt findings, manual redactions, the case's terms."""


@privacy.command("scan")
@click.argument("docs", nargs=-1)
@click.option("--criminal/--civil", default=None,
              help="Also flag home addresses (criminal matters; default: decided by each docket number).")
@case_option
@json_option
def scan(docs: Any, criminal: Any, case_path: Any, as_json: Any) -> None:
    """Scan documents (default: all) for SSNs, TINs, birth dates, account and card numbers, minors' names."""
    with open_case(_resolve(case_path)) as case:
        ids = [document_service.resolve_document(case, ref).id for ref in docs] or None
        bar = ProgressLine("Scanning")
        report = service.scan_documents(case, ids, criminal=criminal, progress=bar)
        bar.finish()
        pending = len(service.list_findings(case, status="pending"))
    if as_json:
        emit_json(dict(report.to_dict(), pending=pending))
    else:
        rules = ", ".join(f"{n} {RULE_NAMES.get(r, r)}" for r, n in sorted(report.by_rule.items())) or "none new"
        click.echo(f"Scanned {report.documents} document(s), {report.pages} page(s): {report.new} new finding(s) "
                   f"({rules}); {pending} awaiting a decision (`casebook privacy list`).")
    if report.cancelled:
        sys.exit(EXIT_CANCELLED)


@privacy.command("list")
@click.argument("docs", nargs=-1)
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only findings with this decision.")
@case_option
@json_option
def list_command(docs: Any, status: Any, case_path: Any, as_json: Any) -> None:
    """Findings with their rule, page, text and proposed replacement."""
    with open_case(_resolve(case_path)) as case:
        ids = [document_service.resolve_document(case, ref).id for ref in docs]
        found = [f for f in service.list_findings(case, status=status) if not ids or f.document_id in ids]
    if as_json:
        emit_json([f.to_dict() for f in found])
        return
    click.echo(f"{'ID':<6}{'DOC':<5}{'PAGE':<6}{'STATUS':<10}{'RULE':<14}{'TEXT':<32}REPLACEMENT")
    for f in found:
        text = " ".join(f.text.split())
        click.echo(f"{f.id:<6}{f.document_id:<5}{f.page:<6}{f.status:<10}{f.rule:<14}{text[:30]:<32}{f.replacement}"
                   + (f"  ({f.reason})" if f.reason else "") + ("" if f.anchored else "  [not found in the text]"))


def _decide(decision: str, ids: Any, all_: Any, doc: Any, reason: Any, candidates: Any, case_path: Any,
            as_json: Any) -> None:
    with open_case(_resolve(case_path)) as case:
        if all_:
            document_id = document_service.resolve_document(case, doc).id if doc else None
            done = service.decide_all(case, decision, document_id=document_id, reason=reason or "",
                                      include_candidates=candidates)
        else:
            if not ids:
                raise click.UsageError("give finding IDs or --all")
            done = service.decide(case, [int(i) for i in ids], decision, reason=reason or "")
    if as_json:
        emit_json([f.to_dict() for f in done])
    else:
        click.echo(f"{decision.capitalize()}ed {len(done)} finding(s)." if decision != "reset"
                   else f"Reset {len(done)} finding(s) to pending.")


def _decision_command(decision: str, summary: str) -> click.Command:
    @privacy.command(decision, help=summary)
    @click.argument("ids", nargs=-1, type=int)
    @click.option("--all", "all_", is_flag=True, help="Every pending finding (minors' names only with --candidates).")
    @click.option("--doc", default=None, help="With --all: only this document's findings.")
    @click.option("--reason", default=None, help="Why (required to exempt under FRCP 5.2(b)).")
    @click.option("--candidates", is_flag=True, help="With --all: include candidates (minors' names).")
    @case_option
    @json_option
    def command(ids: Any, all_: Any, doc: Any, reason: Any, candidates: Any, case_path: Any, as_json: Any) -> None:
        _decide(decision, ids, all_, doc, reason, candidates, case_path, as_json)

    return command


accept = _decision_command("accept", "Accept findings: they are redacted in `export bundle --redact`.")
reject = _decision_command("reject", "Reject findings: not private, left as they are.")
exempt = _decision_command("exempt", "Mark findings exempt under FRCP 5.2(b) (give --reason).")


@privacy.command("add")
@click.argument("doc")
@click.option("--page", type=int, required=True, help="Page number (1-based).")
@click.option("--text", default=None, help="The passage to redact, as it reads on the page.")
@click.option("--box", default=None, metavar="X0,Y0,X1,Y1", help="A box in PDF points to redact.")
@click.option("--rule", default=MANUAL, help="What it is (ssn, dob, account, minor_name, …; default manual).")
@click.option("--replacement", default=None, help="What the bundle shows instead (default: by the text).")
@case_option
@json_option
def add(doc: Any, page: Any, text: Any, box: Any, rule: Any, replacement: Any, case_path: Any, as_json: Any) -> None:
    """A manual redaction by text or by box; accepted at once (undo with `casebook undo`)."""
    rect = None
    if box is not None:
        try:
            x0, y0, x1, y1 = (float(v) for v in box.split(","))
        except ValueError:
            raise click.UsageError("--box takes four numbers: x0,y0,x1,y1") from None
        rect = (x0, y0, x1, y1)
    with open_case(_resolve(case_path)) as case:
        document_id = document_service.resolve_document(case, doc).id
        finding = service.add_manual(case, document_id, page, text=text, box=rect, rule=rule,
                                     replacement=replacement)
    if as_json:
        emit_json(finding.to_dict())
    else:
        click.echo(f"Added redaction {finding.id} on page {page} (shown as “{finding.replacement}”).")


@privacy.command("term")
@click.argument("pattern")
@click.option("--regex", is_flag=True, help="PATTERN is a regular expression.")
@click.option("--replacement", default="", help="What the bundle shows instead (default: initials for a name).")
@case_option
def term(pattern: Any, regex: Any, replacement: Any, case_path: Any) -> None:
    """Add a term or pattern to the case's own list (e.g. a taxpayer's name); run `privacy scan` after."""
    with open_case(_resolve(case_path)) as case:
        service.add_term(case, pattern, regex=regex, replacement=replacement)
    click.echo("Added the term; run `casebook privacy scan` to find it.")


@privacy.command("terms")
@case_option
@json_option
def terms_command(case_path: Any, as_json: Any) -> None:
    """The case's own privacy terms and patterns."""
    with open_case(_resolve(case_path)) as case:
        found = service.terms(case)
    if as_json:
        emit_json([{"id": i, "pattern": t.pattern, "regex": t.regex, "replacement": t.replacement} for i, t in found])
        return
    for term_id, term in found:
        kind = "pattern" if term.regex else "term"
        click.echo(f"{term_id:<5}{kind:<9}{term.pattern}" + (f"  → {term.replacement}" if term.replacement else ""))

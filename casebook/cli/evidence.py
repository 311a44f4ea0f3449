"""Command line for the evidence model: excerpt, claim, tag, entity and issue commands, and undo/redo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from casebook.cli.common import case_option, emit_json, fail, json_option, resolve_case_path
from casebook.core.anchoring import TextSpan
from casebook.core.evidence import ClaimStatus, ClaimType, Excerpt, Relation, parse_choice
from casebook.services import cast, evidence
from casebook.services import documents as document_service
from casebook.services.cases import open_case
from casebook.store.case_store import CaseStore


def _excerpt_json(case: CaseStore, excerpt: Excerpt) -> dict:
    pin = evidence.excerpt_pin_cite(case, excerpt)
    span = excerpt.anchor.span
    return {
        "id": excerpt.id, "document_id": excerpt.document_id, "quote": excerpt.text,
        "prefix": excerpt.anchor.quote.prefix, "suffix": excerpt.anchor.quote.suffix,
        "span": {"start_page": span.start_page, "start": span.start, "end_page": span.end_page, "end": span.end},
        "quads": {str(k): [list(q) for q in v] for k, v in excerpt.quads.items()},
        "cite": evidence.excerpt_citation(case, excerpt), "ecf": pin.ecf(), "pdf": pin.pdf(),
        "note": excerpt.note, "tags": list(excerpt.tags), "entity_ids": list(excerpt.entity_ids),
        "review": excerpt.review, "review_note": excerpt.review_note,
        "created_at": excerpt.created_at, "updated_at": excerpt.updated_at,
    }


def _claim_json(claim: Any) -> dict:
    return {
        "id": claim.id, "statement": claim.statement, "type": claim.claim_type.value, "status": claim.status.value,
        "asserted_by": claim.asserted_by, "asserted_in_document": claim.asserted_in_document,
        "asserted_in_excerpt": claim.asserted_in_excerpt, "event_date": str(claim.event_date or "") or None,
        "issue_ids": list(claim.issue_ids), "note": claim.note, "tags": list(claim.tags),
        "created_at": claim.created_at, "updated_at": claim.updated_at,
    }


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _open(case_path: Path | None) -> CaseStore:
    return open_case(resolve_case_path(case_path))


# --- excerpt -----------------------------------------------------------------------------------------------------

@click.group()
def excerpt() -> None:
    """Pin passages of documents as excerpts (with pin cites), list, show and delete them."""


@excerpt.command("add")
@click.argument("doc")
@click.option("--quote", required=True, help="The exact words to pin (spacing, curly quotes and ligatures may differ).")
@click.option("--page", type=int, default=None, help="Look only on this page (1-based).")
@click.option("--note", default="", help="A note on the excerpt.")
@click.option("--tag", "tags", multiple=True, help="Tag path, e.g. hot/privilege (repeatable).")
@click.option("--entity", "entities", multiple=True, help="Person or organisation mentioned (id or name; repeatable).")
@case_option
@json_option
def excerpt_add(doc: str, quote: str, page: int | None, note: str, tags: tuple[str, ...], entities: tuple[str, ...],
                case_path: Path | None, as_json: bool) -> None:
    """Pin QUOTE in document DOC (id or SHA-256 prefix). Fails, listing the candidates, when absent or ambiguous."""
    with _open(case_path) as case:
        record = document_service.resolve_document(case, doc)
        entity_ids = [cast.resolve_entity(case, e).id for e in entities]
        try:
            added = evidence.add_excerpt_by_quote(case, record.id, quote, page=page, note=note, tags=tags,
                                                  entity_ids=entity_ids)
        except (evidence.QuoteAmbiguous, evidence.QuoteNotFound) as exc:
            if as_json:
                emit_json({"error": str(exc), "candidates": [c.__dict__ for c in exc.candidates]})
            else:
                first_line = str(exc).split(" Candidates:")[0]
                click.echo(f"casebook: error: {first_line}", err=True)
                for c in exc.candidates:
                    click.echo(f"  page {c.page}: {c.context}", err=True)
            raise SystemExit(2) from None
        data = _excerpt_json(case, added)
    if as_json:
        emit_json(data)
    else:
        click.echo(f"Excerpt {data['id']}: “{_short(data['quote'])}” — {data['cite']}")


@excerpt.command("add-span")
@click.argument("doc")
@click.option("--from", "start", required=True, help="PAGE:OFFSET where the selection starts, e.g. 2:140")
@click.option("--to", "end", required=True, help="PAGE:OFFSET just after the selection ends, e.g. 3:25")
@click.option("--note", default="")
@case_option
@json_option
def excerpt_add_span(doc: str, start: str, end: str, note: str, case_path: Path | None, as_json: bool) -> None:
    """Pin a character range (as the viewer selects it) in DOC as an excerpt."""
    try:
        (sp, so), (ep, eo) = ((int(x) for x in v.split(":", 1)) for v in (start, end))
    except ValueError:
        fail("give --from and --to as PAGE:OFFSET, e.g. --from 2:140 --to 2:260")
    with _open(case_path) as case:
        record = document_service.resolve_document(case, doc)
        added = evidence.add_excerpt_by_span(case, record.id, TextSpan(sp, so, ep, eo), note=note)
        data = _excerpt_json(case, added)
    if as_json:
        emit_json(data)
    else:
        click.echo(f"Excerpt {data['id']}: “{_short(data['quote'])}” — {data['cite']}")


@excerpt.command("list")
@click.option("--doc", default=None, help="Only excerpts of this document.")
@click.option("--review", is_flag=True, help="Only excerpts flagged by re-anchoring (moved, fuzzy, lost).")
@case_option
@json_option
def excerpt_list(doc: str | None, review: bool, case_path: Path | None, as_json: bool) -> None:
    """List excerpts with their pin cites."""
    with _open(case_path) as case:
        document_id = document_service.resolve_document(case, doc).id if doc else None
        rows = [_excerpt_json(case, e) for e in evidence.list_excerpts(case, document_id=document_id,
                                                                        needs_review=review)]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        flag = f" [{r['review']}]" if r["review"] else ""
        click.echo(f"{r['id']:>4}  doc {r['document_id']:<3} {r['cite']:<34} “{_short(r['quote'], 70)}”{flag}")
    if not rows:
        click.echo("No excerpts.")


@excerpt.command("show")
@click.argument("excerpt_id", type=int)
@case_option
@json_option
def excerpt_show(excerpt_id: int, case_path: Path | None, as_json: bool) -> None:
    """Show an excerpt: quote, context, pin cites, tags and the claims it is linked to."""
    with _open(case_path) as case:
        data = _excerpt_json(case, evidence.get_excerpt(case, excerpt_id))
        data["links"] = [{"claim_id": lk.claim_id, "relation": lk.relation.value, "note": lk.note}
                         for lk in evidence.list_links(case, excerpt_id=excerpt_id)]
    if as_json:
        emit_json(data)
        return
    click.echo(f"Excerpt {data['id']} in document {data['document_id']} — {data['cite']} ({data['pdf']}"
               + (f"; {data['ecf']})" if data["ecf"] else ")"))
    click.echo(f"  “{' '.join(data['quote'].split())}”")
    for label in ("note", "review", "review_note"):
        if data[label]:
            click.echo(f"  {label}: {data[label]}")
    if data["tags"]:
        click.echo(f"  tags: {', '.join(data['tags'])}")
    for link in data["links"]:
        click.echo(f"  {link['relation']} claim {link['claim_id']}" + (f" — {link['note']}" if link["note"] else ""))


@excerpt.command("edit")
@click.argument("excerpt_id", type=int)
@click.option("--note", default=None, help="Replace the note.")
@click.option("--reviewed", is_flag=True, help="Clear the re-anchoring flag after checking the excerpt.")
@case_option
@json_option
def excerpt_edit(excerpt_id: int, note: str | None, reviewed: bool, case_path: Path | None, as_json: bool) -> None:
    """Change an excerpt's note, or mark it reviewed."""
    with _open(case_path) as case:
        updated = evidence.get_excerpt(case, excerpt_id)
        if note is not None:
            updated = evidence.update_excerpt(case, excerpt_id, note=note)
        if reviewed:
            updated = evidence.mark_reviewed(case, excerpt_id)
        data = _excerpt_json(case, updated)
    emit_json(data) if as_json else click.echo(f"Excerpt {excerpt_id} updated.")


@excerpt.command("delete")
@click.argument("excerpt_id", type=int)
@case_option
@json_option
def excerpt_delete(excerpt_id: int, case_path: Path | None, as_json: bool) -> None:
    """Delete an excerpt and its links (undo brings them back)."""
    with _open(case_path) as case:
        gone = evidence.delete_excerpt(case, excerpt_id)
    if as_json:
        emit_json({"deleted": gone.id})
    else:
        click.echo(f"Deleted excerpt {gone.id}. ('casebook undo' restores it)")


@excerpt.command("reanchor")
@click.argument("doc")
@case_option
@json_option
def excerpt_reanchor(doc: str, case_path: Path | None, as_json: bool) -> None:
    """Re-find every excerpt of DOC in its current text; report what moved or was lost (lost ones are kept)."""
    with _open(case_path) as case:
        report = evidence.reanchor_document(case, document_service.resolve_document(case, doc).id)
    if as_json:
        emit_json(report.to_dict())
        return
    click.echo(f"unchanged: {len(report.unchanged)}, moved: {len(report.moved)}, fuzzy: {len(report.fuzzy)}, "
               f"lost: {len(report.lost)}")
    for label, items in (("moved", report.moved), ("fuzzy", report.fuzzy), ("LOST", report.lost)):
        for excerpt_id, note in items:
            click.echo(f"  {label} excerpt {excerpt_id}: {note}")


# --- claim -------------------------------------------------------------------------------------------------------

@click.group()
def claim() -> None:
    """Record claims, link them to excerpts that support, contradict, qualify or give context."""


def _choice(enum: Any, value: str | None, what: str) -> Any:
    return parse_choice(enum, value, what=what) if value else None


@claim.command("add")
@click.argument("statement")
@click.option("--by", "by", default=None, help="Who asserts it: person or organisation id or name.")
@click.option("--type", "claim_type", default="allegation", show_default=True,
              help="sworn statement | allegation | admission | finding/order | news report | expert opinion")
@click.option("--status", default="needs evidence", show_default=True, help="undisputed | disputed | needs evidence")
@click.option("--in", "in_doc", default=None, help="Document where it is asserted.")
@click.option("--excerpt", "excerpt_id", type=int, default=None, help="Excerpt where it is asserted.")
@click.option("--date", "event_date", default=None,
              help='Event date: 2025-01-23, 2025-04, 2025, "on or before 2025-01-23", "between A and B".')
@click.option("--issue", "issues", multiple=True, help="Issue id, outline number or title (repeatable).")
@click.option("--note", default="")
@click.option("--tag", "tags", multiple=True, help="Tag path (repeatable).")
@case_option
@json_option
def claim_add(statement: str, by: str | None, claim_type: str, status: str, in_doc: str | None,
              excerpt_id: int | None, event_date: str | None, issues: tuple[str, ...], note: str,
              tags: tuple[str, ...], case_path: Path | None, as_json: bool) -> None:
    """Add a claim: STATEMENT, who asserts it, where, its type, status, event date and issues."""
    with _open(case_path) as case:
        added = evidence.add_claim(
            case, statement, claim_type=_choice(ClaimType, claim_type, "claim type"),
            status=_choice(ClaimStatus, status, "claim status"),
            asserted_by=cast.resolve_entity(case, by).id if by else None,
            asserted_in_document=document_service.resolve_document(case, in_doc).id if in_doc else None,
            asserted_in_excerpt=excerpt_id, event_date=event_date,
            issue_ids=[cast.resolve_issue(case, i).id for i in issues], note=note, tags=tags)
    emit_json(_claim_json(added)) if as_json else click.echo(f"Claim {added.id}: {_short(added.statement)}")


@claim.command("list")
@click.option("--status", default=None, help="Only claims with this status.")
@click.option("--issue", default=None, help="Only claims bearing on this issue.")
@click.option("--tag", default=None, help="Only claims with this tag (or a sub-tag).")
@case_option
@json_option
def claim_list(status: str | None, issue: str | None, tag: str | None, case_path: Path | None, as_json: bool) -> None:
    """List claims."""
    with _open(case_path) as case:
        claims = evidence.list_claims(case, status=_choice(ClaimStatus, status, "claim status"),
                                      issue_id=cast.resolve_issue(case, issue).id if issue else None, tag=tag)
        links = {c.id: evidence.list_links(case, claim_id=c.id) for c in claims}
    if as_json:
        emit_json([{**_claim_json(c), "links": len(links[c.id])} for c in claims])
        return
    for c in claims:
        date = str(c.event_date) if c.event_date else ""
        click.echo(f"{c.id:>4}  {c.status.value:<14} {c.claim_type.value:<15} {date:<12} "
                   f"{len(links[c.id]):>2} link(s)  {_short(c.statement, 70)}")
    if not claims:
        click.echo("No claims.")


@claim.command("show")
@click.argument("claim_id", type=int)
@case_option
@json_option
def claim_show(claim_id: int, case_path: Path | None, as_json: bool) -> None:
    """Show a claim with its source and linked evidence (pin cites included)."""
    from casebook.services.reports import claim_chart

    with _open(case_path) as case:
        evidence.get_claim(case, claim_id)
        entry = claim_chart(case, claim_ids=[claim_id])[0]
    if as_json:
        emit_json(entry.to_dict())
        return
    click.echo(f"Claim {entry.claim_id}: {entry.statement}")
    click.echo(f"  {entry.claim_type}, {entry.status}; asserted by {entry.asserted_by or 'unattributed'}"
               + (f" in {entry.source_cite}" if entry.source_cite else ""))
    if entry.event_date_text:
        click.echo(f"  event date: {entry.event_date_text}")
    for label, values in (("issues", entry.issues), ("tags", entry.tags), ("CHECK", entry.warnings)):
        if values:
            click.echo(f"  {label}: {'; '.join(values)}")
    for item in entry.evidence:
        click.echo(f"  {item.relation:<11} excerpt {item.excerpt_id}: “{_short(item.quote, 70)}” {item.cite}")


@claim.command("edit")
@click.argument("claim_id", type=int)
@click.option("--statement", default=None)
@click.option("--type", "claim_type", default=None)
@click.option("--status", default=None)
@click.option("--by", "by", default=None, help="Person or organisation id or name ('none' clears).")
@click.option("--in", "in_doc", default=None, help="Document where it is asserted ('none' clears).")
@click.option("--excerpt", "excerpt_ref", default=None, help="Excerpt where it is asserted ('none' clears).")
@click.option("--date", "event_date", default=None, help="Event date ('none' clears).")
@click.option("--issue", "issues", multiple=True, help="Replace the issues (repeatable; 'none' clears).")
@click.option("--note", default=None)
@case_option
@json_option
def claim_edit(claim_id: int, statement: Any, claim_type: Any, status: Any, by: Any, in_doc: Any, excerpt_ref: Any,
               event_date: Any, issues: Any, note: Any,
               case_path: Path | None, as_json: bool) -> None:
    """Change fields of a claim (one undoable edit)."""
    def cleared(value):
        return value is not None and value.strip().lower() == "none"

    with _open(case_path) as case:
        kwargs: dict = {}
        if statement is not None:
            kwargs["statement"] = statement
        if claim_type:
            kwargs["claim_type"] = parse_choice(ClaimType, claim_type, what="claim type")
        if status:
            kwargs["status"] = parse_choice(ClaimStatus, status, what="claim status")
        if by is not None:
            kwargs["asserted_by"] = None if cleared(by) else cast.resolve_entity(case, by).id
        if in_doc is not None:
            kwargs["asserted_in_document"] = None if cleared(in_doc) else document_service.resolve_document(
                case, in_doc).id
        if excerpt_ref is not None:
            kwargs["asserted_in_excerpt"] = None if cleared(excerpt_ref) else int(excerpt_ref)
        if event_date is not None:
            kwargs["event_date"] = None if cleared(event_date) else event_date
        if issues:
            kwargs["issue_ids"] = [] if cleared(issues[0]) else [cast.resolve_issue(case, i).id for i in issues]
        if note is not None:
            kwargs["note"] = note
        updated = evidence.update_claim(case, claim_id, **kwargs) if kwargs else evidence.get_claim(case, claim_id)
    emit_json(_claim_json(updated)) if as_json else click.echo(f"Claim {claim_id} updated.")


@claim.command("delete")
@click.argument("claim_id", type=int)
@case_option
@json_option
def claim_delete(claim_id: int, case_path: Path | None, as_json: bool) -> None:
    """Delete a claim with its links (undo brings them back)."""
    with _open(case_path) as case:
        gone = evidence.delete_claim(case, claim_id)
    if as_json:
        emit_json({"deleted": gone.id})
    else:
        click.echo(f"Deleted claim {gone.id}. ('casebook undo' restores it)")


@claim.command("link")
@click.argument("claim_id", type=int)
@click.argument("excerpt_id", type=int)
@click.option("--supports", "relation", flag_value=Relation.SUPPORTS.value)
@click.option("--contradicts", "relation", flag_value=Relation.CONTRADICTS.value)
@click.option("--qualifies", "relation", flag_value=Relation.QUALIFIES.value)
@click.option("--context", "relation", flag_value=Relation.CONTEXT.value)
@click.option("--note", default="")
@click.option("--replace", is_flag=True, help="Change the relation of an existing link.")
@case_option
@json_option
def claim_link(claim_id: int, excerpt_id: int, relation: str | None, note: str, replace: bool,
               case_path: Path | None, as_json: bool) -> None:
    """Link EXCERPT_ID to CLAIM_ID as --supports, --contradicts, --qualifies or --context."""
    if relation is None:
        fail("say how the excerpt bears on the claim: --supports, --contradicts, --qualifies or --context")
    with _open(case_path) as case:
        link = evidence.link_excerpt(case, claim_id, excerpt_id, relation, note=note, replace=replace)
    data = {"id": link.id, "claim_id": link.claim_id, "excerpt_id": link.excerpt_id,
            "relation": link.relation.value, "note": link.note}
    emit_json(data) if as_json else click.echo(f"Excerpt {excerpt_id} {relation} claim {claim_id}.")


@claim.command("unlink")
@click.argument("claim_id", type=int)
@click.argument("excerpt_id", type=int)
@case_option
@json_option
def claim_unlink(claim_id: int, excerpt_id: int, case_path: Path | None, as_json: bool) -> None:
    """Remove the link between CLAIM_ID and EXCERPT_ID."""
    with _open(case_path) as case:
        link = evidence.unlink_excerpt(case, claim_id, excerpt_id)
    data = {"unlinked": link.id, "claim_id": claim_id, "excerpt_id": excerpt_id}
    emit_json(data) if as_json else click.echo(f"Unlinked excerpt {excerpt_id} from claim {claim_id}.")


# --- tag -----------------------------------------------------------------------------------------------------------

@click.group()
def tag() -> None:
    """Hierarchical tags ("hot/privilege") with colours, on documents, excerpts and claims."""


def _target(case: CaseStore, doc: str | None, excerpt_id: int | None, claim_id: int | None) -> Any:
    given = [x for x in (doc, excerpt_id, claim_id) if x is not None]
    if len(given) > 1:
        fail("give only one of --doc, --excerpt, --claim")
    if doc is not None:
        return ("document", document_service.resolve_document(case, doc).id)
    if excerpt_id is not None:
        return ("excerpt", excerpt_id)
    if claim_id is not None:
        return ("claim", claim_id)
    return None


def _tag_options(func):
    for option in (click.option("--claim", "claim_id", type=int, default=None, help="Tag this claim."),
                   click.option("--excerpt", "excerpt_id", type=int, default=None, help="Tag this excerpt."),
                   click.option("--doc", default=None, help="Tag this document.")):
        func = option(func)
    return func


@tag.command("add")
@click.argument("path")
@_tag_options
@click.option("--colour", "--color", "colour", default=None, help="#rrggbb")
@case_option
@json_option
def tag_add(path: str, doc: Any, excerpt_id: Any, claim_id: Any, colour: Any, case_path: Path | None,
            as_json: bool) -> None:
    """Create tag PATH (parents too) and put it on a document, excerpt or claim."""
    with _open(case_path) as case:
        target = _target(case, doc, excerpt_id, claim_id)
        added = evidence.add_tag(case, path, on=target, colour=colour)
    data = {"id": added.id, "path": added.path, "colour": added.colour,
            "on": {"kind": target[0], "id": target[1]} if target else None}
    emit_json(data) if as_json else click.echo(
        f"Tag {added.path} ({added.colour})" + (f" on {target[0]} {target[1]}" if target else " created"))


@tag.command("remove")
@click.argument("path")
@_tag_options
@case_option
@json_option
def tag_remove(path: str, doc: Any, excerpt_id: Any, claim_id: Any, case_path: Path | None, as_json: bool) -> None:
    """Take tag PATH off a document, excerpt or claim; with none given, delete the tag (and sub-tags) everywhere."""
    with _open(case_path) as case:
        target = _target(case, doc, excerpt_id, claim_id)
        removed = evidence.remove_tag(case, path, on=target)
    data = {"path": removed.path, "from": {"kind": target[0], "id": target[1]} if target else "everywhere"}
    emit_json(data) if as_json else click.echo(
        f"Removed {removed.path}" + (f" from {target[0]} {target[1]}" if target else " everywhere"))


@tag.command("list")
@case_option
@json_option
def tag_list(case_path: Path | None, as_json: bool) -> None:
    """List tags as a tree with colours and use counts."""
    with _open(case_path) as case:
        tags = evidence.list_tags(case)
    if as_json:
        emit_json([{"id": t.id, "path": t.path, "colour": t.colour, "uses": n} for t, n in tags])
        return
    for t, n in tags:
        click.echo(f"{'  ' * t.depth}{t.name}  {t.colour}  ({n})")
    if not tags:
        click.echo("No tags.")

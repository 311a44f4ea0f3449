"""Command line for the cast of characters, the issue outline, and undo/redo of every evidence edit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from casebook.cli.common import case_option, emit_json, fail, json_option, resolve_case_path
from casebook.core.evidence import Entity, EntityKind
from casebook.services import cast, history
from casebook.services.cases import open_case


def _entity_json(entity: Entity) -> dict:
    return {"id": entity.id, "kind": entity.kind.value, "name": entity.name, "role": entity.role,
            "organisation_id": entity.organisation_id, "aliases": list(entity.aliases), "note": entity.note}


# --- entity --------------------------------------------------------------------------------------------------------

@click.group()
def entity() -> None:
    """People and organisations: add, alias, merge, split, and flag same-name clashes."""


@entity.command("add")
@click.argument("name")
@click.option("--org", "is_org", is_flag=True, help="An organisation rather than a person.")
@click.option("--role", default="", help='e.g. "IRS Chief Risk and Oversight Officer"')
@click.option("--member-of", "member_of", default=None, help="Organisation (id or name) the person belongs to.")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeatable).")
@case_option
@json_option
def entity_add(name: str, is_org: bool, role: str, member_of: str | None, aliases: tuple[str, ...],
               case_path: Path | None, as_json: bool) -> None:
    """Add a person (or, with --org, an organisation) to the cast."""
    with open_case(resolve_case_path(case_path)) as case:
        org = cast.resolve_entity(case, member_of).id if member_of else None
        added = cast.add_entity(case, name, kind=EntityKind.ORGANISATION if is_org else EntityKind.PERSON,
                                role=role, organisation_id=org, aliases=aliases)
        clashes = [c.to_dict() for c in cast.find_name_clashes(case) if added.id in (c.first.id, c.second.id)]
    if as_json:
        emit_json({**_entity_json(added), "clashes": clashes})
        return
    click.echo(f"Added {added.kind.value} {added.id}: {added.name}")
    for c in clashes:
        click.echo(f"  possible clash ({c['reason']}): {c['first_name']} #{c['first_id']} / "
                   f"{c['second_name']} #{c['second_id']} — merge or keep apart")


@entity.command("list")
@case_option
@json_option
def entity_list(case_path: Path | None, as_json: bool) -> None:
    """List people and organisations."""
    with open_case(resolve_case_path(case_path)) as case:
        entities = cast.list_entities(case)
    if as_json:
        emit_json([_entity_json(e) for e in entities])
        return
    for e in entities:
        extra = f" — {e.role}" if e.role else ""
        aka = f" (aka {', '.join(e.aliases)})" if e.aliases else ""
        click.echo(f"{e.id:>4}  {e.kind.value:<12} {e.name}{aka}{extra}")
    if not entities:
        click.echo("No people or organisations.")


@entity.command("alias")
@click.argument("entity_ref")
@click.argument("alias")
@click.option("--remove", is_flag=True, help="Remove the alias instead.")
@case_option
@json_option
def entity_alias(entity_ref: str, alias: str, remove: bool, case_path: Path | None, as_json: bool) -> None:
    """Add (or --remove) ALIAS for a person or organisation."""
    with open_case(resolve_case_path(case_path)) as case:
        target = cast.resolve_entity(case, entity_ref)
        updated = (cast.remove_alias if remove else cast.add_alias)(case, target.id, alias)
    emit_json(_entity_json(updated)) if as_json else click.echo(
        f"{updated.name}: aliases {', '.join(updated.aliases) or '(none)'}")


@entity.command("merge")
@click.argument("keep")
@click.argument("other")
@case_option
@json_option
def entity_merge(keep: str, other: str, case_path: Path | None, as_json: bool) -> None:
    """OTHER is the same as KEEP: move its claims, mentions and names to KEEP and remove it."""
    with open_case(resolve_case_path(case_path)) as case:
        merged = cast.merge_entities(case, cast.resolve_entity(case, keep).id, cast.resolve_entity(case, other).id)
    emit_json(_entity_json(merged)) if as_json else click.echo(
        f"Merged into {merged.id}: {merged.name} (aka {', '.join(merged.aliases) or '—'})")


@entity.command("split")
@click.argument("entity_ref")
@click.option("--name", required=True, help="Name of the new, separate person or organisation.")
@click.option("--role", default="")
@click.option("--alias", "aliases", multiple=True, help="Alias to move to the new entry (repeatable).")
@click.option("--claim", "claims", type=int, multiple=True, help="Claim to re-attribute (repeatable).")
@click.option("--excerpt", "excerpts", type=int, multiple=True, help="Excerpt mention to move (repeatable).")
@case_option
@json_option
def entity_split(entity_ref: str, name: str, role: str, aliases: Any, claims: Any, excerpts: Any,
                 case_path: Path | None,
                 as_json: bool) -> None:
    """ENTITY was two people: create NAME and move the given aliases, claims and mentions to it."""
    with open_case(resolve_case_path(case_path)) as case:
        source = cast.resolve_entity(case, entity_ref)
        new = cast.split_entity(case, source.id, name=name, role=role, aliases=aliases, claim_ids=claims,
                                excerpt_ids=excerpts)
    emit_json(_entity_json(new)) if as_json else click.echo(f"Split off {new.id}: {new.name}")


@entity.command("delete")
@click.argument("entity_ref")
@case_option
@json_option
def entity_delete(entity_ref: str, case_path: Path | None, as_json: bool) -> None:
    """Remove a person or organisation (their claims stay, unattributed; undo restores)."""
    with open_case(resolve_case_path(case_path)) as case:
        gone = cast.delete_entity(case, cast.resolve_entity(case, entity_ref).id)
    emit_json({"deleted": gone.id}) if as_json else click.echo(f"Deleted {gone.name}.")


@entity.command("clashes")
@click.option("--threshold", type=click.FloatRange(0, 100), default=cast.CLASH_THRESHOLD, show_default=True,
              help="Similarity (0–100) from which names count as near-identical.")
@case_option
@json_option
def entity_clashes(threshold: float, case_path: Path | None, as_json: bool) -> None:
    """Flag people (or organisations) with identical or near-identical names for a human to merge or split."""
    with open_case(resolve_case_path(case_path)) as case:
        clashes = cast.find_name_clashes(case, threshold=threshold)
    if as_json:
        emit_json([c.to_dict() for c in clashes])
        return
    for c in clashes:
        click.echo(f"{c.score:5.1f}  {c.reason:<26} #{c.first.id} {c.first_name}  /  #{c.second.id} {c.second_name}")
    if not clashes:
        click.echo("No same-name clashes.")


# --- issue ---------------------------------------------------------------------------------------------------------

@click.group()
def issue() -> None:
    """The case's hierarchical issue outline."""


@issue.command("add")
@click.argument("title")
@click.option("--parent", default=None, help="Parent issue (id, outline number or title).")
@click.option("--note", default="")
@case_option
@json_option
def issue_add(title: str, parent: str | None, note: str, case_path: Path | None, as_json: bool) -> None:
    """Add an issue at the end of the outline (or under --parent)."""
    with open_case(resolve_case_path(case_path)) as case:
        parent_id = cast.resolve_issue(case, parent).id if parent else None
        added = cast.add_issue(case, title, parent_id=parent_id, note=note)
        number = next(i.number for i in cast.issue_tree(case) if i.issue.id == added.id)
    data = {"id": added.id, "number": number, "title": added.title, "parent_id": added.parent_id}
    emit_json(data) if as_json else click.echo(f"Issue {number} (id {added.id}): {added.title}")


@issue.command("list")
@case_option
@json_option
def issue_list(case_path: Path | None, as_json: bool) -> None:
    """Show the issue outline."""
    with open_case(resolve_case_path(case_path)) as case:
        tree = cast.issue_tree(case)
    if as_json:
        emit_json([{"id": i.issue.id, "number": i.number, "depth": i.depth, "title": i.issue.title,
                    "parent_id": i.issue.parent_id, "note": i.issue.note} for i in tree])
        return
    for item in tree:
        click.echo(f"{'  ' * item.depth}{item.number}  {item.issue.title}  [id {item.issue.id}]")
    if not tree:
        click.echo("No issues.")


@issue.command("move")
@click.argument("issue_ref")
@click.option("--parent", default=None, help="New parent issue.")
@click.option("--top", is_flag=True, help="Move to the top level.")
@click.option("--position", type=int, default=None, help="1-based place among its new siblings (default: last).")
@case_option
@json_option
def issue_move(issue_ref: str, parent: str | None, top: bool, position: int | None, case_path: Path | None,
               as_json: bool) -> None:
    """Move an issue under another (--parent) or to the top level (--top)."""
    if parent and top:
        fail("give --parent or --top, not both")
    with open_case(resolve_case_path(case_path)) as case:
        moving = cast.resolve_issue(case, issue_ref)
        if parent:
            parent_id = cast.resolve_issue(case, parent).id
        elif top:
            parent_id = None
        else:
            parent_id = moving.parent_id
        moved = cast.move_issue(case, moving.id, parent_id=parent_id,
                                position=None if position is None else position - 1)
        number = next(i.number for i in cast.issue_tree(case) if i.issue.id == moved.id)
    emit_json({"id": moved.id, "number": number}) if as_json else click.echo(f"Issue {moved.title} is now {number}.")


@issue.command("rename")
@click.argument("issue_ref")
@click.argument("title")
@case_option
def issue_rename(issue_ref: str, title: str, case_path: Path | None) -> None:
    """Give an issue a new title."""
    with open_case(resolve_case_path(case_path)) as case:
        cast.rename_issue(case, cast.resolve_issue(case, issue_ref).id, title)
    click.echo("Renamed.")


@issue.command("delete")
@click.argument("issue_ref")
@case_option
def issue_delete(issue_ref: str, case_path: Path | None) -> None:
    """Delete an issue and its sub-issues (claims stay; undo restores)."""
    with open_case(resolve_case_path(case_path)) as case:
        gone = cast.delete_issue(case, cast.resolve_issue(case, issue_ref).id)
    click.echo(f"Deleted issue {gone.title}.")


# --- undo / redo ---------------------------------------------------------------------------------------------------

def _history_step(step: Any, case_path: Path | None, as_json: bool, verb: str) -> None:
    with open_case(resolve_case_path(case_path)) as case:
        entry = step(case)
    if as_json:
        emit_json({verb: None} if entry is None else {verb: entry.label, "seq": entry.seq})
    elif entry is None:
        click.echo(f"Nothing to {verb}.")
    else:
        click.echo(f"{verb.capitalize()}: {entry.label}")


@click.command()
@case_option
@json_option
def undo(case_path: Path | None, as_json: bool) -> None:
    """Undo the last edit of claims, excerpts, links, tags, people, issues, document metadata or the case caption."""
    _history_step(history.undo, case_path, as_json, "undo")


@click.command()
@case_option
@json_option
def redo(case_path: Path | None, as_json: bool) -> None:
    """Redo the edit undone last."""
    _history_step(history.redo, case_path, as_json, "redo")


@click.command("history")
@click.option("--limit", type=int, default=20, show_default=True)
@case_option
@json_option
def history_command(limit: int, case_path: Path | None, as_json: bool) -> None:
    """The undo history, newest first (undone edits are marked; a new edit discards them)."""
    with open_case(resolve_case_path(case_path)) as case:
        entries = history.list_history(case, limit=limit)
    if as_json:
        emit_json([e.__dict__ for e in entries])
        return
    for e in entries:
        click.echo(f"{e.seq:>5}  {e.created_at[:19]}  {'(undone) ' if e.undone else ''}{e.label}")

"""`casebook bundle save|list|show|delete`: named bundle definitions saved with the case (audited, undoable)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from casebook.cli.common import case_option, emit_json, json_option, resolve_case_path
from casebook.core.bundles import PROFILES, BundleDefinition, ExhibitChoice, LabelStyle
from casebook.core.errors import CasebookError
from casebook.services import documents as document_service
from casebook.services.bundle_definitions import delete_bundle, list_bundles, load_bundle, save_bundle
from casebook.services.cases import open_case


@click.group("bundle")
def bundle_group() -> None:
    """Named bundle definitions: exhibits in order with their own labels, descriptions and dates.

    Export one with `casebook export bundle --definition NAME`; the app's bundle builder opens the same ones.
    """


def _pairs(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    out = []
    for value in values:
        ref, sep, text = value.partition("=")
        if not sep or not ref.strip():
            raise click.UsageError(f"{option} takes DOC=TEXT (got {value!r})")
        out.append((ref.strip(), text))
    return out


@bundle_group.command("save")
@click.argument("name")
@click.option("--exhibit", "exhibits", multiple=True, metavar="DOC",
              help="Document id or SHA-256 prefix, in bundle order; repeat, or give several as 3,1,2. "
                   "Without it, a saved bundle keeps its exhibits.")
@click.option("--describe", multiple=True, metavar="DOC=TEXT", help="The exhibit's description in the index.")
@click.option("--label", "label_as", multiple=True, metavar="DOC=LABEL", help='The exhibit\'s own label ("P-1").')
@click.option("--dated", multiple=True, metavar="DOC=DATE", help="The exhibit's date in the index.")
@click.option("--title", default=None, help="Bundle title for the cover.")
@click.option("--bates-prefix", default=None, help="Bates prefix, e.g. TRC.")
@click.option("--profile", type=click.Choice(sorted(PROFILES)), default=None, help="Court profile.")
@click.option("--labels", type=click.Choice([s.value for s in LabelStyle]), default=None,
              help="Exhibit labels: alpha (A, B, … AA) or numeric (1, 2, 3).")
@case_option
@json_option
def bundle_save(name: str, exhibits: tuple[str, ...], describe: tuple[str, ...], label_as: tuple[str, ...],
                dated: tuple[str, ...], title: str | None, bates_prefix: str | None, profile: str | None,
                labels: str | None, case_path: Path | None, as_json: bool) -> None:
    """Save (or change) the bundle NAME with the case; `casebook undo` undoes it."""
    refs = [part.strip() for item in exhibits for part in item.split(",") if part.strip()]
    with open_case(resolve_case_path(case_path)) as case:
        try:
            base = load_bundle(case, name)
        except CasebookError:
            if not refs:
                raise click.UsageError(f"no bundle named {name!r} yet: give its exhibits with --exhibit DOC") from None
            base = BundleDefinition(exhibits=(), name=name)
        choices = list(base.exhibits)
        if refs:
            kept = {c.document_id: c for c in choices}
            ids = [document_service.resolve_document(case, ref).id for ref in refs]
            choices = [kept.get(i, ExhibitChoice(i)) for i in ids]
        by_id = {c.document_id: n for n, c in enumerate(choices)}
        for option, field, values in (("--describe", "description", describe), ("--label", "label", label_as),
                                      ("--dated", "date", dated)):
            for ref, text in _pairs(values, option):
                document_id = document_service.resolve_document(case, ref).id
                if document_id not in by_id:
                    raise click.UsageError(f"{option}: document {document_id} is not an exhibit of {name!r}")
                changed: dict[str, Any] = {field: text}
                choices[by_id[document_id]] = replace(choices[by_id[document_id]], **changed)
        given = (("title", title), ("bates_prefix", bates_prefix), ("profile", profile),
                 ("labels", LabelStyle(labels) if labels else None))
        changes: dict[str, Any] = {k: v for k, v in given if v is not None}
        saved = save_bundle(case, replace(base, exhibits=tuple(choices), **changes))
    if as_json:
        emit_json(saved.to_dict())
    else:
        click.echo(f"Saved bundle {saved.name!r}: {len(saved.exhibits)} exhibit(s)")


@bundle_group.command("list")
@case_option
@json_option
def bundle_list(case_path: Any, as_json: Any) -> None:
    """Bundles saved with the case."""
    with open_case(resolve_case_path(case_path)) as case:
        found = list_bundles(case)
    if as_json:
        emit_json([dict(b.definition.to_dict(), updated_at=b.updated_at) for b in found])
        return
    for b in found:
        d = b.definition
        click.echo(f"{d.name:<24}{len(d.exhibits):>3} exhibit(s)  {d.bates_prefix or '-':<8} {d.profile:<8} "
                   f"{b.updated_at[:10]}  {d.title}")


@bundle_group.command("show")
@click.argument("name")
@case_option
@json_option
def bundle_show(name: Any, case_path: Any, as_json: Any) -> None:
    """A saved bundle's index as it would be exported now: labels, descriptions, pages, Bates and volumes."""
    from casebook.services.bundle_preview import preview_bundle

    with open_case(resolve_case_path(case_path)) as case:
        definition = load_bundle(case, name)
        plan = preview_bundle(case, definition) if definition.exhibits else None
    rows: list[dict[str, Any]] = []
    for index, ex in enumerate(plan.exhibits if plan else ()):
        assert plan is not None  # only iterated when there is a plan
        volume = plan.exhibit_volume(index)
        rows.append({"label": ex.label, "document_id": ex.document_id, "description": ex.description,
                     "date": ex.date, "bundle_pages": [ex.first_page, ex.last_page], "bates": plan.bates_range(ex),
                     "volume": volume.number if volume else None})
    if as_json:
        emit_json({"definition": definition.to_dict(), "index": rows})
        return
    click.echo(f"{definition.name}: {definition.title} ({definition.profile} profile"
               + (f", Bates prefix {definition.bates_prefix}" if definition.bates_prefix else "") + ")")
    click.echo(f"{'EXHIBIT':<9}{'PAGES':<10}{'BATES':<28}{'DATE':<12}{'VOL':<5}DESCRIPTION")
    for r in rows:
        first, last = r["bundle_pages"]
        pages = f"{first}–{last}" if first != last else str(first)
        click.echo(f"{r['label']:<9}{pages:<10}{r['bates']:<28}{r['date']:<12}{r['volume'] or '':<5}"
                   f"{r['description'][:70]}")


@bundle_group.command("delete")
@click.argument("name")
@case_option
def bundle_delete(name: Any, case_path: Path | None) -> None:
    """Delete a saved bundle (`casebook undo` brings it back); Bates numbers it was issued stay issued."""
    with open_case(resolve_case_path(case_path)) as case:
        delete_bundle(case, name)
    click.echo(f"Deleted bundle {name!r}")

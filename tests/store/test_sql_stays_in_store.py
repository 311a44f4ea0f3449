"""SQL and table names live in casebook.store: a scan of every other module's string literals."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "casebook"
# The store speaks SQL (including the benchmarks' FTS5 reference engine, store/fts5_reference.py).
ALLOWED = {"store"}
SQL_STATEMENT = re.compile(
    r"\b(?:SELECT\b[\s\S]+?\bFROM\s+\w+|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
    r"|CREATE\s+(?:VIRTUAL\s+|TEMP\s+)?(?:TABLE|INDEX|TRIGGER|VIEW)|DROP\s+TABLE|PRAGMA\s+\w+)"
)  # keywords in capitals, as this code base writes SQL, so prose ("Select the documents … from") passes
# Recorder and row helpers whose first string argument is a table name.
_TABLE_ARGUMENT_CALLS = {"insert", "update", "delete", "row", "update_row", "ids_referring"}
# Modules still naming tables for the generic undo recorder (issue 14): this list may only shrink.
RECORDER_TABLE_NAMES_LEFT: set[str] = set()


def _tables() -> set[str]:
    migrations = (PACKAGE / "store" / "migrations.py").read_text(encoding="utf-8")
    return set(re.findall(r"CREATE (?:VIRTUAL )?TABLE (?:IF NOT EXISTS )?(\w+)", migrations))


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.split("/")[0] not in ALLOWED:
            found.append((relative, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _table_arguments(tree: ast.Module, tables: set[str]) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in _TABLE_ARGUMENT_CALLS:
            continue
        for argument in node.args[:2]:
            if isinstance(argument, ast.Constant) and argument.value in tables:
                found.append((node.lineno, argument.value))
    return found


def test_the_scan_knows_the_tables():
    assert {"documents", "pages", "case_meta", "audit_log", "excerpts", "claims"} <= _tables()


def test_no_sql_statement_outside_the_store():
    offenders = [
        f"{relative}:{node.lineno}: {node.value[:60]!r}"
        for relative, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_STATEMENT.search(node.value)
    ]
    assert offenders == []


def test_table_names_reach_the_recorder_only_from_the_modules_not_yet_moved():
    tables = _tables()
    naming = {relative for relative, tree in _modules() if _table_arguments(tree, tables)}
    new = naming - RECORDER_TABLE_NAMES_LEFT
    moved = RECORDER_TABLE_NAMES_LEFT - naming
    assert not new, f"table names outside the store: {new}"
    assert not moved, f"no longer name tables; drop them from the list: {moved}"


def test_the_scan_catches_what_it_is_for():
    assert SQL_STATEMENT.search("SELECT id, page_count FROM documents")
    assert SQL_STATEMENT.search("INSERT OR IGNORE INTO case_meta (key, value) VALUES (?, '')")
    assert not SQL_STATEMENT.search("Select the documents to export from the list")
    tree = ast.parse('edit.rec.delete("links", 3)\nstore.update_row(rec, "excerpts", 1, {})\nrows.delete("x", 1)')
    assert _table_arguments(tree, {"links", "excerpts"}) == [(1, "links"), (2, "excerpts")]

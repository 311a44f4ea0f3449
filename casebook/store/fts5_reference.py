"""SQLite FTS5 over the same pages, used only as the reference figure in the search benchmark."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class Fts5Reference:
    """A minimal FTS5 page index (porter-stemmed text, kind column) with bm25 ranking and snippets."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS pages USING fts5(text, kind UNINDEXED, doc UNINDEXED, "
            "page UNINDEXED, tokenize = 'porter unicode61')"
        )
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS pages_vocab USING fts5vocab(pages, 'row')"
        )

    def add_pages(self, rows: list[tuple[str, str, int, int]]) -> None:
        """Insert (text, kind, document id, page number) rows in one transaction."""
        self.conn.execute("BEGIN")
        self.conn.executemany("INSERT INTO pages (text, kind, doc, page) VALUES (?, ?, ?, ?)", rows)
        self.conn.execute("COMMIT")

    def search(self, match: str, *, kind: str | None = None, limit: int = 20) -> list[tuple[int, int, str]]:
        """Top hits by bm25 with a highlighted snippet each: (document, page, snippet)."""
        sql = ("SELECT doc, page, snippet(pages, 0, '[', ']', '…', 24) FROM pages WHERE pages MATCH ?"
               + (" AND kind = ?" if kind else "") + " ORDER BY bm25(pages) LIMIT ?")
        params = [match, kind, limit] if kind else [match, limit]
        return self.conn.execute(sql, params).fetchall()

    def search_documents(self, first: str, second: str, *, limit: int = 20) -> list[tuple[int, int, str]]:
        """Document-level AND: top pages (by bm25, with snippets) holding either word, of the documents
        that hold both words on any of their pages."""
        sql = ("SELECT doc, page, snippet(pages, 0, '[', ']', '…', 24) FROM pages WHERE pages MATCH ? AND doc IN "
               "(SELECT doc FROM pages WHERE pages MATCH ? INTERSECT SELECT doc FROM pages WHERE pages MATCH ?) "
               "ORDER BY bm25(pages) LIMIT ?")
        return self.conn.execute(sql, [f"{first} OR {second}", first, second, limit]).fetchall()

    def terms_like(self, first: str, length: int) -> list[str]:
        """Vocabulary terms starting with `first` of about `length` characters (for a fuzzy expansion)."""
        return [r[0] for r in self.conn.execute(
            "SELECT term FROM pages_vocab WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?",
            [first, first + "\uffff", length - 1, length + 1])]

    def size_bytes(self) -> int:
        page_count = self.conn.execute("PRAGMA page_count").fetchone()[0]
        page_size = self.conn.execute("PRAGMA page_size").fetchone()[0]
        return page_count * page_size

    def close(self) -> None:
        self.conn.close()

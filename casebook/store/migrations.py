"""The schema's migration chain; every store, new or old, runs the same steps. Never edit a shipped step."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

CASEBOOK_MIGRATIONS = Migrations("casebook")


@CASEBOOK_MIGRATIONS(name="0001_initial_schema")
def initial_schema(db: Database) -> None:
    db.execute("CREATE TABLE case_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            format TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            original_name TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            extractor TEXT NOT NULL,
            page_count INTEGER NOT NULL,
            pages_needing_ocr INTEGER NOT NULL DEFAULT 0,
            court TEXT,
            case_number TEXT,
            ecf_document_number TEXT,
            filed_date TEXT,
            author TEXT,
            publisher TEXT,
            published_date TEXT,
            url TEXT,
            encrypted INTEGER NOT NULL DEFAULT 0,
            has_javascript INTEGER NOT NULL DEFAULT 0,
            html TEXT,
            warnings TEXT NOT NULL DEFAULT '[]'
        )
        """
    )
    db.execute(
        """
        CREATE TABLE provenance (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            original_name TEXT NOT NULL,
            original_path TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            UNIQUE (document_id, original_path)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            words BLOB NOT NULL DEFAULT x'',
            paragraphs TEXT NOT NULL DEFAULT '[]',
            needs_ocr INTEGER NOT NULL DEFAULT 0,
            width REAL NOT NULL DEFAULT 0,
            height REAL NOT NULL DEFAULT 0,
            ecf_page INTEGER,
            UNIQUE (document_id, number)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE outline (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            level INTEGER NOT NULL,
            title TEXT NOT NULL,
            page INTEGER NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )
        """
    )
    # The audit log is append-only: the database itself refuses edits and deletions.
    db.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    db.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            op TEXT NOT NULL,
            document_id INTEGER NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX pages_by_document ON pages(document_id, number)")
    db.execute("CREATE INDEX provenance_by_document ON provenance(document_id)")


@CASEBOOK_MIGRATIONS(name="0002_document_short_cite")
def document_short_cite(db: Database) -> None:
    # Short-form citation a lawyer uses in briefs ("Romo Decl.", "Compl."); editable per document.
    db.execute("ALTER TABLE documents ADD COLUMN short_cite TEXT")


@CASEBOOK_MIGRATIONS(name="0003_evidence_model")
def evidence_model(db: Database) -> None:
    # AUTOINCREMENT so an id is never reused: the audit log and the search index name rows by id, and undo/redo
    # re-insert rows under their old ids.
    statements = [
        """CREATE TABLE entities (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
            name TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            organisation_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
            note TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE entity_aliases (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            UNIQUE (entity_id, alias)
        )""",
        """CREATE TABLE tags (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            path TEXT NOT NULL UNIQUE,
            colour TEXT NOT NULL
        )""",
        """CREATE TABLE issues (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            parent_id INTEGER REFERENCES issues(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE excerpts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            start_page INTEGER NOT NULL,
            start_offset INTEGER NOT NULL,
            end_page INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            quads TEXT NOT NULL DEFAULT '{}',
            note TEXT NOT NULL DEFAULT '',
            review TEXT CHECK (review IS NULL OR review IN ('moved', 'fuzzy', 'lost')),
            review_note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE claims (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            statement TEXT NOT NULL,
            claim_type TEXT NOT NULL,
            status TEXT NOT NULL,
            asserted_by INTEGER REFERENCES entities(id) ON DELETE SET NULL,
            asserted_in_document INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            asserted_in_excerpt INTEGER REFERENCES excerpts(id) ON DELETE SET NULL,
            event_date TEXT,
            event_sort TEXT,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE links (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            excerpt_id INTEGER NOT NULL REFERENCES excerpts(id) ON DELETE CASCADE,
            relation TEXT NOT NULL CHECK (relation IN ('supports', 'contradicts', 'qualifies', 'context')),
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (claim_id, excerpt_id)
        )""",
        """CREATE TABLE claim_issues (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            issue_id INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
            UNIQUE (claim_id, issue_id)
        )""",
        """CREATE TABLE excerpt_entities (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            excerpt_id INTEGER NOT NULL REFERENCES excerpts(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            UNIQUE (excerpt_id, entity_id)
        )""",
        """CREATE TABLE document_tags (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            UNIQUE (document_id, tag_id)
        )""",
        """CREATE TABLE excerpt_tags (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            excerpt_id INTEGER NOT NULL REFERENCES excerpts(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            UNIQUE (excerpt_id, tag_id)
        )""",
        """CREATE TABLE claim_tags (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            UNIQUE (claim_id, tag_id)
        )""",
        # Undo/redo: each edit as the row changes that make it (forward) and unmake it (inverse), as JSON.
        """CREATE TABLE history (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            label TEXT NOT NULL,
            forward TEXT NOT NULL,
            inverse TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX excerpts_by_document ON excerpts(document_id)",
        "CREATE INDEX links_by_excerpt ON links(excerpt_id)",
        "CREATE INDEX claims_by_event ON claims(event_sort)",
        "CREATE INDEX entity_aliases_by_entity ON entity_aliases(entity_id)",
        # The outbox now also carries claims, excerpts and entities: document_id becomes optional and
        # target_id names the row (SQLite cannot drop NOT NULL in place, so the table is rebuilt).
        """CREATE TABLE outbox_new (
            id INTEGER PRIMARY KEY,
            op TEXT NOT NULL,
            document_id INTEGER,
            created_at TEXT NOT NULL,
            target_id INTEGER
        )""",
        "INSERT INTO outbox_new (id, op, document_id, created_at) SELECT id, op, document_id, created_at FROM outbox",
        "DROP TABLE outbox",
        "ALTER TABLE outbox_new RENAME TO outbox",
    ]
    for statement in statements:
        db.execute(statement)


@CASEBOOK_MIGRATIONS(name="0004_bundles")
def bundles(db: Database) -> None:
    # Bundle definitions by name (JSON of core.bundles.BundleDefinition), so a bundle can be regenerated.
    db.execute("""CREATE TABLE bundle_definitions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        definition TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""")
    # Bates numbers continue per prefix across exports and are never reused: every issued range is kept, and
    # the counter only moves forward. The fingerprint names the exact pages a range was issued for.
    db.execute("""CREATE TABLE bates_counters (
        prefix TEXT PRIMARY KEY,
        next_number INTEGER NOT NULL
    )""")
    db.execute("""CREATE TABLE bates_ranges (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        prefix TEXT NOT NULL,
        first_number INTEGER NOT NULL,
        last_number INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        bundle_name TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        CHECK (last_number >= first_number)
    )""")
    db.execute("CREATE INDEX bates_ranges_by_prefix ON bates_ranges(prefix, first_number)")


@CASEBOOK_MIGRATIONS(name="0005_ocr")
def ocr(db: Database) -> None:
    # Where each page's text came from, how good the OCR was (0-1) and which engine read it; and each
    # document's OCR mode (NULL = OCR pages without a usable text layer; 'skip'; 'redo-all').
    for statement in (
        "ALTER TABLE pages ADD COLUMN text_source TEXT NOT NULL DEFAULT 'pdf' CHECK (text_source IN ('pdf', 'ocr'))",
        "ALTER TABLE pages ADD COLUMN ocr_quality REAL",
        "ALTER TABLE pages ADD COLUMN ocr_engine TEXT",
        "ALTER TABLE documents ADD COLUMN ocr_mode TEXT CHECK (ocr_mode IS NULL OR ocr_mode IN "
        "('image-only', 'redo-all', 'skip'))",
    ):
        db.execute(statement)


@CASEBOOK_MIGRATIONS(name="0006_history_sessions")
def history_sessions(db: Database) -> None:
    # Undo and redo are per session (one GUI window, or the command line as a whole): each history entry names
    # the session that made it. Entries from before this step stay NULL, which every session may undo.
    db.execute("ALTER TABLE history ADD COLUMN session TEXT")


@CASEBOOK_MIGRATIONS(name="0007_filing_metadata")
def filing_metadata(db: Database) -> None:
    # Metadata a lawyer cites (every docket number, an appellate document ID kept apart from ECF numbers, the
    # document's own date and its basis, parties, description, the title as printed), which fields a person set
    # (analysis never overwrites those), import-time risk flags, and each page's furniture ranges.
    for statement in (
        "ALTER TABLE documents ADD COLUMN docket_numbers TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE documents ADD COLUMN appellate_document_id TEXT",
        "ALTER TABLE documents ADD COLUMN document_date TEXT",
        "ALTER TABLE documents ADD COLUMN date_basis TEXT CHECK (date_basis IS NULL OR date_basis IN "
        "('filed', 'decided', 'dated', 'entered', 'signed', 'published'))",
        "ALTER TABLE documents ADD COLUMN parties TEXT",
        "ALTER TABLE documents ADD COLUMN description TEXT",
        "ALTER TABLE documents ADD COLUMN title_as_printed TEXT",
        "ALTER TABLE documents ADD COLUMN person_fields TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE documents ADD COLUMN risk_flags TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE pages ADD COLUMN furniture TEXT NOT NULL DEFAULT '[]'",
    ):
        db.execute(statement)


@CASEBOOK_MIGRATIONS(name="0008_docket_entries")
def docket_entries(db: Database) -> None:
    # The entries of an imported docket sheet, as printed (number NULL for unnumbered minute entries). Which
    # filing an entry dockets is computed when read, so filings imported later link too.
    db.execute("""CREATE TABLE docket_entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        case_number TEXT,
        number TEXT,
        date_filed TEXT,
        date_entered TEXT,
        text TEXT NOT NULL,
        pacer_document_id TEXT,
        UNIQUE (document_id, position)
    )""")
    db.execute("CREATE INDEX docket_entries_by_number ON docket_entries(number)")


@CASEBOOK_MIGRATIONS(name="0009_privacy")
def privacy(db: Database) -> None:
    # FRCP 5.2 privacy findings (scan, case terms or a person's manual box), each anchored by a text-quote selector
    # so it survives re-analysis and OCR, with the person's decision; and the case's own list of terms to redact.
    db.execute("""CREATE TABLE privacy_findings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        page INTEGER NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        rule TEXT NOT NULL,
        text TEXT NOT NULL,
        replacement TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        box TEXT,
        origin TEXT NOT NULL DEFAULT 'scan' CHECK (origin IN ('scan', 'manual')),
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'exempt')),
        reason TEXT NOT NULL DEFAULT '',
        anchored INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX privacy_findings_by_document ON privacy_findings(document_id, page)")
    db.execute("""CREATE TABLE privacy_terms (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        pattern TEXT NOT NULL,
        regex INTEGER NOT NULL DEFAULT 0,
        replacement TEXT NOT NULL DEFAULT '',
        UNIQUE (pattern, regex)
    )""")

KNOWN_MIGRATIONS: tuple[str, ...] = tuple(m.name for m in CASEBOOK_MIGRATIONS._migrations)

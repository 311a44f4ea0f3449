"""The `casebook` command line: every command calls one service; it works without PySide6 installed."""

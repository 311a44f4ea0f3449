"""Errors Casebook reports to users: each names the file or case and the reason."""

from __future__ import annotations

from enum import StrEnum


class CasebookError(Exception):
    """Base class for errors shown to the user as a one-line message."""


class CaseError(CasebookError):
    """A case folder cannot be created, opened or used (missing, in use, too new, corrupt)."""


class RejectReason(StrEnum):
    """Why a file could not be imported; the value is the stable code used in reports and JSON."""

    EMPTY = "empty"
    NOT_PDF = "not_pdf"
    PASSWORD_REQUIRED = "password_required"
    WRONG_PASSWORD = "wrong_password"
    ZERO_PAGES = "zero_pages"
    DAMAGED = "damaged"
    UNSUPPORTED_TYPE = "unsupported_type"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"
    TIMEOUT = "timeout"
    CRASHED = "crashed"


class ImportRejected(CasebookError):
    """A single file was refused by an importer; `reason` is machine-readable, the message is for people."""

    def __init__(self, reason: RejectReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __reduce__(self):  # picklable across the PDF worker process boundary
        return (ImportRejected, (self.reason, self.message))

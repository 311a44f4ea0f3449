"""Dragging documents between panels: a MIME type carrying document ids (navigator, search, claims → bundle)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QMimeData

DOCUMENT_MIME = "application/x-casebook-document-ids"


def add_documents(mime: QMimeData, ids: Iterable[int]) -> QMimeData:
    """Put document ids (in order, each once) on `mime` beside what it already carries; returns it."""
    unique = list(dict.fromkeys(int(i) for i in ids))
    if unique:
        mime.setData(DOCUMENT_MIME, QByteArray(",".join(str(i) for i in unique).encode("ascii")))
        if not mime.hasText():
            mime.setText(", ".join(f"document {i}" for i in unique))
    return mime


def encode_documents(ids: Iterable[int]) -> QMimeData:
    return add_documents(QMimeData(), ids)


def decode_documents(mime: QMimeData | None) -> list[int]:
    if mime is None or not mime.hasFormat(DOCUMENT_MIME):
        return []
    raw = bytes(mime.data(DOCUMENT_MIME).data()).decode("ascii", "replace")
    return list(dict.fromkeys(int(part) for part in raw.split(",") if part.strip().isdigit()))

"""PyMuPDF boundary: the only package that imports pymupdf.

Nothing here imports pymupdf at module level, so `import casebook.pdf` stays cheap; the engine is loaded
on first use (and, through `PdfWorker`, only in a child process).
"""

from __future__ import annotations

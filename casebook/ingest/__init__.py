"""File sniffing and importers that turn saved files (PDF filings, web articles, text) into core documents.

Submodules are imported on demand so that `casebook.ingest.sniff` stays free of third-party imports
(the PDF worker process uses it) and quick CLI commands do not pay for trafilatura and lxml.
"""

from __future__ import annotations

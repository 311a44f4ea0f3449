"""Where each part of a case lives inside its folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DB_NAME = "casebook.sqlite"


@dataclass(frozen=True)
class CaseLayout:
    """The fixed layout of a case folder the user can copy or back up as a whole."""

    root: Path

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def originals(self) -> Path:
        return self.root / "originals"

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    def is_case(self) -> bool:
        return self.db_path.is_file()

    def make_folders(self) -> None:
        for folder in (self.root, self.originals, self.index, self.exports, self.backups):
            folder.mkdir(parents=True, exist_ok=True)

"""`ingest FOLDER` when part of the folder cannot be read: the rest is stored, one error line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.cli import app
from cliffhanger.documents import load
from cliffhanger.store.tables import DocumentRow


def test_an_unreadable_part_of_a_folder_is_one_error_line(
    engine: Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    (tmp_path / "a.txt").write_text("Hulu has renewed 'Glass Harbor' for a third season.\n")
    walk = load.os.walk

    def failing_walk(top: Path, onerror: Any = None) -> Any:
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
        return walk(top, onerror=onerror)

    monkeypatch.setattr(load.os, "walk", failing_walk)
    result = CliRunner().invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "locked: cannot read: Permission denied" in result.output
    assert "Traceback" not in result.output
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one() == 1

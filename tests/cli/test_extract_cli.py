"""`cliffhanger extract`: output contract and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cliffhanger.cli import _register, app

_register()
runner = CliRunner()


def test_extract_jsonl(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("'Reacher' Renewed for Season 2 by Prime Video\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(article)])
    assert result.exit_code == 0
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["doc"] == str(article)
    assert (row["show"], row["status"], row["network"], row["season"]) == (
        "Reacher",
        "renewed",
        "Prime Video",
        2,
    )


def test_extract_stdin() -> None:
    result = runner.invoke(
        app, ["extract", "-"], input="HBO has canceled 'Minx' after one season.\n"
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["doc"] == "-"


def test_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("'Reacher' Renewed for Season 2 by Prime Video\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Série annulée".encode("latin-1"))
    result = runner.invoke(
        app,
        ["extract", str(empty), str(binary), str(latin), str(tmp_path / "missing.txt"), str(good)],
    )
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 4
    assert "Traceback" not in result.output
    # the good file still came through
    assert json.loads(result.stdout.splitlines()[0])["show"] == "Reacher"


def test_huge_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB (sparse: cheap to make)
    result = runner.invoke(app, ["extract", str(big)])
    assert result.exit_code == 1
    assert "too large" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_format() -> None:
    result = runner.invoke(app, ["extract", "--format", "xml", "x.txt"])
    assert result.exit_code == 1
    assert "unknown format" in result.stderr

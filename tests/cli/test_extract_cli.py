"""`cliffhanger extract`: output contract and one-line errors for bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cliffhanger.cli import _register, app
from cliffhanger.extraction import spacy_sentences

_register()
runner = CliRunner()


def test_extract_jsonl(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("'Reacher' Renewed by Prime Video for Season 3\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(article)])
    assert result.exit_code == 0
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["doc"] == str(article)
    assert (row["show"], row["status"], row["network"], row["season"]) == (
        "Reacher",
        "renewed",
        "Prime Video",
        3,
    )


def test_extract_stdin() -> None:
    result = runner.invoke(
        app, ["extract", "-"], input="HBO has canceled 'Minx' after one season.\n"
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["doc"] == "-"


def test_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("'Reacher' Renewed by Prime Video for Season 3\n", encoding="utf-8")
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


def test_spacy_engine(tmp_path: Path) -> None:
    # spaCy is an extra, but `make setup` installs it: this test must run, not skip.
    article = tmp_path / "a.txt"
    article.write_text(
        "Glass Harbor premiered in March. Hulu has renewed 'Glass Harbor' for a second season.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", "--engine", "spacy", str(article)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    status = [(r["show"], r["status"], r["network"], r["season"]) for r in rows]
    assert status == [("Glass Harbor", "renewed", "Hulu", 2)]
    assert rows[0]["evidence"] == "Hulu has renewed 'Glass Harbor' for a second season."


def test_spacy_engine_without_spacy_is_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Hulu has renewed 'Glass Harbor' for a second season.\n", encoding="utf-8")
    spacy_sentences._pipeline.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)  # `import spacy` now raises ImportError
    try:
        result = runner.invoke(app, ["extract", "--engine", "spacy", str(article)])
    finally:
        spacy_sentences._pipeline.cache_clear()
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Error: the spacy engine needs spaCy, which is not installed",
        "Hint: pip install 'cliffhanger[spacy]', or use --engine rules",
    ]
    assert "Traceback" not in result.output

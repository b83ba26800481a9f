"""Hypothesis over every CLI command's arguments, on both backends.

Each run ends with exit status 0, 1 (a one-line `Error:`) or 2 (a usage
error), never a traceback; the database stays usable. `serve` (it would
listen) and `watch` without `--once` (it would loop) are left out; URLs point
at a closed local port or an invalid scheme, so no case leaves the machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.cli import app
from cliffhanger.cli.reference import command_paths
from cliffhanger.model import Document, Extraction, Status, StatusEvent
from cliffhanger.store import repository

from .conftest import CASES, ERRORS, examples

ENTRY = "cli (hypothesis)"
SKIPPED = {("serve",)}  # listens on a port until stopped
COMMANDS = [tuple(p) for p in command_paths() if p and tuple(p) not in SKIPPED]
NUMBERS = ["0", "1", "2", "-1", "-5", "100", "101", "999999", "2147483648", "99999999999999999999"]
NUMBERS += ["1e3", "0x10", "nan", "inf", "", " 7 ", "3.5"]
WORDS = ["Some Show", "", " ", "-", "--", "\u0000", "Ｐａｒｔｎｅｒ", "'; DROP TABLE shows; --"]
WORDS += ["renewed", "canceled", "garbage", "csv", "json", "tvmaze", "netflix", "wikidata"]
URLS = ["http://127.0.0.1:9/feed.xml", "ftp://example.invalid/x", "http://[2002:7f00:1::]/"]
URLS += ["http://169.254.169.254/", "http://", "https://a b/"]
OPTIONS = [
    "--json",
    "--status",
    "--season",
    "--network",
    "--note",
    "--author",
    "--accept",
    "--reject",
    "--limit",
    "-n",
    "--format",
    "-f",
    "--output",
    "--once",
    "--every",
    "--delay",
    "--name",
    "--engine",
    "--allow-private",
    "--allow-private-webhooks",
    "--help",
    "--debug-not-an-option",
]


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    """Return paths of odd inputs: empty, binary, a folder, a CSV, bad WARC and BOM, missing."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "news.txt").write_text("Netflix has renewed Some Show for a third season.\n")
    (tmp_path / "cat.csv").write_text("title,network\nSome Show,Netflix\n")
    (tmp_path / "min.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n\r\nx")
    (tmp_path / "a.jsonl").write_text('{"text": 5}\nnot json\n')
    (tmp_path / "bom.txt").write_bytes(b"\xfe\xff\xff\x08\xff\xff\x08")  # a broken UTF-16 mark
    (tmp_path / "dir").mkdir()
    names = ["empty.txt", "binary.txt", "news.txt", "cat.csv", "min.warc", "a.jsonl", "bom.txt"]
    names += ["dir"]
    return [str(tmp_path / n) for n in names] + [str(tmp_path / "missing.txt"), "-"]


@pytest.fixture
def runner(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """Yield a CliRunner on a test database holding two shows."""
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    doc = Document(source="a.txt", text="A made-up note.", url="https://news.example/a")
    events = (
        StatusEvent(show="Some Show", status=Status.RENEWED, season=2, evidence="made up"),
        StatusEvent(show="Other Show", status=Status.CANCELED, season=1, evidence="made up"),
    )
    repository.ingest(engine, Extraction(document=doc, events=events))
    yield CliRunner()


def arguments(files: list[str]) -> st.SearchStrategy[list[str]]:
    """Return a strategy of argument lists: a command, then options and values of any kind."""
    value = st.one_of(
        st.sampled_from(NUMBERS),
        st.sampled_from(WORDS),
        st.sampled_from(URLS),
        st.sampled_from(files),
        st.text(max_size=10),
    )
    tail = st.lists(st.one_of(st.sampled_from(OPTIONS), value), max_size=6)
    return st.builds(lambda c, t: [*c, *t], st.sampled_from(COMMANDS), tail)


def _runnable(args: list[str]) -> bool:
    # `watch` loops until a signal unless told to run once.
    return args[0] != "watch" or "--once" in args or "--help" in args


@settings(max_examples=examples(80, 5_000))
@given(data=st.data())
def test_cli_arguments(runner: CliRunner, files: list[str], data: st.DataObject) -> None:
    args = data.draw(arguments(files).filter(_runnable))
    CASES[ENTRY] += 1
    result = runner.invoke(app, args, input="")
    try:
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            repr(result.exception),
        )
        assert "Traceback" not in result.output, (args, result.output)
    except BaseException:
        ERRORS[ENTRY] += 1
        raise

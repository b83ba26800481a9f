"""`cliffhanger extract`: facts as JSON lines or a table, without touching a database."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import typer

from cliffhanger.cli import app, console, fail, report
from cliffhanger.errors import CliffhangerError

if TYPE_CHECKING:
    from cliffhanger.extraction import Splitter
    from cliffhanger.model import Extraction


def extraction_records(x: Extraction, doc: str) -> Iterator[dict[str, Any]]:
    """Yield the JSON records of the stable `extract` contract for one document."""
    for ev in x.events:
        yield {
            "type": "status",
            "doc": doc,
            "show": ev.show,
            "network": ev.network,
            "status": ev.status.value,
            "season": ev.season,
            "date": ev.date.isoformat() if ev.date else None,
            "speculative": ev.speculative,
            "confidence": ev.confidence,
            "evidence": ev.evidence,
            "attribution": ev.attribution,
        }
    for c in x.cast:
        yield {
            "type": "cast",
            "doc": doc,
            "show": c.show,
            "person": c.person,
            "character": c.character,
        }
    for s in x.seasons:
        yield {
            "type": "season",
            "doc": doc,
            "show": s.show,
            "season": s.season,
            "episodes": s.episodes,
            "premiere": s.premiere,
        }
    for ch in x.cliffhangers:
        yield {"type": "cliffhanger", "doc": doc, "show": ch.show, "season": ch.season}
    for ev in x.events:
        if ev.attribution:
            yield {"type": "attribution", "doc": doc, "show": ev.show, "source": ev.attribution}


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Text or HTML files or folders; - for stdin."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl or table."),
    engine: str = typer.Option("rules", "--engine", help="Sentence splitter: rules or spacy."),
) -> None:
    """Print the facts in news files, one JSON object per fact (no database)."""
    if fmt not in {"jsonl", "table"}:
        raise fail(CliffhangerError(f"unknown format {fmt!r}", hint="use jsonl or table"))
    if engine not in {"rules", "spacy"}:
        raise fail(CliffhangerError(f"unknown engine {engine!r}", hint="use rules or spacy"))
    from cliffhanger.documents.load import iter_sources, read_document
    from cliffhanger.extraction import extract as extract_document
    from cliffhanger.extraction.sentences import split_sentences

    splitter: Splitter = split_sentences
    if engine == "spacy":
        from cliffhanger.extraction.spacy_sentences import spacy_splitter

        try:
            splitter = spacy_splitter()
        except CliffhangerError as e:  # spaCy is an extra: one line and a hint, no traceback
            raise fail(e) from e
    failed = 0
    rows: list[dict[str, Any]] = []
    for source in iter_sources(paths):
        try:
            doc = read_document(source)
        except CliffhangerError as e:
            failed += 1
            report(e)
            continue
        for rec in extraction_records(extract_document(doc, splitter), source):
            if fmt == "jsonl":
                sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
            else:
                rows.append(rec)
    if fmt == "table":
        _table(rows)
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def _table(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table("doc", "type", "show", "fact", "confidence")
    for r in rows:
        if r["type"] == "status":
            fact = f"{r['status']} s{r['season'] or '?'} {r['network'] or ''}"
            if r["speculative"]:
                fact += " (speculative)"
            conf = f"{r['confidence']:.2f}"
        elif r["type"] == "cast":
            fact, conf = f"{r['person']} as {r['character']}", ""
        elif r["type"] == "season":
            fact, conf = f"season {r['season']}: {r['episodes']} eps, {r['premiere']}", ""
        elif r["type"] == "cliffhanger":
            fact, conf = f"season {r['season']} ended on a cliffhanger", ""
        else:
            fact, conf = f"per {r['source']}", ""
        table.add_row(r["doc"], r["type"], r["show"], fact, conf)
    console.print(table)

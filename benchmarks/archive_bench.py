"""Archive ingest benchmark: a synthetic JSONL archive into SQLite and into PostgreSQL.

    python benchmarks/archive_bench.py [--docs 20000] [--runs 3] [--workers N] [--no-postgres]

Generates an archive of short made-up articles (templates written for this
benchmark, real show and network names, varied decisions, dates and outlets),
then, per backend, on fresh databases (PostgreSQL ones created and dropped):
the old path (one transaction per document, 2,000 documents), the batch
writer alone (extraction done first), and `ingest_archive` end to end (read,
extract in the process pool, store in batches with the archive's position).
Prints documents per second, the median of `--runs` runs, beside issue 13's
target and its figure before.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cliffhanger.extraction import extract
from cliffhanger.model import Extraction
from cliffhanger.sources.archives import read_archive
from cliffhanger.sources.extract_pool import default_workers
from cliffhanger.sources.ingest_archive import BATCH_SIZE, ingest_archive
from cliffhanger.store.bulk import BatchItem, store_batch
from cliffhanger.store.engine import open_store
from cliffhanger.store.source_repository import store_document
from cliffhanger.store.tables import DocumentRow, EventRow

SHOWS = [
    ("Night Court", "NBC"), ("Quantum Leap", "NBC"), ("Lopez vs. Lopez", "NBC"),
    ("La Brea", "NBC"), ("Grand Crew", "NBC"), ("American Auto", "NBC"),
    ("Abbott Elementary", "ABC"), ("The Rookie", "ABC"), ("Will Trent", "ABC"),
    ("Big Sky", "ABC"), ("The Conners", "ABC"), ("Home Economics", "ABC"),
    ("Ghosts", "CBS"), ("So Help Me Todd", "CBS"), ("True Lies", "CBS"),
    ("East New York", "CBS"), ("Fire Country", "CBS"), ("Blue Bloods", "CBS"),
    ("Warrior Nun", "Netflix"), ("1899", "Netflix"), ("Wednesday", "Netflix"),
    ("Shadow and Bone", "Netflix"), ("Partner Track", "Netflix"), ("Inside Job", "Netflix"),
    ("Yellowjackets", "Showtime"), ("Let the Right One In", "Showtime"),
    ("The Bear", "FX"), ("Reservation Dogs", "FX"), ("Snowfall", "FX"),
    ("Minx", "Starz"), ("Outlander", "Starz"), ("Party Down", "Starz"),
    ("Severance", "Apple TV+"), ("Shrinking", "Apple TV+"), ("Mythic Quest", "Apple TV+"),
    ("The Peripheral", "Prime Video"), ("Reacher", "Prime Video"), ("Paper Girls", "Prime Video"),
    ("Poker Face", "Peacock"), ("Bel-Air", "Peacock"), ("Vampire Academy", "Peacock"),
    ("The Last of Us", "HBO"), ("Westworld", "HBO"), ("Barry", "HBO"),
    ("Star Trek: Picard", "Paramount+"), ("Tulsa King", "Paramount+"), ("Wolf Pack", "Paramount+"),
    ("Walker", "The CW"), ("Kung Fu", "The CW"), ("Gotham Knights", "The CW"),
    ("Only Murders in the Building", "Hulu"), ("The Great", "Hulu"), ("Reboot", "Hulu"),
]  # fmt: skip
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh"]
OUTLETS = ["The Couch Report", "Streamside", "Binge Daily", "Pilot Season", "Rerun Weekly"]
TEMPLATES = [
    "{network} has renewed {show} for a {ord} season. The decision comes {weeks} weeks after "
    "the current season's finale drew the show's best ratings since its premiere.",
    "{network} has canceled {show} after {seasons} seasons. The {genre} had struggled to hold "
    "on to its audience, and producers are said to be shopping it to other outlets.",
    "{show} will end with its {ord} and final season on {network}, the network announced on "
    "{weekday}. The last batch of episodes is expected to premiere next year.",
    "{network} has ordered {show} to series. The {genre} has been in development for {weeks} "
    "weeks, with a full first season of ten episodes now greenlit.",
    "Could {network} cancel {show}? Fans are worried after the {genre} was left off the "
    "network's fall schedule, but no decision has been announced.",
    "{show} is coming back: {network} has picked up the {genre} for a {ord} season following "
    "a strong run on the streaming charts.",
    "It's official: {network} is not moving forward with {show}, which ends after {seasons} "
    "seasons. The cast shared the news on social media on {weekday}.",
]
GENRES = ["drama", "comedy", "thriller", "procedural", "fantasy series", "mystery"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
FILLER = [
    "Production is expected to resume in the spring in Vancouver.",
    "The series is produced by a major studio and streams the day after it airs.",
    "Its showrunner thanked the writers and the crew in a statement.",
    "Critics praised the most recent season for its sharper pacing.",
    "Viewership grew in delayed viewing, according to figures released this week.",
]


def write_archive(path: Path, count: int, seed: int = 7) -> None:
    """Return once `path` holds `count` distinct synthetic articles, one JSON object a line."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            show, network = rng.choice(SHOWS)
            values = {
                "show": show,
                "network": network,
                "ord": rng.choice(ORDINALS),
                "seasons": rng.randint(1, 9),
                "weeks": rng.randint(2, 30),
                "genre": rng.choice(GENRES),
                "weekday": rng.choice(WEEKDAYS),
            }
            body = rng.choice(TEMPLATES).format(**values)
            filler = " ".join(rng.sample(FILLER, 2))
            date = f"{rng.randint(2018, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            row = {
                "url": f"https://wire.example/{date[:4]}/{i}",
                "title": f"{show}: the latest from {network}",
                "text": f"{body} {filler} (Story {i}.)",
                "published": date,
                "outlet": rng.choice(OUTLETS),
            }
            out.write(json.dumps(row) + "\n")


TARGETS = {"sqlite": 1500, "postgresql": 1000}  # documents/s, issue 13
BEFORE = {"sqlite": 142, "postgresql": 96}  # one transaction per document, issue 13's figures


def run(url: str, archive: Path, workers: int) -> tuple[float, int, int]:
    """Return (documents per second, documents, events) for one ingest of `archive` into `url`."""
    engine = open_store(url)
    try:
        started = time.perf_counter()
        report = ingest_archive(engine, str(archive), workers=workers)
        seconds = time.perf_counter() - started
        with Session(engine) as session:
            docs = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
            events = session.scalar(select(func.count()).select_from(EventRow)) or 0
        return report.read / seconds, docs, events
    finally:
        engine.dispose()


def writer_only(url: str, extractions: list[Extraction]) -> float:
    """Return documents per second of the batch writer alone (extraction done beforehand)."""
    engine = open_store(url)
    try:
        started = time.perf_counter()
        for start in range(0, len(extractions), BATCH_SIZE):
            part = extractions[start : start + BATCH_SIZE]
            store_batch(engine, [BatchItem(x, x.document.url, x.document.outlet) for x in part])
        return len(extractions) / (time.perf_counter() - started)
    finally:
        engine.dispose()


def per_document(url: str, extractions: list[Extraction]) -> float:
    """Return documents per second of the one-transaction-per-document path (the old ingest)."""
    engine = open_store(url)
    try:
        started = time.perf_counter()
        for x in extractions:
            store_document(engine, x, url=x.document.url, outlet=x.document.outlet)
        return len(extractions) / (time.perf_counter() - started)
    finally:
        engine.dispose()


@contextmanager
def fresh_database(backend: str, folder: Path, server: str) -> Iterator[str]:
    """Yield the URL of an empty database: a new SQLite file, or a PostgreSQL database."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'bench-{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"cliffhanger_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def main() -> None:
    """Return once the benchmark has printed its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median printed)")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "CLIFFHANGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a server URL whose user may create databases",
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    backends = ["sqlite"] + ([] if args.no_postgres else ["postgresql"])
    with tempfile.TemporaryDirectory(prefix="cliffhanger-bench-") as name:
        folder = Path(name)
        archive = folder / "archive.jsonl"
        write_archive(archive, args.docs)
        print(f"archive: {args.docs} documents, {archive.stat().st_size / 1e6:.1f} MB")
        started = time.perf_counter()
        extractions = [extract(i.document) for i in read_archive(archive) if i.document]
        rate = len(extractions) / (time.perf_counter() - started)
        print(f"extraction alone, one process: {rate:.0f} documents/s")
        sample = extractions[:2000]
        print(
            f"{'backend':<11}{'per-doc':>9}{'writer':>9}{'ingest':>9}"
            f"{'target':>8}{'before':>8}  runs (ingest docs/s, {args.workers} workers)"
        )
        for backend in backends:
            with fresh_database(backend, folder, args.postgres) as url:
                old = per_document(url, sample)
            writer = []
            for _ in range(args.runs):
                with fresh_database(backend, folder, args.postgres) as url:
                    writer.append(writer_only(url, extractions))
            rates = []
            for _ in range(args.runs):
                with fresh_database(backend, folder, args.postgres) as url:
                    rates.append(run(url, archive, args.workers)[0])
            met = "met" if statistics.median(rates) >= TARGETS[backend] else "NOT met"
            print(
                f"{backend:<11}{old:>9.0f}{statistics.median(writer):>9.0f}"
                f"{statistics.median(rates):>9.0f}{TARGETS[backend]:>8}{BEFORE[backend]:>8}  "
                f"{', '.join(f'{r:.0f}' for r in rates)}  target {met}"
            )
    print(
        "per-doc: one transaction per document (2,000 documents); writer: the batch writer "
        "alone; ingest: read, extract in the pool and store, end to end (median of runs)"
    )


if __name__ == "__main__":
    main()

"""Archive ingest benchmark: a synthetic JSONL archive into SQLite and into PostgreSQL.

    python benchmarks/archive_bench.py [--docs 20000] [--postgres URL] [--no-postgres]

Generates an archive of short made-up articles (templates written for this
benchmark, real show and network names, varied decisions, dates and outlets),
then times `ingest_archive` (read -> extract -> store, one transaction per
document, progress committed with it) into a fresh SQLite file and into a
fresh PostgreSQL database created for the run and dropped afterwards, and
prints documents per second for each.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from cliffhanger.sources.ingest_archive import ingest_archive
from cliffhanger.store.engine import open_store
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


def run(url: str, archive: Path) -> tuple[float, int, int]:
    """Return (documents per second, documents, events) for one ingest of `archive` into `url`."""
    engine = open_store(url)
    try:
        started = time.perf_counter()
        report = ingest_archive(engine, str(archive))
        seconds = time.perf_counter() - started
        with Session(engine) as session:
            docs = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
            events = session.scalar(select(func.count()).select_from(EventRow)) or 0
        return report.read / seconds, docs, events
    finally:
        engine.dispose()


def run_postgres(server: str, archive: Path) -> tuple[float, int, int]:
    """Return the figures of `run` on a fresh PostgreSQL database, dropped afterwards."""
    name = f"cliffhanger_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        return run(url, archive)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def main() -> None:
    """Return once the benchmark has printed its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "CLIFFHANGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a server URL whose user may create databases",
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cliffhanger-bench-") as folder:
        archive = Path(folder) / "archive.jsonl"
        write_archive(archive, args.docs)
        print(f"archive: {args.docs} documents, {archive.stat().st_size / 1e6:.1f} MB")
        results = {"sqlite": run(f"sqlite:///{Path(folder) / 'bench.db'}", archive)}
        if not args.no_postgres:
            results["postgresql"] = run_postgres(args.postgres, archive)
    print(f"{'backend':<12}{'docs/s':>10}{'documents':>12}{'events':>10}")
    for backend, (rate, docs, events) in results.items():
        print(f"{backend:<12}{rate:>10.0f}{docs:>12}{events:>10}")


if __name__ == "__main__":
    main()

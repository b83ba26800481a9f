"""What a store holds, as comparable data: every table's rows, or their content without ids.

`rows` is for two runs that must agree to the id (the same documents in the
same order); `content` names every row by its natural keys (document hash,
show and network keys) instead of ids, for runs whose order may differ.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, select

from cliffhanger.extraction import extract
from cliffhanger.model import Extraction
from cliffhanger.sources.archives import read_archive

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
# Set when a row is written: not part of what was stored.
CLOCK_COLUMNS = {"created_at", "ingested_at", "updated_at", "seen_at"}
TABLES = (
    "networks",
    "shows",
    "documents",
    "document_sources",
    "events",
    "event_links",
    "cast_members",
    "seasons",
    "cliffhangers",
)


def real_extractions(limit_2020: int = 400) -> list[Extraction]:
    """Return the extractions of the real dev articles, the 2022 headlines and 2020 articles.

    The 2020 corpus re-posts stories, so duplicates (by text and by URL) are in.
    """
    news = DATA / "news"
    items = [
        *read_archive(news / "tv-articles.jsonl"),
        *read_archive(news / "tv-headlines-2022.jsonl"),
    ]
    for n, item in enumerate(read_archive(news / "tv-articles-2020.jsonl.gz")):
        if n >= limit_2020:
            break
        items.append(item)
    return [extract(i.document) for i in items if i.document is not None]


def rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Return every row of the ingest tables, ids included, clock columns left out."""
    meta = MetaData()
    meta.reflect(engine, only=TABLES)
    found: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for name in TABLES:
            table = meta.tables[name]
            columns = [c for c in table.c if c.name not in CLOCK_COLUMNS]
            found[name] = [
                tuple(r)
                for r in connection.execute(select(*columns).order_by(*table.primary_key.columns))
            ]
    return found


def content(engine: Engine) -> dict[str, Counter[tuple[Any, ...]]]:
    """Return the stored facts by natural keys: the same for any order of the same documents.

    Left out: which of two copies of one story becomes "the" document (its
    source path), and first-come details (a show's spelling, its network).
    """
    meta = MetaData()
    meta.reflect(engine, only=TABLES)
    t = meta.tables
    with engine.connect() as c:
        doc = {
            i: h for i, h in c.execute(select(t["documents"].c.id, t["documents"].c.content_hash))
        }
        show = {i: k for i, k in c.execute(select(t["shows"].c.id, t["shows"].c.key))}
        net = {i: k for i, k in c.execute(select(t["networks"].c.id, t["networks"].c.key))}
        e = t["events"].c
        events = Counter(
            (
                doc.get(r.document_id),
                show[r.show_id],
                net.get(r.network_id),
                r.status,
                r.season,
                r.date,
                r.speculative,
                round(r.confidence, 6),
                r.fingerprint,
            )
            for r in c.execute(
                select(
                    e.document_id,
                    e.show_id,
                    e.network_id,
                    e.status,
                    e.season,
                    e.date,
                    e.speculative,
                    e.confidence,
                    e.fingerprint,
                )
            )
        )
        cast = Counter(
            (show[r.show_id], r.person, r.character)
            for r in c.execute(
                select(
                    t["cast_members"].c.show_id,
                    t["cast_members"].c.person,
                    t["cast_members"].c.character,
                )
            )
        )
        s = t["seasons"].c
        seasons = Counter(
            (show[r.show_id], r.season) for r in c.execute(select(s.show_id, s.season))
        )
        h = t["cliffhangers"].c
        cliff = Counter((show[r.show_id], r.season) for r in c.execute(select(h.show_id, h.season)))
        d = t["document_sources"].c
        urls = Counter(r.url for r in c.execute(select(d.url)))
    return {
        "documents": Counter(doc.values()),
        "shows": Counter(show.values()),
        "networks": Counter(net.values()),
        "events": events,
        "cast": cast,
        "seasons": seasons,
        "cliffhangers": cliff,
        "source_urls": urls,
    }

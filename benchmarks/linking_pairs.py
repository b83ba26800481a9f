"""Candidate pairs of the catalog linking: records of two catalogs that share a title key.

`candidate_pairs(engine, records)` returns, for every pair of records from two
different catalogs whose titles fold to the same key (the blocking step of
`store.catalog_known`), the two records' refs, titles, years, networks and
whether the store put them on one show. `benchmarks/linking_bench.py` scores
it against the hand-checked sample in `benchmarks/data/linking_sample.jsonl`.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from cliffhanger.resolution.catalog import CatalogShow
from cliffhanger.store.catalog_tables import ShowExternalIdRow
from cliffhanger.store.keys import name_key


def record_row(source: str, record: CatalogShow) -> dict[str, Any]:
    """Return the facts of one record a checker needs: ref, title, years, network, seasons."""
    return {
        "source": source,
        "ref": record.ref,
        "title": record.title,
        "year": record.year,
        "seen_year": record.seen_year,
        "ended": record.ended.year if record.ended else None,
        "network": record.network or (f"(carried by {record.carrier})" if record.carrier else None),
        "seasons": record.seasons,
    }


def candidate_pairs(engine: Engine, records: dict[str, list[CatalogShow]]) -> list[dict[str, Any]]:
    """Return every cross-catalog pair sharing a title key, with `same` (one stored show)."""
    with Session(engine) as session:
        ids = {
            f"{kind}:{value}": show_id
            for show_id, kind, value in session.execute(
                select(ShowExternalIdRow.show_id, ShowExternalIdRow.kind, ShowExternalIdRow.value)
            )
        }
    block: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for source, shows in records.items():
        for record in shows:
            row = record_row(source, record)
            row["show_id"] = ids.get(record.ref)
            if key := name_key(record.title):  # the store does not block on an empty key
                block[key].append(row)
    pairs = []
    for rows in block.values():
        for a, b in combinations(rows, 2):
            if a["source"] == b["source"] or a["show_id"] is None or b["show_id"] is None:
                continue
            pairs.append({"a": a, "b": b, "same": a["show_id"] == b["show_id"]})
    return pairs

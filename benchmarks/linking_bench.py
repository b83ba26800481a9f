"""Linking precision and recall on the hand-checked sample (`data/linking_sample.jsonl`).

Builds a fresh SQLite store from the TVmaze, Netflix, TMDB details and OMDb
catalogs in ../shared/data (about four minutes on two cores), lists the
candidate pairs (`linking_pairs.candidate_pairs`: records of two catalogs
with the same title key), and scores the store's verdict on each checked
pair. The sample was drawn with seed 11 from the two strata (pairs put on one
show, pairs kept apart), so the figures are weighted by stratum size:

    precision = share of checked "one show" pairs that are one series
    recall    = est. true pairs found / (found + est. true pairs kept apart)

Run: `python benchmarks/linking_bench.py [--data ../shared/data]`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from linking_pairs import candidate_pairs

from cliffhanger.resolution.catalog import read_netflix_csv, read_tvmaze_csv
from cliffhanger.resolution.id_catalogs import read_omdb_csv, read_tmdb_details
from cliffhanger.store.catalog_repository import import_catalog
from cliffhanger.store.engine import make_engine, upgrade

SAMPLE = Path(__file__).parent / "data" / "linking_sample.jsonl"


def main() -> None:
    """Print the linking figures on the checked sample."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).parents[1] / ".." / "shared" / "data"))
    args = parser.parse_args()
    catalog = Path(args.data) / "catalog"
    records = {
        "tvmaze": read_tvmaze_csv(catalog / "tvmaze_top_TV_show_data.csv"),
        "netflix": read_netflix_csv(catalog / "netflix_titles.csv"),
        "tmdb": read_tmdb_details(catalog / "tmdb_tv_details_2025-04.jsonl.gz"),
        "omdb": read_omdb_csv(catalog / "omdb_series_1995_2017.csv.gz"),
    }
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/linking.db")
        upgrade(engine)
        started = time.perf_counter()
        for source, shows in records.items():
            import_catalog(engine, shows, source)
        seconds = time.perf_counter() - started
        pairs = candidate_pairs(engine, records)
        engine.dispose()
    verdict = {(p["a"]["ref"], p["b"]["ref"]): p["same"] for p in pairs}
    strata = {True: sum(p["same"] for p in pairs), False: sum(not p["same"] for p in pairs)}
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    checked = [json.loads(line) for line in lines[1:]]
    counts = {(s, t): 0 for s in (True, False) for t in (True, False)}
    gone = 0
    for row in checked:
        key = (row["a"]["ref"], row["b"]["ref"])
        predicted = verdict.get(key, verdict.get(key[::-1]))
        if predicted is None:
            gone += 1  # no longer a candidate pair (e.g. an empty title key)
            continue
        counts[(predicted, row["same"])] += 1
    n_same = counts[(True, True)] + counts[(True, False)]
    n_apart = counts[(False, True)] + counts[(False, False)]
    precision = counts[(True, True)] / n_same if n_same else float("nan")
    found = strata[True] * precision
    missed = strata[False] * (counts[(False, True)] / n_apart if n_apart else 0.0)
    recall = found / (found + missed) if found + missed else float("nan")
    print(f"catalog import of {sum(map(len, records.values())):,} records: {seconds:.0f} s")
    print(f"candidate pairs: {len(pairs):,} ({strata[True]:,} one show, {strata[False]:,} apart)")
    print(
        f"checked: {len(checked)} ({n_same} one show, {n_apart} apart, {gone} no longer candidates)"
    )
    print(f"  one show, truly one series: {counts[(True, True)]}/{n_same}")
    print(f"  kept apart, truly one series: {counts[(False, True)]}/{n_apart}")
    print(f"precision {precision:.3f}  recall {recall:.3f} (weighted by stratum)")


if __name__ == "__main__":
    main()

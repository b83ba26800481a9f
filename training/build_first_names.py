"""Build the given-name list the mention stage uses to tell people from titles.

    python training/build_first_names.py   # writes src/cliffhanger/extraction/rules/first_names.txt

Source: the `cast` and `director` columns of the Netflix catalog in
../shared/data/catalog/netflix_titles.csv (people who work in TV). A name is
kept when at least 3 credited people carry it, and dropped when the 2020 TV
news corpus (../shared/data/news/tv-articles-2020.jsonl.gz) writes it in lower
case more often than capitalised mid-sentence (so "Will", "Grace", "Young",
words in their own right, are not names here). Only names are written, one per
line: facts about people, no third-party text.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "cliffhanger" / "extraction" / "rules" / "first_names.txt"
MIN_PEOPLE = 3


def credited_first_names() -> Counter[str]:
    """Return given name -> number of credited people carrying it."""
    counts: Counter[str] = Counter()
    with open(DATA / "catalog" / "netflix_titles.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for field in ("cast", "director"):
                for name in (row.get(field) or "").split(","):
                    parts = name.strip().split()
                    if len(parts) >= 2 and re.fullmatch(r"[A-Z][a-z]{1,14}", parts[0]):
                        counts[parts[0]] += 1
    return counts


def word_use(names: set[str]) -> tuple[Counter[str], Counter[str]]:
    """Return (lower-case uses, capitalised mid-sentence uses) of each name in the news."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    wanted = {n.lower() for n in names}
    with gzip.open(DATA / "news" / "tv-articles-2020.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") or ""
            for m in re.finditer(r"(?<=[a-z,] )([A-Za-z][a-z]+)\b", text):
                w = m.group(1)
                if w.lower() in wanted:
                    (capital if w[0].isupper() else lower)[w.lower()] += 1
    return lower, capital


def main() -> int:
    counts = credited_first_names()
    names = {n for n, c in counts.items() if c >= MIN_PEOPLE}
    lower, capital = word_use(names)
    kept = sorted(n for n in names if lower[n.lower()] <= capital[n.lower()])
    OUT.write_text(
        "# Given names (see training/build_first_names.py for the source and the rule)\n"
        + "\n".join(kept)
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(kept)} names kept of {len(names)} credited by {MIN_PEOPLE}+ people -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

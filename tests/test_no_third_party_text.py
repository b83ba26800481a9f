"""No news text in the project: tests, samples and docs are written in our own words.

The dev headlines and dev articles in ../shared/data/news belong to their outlets. This
test reads them at run time and fails when a file of the repository holds a dev headline
(case, spacing, quotes and punctuation aside) or a long run of words from a dev article.
The data is always present beside the repository, so nothing here is skipped.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"
SCANNED = ["tests", "docs", "src", "training", "benchmarks", "README.md", "CHANGELOG.md"]
TEXT_SUFFIXES = {".py", ".md", ".txt", ".html", ".xml", ".json", ".jsonl", ".csv", ".toml"}
MIN_HEADLINE_WORDS = 4  # shorter headlines are mostly a bare title and a word or two
RUN = 12  # words in a row shared with a dev article

_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def words(text: str) -> list[str]:
    """Lower-case words of `text`, quotes folded, punctuation and spacing dropped."""
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)  # JSON written ASCII-only
    return _WORD.findall(unicodedata.normalize("NFKC", text).translate(_FOLD).lower())


def _rows(name: str) -> list[dict[str, str]]:
    with (NEWS / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _scanned_files() -> list[Path]:
    out: list[Path] = []
    for entry in SCANNED:
        path = ROOT / entry
        found = [path] if path.is_file() else sorted(path.rglob("*"))
        out += [p for p in found if p.is_file() and p.suffix in TEXT_SUFFIXES]
    return [p for p in out if p.resolve() != Path(__file__).resolve()]


def test_the_dev_data_is_there() -> None:
    assert len(_rows("tv-headlines-2022.jsonl")) == 1_075
    assert len(_rows("tv-articles.jsonl")) == 224
    assert len(_scanned_files()) > 100


def test_no_dev_headline_or_article_text_in_the_repository() -> None:
    articles = [r["text"] for r in _rows("tv-articles.jsonl")]
    # Headlines: the dev headline set, and the first line of every dev article.
    headlines = [r["text"] for r in _rows("tv-headlines-2022.jsonl")]
    headlines += [a.split("\n", 1)[0] for a in articles]
    by_start: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for h in headlines:
        w = tuple(words(h))
        if len(w) >= MIN_HEADLINE_WORDS:
            by_start.setdefault(w[:MIN_HEADLINE_WORDS], []).append(w)
    runs = set()
    for a in articles:
        w = words(a)
        runs.update(tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1))

    found: list[str] = []
    for path in _scanned_files():
        w = words(path.read_text(encoding="utf-8", errors="replace"))
        name = path.relative_to(ROOT)
        for i in range(len(w)):
            for h in by_start.get(tuple(w[i : i + MIN_HEADLINE_WORDS]), ()):
                if tuple(w[i : i + len(h)]) == h:
                    found.append(f"{name}: dev headline {' '.join(h)!r}")
            if tuple(w[i : i + RUN]) in runs:
                found.append(f"{name}: {RUN} words of a dev article {' '.join(w[i : i + RUN])!r}")
    assert not found, "third-party text; rewrite it in your own words:\n" + "\n".join(found)

"""Screenshots of the web pages for the docs: board, a show page, stats, review queue.

    .venv/bin/python benchmarks/screenshots.py [--out docs/screenshots] [--data ../shared/data]

Loads the full data into a temporary SQLite store, as a new user would: the
sample articles shipped in the package, the seed article, the TVmaze,
Netflix and TMDB-details catalogs and the Metacritic scorecard (from
`--data`); serves it with uvicorn on a loopback port and photographs the
pages with Debian's headless chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn

from cliffhanger.api import create_app
from cliffhanger.documents.load import iter_sources, read_document
from cliffhanger.extraction import extract
from cliffhanger.resolution.catalog import read_netflix_csv, read_tvmaze_csv
from cliffhanger.resolution.id_catalogs import read_tmdb_details
from cliffhanger.store import repository
from cliffhanger.store.catalog_repository import import_catalog
from cliffhanger.store.engine import open_store
from cliffhanger.store.history import import_scorecard

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "cliffhanger" / "data" / "samples"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> int:
    """Return 0 once board.png, show.png and stats.png are written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--show", default="Lucifer", help="the show to photograph")
    parser.add_argument("--data", type=Path, default=ROOT / ".." / "shared" / "data")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        engine = open_store(f"sqlite:///{Path(folder) / 'screens.db'}")
        # sources relative to the repository: the pages show them, not this machine's paths
        os.chdir(ROOT)
        seed = ROOT / ".." / "shared" / "seed" / "partner-track.txt"
        for source in iter_sources([str(SAMPLES.relative_to(ROOT)), str(seed)]):
            repository.ingest(engine, extract(read_document(source)))
        catalog = args.data / "catalog"
        for source, shows in (
            ("tvmaze", read_tvmaze_csv(catalog / "tvmaze_top_TV_show_data.csv")),
            ("netflix", read_netflix_csv(catalog / "netflix_titles.csv")),
            ("tmdb", read_tmdb_details(catalog / "tmdb_tv_details_2025-04.jsonl.gz")),
        ):
            import_catalog(engine, shows, source)
        import_scorecard(
            engine, args.data / "status" / "metacritic_renewal_scorecard_2013_2020.csv"
        )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            _photograph(f"http://127.0.0.1:{port}", args.out, args.show)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            engine.dispose()
    return 0


def _photograph(base: str, out: Path, show: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/")
        page.screenshot(path=str(out / "board.png"))  # the summary rows: the page runs long
        page.goto(base + "/?network=NBC")
        page.screenshot(path=str(out / "board-network.png"))
        page.goto(f"{base}/?q={show}")
        page.click(f"a:text-is('{show}')")
        page.wait_for_url(re.compile(r".*/shows/\d+$"))
        page.screenshot(path=str(out / "show.png"), full_page=True)
        page.goto(base + "/stats")
        page.screenshot(path=str(out / "stats.png"), full_page=True)
        page.goto(base + "/review")
        page.screenshot(path=str(out / "review.png"))
        browser.close()
    for name in ("board.png", "board-network.png", "show.png", "stats.png", "review.png"):
        print(out / name)


if __name__ == "__main__":
    sys.exit(main())

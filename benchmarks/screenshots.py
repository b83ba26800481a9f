"""Screenshots of the web pages for the docs: board, a show page, stats.

    .venv/bin/python benchmarks/screenshots.py [--out docs/screenshots]

Ingests the sample articles shipped in the package into a temporary SQLite
store, serves it with uvicorn on a loopback port, and photographs the pages
with Debian's headless chromium (/usr/bin/chromium).
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
from cliffhanger.store import repository
from cliffhanger.store.engine import open_store

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
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        engine = open_store(f"sqlite:///{Path(folder) / 'screens.db'}")
        # sources relative to the repository: the pages show them, not this machine's paths
        os.chdir(ROOT)
        for source in iter_sources([str(SAMPLES.relative_to(ROOT))]):
            repository.ingest(engine, extract(read_document(source)))
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
        page.screenshot(path=str(out / "board.png"), full_page=True)
        page.goto(f"{base}/?q={show}")
        page.click(f"a:text-is('{show}')")
        page.wait_for_url(re.compile(r".*/shows/\d+$"))
        page.screenshot(path=str(out / "show.png"), full_page=True)
        page.goto(base + "/stats")
        page.screenshot(path=str(out / "stats.png"), full_page=True)
        browser.close()
    for name in ("board.png", "show.png", "stats.png"):
        print(out / name)


if __name__ == "__main__":
    sys.exit(main())

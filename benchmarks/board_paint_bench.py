"""First paint of the board at volume: 10,000 shows and 100,000 events, in headless chromium.

Builds the store with `api_bench.build` (same made-up shows and events),
serves it with uvicorn on a loopback port (the board warmed at start, as
`cliffhanger serve` does), opens `/` in Debian's chromium and prints the
browser's own `first-contentful-paint` (navigation start to first paint,
server time included), then the paint of a filtered board and of the review
queue's second page. Exits 1 when chromium or playwright is missing.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from api_bench import build

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


@contextmanager
def serving(url: str) -> Iterator[str]:
    """Yield the base URL of the app on `url`'s store, its board computed before the first page."""
    import uvicorn

    from cliffhanger.api import create_app
    from cliffhanger.store.engine import make_engine
    from cliffhanger.store.web_browse import board_refs

    engine = make_engine(url)
    app = create_app(engine, warm_board=True)
    board_refs(engine)  # waits for the warm-up thread's result
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()


def first_paint_ms(page: Any, url: str) -> float:
    """Return the first-contentful-paint of `url` in ms, from the browser's performance entries."""
    page.goto(url, wait_until="load")
    # paint entries are recorded a frame after the paint: wait for the browser to post it
    handle = page.wait_for_function(
        """() => new Promise(done => new PerformanceObserver((list, observer) => {
            const paint = list.getEntriesByName('first-contentful-paint')[0];
            if (paint) { observer.disconnect(); done(paint.startTime); }
        }).observe({type: 'paint', buffered: true}))""",
        timeout=30_000,
    )
    return float(handle.json_value())


def main() -> int:
    """Print the board's first paint at volume."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shows", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print("chromium not found at /usr/bin/chromium (make browser)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    from cliffhanger.store.engine import make_engine, upgrade

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/paint.db"
        engine = make_engine(url)
        upgrade(engine)
        build(engine, args.shows, args.events)
        engine.dispose()
        with serving(url) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            board = first_paint_ms(page, base + "/")
            filtered = first_paint_ms(page, base + "/?network=NBC&status=returning")
            queue = first_paint_ms(page, base + "/review?offset=50")
            browser.close()
    print(f"{args.shows:,} shows, {args.events:,} events (board warmed at start)")
    print(f"board first paint      {board:7.0f} ms")
    print(f"filtered board         {filtered:7.0f} ms")
    print(f"review queue, page 2   {queue:7.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Sources: fetching pages and feeds safely, parsing feeds, and reading JSONL/WARC archives.

Everything here is free of the database: it turns URLs, feed bodies and
archive files into `Document`s (or feed items), and `store/` and the CLI
decide what to keep.
"""

DEFAULT_DELAY = 1.0  # seconds between two requests to one host (here: the CLI reads it at start-up)

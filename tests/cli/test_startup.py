"""Commands import only what they use (issue 13): the CPU figures are in `make bench`
(benchmarks/startup_bench.py); these tests keep the heavy imports out of the paths
that do not need them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "trafilatura",
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.postgresql",
    "alembic",
    "fastapi",
    "sklearn",
    "cliffhanger.store.tables",
    "cliffhanger.store.repository",
    "cliffhanger.serve.queries",
    "cliffhanger.extraction.lexicon",
)


def _imported(*args: str, env: dict[str, str] | None = None) -> set[str]:
    code = (
        "import json, sys\n"
        "from cliffhanger.cli import main\n"
        f"sys.argv = ['cliffhanger', *{list(args)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_imports_nothing_heavy() -> None:
    assert _imported("--help") == set()


def test_extract_on_a_text_file_reads_no_html_and_no_database(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Hulu has renewed 'Glass Harbor' for a second season.\n", encoding="utf-8")
    assert _imported("extract", str(article)) == {"cliffhanger.extraction.lexicon"}  # it extracts


def _sqlite_store(tmp_path: Path) -> dict[str, str]:
    import os

    env = {**os.environ, "CLIFFHANGER_DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}
    article = tmp_path / "a.txt"
    article.write_text("Hulu has renewed 'Glass Harbor' for a second season.\n", encoding="utf-8")
    _imported("ingest", str(article), env=env)  # the store exists, its schema current
    return env


def test_status_on_a_current_sqlite_store_imports_no_sqlalchemy(tmp_path: Path) -> None:
    # `store.sqlite_read` and `store.status_read`: sqlite3 and the rules, no ORM, no Alembic
    env = _sqlite_store(tmp_path)
    assert _imported("status", "Glass Harbor", env=env) == set()
    assert _imported("status", "#1", "--json", env=env) == set()


def test_status_of_an_unknown_show_takes_the_full_path_for_its_hints(tmp_path: Path) -> None:
    env = _sqlite_store(tmp_path)
    loaded = _imported("status", "Glass Harbour", env=env)
    assert {"sqlalchemy", "cliffhanger.store.repository"} <= loaded  # the close titles
    assert "sqlalchemy.dialects.postgresql" not in loaded and "trafilatura" not in loaded

"""Commands import only what they use (issue 13): the CPU figures are in `make bench`
(benchmarks/startup_bench.py); these tests keep the heavy imports out of the paths
that do not need them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("trafilatura", "sqlalchemy", "sqlalchemy.dialects.postgresql", "fastapi", "sklearn")


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
    assert _imported("extract", str(article)) == set()


def test_status_on_sqlite_does_not_load_the_postgresql_dialect(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "CLIFFHANGER_DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}
    article = tmp_path / "a.txt"
    article.write_text("Hulu has renewed 'Glass Harbor' for a second season.\n", encoding="utf-8")
    _imported("ingest", str(article), env=env)  # the store exists, its schema current
    loaded = _imported("status", "Glass Harbor", env=env)
    assert "sqlalchemy" in loaded  # a status reads the store
    assert "sqlalchemy.dialects.postgresql" not in loaded and "trafilatura" not in loaded

"""Issue 11's "done when" on real data: samples, seed, TVmaze, Netflix, TMDB details, scorecard.

The store is `conftest.issue_store` (built once, read on SQLite and on
PostgreSQL). Reads go through the CLI (CliRunner), the API and the web pages
(TestClient); that the four search and status surfaces agree for every show
is `test_surfaces_agree.py`.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.api import create_app
from cliffhanger.cli import app
from cliffhanger.store.catalog_tables import ShowCatalogRow, ShowExternalIdRow
from cliffhanger.store.tables import ShowRow

from .conftest import Store


def _json(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_no_two_shows_share_a_title_and_premiere_year(issue_store: Store) -> None:
    """Twins across catalogs are gone; what remains is what one catalog lists as two series
    (Big Brother on CBS and on Channel 5, both 2000): each holds its own id of that catalog."""
    engine = issue_store.engine
    with Session(engine) as session:
        rows = session.execute(
            select(ShowRow.id, ShowRow.title, ShowCatalogRow.year)
            .join(ShowCatalogRow, ShowCatalogRow.show_id == ShowRow.id)
            .where(ShowCatalogRow.year.is_not(None))
        ).all()
        kinds: dict[int, set[str]] = {}
        for show_id, kind in session.execute(
            select(ShowExternalIdRow.show_id, ShowExternalIdRow.kind)
        ):
            kinds.setdefault(show_id, set()).add(kind)
    first_year: dict[int, tuple[str, int]] = {}
    for show_id, title, year in rows:
        if show_id not in first_year or year < first_year[show_id][1]:
            first_year[show_id] = (title.casefold(), year)
    groups: dict[tuple[str, int], list[int]] = {}
    for show_id, key in first_year.items():
        groups.setdefault(key, []).append(show_id)
    twins = {k: ids for k, ids in groups.items() if len(ids) > 1}
    across_catalogs = [
        k for k, ids in twins.items() if not set.intersection(*(kinds.get(i, set()) for i in ids))
    ]
    assert across_catalogs == []
    assert len(twins) <= 20  # 17 when written, every one a pair one catalog lists apart


@pytest.mark.parametrize("title", ["Lucifer", "Manifest", "Downton Abbey", "Breaking Bad"])
def test_a_show_several_catalogs_list_is_one_show(issue_store: Store, title: str) -> None:
    runner = issue_store.runner
    found = _json(runner, "search", title)
    assert isinstance(found, list)
    assert [s["show"] for s in found].count(title) == 1, found


def test_lucifer_keeps_fox_and_takes_the_tmdb_free_ids(
    issue_store: Store,
) -> None:
    engine = issue_store.engine
    with Session(engine) as session:
        sources = set(
            session.scalars(
                select(ShowCatalogRow.source)
                .join(ShowRow, ShowRow.id == ShowCatalogRow.show_id)
                .where(ShowRow.title == "Lucifer")
            )
        )
    assert {"tvmaze", "netflix"} <= sources  # one show, both catalogs on it


@pytest.mark.parametrize(
    ("tmdb", "title", "year", "network"),
    [
        (195241, "Frasier", 2023, "Paramount+"),  # not the 1993 NBC one
        (3452, "Frasier", 1993, "NBC"),
        (111110, "ONE PIECE", 2023, "Netflix"),  # live action, not the Fuji TV anime
        (37854, "One Piece", 1999, "Fuji TV"),
        (248394, "FOREVER", 2025, "Netflix"),  # not ABC's Forever
        (60726, "Forever", 2014, "ABC"),
        (1396, "Breaking Bad", 2008, "AMC"),
    ],
)
def test_same_titles_are_kept_apart_each_with_its_own_tmdb_id(
    issue_store: Store, tmdb: int, title: str, year: int, network: str
) -> None:
    engine = issue_store.engine
    with TestClient(create_app(engine)) as client:
        response = client.get(f"/api/shows/by/tmdb/{tmdb}")
        assert response.status_code == 200, response.text
        show = response.json()
        assert (show["show"], show["network"]) == (title, network)
        with Session(engine) as session:
            years = set(
                session.scalars(
                    select(ShowCatalogRow.year).where(ShowCatalogRow.show_id == show["id"])
                )
            )
        assert year in years


def test_one_piece_and_forever_twins_are_different_shows(
    issue_store: Store,
) -> None:
    engine = issue_store.engine
    with TestClient(create_app(engine)) as client:
        ids = {
            t: client.get(f"/api/shows/by/tmdb/{t}").json()["id"]
            for t in (111110, 37854, 248394, 60726, 195241, 3452)
        }
    assert ids[111110] != ids[37854]
    assert ids[248394] != ids[60726]
    assert ids[195241] != ids[3452]


def test_cruel_summer_is_not_ending(issue_store: Store) -> None:
    runner = issue_store.runner
    # the scorecard's only row for it is a note ("fka ..."): no event, and no show from it
    found = _json(runner, "search", "Cruel Summer")
    assert isinstance(found, list)
    assert all(s["status"] != "ending" for s in found if s["show"] == "Cruel Summer"), found


def test_counts_and_catalog_facts_on_the_show_page(issue_store: Store) -> None:
    engine, runner = issue_store.engine, issue_store.runner
    expanse = _json(runner, "status", "The Expanse")
    assert isinstance(expanse, dict) and expanse["seasons"] == 6  # the catalogs count six
    with TestClient(create_app(engine)) as client:
        detail = client.get(f"/api/shows/{expanse['id']}").json()
        tvmaze = next(c for c in detail["catalogs"] if c["source"] == "tvmaze")
        assert tvmaze["seasons"] == 6
        page = client.get(f"/shows/{expanse['id']}").text
    assert "What the catalogs say" in page

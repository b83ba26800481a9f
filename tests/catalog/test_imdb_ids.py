"""IMDb ids from the OMDb file land on the show TVmaze already lists (both stores)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from cliffhanger.api import create_app
from cliffhanger.resolution.catalog import read_tvmaze_csv
from cliffhanger.resolution.id_catalogs import omdb_years, read_omdb_csv
from cliffhanger.store.catalog_repository import import_catalog

from .conftest import data_file

WANTED = {"Breaking Bad", "The Office", "Lost", "Dexter"}


def test_omdb_years() -> None:
    assert omdb_years("2015–2016") == (2015, 2016)
    assert omdb_years("2015–") == (2015, None)
    assert omdb_years("N/A") == (None, None)


def test_an_imdb_id_finds_the_show_tvmaze_lists(engine: Engine) -> None:
    tvmaze = read_tvmaze_csv(data_file("catalog", "tvmaze_top_TV_show_data.csv"))
    omdb = read_omdb_csv(data_file("catalog", "omdb_series_1995_2017.csv.gz"))
    import_catalog(engine, [s for s in tvmaze if s.title in WANTED], "tvmaze")
    result = import_catalog(engine, [s for s in omdb if s.title in WANTED], "omdb")
    assert result.updated >= 4  # each wanted title's series joined its TVmaze show
    with TestClient(create_app(engine)) as client:
        bad = client.get("/api/shows/by/imdb/tt0903747").json()  # Breaking Bad's IMDb id
        assert (bad["show"], bad["network"]) == ("Breaking Bad", "AMC")
        office = client.get("/api/shows/by/imdb/tt0386676").json()  # the NBC Office, 2005
        assert office["network"] == "NBC"
        assert client.get("/api/shows/by/imdb/tt0000000").status_code == 404

"""Every public read route of the API, on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from cliffhanger.store.catalog_tables import ShowExternalIdRow

from .conftest import SCRIPT, show_id


def test_shows_are_paginated_by_title(client: TestClient) -> None:
    first = client.get("/api/shows", params={"limit": 2}).json()
    second = client.get("/api/shows", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] == 4
    titles = [i["show"] for i in first["items"] + second["items"]]
    assert titles == ["Abbott Elementary", "Manifest", "Partner Track", "The Rookie"]
    assert all(isinstance(i["id"], int) for i in first["items"])


def test_search_finds_a_show_with_its_status(client: TestClient) -> None:
    items = client.get("/api/shows", params={"q": "partner"}).json()["items"]
    assert [(i["show"], i["status"], i["network"]) for i in items] == [
        ("Partner Track", "canceled", "Netflix")
    ]


def test_show_has_status_timeline_with_evidence_cast_and_seasons(client: TestClient) -> None:
    data = client.get(f"/api/shows/{show_id(client, 'Partner Track')}").json()
    assert data["status"] == "canceled"
    [event] = data["timeline"]
    assert event["source"] == "https://news.example/partner-track"
    assert event["outlet"] == "Example Trade"
    assert event["confidence"] == 0.95
    assert data["cast"] == [{"person": "Arden Cho", "character": "Ingrid Yun"}]
    assert data["season_facts"] == [{"season": 1, "episodes": 10, "premiere": "2022-08-26"}]
    assert data["cliffhangers"] == [1]


def test_article_markup_is_inert_in_json(client: TestClient) -> None:
    response = client.get(f"/api/shows/{show_id(client, 'Partner Track')}")
    assert "<script>" not in response.text  # written as \u003cscript\u003e
    assert SCRIPT in response.json()["timeline"][0]["evidence"]
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_unknown_show_is_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/shows/99999")
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "status": 404,
            "message": "no show with id 99999",
            "hint": response.json()["error"]["hint"],
        }
    }


def test_show_by_external_id(client: TestClient, seeded: Engine) -> None:
    partner = show_id(client, "Partner Track")
    with seeded.begin() as connection:
        connection.execute(
            insert(ShowExternalIdRow).values(show_id=partner, kind="tvmaze", value="61017")
        )
    assert client.get("/api/shows/by/tvmaze/61017").json()["id"] == partner
    missing = client.get("/api/shows/by/imdb/tt0000000")
    assert missing.status_code == 404
    assert "imdb" in missing.json()["error"]["message"]
    assert client.get("/api/shows/by/myspace/1").status_code == 404


def test_events_filter_by_status_network_and_since(client: TestClient) -> None:
    every = client.get("/api/events").json()
    assert every["total"] == 4
    canceled = client.get("/api/events", params={"status": "canceled"}).json()
    assert {i["show"] for i in canceled["items"]} == {"Partner Track", "Manifest", "The Rookie"}
    abc = client.get("/api/events", params={"network": "abc"}).json()
    assert {i["show"] for i in abc["items"]} == {"Abbott Elementary", "The Rookie"}
    recent = client.get("/api/events", params={"since": "2022-01-01"}).json()
    assert recent["total"] == 3
    page = client.get("/api/events", params={"limit": 1, "offset": 1}).json()
    assert len(page["items"]) == 1 and page["offset"] == 1


def test_bad_filter_is_422_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/events", params={"status": "renewedd", "limit": 0})
    assert response.status_code == 422
    assert set(response.json()["error"]) == {"status", "message", "hint"}


def test_networks_count_shows_per_status(client: TestClient) -> None:
    items = client.get("/api/networks").json()["items"]
    assert {n["network"]: n["shows"] for n in items} == {"ABC": 2, "NBC": 1, "Netflix": 1}
    abc = next(n for n in items if n["network"] == "ABC")
    assert abc["returning"] == 1 and abc["pending"] == 1


def test_board_groups_by_network_and_status_and_filters(client: TestClient) -> None:
    board = client.get("/api/board").json()
    assert board["total"] == 4
    by_network = {b["network"]: b["statuses"] for b in board["items"]}
    assert [s["show"] for s in by_network["Netflix"]["canceled"]] == ["Partner Track"]
    assert list(by_network["ABC"]) == ["returning", "pending"]
    only = client.get("/api/board", params={"network": "nbc"}).json()
    assert [b["network"] for b in only["items"]] == ["NBC"]
    year = client.get("/api/board", params={"year": 2023}).json()
    assert year["total"] == 1


def test_stats_count_cancellations_and_cliffhangers(client: TestClient) -> None:
    data = client.get("/api/stats").json()
    assert data["decided"] == 2  # Manifest's cancellation waits in review (confidence 0.55)
    rates = {r["label"]: r["rate"] for r in data["by_network"]}
    assert rates == {"ABC": 0.0, "Netflix": 1.0}
    assert data["cliffhanger_cancellations"][0]["show"] == "Partner Track"
    # Partner Track: premiered 2022-08-26, canceled 2022-10-14
    assert data["time_to_decision"] == [
        {"label": "Netflix", "count": 1, "median_days": 49, "min_days": 49, "max_days": 49}
    ]


def test_review_queue_lists_uncertain_events(client: TestClient) -> None:
    data = client.get("/api/review").json()
    assert {i["show"] for i in data["items"]} == {"Manifest", "The Rookie"}


def test_openapi_lists_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/shows",
        "/api/shows/{show_id}",
        "/api/shows/by/{source}/{external_id}",
        "/api/events",
        "/api/networks",
        "/api/board",
        "/api/stats",
        "/api/documents",
        "/api/events/{event_id}/review",
        "/api/shows/{show_id}/corrections",
        "/api/watchlists",
        "/feeds/changes.atom",
    ):
        assert path in paths
    assert client.get("/docs").status_code == 200

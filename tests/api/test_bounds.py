"""Numbers out of any column's range are a 4xx on every route, never a 500 (issue 12, item 2).

SQLite overflows above 2^63-1 and PostgreSQL's INTEGER above 2^31-1; the
bounds in `cliffhanger.bounds` hold every surface under both.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cliffhanger.bounds import MAX_ID

HUGE = 99999999999999999999  # past SQLite's INTEGER
PAST_SQLITE = 2**63  # one past SQLite's INTEGER
PAST_PG = 3000000000  # past PostgreSQL's INTEGER, inside SQLite's

READS = [
    # every read route that takes an id or an offset
    "/api/shows/{n}",
    "/api/shows?offset={n}",
    "/api/events?offset={n}",
    "/api/networks?offset={n}",
    "/api/board?offset={n}",
    "/shows/{n}",
    "/?offset={n}",
    "/feeds/watchlists/{n}.atom",
]
WRITES = [
    # (path, body): every write route that takes an id in its path or body
    ("/review/{n}", None),
    ("/api/events/{n}/review", {"decision": "accept"}),
    ("/api/shows/{n}/corrections", {"status": "renewed"}),
]


@pytest.mark.parametrize("n", [HUGE, PAST_SQLITE, PAST_PG, MAX_ID + 1, -1])
@pytest.mark.parametrize("path", READS)
def test_reads_refuse_out_of_range_numbers(client: TestClient, path: str, n: int) -> None:
    response = client.get(path.format(n=n))
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith(("application/json", "text/html"))


def test_the_largest_id_is_just_not_found(client: TestClient, auth: dict[str, str]) -> None:
    assert client.get(f"/api/shows/{MAX_ID}").status_code == 404
    response = client.get(f"/api/watchlists/{MAX_ID}/deliveries", headers=auth)
    assert response.status_code == 404


@pytest.mark.parametrize("n", [HUGE, PAST_PG])
def test_deliveries_refuse_out_of_range_ids(
    client: TestClient, auth: dict[str, str], n: int
) -> None:
    response = client.get(f"/api/watchlists/{n}/deliveries", headers=auth)
    assert response.status_code == 422
    offset = client.get("/api/watchlists/1/deliveries", params={"offset": HUGE}, headers=auth)
    assert offset.status_code == 422


@pytest.mark.parametrize("n", [HUGE, PAST_PG])
@pytest.mark.parametrize(("path", "body"), WRITES)
def test_writes_refuse_out_of_range_ids(
    client: TestClient, auth: dict[str, str], token: str, path: str, body: dict | None, n: int
) -> None:
    url = path.format(n=n)
    if body is None:  # the web form
        response = client.post(url, data={"token": token, "decision": "accept"})
    else:
        response = client.post(url, json=body, headers=auth)
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("n", [HUGE, PAST_PG, 0])
def test_a_watchlist_of_an_impossible_show_is_refused(
    client: TestClient, auth: dict[str, str], n: int
) -> None:
    response = client.post("/api/watchlists", json={"name": "w", "shows": [1, n]}, headers=auth)
    assert response.status_code == 422, response.text
    assert "shows" in response.json()["error"]["message"]


@pytest.mark.parametrize("season", [-5, 101, HUGE])
def test_a_correction_season_out_of_bounds_is_refused(
    client: TestClient, auth: dict[str, str], season: int
) -> None:
    response = client.post(
        "/api/shows/1/corrections", json={"status": "renewed", "season": season}, headers=auth
    )
    assert response.status_code == 422


def test_nul_characters_in_text_are_stored_without_them(
    client: TestClient, auth: dict[str, str]
) -> None:
    # PostgreSQL's text cannot hold NUL: it was a 500 there (found by schemathesis)
    body = {"status": "renewed", "network": "\u0000[", "note": "a\u0000b"}
    response = client.post("/api/shows/1/corrections", json=body, headers=auth)
    assert response.status_code == 201, response.text
    stored = client.get("/api/shows/1").json()["timeline"]
    assert any(e["evidence"] == "ab" for e in stored), stored  # the note is its evidence


# Values the schema calls integers or YYYY-MM-DD dates, written otherwise (found by the full
# schemathesis run: Pydantic's lax mode read " 6" as 6 and "0" as 1970-01-01).
@pytest.mark.parametrize(
    "path",
    [
        "/api/shows?limit=%0B6",
        "/api/shows?offset=%206",
        "/api/shows/%205",
        "/feeds/networks/NBC.atom?limit=6%20",
        "/api/board?year=%2B2020%20",
        "/api/events?since=0",
    ],
)
def test_reads_refuse_numbers_and_dates_not_written_as_such(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 422


@pytest.mark.parametrize("published", ["0", 0, "1700000000", "18/11/2022"])
def test_an_article_date_is_written_yyyy_mm_dd(
    client: TestClient, auth: dict[str, str], published: object
) -> None:
    body = {"text": "HBO has canceled Westworld after four seasons.", "published": published}
    response = client.post("/api/documents", json=body, headers=auth)
    assert response.status_code == 400, response.text
    assert "YYYY-MM-DD" in response.text


def test_a_season_in_a_body_is_a_json_number(client: TestClient, auth: dict[str, str]) -> None:
    body = {"status": "renewed", "season": "2"}
    assert client.post("/api/shows/1/corrections", json=body, headers=auth).status_code == 422

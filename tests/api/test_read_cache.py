"""The read cache: a repeated read is not rendered again until a write, on both backends."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from cliffhanger.api import read_cache
from cliffhanger.api.read_cache import Entry, ReadCache
from cliffhanger.model import Document, Extraction, Status, StatusEvent
from cliffhanger.serve import queries, stats
from cliffhanger.store import repository

from .conftest import show_id


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Return a counter of how often the board, a show page and the stats were rendered."""
    counts: Counter[str] = Counter()

    def counted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(queries, "board_page", counted("board", queries.board_page))
    monkeypatch.setattr(queries, "show_detail", counted("show", queries.show_detail))
    monkeypatch.setattr(stats, "stats", counted("stats", stats.stats))
    return counts


def _renewal(name: str, show: str) -> Extraction:
    return Extraction(
        document=Document(
            source=name, text=f"Made-up article {name}.", url=f"https://x.example/{name}"
        ),
        events=(
            StatusEvent(
                show, Status.RENEWED, network="CBS", season=3, confidence=0.95, evidence="."
            ),
        ),
    )


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/api/board", "board"),  # the JSON board
        ("/", "board"),  # the board page
        ("/api/stats", "stats"),
        ("/stats", "stats"),
    ],
)
def test_a_repeated_read_is_not_rendered_again(
    client: TestClient, renders: Counter[str], path: str, kind: str
) -> None:
    first = client.get(path)
    again = client.get(path)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert renders[kind] == 1


def test_a_show_page_is_cached_per_show(client: TestClient, renders: Counter[str]) -> None:
    ids = [show_id(client, "Partner Track"), show_id(client, "Abbott Elementary")]
    pages = {i: client.get(f"/api/shows/{i}").json()["show"] for i in ids}
    assert pages == {ids[0]: "Partner Track", ids[1]: "Abbott Elementary"}
    for i in ids:
        assert client.get(f"/api/shows/{i}").json()["show"] == pages[i]
        client.get(f"/shows/{i}")
    assert renders["show"] == 4  # each show once as JSON and once as a page


def test_health_is_constant_and_never_cached(client: TestClient) -> None:
    # the API bench's yardstick: it must cost a full pass through the app every time
    cache = next(m.kwargs["cache"] for m in client.app.user_middleware if "cache" in m.kwargs)
    before = len(cache)
    for _ in range(2):
        response = client.get("/api/health")
        assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert len(cache) == before


def test_different_queries_are_different_entries(client: TestClient) -> None:
    abc = client.get("/api/board", params={"network": "ABC"})
    nbc = client.get("/api/board", params={"network": "NBC"})
    assert abc.json()["summary"] != nbc.json()["summary"]
    assert client.get("/api/board", params={"network": "ABC"}).content == abc.content
    assert client.get("/api/board", params={"network": "NBC"}).content == nbc.content
    # the host is part of the key: feeds write absolute links from it
    here = client.get("/feeds/changes.atom", headers={"Host": "here.example"}).text
    there = client.get("/feeds/changes.atom", headers={"Host": "there.example"}).text
    assert "here.example" in here and "there.example" in there


def test_a_write_through_the_api_is_seen_at_once(
    client: TestClient, renders: Counter[str], auth: dict[str, str]
) -> None:
    before = client.get("/api/board")
    posted = client.post(
        "/api/documents", json={"text": "CBS has renewed Ghosts for a third season."}, headers=auth
    )
    assert posted.status_code in (200, 201)
    after = client.get("/api/board", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and "Ghosts" in after.text
    assert renders["board"] == 2


def test_a_write_by_another_process_is_seen_at_once(
    client: TestClient, seeded: Engine, renders: Counter[str]
) -> None:
    # The CLI or a second worker writes to the same database: the counter row tells this one.
    assert "Tracker" not in client.get("/api/board").text
    repository.ingest(seeded, _renewal("other", "Tracker"))
    assert "Tracker" in client.get("/api/board").text
    assert renders["board"] == 2


def test_a_matching_etag_is_304_from_the_cache(client: TestClient, renders: Counter[str]) -> None:
    etag = client.get("/api/board").headers["etag"]
    again = client.get("/api/board", headers={"If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    assert "content-security-policy" in again.headers  # the per-response headers are kept
    assert renders["board"] == 1


def test_a_write_that_changes_no_page_keeps_its_etag(
    client: TestClient, seeded: Engine, renders: Counter[str]
) -> None:
    etag = client.get("/api/board").headers["etag"]
    repository.add_alias(seeded, "Partner Track", "Partner Track (2022)")  # a write all the same
    again = client.get("/api/board", headers={"If-None-Match": etag})
    assert again.status_code == 304  # rendered again, to the same bytes
    assert renders["board"] == 2


def test_requests_with_credentials_are_not_cached(
    client: TestClient, renders: Counter[str], auth: dict[str, str]
) -> None:
    for _ in range(2):
        client.get("/api/board", headers=auth)
        client.get("/api/board", headers={"Cookie": "x=1"})
    assert renders["board"] == 4


def test_a_new_day_renders_again(
    client: TestClient, renders: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Staleness ("last known") and air dates are read against today.
    client.get("/api/board")

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return dt.date.fromordinal(dt.date.today().toordinal() + 1)

    monkeypatch.setattr(read_cache, "dt", SimpleNamespace(date=Tomorrow))
    client.get("/api/board")
    assert renders["board"] == 2


def test_the_cache_keeps_at_most_max_bytes(seeded: Engine) -> None:
    cache = ReadCache(seeded, max_bytes=1000)
    signature = (1, dt.date.today())
    for n in range(5):
        cache.put(("/p", str(n).encode()), Entry(signature, (), b"x" * 200, b'"e"'))
    cache.put(("/big",), Entry(signature, (), b"x" * 400, b'"e"'))  # over a quarter: not kept
    assert len(cache) == 5 and cache.get(("/big",), signature) is None
    cache.put(("/p", b"5"), Entry(signature, (), b"x" * 200, b'"e"'))
    assert len(cache) == 5 and cache.get(("/p", b"0"), signature) is None  # oldest went first
    assert cache.get(("/p", b"5"), (2, dt.date.today())) is None  # another version: a miss

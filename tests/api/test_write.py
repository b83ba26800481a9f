"""Write endpoints: the token rules, ingest, review, corrections, watchlists."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from cliffhanger.store import web_repository

from .conftest import show_id

ARTICLE = "January 12, 2023 — CBS has renewed Ghosts for a third season.\n"
WRITES = [
    # (method, path, json body): every route that changes the store
    ("post", "/api/documents", {"text": ARTICLE}),
    ("post", "/api/events/1/review", {"decision": "accept"}),
    ("post", "/api/shows/1/corrections", {"status": "renewed", "season": 2}),
    ("post", "/api/watchlists", {"name": "mine", "shows": [1]}),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_writes_need_a_token(client: TestClient, method: str, path: str, body: dict) -> None:
    response = client.request(method, path, json=body)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["status"] == 401
    wrong = client.request(method, path, json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    basic = client.request(method, path, json=body, headers={"Authorization": "Basic eDp5"})
    assert basic.status_code == 401


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_a_revoked_token_is_forbidden(
    client: TestClient, seeded: Engine, auth: dict[str, str], method: str, path: str, body: dict
) -> None:
    web_repository.revoke_token(seeded, "editor")
    response = client.request(method, path, json=body, headers=auth)
    assert response.status_code == 403
    assert "revoked" in response.json()["error"]["message"]


def test_ingest_plain_text_then_again_is_idempotent(
    client: TestClient, auth: dict[str, str]
) -> None:
    headers = {**auth, "Content-Type": "text/plain"}
    first = client.post("/api/documents", content=ARTICLE.encode(), headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["created"] is True
    assert [(e["show"], e["status"]) for e in first.json()["events"]] == [("Ghosts", "renewed")]
    again = client.post("/api/documents", content=ARTICLE.encode(), headers=headers)
    assert again.status_code == 200
    assert again.json()["created"] is False
    state = client.get(f"/api/shows/{show_id(client, 'Ghosts')}").json()
    assert (state["status"], state["network"], state["seasons"]) == ("returning", "CBS", 3)
    assert state["timeline"][0]["date"] == "2023-01-12"


def test_ingest_json_and_html(client: TestClient, auth: dict[str, str]) -> None:
    body = {
        "text": "HBO has canceled Westworld after four seasons.",
        "title": "HBO cancels Westworld",
        "url": "https://news.example/westworld",
        "published": "2022-11-18",
    }
    response = client.post("/api/documents", json=body, headers=auth)
    assert response.status_code == 201, response.text
    data = client.get(f"/api/shows/{show_id(client, 'Westworld')}").json()
    assert data["status"] == "canceled"
    assert data["timeline"][0]["source"] == "https://news.example/westworld"
    assert data["timeline"][0]["date"] == "2022-11-18"
    html = (
        "<html><head><title>Starz renews Outlander</title></head><body><article>"
        "<h1>Starz renews Outlander</h1><p>Starz has renewed Outlander for a seventh season, "
        "the network said on Friday, ahead of the sixth season premiere next year.</p>"
        "</article></body></html>"
    )
    page = client.post(
        "/api/documents", content=html, headers={**auth, "Content-Type": "text/html"}
    )
    assert page.status_code == 201, page.text


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        # JSON without text or html
        ("application/json", b'{"title": "nothing"}'),
        # JSON with a field nobody knows
        ("application/json", b'{"text": "x", "colour": "red"}'),
        # not JSON at all
        ("application/json", b"{not json"),
        # a type the ingest cannot read
        ("image/png", b"\x89PNG"),
        # empty text
        ("text/plain", b"   "),
    ],
)
def test_unreadable_documents_are_400(
    client: TestClient, auth: dict[str, str], content_type: str, body: bytes
) -> None:
    response = client.post(
        "/api/documents", content=body, headers={**auth, "Content-Type": content_type}
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_review_accept_lets_an_event_decide_and_reject_takes_it_out(
    client: TestClient, auth: dict[str, str]
) -> None:
    manifest = show_id(client, "Manifest")
    [event] = client.get(f"/api/shows/{manifest}").json()["timeline"]
    # confidence 0.55: it waits in review and does not decide
    assert client.get(f"/api/shows/{manifest}").json()["status"] == "pending"
    assert list(_board_statuses(client, "NBC")) == ["pending"]  # the board is computed (and cached)
    url = f"/api/events/{event['id']}/review"
    assert client.post(url, json={"decision": "accept"}, headers=auth).status_code == 200
    assert client.get(f"/api/shows/{manifest}").json()["status"] == "canceled"
    assert "canceled" in _board_statuses(client, "NBC")  # a decision renews the cache
    response = client.post(url, json={"decision": "reject"}, headers=auth)
    assert response.status_code == 200
    assert response.json()["decision"] == "rejected"
    assert client.get(f"/api/shows/{manifest}").json()["status"] == "pending"
    assert list(_board_statuses(client, "NBC")) == ["pending"]
    queue = client.get("/api/review").json()["items"]
    assert event["id"] not in [i["id"] for i in queue]
    missing = client.post("/api/events/99999/review", json={"decision": "accept"}, headers=auth)
    assert missing.status_code == 404


def test_a_correction_wins_over_the_machine(client: TestClient, auth: dict[str, str]) -> None:
    partner = show_id(client, "Partner Track")
    response = client.post(
        f"/api/shows/{partner}/corrections",
        json={"status": "renewed", "season": 2, "note": "Netflix reversed course"},
        headers=auth,
    )
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "returning"
    assert response.json()["correction"]["is_correction"] is True
    assert client.get(f"/api/shows/{partner}").json()["status"] == "returning"
    bad = client.post(f"/api/shows/{partner}/corrections", json={"status": "maybe"}, headers=auth)
    assert bad.status_code == 422
    gone = client.post("/api/shows/99999/corrections", json={"status": "renewed"}, headers=auth)
    assert gone.status_code == 404


def test_watchlist_is_created_with_a_generated_secret(
    client: TestClient, auth: dict[str, str]
) -> None:
    partner = show_id(client, "Partner Track")
    body = {"name": "mine", "shows": [partner], "webhook_url": "https://hooks.example/x"}
    response = client.post("/api/watchlists", json=body, headers=auth)
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["shows"] == [partner] and len(data["secret"]) > 20
    assert data["feed"].endswith(f"/feeds/watchlists/{data['id']}.atom")
    unknown = client.post("/api/watchlists", json={"name": "x", "shows": [99999]}, headers=auth)
    assert unknown.status_code == 404
    ftp = {"name": "x", "shows": [partner], "webhook_url": "ftp://hooks.example/x"}
    assert client.post("/api/watchlists", json=ftp, headers=auth).status_code == 422


def _board_statuses(client: TestClient, network: str) -> dict[str, list]:
    [board] = client.get("/api/board", params={"network": network}).json()["items"]
    return dict(board["statuses"])


def test_bulk_review_is_all_or_nothing(client: TestClient, auth: dict[str, str]) -> None:
    queued = [i["id"] for i in client.get("/api/review").json()["items"]]
    assert queued
    missing = client.post(
        "/api/review", json={"ids": [*queued, 99999], "decision": "accept"}, headers=auth
    )
    assert missing.status_code == 404
    assert client.get("/api/review").json()["total"] == len(queued)  # nothing recorded
    done = client.post("/api/review", json={"ids": queued, "decision": "reject"}, headers=auth)
    assert done.status_code == 200 and done.json()["count"] == len(queued)
    assert client.get("/api/review").json()["total"] == 0
    assert (
        client.post("/api/review", json={"ids": [], "decision": "accept"}, headers=auth).status_code
        == 422
    )

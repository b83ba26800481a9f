"""HTTP rules: ETags and 304, the body limit, security headers, one error shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from cliffhanger.api import create_app

READS = ["/api/shows", "/api/board", "/api/events", "/api/networks", "/api/stats", "/"]


@pytest.mark.parametrize("path", READS)
def test_reads_have_an_etag_and_answer_304_when_unchanged(client: TestClient, path: str) -> None:
    first = client.get(path)
    etag = first.headers["etag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_etag_changes_when_the_data_does(client: TestClient, auth: dict[str, str]) -> None:
    etag = client.get("/api/board").headers["etag"]
    client.post(
        "/api/documents", json={"text": "CBS has renewed Ghosts for a third season."}, headers=auth
    )
    assert client.get("/api/board", headers={"If-None-Match": etag}).status_code == 200


def test_a_body_over_the_limit_is_413(seeded: Engine, auth: dict[str, str]) -> None:
    with TestClient(create_app(seeded, max_body=1024)) as small:
        big = "x" * 2048
        response = small.post(
            "/api/documents", content=big, headers={**auth, "Content-Type": "text/plain"}
        )
        assert response.status_code == 413
        assert response.json()["error"]["status"] == 413


def test_the_default_limit_is_2_mib(client: TestClient, auth: dict[str, str]) -> None:
    body = b"a" * (2 * 1024 * 1024 + 1)
    response = client.post(
        "/api/documents", content=body, headers={**auth, "Content-Type": "text/plain"}
    )
    assert response.status_code == 413


def test_a_chunked_body_over_the_limit_is_413(seeded: Engine, auth: dict[str, str]) -> None:
    def chunks():  # no Content-Length: the limit is enforced while reading
        for _ in range(4):
            yield b"y" * 512

    with TestClient(create_app(seeded, max_body=1024)) as small:
        response = small.post(
            "/api/documents", content=chunks(), headers={**auth, "Content-Type": "text/plain"}
        )
        assert response.status_code == 413


@pytest.mark.parametrize(
    "body",
    [
        b"\xfe\xff\xff\x08\xff\xff\x08",  # UTF-16 mark, odd length: was a 500
        b"\xef\xbb\xbfCBS renews it \xff",  # UTF-8 mark, then a byte UTF-8 cannot hold
    ],
)
def test_a_body_its_byte_order_mark_does_not_fit_is_400(
    client: TestClient, auth: dict[str, str], body: bytes
) -> None:
    response = client.post(
        "/api/documents", content=body, headers={**auth, "Content-Type": "text/plain"}
    )
    assert response.status_code == 400
    assert "byte order mark" in response.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/", "/api/shows", "/stats", "/api/nothing-here"])
def test_every_answer_has_a_strict_csp(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        # unknown route
        ("get", "/api/nothing-here", 404),
        # known route, wrong method
        ("delete", "/api/shows", 405),
        # invalid parameter
        ("get", "/api/shows?limit=100000", 422),
        # unknown show
        ("get", "/api/shows/424242", 404),
        # unknown watchlist feed
        ("get", "/feeds/watchlists/424242.atom", 404),
    ],
)
def test_errors_have_one_json_shape(
    client: TestClient, method: str, path: str, status: int
) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"status", "message", "hint"}
    assert error["status"] == status and error["message"]


def test_an_unexpected_error_is_500_in_the_shape(seeded: Engine) -> None:
    app = create_app(seeded)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("kaput")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/api/boom")
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["message"] == "internal error" and "request id" in error["hint"]


def test_a_browser_gets_an_html_error_page(client: TestClient) -> None:
    response = client.get("/shows/424242", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no show with id 424242" in response.text


def test_api_docs_work_offline(client: TestClient) -> None:
    """/docs loads Swagger UI from files the package ships, never from a CDN."""
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn." not in page.text
    assert "/static-offline-docs/swagger-ui-bundle.js" in page.text
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    assert "cdn" not in page.headers["content-security-policy"]
    assert client.get("/openapi.json").json()["info"]["title"] == "Cliffhanger"


def test_app_from_env_serves_the_environment_database(
    seeded: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `serve --workers N` runs in each worker: the app built from the environment."""
    from cliffhanger.api.asgi import ALLOW_PRIVATE_WEBHOOKS, app_from_env

    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    monkeypatch.setenv(ALLOW_PRIVATE_WEBHOOKS, "1")
    app = app_from_env()
    assert app.state.allow_private_webhooks is True
    with TestClient(app) as worker:
        assert worker.get("/api/shows", params={"q": "Partner Track"}).status_code == 200


def test_head_is_get_without_a_body(client: TestClient) -> None:
    get = client.get("/api/networks")
    head = client.head("/api/networks")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert client.head("/").status_code == 200
